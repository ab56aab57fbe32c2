//! CHG001 product-removed: a product and all its plans are gone.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG001",
        name: "product-removed",
        severity: Severity::Warning,
        summary: "A product (with all its plans) was removed from the catalog.",
        explanation: "Every plan of the product disappears from generated code and can no longer be sold or renewed. \
Zuora cannot delete a product that subscriptions use: retire its plans (status `retired` with an effective end date) \
instead, and keep the product in the catalog. Needs a major version bump.",
        bad: "# before: catalog/products/storage.yaml exists\n# after: the file is deleted",
        good: "# keep the file; retire the plans\nplans:\n  - key: storage_10gb\n    status: retired\n    effective_end: 2026-12-31",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.products_removed()
        .into_iter()
        .map(|p| {
            let plans: Vec<String> = p.plans.iter().map(|pl| format!("`{}`", pl.key)).collect();
            let subject = format!("product `{}`", p.key);
            let plans = if plans.is_empty() { String::new() } else { format!(" with its plans {}", plans.join(", ")) };
            let msg = format!("{subject} (SKU `{}`) was removed{plans}", p.sku);
            Finding::new(&LINT, Owner::Root, Location::root(d.root).at("version"), subject, msg)
        })
        .collect()
}
