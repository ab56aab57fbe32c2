//! CHG033 plan-added: a new plan or add-on plan.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG033",
        name: "plan-added",
        severity: Severity::Info,
        summary: "A plan or add-on plan was added.",
        explanation: "A new SKU customers can buy (if active and purchasable), and a new generated constant. Needs a \
minor version bump.",
        bad: "plans:\n  - key: saas_premium_1y\n  - key: saas_premium_3y   # new",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_added()
        .into_iter()
        .map(|p| {
            let msg = format!("{} (`{}`, SKU `{}`) was added", p.subject(), p.plan.name, p.plan.effective_sku());
            Finding::new(&LINT, p.owner(), p.location().at("key"), p.subject(), msg)
        })
        .collect()
}
