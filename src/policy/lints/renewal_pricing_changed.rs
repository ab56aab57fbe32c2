//! CHG026 renewal-pricing-changed: what existing subscriptions pay at renewal changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG026",
        name: "renewal-pricing-changed",
        severity: Severity::Warning,
        summary: "A charge's `price_change_on_renewal` changed.",
        explanation: "It decides what existing subscriptions pay at renewal: their own price (`no_change`), the latest \
catalog price (`use_latest_catalog_pricing`) or an uplift percentage (`specific_percentage`). Changing it changes \
what existing customers pay. Needs a major version bump.",
        bad: "price_change_on_renewal: no_change                  # before\nprice_change_on_renewal: use_latest_catalog_pricing  # after",
        good: "# the same change, announced, with the catalog version bumped to the next major",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "price_change_on_renewal", "renewal pricing", |c| &c.price_change_on_renewal)
}
