//! The sandbox's whole persistent state: the Zuora catalog, the Salesforce org, objects marked in use, and stored
//! idempotent responses. Serialised as one JSON document (the `--state` file). Tokens are never stored.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::salesforce::store::SfState;
use super::zuora::store::{ZChanges, ZuoraState};

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
    /// Stored responses by `Idempotency-Key` (changed through `store_response`).
    idempotency: BTreeMap<String, StoredResponse>,
    /// The last state-log entry a snapshot includes (see `statelog`); 0 when none. Set when a snapshot is written
    /// or the log replayed: in memory between snapshots it lags behind the log.
    #[serde(default)]
    pub log_seq: u64,
    /// Idempotency keys stored or expired since the last `take_changes`.
    #[serde(skip)]
    idempotency_changed: BTreeSet<String>,
}

/// What changed in a `State` since the changes were last taken: what the next state-log entry must carry.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub zuora: ZChanges,
    pub salesforce: BTreeSet<String>,
    pub idempotency: BTreeSet<String>,
    /// The state was replaced as a whole (reset): only a full snapshot records it.
    pub whole: bool,
}

impl Changes {
    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: Changes) {
        self.zuora.merge(other.zuora);
        self.salesforce.extend(other.salesforce);
        self.idempotency.extend(other.idempotency);
        self.whole |= other.whole;
    }
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
            log_seq: 0,
            idempotency_changed: BTreeSet::new(),
        }
    }

    /// The stored response of an idempotency key.
    #[must_use]
    pub fn stored_response(&self, key: &str) -> Option<&StoredResponse> {
        self.idempotency.get(key)
    }

    /// Stores the response of an idempotency key, dropping stored responses older than `ttl_secs` at `now`.
    pub fn store_response(&mut self, key: &str, record: StoredResponse, now: i64, ttl_secs: i64) {
        let changed = &mut self.idempotency_changed;
        self.idempotency.retain(|k, r| {
            let keep = now - r.stored_at < ttl_secs;
            if !keep {
                changed.insert(k.clone());
            }
            keep
        });
        self.idempotency.insert(key.to_string(), record);
        self.idempotency_changed.insert(key.to_string());
    }

    /// Sets (`Some`) or removes (`None`) the stored response of a key (replaying the state log).
    pub fn set_stored_response(&mut self, key: String, record: Option<StoredResponse>) {
        match record {
            Some(r) => self.idempotency.insert(key.clone(), r),
            None => self.idempotency.remove(&key),
        };
        self.idempotency_changed.insert(key);
    }

    /// What changed since the last call.
    pub fn take_changes(&mut self) -> Changes {
        Changes {
            zuora: self.zuora.take_changes(),
            salesforce: self.salesforce.take_changes(),
            idempotency: std::mem::take(&mut self.idempotency_changed),
            whole: false,
        }
    }
}
