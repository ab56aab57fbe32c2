//! SKU504 `unexpected-tiers`: only tiered, volume and tiered-with-overage charges have tiers.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU504",
    name: "unexpected-tiers",
    severity: Severity::Error,
    summary: "A charge whose model does not use tiers has `tiers`.",
    explanation: "Flat-fee, per-unit, overage and discount charges ignore tiers; tiers there are either a leftover or \
a sign that `model: tiered` or `volume` was meant.",
    bad: "model: per_unit\ntiers:\n  - {starting_unit: 1, prices: {USD: 1.00}}",
    good: "model: tiered\ntiers:\n  - {starting_unit: 1, prices: {USD: 1.00}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        if !c.charge.model.uses_tiers() && !c.charge.tiers.is_empty() {
            out.push(
                RULE.at(
                    c.loc().at("tiers"),
                    format!(
                        "charge `{}` of plan `{}` has tiers, but its model does not use them",
                        c.charge.key, c.plan.key
                    ),
                )
                .with_help("remove `tiers`, or change the model to `tiered` or `volume`"),
            );
        }
    }
}
