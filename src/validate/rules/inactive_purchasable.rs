//! SKU700 `inactive-plan-purchasable`: only active plans are purchasable.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, PlanStatus};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU700",
    name: "inactive-plan-purchasable",
    severity: Severity::Error,
    summary: "A deprecated, legacy or retired plan is marked `purchasable: true`.",
    explanation: "Deprecated plans are only renewed, legacy plans only kept for old subscriptions, and retired plans \
are expired. Marking one purchasable would put it back in the purchase flow (CustomersDot reads `purchasable`).",
    bad: "status: legacy\npurchasable: true",
    good: "status: legacy\npurchasable: false",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in walk::plans(catalog) {
        if p.plan.purchasable && p.plan.status != PlanStatus::Active {
            let status = walk::yaml_name(p.plan.status);
            out.push(
                RULE.at(p.loc().at("purchasable"), format!("plan `{}` is {status} but marked purchasable", p.plan.key))
                    .with_help("set `purchasable: false`, or make the plan `status: active`"),
            );
        }
    }
}
