//! The Zuora tenant's catalog as stored: products, rate plans and charges keep their CRUD (PascalCase) fields,
//! custom `__c` fields included; tiers are typed with exact decimals. Views (REST catalog, CRUD GET, ZOQL) are
//! computed from this one representation.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Money, Percentage, Quantity};

/// The four catalog object types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ObjectType {
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
    ProductRatePlanChargeTier,
}

impl ObjectType {
    /// From the Actions / ZOQL type name (`Product`, `ProductRatePlan`, ...), case-insensitive.
    #[must_use]
    pub fn from_name(s: &str) -> Option<Self> {
        [
            Self::Product,
            Self::ProductRatePlan,
            Self::ProductRatePlanCharge,
            Self::ProductRatePlanChargeTier,
        ]
        .into_iter()
        .find(|t| t.name().eq_ignore_ascii_case(s))
    }

    /// From the CRUD URL segment (`product`, `product-rate-plan`, ...).
    #[must_use]
    pub fn from_segment(s: &str) -> Option<Self> {
        match s {
            "product" => Some(Self::Product),
            "product-rate-plan" => Some(Self::ProductRatePlan),
            "product-rate-plan-charge" => Some(Self::ProductRatePlanCharge),
            "product-rate-plan-charge-tier" => Some(Self::ProductRatePlanChargeTier),
            _ => None,
        }
    }

    /// The type's API name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Product => "Product",
            Self::ProductRatePlan => "ProductRatePlan",
            Self::ProductRatePlanCharge => "ProductRatePlanCharge",
            Self::ProductRatePlanChargeTier => "ProductRatePlanChargeTier",
        }
    }
}

/// A product, rate plan or charge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZObject {
    pub id: String,
    /// CRUD field name -> value (exact JSON; numbers keep their text).
    pub fields: BTreeMap<String, Value>,
    pub created: String,
    pub updated: String,
    /// Monotonic update sequence: the catalog lists most recently updated first.
    pub updated_seq: u64,
    /// Creation sequence: children are listed in creation order.
    #[serde(default)]
    pub created_seq: u64,
}

impl ZObject {
    /// A string field.
    #[must_use]
    pub fn str(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }
}

/// One tier of one currency of a charge's price.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZTier {
    pub id: String,
    pub charge_id: String,
    /// Order of the tier in the charge's tier data.
    pub position: u32,
    pub currency: String,
    pub tier: u32,
    pub starting_unit: Option<Quantity>,
    pub ending_unit: Option<Quantity>,
    pub price: Option<Money>,
    /// CRUD spelling: `Flat Fee` or `Per Unit`.
    pub price_format: Option<String>,
    pub is_overage_price: bool,
    pub discount_percentage: Option<Percentage>,
    pub discount_amount: Option<Money>,
    pub created: String,
    pub updated: String,
}

impl ZTier {
    /// An unpriced tier 1 of `currency` at `position` (the caller fills in prices and units).
    #[must_use]
    pub fn blank(charge_id: &str, position: usize, currency: &str, now: &str) -> Self {
        Self {
            id: String::new(),
            charge_id: charge_id.to_string(),
            position: u32::try_from(position).unwrap_or(u32::MAX),
            currency: currency.to_string(),
            tier: 0,
            starting_unit: None,
            ending_unit: None,
            price: None,
            price_format: None,
            is_overage_price: false,
            discount_percentage: None,
            discount_amount: None,
            created: now.to_string(),
            updated: now.to_string(),
        }
    }
}

/// Children by parent id, built once per read in one pass (the catalog read would otherwise scan every rate
/// plan per product and every charge per plan).
pub struct Children<'a> {
    plans: HashMap<&'a str, Vec<&'a ZObject>>,
    charges: HashMap<&'a str, Vec<&'a ZObject>>,
}

impl<'a> Children<'a> {
    /// Rate plans of a product, in creation order.
    #[must_use]
    pub fn plans_of(&self, product_id: &str) -> &[&'a ZObject] {
        self.plans.get(product_id).map_or(&[], Vec::as_slice)
    }

