//! CHG014 charge-type-changed: recurring, one-time or usage changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG014",
        name: "charge-type-changed",
        severity: Severity::Error,
        summary: "A charge's type (recurring, one-time, usage) changed.",
        explanation: "Zuora refuses to change a charge's type once it has gone live. Forbidden: make a new plan version \
(new plan key and SKU) with the new charge, and retire the old plan.",
        bad: "type: one_time   # before\ntype: recurring  # after",
        good: "# new plan saas_storage_10gb_v2 with a recurring charge; old plan retired",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "type", "type", |c| &c.charge_type)
}
