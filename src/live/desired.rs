//! `desired_state`: the catalog mapped into the live model's shape, so plans diff like for like.
//!
//! Mapping (issue 4): Product -> Zuora Product; Plan -> ProductRatePlan and Salesforce Product2 (`ProductCode` =
//! the plan's SKU); Charge (+ tiers) -> ProductRatePlanCharge; one PricebookEntry per currency in the standard price
//! book and, when configured, in the custom one. Keys go into the catalog-key fields. Catalog-only concepts
//! (plan status, purchasable, groups, requires, allow) have no remote field and are not mapped. An open-ended
//! date becomes the environment's `open_end_date`.
//!
//! Salesforce list price (`UnitPrice`) of a plan in a currency: the sum of the plan's flat-fee and per-unit
//! recurring and one-time charge prices in that currency (0 when the plan has none, e.g. usage-only or discount
//! plans). Currencies: every currency any of the plan's charges is priced in, else the catalog's default
//! currency. `Product2.IsActive` is true for `active` and `deprecated` plans (still renewable).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{
    KeySource, LiveState, PriceBookKind, PriceBookRef, SalesforceState, SfPriceEntry, SfProduct, ZCharge, ZPricing,
    ZProduct, ZRatePlan, ZTier, ZuoraState,
};
use crate::config::EnvConfig;
use crate::model::{
    BillingPeriod, BillingTiming, Catalog, Charge, ChargeModel, ChargeType, CurrencyCode, ListPriceBase, Money, Plan,
    PlanStatus, PriceChangeOnRenewal, PriceFormat, Product, ProductCategory,
};

/// Maps the catalog into the live model for `env`.
#[must_use]
pub fn desired_state(catalog: &Catalog, env: &EnvConfig) -> LiveState {
    let open_end = env.zuora.open_end_date;
    let zuora = ZuoraState { products: catalog.products.iter().map(|p| product(p, open_end)).collect() };
    let salesforce = env.salesforce.as_ref().map(|sf| SalesforceState {
        standard_price_book_id: None,
        custom_price_book: sf.custom_price_book.as_ref().map(|n| PriceBookRef { name: n.clone(), id: None }),
        products: catalog
            .plans()
            .map(|(_, pl)| sf_product(pl, &catalog.root.default_currency, sf.custom_price_book.is_some()))
            .collect(),
    });
    let mut s = LiveState { zuora, salesforce };
    s.sort();
    s
}

/// Zuora category spelling of a catalog category.
#[must_use]
pub fn category_name(c: ProductCategory) -> &'static str {
    match c {
        ProductCategory::Base => "Base Products",
        ProductCategory::AddOn => "Add On Services",
        ProductCategory::Other => "Miscellaneous Products",
    }
}

fn product(p: &Product, open_end: chrono::NaiveDate) -> ZProduct {
    ZProduct {
        id: None,
        key: p.key.0.clone(),
        key_source: KeySource::Remote,
        name: p.name.clone(),
        sku: Some(p.sku.clone()),
        description: p.description.clone(),
        category: Some(category_name(p.category).to_owned()),
        effective_start: Some(p.effective_start),
        effective_end: Some(p.effective_end.unwrap_or(open_end)),
        product_number: None,
        custom_fields: p.custom_fields.clone(),
        rate_plans: p.plans.iter().map(|pl| rate_plan(pl, open_end)).collect(),
    }
}

fn rate_plan(pl: &Plan, open_end: chrono::NaiveDate) -> ZRatePlan {
    ZRatePlan {
        id: None,
        key: pl.key.0.clone(),
        key_source: KeySource::Remote,
        name: pl.name.clone(),
        description: pl.description.clone(),
        effective_start: Some(pl.effective_start),
        effective_end: Some(pl.effective_end.unwrap_or(open_end)),
        status: None,
        product_rate_plan_number: None,
        custom_fields: pl.custom_fields.clone(),
        charges: pl.charges.iter().map(charge).collect(),
    }
}

/// REST catalog spelling of a charge type.
#[must_use]
pub fn charge_type_name(t: ChargeType) -> &'static str {
    match t {
        ChargeType::Recurring => "Recurring",
        ChargeType::OneTime => "OneTime",
        ChargeType::Usage => "Usage",
    }
}

/// REST catalog spelling of a charge model.
#[must_use]
pub fn charge_model_name(m: ChargeModel) -> &'static str {
    match m {
        ChargeModel::FlatFee => "FlatFee",
        ChargeModel::PerUnit => "PerUnit",
        ChargeModel::Tiered => "Tiered",
        ChargeModel::Volume => "Volume",
        ChargeModel::Overage => "Overage",
        ChargeModel::TieredWithOverage => "TieredWithOverage",
        ChargeModel::DiscountFixedAmount => "DiscountFixedAmount",
        ChargeModel::DiscountPercentage => "DiscountPercentage",
    }
}

/// REST catalog spelling of a billing period, with the month count of `Specific_Months`.
#[must_use]
pub fn billing_period_name(b: BillingPeriod) -> (&'static str, Option<u32>) {
    match b {
        BillingPeriod::Month => ("Month", None),
        BillingPeriod::Quarter => ("Quarter", None),
        BillingPeriod::SemiAnnual => ("Semi_Annual", None),
        BillingPeriod::Annual => ("Annual", None),
        BillingPeriod::SpecificMonths(n) => ("Specific_Months", Some(u32::from(n))),
    }
}

/// REST catalog spelling of a list price base.
#[must_use]
pub fn list_price_base_name(l: ListPriceBase) -> &'static str {
    match l {
        ListPriceBase::PerBillingPeriod => "Per_Billing_Period",
        ListPriceBase::PerMonth => "Per_Month",
        ListPriceBase::PerWeek => "Per_Week",
        ListPriceBase::PerYear => "Per_Year",
        ListPriceBase::PerSpecificMonths => "Per_Specific_Months",
    }
}

