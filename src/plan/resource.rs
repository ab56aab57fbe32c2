//! The generic shape the planner diffs: one remote object as a `Resource` with a kind, a catalog key, its parent's
//! key, its remote id, and a flat map of managed fields.
//!
//! Both sides of a plan (desired, from the catalog; live, from Zuora/Salesforce or a snapshot) are turned into
//! resources by `from_live`, so the diff itself knows nothing about either API. Field values are JSON: text for
//! names and for every amount (exact decimal text, never a float), arrays for lists (tiers), `null` for "not set".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A field's name: static for the fixed fields (no allocation per object), owned for per-currency and custom
/// fields (`price.USD`, `custom_fields.Tier__c`).
pub type FieldName = std::borrow::Cow<'static, str>;

/// The kind of a remote object, in dependency order: a parent kind always sorts before its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Zuora Product (catalog product).
    Product,
    /// Zuora ProductRatePlan (catalog plan).
    RatePlan,
    /// Zuora ProductRatePlanCharge with its tiers (catalog charge).
    Charge,
    /// Salesforce Product2 (one per catalog plan).
    Product2,
    /// Salesforce PricebookEntry in the standard price book (one per plan and currency).
    StandardPrice,
    /// Salesforce PricebookEntry in the configured custom price book.
    CustomPrice,
}

impl Kind {
    /// Every kind in dependency order.
    pub const ALL: [Kind; 6] =
        [Kind::Product, Kind::RatePlan, Kind::Charge, Kind::Product2, Kind::StandardPrice, Kind::CustomPrice];

    /// The system that holds objects of this kind.
    #[must_use]
    pub fn system(self) -> System {
        match self {
            Kind::Product | Kind::RatePlan | Kind::Charge => System::Zuora,
            Kind::Product2 | Kind::StandardPrice | Kind::CustomPrice => System::Salesforce,
        }
    }

    /// The kind of this kind's parent, if any.
    #[must_use]
    pub fn parent(self) -> Option<Kind> {
        match self {
            Kind::Product | Kind::Product2 => None,
            Kind::RatePlan => Some(Kind::Product),
            Kind::Charge => Some(Kind::RatePlan),
            Kind::StandardPrice | Kind::CustomPrice => Some(Kind::Product2),
        }
    }

    /// The serialised name (`rate_plan`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::RatePlan => "rate_plan",
            Kind::Charge => "charge",
            Kind::Product2 => "product2",
            Kind::StandardPrice => "standard_price",
            Kind::CustomPrice => "custom_price",
        }
    }

    /// What users call it, e.g. `Zuora plan`, `Salesforce standard price`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Kind::Product => "Zuora product",
            Kind::RatePlan => "Zuora plan",
            Kind::Charge => "Zuora charge",
            Kind::Product2 => "Salesforce product",
            Kind::StandardPrice => "Salesforce standard price",
            Kind::CustomPrice => "Salesforce custom price",
        }
    }

    /// The remote object type, e.g. `ProductRatePlan`, `PricebookEntry`.
    #[must_use]
    pub fn remote_type(self) -> &'static str {
        match self {
            Kind::Product => "Product",
            Kind::RatePlan => "ProductRatePlan",
            Kind::Charge => "ProductRatePlanCharge",
            Kind::Product2 => "Product2",
            Kind::StandardPrice | Kind::CustomPrice => "PricebookEntry",
        }
    }
}

/// Zuora or Salesforce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum System {
    Zuora,
    Salesforce,
}

/// A resource's fields, sorted by name: a map in one allocation of exactly the fields an object has (a
/// `BTreeMap` node holds 11, whatever the object needs; at catalog scale the difference is tens of megabytes).
/// Serialised as a JSON object in name order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldMap(Vec<(FieldName, Value)>);

impl FieldMap {
    /// An empty map with room for `n` fields.
    #[must_use]
    pub fn with_capacity(n: usize) -> FieldMap {
        FieldMap(Vec::with_capacity(n))
    }

    /// Sets a field, replacing its value if it is there; returns the value replaced.
    pub fn insert(&mut self, name: FieldName, value: Value) -> Option<Value> {
        match self.0.binary_search_by(|(n, _)| n.as_ref().cmp(name.as_ref())) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// A field's value, if set.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.binary_search_by(|(n, _)| n.as_ref().cmp(name)).ok().map(|i| &self.0[i].1)
    }

