//! A synthetic catalog at Zuora Deployment Manager's maximum scale, for benchmarks: `products` products with 5
//! plans each, 2 charges per plan (a per-unit seat and a one-time setup fee) priced in 4 currencies. 2,800
//! products give 14,000 plans and 112,000 prices. Deterministic: the same count gives byte-identical files, and the
//! catalog validates clean.

use std::fmt::Write as _;

/// Currencies of the synthetic catalog, with the number of decimals its prices use.
const CURRENCIES: [(&str, u32); 4] = [("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0)];
const DEPLOYMENTS: [&str; 3] = ["SaaS", "Self-Managed", "Dedicated"];

/// Every file of the catalog as (path relative to the catalog directory, text), root first.
#[must_use]
pub fn files(products: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(products + 1);
    out.push(("catalog.yaml".to_owned(), root()));
    for i in 1..=products {
        out.push((format!("products/product_{i:05}.yaml"), product(i)));
    }
    out
}

fn root() -> String {
    let currencies: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
    format!(
        "# yaml-language-server: $schema=../schemas/catalog.schema.json\n\
         name: Synthetic\nversion: 1.0.0\ncurrencies: [{}]\ndefault_currency: USD\n\
         groups:\n  synthetic_plans:\n    description: Every synthetic plan\n",
        currencies.join(", ")
    )
}

/// A price for product `i`, plan `p`, charge `c` in a currency with `scale` decimals: varied, exact, positive.
fn price(i: usize, p: usize, c: usize, scale: u32) -> String {
    let units = 5 + (i * 7 + p * 13 + c * 29) % 400;
    match scale {
        0 => format!("{}", units * 150),
        _ => format!("{units}.{:02}", (i + p * 3 + c) % 100),
    }
}

fn prices(i: usize, p: usize, c: usize) -> String {
    let items: Vec<String> = CURRENCIES.iter().map(|(cur, scale)| format!("{cur}: {}", price(i, p, c, *scale))).collect();
    format!("{{{}}}", items.join(", "))
}

fn product(i: usize) -> String {
    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        "# yaml-language-server: $schema=../../schemas/product.schema.json\n\
         key: product_{i:05}\nname: Synthetic Product {i:05}\nsku: SYN-{i:05}\n\
         description: Synthetic product number {i} for benchmarks\ncategory: base\neffective_start: 2024-01-01\n\
         custom_fields:\n  Tier__c: synthetic\nplans:\n"
    );
    for p in 1..=5 {
        let deployment = DEPLOYMENTS[(i + p) % DEPLOYMENTS.len()];
        let _ = write!(
            s,
            "  - key: product_{i:05}_plan_{p}\n    name: {deployment} - Product {i:05} Plan {p} - {p} Year\n\
             \x20   sku: SYN-{i:05}-{p}\n    status: active\n    purchasable: true\n    effective_start: 2024-01-01\n\
             \x20   groups: [synthetic_plans]\n    custom_fields:\n      CDotPlanStatus__c: active\n    charges:\n\
             \x20     - key: seat\n        name: Seat\n        type: recurring\n        model: per_unit\n\
             \x20       billing_period: annual\n        unit_of_measure: Seat\n        prices: {}\n\
             \x20     - key: setup\n        name: Setup fee\n        type: one_time\n        model: flat_fee\n\
             \x20       prices: {}\n",
            prices(i, p, 0),
            prices(i, p, 1)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_and_determinism() {
        let a = super::files(3);
        assert_eq!(a.len(), 4);
        assert_eq!(a, super::files(3));
        let prices: usize = a.iter().map(|(_, t)| t.matches("JPY: ").count()).sum();
        assert_eq!(prices, 3 * 5 * 2);
    }
}