/// Zuora `priceChangeOption` of a catalog renewal policy.
#[must_use]
pub fn price_change_name(p: PriceChangeOnRenewal) -> &'static str {
    match p {
        PriceChangeOnRenewal::NoChange => "NoChange",
        PriceChangeOnRenewal::UseLatestCatalogPricing => "UseLatestProductCatalogPricing",
        PriceChangeOnRenewal::SpecificPercentage => "SpecificPercentageValue",
    }
}

fn charge(c: &Charge) -> ZCharge {
    let mut pricing: BTreeMap<CurrencyCode, ZPricing> = BTreeMap::new();
    for (cur, price) in &c.prices {
        pricing.entry(cur.clone()).or_default().price = Some(*price);
    }
    for tier in &c.tiers {
        for (cur, price) in &tier.prices {
            pricing.entry(cur.clone()).or_default().tiers.push(ZTier {
                starting_unit: tier.starting_unit,
                ending_unit: tier.ending_unit,
                price: *price,
                price_format: match tier.price_format {
                    PriceFormat::PerUnit => "PerUnit",
                    PriceFormat::FlatFee => "FlatFee",
                }
                .to_owned(),
            });
        }
    }
    for (cur, price) in &c.overage_prices {
        pricing.entry(cur.clone()).or_default().overage_price = Some(*price);
    }
    if let Some(d) = &c.discount {
        for (cur, amount) in &d.amounts {
            pricing.entry(cur.clone()).or_default().discount_amount = Some(*amount);
        }
    }
    if let Some(units) = c.included_units {
        for p in pricing.values_mut() {
            p.included_units = Some(units);
        }
    }
    for p in pricing.values_mut() {
        p.tiers.sort_by_key(|t| t.starting_unit);
    }
    let (period, months) = c.billing_period.map_or((None, None), |b| {
        let (n, m) = billing_period_name(b);
        (Some(n.to_owned()), m)
    });
    let mut apply_to: Vec<String> =
        c.discount.as_ref().map(|d| d.apply_to.iter().map(|k| k.0.clone()).collect()).unwrap_or_default();
    apply_to.sort();
    apply_to.dedup();
    let mut z = ZCharge {
        id: None,
        key: c.key.0.clone(),
        key_source: KeySource::Remote,
        name: c.name.clone(),
        description: c.description.clone(),
        charge_type: charge_type_name(c.charge_type).to_owned(),
        model: charge_model_name(c.model).to_owned(),
        billing_period: period,
        specific_billing_period: months,
        billing_timing: match c.billing_timing {
            BillingTiming::InAdvance => "InAdvance",
            BillingTiming::InArrears => "InArrears",
        }
        .to_owned(),
        uom: c.unit_of_measure.clone(),
        list_price_base: c.list_price_base.map(|l| list_price_base_name(l).to_owned()),
        price_change_option: price_change_name(c.price_change_on_renewal).to_owned(),
        discount_percentage: c.discount.as_ref().and_then(|d| d.percentage),
        discount_apply_to: apply_to,
        pricing,
        custom_fields: c.custom_fields.clone(),
        unmanaged: BTreeMap::new(),
    };
    super::normalize::charge(&mut z);
    // What normalising set aside for later updates of a live charge; a desired charge has nothing unmanaged.
    z.unmanaged.clear();
    z
}

/// The Salesforce list price of a plan per currency (see the module doc).
#[must_use]
pub fn list_prices(pl: &Plan, default_currency: &CurrencyCode) -> BTreeMap<CurrencyCode, Money> {
    let mut currencies: BTreeSet<CurrencyCode> = BTreeSet::new();
    for c in &pl.charges {
        currencies.extend(c.prices.keys().cloned());
        currencies.extend(c.overage_prices.keys().cloned());
        currencies.extend(c.tiers.iter().flat_map(|t| t.prices.keys().cloned()));
        if let Some(d) = &c.discount {
            currencies.extend(d.amounts.keys().cloned());
        }
    }
    if currencies.is_empty() {
        currencies.insert(default_currency.clone());
    }
    currencies
        .into_iter()
        .map(|cur| {
            let sum: Decimal = pl
                .charges
                .iter()
                .filter(|c| {
                    matches!(c.model, ChargeModel::FlatFee | ChargeModel::PerUnit)
                        && matches!(c.charge_type, ChargeType::Recurring | ChargeType::OneTime)
                })
                .filter_map(|c| c.prices.get(&cur))
                .map(|m| m.0)
                .sum();
            (cur, Money(sum))
        })
        .collect()
}

fn sf_product(pl: &Plan, default_currency: &CurrencyCode, custom_book: bool) -> SfProduct {
    let mut entries = Vec::new();
    for (cur, price) in list_prices(pl, default_currency) {
        entries.push(SfPriceEntry {
            id: None,
            price_book: PriceBookKind::Standard,
            currency: cur.clone(),
            unit_price: price,
            is_active: true,
            use_standard_price: false,
        });
        if custom_book {
            entries.push(SfPriceEntry {
                id: None,
                price_book: PriceBookKind::Custom,
                currency: cur,
                unit_price: price,
                is_active: true,
                use_standard_price: false,
            });
        }
    }
    SfProduct {
        id: None,
        key: Some(pl.key.0.clone()),
        name: pl.name.clone(),
        product_code: Some(pl.effective_sku()),
        description: pl.description.clone(),
        is_active: matches!(pl.status, PlanStatus::Active | PlanStatus::Deprecated),
        entries,
    }
}