    /// The fields in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&FieldName, &Value)> {
        self.0.iter().map(|(n, v)| (n, v))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(FieldName, Value)> for FieldMap {
    /// Later entries win over earlier ones with the same name, as in a map.
    fn from_iter<I: IntoIterator<Item = (FieldName, Value)>>(items: I) -> FieldMap {
        let mut map = FieldMap::default();
        for (name, value) in items {
            map.insert(name, value);
        }
        map
    }
}

impl Serialize for FieldMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name.as_ref(), value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for FieldMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldMap, D::Error> {
        let map = BTreeMap::<String, Value>::deserialize(d)?;
        Ok(FieldMap(map.into_iter().map(|(n, v)| (FieldName::Owned(n), v)).collect()))
    }
}

/// One remote object (desired or live).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: Kind,
    /// Identity within the kind, built from catalog keys: product `premium_saas`, plan `saas_premium_1y`, charge
    /// `saas_premium_1y/seat`, Salesforce product `saas_premium_1y`, price `saas_premium_1y/USD`.
    pub key: String,
    /// The parent's key (of `kind.parent()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The remote id (live only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<String>,
    /// The catalog product key this object is shown under (grouping only; never compared).
    pub group: String,
    /// Display name (never used for matching).
    pub name: String,
    /// Whether the object is live and sellable today: an unexpired Zuora object, an active Salesforce record.
    /// Only meaningful on the live side.
    pub active: bool,
    /// Managed fields, compared one by one. A missing field equals `null`.
    pub fields: FieldMap,
}

impl Resource {
    /// A field's value, `null` when absent.
    #[must_use]
    pub fn field(&self, name: &str) -> &Value {
        self.fields.get(name).unwrap_or(&Value::Null)
    }

    /// A fingerprint of what the planner read about this live object (its identity, remote id and managed fields):
    /// `sha256:<hex>` over canonical JSON. Apply recomputes it from a fresh read to detect a stale plan.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        /// The fingerprinted view, fields declared in canonical (byte) order so it is written without reordering.
        #[derive(Serialize)]
        struct View<'a> {
            active: bool,
            fields: &'a FieldMap,
            key: &'a str,
            kind: Kind,
            parent: Option<&'a str>,
            remote_id: Option<&'a str>,
        }
        super::canonical::digest_of(
            &View {
                active: self.active,
                fields: &self.fields,
                key: &self.key,
                kind: self.kind,
                parent: self.parent.as_deref(),
                remote_id: self.remote_id.as_deref(),
            },
            &[],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_map_is_a_map_sorted_by_name() {
        let mut f: FieldMap =
            [("name".into(), Value::from("a")), ("price.USD".into(), Value::from("1.10")), ("name".into(), Value::from("b"))]
                .into_iter()
                .collect();
        assert_eq!(f.len(), 2, "a later entry replaces an earlier one");
        assert_eq!(f.get("name"), Some(&Value::from("b")));
        assert_eq!(f.insert("catalog_key".into(), Value::Null), None);
        assert_eq!(f.insert("name".into(), Value::from("c")), Some(Value::from("b")));
        let names: Vec<&str> = f.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["catalog_key", "name", "price.USD"]);
        assert_eq!(f.get("missing"), None);
        // The same JSON as the map it replaces, both ways.
        let as_map: BTreeMap<String, Value> = f.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
        assert_eq!(serde_json::to_string(&f).ok(), serde_json::to_string(&as_map).ok());
        let back: FieldMap = serde_json::from_str(r#"{"name": "c", "catalog_key": null, "price.USD": "1.10"}"#).expect("reads");
        assert_eq!(back, f);
    }

    #[test]
    fn fingerprint_is_the_digest_of_the_canonical_json() {
        let mut fields = FieldMap::default();
        fields.insert("price.USD".into(), Value::String("1.10".into()));
        fields.insert("name".into(), Value::String("Seat \"x\"".into()));
        let r = Resource {
            kind: Kind::RatePlan,
            key: "k".into(),
            parent: None,
            remote_id: Some("id".into()),
            group: "g".into(),
            name: "n".into(),
            active: true,
            fields,
        };
        let v = serde_json::json!({"kind": r.kind, "key": r.key, "parent": r.parent, "remote_id": r.remote_id,
            "active": r.active, "fields": r.fields});
        assert_eq!(r.fingerprint(), crate::plan::canonical::digest(&v));
        assert_eq!(serde_json::to_value(Kind::RatePlan).ok(), Some(Value::String(Kind::RatePlan.as_str().into())));
    }
}
