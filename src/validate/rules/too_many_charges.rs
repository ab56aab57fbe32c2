//! SKU803 `too-many-charges`: a product has at most 300 charges over all its plans (Zuora).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU803",
    name: "too-many-charges",
    severity: Severity::Error,
    summary: "A product has more than 300 charges across its plans (Zuora's limit per product).",
    explanation: "Zuora refuses more than 300 rate plan charges per product. Split the plans over several products.",
    bad: "# products/premium.yaml: 160 plans with 2 charges each (320 charges)",
    good: "# products/premium_saas.yaml and products/premium_self_managed.yaml with 80 plans each",
};

pub const MAX: usize = 300;

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        let n: usize = p.plans.iter().map(|pl| pl.charges.len()).sum();
        if n > MAX {
            out.push(
                RULE.at(
                    walk::product_loc(p).at("plans"),
                    format!("product `{}` has {n} charges; Zuora allows {MAX} per product", p.key),
                )
                .with_help("split the plans over several products"),
            );
        }
    }
}
