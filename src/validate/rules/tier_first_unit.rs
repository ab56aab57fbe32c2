//! SKU400 `tiers-first-unit`: the first tier starts at unit 0 or 1.

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU400",
    name: "tiers-first-unit",
    severity: Severity::Error,
    summary: "The first tier does not start at unit 0 or 1.",
    explanation: "Quantities below the first tier's starting unit would have no price: Zuora rejects the subscription \
or bills nothing. The first tier starts at 0 (or 1 when a quantity is always at least one).",
    bad: "tiers:\n  - {starting_unit: 10, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let Some(first) = c.charge.tiers.first() else { continue };
        let start = first.starting_unit.value();
        if start != Decimal::ZERO && start != Decimal::ONE {
            out.push(
                RULE.at(
                    c.loc().at("tiers").at(0).at("starting_unit"),
                    format!("the first tier of charge `{}` (plan `{}`) starts at {start}, leaving lower quantities unpriced", c.charge.key, c.plan.key),
                )
                .with_help("start the first tier at 0 or 1"),
            );
        }
    }
}
