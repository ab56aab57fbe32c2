//! SKU701 `requires-retired-plan`: an add-on does not require a retired plan (or a group of only retired plans).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, PlanStatus, Requirement};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU701",
    name: "requires-retired-plan",
    severity: Severity::Error,
    summary: "An add-on requires a retired plan, or a group whose plans are all retired.",
    explanation: "Retired plans can no longer be on a subscription, so a prerequisite that names one can never be \
met. Point the add-on at the plan (or group) that replaced it.",
    bad: "requires:\n  - plan: saas_premium_1y_v1   # status: retired",
    good: "requires:\n  - group: premium_plans",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in walk::plans(catalog) {
        for (i, req) in p.plan.requires.iter().enumerate() {
            let loc = p.loc.at("requires").at(i);
            match req {
                Requirement::Plan(key) => {
                    if let Some(target) = walk::plans(catalog).find(|t| &t.plan.key == key)
                        && target.plan.status == PlanStatus::Retired
                    {
                        out.push(
                            RULE.at(loc.at("plan"), format!("plan `{}` requires `{key}`, which is retired", p.plan.key))
                                .with_related(target.loc.at("status"), "retired here")
                                .with_help("require the plan that replaced it, or a group"),
                        );
                    }
                }
                Requirement::Group(group) => {
                    let members: Vec<_> = walk::plans(catalog).filter(|t| t.plan.groups.contains(group)).collect();
                    if !members.is_empty() && members.iter().all(|t| t.plan.status == PlanStatus::Retired) {
                        out.push(
                            RULE.at(loc.at("group"), format!("plan `{}` requires group `{group}`, whose plans are all retired", p.plan.key))
                                .with_help("require a group that has active plans"),
                        );
                    }
                }
            }
        }
    }
}
