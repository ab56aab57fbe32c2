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
    pub fields: BTreeMap<FieldName, Value>,
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
            fields: &'a BTreeMap<FieldName, Value>,
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
    fn fingerprint_is_the_digest_of_the_canonical_json() {
        let mut fields = BTreeMap::new();
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
