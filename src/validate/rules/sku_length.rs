//! SKU801 `sku-too-long`: product and plan SKUs have at most 50 characters.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU801",
    name: "sku-too-long",
    severity: Severity::Error,
    summary: "A product SKU or plan SKU (written or derived from the key) is longer than 50 characters.",
    explanation: "Zuora's `SKU` field holds at most 50 characters. A plan without `sku` derives one from its key, so \
a long plan key can exceed the limit too.",
    bad: "sku: GITLAB-PREMIUM-SOFTWARE-AS-A-SERVICE-ONE-YEAR-SUBSCRIPTION",
    good: "sku: GL-PREM-SAAS-1Y",
};

pub const MAX: usize = 50;

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        let n = p.sku.chars().count();
        if n > MAX {
            out.push(
                RULE.at(
                    walk::product_loc(p).at("sku"),
                    format!("SKU of product `{}` has {n} characters; Zuora allows {MAX}", p.key),
                )
                .with_help("use a shorter SKU"),
            );
        }
    }
    for p in walk::plans(catalog) {
        let sku = p.plan.effective_sku();
        let n = sku.chars().count();
        if n > MAX {
            let (loc, help) = if p.plan.sku.is_some() {
                (p.loc().at("sku"), "use a shorter SKU")
            } else {
                (p.loc().at("key"), "the SKU is derived from the key: set a shorter `sku`")
            };
            out.push(
                RULE.at(loc, format!("SKU `{sku}` of plan `{}` has {n} characters; Zuora allows {MAX}", p.plan.key))
                    .with_help(help),
            );
        }
    }
}
