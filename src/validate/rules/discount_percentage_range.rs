//! SKU506 `discount-percentage-range`: a discount percentage is above 0 and at most 100.

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU506",
    name: "discount-percentage-range",
    severity: Severity::Error,
    summary: "A discount percentage is not in the range (0, 100].",
    explanation: "A percentage of 0 discounts nothing, and one above 100 would pay the customer. Write `10` for ten \
percent (not `0.10`).",
    bad: "discount:\n  percentage: 150",
    good: "discount:\n  percentage: 15",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        let Some(p) = c.charge.discount.as_ref().and_then(|d| d.percentage) else { continue };
        if p.value() <= Decimal::ZERO || p.value() > Decimal::ONE_HUNDRED {
            out.push(
                RULE.at(
                    c.loc().at("discount").at("percentage"),
                    format!("discount `{}` of plan `{}` is {p}%, outside (0, 100]", c.charge.key, c.plan.key),
                )
                .with_help("use a percentage above 0 and at most 100, e.g. `10` for ten percent"),
            );
        }
    }
}
