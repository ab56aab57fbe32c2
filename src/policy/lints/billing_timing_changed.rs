//! CHG016 billing-timing-changed: in advance vs in arrears changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG016",
        name: "billing-timing-changed",
        severity: Severity::Error,
        summary: "A charge's billing timing (in advance, in arrears) changed.",
        explanation: "Zuora refuses to change billing timing once the rate plan is in use. Forbidden: make a new plan \
version and retire the old one.",
        bad: "billing_timing: in_advance  # before\nbilling_timing: in_arrears  # after",
        good: "# new plan version billed in arrears; old plan retired",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "billing_timing", "billing timing", |c| &c.billing_timing)
}
