//! SKU508 `unused-price-field`: a charge carries a price field its model ignores.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU508",
    name: "unused-price-field",
    severity: Severity::Error,
    summary: "A charge has `prices`, `overage_prices` or `included_units` that its model does not use.",
    explanation: "`prices` belongs to flat-fee and per-unit charges (tiered models price each tier, overage models use \
`overage_prices`, discounts use `discount`); `overage_prices` and `included_units` belong to overage models. A value \
the model ignores would never reach Zuora, so the catalog would say one price and customers would pay another.",
    bad: "model: tiered\nprices: {USD: 1.00}\ntiers:\n  - {starting_unit: 1, prices: {USD: 1.00}}",
    good: "model: tiered\ntiers:\n  - {starting_unit: 1, prices: {USD: 1.00}}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let ch = c.charge;
        let who = &c;
        let mut report = |field: &str| {
            let model = walk::yaml_name(ch.model);
            out.push(
                RULE.at(c.loc().at(field), format!("{who} has `{field}`, which model `{model}` does not use"))
                    .with_help(format!("remove `{field}`, or change the model")),
            );
        };
        let uses_prices = matches!(ch.model, crate::model::ChargeModel::FlatFee | crate::model::ChargeModel::PerUnit);
        if !ch.prices.is_empty() && !uses_prices {
            report("prices");
        }
        if !ch.overage_prices.is_empty() && !ch.model.is_overage() {
            report("overage_prices");
        }
        if ch.included_units.is_some() && !ch.model.is_overage() {
            report("included_units");
        }
    }
}
