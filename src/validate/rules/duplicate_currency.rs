//! SKU117 `duplicate-currency`: the catalog declares each currency once.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU117",
    name: "duplicate-currency",
    severity: Severity::Error,
    summary: "The catalog's `currencies` list names a currency twice.",
    explanation: "Each currency is activated once per rate plan in Zuora. A repeated entry is almost always a typo \
for another currency that was meant to be declared.",
    bad: "currencies: [USD, EUR, USD]",
    good: "currencies: [USD, EUR, GBP]",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let base = walk::root_loc(catalog).at("currencies");
    let items = catalog.root.currencies.iter().enumerate().map(|(i, c)| (c.as_str(), i));
    for (first, dup, code) in suggest::duplicates(items, |i| base.at(i)) {
        out.push(
            RULE.at(dup, format!("currency `{code}` is declared twice"))
                .with_related(first, "first declared here")
                .with_help("remove the repeated entry"),
        );
    }
}
