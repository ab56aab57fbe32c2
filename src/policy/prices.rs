//! Price comparison of a matched charge: which prices changed in which currency, and whether the tier structure
//! changed (then tier prices are not compared one by one).

use std::collections::BTreeSet;

use crate::model::{Charge, CurrencyCode, Money, Prices};

use super::ChargeAt;

/// One price of a charge that changed in one currency.
#[derive(Debug, Clone)]
pub struct PriceDelta<'a> {
    pub old: ChargeAt<'a>,
    pub new: ChargeAt<'a>,
    /// `price`, `overage` or `tier N` (1-based).
    pub component: String,
    /// The YAML path of the price inside the charge, e.g. `["tiers", "1", "prices", "EUR"]`.
    pub path: Vec<String>,
    pub currency: CurrencyCode,
    pub old_price: Money,
    pub new_price: Money,
}

/// True when the tiers differ in count, boundaries or price format.
#[must_use]
pub fn tiers_restructured(old: &Charge, new: &Charge) -> bool {
    old.tiers.len() != new.tiers.len()
        || old.tiers.iter().zip(&new.tiers).any(|(o, n)| {
            o.starting_unit != n.starting_unit || o.ending_unit != n.ending_unit || o.price_format != n.price_format
        })
}

/// Every currency the charge is priced in (prices, tiers, overage, discount amounts).
#[must_use]
pub fn currencies(c: &Charge) -> BTreeSet<&CurrencyCode> {
    let mut out: BTreeSet<&CurrencyCode> = c.prices.keys().chain(c.overage_prices.keys()).collect();
    out.extend(c.tiers.iter().flat_map(|t| t.prices.keys()));
    out.extend(c.discount.iter().flat_map(|d| d.amounts.keys()));
    out
}

/// Every changed price of a matched charge, in a deterministic order (component, then currency).
#[must_use]
pub fn deltas<'a>(old: ChargeAt<'a>, new: ChargeAt<'a>) -> Vec<PriceDelta<'a>> {
    let mut out = Vec::new();
    let mut compare = |component: String, path: Vec<&str>, o: &Prices, n: &Prices| {
        for (cur, np) in n {
            if let Some(op) = o.get(cur).filter(|op| op.value() != np.value()) {
                let mut path: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
                path.push(cur.0.clone());
                out.push(PriceDelta {
                    old,
                    new,
                    component: component.clone(),
                    path,
                    currency: cur.clone(),
                    old_price: *op,
                    new_price: *np,
                });
            }
        }
    };
    compare("price".to_owned(), vec!["prices"], &old.charge.prices, &new.charge.prices);
    if !tiers_restructured(old.charge, new.charge) {
        for (i, (ot, nt)) in old.charge.tiers.iter().zip(&new.charge.tiers).enumerate() {
            let idx = i.to_string();
            compare(format!("tier {}", i + 1), vec!["tiers", &idx, "prices"], &ot.prices, &nt.prices);
        }
    }
    compare("overage".to_owned(), vec!["overage_prices"], &old.charge.overage_prices, &new.charge.overage_prices);
    out
}
