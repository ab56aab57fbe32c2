//! CHG002 plan-removed: a plan or add-on plan is gone.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG002",
        name: "plan-removed",
        severity: Severity::Warning,
        summary: "A plan or add-on plan was removed from the catalog.",
        explanation: "Code that uses the plan's generated constant stops compiling, and customers can no longer buy or \
renew it. Zuora cannot delete a rate plan that subscriptions use: retire it instead. Needs a major version bump.",
        bad: "plans:\n  - key: saas_premium_2y   # before\n# after: the entry is deleted",
        good: "plans:\n  - key: saas_premium_2y\n    status: retired\n    effective_end: 2026-12-31",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_removed()
        .into_iter()
        .map(|p| {
            let (owner, location) = d.removed_plan_site(&p);
            let msg = format!("{} (`{}`, SKU `{}`) was removed", p.subject(), p.plan.name, p.plan.effective_sku());
            Finding::new(&LINT, owner, location, p.subject(), msg)
        })
        .collect()
}
