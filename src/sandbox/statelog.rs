//! The state log: the sandbox's `--state FILE` is a snapshot (`FILE`, the whole `State` as JSON, written
//! atomically by `persist::write_atomic`) plus a log of changes (`FILE.log`, JSON lines). A save appends one entry
//! holding only what changed since the previous save (the objects, records and stored responses put or removed,
//! and the small counters whole) and `fdatasync`s it, so a save costs what changed, not the size of the tenant.
//!
//! - Each entry has a sequence number; the snapshot records the last entry it includes (`State::log_seq`). At
//!   start the sandbox reads the snapshot, applies the entries after it in order, then writes a fresh snapshot and
//!   empties the log (compaction). A kill between those two steps leaves entries the new snapshot already
//!   includes: they are skipped by their sequence number.
//! - A kill in the middle of an append leaves a partial last line; it was never acknowledged and is cut off.
//!   Any other unreadable line, or a gap in the sequence, is an error naming the line: the sandbox refuses to
//!   start rather than serve a state that lost acknowledged writes.
//! - The log is compacted into the snapshot when it grows past the snapshot's size (at least `MIN_COMPACT`), on
//!   `POST /sandbox/admin/reset`, and after a failed append (which may have left a partial line).
//! - A log without its snapshot (the state file was deleted to start afresh) is discarded (emptied at start).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::persist::PersistError;
use super::salesforce::store::SfRecord;
use super::state::{Changes, State, StoredResponse};
use super::zuora::store::{Counters, ObjectType, ZObject, ZTier};

/// The log is compacted once it is larger than the snapshot and than this.
const MIN_COMPACT: u64 = 8 * 1024 * 1024;

/// One save's changes. `None` values are removals.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zuora_objects: Vec<(ObjectType, String, Option<ZObject>)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zuora_tiers: Vec<(String, Option<Vec<ZTier>>)>,
    pub zuora_counters: Counters,
    pub zuora_extra_currencies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub salesforce_records: Vec<(String, Option<SfRecord>)>,
    pub salesforce_counters: BTreeMap<String, u64>,
    pub in_use: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idempotency: Vec<(String, Option<StoredResponse>)>,
}

/// `Entry` borrowed from the state: serialises to the same JSON line without copying what changed (copying 600
/// Salesforce records took longer than writing them out).
#[derive(Serialize)]
struct EntryRef<'a> {
    seq: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    zuora_objects: Vec<(ObjectType, &'a String, Option<&'a ZObject>)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    zuora_tiers: Vec<(&'a String, Option<&'a Vec<ZTier>>)>,
    zuora_counters: &'a Counters,
    zuora_extra_currencies: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    salesforce_records: Vec<(&'a String, Option<&'a SfRecord>)>,
    salesforce_counters: &'a BTreeMap<String, u64>,
    in_use: &'a BTreeSet<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    idempotency: Vec<(&'a String, Option<&'a StoredResponse>)>,
}

impl Entry {
    /// The log line (JSON, no newline) of the entry recording `changes`, with their values as they are in `state`
    /// now: what `capture` would serialise to, written straight from the state.
    ///
    /// # Errors
    /// A value cannot be serialised (not expected: the state is plain JSON data).
    pub fn line(seq: u64, state: &State, changes: &Changes) -> Result<Vec<u8>, serde_json::Error> {
        let z = &state.zuora;
        serde_json::to_vec(&EntryRef {
            seq,
            zuora_objects: changes.zuora.objects.iter().map(|(t, id)| (*t, id, z.map(*t).and_then(|m| m.get(id)))).collect(),
            zuora_tiers: changes.zuora.tiers.iter().map(|c| (c, z.tier_lists().get(c))).collect(),
            zuora_counters: &z.counters,
            zuora_extra_currencies: &z.extra_currencies,
            salesforce_records: changes.salesforce.iter().map(|id| (id, state.salesforce.get(id))).collect(),
            salesforce_counters: &state.salesforce.counters,
            in_use: &state.in_use,
            idempotency: changes.idempotency.iter().map(|k| (k, state.stored_response(k))).collect(),
        })
    }

