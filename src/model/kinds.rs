//! The closed vocabularies of the catalog language (statuses, charge types and models, billing terms).
//!
//! Spelled in `snake_case` in YAML; the provider mappings translate them to each API family's spelling.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of product this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductCategory {
    /// A base subscription product (Zuora category "Base Products").
    Base,
    /// An add-on bought together with a base plan ("Add On Services").
    AddOn,
    /// Anything else: services, true-ups ("Miscellaneous Products").
    Other,
}

/// Lifecycle status of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Sold today.
    Active,
    /// Still renewable by existing customers, not sold to new ones.
    Deprecated,
    /// Kept for old subscriptions only; never sold.
    Legacy,
    /// Expired in the provider (effective end date in the past); never sold.
    Retired,
}

/// When a charge is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChargeType {
    /// Billed every billing period.
    Recurring,
    /// Billed once.
    OneTime,
    /// Billed on measured usage, in arrears.
    Usage,
}

/// How a charge's price is computed. Cannot change after the charge has gone live (Zuora refuses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChargeModel {
    /// One price regardless of quantity.
    FlatFee,
    /// Price times quantity.
    PerUnit,
    /// Each unit priced by the tier it falls in.
    Tiered,
    /// All units priced by the tier the total falls in.
    Volume,
    /// Included units free, then an overage price per unit (usage charges only).
    Overage,
    /// Tiers plus an overage price beyond the last tier (usage charges only).
    TieredWithOverage,
    /// A fixed discount amount per currency.
    DiscountFixedAmount,
    /// A percentage discount.
    DiscountPercentage,
}

impl ChargeModel {
    /// Models priced through `tiers`.
    #[must_use]
    pub fn uses_tiers(self) -> bool {
        matches!(self, ChargeModel::Tiered | ChargeModel::Volume | ChargeModel::TieredWithOverage)
    }

    /// Models that exist only on usage charges.
    #[must_use]
    pub fn is_overage(self) -> bool {
        matches!(self, ChargeModel::Overage | ChargeModel::TieredWithOverage)
    }

    /// Discount models.
    #[must_use]
    pub fn is_discount(self) -> bool {
        matches!(self, ChargeModel::DiscountFixedAmount | ChargeModel::DiscountPercentage)
    }
}

/// How often a recurring or usage charge is billed. `{specific_months: 24}` for a multi-year term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingPeriod {
    Month,
    Quarter,
    SemiAnnual,
    Annual,
    /// Every N months.
    SpecificMonths(u16),
}

impl BillingPeriod {
    /// The number of months in one period.
    #[must_use]
    pub fn months(self) -> u32 {
        match self {
            BillingPeriod::Month => 1,
            BillingPeriod::Quarter => 3,
            BillingPeriod::SemiAnnual => 6,
            BillingPeriod::Annual => 12,
            BillingPeriod::SpecificMonths(n) => u32::from(n),
        }
    }
}

/// Whether a charge is billed at the start or the end of its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum BillingTiming {
    #[default]
    InAdvance,
    InArrears,
}

/// The period a list price is quoted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListPriceBase {
    PerBillingPeriod,
    PerMonth,
    PerWeek,
    PerYear,
    PerSpecificMonths,
}

/// Whether a tier's price is per unit or a flat fee for the whole tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormat {
    #[default]
    PerUnit,
    FlatFee,
}

/// What happens to an existing subscription's price for this charge at renewal (Zuora `priceChangeOption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PriceChangeOnRenewal {
    /// Existing subscriptions keep their price (Zuora `NoChange`, the default).
    #[default]
    NoChange,
    /// Existing subscriptions move to the catalog price at renewal (`UseLatestProductCatalogPricing`).
    UseLatestCatalogPricing,
    /// Existing subscriptions are uplifted by a percentage at renewal (`SpecificPercentageValue`).
    SpecificPercentage,
}
