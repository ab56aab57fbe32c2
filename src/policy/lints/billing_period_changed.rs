//! CHG021 billing-period-changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG021",
        name: "billing-period-changed",
        severity: Severity::Warning,
        summary: "A charge's billing period changed.",
        explanation: "Subscribers are billed on a different cadence, and Zuora stops moving renewals to the latest \
catalog price for the charge. Needs a major version bump; usually a new plan is the better choice.",
        bad: "billing_period: annual  # before\nbilling_period: month   # after",
        good: "# a new monthly plan next to the annual one",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "billing_period", "billing period", |c| &c.billing_period)
}
