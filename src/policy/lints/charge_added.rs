//! CHG034 charge-added: a new charge on an existing plan.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG034",
        name: "charge-added",
        severity: Severity::Info,
        summary: "A charge was added to an existing plan.",
        explanation: "New subscriptions include the new charge. Needs a minor version bump.",
        bad: "charges:\n  - key: seat\n  - key: onboarding   # new",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.charges_added()
        .into_iter()
        .map(|c| {
            let msg = format!("{} (`{}`) was added", c.subject(), c.charge.name);
            Finding::new(&LINT, c.owner(), c.location().at("key"), c.subject(), msg)
        })
        .collect()
}