    /// The entry recording `changes`, with their values as they are in `state` now (a copy; `line` writes the
    /// same without one).
    #[cfg(test)]
    #[must_use]
    pub fn capture(seq: u64, state: &State, changes: &Changes) -> Entry {
        let z = &state.zuora;
        Entry {
            seq,
            zuora_objects: changes
                .zuora
                .objects
                .iter()
                .map(|(t, id)| (*t, id.clone(), z.map(*t).and_then(|m| m.get(id)).cloned()))
                .collect(),
            zuora_tiers: changes
                .zuora
                .tiers
                .iter()
                .map(|c| (c.clone(), z.tier_lists().get(c).cloned()))
                .collect(),
            zuora_counters: z.counters.clone(),
            zuora_extra_currencies: z.extra_currencies.clone(),
            salesforce_records: changes
                .salesforce
                .iter()
                .map(|id| (id.clone(), state.salesforce.get(id).cloned()))
                .collect(),
            salesforce_counters: state.salesforce.counters.clone(),
            in_use: state.in_use.clone(),
            idempotency: changes
                .idempotency
                .iter()
                .map(|k| (k.clone(), state.stored_response(k).cloned()))
                .collect(),
        }
    }

    /// Makes these changes to `state`.
    pub fn apply(self, state: &mut State) {
        let z = &mut state.zuora;
        for (t, id, object) in self.zuora_objects {
            match object {
                Some(o) => z.put(t, o),
                None => {
                    z.remove(t, &id);
                }
            }
        }
        for (charge, tiers) in self.zuora_tiers {
            match tiers {
                Some(t) => z.set_tiers(&charge, t),
                None => z.remove_tiers(&charge),
            }
        }
        z.counters = self.zuora_counters;
        z.extra_currencies = self.zuora_extra_currencies;
        for (id, record) in self.salesforce_records {
            match record {
                Some(r) => state.salesforce.put(id, r),
                None => {
                    state.salesforce.remove(&id);
                }
            }
        }
        state.salesforce.counters = self.salesforce_counters;
        state.in_use = self.in_use;
        for (key, response) in self.idempotency {
            state.set_stored_response(key, response);
        }
        state.log_seq = self.seq;
    }
}

/// The log file of a state file: `state.json` -> `state.json.log`.
#[must_use]
pub fn log_path(state_path: &Path) -> PathBuf {
    let mut name = state_path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".log");
    state_path.with_file_name(name)
}

/// The open log.
#[derive(Debug)]
pub struct StateLog {
    path: PathBuf,
    file: File,
    /// Bytes in the file.
    len: u64,
    /// The last sequence number written (or included in the snapshot).
    pub last_seq: u64,
    /// The snapshot's size when last written (the compaction threshold).
    snapshot_len: u64,
    /// The log is not compacted below this size (`MIN_COMPACT`).
    min_compact: u64,
    /// An append failed: the file may end in a partial line until the next compaction.
    broken: bool,
}

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> PersistError + '_ {
    move |source| PersistError::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl StateLog {
    /// Opens the log of `state_path` and applies its entries after the snapshot's to `state` (which came from
    /// that snapshot, or is fresh when `had_snapshot` is false: then the log is discarded).
    ///
    /// # Errors
    /// IO failures; a corrupt line or a gap in the sequence (`PersistError::Parse`, naming the line).
    pub fn open(
        state_path: &Path,
        state: &mut State,
        had_snapshot: bool,
    ) -> Result<StateLog, PersistError> {
        let path = log_path(state_path);
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|source| PersistError::Read {
                path: path.clone(),
                source,
            })?;
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .map_err(|source| PersistError::Read {
                path: path.clone(),
                source,
            })?;
        let len = if had_snapshot {
            replay(&path, &text, state)?;
            text.len() as u64
        } else {
            // Emptied now: the snapshot about to be written starts the sequence again, and must not meet these.
            file.set_len(0).and_then(|()| file.sync_all()).map_err(write_err(&path))?;
            0
        };
        Ok(StateLog {
            path,
            file,
            len,
            last_seq: state.log_seq,
            snapshot_len: 0,
            min_compact: MIN_COMPACT,
            broken: false,
        })
    }

    /// Whether the next save should write a full snapshot instead of an entry.
    #[must_use]
    pub fn wants_compaction(&self) -> bool {
        self.broken || self.len > self.snapshot_len.max(self.min_compact)
    }

    /// Appends an entry (one line) and makes it durable.
    ///
    /// # Errors
    /// The line cannot be written or synced; the log then wants compaction.
    pub fn append(&mut self, seq: u64, mut line: Vec<u8>) -> Result<(), PersistError> {
        let err = write_err(&self.path);
        line.push(b'\n');
        let written = self
            .file
            .write_all(&line)
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            self.broken = true;
            return Err(err(e));
        }
        self.len += line.len() as u64;
        self.last_seq = seq;
        Ok(())
    }

    /// Empties the log after a snapshot of `snapshot_len` bytes that includes every entry was written.
    ///
    /// # Errors
    /// The file cannot be truncated or synced.
    pub fn compacted(&mut self, snapshot_len: u64) -> Result<(), PersistError> {
        let err = write_err(&self.path);
        self.file.set_len(0).map_err(&err)?;
        self.file.sync_all().map_err(&err)?;
        self.len = 0;
        self.snapshot_len = snapshot_len;
        self.broken = false;
        Ok(())
    }
}

