//! Appending to the audit log file: under an exclusive file lock (fs2), verify the existing chain, then append one
//! line with a single `write_all` on an `O_APPEND` handle and `fsync` it. A log that fails verification is never
//! appended to (fail closed: investigate first).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use fs2::FileExt;

use super::{AuditEntry, AuditError, AuditRecord, GENESIS_HASH, verify};

/// The log's default location, relative to the working directory.
pub const DEFAULT_LOG_PATH: &str = "audit/skuctl-audit.jsonl";

/// An audit log file.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the whole log (an absent file reads as empty).
    ///
    /// # Errors
    /// IO errors other than "not found"; non-UTF-8 content.
    pub fn read(&self) -> Result<String, AuditError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| AuditError::NotUtf8 {
                path: self.path.clone(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(source) => Err(self.io("read", source)),
        }
    }

    /// Appends a record for `entry` and returns it (its `hash` is the new head).
    ///
    /// # Errors
    /// IO errors, or [`AuditError::Tampered`] when the existing log fails verification.
    pub fn append(&self, entry: &AuditEntry) -> Result<AuditRecord, AuditError> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| self.io("create the directory of", source))?;
        }
        let existed = self.path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(|source| self.io("open", source))?;
        file.lock_exclusive().map_err(|source| self.io("lock", source))?;
        let result = self.append_locked(&mut file, entry);
        let _ = FileExt::unlock(&file);
        if result.is_ok() && !existed {
            sync_dir(&self.path);
        }
        result
    }

    fn append_locked(&self, file: &mut File, entry: &AuditEntry) -> Result<AuditRecord, AuditError> {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|source| self.io("read", source))?;
        let text = String::from_utf8(bytes).map_err(|_| AuditError::NotUtf8 {
            path: self.path.clone(),
        })?;
        let verification = verify(&text);
        if let Some(first) = verification.problems.first() {
            return Err(AuditError::Tampered {
                path: self.path.clone(),
                count: verification.problems.len(),
                first: first.message.clone(),
            });
        }
        let seq = verification.records as u64 + 1;
        let prev = verification.head.as_deref().unwrap_or(GENESIS_HASH);
        let record = AuditRecord::new(seq, prev, entry)?;
        let mut line = record.to_line()?;
        line.push('\n');
        file.write_all(line.as_bytes())
            .map_err(|source| self.io("append to", source))?;
        file.sync_all().map_err(|source| self.io("fsync", source))?;
        Ok(record)
    }

    fn io(&self, action: &'static str, source: std::io::Error) -> AuditError {
        AuditError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }
}

/// Makes a new file's directory entry durable (best effort; not possible on every platform).
fn sync_dir(path: &Path) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::super::{AuditOperation, OperationResult, Outcome};
    use super::*;

    fn entry(actor: &str) -> AuditEntry {
        AuditEntry {
            time: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).single().expect("time"),
            actor: actor.into(),
            environment: "production".into(),
            merge_request: Some(7),
            approvers: vec!["carol".into()],
            plan_digest: "sha256:abc".into(),
            operations: vec![AuditOperation {
                operation: "update zuora:ProductRatePlanCharge pro/base".into(),
                result: OperationResult::Ok,
                detail: Some("8a8ae4".into()),
            }],
            outcome: Outcome::Applied,
            reason: None,
            job_url: None,
        }
    }

    #[test]
    fn appends_chain_and_are_deterministic() {
        let dir = tempfile::tempdir().expect("dir");
        let log = AuditLog::new(dir.path().join("a/log.jsonl"));
        let first = log.append(&entry("dave")).expect("append");
        let second = log.append(&entry("erin")).expect("append");
        assert_eq!((first.seq, second.seq), (1, 2));
        assert_eq!(first.prev, GENESIS_HASH);
        assert_eq!(second.prev, first.hash);
        let text = log.read().expect("read");
        assert!(verify(&text).is_intact());
        assert_eq!(text.lines().next(), Some(first.to_line().expect("line").as_str()));
        // Same inputs, same record: nothing random or clock-dependent.
        let other = AuditLog::new(dir.path().join("b.jsonl"));
        assert_eq!(other.append(&entry("dave")).expect("append"), first);
    }

    #[test]
    fn refuses_to_append_to_a_damaged_log() {
        let dir = tempfile::tempdir().expect("dir");
        let log = AuditLog::new(dir.path().join("log.jsonl"));
        log.append(&entry("dave")).expect("append");
        let text = log.read().expect("read");
        std::fs::write(log.path(), &text[..text.len() - 5]).expect("truncate");
        let err = log.append(&entry("erin")).expect_err("refused");
        assert!(matches!(err, AuditError::Tampered { .. }), "{err}");
        assert_eq!(log.read().expect("read"), text[..text.len() - 5]);
    }

    #[test]
    fn concurrent_appenders_keep_one_chain() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("log.jsonl");
        std::thread::scope(|scope| {
            for t in 0..4 {
                let path = path.clone();
                scope.spawn(move || {
                    // Each writer opens the file itself, as separate apply processes would.
                    for i in 0..10 {
                        AuditLog::new(&path).append(&entry(&format!("writer{t}-{i}"))).expect("append");
                    }
                });
            }
        });
        let v = verify(&AuditLog::new(&path).read().expect("read"));
        assert!(v.is_intact(), "{:?}", v.problems);
        assert_eq!(v.records, 40);
    }
}
