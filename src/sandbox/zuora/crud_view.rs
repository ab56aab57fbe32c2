//! The CRUD / ZOQL view (PascalCase keys, CRUD enum spellings) of stored objects: what `GET /v1/object/{type}/{id}`
//! and ZOQL records return. Null fields are omitted; a charge does not include its tiers; tier `PriceFormat` comes
//! back in the compact spelling (`FlatFee` / `PerUnit`).

use serde_json::{Map, Value};

use super::catalog_view::number;
use super::store::{ZObject, ZTier};
use super::vocabulary::PRICE_FORMATS;

/// The system user id reported as creator / updater.
pub const SYSTEM_USER_ID: &str = "2c92c0f84f1c1e6a014f2e1b8a2b0001";

/// A product, rate plan or charge as a CRUD record.
#[must_use]
pub fn object(o: &ZObject) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Id".into(), Value::String(o.id.clone()));
    for (k, v) in o
        .fields
        .iter()
        .filter(|(k, v)| !v.is_null() && *k != "ProductRatePlanChargeTierData")
    {
        m.insert(k.clone(), v.clone());
    }
    m.insert("CreatedById".into(), Value::String(SYSTEM_USER_ID.into()));
    m.insert("CreatedDate".into(), Value::String(o.created.clone()));
    m.insert("UpdatedById".into(), Value::String(SYSTEM_USER_ID.into()));
    m.insert("UpdatedDate".into(), Value::String(o.updated.clone()));
    m
}

/// A tier as a CRUD record.
#[must_use]
pub fn tier(t: &ZTier) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Id".into(), Value::String(t.id.clone()));
    m.insert("ProductRatePlanChargeId".into(), Value::String(t.charge_id.clone()));
    m.insert("Currency".into(), Value::String(t.currency.clone()));
    m.insert("Tier".into(), Value::from(t.tier));
    if let Some(v) = &t.starting_unit {
        m.insert("StartingUnit".into(), number(v));
    }
    if let Some(v) = &t.ending_unit {
        m.insert("EndingUnit".into(), number(v));
    }
    if let Some(v) = &t.price {
        m.insert("Price".into(), number(v));
    }
    if let Some(f) = &t.price_format {
        let compact = PRICE_FORMATS
            .iter()
            .find(|(w, _, _)| w == f)
            .map_or(f.as_str(), |(_, c, _)| c);
        m.insert("PriceFormat".into(), Value::String(compact.to_string()));
    }
    m.insert("IsOveragePrice".into(), Value::Bool(t.is_overage_price));
    if let Some(v) = &t.discount_percentage {
        m.insert("DiscountPercentage".into(), number(v));
    }
    if let Some(v) = &t.discount_amount {
        m.insert("DiscountAmount".into(), number(v));
    }
    m.insert("Active".into(), Value::Bool(true));
    m.insert("CreatedById".into(), Value::String(SYSTEM_USER_ID.into()));
    m.insert("CreatedDate".into(), Value::String(t.created.clone()));
    m.insert("UpdatedById".into(), Value::String(SYSTEM_USER_ID.into()));
    m.insert("UpdatedDate".into(), Value::String(t.updated.clone()));
    m
}

/// Keeps only the requested fields (case-insensitive; `Id` always kept), for `?fields=` and ZOQL selects.
#[must_use]
pub fn select(record: Map<String, Value>, fields: &[String]) -> Map<String, Value> {
    if fields.is_empty() {
        return record;
    }
    let mut out = Map::new();
    for f in fields {
        if let Some((k, v)) = record.iter().find(|(k, _)| k.eq_ignore_ascii_case(f)) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}
