//! SKU304 `active-plan-missing-currency`: an active plan is priced in every currency the catalog declares.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, PlanStatus};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU304",
    name: "active-plan-missing-currency",
    severity: Severity::Error,
    summary: "A charge of an active plan is not priced in every currency the catalog declares.",
    explanation: "Customers in every declared currency can buy active plans; a missing price makes the plan \
unsellable in that currency (Zuora has no price to bill). Plans that are no longer sold (deprecated, legacy, retired) \
may keep the currencies they were sold in. The default currency is checked by SKU303.",
    bad: "# currencies: [USD, EUR, JPY]\nstatus: active\ncharges:\n  - key: seat\n    prices: {USD: 348.00, EUR: 324.00}",
    good: "# currencies: [USD, EUR, JPY]\nstatus: active\ncharges:\n  - key: seat\n    prices: {USD: 348.00, EUR: 324.00, JPY: 52200}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let default = &catalog.root.default_currency;
    for c in walk::charges(catalog) {
        if c.plan.status != PlanStatus::Active || !walk::is_priced(c.charge) {
            continue;
        }
        let have = walk::currencies_of(&c);
        let missing: Vec<&str> = catalog
            .root
            .currencies
            .iter()
            .filter(|cur| *cur != default && !have.contains(cur))
            .map(|cur| cur.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(
                RULE.at(
                    walk::price_home(&c),
                    format!(
                        "charge `{}` of active plan `{}` has no price in {}",
                        c.charge.key,
                        c.plan.key,
                        missing.join(", ")
                    ),
                )
                .with_help("price it in every currency of `currencies`, or mark the plan deprecated or legacy"),
            );
        }
    }
}