    /// Charges of a rate plan, in creation order.
    #[must_use]
    pub fn charges_of(&self, plan_id: &str) -> &[&'a ZObject] {
        self.charges.get(plan_id).map_or(&[], Vec::as_slice)
    }
}

/// The catalog's structure, owned so it outlives one read: product ids most recently updated first (the order
/// of `GET /v1/catalog/products`), and the child ids of every product and rate plan in creation order. Built in
/// one pass and kept until the state changes (`App::catalog_index`), so a page costs its own products only.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    pub products: Vec<String>,
    plans: HashMap<String, Vec<String>>,
    charges: HashMap<String, Vec<String>>,
}

impl CatalogIndex {
    /// Indexes `z`.
    #[must_use]
    pub fn build(z: &ZuoraState) -> Self {
        let mut order: Vec<&ZObject> = z.products.values().collect();
        order.sort_by(|a, b| b.updated_seq.cmp(&a.updated_seq).then_with(|| a.id.cmp(&b.id)));
        let owned = |m: HashMap<&str, Vec<&ZObject>>| -> HashMap<String, Vec<String>> {
            m.into_iter().map(|(k, v)| (k.to_owned(), v.into_iter().map(|o| o.id.clone()).collect())).collect()
        };
        Self {
            products: order.into_iter().map(|p| p.id.clone()).collect(),
            plans: owned(group(z.rate_plans.values(), "ProductId")),
            charges: owned(group(z.charges.values(), "ProductRatePlanId")),
        }
    }

    /// The children of `products` only, borrowed from `z` (the state this index was built from).
    #[must_use]
    pub fn children<'a>(&self, z: &'a ZuoraState, products: &[&'a ZObject]) -> Children<'a> {
        let mut plans = HashMap::new();
        let mut charges = HashMap::new();
        for p in products {
            let of_product: Vec<&'a ZObject> =
                self.plans.get(&p.id).into_iter().flatten().filter_map(|id| z.rate_plans.get(id)).collect();
            for rp in &of_product {
                let of_plan: Vec<&'a ZObject> =
                    self.charges.get(&rp.id).into_iter().flatten().filter_map(|id| z.charges.get(id)).collect();
                charges.insert(rp.id.as_str(), of_plan);
            }
            plans.insert(p.id.as_str(), of_product);
        }
        Children { plans, charges }
    }
}

fn group<'a>(objects: impl Iterator<Item = &'a ZObject>, parent: &str) -> HashMap<&'a str, Vec<&'a ZObject>> {
    let mut out: HashMap<&'a str, Vec<&'a ZObject>> = HashMap::new();
    for o in objects {
        if let Some(p) = o.str(parent) {
            out.entry(p).or_default().push(o);
        }
    }
    for v in out.values_mut() {
        v.sort_by_key(|o| o.created_seq);
    }
    out
}

/// Auto-numbering counters (they keep increasing after deletes, like Zuora's).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counters {
    pub sku: u64,
    pub product_number: u64,
    pub rate_plan_number: u64,
    pub charge_number: u64,
    pub seq: u64,
}

/// The fields objects are looked up by: unique numbers and names, and the parent of a rate plan or charge.
const INDEXED: &[(ObjectType, &str)] = &[
    (ObjectType::Product, "SKU"),
    (ObjectType::Product, "ProductNumber"),
    (ObjectType::Product, "Name"),
    (ObjectType::ProductRatePlan, "ProductRatePlanNumber"),
    (ObjectType::ProductRatePlan, "ProductId"),
    (ObjectType::ProductRatePlanCharge, "ProductRatePlanChargeNumber"),
    (ObjectType::ProductRatePlanCharge, "ProductRatePlanId"),
];

