//! CHG024 prerequisite-tightened: an add-on can be bought with fewer base plans than before.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG024",
        name: "prerequisite-tightened",
        severity: Severity::Warning,
        summary: "An add-on plan's prerequisites were tightened (a required plan or group removed, or a first one added).",
        explanation: "Customers on the plans that no longer qualify can no longer buy or renew the add-on. Needs a \
major version bump.",
        bad: "requires:\n  - group: premium_plans\n  - group: ultimate_plans   # before\nrequires:\n  - group: ultimate_plans   # after",
        good: "# the same change, with the catalog version bumped to the next major",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    prerequisite_findings(d, &LINT, crate::policy::requirements::tightened)
}
