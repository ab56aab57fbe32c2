//! SKU310 `price-finer-than-minor-unit`: a price has more decimals than its currency's minor unit.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU310",
    name: "price-finer-than-minor-unit",
    severity: Severity::Error,
    summary: "A price has more decimal places than its currency allows (USD 2, JPY 0, KWD 3).",
    explanation: "An amount finer than the currency's minor unit (ISO 4217 exponent) cannot be invoiced: Zuora would \
round it, and the invoice would disagree with the catalog. Trailing zeros are fine (`19.990` is `19.99`).",
    bad: "prices: {USD: 19.999, JPY: 3000.5}",
    good: "prices: {USD: 19.99, JPY: 3000}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        for p in walk::prices(&c) {
            let Some(digits) = p.currency.minor_unit_digits() else { continue };
            let scale = p.amount.value().normalize().scale();
            if scale > digits {
                let unit = if digits == 0 { "whole units".to_owned() } else { format!("{digits} decimal places") };
                let places = if scale == 1 { "1 decimal place".to_owned() } else { format!("{scale} decimal places") };
                out.push(
                    RULE.at(
                        p.loc(),
                        format!(
                            "price {} {} of charge `{}` has {places}; {} allows {unit}",
                            p.amount, p.currency, c.charge.key, p.currency
                        ),
                    )
                    .with_help(format!("round it to {unit}")),
                );
            }
        }
    }
}
