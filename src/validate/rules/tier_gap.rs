//! SKU401 `tier-gap`: consecutive tiers leave no units unpriced.

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU401",
    name: "tier-gap",
    severity: Severity::Error,
    summary: "A tier starts more than one unit after the previous tier ends, leaving a gap.",
    explanation: "Tiers are inclusive ranges: a tier ending at 100 is followed by one starting at 101. Quantities in a \
gap have no price, so a subscription with such a quantity cannot be billed.",
    bad: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 201, prices: {USD: 0.90}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        for (i, pair) in c.charge.tiers.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let Some(end) = a.ending_unit else { continue };
            if b.starting_unit.value() > a.starting_unit.value() && b.starting_unit.value() > end.value() + Decimal::ONE
            {
                out.push(
                    RULE.at(
                        c.loc().at("tiers").at(i + 1).at("starting_unit"),
                        format!(
                            "tier {} of charge `{}` (plan `{}`) starts at {} but the previous tier ends at {end}: units {} to {} have no price",
                            i + 2,
                            c.charge.key,
                            c.plan.key,
                            b.starting_unit,
                            end.value() + Decimal::ONE,
                            b.starting_unit.value() - Decimal::ONE
                        ),
                    )
                    .with_help(format!("start this tier at {}", end.value() + Decimal::ONE)),
                );
            }
        }
    }
}
