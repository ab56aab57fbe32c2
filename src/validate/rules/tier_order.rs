//! SKU403 `tiers-not-ascending`: tiers are listed in ascending order and each ends at or after its start.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU403",
    name: "tiers-not-ascending",
    severity: Severity::Error,
    summary: "Tiers are not in ascending order of starting unit, or a tier ends before it starts.",
    explanation: "Zuora evaluates tiers in order; a list out of order (or a tier whose ending unit is below its \
starting unit) describes no valid price curve. List tiers from the lowest quantity to the highest.",
    bad: "tiers:\n  - {starting_unit: 101, prices: {USD: 0.90}}\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}",
    good: "tiers:\n  - {starting_unit: 1, ending_unit: 100, prices: {USD: 1.00}}\n  - {starting_unit: 101, prices: {USD: 0.90}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let tiers = &c.charge.tiers;
        for (i, t) in tiers.iter().enumerate() {
            if let Some(end) = t.ending_unit
                && end.value() < t.starting_unit.value()
            {
                out.push(
                    RULE.at(
                        c.loc().at("tiers").at(i).at("ending_unit"),
                        format!(
                            "tier {} of charge `{}` (plan `{}`) ends at {end}, before its start {}",
                            i + 1,
                            c.charge.key,
                            c.plan.key,
                            t.starting_unit
                        ),
                    )
                    .with_help("the ending unit must be at least the starting unit"),
                );
            }
            if i > 0 && t.starting_unit.value() <= tiers[i - 1].starting_unit.value() {
                out.push(
                    RULE.at(
                        c.loc().at("tiers").at(i).at("starting_unit"),
                        format!(
                            "tier {} of charge `{}` (plan `{}`) starts at {}, not after tier {} (starting at {})",
                            i + 1,
                            c.charge.key,
                            c.plan.key,
                            t.starting_unit,
                            i,
                            tiers[i - 1].starting_unit
                        ),
                    )
                    .with_help("list tiers in ascending order of `starting_unit`"),
                );
            }
        }
    }
}
