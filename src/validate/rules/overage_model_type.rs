//! SKU500 `overage-model-not-usage`: overage models exist only on usage charges.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeType};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU500",
    name: "overage-model-not-usage",
    severity: Severity::Error,
    summary: "An `overage` or `tiered_with_overage` charge is not a usage charge.",
    explanation: "Overage is computed from measured usage against included units; Zuora offers these models only on \
usage charges. A recurring or one-time charge cannot have overage. The charge model cannot be changed after go-live, \
so this must be right before the first apply.",
    bad: "type: recurring\nmodel: overage",
    good: "type: usage\nmodel: overage",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        if c.charge.model.is_overage() && c.charge.charge_type != ChargeType::Usage {
            out.push(
                RULE.at(
                    c.loc().at("model"),
                    format!(
                        "charge `{}` of plan `{}` uses an overage model but is not a usage charge",
                        c.charge.key, c.plan.key
                    ),
                )
                .with_help("make it `type: usage`, or use `per_unit`, `tiered` or `volume`"),
            );
        }
    }
}
