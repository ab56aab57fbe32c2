//! SKU502 `missing-unit`: per-unit, tiered, volume and overage charges have a unit of measure.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeModel};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU502",
    name: "missing-unit",
    severity: Severity::Error,
    summary: "A per-unit, tiered, volume or overage charge has no `unit_of_measure`.",
    explanation: "These models multiply a price by a quantity; Zuora needs the unit the quantity counts (`Seat`, \
`Pack`, `GB`) and refuses the charge without one.",
    bad: "model: per_unit\nprices: {USD: 29.00}",
    good: "model: per_unit\nunit_of_measure: Seat\nprices: {USD: 29.00}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let needs = matches!(
            c.charge.model,
            ChargeModel::PerUnit
                | ChargeModel::Tiered
                | ChargeModel::Volume
                | ChargeModel::Overage
                | ChargeModel::TieredWithOverage
        );
        if needs && c.charge.unit_of_measure.as_deref().is_none_or(|u| u.trim().is_empty()) {
            out.push(
                RULE.at(
                    c.loc(),
                    format!(
                        "charge `{}` of plan `{}` is priced per unit but has no unit of measure",
                        c.charge.key, c.plan.key
                    ),
                )
                .with_help("add `unit_of_measure:` (e.g. `Seat`, `Pack`, `GB`)"),
            );
        }
    }
}
