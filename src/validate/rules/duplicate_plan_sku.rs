//! SKU114 `duplicate-plan-sku`: plan SKUs (Salesforce product codes, explicit or derived) are unique.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU114",
    name: "duplicate-plan-sku",
    severity: Severity::Error,
    summary: "Two plans have the same SKU (Salesforce product code), written or derived from the key.",
    explanation: "Each plan becomes a Salesforce Product2 whose ProductCode is the plan's `sku` (or, when absent, \
its key in upper case with dashes). Quotes, CPQ rules and reports look products up by that code; two plans sharing \
it break those lookups.",
    bad: "plans:\n  - key: saas_premium_1y\n    sku: GL-PREM-1Y\n  - key: sm_premium_1y\n    sku: GL-PREM-1Y",
    good: "plans:\n  - key: saas_premium_1y\n    sku: GL-PREM-SAAS-1Y\n  - key: sm_premium_1y\n    sku: GL-PREM-SM-1Y",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = walk::plans(catalog).map(|p| (p.plan.effective_sku(), p));
    let loc = |p: &walk::PlanAt<'_>| if p.plan.sku.is_some() { p.loc().at("sku") } else { p.loc().at("key") };
    for (first, dup, sku) in suggest::duplicates(items, loc) {
        out.push(
            RULE.at(dup, format!("plan SKU `{sku}` is already used by another plan"))
                .with_related(first, "first used here")
                .with_help(
                    "set a distinct `sku` on one of the plans (a plan without `sku` uses its key in upper case)",
                ),
        );
    }
}
