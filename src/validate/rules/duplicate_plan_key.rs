//! SKU113 `duplicate-plan-key`: plan keys are unique across the whole catalog, not only within their product.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU113",
    name: "duplicate-plan-key",
    severity: Severity::Error,
    summary: "Two plans have the same key (plan keys are unique catalog-wide).",
    explanation: "Plan keys name the generated constants billing apps use (`PREMIUM_SAAS_PLANS`, `SAAS_PREMIUM_1Y`), \
are referenced by add-on prerequisites and discounts, and match remote rate plans forever. A key used twice, even in \
two different products, makes all of these ambiguous.",
    bad: "# products/premium_saas.yaml\nplans:\n  - key: premium_1y\n# products/premium_self_managed.yaml\nplans:\n  - key: premium_1y",
    good: "# products/premium_saas.yaml\nplans:\n  - key: saas_premium_1y\n# products/premium_self_managed.yaml\nplans:\n  - key: sm_premium_1y",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = walk::plans(catalog).map(|p| (p.plan.key.as_str(), p));
    for (first, dup, key) in suggest::duplicates(items, |p| p.loc().at("key")) {
        out.push(
            RULE.at(dup, format!("plan key `{key}` is already used by another plan"))
                .with_related(first, "first defined here")
                .with_help(
                    "plan keys are unique across the whole catalog; prefix it with the deployment, e.g. `saas_`",
                ),
        );
    }
}
