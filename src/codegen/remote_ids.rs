//! Per-environment remote IDs of plans (Zuora rate-plan IDs, Salesforce Product2 IDs), as input to the generator.
//!
//! The generator never invents IDs: a plan has remote IDs in an environment only when they are given here. The
//! map is filled from the offline live-catalog snapshots (`state/<env>.json`, written by the providers); until that
//! format exists the map is empty and the generated code says so by having no entries.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Key;

/// The remote IDs of one plan in one environment. Every field is optional: an object not yet created remotely has
/// no ID.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRemoteIds {
    /// Zuora `Product` ID of the plan's product (32 hex characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zuora_product_id: Option<String>,
    /// Zuora `ProductRatePlan` ID (32 hex characters, e.g. `2c92a00d76f0d5060176f2fb0a5029ff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zuora_rate_plan_id: Option<String>,
    /// Salesforce `Product2` ID (18 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesforce_product2_id: Option<String>,
}

/// Remote IDs by environment name (`production`, `sandbox`, ...) then plan key. Empty when no state exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RemoteIds(pub BTreeMap<String, BTreeMap<Key, PlanRemoteIds>>);

impl RemoteIds {
    /// The IDs of `plan` in every environment that has any, by environment.
    #[must_use]
    pub fn for_plan(&self, plan: &Key) -> BTreeMap<String, PlanRemoteIds> {
        self.0.iter().filter_map(|(env, plans)| plans.get(plan).map(|ids| (env.clone(), ids.clone()))).collect()
    }

    /// Keeps only the named environments (all of them when `envs` is empty).
    #[must_use]
    pub fn only(mut self, envs: &[String]) -> Self {
        if !envs.is_empty() {
            self.0.retain(|env, _| envs.contains(env));
        }
        self
    }

    /// The environment names, sorted.
    #[must_use]
    pub fn environments(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}
