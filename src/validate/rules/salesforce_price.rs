//! SKU804 `salesforce-price-precision`: a price fits Salesforce's `UnitPrice` (18,2): at most 16 integer digits and
//! 2 decimal places. Prices finer than their currency's minor unit are SKU310's, not reported twice.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU804",
    name: "salesforce-price-precision",
    severity: Severity::Error,
    summary: "A price does not fit Salesforce's `UnitPrice` (18 digits, 2 decimals): more than 16 integer digits, or \
more than 2 decimals in a 3-decimal currency.",
    explanation: "Zuora 360 syncs every price into a Salesforce PricebookEntry whose `UnitPrice` is a currency field \
of precision 18, scale 2. Salesforce rounds a third decimal (KWD, BHD, OMR allow three) and refuses more than 16 \
integer digits, so the price book would disagree with Zuora.",
    bad: "prices: {USD: 29.00, KWD: 8.925}",
    good: "prices: {USD: 29.00, KWD: 8.93}",
};

pub const MAX_INTEGER_DIGITS: usize = 16;
pub const MAX_DECIMALS: u32 = 2;

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for c in walk::charges(catalog) {
        for p in walk::prices(&c) {
            let v = p.amount.value().normalize();
            let int_digits = v.trunc().abs().to_string().trim_start_matches('0').len();
            let minor = p.currency.minor_unit_digits();
            let decimals = v.scale();
            let too_fine = decimals > MAX_DECIMALS && minor.is_some_and(|m| decimals <= m);
            if int_digits > MAX_INTEGER_DIGITS {
                out.push(
                    RULE.at(p.loc(), format!("price {} {} of charge `{}` has {int_digits} integer digits; Salesforce holds {MAX_INTEGER_DIGITS}", p.amount, p.currency, c.charge.key))
                        .with_help("this price cannot be synced to Salesforce; check for a typo"),
                );
            } else if too_fine {
                out.push(
                    RULE.at(
                        p.loc(),
                        format!(
                            "price {} {} of charge `{}` has {decimals} decimal places; Salesforce keeps {MAX_DECIMALS}",
                            p.amount, p.currency, c.charge.key
                        ),
                    )
                    .with_help("round the price to 2 decimal places"),
                );
            }
        }
    }
}
