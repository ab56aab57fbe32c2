//! SKU402 `tier-overlap`: consecutive tiers do not cover the same units.

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU402",
    name: "tier-overlap",
    severity: Severity::Error,
    summary: "A tier starts at or before the previous tier's last unit (or after an open-ended tier).",
    explanation: "Tiers are inclusive ranges. When two tiers both contain a quantity, its price is ambiguous and \
Zuora rejects the charge. Only the last tier may be open-ended.",
    bad: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 100, prices: {USD: 0.90}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        for (i, pair) in c.charge.tiers.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            if b.starting_unit.value() <= a.starting_unit.value() {
                continue; // not ascending: SKU403
            }
            let loc = c.loc().at("tiers").at(i + 1).at("starting_unit");
            let what = format!("tier {} of charge `{}` (plan `{}`)", i + 2, c.charge.key, c.plan.key);
            match a.ending_unit {
                None => out.push(
                    RULE.at(
                        loc,
                        format!(
                            "{what} follows an open-ended tier, which already covers every unit from {}",
                            a.starting_unit
                        ),
                    )
                    .with_help(format!(
                        "give tier {} an `ending_unit` below {}",
                        i + 1,
                        b.starting_unit
                    )),
                ),
                Some(end) if b.starting_unit.value() <= end.value() => out.push(
                    RULE.at(loc, format!("{what} starts at {}, but the previous tier runs to {end}", b.starting_unit))
                        .with_help(format!("start this tier at {}", end.value() + Decimal::ONE)),
                ),
                Some(_) => {}
            }
        }
    }
}
