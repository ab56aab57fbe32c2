//! CHG004 charge-removed: a charge is gone from a plan that stays.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG004",
        name: "charge-removed",
        severity: Severity::Warning,
        summary: "A charge was removed from a plan.",
        explanation: "Subscribers of the plan stop being billed for it (or can no longer subscribe to it), and Zuora \
cannot delete a charge that subscriptions use. Prefer a new plan version. Needs a major version bump.",
        bad: "charges:\n  - key: seat\n  - key: support   # removed",
        good: "# keep the charge; create a new plan (new key and SKU) without it",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.charges_removed()
        .into_iter()
        .map(|(c, plan)| {
            let msg = format!("{} (`{}`) was removed from {}", c.subject(), c.charge.name, plan.subject());
            Finding::new(&LINT, plan.owner(), plan.location().at("charges").key(), c.subject(), msg)
        })
        .collect()
}