/// Applies the complete lines of `text` after `state.log_seq`, cutting off a partial last line.
fn replay(path: &Path, text: &[u8], state: &mut State) -> Result<(), PersistError> {
    let complete = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    for (i, line) in text[..complete].split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| PersistError::Parse {
            path: path.to_path_buf(),
            message: format!("line {}: {message}", i + 1),
        };
        let entry: Entry = serde_json::from_slice(line).map_err(|e| bad(e.to_string()))?;
        if entry.seq <= state.log_seq {
            continue;
        }
        if entry.seq != state.log_seq + 1 {
            return Err(bad(format!(
                "entry {} follows entry {}: the log lost entries in between",
                entry.seq, state.log_seq
            )));
        }
        entry.apply(state);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(id: &str, name: &str) -> ZObject {
        ZObject {
            id: id.into(),
            fields: [("Name".to_string(), json!(name))].into_iter().collect(),
            created: String::new(),
            updated: String::new(),
            updated_seq: 1,
            created_seq: 1,
        }
    }

    /// A fresh state and its (empty) log in a temporary directory (kept alive by the returned guard).
    fn fresh_log() -> (tempfile::TempDir, PathBuf, State, StateLog) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut state = State::new("2024-01-01T00:00:00.000+0000");
        let log = StateLog::open(&path, &mut state, true).unwrap();
        (dir, path, state, log)
    }

    fn save(log: &mut StateLog, state: &mut State) {
        let changes = state.take_changes();
        let seq = log.last_seq + 1;
        let line = Entry::line(seq, state, &changes).unwrap();
        assert_eq!(line, serde_json::to_vec(&Entry::capture(seq, state, &changes)).unwrap(), "the same line as a copy");
        log.append(seq, line).unwrap();
        state.log_seq = log.last_seq;
    }

    #[test]
    fn a_snapshot_plus_its_log_is_the_state() {
        let (_dir, path, mut state, mut log) = fresh_log();
        state.take_changes();
        std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        state.zuora.put(ObjectType::Product, object("p1", "One"));
        state.zuora.put(ObjectType::Product, object("p2", "Two"));
        state.store_response("k1", stored("a"), 100, 10);
        save(&mut log, &mut state);
        state.zuora.remove(ObjectType::Product, "p1");
        state
            .zuora
            .put(ObjectType::Product, object("p2", "Two, renamed"));
        state.zuora.counters.sku = 7;
        state.in_use.insert("p2".into());
        // k1 expires (stored at 100, ttl 10) when k2 is stored at 200.
        state.store_response("k2", stored("b"), 200, 10);
        save(&mut log, &mut state);

        let mut back: State = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        StateLog::open(&path, &mut back, true).unwrap();
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&state).unwrap()
        );
        assert!(!back.zuora.products.contains_key("p1"));
        assert!(back.stored_response("k1").is_none() && back.stored_response("k2").is_some());
        assert_eq!(back.log_seq, 2);
    }

    #[test]
    fn a_partial_last_line_is_cut_off_and_other_damage_is_refused() {
        let (_dir, path, mut state, mut log) = fresh_log();
        state.zuora.put(ObjectType::Product, object("p1", "One"));
        save(&mut log, &mut state);
        let good = std::fs::read(log_path(&path)).unwrap();
        let fresh = || State::new("2024-01-01T00:00:00.000+0000");

        let mut partial = good.clone();
        partial.extend_from_slice(b"{\"seq\":2,\"zuora_coun");
        std::fs::write(log_path(&path), &partial).unwrap();
        let mut back = fresh();
        StateLog::open(&path, &mut back, true).unwrap();
        assert_eq!(
            back.log_seq, 1,
            "the complete entry applies, the partial one is dropped"
        );

        let mut corrupt = b"not json\n".to_vec();
        corrupt.extend_from_slice(&good);
        std::fs::write(log_path(&path), &corrupt).unwrap();
        let e = StateLog::open(&path, &mut fresh(), true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("state.json.log") && e.contains("line 1"), "{e}");

        let gap = String::from_utf8(good.clone())
            .unwrap()
            .replace("\"seq\":1", "\"seq\":3");
        std::fs::write(log_path(&path), gap).unwrap();
        let e = StateLog::open(&path, &mut fresh(), true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("lost entries"), "{e}");

        // Without its snapshot the log is ignored, and emptied before a new snapshot can meet it.
        let mut back = fresh();
        StateLog::open(&path, &mut back, false).unwrap();
        assert_eq!(back.log_seq, 0);
        assert_eq!(std::fs::read(log_path(&path)).unwrap(), b"");
    }

    #[test]
    fn entries_the_snapshot_includes_are_skipped() {
        let (_dir, path, mut state, mut log) = fresh_log();
        state.zuora.put(ObjectType::Product, object("p1", "Old"));
        save(&mut log, &mut state);
        // A snapshot taken after a later, unlogged change, then a kill before the log was emptied.
        state.zuora.put(ObjectType::Product, object("p1", "New"));
        state.take_changes();
        state.log_seq = log.last_seq;
        let snapshot = serde_json::to_vec(&state).unwrap();
        let mut back: State = serde_json::from_slice(&snapshot).unwrap();
        StateLog::open(&path, &mut back, true).unwrap();
        assert_eq!(
            back.zuora.products["p1"].str("Name"),
            Some("New"),
            "entry 1 must not undo the snapshot"
        );
    }

    #[test]
    fn the_log_wants_compaction_once_larger_than_the_snapshot() {
        let (_dir, path, mut state, mut log) = fresh_log();
        log.min_compact = 0;
        log.compacted(2_000).unwrap();
        assert!(!log.wants_compaction(), "an empty log");
        let mut n = 0;
        while !log.wants_compaction() {
            n += 1;
            state.zuora.put(ObjectType::Product, object(&format!("p{n}"), "A product with a name"));
            save(&mut log, &mut state);
        }
        assert!(n > 1 && log.len > 2_000, "{n} entries, {} bytes", log.len);
        assert!(log.len < 2_000 + 1_000, "compaction is wanted as soon as the log passes the snapshot");
        log.compacted(5_000).unwrap();
        assert_eq!(std::fs::read(log_path(&path)).unwrap(), b"", "compaction empties the file");
        assert!(!log.wants_compaction());
        // Entries after a compaction continue the sequence.
        save(&mut log, &mut state);
        assert_eq!(log.last_seq, n + 1);
    }

    fn stored(body: &str) -> StoredResponse {
        StoredResponse {
            method: "POST".into(),
            path: "/v1/action/create".into(),
            status: 200,
            content_type: None,
            body: body.into(),
            stored_at: 0,
        }
    }
}
