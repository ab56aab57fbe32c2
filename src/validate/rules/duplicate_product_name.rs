//! SKU112 `duplicate-product-name`: product names are unique across the catalog.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU112",
    name: "duplicate-product-name",
    severity: Severity::Error,
    summary: "Two products have the same name.",
    explanation: "Zuora requires product names to be unique, and sales picks products by name in Salesforce: two \
products called the same are indistinguishable on a quote.",
    bad: "# products/premium_saas.yaml\nname: GitLab Premium\n# products/premium_self_managed.yaml\nname: GitLab Premium",
    good: "# products/premium_saas.yaml\nname: GitLab Premium - SaaS\n# products/premium_self_managed.yaml\nname: GitLab Premium - Self-Managed",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog.products.iter().map(|p| (p.name.as_str(), p));
    for (first, dup, name) in suggest::duplicates(items, |p| walk::product_loc(p).at("name")) {
        out.push(
            RULE.at(dup, format!("product name `{name}` is already used by another product"))
                .with_related(first, "first used here")
                .with_help("product names must be unique in Zuora; add the deployment or edition to the name"),
        );
    }
}
