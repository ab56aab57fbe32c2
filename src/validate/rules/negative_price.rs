//! SKU311 `negative-price`: prices and discount amounts are zero or positive.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU311",
    name: "negative-price",
    severity: Severity::Error,
    summary: "A price (or discount amount) is negative.",
    explanation: "A negative list price would credit the customer on every invoice. Reductions are modelled as \
discount charges (`discount_fixed_amount` or `discount_percentage`) whose amounts are positive.",
    bad: "prices: {USD: -10.00}",
    good: "model: discount_fixed_amount\ndiscount:\n  amounts: {USD: 10.00}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        for p in walk::prices(&c) {
            if p.amount.value().is_sign_negative() && !p.amount.value().is_zero() {
                out.push(
                    RULE.at(
                        p.loc(),
                        format!("price {} {} of charge `{}` is negative", p.amount, p.currency, c.charge.key),
                    )
                    .with_help("use a positive price; model reductions with a discount charge"),
                );
            }
        }
    }
}
