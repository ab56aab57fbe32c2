//! SKU110 `duplicate-product-key`: product keys are unique across the catalog.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU110",
    name: "duplicate-product-key",
    severity: Severity::Error,
    summary: "Two products have the same key.",
    explanation: "A product's key is how skuctl finds the matching Zuora product forever. Two products with one key \
would both claim the same remote object, and the plan could not say which one wins.",
    bad: "# products/premium_saas.yaml\nkey: premium_saas\n# products/premium_copy.yaml\nkey: premium_saas",
    good: "# products/premium_saas.yaml\nkey: premium_saas\n# products/premium_copy.yaml\nkey: premium_self_managed",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog.products.iter().map(|p| (p.key.as_str(), p));
    for (first, dup, key) in suggest::duplicates(items, |p| walk::product_loc(p).at("key")) {
        out.push(
            RULE.at(dup, format!("product key `{key}` is already used by another product"))
                .with_related(first, "first defined here")
                .with_help("give each product its own key; keys never change once applied"),
        );
    }
}
