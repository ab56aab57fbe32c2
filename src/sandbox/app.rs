//! The shared application state behind every handler: options, the persistent `State`, issued tokens, counters,
//! cursors and fault RNG.
//!
//! Durability (group commit): handlers change the state in memory under a write lock (`write`), which bumps a
//! version and collects what changed; reads share a read lock. No response leaves the sandbox before the state it
//! read or wrote is in the state file: the connection front (`server::handle`) awaits `durable()` for the current
//! version before answering. One save covers every change made before it started, so concurrent writes share
//! saves, and an idempotent request's stored response is saved together with the change it describes. A save
//! appends the changed objects to the state log and `fdatasync`s it (`statelog`); now and then it writes a full
//! snapshot instead (temp file + fsync + rename + directory fsync) and empties the log. A save waits (briefly)
//! for the requests already being handled (`Handling`) to make their changes, so that they share it rather than
//! need the next one. A `kill -9` therefore loses only writes that were never acknowledged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::Value;

use super::options::SandboxOptions;
use super::persist::{self, PersistError};
use super::state::{Changes, State};
use super::statelog::{Entry, StateLog};
use super::zuora::store::CatalogIndex;

/// Which service a token or request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Zuora,
    Salesforce,
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct Token {
    pub family: Family,
    pub expires: Instant,
}

/// A paged query result kept for `nextRecordsUrl` / `queryMore`.
#[derive(Debug, Clone)]
pub struct Cursor {
    /// Shared, so that serving a page does not copy every remaining record.
    pub records: Arc<Vec<Value>>,
    pub batch: usize,
}

/// Request counters for `GET /sandbox/admin/stats`.
#[derive(Debug, Default)]
pub struct Stats {
    /// `"METHOD /route/{template}"` -> count of requests that reached a handler.
    pub by_route: BTreeMap<String, u64>,
    /// Injected faults by kind (`429`, `5xx`, `drop`, `concurrency`).
    pub faults: BTreeMap<String, u64>,
    /// Every request received, faulted ones included.
    pub total: u64,
}

/// Locks a mutex, recovering from poisoning (a panicked handler must not wedge the sandbox).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How long a save waits at most for the requests being handled to make their changes.
const MAX_COMMIT_DELAY: Duration = Duration::from_millis(20);

/// Marks a request as being handled (between the fault front and `App::durable`) while it lives.
pub struct Handling<'a>(&'a App);

impl<'a> Handling<'a> {
    /// Starts handling a request.
    pub fn start(app: &'a App) -> Self {
        app.handling.fetch_add(1, Ordering::AcqRel);
        Handling(app)
    }
}

impl Drop for Handling<'_> {
    fn drop(&mut self) {
        if self.0.handling.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.handled.notify_waiters();
        }
    }
}

/// Everything a handler can reach.
pub struct App {
    pub opts: SandboxOptions,
    /// `http://127.0.0.1:PORT` (or https), used for absolute `nextPage` URLs and `instance_url`.
    pub base_url: String,
    state: RwLock<State>,
    /// Bumped (under the write lock) by every change to `state`.
    version: AtomicU64,
    /// The highest version known to be in the state file.
    saved: AtomicU64,
    /// State-file saves so far (for `GET /sandbox/admin/stats`).
    pub saves: AtomicU64,
    /// One save at a time; waiters whose change a finished save covered return without saving.
    save_turn: tokio::sync::Mutex<()>,
    /// Requests past the fault front and not yet waiting for durability (`Handling`), and their wake-up.
    handling: AtomicUsize,
    handled: tokio::sync::Notify,
    state_path: Option<PathBuf>,
    /// The state log (with a state file); its lock also makes saves one at a time.
    state_log: Mutex<Option<StateLog>>,
    /// Changes made and not yet saved (collected under the state's write lock).
    unsaved: Mutex<Changes>,
    /// The state as it was at start (for `POST /sandbox/admin/reset`).
    initial: State,
    pub tokens: Mutex<HashMap<String, Token>>,
    pub stats: Mutex<Stats>,
    pub cursors: Mutex<HashMap<String, Cursor>>,
    pub idempotency_in_progress: Mutex<HashSet<String>>,
    pub fault_rng: Mutex<StdRng>,
    pub zuora_in_flight: AtomicU32,
    pub salesforce_in_flight: AtomicU32,
    pub today: NaiveDate,
    /// Daily API usage counter for `Sforce-Limit-Info`.
    pub salesforce_api_usage: std::sync::atomic::AtomicU64,
    /// The Zuora catalog index and the state version it was built at.
    catalog_index: Mutex<Option<(u64, Arc<CatalogIndex>)>>,
    /// Salesforce field metadata under the configured behaviour.
    pub sf_schema: crate::sandbox::salesforce::schema::Schema,
}