/// Object ids by the exact value of an indexed field (`INDEXED`), kept by `ZuoraState::put` / `remove`.
#[derive(Debug, Clone, Default)]
pub struct FieldIndex(HashMap<(ObjectType, &'static str), HashMap<String, BTreeSet<String>>>);

impl FieldIndex {
    fn add(&mut self, t: ObjectType, o: &ZObject) {
        for (_, field) in INDEXED.iter().filter(|(it, _)| *it == t) {
            if let Some(v) = o.str(field) {
                self.0.entry((t, field)).or_default().entry(v.to_string()).or_default().insert(o.id.clone());
            }
        }
    }

    fn drop_object(&mut self, t: ObjectType, o: &ZObject) {
        for (_, field) in INDEXED.iter().filter(|(it, _)| *it == t) {
            if let (Some(v), Some(values)) = (o.str(field), self.0.get_mut(&(t, *field)))
                && let Some(ids) = values.get_mut(v)
            {
                ids.remove(&o.id);
                if ids.is_empty() {
                    values.remove(v);
                }
            }
        }
    }

    /// Ids of the objects of `t` whose `field` (an indexed one) is exactly `value`, in id order.
    ///
    /// # Panics
    /// When `field` is not indexed for `t` (a programming error: the answer would silently be empty).
    pub fn ids<'a>(&'a self, t: ObjectType, field: &str, value: &str) -> impl Iterator<Item = &'a String> + 'a {
        let key = INDEXED
            .iter()
            .find(|(it, f)| *it == t && *f == field)
            .unwrap_or_else(|| panic!("{field} of {} is not indexed", t.name()));
        self.0.get(key).and_then(|values| values.get(value)).into_iter().flatten()
    }

    /// Whether any object of `t` has `value` in `field`.
    #[must_use]
    pub fn has(&self, t: ObjectType, field: &str, value: &str) -> bool {
        self.ids(t, field, value).next().is_some()
    }
}

/// The catalog as stored and read back (the index is derived).
#[derive(Deserialize)]
struct ZuoraStateData {
    products: BTreeMap<String, ZObject>,
    rate_plans: BTreeMap<String, ZObject>,
    charges: BTreeMap<String, ZObject>,
    tiers: BTreeMap<String, Vec<ZTier>>,
    counters: Counters,
    #[serde(default)]
    extra_currencies: Vec<String>,
}

impl From<ZuoraStateData> for ZuoraState {
    fn from(d: ZuoraStateData) -> Self {
        let mut z = Self {
            tiers: d.tiers,
            counters: d.counters,
            extra_currencies: d.extra_currencies,
            ..Self::default()
        };
        for (t, map) in [
            (ObjectType::Product, d.products),
            (ObjectType::ProductRatePlan, d.rate_plans),
            (ObjectType::ProductRatePlanCharge, d.charges),
        ] {
            for o in map.into_values() {
                z.put(t, o);
            }
        }
        z
    }
}

/// The tenant's catalog. Products, rate plans and charges are read from their maps and changed only through
/// `put` and `remove`, which keep the field index (`index`) that uniqueness checks and child lookups use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "ZuoraStateData")]
pub struct ZuoraState {
    pub products: BTreeMap<String, ZObject>,
    pub rate_plans: BTreeMap<String, ZObject>,
    pub charges: BTreeMap<String, ZObject>,
    /// Tiers by charge id, in tier-data order (changed through `set_tiers`, `remove_tiers` and `tier_mut`).
    tiers: BTreeMap<String, Vec<ZTier>>,
    pub counters: Counters,
    /// Currencies seen in a seed that the tenant must therefore have (added to the configured list).
    #[serde(default)]
    pub extra_currencies: Vec<String>,
    #[serde(skip)]
    pub index: FieldIndex,
    /// What changed since the last `take_changes` (for the state log).
    #[serde(skip)]
    changed: ZChanges,
}

/// The objects and tier lists changed (or removed) since the changes were last taken.
#[derive(Debug, Clone, Default)]
pub struct ZChanges {
    pub objects: BTreeSet<(ObjectType, String)>,
    /// Charge ids whose tier list changed.
    pub tiers: BTreeSet<String>,
}

impl ZChanges {
    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: ZChanges) {
        self.objects.extend(other.objects);
        self.tiers.extend(other.tiers);
    }
}

