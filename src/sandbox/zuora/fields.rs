//! Validation of CRUD request bodies against the field specifications in `vocabulary`: kinds, lengths, enum
//! spellings, required fields; and parsing of `ProductRatePlanChargeTierData` into typed tiers (exact decimals).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::store::{ObjectType, ZTier};
use super::vocabulary::{self, Kind, PRICE_FORMATS};
use crate::model::parse_exact;

/// One CRUD / Actions error (`{"Code":..., "Message":...}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZError {
    pub code: String,
    pub message: String,
}

impl ZError {
    /// An error with a code from Zuora's SOAP ErrorCode list.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// The writable fields found in a body, validated; custom `__c` fields included. Nulls are dropped (absent).
///
/// # Errors
/// Every invalid field, in body order.
pub fn collect(t: ObjectType, body: &Map<String, Value>) -> Result<BTreeMap<String, Value>, Vec<ZError>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in body {
        if value.is_null() {
            continue;
        }
        if vocabulary::is_custom(key) {
            out.insert(key.clone(), value.clone());
            continue;
        }
        let Some((name, kind, _)) = vocabulary::field(t, key) else {
            continue;
        };
        match check(name, *kind, value) {
            Ok(v) => {
                out.insert((*name).to_string(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Body keys that are neither writable, custom nor system fields (for `rejectUnknownFields=true`).
#[must_use]
pub fn unknown_keys(t: ObjectType, body: &Map<String, Value>) -> Vec<String> {
    body.keys()
        .filter(|k| {
            !vocabulary::is_custom(k)
                && !vocabulary::SYSTEM_FIELDS.contains(&k.as_str())
                && vocabulary::field(t, k).is_none()
        })
        .cloned()
        .collect()
}

/// The required-at-create fields missing from `fields`.
#[must_use]
pub fn missing_required(t: ObjectType, fields: &BTreeMap<String, Value>, skip: &[&str]) -> Vec<ZError> {
    vocabulary::fields(t)
        .iter()
        .filter(|(n, _, required)| *required && !skip.contains(n) && !fields.contains_key(*n))
        .map(|(n, _, _)| ZError::new("MISSING_REQUIRED_VALUE", format!("Missing required value: {n}")))
        .collect()
}

fn invalid(name: &str, value: &Value) -> ZError {
    let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
    ZError::new(
        "INVALID_VALUE",
        format!("The value '{shown}' is invalid for field {name}."),
    )
}

fn check(name: &str, kind: Kind, value: &Value) -> Result<Value, ZError> {
    match kind {
        Kind::Text(max) => {
            let s = value.as_str().ok_or_else(|| invalid(name, value))?;
            if max.is_some_and(|m| s.chars().count() > m) {
                return Err(ZError::new(
                    "INVALID_VALUE",
                    format!(
                        "The length of field {name} exceeds the maximum of {} characters.",
                        max.unwrap_or(0)
                    ),
                ));
            }
            Ok(value.clone())
        }
        Kind::Date => {
            let s = value.as_str().ok_or_else(|| invalid(name, value))?;
            parse_date(s).ok_or_else(|| invalid(name, value))?;
            Ok(value.clone())
        }
        Kind::Bool => value.as_bool().map(Value::Bool).ok_or_else(|| invalid(name, value)),
        Kind::Number => decimal_value(value).ok_or_else(|| invalid(name, value)),
        Kind::Enum(allowed) => {
            let s = value.as_str().ok_or_else(|| invalid(name, value))?;
            if allowed.contains(&s) {
                Ok(value.clone())
            } else {
                Err(invalid(name, value))
            }
        }
        Kind::Table(table) => {
            let s = value.as_str().ok_or_else(|| invalid(name, value))?;
            if table.iter().any(|(crud, _)| *crud == s) {
                Ok(value.clone())
            } else {
                Err(invalid(name, value))
            }
        }
        Kind::Id => {
            let s = value.as_str().ok_or_else(|| invalid(name, value))?;
            if crate::sandbox::ids::is_zuora_id(s) {
                Ok(value.clone())
            } else {
                Err(invalid(name, value))
            }
        }
        Kind::Currencies => {
            let list: Vec<String> = match value {
                Value::String(s) => s
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect(),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<_>>()
                    .ok_or_else(|| invalid(name, value))?,
                _ => return Err(invalid(name, value)),
            };
            Ok(Value::Array(list.into_iter().map(Value::String).collect()))
        }
        Kind::Object => {
            if value.is_object() {
                Ok(value.clone())
            } else {
                Err(invalid(name, value))
            }
        }
    }
}

/// A `yyyy-mm-dd` date.
#[must_use]
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    (s.len() == 10)
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// An exact number from a JSON number or numeric string, as a JSON number with the same text.
#[must_use]
pub fn decimal_value(value: &Value) -> Option<Value> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    let d = parse_exact(&text).ok()?;
    d.to_string().parse::<serde_json::Number>().ok().map(Value::Number)
}

/// Parses `ProductRatePlanChargeTierData` into tiers (ids and stamps left for the caller).
///
/// # Errors
/// Each malformed tier, in order.
pub fn parse_tiers(data: &Value) -> Result<Vec<ZTier>, Vec<ZError>> {
    let list = match data.get("ProductRatePlanChargeTier") {
        Some(Value::Array(items)) => items.clone(),
        Some(obj @ Value::Object(_)) => vec![obj.clone()],
        _ => {
            return Err(vec![ZError::new(
                "MISSING_REQUIRED_VALUE",
                "ProductRatePlanChargeTierData must contain ProductRatePlanChargeTier",
            )]);
        }
    };
    let mut errors = Vec::new();
    let mut tiers = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        let Some(obj) = raw.as_object() else {
            errors.push(ZError::new(
                "INVALID_VALUE",
                format!("Tier {} is not an object.", i + 1),
            ));
            continue;
        };
        let mut tier = ZTier::blank("", i, "", "");
        match obj.get("Currency").and_then(Value::as_str) {
            Some(c) => tier.currency = c.to_string(),
            None => errors.push(ZError::new(
                "MISSING_REQUIRED_VALUE",
                "Missing required value: Currency",
            )),
        }
        let mut num = |field: &str| -> Option<rust_decimal::Decimal> {
            let v = obj.get(field).filter(|v| !v.is_null())?;
            match decimal_value(v).and_then(|n| parse_exact(&n.to_string()).ok()) {
                Some(d) => Some(d),
                None => {
                    errors.push(invalid(field, v));
                    None
                }
            }
        };
        tier.price = num("Price").map(crate::model::Money);
        tier.starting_unit = num("StartingUnit").map(crate::model::Quantity);
        tier.ending_unit = num("EndingUnit").map(crate::model::Quantity);
        tier.discount_percentage = num("DiscountPercentage").map(crate::model::Percentage);
        tier.discount_amount = num("DiscountAmount").map(crate::model::Money);
        if let Some(t) = num("Tier") {
            tier.tier = rust_decimal::prelude::ToPrimitive::to_u32(&t).unwrap_or(0);
        }
        tier.is_overage_price = obj.get("IsOveragePrice").and_then(Value::as_bool).unwrap_or(false);
        if let Some(f) = obj.get("PriceFormat").filter(|v| !v.is_null()) {
            match f.as_str().and_then(price_format_crud) {
                Some(c) => tier.price_format = Some(c.to_string()),
                None => errors.push(invalid("PriceFormat", f)),
            }
        }
        tiers.push(tier);
    }
    if errors.is_empty() { Ok(tiers) } else { Err(errors) }
}

/// The CRUD write spelling of a tier price format (`Flat Fee` / `Per Unit`); the compact spelling is accepted too.
#[must_use]
pub fn price_format_crud(s: &str) -> Option<&'static str> {
    PRICE_FORMATS
        .iter()
        .find(|(w, c, _)| *w == s || *c == s)
        .map(|(w, _, _)| *w)
}
