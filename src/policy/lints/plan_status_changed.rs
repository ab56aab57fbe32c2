//! CHG037 plan-status-changed: a status change other than retiring.

use super::prelude::*;
use crate::model::PlanStatus;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG037",
        name: "plan-status-changed",
        severity: Severity::Info,
        summary: "A plan's status changed (other than to `retired`, which is `plan-retired`).",
        explanation: "Deprecating a plan stops new sales while renewals continue; reactivating one sells it again. \
Needs a minor version bump.",
        bad: "status: active      # before\nstatus: deprecated  # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_matched()
        .into_iter()
        .filter(|(o, n)| o.plan.status != n.plan.status && n.plan.status != PlanStatus::Retired)
        .map(|(o, n)| {
            let msg = format!(
                "{} changed its status from `{}` to `{}`",
                n.subject(),
                super::word(&o.plan.status),
                super::word(&n.plan.status)
            );
            Finding::new(&LINT, n.owner(), n.location().at("status"), n.subject(), msg)
        })
        .collect()
}
