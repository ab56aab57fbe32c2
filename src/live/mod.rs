//! The live side: `LiveState` (what Zuora and Salesforce hold), `desired_state` (the catalog in the same shape),
//! reading an environment, offline snapshots, and import (live state -> catalog).

pub mod desired;
pub mod import;
pub mod keys;
pub mod normalize;
pub mod snapshot;
mod yaml_out;
mod state;

pub use desired::desired_state;
pub use snapshot::{Snapshot, SnapshotError};
pub use state::{
    KeySource, LiveState, PriceBookKind, PriceBookRef, SalesforceState, SfPriceEntry, SfProduct, ZCharge, ZPricing,
    ZProduct, ZRatePlan, ZTier, ZuoraState,
};

use crate::config::EnvConfig;
use crate::providers::ProviderError;

/// Request counts of one read, for reports and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    pub zuora_requests: u64,
    pub salesforce_requests: u64,
}

/// Reads the live state of `env` (Zuora catalog, and Salesforce when configured), both concurrently.
///
/// # Errors
/// Setup (credentials, TLS), a request failing after its retries, or a value that cannot be read exactly.
pub async fn read_live(env: &EnvConfig) -> Result<(LiveState, ReadStats), ProviderError> {
    let (zuora, salesforce) = crate::providers::clients(env)?;
    let key_field = env.zuora.catalog_key_field.clone();
    let z = async {
        let raw = zuora.read_catalog().await?;
        providers_mapping(&raw, &key_field)
    };
    let s = async {
        match &salesforce {
            Some(c) => crate::providers::salesforce::mapping::read_state(c).await.map(Some),
            None => Ok(None),
        }
    };
    let (z, s) = tokio::join!(z, s);
    let mut state = LiveState { zuora: z?, salesforce: s? };
    state.sort();
    let stats = ReadStats {
        zuora_requests: zuora.stats().requests(),
        salesforce_requests: salesforce.as_ref().map_or(0, |c| c.stats().requests()),
    };
    Ok((state, stats))
}

fn providers_mapping(raw: &[serde_json::Value], key_field: &str) -> Result<ZuoraState, ProviderError> {
    crate::providers::zuora::mapping::catalog_to_state(raw, key_field).map_err(|e| ProviderError::Decode {
        service: "Zuora",
        what: "GET /v1/catalog/products".into(),
        message: e.to_string(),
    })
}

/// A current-thread tokio runtime for commands (the work is IO-bound; concurrency comes from async requests).
///
/// # Errors
/// The runtime cannot start.
pub fn runtime() -> Result<tokio::runtime::Runtime, ProviderError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ProviderError::Setup { message: format!("cannot start the async runtime: {e}") })
}
