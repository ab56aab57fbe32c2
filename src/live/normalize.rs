//! The settings Zuora fills in or ignores, normalised the same way on both sides of a plan (the desired state
//! from the catalog and the live state from the tenant), so a plan never shows a difference Zuora cannot hold:
//!
//! - one-time charges have no billing period (the API requires one on write and echoes it on read; it means
//!   nothing). A live value is kept under `unmanaged.billingPeriod`, so a later update sends it back unchanged;
//! - discount charges have no list price base;
//! - a recurring charge without a list price base is quoted per billing period (Zuora's default).

use serde_json::Value;

use super::ZCharge;

/// Zuora's default list price base of recurring charges.
pub const DEFAULT_LIST_PRICE_BASE: &str = "Per_Billing_Period";

/// Normalises one charge in place (see the module doc).
pub fn charge(c: &mut ZCharge) {
    if c.charge_type == "OneTime" {
        if let Some(period) = c.billing_period.take() {
            c.unmanaged.entry("billingPeriod".to_owned()).or_insert(Value::String(period));
        }
        c.specific_billing_period = None;
    }
    if c.model.starts_with("Discount") {
        if let Some(base) = c.list_price_base.take() {
            c.unmanaged.entry("listPriceBase".to_owned()).or_insert(Value::String(base));
        }
    } else if c.charge_type == "Recurring" && c.list_price_base.is_none() {
        c.list_price_base = Some(DEFAULT_LIST_PRICE_BASE.to_owned());
    }
}

/// A monthly, in-advance charge with no prices (test builder).
#[cfg(test)]
pub(crate) fn test_charge(charge_type: &str, model: &str) -> ZCharge {
    ZCharge {
        id: None,
        key: "c".into(),
        key_source: super::KeySource::Remote,
        name: "C".into(),
        description: String::new(),
        charge_type: charge_type.into(),
        model: model.into(),
        billing_period: Some("Month".into()),
        specific_billing_period: None,
        billing_timing: "InAdvance".into(),
        uom: None,
        list_price_base: None,
        price_change_option: "NoChange".into(),
        discount_percentage: None,
        discount_apply_to: Vec::new(),
        pricing: std::collections::BTreeMap::new(),
        custom_fields: std::collections::BTreeMap::new(),
        unmanaged: std::collections::BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_charges_lose_their_billing_period_but_keep_it_for_updates() {
        let mut c = test_charge("OneTime", "FlatFee");
        charge(&mut c);
        assert_eq!(c.billing_period, None);
        assert_eq!(c.list_price_base, None, "one-time charges have no list price base");
        assert_eq!(c.unmanaged.get("billingPeriod"), Some(&Value::String("Month".into())));
    }

    #[test]
    fn recurring_charges_default_to_per_billing_period_and_discounts_have_none() {
        let mut c = test_charge("Recurring", "PerUnit");
        charge(&mut c);
        assert_eq!(c.list_price_base.as_deref(), Some("Per_Billing_Period"));
        let mut c = test_charge("Recurring", "PerUnit");
        c.list_price_base = Some("Per_Month".into());
        charge(&mut c);
        assert_eq!(c.list_price_base.as_deref(), Some("Per_Month"), "an explicit base is kept");
        let mut d = test_charge("Recurring", "DiscountPercentage");
        d.list_price_base = Some("Per_Billing_Period".into());
        charge(&mut d);
        assert_eq!(d.list_price_base, None);
        assert_eq!(d.billing_period.as_deref(), Some("Month"), "recurring discounts keep their period");
    }
}
