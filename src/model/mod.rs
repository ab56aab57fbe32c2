//! The catalog model: plain data, no IO. Everything here derives `JsonSchema`, which is where
//! `schemas/catalog.schema.json` comes from.

mod allow;
mod catalog;
mod charge;
mod custom_fields;
mod key;
mod kinds;
mod money;
mod plan;
mod product;
mod source_id;

pub use allow::Allow;
pub use catalog::{Catalog, CatalogRoot, GroupDef, NamingConvention};
pub use charge::{Charge, Discount, Prices, Tier};
pub use custom_fields::{CustomFields, CustomValue};
pub use key::{CurrencyCode, Key};
pub use kinds::{
    BillingPeriod, BillingTiming, ChargeModel, ChargeType, ListPriceBase, PlanStatus, PriceChangeOnRenewal, PriceFormat,
    ProductCategory,
};
pub use money::{Money, Percentage, Quantity, parse_exact};
pub use plan::{Plan, Requirement};
pub use product::Product;
pub use source_id::SourceId;

fn example_custom_fields(name: &str, value: &str) -> CustomFields {
    let mut m = CustomFields::new();
    m.insert(name.to_owned(), CustomValue::Text(value.to_owned()));
    m
}

fn example_prices() -> Prices {
    let mut m = Prices::new();
    m.insert(CurrencyCode::from("USD"), Money(rust_decimal::Decimal::new(1999, 2)));
    m
}

fn example_allow() -> Vec<Allow> {
    vec![Allow { code: "CHG010".to_owned(), reason: "Approved by pricing committee, ticket FIN-1234".to_owned() }]
}

fn example_tiers() -> Vec<Tier> {
    let tier = |start: i64, end: Option<i64>, price: i64| Tier {
        starting_unit: Quantity(rust_decimal::Decimal::from(start)),
        ending_unit: end.map(|e| Quantity(rust_decimal::Decimal::from(e))),
        prices: [(CurrencyCode::from("USD"), Money(rust_decimal::Decimal::new(price, 2)))].into_iter().collect(),
        price_format: PriceFormat::PerUnit,
    };
    vec![tier(1, Some(1000), 1000), tier(1001, None, 800)]
}

fn example_charges() -> Vec<Charge> {
    vec![Charge {
        key: Key::from("seat"),
        name: "Premium seat".to_owned(),
        description: String::new(),
        charge_type: ChargeType::Recurring,
        model: ChargeModel::PerUnit,
        billing_period: Some(BillingPeriod::Annual),
        billing_timing: BillingTiming::InAdvance,
        unit_of_measure: Some("Seat".to_owned()),
        list_price_base: Some(ListPriceBase::PerBillingPeriod),
        prices: example_prices(),
        tiers: Vec::new(),
        included_units: None,
        overage_prices: Prices::new(),
        discount: None,
        price_change_on_renewal: PriceChangeOnRenewal::NoChange,
        custom_fields: CustomFields::new(),
        allow: Vec::new(),
    }]
}

fn example_plans() -> Vec<Plan> {
    vec![Plan {
        key: Key::from("saas_premium_1y"),
        name: "SaaS - Premium - 1 Year".to_owned(),
        sku: None,
        description: String::new(),
        status: PlanStatus::Active,
        purchasable: true,
        effective_start: chrono::NaiveDate::from_ymd_opt(2023, 4, 3).unwrap_or_default(),
        effective_end: None,
        groups: vec![Key::from("premium_saas_plans")],
        requires: Vec::new(),
        custom_fields: CustomFields::new(),
        allow: Vec::new(),
        charges: example_charges(),
    }]
}

fn example_discount() -> Discount {
    Discount {
        percentage: Some(Percentage(rust_decimal::Decimal::TEN)),
        amounts: Prices::new(),
        apply_to: vec![Key::from("saas_premium_1y")],
    }
}
