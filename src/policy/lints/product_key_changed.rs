//! CHG010 product-key-changed: a product kept its SKU or name but got a new key.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG010",
        name: "product-key-changed",
        severity: Severity::Error,
        summary: "A product's key changed (same SKU or name, new key).",
        explanation: "The key is how skuctl matches the product to its Zuora and Salesforce objects and how generated \
code names it: a new key orphans the live product and breaks every integration. Keys never change. Forbidden.",
        bad: "key: premium_saas      # before\nkey: premium_gitlab_com  # after, same sku",
        good: "key: premium_saas\nname: GitLab Premium - GitLab.com   # change the name, keep the key",
    },
    bump: Bump::Forbidden,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.product_renames()
        .into_iter()
        .map(|(o, n)| {
            let subject = format!("product `{}`", n.key);
            let msg = format!("{subject} (`{}`, SKU `{}`) changed its key from `{}` to `{}`", n.name, n.sku, o.key, n.key);
            Finding::new(&LINT, Owner::Product { product: n.key.clone() }, Location::root(n.source).at("key"), subject, msg)
        })
        .collect()
}
