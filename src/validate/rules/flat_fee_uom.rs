//! SKU501 `flat-fee-with-unit`: flat-fee charges have no unit of measure.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeModel};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU501",
    name: "flat-fee-with-unit",
    severity: Severity::Error,
    summary: "A flat-fee charge has a `unit_of_measure`.",
    explanation: "A flat fee is one price regardless of quantity, so it has no unit (GitLab's product catalog guide: \
\"Flat Fee charges have no UOM\"). A unit suggests a per-unit price was meant.",
    bad: "model: flat_fee\nunit_of_measure: Seat",
    good: "model: flat_fee",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        if c.charge.model == ChargeModel::FlatFee
            && let Some(uom) = &c.charge.unit_of_measure
        {
            out.push(
                RULE.at(
                    c.loc().at("unit_of_measure"),
                    format!("flat-fee charge `{}` of plan `{}` has unit of measure `{uom}`", c.charge.key, c.plan.key),
                )
                .with_help("remove `unit_of_measure`, or use `model: per_unit` if the price is per unit"),
            );
        }
    }
}
