//! CHG030 price-decreased: a price went down.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG030",
        name: "price-decreased",
        severity: Severity::Info,
        summary: "A price decreased.",
        explanation: "New subscriptions pay less from the effective date; existing subscriptions pay less at renewal \
only when the charge uses `price_change_on_renewal: use_latest_catalog_pricing`. Needs a minor version bump.",
        bad: "prices:\n  EUR: 324   # before\n  EUR: 299   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    price_findings(d, &LINT, |pd| pd.new_price < pd.old_price)
}
