//! The apply journal: an append-only JSON-lines file, fsync'd after every record, that makes an apply resumable.
//!
//! Contract:
//! - The first record (`begin`) names the plan digest; a journal of another plan is refused.
//! - Before a write call, an `intent` record lists the operations it carries and the idempotency key it uses.
//! - After the call, one `done` record per operation with the remote id (or `failed` with the provider's message).
//! - Replaying the file gives each operation's status: `Done` (skip it), `Pending` (an intent without outcome: the
//!   call may or may not have reached the provider; look the object up before sending again, and send again with
//!   the same key), or untouched.
//! - A process killed in the middle of a write leaves at most one partial last line: it is cut off when the journal
//!   is opened again. Any other unreadable line is an error (the journal was edited or is corrupt).
//! - Records never carry credentials or request bodies: only operation indexes, keys, remote ids and messages.
//! - Group commit: `append_unsynced` writes records and returns a ticket; `JournalSync::sync(ticket)` returns once
//!   they are on disk, with one `fdatasync` covering every record written before it started (concurrent calls
//!   share it). The plain record methods write and sync.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// The journal's header.
    Begin { plan_digest: String, environment: String, skuctl_version: String },
    /// A write call is about to be sent for these operations.
    Intent { ops: Vec<usize>, call: String, key: String },
    /// An operation is done; `remote_id` is the object's id (created or changed).
    Done { op: usize, remote_id: String },
    /// An operation failed for good (the provider rejected it).
    Failed { op: usize, message: String },
}

/// What the journal says about one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Sent (or about to be) under `key`, outcome unknown.
    Pending { key: String },
    Done { remote_id: String },
    Failed { message: String },
}

/// A journal that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("journal {path}: line {line} is not a journal record ({message}); the file was edited or is corrupt")]
    Corrupt { path: PathBuf, line: usize, message: String },
    #[error(
        "journal {path} belongs to another plan (digest {found}, this plan is {expected}); finish or discard that \
         apply first, or pass --journal FILE"
    )]
    OtherPlan { path: PathBuf, found: String, expected: String },
}

/// An open journal.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    status: BTreeMap<usize, Status>,
    resumed: bool,
    sync: JournalSync,
}

/// Makes appended records durable (group commit); cheap to clone and usable outside the journal's lock.
#[derive(Debug, Clone)]
pub struct JournalSync(Arc<SyncState>);

#[derive(Debug)]
struct SyncState {
    path: PathBuf,
    file: File,
    /// Tickets handed out (appends written to the file).
    written: AtomicU64,
    /// The highest ticket known to be on disk; held while syncing.
    synced: Mutex<u64>,
}

impl JournalSync {
    /// Returns once the records of `ticket` (and every earlier one) are on disk.
    ///
    /// # Errors
    /// The file cannot be synced.
    pub fn sync(&self, ticket: u64) -> Result<(), JournalError> {
        let mut synced = self.0.synced.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *synced >= ticket {
            return Ok(());
        }
        let upto = self.0.written.load(Ordering::Acquire);
        self.0.file.sync_data().map_err(|source| JournalError::Io { path: self.0.path.clone(), source })?;
        *synced = upto;
        Ok(())
    }

    /// Returns once everything appended so far is on disk.
    ///
    /// # Errors
    /// As `sync`.
    pub fn sync_all(&self) -> Result<(), JournalError> {
        self.sync(self.0.written.load(Ordering::Acquire))
    }
}

