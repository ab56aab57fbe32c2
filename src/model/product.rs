//! A product: one file under `catalog/products/`.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Allow, CustomFields, Key, Plan, ProductCategory, SourceId};

/// A product (Zuora Product): a family of plans, e.g. "GitLab Premium (SaaS)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable key; matches the remote object forever, whatever its name becomes.
    #[schemars(example = Key::from("premium_saas"))]
    pub key: Key,
    /// Display name; unique across the catalog; at most 100 characters (Zuora).
    #[schemars(example = &"GitLab Premium - SaaS")]
    pub name: String,
    /// Product SKU; unique across the catalog; at most 50 characters (Zuora).
    #[schemars(example = &"GL-PREM-SAAS")]
    pub sku: String,
    /// Free text shown to sales and in generated code.
    #[serde(default)]
    #[schemars(example = &"Premium tier for GitLab.com")]
    pub description: String,
    /// Base, add-on or other.
    #[schemars(example = ProductCategory::Base)]
    pub category: ProductCategory,
    /// First day the product can be sold (`YYYY-MM-DD`).
    #[schemars(example = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default())]
    pub effective_start: NaiveDate,
    /// Last day the product can be sold; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default())]
    pub effective_end: Option<NaiveDate>,
    /// Provider custom fields passed through untouched (e.g. `Tier__c`, `DeploymentType__c`).
    #[serde(default)]
    #[schemars(example = super::example_custom_fields("Tier__c", "premium"))]
    pub custom_fields: CustomFields,
    /// Change-policy findings allowed for this product, each with a written reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = super::example_allow())]
    pub allow: Vec<Allow>,
    /// The product's plans (Zuora rate plans): the SKUs customers buy.
    #[serde(default)]
    #[schemars(example = super::example_plans())]
    pub plans: Vec<Plan>,
    /// Which catalog file this product came from (not part of the YAML).
    #[serde(skip)]
    #[schemars(skip)]
    pub source: SourceId,
}
