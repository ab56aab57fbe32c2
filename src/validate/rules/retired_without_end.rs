//! SKU702 `retired-without-end`: a retired plan has an effective end date.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, PlanStatus};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU702",
    name: "retired-without-end",
    severity: Severity::Error,
    summary: "A plan has `status: retired` but no `effective_end`.",
    explanation: "Zuora has no status field: a plan is retired by expiring it, i.e. by its effective end date (items \
used by subscriptions can be expired but never deleted). A retired plan without an end date would stay addable in \
Zuora while the catalog says it is gone.",
    bad: "status: retired\neffective_start: 2021-01-26",
    good: "status: retired\neffective_start: 2021-01-26\neffective_end: 2023-04-02",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in walk::plans(catalog) {
        if p.plan.status == PlanStatus::Retired && p.plan.effective_end.is_none() {
            out.push(
                RULE.at(
                    p.loc().at("status"),
                    format!("plan `{}` is retired but has no effective end date", p.plan.key),
                )
                .with_help("add `effective_end:` with the last day the plan could be added"),
            );
        }
    }
}
