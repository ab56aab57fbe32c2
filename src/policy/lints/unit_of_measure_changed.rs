//! CHG022 unit-of-measure-changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG022",
        name: "unit-of-measure-changed",
        severity: Severity::Warning,
        summary: "A charge's unit of measure changed.",
        explanation: "Quantities on existing subscriptions mean something else, and Zuora stops moving renewals to the \
latest catalog price for the charge. Needs a major version bump.",
        bad: "unit_of_measure: Seat  # before\nunit_of_measure: User  # after",
        good: "unit_of_measure: Seat   # unchanged",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    charge_field_changed(d, &LINT, "unit_of_measure", "unit of measure", |c| &c.unit_of_measure)
}
