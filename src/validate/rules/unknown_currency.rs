//! SKU300 `unknown-currency`: a currency code that ISO 4217 does not know.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, CurrencyCode};
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU300",
    name: "unknown-currency",
    severity: Severity::Error,
    summary: "A currency code is not an ISO 4217 currency.",
    explanation: "Zuora and Salesforce only accept ISO 4217 currency codes, and the code decides how many decimals a \
price may have (USD 2, JPY 0, KWD 3). An unknown code is usually a typo (`EUD`, `YEN`).",
    bad: "currencies: [USD, YEN]",
    good: "currencies: [USD, JPY]",
};

const COMMON: &[&str] = &["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "BRL", "KWD", "SEK"];

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let mut report =
        |code: &CurrencyCode, loc: Location| {
            if !code.is_known() {
                out.push(
                    RULE.at(loc, format!("`{code}` is not an ISO 4217 currency code"))
                        .with_help(suggest::did_you_mean(code.as_str(), "currency", COMMON.iter().copied())),
                );
            }
        };
    let root = walk::root_loc(catalog);
    for (i, c) in catalog.root.currencies.iter().enumerate() {
        report(c, root.at("currencies").at(i));
    }
    if !catalog.root.currencies.contains(&catalog.root.default_currency) {
        report(&catalog.root.default_currency, root.at("default_currency"));
    }
    for c in walk::charges(catalog) {
        for p in walk::prices(&c) {
            // A declared unknown currency is reported once, where it is declared.
            if !catalog.root.currencies.contains(p.currency) {
                report(p.currency, p.loc());
            }
        }
    }
}
