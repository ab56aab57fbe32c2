//! The catalog's JSON Schemas, generated from the model types with schemars (draft-07, which the YAML language
//! server in editors understands): `schemas/catalog.schema.json` for the root file and
//! `schemas/product.schema.json` for product files. `skuctl schema` writes them; the loader validates every file
//! against the compiled schema before deserialising it.
//!
//! Money precision is deliberately not in the schema (a JSON number has lost its text by the time a validator sees
//! it); the exact decimal reader and the semantic rules check amounts.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::{CatalogRoot, Product};

/// The two kinds of catalog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `catalog/catalog.yaml`.
    Catalog,
    /// Every other `*.yaml` file: one product.
    Product,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 2] = [SchemaKind::Catalog, SchemaKind::Product];

    /// Where the schema is committed, relative to the repository root.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            SchemaKind::Catalog => "schemas/catalog.schema.json",
            SchemaKind::Product => "schemas/product.schema.json",
        }
    }

    /// The generated schema.
    #[must_use]
    pub fn schema(self) -> &'static Value {
        static CATALOG: OnceLock<Value> = OnceLock::new();
        static PRODUCT: OnceLock<Value> = OnceLock::new();
        match self {
            SchemaKind::Catalog => CATALOG.get_or_init(|| generate::<CatalogRoot>("skuctl catalog root (catalog.yaml)")),
            SchemaKind::Product => PRODUCT.get_or_init(|| generate::<Product>("skuctl catalog product file")),
        }
    }

    /// The schema as the committed file's text: pretty JSON with a final newline, no BOM.
    #[must_use]
    pub fn render(self) -> String {
        let mut text = serde_json::to_string_pretty(self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The compiled validator; `None` only if the generated schema were not valid draft-07 (a bug, caught by tests).
    #[must_use]
    pub fn validator(self) -> Option<&'static jsonschema::Validator> {
        static CATALOG: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
        static PRODUCT: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
        let cell = match self {
            SchemaKind::Catalog => &CATALOG,
            SchemaKind::Product => &PRODUCT,
        };
        cell.get_or_init(|| jsonschema::draft7::new(self.schema()).ok()).as_ref()
    }
}

fn generate<T: schemars::JsonSchema>(title: &str) -> Value {
    let schema = SchemaSettings::draft07().into_generator().into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.insert("title".to_owned(), Value::String(title.to_owned()));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_compile_as_draft07() {
        for kind in SchemaKind::ALL {
            assert!(kind.validator().is_some(), "{kind:?}");
            assert_eq!(kind.schema()["$schema"], "http://json-schema.org/draft-07/schema#");
        }
    }

    /// Every property of every object in the schema has a description and an example (or is a reference to a
    /// definition that has them).
    #[test]
    fn every_field_is_documented_with_an_example() {
        for kind in SchemaKind::ALL {
            let schema = kind.schema();
            let defs = schema["definitions"].as_object().cloned().unwrap_or_default();
            let mut objects: Vec<(String, &Value)> = vec![("root".into(), schema)];
            objects.extend(defs.iter().map(|(k, v)| (k.clone(), v)));
            let mut missing = Vec::new();
            for (name, obj) in objects {
                let Some(props) = obj["properties"].as_object() else { continue };
                for (field, prop) in props {
                    let resolved = resolve(schema, prop);
                    if prop.get("description").is_none() && resolved.get("description").is_none() {
                        missing.push(format!("{kind:?} {name}.{field}: description"));
                    }
                    if prop.get("examples").is_none() && resolved.get("examples").is_none() {
                        missing.push(format!("{kind:?} {name}.{field}: examples"));
                    }
                }
            }
            assert!(missing.is_empty(), "undocumented fields:\n{}", missing.join("\n"));
        }
    }

    fn resolve<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
        let target = v.get("$ref").or_else(|| v.get("allOf").and_then(|a| a.get(0)).and_then(|a| a.get("$ref")));
        match target.and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(p) => root.pointer(p).unwrap_or(v),
            None => v,
        }
    }
}
