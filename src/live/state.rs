//! `LiveState`: what Zuora and Salesforce hold, in one provider-neutral-enough shape that the desired state
//! (`desired_state`) also produces, so a plan diffs like for like.
//!
//! Conventions (the plan and apply stages rely on them):
//! - Objects are matched by `key` (the catalog key), never by name. A remote object without a catalog key gets a
//!   key derived from its SKU/name (`key_source: derived`); apply writes it back.
//! - `id` and the `*_number` fields are remote identifiers: `None` in a desired state.
//! - Vocabulary is Zuora's REST catalog spelling (`PerUnit`, `Recurring`, `Annual`, `Specific_Months`,
//!   `Per_Billing_Period`, `InAdvance`/`InArrears`, `NoChange`); `providers::zuora::mapping` translates to CRUD.
//! - Prices are exact (`Money`), never floats. Pricing entries whose every value is null are not kept (a currency
//!   with no price); custom fields whose value is null are not kept in a live state (in a desired state a
//!   `Null` custom field means "clear it").
//! - `unmanaged` holds the remote settings skuctl does not manage (trigger event, bill cycle type, ...): kept for
//!   reference and for review, never compared.
//! - Every collection is sorted (by key, then id), so serialising a state is deterministic.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{CurrencyCode, CustomFields, Money, Percentage, Quantity};

/// Where an object's key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The remote catalog-key field holds it (or, in a desired state, the catalog does).
    #[default]
    Remote,
    /// The remote object has no key yet; this one was derived stably from its SKU/name.
    Derived,
}

impl KeySource {
    fn is_remote(&self) -> bool {
        *self == KeySource::Remote
    }
}

/// The live (or desired) state of one environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LiveState {
    pub zuora: ZuoraState,
    /// `None` when the environment has no Salesforce org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesforce: Option<SalesforceState>,
}

/// The Zuora product catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ZuoraState {
    pub products: Vec<ZProduct>,
}

/// A Zuora Product (catalog product).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZProduct {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub key: String,
    #[serde(default, skip_serializing_if = "KeySource::is_remote")]
    pub key_source: KeySource,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default)]
    pub description: String,
    /// `Base Products`, `Add On Services`, `Miscellaneous Products` (or `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub effective_start: Option<NaiveDate>,
    pub effective_end: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_number: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: CustomFields,
    pub rate_plans: Vec<ZRatePlan>,
}

/// A Zuora ProductRatePlan (catalog plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZRatePlan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub key: String,
    #[serde(default, skip_serializing_if = "KeySource::is_remote")]
    pub key_source: KeySource,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub effective_start: Option<NaiveDate>,
    pub effective_end: Option<NaiveDate>,
    /// `Active`, `Expired`, `NotStarted`: derived by Zuora from the dates; informational (never compared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_rate_plan_number: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: CustomFields,
    pub charges: Vec<ZCharge>,
}

/// A Zuora ProductRatePlanCharge (catalog charge) with its tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZCharge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub key: String,
    #[serde(default, skip_serializing_if = "KeySource::is_remote")]
    pub key_source: KeySource,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `Recurring`, `OneTime`, `Usage`.
    pub charge_type: String,
    /// `FlatFee`, `PerUnit`, `Tiered`, `Volume`, `Overage`, `TieredWithOverage`, `DiscountFixedAmount`,
    /// `DiscountPercentage` (or any other Zuora model, which the catalog cannot express).
    pub model: String,
    /// `Month`, `Quarter`, `Semi_Annual`, `Annual`, `Specific_Months`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_period: Option<String>,
    /// The number of months of a `Specific_Months` period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_billing_period: Option<u32>,
    /// `InAdvance` or `InArrears` (Zuora's null means in advance).
    pub billing_timing: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    /// `Per_Billing_Period`, `Per_Month`, `Per_Week`, `Per_Year`, `Per_Specific_Months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_price_base: Option<String>,
    /// `NoChange`, `UseLatestProductCatalogPricing`, `SpecificPercentageValue` (Zuora's null means `NoChange`).
    pub price_change_option: String,
    /// The percentage of a `DiscountPercentage` charge; the same in every currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_percentage: Option<Percentage>,
    /// Plan keys a discount applies to (from `productDiscountApplyDetails`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discount_apply_to: Vec<String>,
    /// Prices per currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pricing: BTreeMap<CurrencyCode, ZPricing>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_fields: CustomFields,
    /// Remote settings skuctl does not manage (trigger event, bill cycle type, ...). Never compared.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unmanaged: BTreeMap<String, serde_json::Value>,
}

