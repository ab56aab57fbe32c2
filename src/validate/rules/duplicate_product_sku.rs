//! SKU111 `duplicate-product-sku`: product SKUs are unique across the catalog.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU111",
    name: "duplicate-product-sku",
    severity: Severity::Error,
    summary: "Two products have the same SKU.",
    explanation: "Zuora's product SKU is a unique identifier, and finance reports group revenue by it. A second \
product with the same SKU is refused by Zuora at apply time; catching it here keeps the plan applicable.",
    bad: "# products/premium_saas.yaml\nsku: GL-PREM\n# products/premium_self_managed.yaml\nsku: GL-PREM",
    good: "# products/premium_saas.yaml\nsku: GL-PREM-SAAS\n# products/premium_self_managed.yaml\nsku: GL-PREM-SM",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog.products.iter().map(|p| (p.sku.as_str(), p));
    for (first, dup, sku) in suggest::duplicates(items, |p| walk::product_loc(p).at("sku")) {
        out.push(
            RULE.at(dup, format!("product SKU `{sku}` is already used by another product"))
                .with_related(first, "first used here")
                .with_help("every product needs its own SKU"),
        );
    }
}
