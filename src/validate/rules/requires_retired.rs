//! SKU701 `requires-retired-plan`: an add-on does not require a retired plan (or a group of only retired plans).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, Key, PlanStatus, Requirement};
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
    // Built once: with thousands of add-on plans a scan per requirement would be quadratic.
    let mut retired_plans: HashMap<&Key, Location> = HashMap::new();
    let mut group_all_retired: HashMap<&Key, bool> = HashMap::new();
    for p in walk::plans(catalog) {
        let retired = p.plan.status == PlanStatus::Retired;
        if retired {
            retired_plans.insert(&p.plan.key, p.loc().at("status"));
        }
        for g in &p.plan.groups {
            *group_all_retired.entry(g).or_insert(true) &= retired;
        }
    }
    for p in walk::plans(catalog) {
        for (i, req) in p.plan.requires.iter().enumerate() {
            let loc = p.loc().at("requires").at(i);
            match req {
                Requirement::Plan(key) => {
                    if let Some(status_loc) = retired_plans.get(key) {
                        out.push(
                            RULE.at(
                                loc.at("plan"),
                                format!("plan `{}` requires `{key}`, which is retired", p.plan.key),
                            )
                            .with_related(status_loc.clone(), "retired here")
                            .with_help("require the plan that replaced it, or a group"),
                        );
                    }
                }
                Requirement::Group(group) => {
                    if group_all_retired.get(group).copied().unwrap_or(false) {
                        out.push(
                            RULE.at(
                                loc.at("group"),
                                format!("plan `{}` requires group `{group}`, whose plans are all retired", p.plan.key),
                            )
                            .with_help("require a group that has active plans"),
                        );
                    }
                }
            }
        }
    }
}
