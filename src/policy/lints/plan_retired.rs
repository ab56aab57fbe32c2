//! CHG003 plan-retired: a plan's status became `retired`.

use super::prelude::*;
use crate::model::PlanStatus;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG003",
        name: "plan-retired",
        severity: Severity::Warning,
        summary: "A plan or add-on plan was retired.",
        explanation: "A retired plan can no longer be bought or renewed; subscribers must move to another plan at \
renewal and code must stop offering it. Needs a major version bump.",
        bad: "status: active   # before\nstatus: retired  # after",
        good: "status: retired\neffective_end: 2026-12-31\n# and bump the catalog version to the next major",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_matched()
        .into_iter()
        .filter(|(o, n)| n.plan.status == PlanStatus::Retired && o.plan.status != PlanStatus::Retired)
        .map(|(o, n)| {
            let msg = format!("{} (`{}`) was retired (status was `{}`)", n.subject(), n.plan.name, super::word(&o.plan.status));
            Finding::new(&LINT, n.owner(), n.location().at("status"), n.subject(), msg)
        })
        .collect()
}
