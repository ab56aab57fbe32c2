//! One line of the audit log and its hash.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{AuditEntry, AuditError, AuditOperation, Outcome};

/// `prev` of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One record, field order = line order. `hash` covers every other field. (The fields repeat [`AuditEntry`]
/// on purpose: the record is the stored, chained form; `#[serde(flatten)]` would break with `arbitrary_precision`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// 1-based position in the log.
    pub seq: u64,
    /// `hash` of the previous record ([`GENESIS_HASH`] for the first).
    pub prev: String,
    /// RFC 3339 UTC.
    pub time: String,
    pub actor: String,
    pub environment: String,
    pub merge_request: Option<u64>,
    pub approvers: Vec<String>,
    pub plan_digest: String,
    pub operations: Vec<AuditOperation>,
    pub outcome: Outcome,
    pub reason: Option<String>,
    pub job_url: Option<String>,
    /// Lower-case hex SHA-256 of [`AuditRecord::body_json`].
    #[serde(default)]
    pub hash: String,
}

impl AuditRecord {
    /// The record following a record with `seq - 1` and hash `prev`, hashed.
    ///
    /// # Errors
    /// When the record cannot be serialized (it always can; kept for honesty).
    pub fn new(seq: u64, prev: &str, entry: &AuditEntry) -> Result<Self, AuditError> {
        let mut record = Self {
            seq,
            prev: prev.into(),
            time: entry.time_text(),
            actor: entry.actor.clone(),
            environment: entry.environment.clone(),
            merge_request: entry.merge_request,
            approvers: entry.approvers.clone(),
            plan_digest: entry.plan_digest.clone(),
            operations: entry.operations.clone(),
            outcome: entry.outcome,
            reason: entry.reason.clone(),
            job_url: entry.job_url.clone(),
            hash: String::new(),
        };
        record.hash = record.compute_hash()?;
        Ok(record)
    }

    /// Canonical JSON of everything but `hash`.
    ///
    /// # Errors
    /// Serialization failure.
    pub fn body_json(&self) -> Result<String, AuditError> {
        let serialize = |e: serde_json::Error| AuditError::Serialize { reason: e.to_string() };
        let mut value = serde_json::to_value(self).map_err(serialize)?;
        if let Some(fields) = value.as_object_mut() {
            // `preserve_order` keeps the field order; removing the last field keeps the rest in place.
            fields.shift_remove("hash");
        }
        serde_json::to_string(&value).map_err(serialize)
    }

    /// SHA-256 (hex) of [`Self::body_json`].
    ///
    /// # Errors
    /// Serialization failure.
    pub fn compute_hash(&self) -> Result<String, AuditError> {
        Ok(hex::encode(Sha256::digest(self.body_json()?.as_bytes())))
    }

    /// The canonical line (no trailing newline).
    ///
    /// # Errors
    /// Serialization failure.
    pub fn to_line(&self) -> Result<String, AuditError> {
        serde_json::to_string(self).map_err(|e| AuditError::Serialize { reason: e.to_string() })
    }
}
