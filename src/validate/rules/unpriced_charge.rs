//! SKU507 `unpriced-charge`: a charge has the prices its model needs.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, ChargeModel};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU507",
    name: "unpriced-charge",
    severity: Severity::Error,
    summary: "A charge lacks the prices its model needs (`prices`, tier prices, or `overage_prices`).",
    explanation: "Flat-fee and per-unit charges take `prices`; tiered and volume charges take a price in each tier; \
overage charges take `overage_prices` (tiered-with-overage both). A charge without them has nothing to bill. A free \
charge is written with an explicit price of 0.",
    bad: "type: usage\nmodel: overage\nunit_of_measure: GB\nincluded_units: 10",
    good: "type: usage\nmodel: overage\nunit_of_measure: GB\nincluded_units: 10\noverage_prices: {USD: 0.50}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let ch = c.charge;
        let who = &c;
        let mut report = |loc, msg: String, help: &str| out.push(RULE.at(loc, msg).with_help(help));
        match ch.model {
            ChargeModel::FlatFee | ChargeModel::PerUnit if ch.prices.is_empty() => {
                report(c.loc(), format!("{who} has no `prices`"), "add `prices:` per currency (0 for a free charge)");
            }
            ChargeModel::Overage | ChargeModel::TieredWithOverage if ch.overage_prices.is_empty() => {
                report(c.loc(), format!("{who} has no `overage_prices`"), "add `overage_prices:` per currency");
            }
            _ => {}
        }
        if ch.model.uses_tiers() {
            for (i, t) in ch.tiers.iter().enumerate() {
                if t.prices.is_empty() {
                    report(
                        c.loc().at("tiers").at(i),
                        format!("tier {} of {who} has no prices", i + 1),
                        "add `prices:` to the tier",
                    );
                }
            }
        }
    }
}
