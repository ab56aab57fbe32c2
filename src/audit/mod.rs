//! The audit trail: an append-only JSON Lines log of every apply, done or refused, hash-chained.
//!
//! Each line is one [`AuditRecord`] in canonical JSON: `seq` (1-based), `prev` (the previous record's `hash`, or 64
//! zeros for the first), the facts (who, when, environment, merge request, approvers, plan digest, each operation
//! and its result, outcome), and `hash` = SHA-256 of the line's canonical JSON without the `hash` field.
//! [`verify`] detects an edited, reordered, inserted or removed record and a truncated tail, naming the line and
//! record. Removing whole records from the END cannot be seen from the log alone: compare the head hash with one
//! kept elsewhere (`skuctl audit verify --expect-head`). Records are deterministic: the caller injects the time.

mod entry;
mod error;
mod log;
mod record;
mod verify;

pub use entry::{AuditEntry, AuditOperation, OperationResult, Outcome};
pub use error::AuditError;
pub use log::{AuditLog, DEFAULT_LOG_PATH};
pub use record::{AuditRecord, GENESIS_HASH};
pub use verify::{Problem, ProblemKind, Verification, verify};
