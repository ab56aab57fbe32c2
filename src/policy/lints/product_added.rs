//! CHG032 product-added.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG032",
        name: "product-added",
        severity: Severity::Info,
        summary: "A product was added.",
        explanation: "A new product; its plans are reported by `plan-added`. Needs a minor version bump.",
        bad: "# after: catalog/products/duo_pro.yaml is new",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.products_added()
        .into_iter()
        .map(|(_, p)| {
            let subject = format!("product `{}`", p.key);
            let msg = format!("{subject} (`{}`, SKU `{}`) was added", p.name, p.sku);
            Finding::new(&LINT, Owner::Product { product: p.key.clone() }, Location::root(p.source).at("key"), subject, msg)
        })
        .collect()
}
