//! The sandbox's whole persistent state: the Zuora catalog, the Salesforce org, objects marked in use, and stored
//! idempotent responses. Serialised as one JSON document (the `--state` file). Tokens are never stored.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::salesforce::store::SfState;
use super::zuora::store::ZuoraState;

/// The state-file format version.
pub const STATE_VERSION: u32 = 1;

/// Everything the sandbox must not lose once acknowledged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    pub zuora: ZuoraState,
    pub salesforce: SfState,
    /// Ids of objects in use by subscriptions (Zuora) or opportunities (Salesforce): they cannot be deleted.
    pub in_use: BTreeSet<String>,
    /// Stored responses by `Idempotency-Key`.
    pub idempotency: BTreeMap<String, StoredResponse>,
}

/// A response stored for idempotent replay.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredResponse {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    /// Unix seconds; entries expire after 24 hours.
    pub stored_at: i64,
}

impl State {
    /// A fresh tenant and org: empty Zuora catalog, Salesforce org with its standard price book.
    #[must_use]
    pub fn new(now: &str) -> Self {
        Self {
            version: STATE_VERSION,
            zuora: ZuoraState::default(),
            salesforce: SfState::new(now),
            in_use: BTreeSet::new(),
            idempotency: BTreeMap::new(),
        }
    }
}
