//! CHG025 currency-removed: the catalog, or a charge, stopped selling in a currency.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG025",
        name: "currency-removed",
        severity: Severity::Warning,
        summary: "A currency was removed from the catalog or from a charge.",
        explanation: "Customers billed in that currency can no longer buy or renew. Needs a major version bump.",
        bad: "currencies: [USD, EUR, GBP]   # before\ncurrencies: [USD, EUR]        # after",
        good: "# the same change, with the catalog version bumped to the next major",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    currency_findings(d, &LINT, true)
}
