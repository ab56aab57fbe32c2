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
