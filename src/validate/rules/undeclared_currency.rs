//! SKU301 `undeclared-currency`: a price in a currency the catalog root does not list.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU301",
    name: "undeclared-currency",
    severity: Severity::Error,
    summary: "A price is given in a currency that `catalog.yaml` does not declare in `currencies`.",
    explanation: "The catalog's `currencies` list is the set of currencies activated on every rate plan. A price in \
another currency would be dropped or rejected by Zuora. Declare the currency in the root first (and then price every \
active plan in it).",
    bad: "# catalog.yaml\ncurrencies: [USD, EUR]\n# a product\nprices: {USD: 29.00, CHF: 27.00}",
    good: "# catalog.yaml\ncurrencies: [USD, EUR, CHF]\n# a product\nprices: {USD: 29.00, EUR: 27.00, CHF: 27.00}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let declared = &catalog.root.currencies;
    let list = declared.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    for c in walk::charges(catalog) {
        for p in walk::prices(&c) {
            if p.currency.is_known() && !declared.contains(p.currency) {
                out.push(
                    RULE.at(
                        p.loc(),
                        format!(
                            "charge `{}` of plan `{}` has a price in `{}`, which the catalog does not declare",
                            c.charge.key, c.plan.key, p.currency
                        ),
                    )
                    .with_help(format!("add `{}` to `currencies` in catalog.yaml (declared: {list})", p.currency)),
                );
            }
        }
    }
}
