//! SKU503 `tiers-required`: tiered, volume and tiered-with-overage charges have tiers.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU503",
    name: "tiers-required",
    severity: Severity::Error,
    summary: "A tiered, volume or tiered-with-overage charge has no `tiers`.",
    explanation: "These models take their prices from tiers; without tiers the charge has no price at all.",
    bad: "model: volume\nprices: {USD: 1.00}",
    good: "model: volume\ntiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        if c.charge.model.uses_tiers() && c.charge.tiers.is_empty() {
            out.push(
                RULE.at(
                    c.loc().at("model"),
                    format!("charge `{}` of plan `{}` uses a tiered model but has no tiers", c.charge.key, c.plan.key),
                )
                .with_help("add `tiers:`, or use `per_unit` for a single price"),
            );
        }
    }
}