/// One currency's prices of a charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ZPricing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overage_price: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<Money>,
    /// Units included before overage applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub included_units: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<ZTier>,
}

impl ZPricing {
    /// True when no value is set (such an entry is not kept).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.price.is_none()
            && self.overage_price.is_none()
            && self.discount_amount.is_none()
            && self.included_units.is_none()
            && self.tiers.is_empty()
    }
}

/// One tier of one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZTier {
    pub starting_unit: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending_unit: Option<Quantity>,
    pub price: Money,
    /// `PerUnit` or `FlatFee`.
    pub price_format: String,
}

/// The Salesforce side: Product2 records (one per plan) and their PricebookEntry records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SalesforceState {
    /// The standard price book's id (`None` in a desired state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_price_book_id: Option<String>,
    /// The configured custom price book: its name, and its id when it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_price_book: Option<PriceBookRef>,
    pub products: Vec<SfProduct>,
}

/// A price book by name, with its id once known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceBookRef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Which price book an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBookKind {
    Standard,
    Custom,
}

/// A Product2 record (catalog plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SfProduct {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The plan key from the External ID field; `None` on a record without one (unmanaged, or matched by
    /// `ProductCode` by the planner).
    pub key: Option<String>,
    pub name: String,
    pub product_code: Option<String>,
    #[serde(default)]
    pub description: String,
    pub is_active: bool,
    pub entries: Vec<SfPriceEntry>,
}

/// A PricebookEntry record. `currency` and the product never change in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SfPriceEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub price_book: PriceBookKind,
    pub currency: CurrencyCode,
    pub unit_price: Money,
    pub is_active: bool,
    pub use_standard_price: bool,
}

impl LiveState {
    /// Sorts every collection (by key, then id) so output is deterministic.
    pub fn sort(&mut self) {
        let z = &mut self.zuora.products;
        z.sort_by(|a, b| (&a.key, &a.id).cmp(&(&b.key, &b.id)));
        for p in z {
            p.rate_plans.sort_by(|a, b| (&a.key, &a.id).cmp(&(&b.key, &b.id)));
            for rp in &mut p.rate_plans {
                rp.charges.sort_by(|a, b| (&a.key, &a.id).cmp(&(&b.key, &b.id)));
                for c in &mut rp.charges {
                    c.discount_apply_to.sort();
                    c.discount_apply_to.dedup();
                }
            }
        }
        if let Some(sf) = &mut self.salesforce {
            sf.products.sort_by(|a, b| (&a.key, &a.product_code, &a.id).cmp(&(&b.key, &b.product_code, &b.id)));
            for p in &mut sf.products {
                p.entries.sort_by(|a, b| (a.price_book, &a.currency, &a.id).cmp(&(b.price_book, &b.currency, &b.id)));
            }
        }
    }

    /// The state with every remote identifier and informational field removed (ids, numbers, statuses,
    /// unmanaged settings, key sources): what a desired state built from the same catalog looks like.
    #[must_use]
    pub fn managed_view(&self) -> LiveState {
        let mut s = self.clone();
        for p in &mut s.zuora.products {
            p.id = None;
            p.key_source = KeySource::Remote;
            p.product_number = None;
            for rp in &mut p.rate_plans {
                rp.id = None;
                rp.key_source = KeySource::Remote;
                rp.status = None;
                rp.product_rate_plan_number = None;
                for c in &mut rp.charges {
                    c.id = None;
                    c.key_source = KeySource::Remote;
                    c.unmanaged.clear();
                }
            }
        }
        if let Some(sf) = &mut s.salesforce {
            sf.standard_price_book_id = None;
            if let Some(b) = &mut sf.custom_price_book {
                b.id = None;
            }
            for p in &mut sf.products {
                p.id = None;
                for e in &mut p.entries {
                    e.id = None;
                }
            }
        }
        s.sort();
        s
    }
}
