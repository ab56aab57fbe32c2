//! Who a price change reaches, and when (zuora-api.md §5): new subscriptions from the effective date; existing
//! subscriptions only at renewal, and only when the charge uses the latest catalog pricing on renewal and its
//! model, type, billing period and unit of measure are unchanged; one-time charges are never re-priced.

use crate::model::{Charge, ChargeType, PlanStatus, PriceChangeOnRenewal};

use super::ChargeAt;

/// One paragraph stating who pays the changed price of `new` (compared with `old`) and from when.
#[must_use]
pub fn price_change_effect(old: &ChargeAt<'_>, new: &ChargeAt<'_>) -> String {
    let plan = new.plan.plan;
    let new_subs = match plan.status {
        PlanStatus::Active => format!(
            "New subscriptions pay the new price from the effective date: the day this change is applied (not before the plan's effective start, {}).",
            plan.effective_start
        ),
        status => format!("No new subscriptions: the plan is {}.", crate::policy::lints::word(&status)),
    };
    format!("{new_subs} {}", existing_effect(old.charge, new.charge))
}

fn existing_effect(old: &Charge, new: &Charge) -> String {
    if new.charge_type == ChargeType::OneTime {
        return "Existing subscriptions are not affected: a one-time charge is never re-priced.".to_owned();
    }
    match new.price_change_on_renewal {
        PriceChangeOnRenewal::NoChange => {
            "Existing subscriptions keep their current price, also at renewal (price_change_on_renewal: no_change).".to_owned()
        }
        PriceChangeOnRenewal::SpecificPercentage => "Existing subscriptions keep their current price; at renewal they \
get only their configured uplift percentage (price_change_on_renewal: specific_percentage), not this change."
            .to_owned(),
        PriceChangeOnRenewal::UseLatestCatalogPricing => {
            let mut broken = Vec::new();
            if old.charge_type != new.charge_type {
                broken.push("charge type");
            }
            if old.model != new.model {
                broken.push("charge model");
            }
            if old.billing_period != new.billing_period {
                broken.push("billing period");
            }
            if old.unit_of_measure != new.unit_of_measure {
                broken.push("unit of measure");
            }
            if broken.is_empty() {
                let tiers = if new.tiers.is_empty() {
                    ""
                } else {
                    " (tiered and volume charges: only where the subscribed quantity falls within a tier)"
                };
                format!("Existing subscriptions pay the new price from their next renewal, not before{tiers} (price_change_on_renewal: use_latest_catalog_pricing).")
            } else {
                format!(
                    "Existing subscriptions keep their current price: Zuora moves renewals to the latest catalog \
price only when charge type, model, billing period and unit of measure are unchanged, and this change alters the {}.",
                    broken.join(", ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::existing_effect;
    use crate::model::Charge;

    fn charge(extra: &str) -> Charge {
        let yaml = format!(
            "key: seat\nname: Seat\ntype: recurring\nmodel: per_unit\nbilling_period: annual\nunit_of_measure: Seat\nprices: {{USD: 10}}\n{extra}"
        );
        serde_saphyr::from_str(&yaml).expect("charge")
    }

    #[test]
    fn existing_subscriptions_follow_the_renewal_setting() {
        let latest = charge("price_change_on_renewal: use_latest_catalog_pricing\n");
        assert!(existing_effect(&latest, &latest).starts_with("Existing subscriptions pay the new price from their next renewal"));
        let keep = charge("");
        assert!(existing_effect(&keep, &keep).contains("keep their current price, also at renewal"));
        let uplift = charge("price_change_on_renewal: specific_percentage\n");
        assert!(existing_effect(&uplift, &uplift).contains("only their configured uplift percentage"));
    }

    #[test]
    fn one_time_charges_are_never_re_priced() {
        let once = charge("price_change_on_renewal: use_latest_catalog_pricing\n");
        let once = Charge { charge_type: crate::model::ChargeType::OneTime, billing_period: None, ..once };
        assert!(existing_effect(&once, &once).contains("a one-time charge is never re-priced"));
    }

    #[test]
    fn a_changed_billing_period_or_unit_stops_the_renewal_price_change() {
        let old = charge("price_change_on_renewal: use_latest_catalog_pricing\n");
        let new = Charge { unit_of_measure: Some("User".to_owned()), billing_period: None, ..old.clone() };
        let text = existing_effect(&old, &new);
        assert!(text.contains("keep their current price") && text.ends_with("alters the billing period, unit of measure."), "{text}");
    }
}