impl ZuoraState {
    fn map_of(&mut self, t: ObjectType) -> Option<&mut BTreeMap<String, ZObject>> {
        match t {
            ObjectType::Product => Some(&mut self.products),
            ObjectType::ProductRatePlan => Some(&mut self.rate_plans),
            ObjectType::ProductRatePlanCharge => Some(&mut self.charges),
            ObjectType::ProductRatePlanChargeTier => None,
        }
    }

    /// Stores an object of `t`, replacing the one with its id (tiers are not stored here: no-op for them).
    pub fn put(&mut self, t: ObjectType, o: ZObject) {
        self.remove(t, &o.id);
        self.index.add(t, &o);
        let id = o.id.clone();
        if let Some(map) = self.map_of(t) {
            map.insert(id.clone(), o);
            self.changed.objects.insert((t, id));
        }
    }

    /// Removes an object of `t` (not its children or tiers).
    pub fn remove(&mut self, t: ObjectType, id: &str) -> Option<ZObject> {
        let old = self.map_of(t)?.remove(id)?;
        self.index.drop_object(t, &old);
        self.changed.objects.insert((t, id.to_string()));
        Some(old)
    }

    /// Sets the tiers of a charge (in tier-data order).
    pub fn set_tiers(&mut self, charge_id: &str, tiers: Vec<ZTier>) {
        self.tiers.insert(charge_id.to_string(), tiers);
        self.changed.tiers.insert(charge_id.to_string());
    }

    /// Removes the tiers of a charge.
    pub fn remove_tiers(&mut self, charge_id: &str) {
        if self.tiers.remove(charge_id).is_some() {
            self.changed.tiers.insert(charge_id.to_string());
        }
    }

    /// A tier by its id, to change it.
    pub fn tier_mut(&mut self, id: &str) -> Option<&mut ZTier> {
        let (charge, tiers) = self.tiers.iter_mut().find(|(_, ts)| ts.iter().any(|t| t.id == id))?;
        self.changed.tiers.insert(charge.clone());
        tiers.iter_mut().find(|t| t.id == id)
    }

    /// Every tier, by charge id then tier-data order.
    pub fn all_tiers(&self) -> impl Iterator<Item = &ZTier> {
        self.tiers.values().flatten()
    }

    /// The tier lists by charge id (as stored).
    #[must_use]
    pub fn tier_lists(&self) -> &BTreeMap<String, Vec<ZTier>> {
        &self.tiers
    }

    /// What changed since the last call (objects put or removed, tier lists set or removed).
    pub fn take_changes(&mut self) -> ZChanges {
        std::mem::take(&mut self.changed)
    }

    /// The map holding objects of `t` (tiers are apart).
    #[must_use]
    pub fn map(&self, t: ObjectType) -> Option<&BTreeMap<String, ZObject>> {
        match t {
            ObjectType::Product => Some(&self.products),
            ObjectType::ProductRatePlan => Some(&self.rate_plans),
            ObjectType::ProductRatePlanCharge => Some(&self.charges),
            ObjectType::ProductRatePlanChargeTier => None,
        }
    }

