//! Walking the catalog with locations: every product, plan, charge and price together with the JSON pointer of
//! the YAML node it was read from. Rules use these instead of indexing by hand, so pointers stay consistent.

use crate::diagnostic::Location;
use crate::model::{Catalog, Charge, CurrencyCode, Money, Plan, Product};

/// A plan with its product and its location (`/plans/N` in the product's file).
#[derive(Debug, Clone)]
pub struct PlanAt<'a> {
    pub product: &'a Product,
    pub plan: &'a Plan,
    pub loc: Location,
}

/// A charge with its plan and its location (`/plans/N/charges/M`).
#[derive(Debug, Clone)]
pub struct ChargeAt<'a> {
    pub product: &'a Product,
    pub plan: &'a Plan,
    pub charge: &'a Charge,
    pub loc: Location,
}

/// One price anywhere in a charge: a list price, a tier price, an overage price or a discount amount.
#[derive(Debug, Clone)]
pub struct PriceAt<'a> {
    pub charge: &'a ChargeAt<'a>,
    pub currency: &'a CurrencyCode,
    pub amount: Money,
    pub loc: Location,
}

/// The location of a product's file (its whole document).
#[must_use]
pub fn product_loc(product: &Product) -> Location {
    Location::root(product.source)
}

/// The location of the catalog root file.
#[must_use]
pub fn root_loc(catalog: &Catalog) -> Location {
    Location::root(catalog.root_source)
}

/// Every plan, in catalog order.
pub fn plans(catalog: &Catalog) -> impl Iterator<Item = PlanAt<'_>> {
    catalog.products.iter().flat_map(|product| {
        let at = product_loc(product).at("plans");
        product.plans.iter().enumerate().map(move |(i, plan)| PlanAt { product, plan, loc: at.at(i) })
    })
}

/// Every charge, in catalog order.
pub fn charges(catalog: &Catalog) -> impl Iterator<Item = ChargeAt<'_>> {
    plans(catalog).flat_map(|p| {
        let at = p.loc.at("charges");
        p.plan.charges.iter().enumerate().map(move |(i, charge)| ChargeAt {
            product: p.product,
            plan: p.plan,
            charge,
            loc: at.at(i),
        })
    })
}

/// Every price of one charge: `prices`, each tier's `prices`, `overage_prices` and `discount.amounts`.
#[must_use]
pub fn prices<'a>(c: &'a ChargeAt<'a>) -> Vec<PriceAt<'a>> {
    let mut out = Vec::new();
    let mut push = |map: &'a crate::model::Prices, base: Location| {
        for (currency, amount) in map {
            out.push(PriceAt { charge: c, currency, amount: *amount, loc: base.at(currency) });
        }
    };
    push(&c.charge.prices, c.loc.at("prices"));
    for (i, tier) in c.charge.tiers.iter().enumerate() {
        push(&tier.prices, c.loc.at("tiers").at(i).at("prices"));
    }
    push(&c.charge.overage_prices, c.loc.at("overage_prices"));
    if let Some(d) = &c.charge.discount {
        push(&d.amounts, c.loc.at("discount").at("amounts"));
    }
    out
}

/// Whether the charge carries any price at all.
#[must_use]
pub fn is_priced(charge: &Charge) -> bool {
    !charge.prices.is_empty()
        || charge.tiers.iter().any(|t| !t.prices.is_empty())
        || !charge.overage_prices.is_empty()
        || charge.discount.as_ref().is_some_and(|d| !d.amounts.is_empty())
}

/// Every currency a charge is priced in, each with the location of one price in it (the first).
#[must_use]
pub fn currencies_of<'a>(c: &'a ChargeAt<'a>) -> std::collections::BTreeMap<&'a CurrencyCode, Location> {
    let mut m = std::collections::BTreeMap::new();
    for p in prices(c) {
        m.entry(p.currency).or_insert(p.loc);
    }
    m
}

/// The location of the map holding a charge's prices, for "missing price" findings: `prices`, else `tiers`, else
/// `overage_prices`, else `discount/amounts`, else the charge itself.
#[must_use]
pub fn price_home(c: &ChargeAt<'_>) -> Location {
    let ch = c.charge;
    if !ch.prices.is_empty() {
        c.loc.at("prices")
    } else if !ch.tiers.is_empty() {
        c.loc.at("tiers")
    } else if !ch.overage_prices.is_empty() {
        c.loc.at("overage_prices")
    } else if ch.discount.as_ref().is_some_and(|d| !d.amounts.is_empty()) {
        c.loc.at("discount").at("amounts")
    } else {
        c.loc.clone()
    }
}
