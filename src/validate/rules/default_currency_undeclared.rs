//! SKU302 `default-currency-undeclared`: the default currency is one of the declared currencies.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU302",
    name: "default-currency-undeclared",
    severity: Severity::Error,
    summary: "`default_currency` is not listed in `currencies`.",
    explanation: "Every priced charge must have a price in the default currency, so the default must be one of the \
currencies the catalog sells in.",
    bad: "currencies: [EUR, GBP]\ndefault_currency: USD",
    good: "currencies: [USD, EUR, GBP]\ndefault_currency: USD",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let root = &catalog.root;
    if !root.currencies.contains(&root.default_currency) {
        out.push(
            RULE.at(
                walk::root_loc(catalog).at("default_currency"),
                format!("default currency `{}` is not in `currencies`", root.default_currency),
            )
            .with_help(format!(
                "add `{}` to `currencies`, or pick one of the declared currencies",
                root.default_currency
            )),
        );
    }
}
