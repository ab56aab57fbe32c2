//! A charge (Zuora ProductRatePlanCharge) with its prices and tiers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Allow, BillingPeriod, BillingTiming, ChargeModel, ChargeType, CurrencyCode, CustomFields, Key, ListPriceBase, Money,
    Percentage, PriceChangeOnRenewal, PriceFormat, Quantity,
};

/// Prices by currency. Each is an exact decimal; never a float.
pub type Prices = BTreeMap<CurrencyCode, Money>;

/// A charge of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    /// Stable key, unique within its plan.
    #[schemars(example = Key::from("seat"))]
    pub key: Key,
    /// Display name.
    #[schemars(example = &"Premium seat")]
    pub name: String,
    /// Free text.
    #[serde(default)]
    #[schemars(example = &"One seat of GitLab Premium")]
    pub description: String,
    /// Recurring, one-time or usage. Fixed after go-live.
    #[serde(rename = "type")]
    #[schemars(example = ChargeType::Recurring)]
    pub charge_type: ChargeType,
    /// Pricing model. Fixed after go-live.
    #[schemars(example = ChargeModel::PerUnit)]
    pub model: ChargeModel,
    /// Billing period of recurring and usage charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = BillingPeriod::Annual)]
    pub billing_period: Option<BillingPeriod>,
    /// In advance (default) or in arrears.
    #[serde(default)]
    #[schemars(example = BillingTiming::InAdvance)]
    pub billing_timing: BillingTiming,
    /// Unit of measure (`Seat`, `Pack`, `GB`); required by per-unit, tiered, volume and overage models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Seat")]
    pub unit_of_measure: Option<String>,
    /// The period the list price is quoted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = ListPriceBase::PerBillingPeriod)]
    pub list_price_base: Option<ListPriceBase>,
    /// Price per currency, for flat fee and per unit models (rule SKU508 flags it on other models).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(example = super::example_prices())]
    pub prices: Prices,
    /// Tiers, for tiered, volume and tiered-with-overage models, ascending and contiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = super::example_tiers())]
    pub tiers: Vec<Tier>,
    /// Units included before overage applies (usage overage models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = Quantity(rust_decimal::Decimal::from(400)))]
    pub included_units: Option<Quantity>,
    /// Overage price per unit beyond the included units (`overage`) or the last tier (`tiered_with_overage`), per
    /// currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(example = super::example_prices())]
    pub overage_prices: Prices,
    /// For discount models: the percentage or amounts, and which plans it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = super::example_discount())]
    pub discount: Option<Discount>,
    /// What existing subscriptions pay for this charge at renewal after a price change.
    #[serde(default)]
    #[schemars(example = PriceChangeOnRenewal::NoChange)]
    pub price_change_on_renewal: PriceChangeOnRenewal,
    /// Provider custom fields passed through untouched.
    #[serde(default)]
    #[schemars(example = super::example_custom_fields("ChargeCode__c", "PREM-SEAT"))]
    pub custom_fields: CustomFields,
    /// Change-policy findings allowed for this charge, each with a written reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = super::example_allow())]
    pub allow: Vec<Allow>,
}

/// One price tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// First unit of the tier (the first tier starts at 0 or 1).
    #[schemars(example = Quantity(rust_decimal::Decimal::ONE))]
    pub starting_unit: Quantity,
    /// Last unit of the tier; absent on the open-ended last tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = Quantity(rust_decimal::Decimal::from(100)))]
    pub ending_unit: Option<Quantity>,
    /// Price per currency.
    #[schemars(example = super::example_prices())]
    pub prices: Prices,
    /// Per unit (default) or a flat fee for the whole tier.
    #[serde(default)]
    #[schemars(example = PriceFormat::PerUnit)]
    pub price_format: PriceFormat,
}

/// A discount's value and target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    /// For `discount_percentage`: the percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = Percentage(rust_decimal::Decimal::TEN))]
    pub percentage: Option<Percentage>,
    /// For `discount_fixed_amount`: the amount per currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(example = super::example_prices())]
    pub amounts: Prices,
    /// Plan keys the discount applies to; empty means the whole subscription.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = vec![Key::from("saas_premium_1y")])]
    pub apply_to: Vec<Key>,
}
