//! Per-environment remote IDs of plans (Zuora rate-plan IDs, Salesforce Product2 IDs), as input to the generator.
//!
//! The generator never invents IDs: a plan has remote IDs in an environment only when they are given here. The
//! map is filled from the offline live-catalog snapshots (`state/<env>.json`, `crate::live::Snapshot`) with
//! [`RemoteIds::insert_live`]; with no snapshot it is empty and the generated code has no entries.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::live::{KeySource, LiveState};
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

    /// Records the IDs a live state of `env` holds, by catalog key: the Zuora product and rate-plan IDs of every rate
    /// plan whose key came from the remote catalog-key field (derived keys are not catalog keys), and the Salesforce
    /// Product2 ID of every product record with a plan key.
    pub fn insert_live(&mut self, env: &str, state: &LiveState) {
        let plans = self.0.entry(env.to_owned()).or_default();
        for product in &state.zuora.products {
            for rp in product.rate_plans.iter().filter(|rp| rp.key_source == KeySource::Remote) {
                let ids = plans.entry(Key(rp.key.clone())).or_default();
                ids.zuora_product_id.clone_from(&product.id);
                ids.zuora_rate_plan_id.clone_from(&rp.id);
            }
        }
        for p in state.salesforce.iter().flat_map(|sf| &sf.products) {
            if let Some(key) = &p.key {
                plans.entry(Key(key.clone())).or_default().salesforce_product2_id.clone_from(&p.id);
            }
        }
    }

    /// The environment names, sorted.
    #[must_use]
    pub fn environments(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}
