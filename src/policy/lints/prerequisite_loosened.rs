//! CHG036 prerequisite-loosened: an add-on can be bought with more base plans than before.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG036",
        name: "prerequisite-loosened",
        severity: Severity::Info,
        summary: "An add-on plan's prerequisites were loosened (a required plan or group added, or all removed).",
        explanation: "More customers can buy the add-on. Needs a minor version bump.",
        bad: "requires:\n  - group: ultimate_plans   # before\nrequires:\n  - group: ultimate_plans\n  - group: premium_plans   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    prerequisite_findings(d, &LINT, crate::policy::requirements::loosened)
}
