//! `skuctl apply`'s approval gate (`--require-approval`) and audit record.
//!
//! The gate runs before anything is written: the merge request that introduced `CI_COMMIT_SHA` must be merged and
//! approved by someone other than its author and the person applying (`GITLAB_USER_LOGIN`), and the plan's
//! **content digest** (not its file digest, which covers the creation time) must equal the digest in the MR's plan
//! note. Every apply whose plan could be read, refused or done, appends one record to the audit log
//! (`--audit-log`, `SKUCTL_AUDIT_LOG`, default `audit/skuctl-audit.jsonl`); its `plan_digest` is the content digest.

use std::path::PathBuf;

use crate::audit::{AuditEntry, AuditLog, AuditOperation, DEFAULT_LOG_PATH, OperationResult, Outcome};
use crate::gitlab::{self, ApprovalRequest, Approved};
use crate::plan::PlanDocument;

/// The approval and audit flags of `skuctl apply`.
#[derive(Debug, Clone, clap::Args)]
pub struct GateArgs {
    /// Apply only a plan whose merge request is merged and approved by someone other than its author and the
    /// person running the apply, and whose content digest equals the one in the MR's plan note (GitLab CI: needs
    /// `CI_COMMIT_SHA`, `GITLAB_USER_LOGIN`, `CI_API_V4_URL`, `CI_PROJECT_ID` and a token with scope `api`).
    #[arg(long)]
    pub require_approval: bool,
    #[command(flatten)]
    pub gitlab_token: super::gitlab_args::TokenVar,
    /// The append-only, hash-chained audit log that records every apply, refused or done.
    #[arg(long, value_name = "FILE", env = "SKUCTL_AUDIT_LOG", default_value = DEFAULT_LOG_PATH)]
    pub audit_log: PathBuf,
}

/// Runs the approval gate for `plan`; `Err` is the refusal message (nothing may be applied).
///
/// # Errors
/// The gate's refusal, in words.
pub fn require_approval(args: &GateArgs, plan: &PlanDocument) -> Result<Approved, String> {
    let lookup = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let request = ApprovalRequest::from_lookup(&plan.content_digest, lookup).map_err(|r| r.to_string())?;
    let rt = crate::live::runtime().map_err(|e| format!("refused: {e}"))?;
    rt.block_on(gitlab::require_approval(&args.gitlab_token.name, &request, lookup))
        .map_err(|r| r.to_string())
}

/// The audit record of one apply, filled in as the apply proceeds.
#[derive(Debug, Clone)]
pub struct Draft {
    entry: AuditEntry,
    /// Operation labels by plan index.
    labels: Vec<(usize, String)>,
}

impl Draft {
    /// A record for applying `plan` to `environment`; who and where from `GITLAB_USER_LOGIN` (else `USER`) and
    /// `CI_JOB_URL`. Operations start as `skipped` (not applied).
    #[must_use]
    pub fn new(plan: &PlanDocument, time: chrono::DateTime<chrono::Utc>) -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let labels: Vec<(usize, String)> = plan
            .operations
            .iter()
            .map(|op| (op.index, format!("{} {} {}", op.action.verb(), op.kind.label(), op.key)))
            .collect();
        let entry = AuditEntry {
            time,
            actor: var("GITLAB_USER_LOGIN")
                .or_else(|| var("USER"))
                .unwrap_or_else(|| "unknown".to_owned()),
            environment: plan.environment.clone(),
            merge_request: None,
            approvers: Vec::new(),
            plan_digest: plan.content_digest.clone(),
            operations: Vec::new(),
            outcome: Outcome::Refused,
            reason: None,
            job_url: var("CI_JOB_URL"),
        };
        let mut draft = Draft { entry, labels };
        draft.set_results(OperationResult::Skipped, &[]);
        draft
    }

    /// Records who approved what.
    pub fn approved(&mut self, approved: &Approved) {
        self.entry.merge_request = Some(approved.merge_request);
        self.entry.approvers.clone_from(&approved.approvers);
    }

    /// The apply ran: operations `failed` (plan index, message) failed, the others succeeded.
    pub fn ran(&mut self, failed: &[(usize, String)], remaining: usize) {
        self.set_results(OperationResult::Ok, failed);
        if failed.is_empty() && remaining == 0 {
            self.entry.outcome = Outcome::Applied;
        } else {
            self.entry.outcome = Outcome::Failed;
            self.entry.reason = Some(format!(
                "{} operation(s) failed; a fresh plan still finds {remaining} change(s)",
                failed.len()
            ));
        }
    }

    /// The apply stopped with `reason`: `refused` when nothing was written, else it failed part-way.
    pub fn stopped(&mut self, reason: &str, refused: bool) {
        self.entry.outcome = if refused { Outcome::Refused } else { Outcome::Failed };
        self.entry.reason = Some(reason.to_owned());
    }

    fn set_results(&mut self, default: OperationResult, failed: &[(usize, String)]) {
        self.entry.operations = self
            .labels
            .iter()
            .map(|(index, label)| {
                let failure = failed.iter().find(|(i, _)| i == index).map(|(_, m)| m.clone());
                AuditOperation {
                    operation: label.clone(),
                    result: if failure.is_some() {
                        OperationResult::Failed
                    } else {
                        default
                    },
                    detail: failure,
                }
            })
            .collect();
    }

    /// Appends the record; returns a line for stderr naming the new head hash.
    ///
    /// # Errors
    /// The log cannot be written, or its existing chain does not verify (then nothing is appended).
    pub fn append(&self, log: &std::path::Path) -> Result<String, String> {
        let record = AuditLog::new(log)
            .append(&self.entry)
            .map_err(|e| format!("cannot append to the audit log {}: {e}", log.display()))?;
        Ok(format!(
            "Audit record {} ({}) appended to {}; head {}.",
            record.seq,
            outcome_word(record.outcome),
            log.display(),
            record.hash
        ))
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Applied => "applied",
        Outcome::Refused => "refused",
        Outcome::Failed => "failed",
    }
}
