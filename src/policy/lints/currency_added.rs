//! CHG035 currency-added: the catalog, or a charge, now sells in a new currency.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG035",
        name: "currency-added",
        severity: Severity::Info,
        summary: "A currency was added to the catalog or to a charge.",
        explanation: "Customers can now buy in that currency. Needs a minor version bump.",
        bad: "currencies: [USD, EUR]        # before\ncurrencies: [USD, EUR, JPY]   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    currency_findings(d, &LINT, false)
}