impl App {
    /// Builds the app around a loaded state.
    #[must_use]
    pub fn new(opts: SandboxOptions, base_url: String, mut state: State) -> Self {
        // Loading made changes (puts); the first save is a snapshot of everything anyway.
        state.take_changes();
        let today = opts.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let seed = opts.faults.seed;
        Self {
            base_url,
            initial: state.clone(),
            state: RwLock::new(state),
            version: AtomicU64::new(0),
            saved: AtomicU64::new(0),
            saves: AtomicU64::new(0),
            save_turn: tokio::sync::Mutex::new(()),
            handling: AtomicUsize::new(0),
            handled: tokio::sync::Notify::new(),
            state_path: None,
            state_log: Mutex::new(None),
            unsaved: Mutex::new(Changes { whole: true, ..Changes::default() }),
            tokens: Mutex::new(HashMap::new()),
            stats: Mutex::new(Stats::default()),
            cursors: Mutex::new(HashMap::new()),
            idempotency_in_progress: Mutex::new(HashSet::new()),
            fault_rng: Mutex::new(StdRng::seed_from_u64(seed)),
            zuora_in_flight: AtomicU32::new(0),
            salesforce_in_flight: AtomicU32::new(0),
            today,
            salesforce_api_usage: std::sync::atomic::AtomicU64::new(0),
            catalog_index: Mutex::new(None),
            sf_schema: crate::sandbox::salesforce::schema::Schema::new(&opts.behaviour.salesforce),
            opts,
        }
    }

    /// Persist to this file (and its log, opened by the caller) after every write.
    #[must_use]
    pub fn with_state_file(mut self, path: Option<PathBuf>, log: Option<StateLog>) -> Self {
        self.state_path = path;
        self.state_log = Mutex::new(log);
        self
    }

    /// Reads the state (reads run concurrently).
    pub fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// The Zuora catalog index of `s`, the state under the caller's read lock (so the version cannot move while
    /// it is used); rebuilt only when the state changed since the last build.
    pub fn catalog_index(&self, s: &State) -> Arc<CatalogIndex> {
        let version = self.version.load(Ordering::Acquire);
        let mut cached = lock(&self.catalog_index);
        if let Some((at, index)) = cached.as_ref()
            && *at == version
        {
            return Arc::clone(index);
        }
        let index = Arc::new(CatalogIndex::build(&s.zuora));
        *cached = Some((version, Arc::clone(&index)));
        index
    }

