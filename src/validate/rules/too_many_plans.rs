//! SKU802 `too-many-plans`: a product has at most 300 plans (Zuora).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU802",
    name: "too-many-plans",
    severity: Severity::Error,
    summary: "A product has more than 300 plans (Zuora's limit per product).",
    explanation: "Zuora refuses more than 300 rate plans per product. Split the plans over several products, e.g. by \
deployment or by generation.",
    bad: "# products/premium.yaml with 301 plans",
    good: "# products/premium_saas.yaml and products/premium_self_managed.yaml with 150 plans each",
};

pub const MAX: usize = 300;

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        if p.plans.len() > MAX {
            out.push(
                RULE.at(
                    walk::product_loc(p).at("plans"),
                    format!("product `{}` has {} plans; Zuora allows {MAX}", p.key, p.plans.len()),
                )
                .with_help("split the plans over several products"),
            );
        }
    }
}
