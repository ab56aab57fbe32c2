//! A plan (Zuora ProductRatePlan, Salesforce Product2): the SKU a customer buys.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Allow, Charge, CustomFields, Key, PlanStatus};

/// A plan: one purchasable SKU with its charges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Stable key, unique across the whole catalog; generated constants are named after it.
    #[schemars(example = Key::from("saas_premium_1y"))]
    pub key: Key,
    /// Display name, unique within the product; by convention `<Deployment> - <Name>[ - N Year]`.
    #[schemars(example = &"SaaS - Premium - 1 Year")]
    pub name: String,
    /// Salesforce `ProductCode` for this plan; unique across the catalog. Defaults to the product SKU plus the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"GL-PREM-SAAS-1Y")]
    pub sku: Option<String>,
    /// Free text.
    #[serde(default)]
    #[schemars(example = &"Premium for GitLab.com, billed annually per seat")]
    pub description: String,
    /// Lifecycle status.
    #[schemars(example = PlanStatus::Active)]
    pub status: PlanStatus,
    /// Whether customers can buy it today (self-service or sales). Only active plans may be purchasable.
    #[serde(default)]
    #[schemars(example = true)]
    pub purchasable: bool,
    /// First day the plan can be added to a subscription.
    #[schemars(example = NaiveDate::from_ymd_opt(2023, 4, 3).unwrap_or_default())]
    pub effective_start: NaiveDate,
    /// Last day the plan can be added to a subscription; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default())]
    pub effective_end: Option<NaiveDate>,
    /// Plan groups this plan belongs to (declared in `catalog.yaml`).
    #[serde(default)]
    #[schemars(example = vec![Key::from("premium_saas_plans")])]
    pub groups: Vec<Key>,
    /// For add-on plans: the base plans or groups it can be bought with (any one of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = vec![Requirement::Group(Key::from("ultimate_plans"))])]
    pub requires: Vec<Requirement>,
    /// Provider custom fields passed through untouched (e.g. `CDotPlanStatus__c`).
    #[serde(default)]
    #[schemars(example = super::example_custom_fields("CDotPlanStatus__c", "active"))]
    pub custom_fields: CustomFields,
    /// Change-policy findings allowed for this plan, each with a written reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = super::example_allow())]
    pub allow: Vec<Allow>,
    /// The plan's charges.
    #[serde(default)]
    #[schemars(example = super::example_charges())]
    pub charges: Vec<Charge>,
}

impl Plan {
    /// The Salesforce product code: the explicit `sku`, else the key in upper case.
    #[must_use]
    pub fn effective_sku(&self) -> String {
        self.sku.clone().unwrap_or_else(|| self.key.as_str().to_ascii_uppercase().replace('_', "-"))
    }
}

/// A prerequisite of an add-on plan: a specific plan, or any plan of a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// A plan key.
    Plan(Key),
    /// A plan group key.
    Group(Key),
}
