//! CHG015 charge-model-changed: the pricing model changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG015",
        name: "charge-model-changed",
        severity: Severity::Error,
        summary: "A charge's model (flat fee, per unit, tiered, ...) changed.",
        explanation: "Zuora refuses to change a charge's model once it has gone live. Forbidden: make a new plan \
version (new plan key and SKU) with the new model, and retire the old plan.",
        bad: "model: per_unit   # before\nmodel: volume     # after",
        good: "# new plan saas_premium_1y_v2 with the volume charge; old plan retired",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "model", "model", |c| &c.model)
}