    /// Changes the state in memory. The change is acknowledged (the response sent) only after `durable`.
    pub fn write<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut guard = self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let out = f(&mut guard);
        // Taken even without a state file, so the change sets do not grow for nothing.
        let changes = guard.take_changes();
        if self.state_path.is_some() {
            lock(&self.unsaved).merge(changes);
        }
        self.version.fetch_add(1, Ordering::AcqRel);
        out
    }

    /// Waits until every change made so far is in the state file, saving it unless a save already under way
    /// (or finished meanwhile) covers them.
    ///
    /// # Errors
    /// The state file could not be written; the caller answers 500 and the client must not assume success.
    pub async fn durable(self: &Arc<Self>) -> Result<(), PersistError> {
        if self.state_path.is_none() {
            return Ok(());
        }
        let target = self.version.load(Ordering::Acquire);
        if self.saved.load(Ordering::Acquire) >= target {
            return Ok(());
        }
        let _turn = self.save_turn.lock().await;
        if self.saved.load(Ordering::Acquire) >= target {
            return Ok(());
        }
        // Let the requests being handled now make their changes first, so this save covers them too.
        let deadline = tokio::time::Instant::now() + MAX_COMMIT_DELAY;
        while self.handling.load(Ordering::Acquire) > 0 {
            let handled = self.handled.notified();
            if self.handling.load(Ordering::Acquire) == 0
                || tokio::time::timeout_at(deadline, handled).await.is_err()
            {
                break;
            }
        }
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.save())
            .await
            .map_err(|e| PersistError::Write {
                path: self.state_path.clone().unwrap_or_default(),
                source: std::io::Error::other(e.to_string()),
            })?
    }

    /// Saves the changes made so far, recording the version saved: as a state-log entry (the changed objects,
    /// written out under the read lock, appended and synced outside it), or as a full snapshot (serialised under
    /// the write lock, which also records the last log entry it includes) when the log wants compaction.
    ///
    /// # Errors
    /// As `durable`.
    pub fn save(&self) -> Result<(), PersistError> {
        let Some(path) = &self.state_path else { return Ok(()) };
        let mut log_guard = lock(&self.state_log);
        let Some(log) = log_guard.as_mut() else { return Ok(()) };
        let whole = lock(&self.unsaved).whole;
        if whole || log.wants_compaction() {
            let (bytes, version, changes) = {
                let mut guard = self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                guard.log_seq = log.last_seq;
                let bytes = serde_json::to_vec(&*guard).map_err(|e| PersistError::Write {
                    path: path.clone(),
                    source: std::io::Error::other(e.to_string()),
                })?;
                (bytes, self.version.load(Ordering::Acquire), std::mem::take(&mut *lock(&self.unsaved)))
            };
            if let Err(e) = persist::write_atomic(path, &bytes).and_then(|()| log.compacted(bytes.len() as u64)) {
                lock(&self.unsaved).merge(Changes { whole: true, ..changes });
                return Err(e);
            }
            self.saved.fetch_max(version, Ordering::AcqRel);
        } else {
            let seq = log.last_seq + 1;
            let (line, version, changes) = {
                let guard = self.state.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                let changes = std::mem::take(&mut *lock(&self.unsaved));
                // Even with no object changed: a write may have changed the small parts (in-use ids, counters).
                let line = Entry::line(seq, &guard, &changes);
                (line, self.version.load(Ordering::Acquire), changes)
            };
            let written = line
                .map_err(|e| PersistError::Write { path: path.clone(), source: std::io::Error::other(e.to_string()) })
                .and_then(|line| log.append(seq, line));
            if let Err(e) = written {
                lock(&self.unsaved).merge(changes);
                return Err(e);
            }
            self.saved.fetch_max(version, Ordering::AcqRel);
        }
        self.saves.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Restores the start-up state (saved before the response, like any write).
    pub fn reset(&self) {
        let initial = self.initial.clone();
        let mut guard = self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = initial;
        // Under the write lock, so no save can count this version as saved without a snapshot.
        lock(&self.unsaved).whole = true;
        self.version.fetch_add(1, Ordering::AcqRel);
        drop(guard);
        lock(&self.cursors).clear();
    }

    /// The current time in Zuora's timestamp style.
    #[must_use]
    pub fn now_zuora() -> String {
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
    }

    /// The current time in Salesforce's timestamp style.
    #[must_use]
    pub fn now_salesforce() -> String {
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
    }

    /// Counts a fault of `kind`.
    pub fn count_fault(&self, kind: &str) {
        *lock(&self.stats).faults.entry(kind.to_string()).or_default() += 1;
    }
}
