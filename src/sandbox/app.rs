//! The shared application state behind every handler: options, the persistent `State` (behind one lock, written
//! through to the state file after each acknowledged write), issued tokens, counters, cursors and fault RNG.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::AtomicU32;
use std::time::Instant;

use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::Value;

use super::options::SandboxOptions;
use super::persist::{self, PersistError};
use super::state::State;

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
    pub records: Vec<Value>,
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

/// Everything a handler can reach.
pub struct App {
    pub opts: SandboxOptions,
    /// `http://127.0.0.1:PORT` (or https), used for absolute `nextPage` URLs and `instance_url`.
    pub base_url: String,
    state: Mutex<State>,
    state_path: Option<PathBuf>,
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
}

impl App {
    /// Builds the app around a loaded state.
    #[must_use]
    pub fn new(opts: SandboxOptions, base_url: String, state: State) -> Self {
        let today = opts.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let seed = opts.faults.seed;
        Self {
            opts,
            base_url,
            initial: state.clone(),
            state: Mutex::new(state),
            state_path: None,
            tokens: Mutex::new(HashMap::new()),
            stats: Mutex::new(Stats::default()),
            cursors: Mutex::new(HashMap::new()),
            idempotency_in_progress: Mutex::new(HashSet::new()),
            fault_rng: Mutex::new(StdRng::seed_from_u64(seed)),
            zuora_in_flight: AtomicU32::new(0),
            salesforce_in_flight: AtomicU32::new(0),
            today,
            salesforce_api_usage: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Persist to this file after every write.
    #[must_use]
    pub fn with_state_path(mut self, path: Option<PathBuf>) -> Self {
        self.state_path = path;
        self
    }

    /// Reads the state.
    pub fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&lock(&self.state))
    }

    /// Mutates the state and, before returning (i.e. before the response is sent), persists it atomically.
    ///
    /// # Errors
    /// The state file could not be written; the caller answers 500 and the client must not assume success.
    pub fn write<T>(&self, f: impl FnOnce(&mut State) -> T) -> Result<T, PersistError> {
        let mut guard = lock(&self.state);
        let out = f(&mut guard);
        if let Some(path) = &self.state_path {
            let bytes = serde_json::to_vec(&*guard).map_err(|e| PersistError::Write {
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            persist::write_atomic(path, &bytes)?;
        }
        Ok(out)
    }

    /// Restores the start-up state (and persists it).
    ///
    /// # Errors
    /// As `write`.
    pub fn reset(&self) -> Result<(), PersistError> {
        let initial = self.initial.clone();
        self.write(|s| *s = initial)?;
        lock(&self.cursors).clear();
        Ok(())
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
