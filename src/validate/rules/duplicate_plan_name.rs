//! SKU115 `duplicate-plan-name`: plan names are unique within their product.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU115",
    name: "duplicate-plan-name",
    severity: Severity::Error,
    summary: "Two plans of one product have the same name.",
    explanation: "The rate plan name is the customer-facing SKU name shown on quotes and invoices. Two plans of one \
product with the same name cannot be told apart by sales or customers. When a price changes, keep the old plan under \
a distinct name (e.g. `(2021 Price)`) next to the new one.",
    bad: "plans:\n  - key: saas_premium_1y_v1\n    name: SaaS - Premium - 1 Year\n  - key: saas_premium_1y\n    name: SaaS - Premium - 1 Year",
    good: "plans:\n  - key: saas_premium_1y_v1\n    name: SaaS - Premium - 1 Year (2021 Price)\n  - key: saas_premium_1y\n    name: SaaS - Premium - 1 Year",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for product in &catalog.products {
        let items = product.plans.iter().enumerate().map(|(i, pl)| (pl.name.as_str(), i));
        let loc = |i: &usize| walk::product_loc(product).at("plans").at(i).at("name");
        for (first, dup, name) in suggest::duplicates(items, loc) {
            out.push(
                RULE.at(dup, format!("plan name `{name}` is already used in product `{}`", product.key))
                    .with_related(first, "first used here")
                    .with_help("give each plan of a product a distinct name"),
            );
        }
    }
}
