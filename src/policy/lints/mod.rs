//! The registered change-policy lints, one per file. Each file holds one `pub static LINT` and its check.
//!
//! Codes are stable and never reused: `CHG001`-`CHG099` classify changes, `CHG900`-`CHG999` are raised by the
//! engine itself (version bump and `allow` entries).

mod allow_unknown_code;
mod allow_unused;
mod allow_without_reason;
mod billing_period_changed;
mod billing_timing_changed;
mod charge_added;
mod charge_model_changed;
mod charge_removed;
mod charge_terms_changed;
mod charge_type_changed;
mod currency_added;
mod currency_removed;
mod custom_field_changed;
mod description_changed;
mod name_changed;
mod plan_added;
mod plan_availability_changed;
mod plan_groups_changed;
mod plan_key_changed;
mod plan_moved;
mod plan_removed;
mod plan_retired;
mod plan_sku_changed;
mod plan_status_changed;
mod prerequisite_loosened;
mod prerequisite_tightened;
mod price_decreased;
mod price_increased;
mod price_increased_inactive;
mod product_added;
mod product_key_changed;
mod product_removed;
mod product_sku_changed;
mod product_terms_changed;
mod renewal_pricing_changed;
mod tiers_restructured;
mod unit_of_measure_changed;
mod version_bump_insufficient;
mod version_bump_without_change;
mod version_decreased;

use super::Lint;

pub(crate) use allow_unknown_code::LINT as ALLOW_UNKNOWN_CODE;
pub(crate) use allow_unused::LINT as ALLOW_UNUSED;
pub(crate) use allow_without_reason::LINT as ALLOW_WITHOUT_REASON;
pub(crate) use version_bump_insufficient::LINT as VERSION_BUMP_INSUFFICIENT;
pub(crate) use version_bump_without_change::LINT as VERSION_BUMP_WITHOUT_CHANGE;
pub(crate) use version_decreased::LINT as VERSION_DECREASED;

/// Every lint, in code order.
pub(crate) static ALL: &[&Lint] = &[
    &product_removed::LINT,
    &plan_removed::LINT,
    &plan_retired::LINT,
    &charge_removed::LINT,
    &product_key_changed::LINT,
    &plan_key_changed::LINT,
    &product_sku_changed::LINT,
    &plan_sku_changed::LINT,
    &charge_type_changed::LINT,
    &charge_model_changed::LINT,
    &billing_timing_changed::LINT,
    &plan_moved::LINT,
    &price_increased::LINT,
    &billing_period_changed::LINT,
    &unit_of_measure_changed::LINT,
    &tiers_restructured::LINT,
    &prerequisite_tightened::LINT,
    &currency_removed::LINT,
    &renewal_pricing_changed::LINT,
    &charge_terms_changed::LINT,
    &price_decreased::LINT,
    &price_increased_inactive::LINT,
    &product_added::LINT,
    &plan_added::LINT,
    &charge_added::LINT,
    &currency_added::LINT,
    &prerequisite_loosened::LINT,
    &plan_status_changed::LINT,
    &plan_availability_changed::LINT,
    &plan_groups_changed::LINT,
    &name_changed::LINT,
    &description_changed::LINT,
    &custom_field_changed::LINT,
    &product_terms_changed::LINT,
    &version_bump_insufficient::LINT,
    &version_bump_without_change::LINT,
    &version_decreased::LINT,
    &allow_without_reason::LINT,
    &allow_unknown_code::LINT,
    &allow_unused::LINT,
];

/// A vocabulary value as it is spelled in YAML (`use_latest_catalog_pricing`, `specific_months: 24`).
pub(crate) fn word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => "none".to_owned(),
        Ok(serde_json::Value::Object(m)) => {
            m.iter().map(|(k, v)| format!("{k}: {}", v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect::<Vec<_>>().join(", ")
        }
        Ok(other) => other.to_string(),
        Err(_) => "?".to_owned(),
    }
}

/// What the lint files share.
mod prelude {
    pub(super) use super::word;
    pub(super) use crate::diagnostic::{Location, Severity};
    pub(super) use crate::policy::{Bump, Diff, Finding, Lint, Owner};
    pub(super) use crate::validate::Rule;

