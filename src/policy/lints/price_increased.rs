//! CHG020 price-increased: a price went up on an active plan.

use super::prelude::*;
use crate::model::PlanStatus;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG020",
        name: "price-increased",
        severity: Severity::Warning,
        summary: "A price increased on an active plan.",
        explanation: "New subscriptions pay more from the effective date; existing subscriptions pay more at renewal \
only when the charge uses `price_change_on_renewal: use_latest_catalog_pricing`, otherwise they keep their price. The \
report states which applies. Needs a major version bump.",
        bad: "prices:\n  USD: 228   # before\n  USD: 348   # after",
        good: "prices:\n  USD: 348\n# and bump the catalog version to the next major; announce it to customers",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    price_findings(d, &LINT, |pd| pd.new_price > pd.old_price && pd.new.plan.plan.status == PlanStatus::Active)
}