    /// The parent -> children index.
    #[must_use]
    pub fn children(&self) -> Children<'_> {
        Children {
            plans: group(self.rate_plans.values(), "ProductId"),
            charges: group(self.charges.values(), "ProductRatePlanId"),
        }
    }

    /// Rate plans of a product, in creation order.
    #[must_use]
    pub fn plans_of(&self, product_id: &str) -> Vec<&ZObject> {
        let mut v: Vec<&ZObject> = self
            .index
            .ids(ObjectType::ProductRatePlan, "ProductId", product_id)
            .filter_map(|id| self.rate_plans.get(id))
            .collect();
        v.sort_by_key(|o| o.created_seq);
        v
    }

    /// Charges of a rate plan, in creation order.
    #[must_use]
    pub fn charges_of(&self, plan_id: &str) -> Vec<&ZObject> {
        let mut v: Vec<&ZObject> = self
            .index
            .ids(ObjectType::ProductRatePlanCharge, "ProductRatePlanId", plan_id)
            .filter_map(|id| self.charges.get(id))
            .collect();
        v.sort_by_key(|o| o.created_seq);
        v
    }

    /// Tiers of a charge, in tier-data order.
    #[must_use]
    pub fn tiers_of(&self, charge_id: &str) -> &[ZTier] {
        self.tiers.get(charge_id).map_or(&[], Vec::as_slice)
    }

    /// A tier by its id.
    #[must_use]
    pub fn tier(&self, id: &str) -> Option<&ZTier> {
        self.all_tiers().find(|t| t.id == id)
    }

    /// The next update sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.counters.seq += 1;
        self.counters.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(id: &str, fields: &[(&str, &str)], seq: u64) -> ZObject {
        ZObject {
            id: id.into(),
            fields: fields.iter().map(|(k, v)| ((*k).to_string(), json!(v))).collect(),
            created: String::new(),
            updated: String::new(),
            updated_seq: seq,
            created_seq: seq,
        }
    }

    fn plan_ids(z: &ZuoraState, product: &str) -> Vec<String> {
        z.plans_of(product).iter().map(|p| p.id.clone()).collect()
    }

    #[test]
    fn the_index_follows_puts_and_removes() {
        let mut z = ZuoraState::default();
        z.put(ObjectType::Product, object("p1", &[("SKU", "SKU-1"), ("Name", "Premium")], 1));
        z.put(ObjectType::ProductRatePlan, object("r2", &[("ProductId", "p1")], 3));
        z.put(ObjectType::ProductRatePlan, object("r1", &[("ProductId", "p1")], 2));
        assert_eq!(plan_ids(&z, "p1"), vec!["r1", "r2"], "creation order");
        assert!(z.index.has(ObjectType::Product, "SKU", "SKU-1"));
        assert!(!z.index.has(ObjectType::Product, "SKU", "sku-1"), "Zuora compares exactly");
        z.put(ObjectType::Product, object("p1", &[("SKU", "SKU-2"), ("Name", "Premium")], 4));
        assert!(!z.index.has(ObjectType::Product, "SKU", "SKU-1"), "the old value is gone");
        assert!(z.index.has(ObjectType::Product, "SKU", "SKU-2"));
        assert!(z.index.has(ObjectType::Product, "Name", "Premium"), "an unchanged value stays");
        z.remove(ObjectType::ProductRatePlan, "r1");
        assert_eq!(plan_ids(&z, "p1"), vec!["r2"]);
    }

    #[test]
    fn a_state_read_back_has_its_index_rebuilt() {
        let mut z = ZuoraState::default();
        z.put(ObjectType::Product, object("p1", &[("SKU", "SKU-1")], 1));
        z.put(ObjectType::ProductRatePlan, object("r1", &[("ProductId", "p1")], 2));
        z.put(ObjectType::ProductRatePlanCharge, object("c1", &[("ProductRatePlanId", "r1")], 3));
        let back: ZuoraState = serde_json::from_str(&serde_json::to_string(&z).unwrap()).unwrap();
        assert_eq!(plan_ids(&back, "p1"), vec!["r1"]);
        assert_eq!(back.charges_of("r1").len(), 1);
        assert!(back.index.has(ObjectType::Product, "SKU", "SKU-1"));
    }

    #[test]
    #[should_panic(expected = "not indexed")]
    fn asking_the_index_for_a_field_it_does_not_keep_is_a_bug_not_an_empty_answer() {
        let z = ZuoraState::default();
        let _ = z.index.ids(ObjectType::Product, "Description", "x").count();
    }
}