    /// One finding per matched charge where `field` differs; `what` names the field in the message.
    pub(super) fn charge_field_changed<T: PartialEq + serde::Serialize>(
        d: &Diff<'_>,
        lint: &'static Lint,
        yaml_field: &str,
        what: &str,
        field: fn(&crate::model::Charge) -> &T,
    ) -> Vec<Finding> {
        d.charges_matched()
            .into_iter()
            .filter(|(o, n)| field(o.charge) != field(n.charge))
            .map(|(o, n)| {
                let msg = format!(
                    "{} changed its {what} from `{}` to `{}`",
                    n.subject(),
                    word(field(o.charge)),
                    word(field(n.charge))
                );
                Finding::new(lint, n.owner(), n.location().at(yaml_field), n.subject(), msg)
            })
            .collect()
    }

    /// One finding per changed price (in one currency) that `keep` selects, with who is affected.
    pub(super) fn price_findings(
        d: &Diff<'_>,
        lint: &'static Lint,
        keep: fn(&crate::policy::prices::PriceDelta<'_>) -> bool,
    ) -> Vec<Finding> {
        let deltas = d.charges_matched().into_iter().flat_map(|(o, n)| crate::policy::prices::deltas(o, n));
        deltas
            .filter(keep)
            .map(|pd| {
                let (old, new) = (pd.old_price.value(), pd.new_price.value());
                let dir = if new > old { "increased" } else { "decreased" };
                let pct = if old.is_zero() {
                    String::new()
                } else {
                    let p = ((new - old) * rust_decimal::Decimal::ONE_HUNDRED / old).round_dp(2).normalize();
                    format!(" ({}{p}%)", if p.is_sign_positive() { "+" } else { "" })
                };
                let msg = format!(
                    "{} {} in {} {dir} from {} to {}{pct}",
                    pd.new.subject(),
                    pd.component,
                    pd.currency,
                    pd.old_price,
                    pd.new_price
                );
                let location = pd.path.iter().fold(pd.new.location(), |l, seg| l.at(seg));
                let price = crate::policy::PriceChange {
                    product: pd.new.plan.product.key.clone(),
                    plan: pd.new.plan.plan.key.clone(),
                    plan_name: pd.new.plan.plan.name.clone(),
                    charge: pd.new.charge.key.clone(),
                    charge_name: pd.new.charge.name.clone(),
                    component: pd.component.clone(),
                    currency: pd.currency.clone(),
                    old: pd.old_price,
                    new: pd.new_price,
                };
                let affected = crate::policy::affected::price_change_effect(&pd.old, &pd.new);
                Finding::new(lint, pd.new.owner(), location, pd.new.subject(), msg).with_price(price, affected)
            })
            .collect()
    }

    /// Currencies in `from` but not in `to`, at catalog level and per matched charge (a charge-level currency is
    /// reported only when the catalog itself sells in it on the `to` side). `removed` picks the direction.
    pub(super) fn currency_findings(d: &Diff<'_>, lint: &'static Lint, removed: bool) -> Vec<Finding> {
        use crate::policy::prices::currencies;
        let (old, new) = (&d.old.root.currencies, &d.new.root.currencies);
        let (from, to) = if removed { (old, new) } else { (new, old) };
        let (verb, charge_verb) = if removed { ("no longer sells", "is no longer priced") } else { ("now sells", "is now priced") };
        let mut out: Vec<Finding> = from
            .iter()
            .filter(|c| !to.contains(c))
            .map(|c| {
                let msg = format!("the catalog {verb} in {c}");
                Finding::new(lint, Owner::Root, Location::root(d.root).at("currencies"), "catalog".to_owned(), msg)
            })
            .collect();
        for (o, n) in d.charges_matched() {
            let (before, after) = (currencies(o.charge), currencies(n.charge));
            let (gone_from, kept_in) = if removed { (&before, &after) } else { (&after, &before) };
            let catalog_has = if removed { new } else { old };
            for c in gone_from.iter().filter(|c| !kept_in.contains(*c) && catalog_has.contains(*c)) {
                let msg = format!("{} {charge_verb} in {c}", n.subject());
                out.push(Finding::new(lint, n.owner(), n.location().at("key"), n.subject(), msg));
            }
        }
        out
    }

    /// One finding per matched plan whose prerequisites `compare` (old, new) describes.
    pub(super) fn prerequisite_findings(
        d: &Diff<'_>,
        lint: &'static Lint,
        compare: fn(&[crate::model::Requirement], &[crate::model::Requirement]) -> Option<String>,
    ) -> Vec<Finding> {
        d.plans_matched()
            .into_iter()
            .filter_map(|(o, n)| {
                let msg = format!("{} {}", n.subject(), compare(&o.plan.requires, &n.plan.requires)?);
                Some(Finding::new(lint, n.owner(), n.location().at("requires").key(), n.subject(), msg))
            })
            .collect()
    }
}
