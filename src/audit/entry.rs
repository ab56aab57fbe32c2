//! What the caller records about one apply (the record minus its chain fields).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// How an apply ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every operation was applied.
    Applied,
    /// The apply was refused before anything ran (approval gate, stale plan, ...).
    Refused,
    /// The apply started and failed part-way.
    Failed,
}

/// The result of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OperationResult {
    Ok,
    Failed,
    Skipped,
}

/// One operation of the plan and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditOperation {
    /// The operation, as the plan names it (e.g. `update zuora:ProductRatePlanCharge pro_monthly/base`).
    pub operation: String,
    pub result: OperationResult,
    /// Remote id, error message, ...
    pub detail: Option<String>,
}

/// The facts of one apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (injected; stored as RFC 3339 UTC with seconds).
    pub time: DateTime<Utc>,
    /// Who ran it (`GITLAB_USER_LOGIN`, or the local user).
    pub actor: String,
    pub environment: String,
    /// The merge request that introduced the change, when known.
    pub merge_request: Option<u64>,
    /// Approvers' usernames.
    pub approvers: Vec<String>,
    pub plan_digest: String,
    pub operations: Vec<AuditOperation>,
    pub outcome: Outcome,
    /// Why it was refused or failed.
    pub reason: Option<String>,
    /// Link to the CI job (`CI_JOB_URL`), when known.
    pub job_url: Option<String>,
}

impl AuditEntry {
    pub(crate) fn time_text(&self) -> String {
        self.time.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}
