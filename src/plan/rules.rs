//! Per-kind rules: which fields never change in place (replace), which changes the planner refuses, how an object
//! is retired, and which changes are customer-visible. Field names are the ones `from_live` produces.

use chrono::NaiveDate;
use serde_json::Value;

use super::resource::{Kind, Resource};

/// The field holding a Zuora object's last effective day (`YYYY-MM-DD`).
pub const EFFECTIVE_END: &str = "effective_end";
/// The field holding a Salesforce record's `IsActive`.
pub const IS_ACTIVE: &str = "is_active";

/// Fields that never change in place on this kind: a difference replaces the object. A PricebookEntry's
/// `CurrencyIsoCode`, `Product2Id` and `Pricebook2Id` are create-only in Salesforce. (A different parent always
/// replaces too: a rate plan cannot move to another product, a PricebookEntry never changes its Product2.)
#[must_use]
pub fn replace_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::StandardPrice | Kind::CustomPrice => &["currency", "product", "price_book"],
        _ => &[],
    }
}

/// A field change the planner refuses on a live object, with the reason and how to express the intent.
#[must_use]
pub fn refusal(live: &Resource, desired: &Resource, field: &str) -> Option<(String, String)> {
    if live.kind != Kind::Charge {
        return None;
    }
    let plan = desired.parent.as_deref().unwrap_or("the plan");
    let what = match field {
        "type" => "type",
        "model" => "model",
        "billing_timing" if live.active => "billing timing",
        _ => return None,
    };
    let (before, after) = (display(live.field(field)), display(desired.field(field)));
    Some((
        format!(
            "changing the {what} of charge `{}` ({before} -> {after}) is refused: Zuora does not allow a charge's {what} \
             to change after go-live",
            desired.key
        ),
        format!(
            "make a new plan version: add a plan with a new key (e.g. `{plan}_v2`) carrying the charge with the new \
             {what}, and retire `{plan}` (set its `status: retired` and `effective_end`); keep this charge's {what} \
             {before} meanwhile"
        ),
    ))
}

/// A removed charge on a plan that stays: refused, because Zuora cannot delete a charge that may be in use.
#[must_use]
pub fn removed_charge(live: &Resource) -> (String, String) {
    let plan = live.parent.as_deref().unwrap_or("the plan");
    (
        format!(
            "removing charge `{}` from plan `{plan}` is refused: a charge of a plan that may be in use cannot be \
             deleted, and charges have no end date of their own",
            live.key
        ),
        format!(
            "make a new plan version: add a plan with a new key (e.g. `{plan}_v2`) without the charge, and retire \
             `{plan}`; keep the charge in `{plan}` meanwhile"
        ),
    )
}

/// The field changes that retire a live object, or `None` when the kind is not retired on its own (charges go
/// with their plan).
#[must_use]
pub fn retire_changes(live: &Resource, today: NaiveDate) -> Option<Vec<(String, Value)>> {
    match live.kind {
        Kind::Product | Kind::RatePlan => {
            Some(vec![(EFFECTIVE_END.to_owned(), Value::String(today.format("%Y-%m-%d").to_string()))])
        }
        Kind::Product2 | Kind::StandardPrice | Kind::CustomPrice => Some(vec![(IS_ACTIVE.to_owned(), Value::Bool(false))]),
        Kind::Charge => None,
    }
}

/// Whether an update of these fields is in fact a retirement: a Zuora end date moved to today or earlier, or a
/// Salesforce record deactivated.
#[must_use]
pub fn is_retirement(live: &Resource, desired: &Resource, today: NaiveDate) -> bool {
    match live.kind {
        Kind::Product | Kind::RatePlan => {
            let ends = |r: &Resource| date(r.field(EFFECTIVE_END)).is_some_and(|d| d <= today);
            live.active && ends(desired) && !ends(live)
        }
        Kind::Product2 | Kind::StandardPrice | Kind::CustomPrice => {
            live.field(IS_ACTIVE) == &Value::Bool(true) && desired.field(IS_ACTIVE) == &Value::Bool(false)
        }
        Kind::Charge => false,
    }
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// Whether a field carries a price (so changing it on an active plan is customer-visible).
#[must_use]
pub fn is_price_field(kind: Kind, field: &str) -> bool {
    match kind {
        Kind::Charge => {
            field == "discount_percentage"
                || ["price.", "tiers.", "overage_price.", "discount_amount.", "included_units."]
                    .iter()
                    .any(|p| field.starts_with(p))
        }
        Kind::StandardPrice | Kind::CustomPrice => field == "unit_price",
        _ => false,
    }
}

/// The currency a per-currency field is about (`price.EUR` -> `EUR`).
#[must_use]
pub fn field_currency(field: &str) -> Option<&str> {
    let (prefix, cur) = field.rsplit_once('.')?;
    (!prefix.starts_with("custom_fields") && cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(cur)
}

/// A value as users read it: text without quotes, `(none)` for null, lists joined.
#[must_use]
pub fn display(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}
