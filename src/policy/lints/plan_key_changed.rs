//! CHG011 plan-key-changed: a plan kept its SKU or name but got a new key.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG011",
        name: "plan-key-changed",
        severity: Severity::Error,
        summary: "A plan's key changed (same SKU, or same name in the same product, new key).",
        explanation: "The key matches the plan to its live rate plan and names its generated constant: a new key \
orphans the live plan and breaks every integration. Keys never change. Forbidden.",
        bad: "- key: saas_premium_1y   # before\n- key: saas_premium_annual  # after, same sku",
        good: "- key: saas_premium_1y\n  name: SaaS - Premium - Annual   # change the name, keep the key",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plan_renames()
        .iter()
        .map(|(o, n)| {
            let msg = format!(
                "{} (`{}`, SKU `{}`) changed its key from `{}` to `{}`",
                n.subject(),
                n.plan.name,
                n.plan.effective_sku(),
                o.plan.key,
                n.plan.key
            );
            Finding::new(&LINT, n.owner(), n.location().at("key"), n.subject(), msg)
        })
        .collect()
}
