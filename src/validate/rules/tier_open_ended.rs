//! SKU404 `tiers-not-open-ended`: the last tier of a tiered or volume charge has no ending unit.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeModel};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU404",
    name: "tiers-not-open-ended",
    severity: Severity::Error,
    summary: "The last tier of a tiered or volume charge has an `ending_unit`, so larger quantities have no price.",
    explanation: "Without an open-ended last tier, any quantity above its ending unit cannot be priced and the \
subscription fails to bill. Leave `ending_unit` off the last tier. (Tiered-with-overage charges are exempt: beyond \
their last tier the overage price applies.)",
    bad: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, ending_unit: 1000, prices: {USD: 0.90}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        if !matches!(c.charge.model, ChargeModel::Tiered | ChargeModel::Volume) {
            continue;
        }
        let n = c.charge.tiers.len();
        if let Some(end) = c.charge.tiers.last().and_then(|t| t.ending_unit) {
            out.push(
                RULE.at(
                    c.loc().at("tiers").at(n - 1).at("ending_unit"),
                    format!(
                        "the last tier of charge `{}` (plan `{}`) ends at {end}; quantities above it have no price",
                        c.charge.key, c.plan.key
                    ),
                )
                .with_help("remove `ending_unit` from the last tier"),
            );
        }
    }
}
