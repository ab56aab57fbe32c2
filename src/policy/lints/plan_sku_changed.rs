//! CHG013 plan-sku-changed: same plan key, new SKU.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG013",
        name: "plan-sku-changed",
        severity: Severity::Error,
        summary: "A plan's SKU (Salesforce product code) changed.",
        explanation: "Quotes, opportunities and finance reports find the plan by its SKU; changing it breaks them. \
Forbidden: create a new plan (new key and SKU) and retire the old one.",
        bad: "sku: GL-PREM-SAAS-1Y   # before\nsku: GL-PREM-SAAS-12M  # after",
        good: "- key: saas_premium_1y\n  sku: GL-PREM-SAAS-1Y   # unchanged",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_matched()
        .into_iter()
        .filter(|(o, n)| o.plan.key == n.plan.key && o.plan.effective_sku() != n.plan.effective_sku())
        .map(|(o, n)| {
            let msg = format!("{} changed its SKU from `{}` to `{}`", n.subject(), o.plan.effective_sku(), n.plan.effective_sku());
            Finding::new(&LINT, n.owner(), n.location().at("sku"), n.subject(), msg)
        })
        .collect()
}
