//! SKU303 `missing-default-currency-price`: every priced charge has a price in the default currency.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::Rule;
use crate::validate::walk::{self, PriceField};

pub static RULE: Rule = Rule {
    code: "SKU303",
    name: "missing-default-currency-price",
    severity: Severity::Error,
    summary: "A priced charge (or one of its tiers) has no price in the catalog's default currency.",
    explanation: "The default currency is the reference price: generated constants, ARR reports and the Salesforce \
standard price book use it. A charge priced only in other currencies has no reference price. Applies to list prices, \
each tier, overage prices and discount amounts separately.",
    bad: "# default_currency: USD\nprices: {EUR: 324.00, GBP: 275.00}",
    good: "# default_currency: USD\nprices: {USD: 348.00, EUR: 324.00, GBP: 275.00}",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let default = &catalog.root.default_currency;
    if !catalog.root.currencies.contains(default) {
        return; // SKU302 reports the root; every charge would repeat it.
    }
    for c in walk::charges(catalog) {
        let ch = c.charge;
        let mut maps = vec![(&ch.prices, PriceField::List)];
        maps.extend(ch.tiers.iter().enumerate().map(|(i, t)| (&t.prices, PriceField::Tier(i))));
        maps.push((&ch.overage_prices, PriceField::Overage));
        if let Some(d) = &ch.discount {
            maps.push((&d.amounts, PriceField::Discount));
        }
        for (map, field) in maps {
            if !map.is_empty() && !map.contains_key(default) {
                out.push(
                    RULE.at(
                        field.loc(&c),
                        format!("charge `{}` of plan `{}` has no `{default}` price", ch.key, c.plan.key),
                    )
                    .with_help(format!("add a `{default}:` price (the catalog's default currency)")),
                );
            }
        }
    }
}
