//! Checks a file's untyped value against the catalog's JSON Schema and turns each error into a diagnostic at the
//! YAML node its instance path names (unknown fields at the key, with a "did you mean").
//!
//! What the schema does not report here, on purpose:
//! - `pattern` and length constraints (key format, currency codes, amounts written as text): the semantic rules
//!   (`SKU100`, `SKU300`) and the exact decimal reader report them with better messages;
//! - a number or boolean where text is expected: YAML 1.2 reads the plain scalar `0x1F` or `123` as text where a
//!   string is expected, so `name: 2024` is the name "2024".

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use super::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::SourceId;
use crate::schema::SchemaKind;
use crate::validate::Rule;
use crate::validate::suggest::did_you_mean;

/// Validates `value` (the file `source`) against the schema of `kind`; appends one diagnostic per error.
pub fn check(kind: SchemaKind, value: &Value, source: SourceId, out: &mut Vec<Diagnostic>) {
    let Some(validator) = kind.validator() else { return };
    let schema = kind.schema();
    for error in validator.iter_errors(value) {
        let at = pointer_location(source, error.instance_path().as_str());
        if let Some(d) = diagnose(schema, &error, at) {
            out.extend(d);
        }
    }
}

fn pointer_location(source: SourceId, pointer: &str) -> Location {
    Location { source, pointer: pointer.to_owned() }
}

fn diag(rule: &Rule, at: Location, message: String) -> Diagnostic {
    Diagnostic::new(rule.code, rule.severity, message, at)
}

/// The field name a pointer ends in (`plans/0` -> `plans[0]`), for messages.
fn field_name(pointer: &str) -> String {
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    match segs.as_slice() {
        [] => "the document".to_owned(),
        [.., parent, last] if last.bytes().all(|b| b.is_ascii_digit()) => format!("`{parent}[{last}]`"),
        [.., last] => format!("`{}`", last.replace("~1", "/").replace("~0", "~")),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (`~`)".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "text",
        JsonType::Array => "a list",
        JsonType::Object => "a mapping",
    }
}

const TYPES: [JsonType; 7] = [
    JsonType::Object,
    JsonType::Array,
    JsonType::String,
    JsonType::Number,
    JsonType::Integer,
    JsonType::Boolean,
    JsonType::Null,
];

/// The schema node an error's schema path leads to, minus its final keyword.
fn schema_node<'a>(schema: &'a Value, error: &ValidationError<'_>) -> Option<&'a Value> {
    let path = error.schema_path().as_str();
    let parent = path.rfind('/').map_or("", |i| &path[..i]);
    schema.pointer(parent)
}

fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(p) => schema.pointer(p).unwrap_or(node),
        None => node,
    }
}

