//! SKU405 `tier-currency-mismatch`: every tier of a charge is priced in the same currencies.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU405",
    name: "tier-currency-mismatch",
    severity: Severity::Error,
    summary: "The tiers of one charge are priced in different sets of currencies.",
    explanation: "Zuora needs every tier in every currency the charge is sold in: a customer billed in EUR whose \
quantity reaches a tier without a EUR price cannot be invoiced.",
    bad: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00, EUR: 0.93}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00, EUR: 0.93}}\n  - {starting_unit: 101, prices: {USD: 0.90, EUR: 0.84}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let Some(first) = c.charge.tiers.first() else { continue };
        let expected: Vec<&str> = first.prices.keys().map(|k| k.as_str()).collect();
        for (i, t) in c.charge.tiers.iter().enumerate().skip(1) {
            let got: Vec<&str> = t.prices.keys().map(|k| k.as_str()).collect();
            if got != expected {
                out.push(
                    RULE.at(
                        c.loc().at("tiers").at(i).at("prices"),
                        format!(
                            "tier {} of charge `{}` (plan `{}`) is priced in [{}] but tier 1 in [{}]",
                            i + 1,
                            c.charge.key,
                            c.plan.key,
                            got.join(", "),
                            expected.join(", ")
                        ),
                    )
                    .with_help("price every tier in the same currencies"),
                );
            }
        }
    }
}
