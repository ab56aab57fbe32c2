//! CHG012 product-sku-changed: same product key, new SKU.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG012",
        name: "product-sku-changed",
        severity: Severity::Error,
        summary: "A product's SKU changed.",
        explanation: "The SKU is what Salesforce, quotes, invoices and downstream finance systems know the product by; \
changing it breaks every integration that looks it up. Forbidden: create a new product instead.",
        bad: "sku: GL-PREM-SAAS     # before\nsku: GL-PREMIUM-SAAS  # after",
        good: "sku: GL-PREM-SAAS   # unchanged; a new product gets a new key and SKU",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.products_matched()
        .into_iter()
        .filter(|(o, n)| o.sku != n.sku)
        .map(|(o, n)| {
            let subject = format!("product `{}`", n.key);
            let msg = format!("{subject} changed its SKU from `{}` to `{}`", o.sku, n.sku);
            Finding::new(&LINT, Owner::Product { product: n.key.clone() }, Location::root(n.source).at("sku"), subject, msg)
        })
        .collect()
}