/// The accepted spellings of a `oneOf`/`anyOf` (enum values, `{key: ...}` objects, types).
fn alternatives(schema: &Value, node: &Value, out: &mut Vec<String>) {
    let node = resolve(schema, node);
    for key in ["oneOf", "anyOf"] {
        if let Some(subs) = node.get(key).and_then(Value::as_array) {
            for s in subs {
                alternatives(schema, s, out);
            }
        }
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(c) = node.get("const").and_then(Value::as_str) {
        out.push(c.to_owned());
    }
    if let Some(req) = node.get("required").and_then(Value::as_array)
        && req.len() == 1
        && let Some(k) = req[0].as_str()
    {
        out.push(format!("{{{k}: ...}}"));
    }
}

fn diagnose(schema: &Value, error: &ValidationError<'_>, at: Location) -> Option<Vec<Diagnostic>> {
    let pointer = at.pointer.clone();
    let instance: &Value = error.instance();
    let field = field_name(&pointer);
    let one = |d: Diagnostic| Some(vec![d]);
    match error.kind() {
        ValidationErrorKind::Pattern { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::Format { .. } => None,
        ValidationErrorKind::Type { kind } => {
            let wants = |t: JsonType| match kind {
                TypeKind::Single(s) => *s == t,
                TypeKind::Multiple(set) => set.contains(t),
            };
            if wants(JsonType::String) && matches!(instance, Value::Number(_) | Value::Bool(_)) {
                return None;
            }
            let expected: Vec<&str> = TYPES.iter().filter(|t| wants(**t)).map(|t| type_name(*t)).collect();
            let mut d = diag(
                &codes::WRONG_TYPE,
                at,
                format!("{field} must be {}, not {}", expected.join(" or "), describe(instance)),
            );
            if wants(JsonType::Boolean) && instance.is_string() {
                d = d.with_help("YAML 1.2 booleans are only `true` and `false` (`yes`, `no`, `on`, `off` are text)");
            } else if wants(JsonType::Array) && !instance.is_array() {
                d = d.with_help(format!("write a list, e.g. `[{}]`", scalar_text(instance)));
            }
            one(d)
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known: Vec<String> = schema_node(schema, error)
                .and_then(|n| n.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            let what = if pointer.is_empty() { "at the top level".to_owned() } else { format!("in {field}") };
            Some(
                unexpected
                    .iter()
                    .map(|name| {
                        let loc = at.at(name).key();
                        diag(&codes::UNKNOWN_FIELD, loc, format!("unknown field `{name}` {what}"))
                            .with_help(did_you_mean(name, "field", known.iter().map(String::as_str)))
                    })
                    .collect(),
            )
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = if pointer.is_empty() { "the file".to_owned() } else { field.clone() };
            let loc = if pointer.is_empty() { at } else { at.key() };
            one(diag(&codes::MISSING_FIELD, loc, format!("{what} is missing the required field `{name}`")))
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&str> = options.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let text = scalar_text(instance);
            one(diag(&codes::INVALID_VALUE, at, format!("{field}: `{text}` is not an allowed value"))
                .with_help(did_you_mean(&text, "value", allowed.iter().copied())))
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // When the value has the shape of one alternative (its errors all lie deeper), report those errors.
            if let Some(errors) = matching_branch(context, pointer.len()) {
                let source = at.source;
                let found: Vec<Diagnostic> = errors
                    .iter()
                    .filter_map(|e| diagnose(schema, e, pointer_location(source, e.instance_path().as_str())))
                    .flatten()
                    .collect();
                return Some(found);
            }
            let mut alts = Vec::new();
            if let Some(node) = schema_node(schema, error) {
                alternatives(schema, node, &mut alts);
            }
            let text = scalar_text(instance);
            let mut d = diag(&codes::INVALID_VALUE, at, format!("{field}: {} is not an allowed value", describe(instance)));
            if !alts.is_empty() {
                let help = if instance.is_string() {
                    did_you_mean(&text, "value", alts.iter().map(String::as_str))
                } else {
                    format!("allowed: {}", alts.join(", "))
                };
                d = d.with_help(help);
            }
            one(d)
        }
        _ => one(diag(&codes::SCHEMA, at, format!("{field}: {}", error.masked()))),
    }
}

/// The errors of the alternative the value has the shape of: all its errors lie deeper than the alternatives'
/// own node (looking through a nested `oneOf`/`anyOf`, e.g. an optional enum).
fn matching_branch<'c>(
    context: &'c [Vec<ValidationError<'static>>],
    depth: usize,
) -> Option<Vec<&'c ValidationError<'static>>> {
    let deeper = |e: &ValidationError<'_>| e.instance_path().as_str().len() > depth;
    if let Some(errs) = context.iter().find(|errs| !errs.is_empty() && errs.iter().all(deeper)) {
        return Some(errs.iter().collect());
    }
    context.iter().flatten().find_map(|e| match e.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } if !deeper(e) => {
            matching_branch(context, depth)
        }
        _ => None,
    })
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "~".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_for(kind: SchemaKind, yaml: &str) -> Vec<(String, String, String)> {
        let walked = super::super::tree::walk_value(
            yaml,
            super::super::tree::TreeLimits { max_depth: 64, max_nodes: 10_000, max_aliases: 10 },
        );
        let mut out = Vec::new();
        check(kind, &walked.value.expect("value"), SourceId(0), &mut out);
        out.into_iter().map(|d| (d.code.to_owned(), d.location.pointer, d.help.unwrap_or_default())).collect()
    }

    const PRODUCT: &str = "key: p\nname: P\nsku: P-1\ncategory: base\neffective_start: 2024-01-01\n";

    #[test]
    fn unknown_field_suggests() {
        let got = codes_for(SchemaKind::Product, &format!("{PRODUCT}plans:\n  - key: a\n    nmae: x\n    name: A\n    status: active\n    effective_start: 2024-01-01\n"));
        assert_eq!(got, vec![("SKU003".into(), "/plans/0/nmae#key".into(), "did you mean `name`?".into())]);
    }

    #[test]
    fn enum_and_type_errors() {
        let got = codes_for(SchemaKind::Product, &PRODUCT.replace("category: base", "category: bsae"));
        assert_eq!(got, vec![("SKU006".into(), "/category".into(), "did you mean `base`?".into())]);
        let got = codes_for(
            SchemaKind::Product,
            &format!("{PRODUCT}plans:\n  - key: a\n    name: A\n    status: active\n    purchasable: NO\n    effective_start: 2024-01-01\n"),
        );
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("SKU005", "/plans/0/purchasable"));
        // Numbers where text is expected are text (YAML 1.2 plain scalars).
        assert!(codes_for(SchemaKind::Product, &PRODUCT.replace("name: P", "name: 0x1F")).is_empty());
    }

    #[test]
    fn missing_field() {
        let got = codes_for(SchemaKind::Product, &PRODUCT.replace("sku: P-1\n", ""));
        assert_eq!(got, vec![("SKU004".into(), String::new(), String::new())]);
    }
}
