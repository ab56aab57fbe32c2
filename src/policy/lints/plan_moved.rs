//! CHG017 plan-moved: a plan now sits in another product.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG017",
        name: "plan-moved",
        severity: Severity::Error,
        summary: "A plan moved to another product.",
        explanation: "A Zuora rate plan belongs to one product for life; moving it would orphan the live rate plan and \
its subscriptions. Forbidden: create a new plan (new key and SKU) in the other product and retire the old one.",
        bad: "# before: plan saas_duo_pro_1y in products/duo_pro.yaml\n# after: the same plan in products/duo.yaml",
        good: "# products/duo.yaml gets a new plan saas_duo_1y; saas_duo_pro_1y stays and is retired",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.plans_matched()
        .into_iter()
        .filter(|(o, n)| d.new_product_for(o.product).is_none_or(|p| p.key != n.product.key))
        .map(|(o, n)| {
            let msg = format!("{} moved from product `{}` to product `{}`", n.subject(), o.product.key, n.product.key);
            Finding::new(&LINT, n.owner(), n.location().at("key"), n.subject(), msg)
        })
        .collect()
}
