//! Errors reading or appending to the audit log.

use std::path::PathBuf;

use thiserror::Error;

/// An audit log could not be read or appended to.
#[derive(Debug, Error)]
pub enum AuditError {
    #[error("cannot {action} the audit log {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the audit log {path} is not valid UTF-8")]
    NotUtf8 { path: PathBuf },
    /// The existing log fails verification; nothing is appended to a broken chain.
    #[error(
        "the audit log {path} fails verification ({count} problem(s); first: {first}); nothing was appended: run `skuctl audit verify --log {path}`"
    )]
    Tampered { path: PathBuf, count: usize, first: String },
    #[error("cannot serialize the audit record: {reason}")]
    Serialize { reason: String },
}