impl Journal {
    /// Opens (or creates) the journal of the plan with `plan_digest`, replaying what it holds.
    ///
    /// # Errors
    /// IO failures, a corrupt line, or a journal of another plan.
    pub fn open(path: &Path, plan_digest: &str, environment: &str) -> Result<Journal, JournalError> {
        let io = |source| JournalError::Io { path: path.to_owned(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new().read(true).append(true).create(true).open(path).map_err(io)?;
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(io)?;
        // A kill during a write leaves a partial last line: cut it off.
        let complete = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        if complete < text.len() {
            file.set_len(complete as u64).map_err(io)?;
            file.sync_all().map_err(io)?;
            text.truncate(complete);
        }
        file.seek(SeekFrom::End(0)).map_err(io)?;
        let records = parse(path, &text)?;
        let sync = JournalSync(Arc::new(SyncState {
            path: path.to_owned(),
            file: file.try_clone().map_err(io)?,
            written: AtomicU64::new(0),
            synced: Mutex::new(0),
        }));
        let mut j = Journal { path: path.to_owned(), file, status: BTreeMap::new(), resumed: !records.is_empty(), sync };
        match records.first() {
            None => j.append(&Record::Begin {
                plan_digest: plan_digest.to_owned(),
                environment: environment.to_owned(),
                skuctl_version: env!("CARGO_PKG_VERSION").to_owned(),
            })?,
            Some(Record::Begin { plan_digest: found, .. }) if found == plan_digest => {}
            Some(Record::Begin { plan_digest: found, .. }) => {
                return Err(JournalError::OtherPlan {
                    path: path.to_owned(),
                    found: found.clone(),
                    expected: plan_digest.to_owned(),
                });
            }
            Some(_) => {
                return Err(JournalError::Corrupt {
                    path: path.to_owned(),
                    line: 1,
                    message: "the first record is not `begin`".to_owned(),
                });
            }
        }
        for r in &records {
            j.apply_record(r);
        }
        Ok(j)
    }

    /// The journal's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the journal held records when it was opened (this run resumes an earlier one).
    #[must_use]
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// The status of operation `op`, if the journal mentions it.
    #[must_use]
    pub fn status(&self, op: usize) -> Option<&Status> {
        self.status.get(&op)
    }

    /// Every operation the journal mentions.
    #[must_use]
    pub fn statuses(&self) -> &BTreeMap<usize, Status> {
        &self.status
    }

    /// Records an intent (before the call).
    ///
    /// # Errors
    /// The record cannot be written and synced.
    pub fn intent(&mut self, ops: &[usize], call: &str, key: &str) -> Result<(), JournalError> {
        self.append(&Record::Intent { ops: ops.to_vec(), call: call.to_owned(), key: key.to_owned() })
    }

    /// Records an operation's success.
    ///
    /// # Errors
    /// The record cannot be written and synced.
    pub fn done(&mut self, op: usize, remote_id: &str) -> Result<(), JournalError> {
        self.append(&Record::Done { op, remote_id: remote_id.to_owned() })
    }

    /// Records an operation's failure.
    ///
    /// # Errors
    /// The record cannot be written and synced.
    pub fn failed(&mut self, op: usize, message: &str) -> Result<(), JournalError> {
        self.append(&Record::Failed { op, message: message.to_owned() })
    }

    /// Records the outcomes of one call together: one write, one fsync.
    ///
    /// # Errors
    /// The records cannot be written and synced.
    pub fn outcomes(&mut self, records: &[Record]) -> Result<(), JournalError> {
        self.append_all(records)
    }

    /// The group-commit handle of this journal.
    #[must_use]
    pub fn syncer(&self) -> JournalSync {
        self.sync.clone()
    }

    /// Writes records in one write, without waiting for the disk; they count at once in `status`. Pass the
    /// ticket to `JournalSync::sync` before relying on them (e.g. before sending the call an intent announces).
    ///
    /// # Errors
    /// The records cannot be written.
    pub fn append_unsynced(&mut self, records: &[Record]) -> Result<u64, JournalError> {
        let io = |source| JournalError::Io { path: self.path.clone(), source };
        if records.is_empty() {
            return Ok(self.sync.0.written.load(Ordering::Acquire));
        }
        let mut text = String::new();
        for r in records {
            text.push_str(&serde_json::to_string(r).map_err(|e| io(std::io::Error::other(e.to_string())))?);
            text.push('\n');
        }
        self.file.write_all(text.as_bytes()).map_err(io)?;
        for r in records {
            self.apply_record(r);
        }
        Ok(self.sync.0.written.fetch_add(1, Ordering::AcqRel) + 1)
    }

    fn append(&mut self, r: &Record) -> Result<(), JournalError> {
        self.append_all(std::slice::from_ref(r))
    }

    fn append_all(&mut self, records: &[Record]) -> Result<(), JournalError> {
        if records.is_empty() {
            return Ok(());
        }
        let ticket = self.append_unsynced(records)?;
        self.sync.sync(ticket)
    }

    fn apply_record(&mut self, r: &Record) {
        match r {
            Record::Begin { .. } => {}
            Record::Intent { ops, key, .. } => {
                for op in ops {
                    if !matches!(self.status.get(op), Some(Status::Done { .. })) {
                        self.status.insert(*op, Status::Pending { key: key.clone() });
                    }
                }
            }
            Record::Done { op, remote_id } => {
                self.status.insert(*op, Status::Done { remote_id: remote_id.clone() });
            }
            Record::Failed { op, message } => {
                self.status.insert(*op, Status::Failed { message: message.clone() });
            }
        }
    }
}

fn parse(path: &Path, text: &[u8]) -> Result<Vec<Record>, JournalError> {
    let mut out = Vec::new();
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let r: Record = serde_json::from_slice(line).map_err(|e| JournalError::Corrupt {
            path: path.to_owned(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(r);
    }
    Ok(out)
}

/// The default journal path: next to the plan, `<plan file>.journal`.
#[must_use]
pub fn default_path(plan: &Path) -> PathBuf {
    let mut name = plan.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".journal");
    plan.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    #[test]
    fn replays_intents_and_outcomes() -> Result<(), JournalError> {
        let dir = tmp();
        let p = dir.path().join("plan.json.journal");
        let mut j = Journal::open(&p, "sha256:a", "sandbox")?;
        assert!(!j.resumed());
        j.intent(&[1, 2], "zuora create Product", "k1")?;
        j.done(1, "id1")?;
        j.failed(3, "rejected")?;
        drop(j);
        let j = Journal::open(&p, "sha256:a", "sandbox")?;
        assert!(j.resumed());
        assert_eq!(j.status(1), Some(&Status::Done { remote_id: "id1".into() }));
        assert_eq!(j.status(2), Some(&Status::Pending { key: "k1".into() }));
        assert_eq!(j.status(3), Some(&Status::Failed { message: "rejected".into() }));
        assert_eq!(j.status(4), None);
        Ok(())
    }

    #[test]
    fn a_later_intent_does_not_undo_a_done_operation() -> Result<(), JournalError> {
        let dir = tmp();
        let p = dir.path().join("j");
        let mut j = Journal::open(&p, "d", "e")?;
        j.done(1, "x")?;
        j.intent(&[1], "c", "k")?;
        assert_eq!(j.status(1), Some(&Status::Done { remote_id: "x".into() }));
        Ok(())
    }

    #[test]
    fn a_partial_last_line_is_cut_off_and_appending_continues() -> Result<(), JournalError> {
        let dir = tmp();
        let p = dir.path().join("j");
        let mut j = Journal::open(&p, "d", "e")?;
        j.done(1, "x")?;
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&p).map_err(|source| JournalError::Io { path: p.clone(), source })?;
        f.write_all(b"{\"record\":\"done\",\"op\":2,\"remo").map_err(|source| JournalError::Io { path: p.clone(), source })?;
        drop(f);
        let mut j = Journal::open(&p, "d", "e")?;
        assert_eq!(j.status(2), None);
        j.done(2, "y")?;
        drop(j);
        let j = Journal::open(&p, "d", "e")?;
        assert_eq!(j.status(2), Some(&Status::Done { remote_id: "y".into() }));
        let text = std::fs::read_to_string(&p).map_err(|source| JournalError::Io { path: p.clone(), source })?;
        assert_eq!(text.lines().count(), 3);
        Ok(())
    }

    #[test]
    fn a_journal_of_another_plan_is_refused() -> Result<(), JournalError> {
        let dir = tmp();
        let p = dir.path().join("j");
        drop(Journal::open(&p, "sha256:one", "e")?);
        let err = Journal::open(&p, "sha256:two", "e").map(|_| ()).err();
        assert!(matches!(err, Some(JournalError::OtherPlan { .. })), "{err:?}");
        Ok(())
    }

    #[test]
    fn a_corrupt_middle_line_is_an_error() -> Result<(), JournalError> {
        let dir = tmp();
        let p = dir.path().join("j");
        drop(Journal::open(&p, "d", "e")?);
        let mut f = OpenOptions::new().append(true).open(&p).map_err(|source| JournalError::Io { path: p.clone(), source })?;
        f.write_all(b"garbage\n{\"record\":\"done\",\"op\":2,\"remote_id\":\"y\"}\n")
            .map_err(|source| JournalError::Io { path: p.clone(), source })?;
        drop(f);
        let err = Journal::open(&p, "d", "e").map(|_| ()).err();
        assert!(matches!(err, Some(JournalError::Corrupt { line: 2, .. })), "{err:?}");
        Ok(())
    }

    #[test]
    fn default_path_sits_next_to_the_plan() {
        assert_eq!(default_path(Path::new("out/plan.json")), PathBuf::from("out/plan.json.journal"));
    }
}
