//! Walking the catalog with locations: every product, plan, charge and price together with the JSON pointer of
//! the YAML node it was read from. Rules use these instead of indexing by hand, so pointers stay consistent.

use crate::diagnostic::Location;
use crate::model::{Catalog, Charge, CurrencyCode, Money, Plan, Product};

/// A plan with its product and its index. Locations are built only when asked for (when a rule reports), so
/// walking a catalog of 100,000 prices allocates no pointers.
#[derive(Debug, Clone, Copy)]
pub struct PlanAt<'a> {
    pub product: &'a Product,
    pub plan: &'a Plan,
    pub index: usize,
}

impl PlanAt<'_> {
    /// `/plans/N` in the product's file.
    #[must_use]
    pub fn loc(&self) -> Location {
        product_loc(self.product).at("plans").at(self.index)
    }
}

/// A charge with its plan and their indices.
#[derive(Debug, Clone, Copy)]
pub struct ChargeAt<'a> {
    pub product: &'a Product,
    pub plan: &'a Plan,
    pub charge: &'a Charge,
    pub plan_index: usize,
    pub index: usize,
}

impl ChargeAt<'_> {
    /// `/plans/N/charges/M` in the product's file.
    #[must_use]
    pub fn loc(&self) -> Location {
        product_loc(self.product).at("plans").at(self.plan_index).at("charges").at(self.index)
    }
}

/// Where in a charge a price sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    /// `prices`
    List,
    /// `tiers/N/prices`
    Tier(usize),
    /// `overage_prices`
    Overage,
    /// `discount/amounts`
    Discount,
}

impl PriceField {
    /// The location of this price map in charge `c`, e.g. `/plans/0/charges/1/tiers/2/prices`.
    #[must_use]
    pub fn loc(self, c: &ChargeAt<'_>) -> Location {
        let at = c.loc();
        match self {
            PriceField::List => at.at("prices"),
            PriceField::Tier(i) => at.at("tiers").at(i).at("prices"),
            PriceField::Overage => at.at("overage_prices"),
            PriceField::Discount => at.at("discount").at("amounts"),
        }
    }
}

/// One price anywhere in a charge: a list price, a tier price, an overage price or a discount amount.
#[derive(Debug, Clone, Copy)]
pub struct PriceAt<'a> {
    pub charge: &'a ChargeAt<'a>,
    pub currency: &'a CurrencyCode,
    pub amount: Money,
    pub field: PriceField,
}

impl PriceAt<'_> {
    /// E.g. `/plans/0/charges/1/tiers/2/prices/EUR`.
    #[must_use]
    pub fn loc(&self) -> Location {
        self.field.loc(self.charge).at(self.currency)
    }
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
    catalog
        .products
        .iter()
        .flat_map(|product| product.plans.iter().enumerate().map(move |(index, plan)| PlanAt { product, plan, index }))
}

/// Every charge, in catalog order.
pub fn charges(catalog: &Catalog) -> impl Iterator<Item = ChargeAt<'_>> {
    plans(catalog).flat_map(|p| {
        p.plan.charges.iter().enumerate().map(move |(index, charge)| ChargeAt {
            product: p.product,
            plan: p.plan,
            charge,
            plan_index: p.index,
            index,
        })
    })
}

/// Every price of one charge: `prices`, each tier's `prices`, `overage_prices` and `discount.amounts`.
#[must_use]
pub fn prices<'a>(c: &'a ChargeAt<'a>) -> Vec<PriceAt<'a>> {
    let mut out = Vec::new();
    let mut push = |map: &'a crate::model::Prices, field: PriceField| {
        for (currency, amount) in map {
            out.push(PriceAt { charge: c, currency, amount: *amount, field });
        }
    };
    push(&c.charge.prices, PriceField::List);
    for (i, tier) in c.charge.tiers.iter().enumerate() {
        push(&tier.prices, PriceField::Tier(i));
    }
    push(&c.charge.overage_prices, PriceField::Overage);
    if let Some(d) = &c.charge.discount {
        push(&d.amounts, PriceField::Discount);
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

/// Every currency a charge is priced in.
#[must_use]
pub fn currencies_of<'a>(c: &'a ChargeAt<'a>) -> std::collections::BTreeSet<&'a CurrencyCode> {
    prices(c).into_iter().map(|p| p.currency).collect()
}

/// The location of the map holding a charge's prices, for "missing price" findings: `prices`, else `tiers`, else
/// `overage_prices`, else `discount/amounts`, else the charge itself.
#[must_use]
pub fn price_home(c: &ChargeAt<'_>) -> Location {
    let ch = c.charge;
    let loc = c.loc();
    if !ch.prices.is_empty() {
        loc.at("prices")
    } else if !ch.tiers.is_empty() {
        loc.at("tiers")
    } else if !ch.overage_prices.is_empty() {
        loc.at("overage_prices")
    } else if ch.discount.as_ref().is_some_and(|d| !d.amounts.is_empty()) {
        loc.at("discount").at("amounts")
    } else {
        loc
    }
}

/// Names the charge in messages: "charge `seat` of plan `saas_premium_1y`" (formatted only when a rule reports).
impl std::fmt::Display for ChargeAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "charge `{}` of plan `{}`", self.charge.key, self.plan.key)
    }
}

/// The YAML spelling of a closed-vocabulary value (`per_unit`, `legacy`), for messages.
#[must_use]
pub fn yaml_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
