//! CHG031 price-increased-inactive-plan: a price went up on a plan that is not sold any more.

use super::prelude::*;
use crate::model::PlanStatus;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG031",
        name: "price-increased-inactive-plan",
        severity: Severity::Info,
        summary: "A price increased on a deprecated, legacy or retired plan.",
        explanation: "No new subscription is sold at the new price; existing subscriptions pay it at renewal only when \
the charge uses `price_change_on_renewal: use_latest_catalog_pricing`. Needs a minor version bump.",
        bad: "status: legacy\nprices:\n  USD: 228   # before\n  USD: 240   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    price_findings(d, &LINT, |pd| pd.new_price > pd.old_price && pd.new.plan.plan.status != PlanStatus::Active)
}
