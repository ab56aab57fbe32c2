//! The whole apply sequence, as the CLI runs it: checks, stale-plan refusal, confirmation, execution, snapshot,
//! re-plan. IO lives here; the decisions live in `stale`, `steps`, `payload` and `execute`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::execute::{self, Outcome, Remote};
use super::journal::{self, Journal, JournalError};
use super::progress::Progress;
use super::stale;
use super::steps::{self, RETIRE_PART};
use crate::config::EnvConfig;
use crate::live::{self, LiveState, Snapshot};
use crate::model::Catalog;
use crate::plan::document::Header;
use crate::plan::{self, Operation, PlanDocument};
use crate::providers::ProviderError;

/// Why an apply stopped.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("cannot read the plan {path}: {source}")]
    ReadPlan { path: PathBuf, source: std::io::Error },
    #[error("the plan {path} does not verify: {source}")]
    Plan { path: PathBuf, source: crate::plan::document::DocumentError },
    #[error("the plan has {count} refused change(s); fix the catalog and plan again")]
    Refused { count: usize },
    #[error("the plan was made for environment `{plan}`, not `{given}`")]
    WrongEnvironment { plan: String, given: String },
    #[error("{0}")]
    Catalog(String),
    #[error(
        "the catalog changed since the plan was made (plan: {planned}, working tree: {current}); run `skuctl plan \
         --out` again"
    )]
    CatalogChanged { planned: String, current: String },
    #[error(
        "the plan is stale: {} live object(s) changed since it was made; nothing was written. Run `skuctl plan \
         --out` again.\n{}",
        changes.len(),
        changes.iter().map(|c| format!("  - {c}")).collect::<Vec<_>>().join("\n")
    )]
    Stale { changes: Vec<stale::Change> },
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("{0}")]
    Provider(#[from] ProviderError),
    #[error("cannot write the snapshot: {0}")]
    Snapshot(#[from] crate::live::SnapshotError),
    #[error("apply cancelled; nothing was written")]
    Cancelled,
    /// A fatal error after writing started (the journal keeps what was done; run apply again to resume).
    #[error("{message}; run apply again with the same journal to finish")]
    Execution { message: String },
}

impl ApplyError {
    /// Whether the error stopped the apply before anything was written.
    #[must_use]
    pub fn before_writes(&self) -> bool {
        !matches!(self, ApplyError::Execution { .. })
    }
}

/// What the caller decided.
pub struct ApplyOptions<'a> {
    /// The saved plan, as read and verified (`PlanFile`); `plan_path` is where it was read from.
    pub plan: PlanDocument,
    pub plan_path: &'a Path,
    pub catalog_dir: &'a Path,
    pub env: &'a EnvConfig,
    /// Where the environment's snapshot goes.
    pub snapshot: PathBuf,
    pub journal: Option<PathBuf>,
    pub today: NaiveDate,
    /// Objects per write call at most (`None`: the providers' caps); 1 gives the one-call-per-object baseline.
    pub max_batch: Option<usize>,
    /// Asked once the plan is known to be fresh; `false` cancels.
    pub confirm: &'a mut dyn FnMut(&PlanDocument, usize) -> bool,
    /// The first live read when the caller has started it already; otherwise `apply` starts it once the catalog
    /// is checked.
    pub first_read: Option<FirstRead>,
}

/// The result of a finished apply.
#[derive(Debug)]
pub struct Report {
    pub environment: String,
    pub plan_digest: String,
    pub operations: usize,
    pub outcome: Outcome,
    pub journal: Option<PathBuf>,
    pub snapshot: PathBuf,
    /// Operations a fresh plan still finds (should be empty).
    pub remaining: Vec<Operation>,
    /// HTTP requests sent (every attempt, reads included).
    pub requests: u64,
    pub timings: Timings,
}

/// Wall-clock durations of an apply's phases, in milliseconds (reported, never written to any file).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// The first live read (stale-plan check).
    pub read_ms: u128,
    /// Executing the operations.
    pub write_ms: u128,
    /// From the first read to the end of the re-plan (snapshot included).
    pub total_ms: u128,
}

impl Report {
    /// True when everything was applied and nothing remains.
    #[must_use]
    pub fn success(&self) -> bool {
        self.outcome.failures.is_empty() && self.remaining.is_empty()
    }
}

/// A saved plan read from its file: its text and its header (format version checked, environment), before it is
/// verified in full (`verify`).
pub struct PlanFile<'a> {
    path: &'a Path,
    text: String,
    pub header: Header,
}

impl<'a> PlanFile<'a> {
    /// Reads the file and its header.
    ///
    /// # Errors
    /// The file cannot be read, does not parse as a plan header, or has another format version.
    pub fn read(path: &'a Path) -> Result<Self, ApplyError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ApplyError::ReadPlan { path: path.to_owned(), source })?;
        let header = PlanDocument::header(&text).map_err(|source| ApplyError::Plan { path: path.to_owned(), source })?;
        Ok(Self { path, text, header })
    }

    /// Parses the plan and verifies its digests.
    ///
    /// # Errors
    /// It does not parse, or its digests do not match its content.
    pub fn verify(self) -> Result<PlanDocument, ApplyError> {
        PlanDocument::parse_after_header(&self.text).map_err(|source| ApplyError::Plan { path: self.path.to_owned(), source })
    }
}

/// The first read of the live state (for the stale-plan check), started by the caller as early as it may: while
/// the plan is verified and the catalog loaded and checked. Reads change nothing, so nothing is lost when a check
/// then refuses the plan; the caller starts it only once the environment is known to be the plan's, and never
/// before an approval it requires.
pub struct FirstRead {
    remote: Remote,
    began: std::time::Instant,
    task: tokio::task::JoinHandle<Result<LiveState, ProviderError>>,
}

impl FirstRead {
    /// Builds the clients and sends the read on `rt`.
    ///
    /// # Errors
    /// The clients cannot be built (missing credentials, bad URL).
    pub fn start(env: &EnvConfig, rt: &tokio::runtime::Handle) -> Result<Self, ProviderError> {
        let _entered = rt.enter();
        let remote = remote(env)?;
        let reader = remote.clone();
        let began = std::time::Instant::now();
        let task = rt.spawn(async move { reader.read().await });
        Ok(Self { remote, began, task })
    }

    async fn finish(self) -> Result<(Remote, std::time::Instant, LiveState), ApplyError> {
        let state = self
            .task
            .await
            .map_err(|e| ProviderError::Setup { message: format!("the live read stopped: {e}") })??;
        Ok((self.remote, self.began, state))
    }
}

/// Loads and validates the catalog.
///
/// # Errors
/// The directory cannot be read, or the catalog has errors.
pub fn load_catalog(dir: &Path) -> Result<Catalog, ApplyError> {
    let loaded = crate::load::load_catalog(dir).map_err(|e| ApplyError::Catalog(e.to_string()))?;
    let mut findings = loaded.diagnostics;
    if let Some(c) = &loaded.catalog {
        findings.extend(crate::validate::check(c));
    }
    let errors = findings.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count();
    match loaded.catalog {
        Some(c) if errors == 0 => Ok(c),
        _ => Err(ApplyError::Catalog(format!(
            "the catalog in {} is invalid ({} error(s)); `skuctl validate` shows them",
            dir.display(),
            errors.max(1)
        ))),
    }
}

fn remote(env: &EnvConfig) -> Result<Remote, ProviderError> {
    let (zuora, salesforce) = crate::providers::clients(env)?;
    Ok(Remote {
        zuora,
        salesforce,
        key_field: env.zuora.catalog_key_field.clone(),
        external_id_field: env.salesforce.as_ref().map(|s| s.external_id_field.clone()).unwrap_or_default(),
        default_currency: env.zuora.default_currency.clone(),
    })
}

/// Plan indexes an earlier run of this plan already started (any journal record).
fn started(path: &Path, plan: &PlanDocument) -> Result<BTreeSet<usize>, ApplyError> {
    if !path.exists() {
        return Ok(BTreeSet::new());
    }
    let j = Journal::open(path, &plan.digest, &plan.environment)?;
    Ok(j.statuses().keys().map(|id| if *id >= RETIRE_PART { id - RETIRE_PART } else { *id }).collect())
}

/// Runs the whole apply.
///
/// # Errors
/// Any check failing (nothing written then), or a fatal error while writing (the journal keeps what was done).
pub async fn apply(opts: ApplyOptions<'_>) -> Result<Report, ApplyError> {
    let plan = opts.plan;
    if !plan.refused.is_empty() {
        return Err(ApplyError::Refused { count: plan.refused.len() });
    }
    if plan.environment != opts.env.name {
        return Err(ApplyError::WrongEnvironment { plan: plan.environment.clone(), given: opts.env.name.clone() });
    }
    let catalog = load_catalog(opts.catalog_dir)?;
    let current = plan::catalog_digest(&catalog);
    if current != plan.catalog.digest {
        return Err(ApplyError::CatalogChanged { planned: plan.catalog.digest.clone(), current });
    }
    let desired_state = live::desired_state(&catalog, opts.env);
    let journal_path = opts.journal.clone().unwrap_or_else(|| journal::default_path(opts.plan_path));
    let started = started(&journal_path, &plan)?;

    let first_read = match opts.first_read {
        Some(read) => read,
        None => FirstRead::start(opts.env, &tokio::runtime::Handle::current())?,
    };
    let (remote, began, live_state) = first_read.finish().await?;
    let mut timings = Timings { read_ms: began.elapsed().as_millis(), ..Timings::default() };
    let fresh = plan::from_live::live(&live_state, &desired_state, opts.today);
    let changes = stale::changes(&plan.live_read, &plan.operations, &fresh, &started);
    if !changes.is_empty() {
        return Err(ApplyError::Stale { changes });
    }

    let parts: usize = plan.operations.iter().map(|o| steps::parts(o).len()).sum();
    let (environment, plan_digest, operations) = (plan.environment.clone(), plan.digest.clone(), plan.operations.len());
    let mut outcome = Outcome::default();
    let mut journal_used = None;
    let mut final_state = live_state.clone();
    if parts > 0 {
        if !(opts.confirm)(&plan, parts) {
            return Err(ApplyError::Cancelled);
        }
        let journal = Journal::open(&journal_path, &plan.digest, &plan.environment)?;
        journal_used = Some(journal_path.clone());
        let progress = Progress::new(parts as u64);
        let limits = execute::Limits { concurrency: opts.env.zuora.write_concurrency, max_batch: opts.max_batch };
        let started_at = std::time::Instant::now();
        // The executor takes the plan (no copy of every operation); the report keeps only the fields above.
        outcome = execute::execute(plan, remote.clone(), journal, &live_state, limits, progress)
            .await
            .map_err(|e| ApplyError::Execution { message: e.to_string() })?;
        timings.write_ms = started_at.elapsed().as_millis();
        final_state = remote.read().await.map_err(|e| ApplyError::Execution { message: e.to_string() })?;
    }
    // The refreshed snapshot is written (and synced) while the re-plan runs.
    let snapshot = Snapshot::new(&opts.env.name, final_state.clone());
    let (written, remaining) =
        crate::par::join(true, || snapshot.write(&opts.snapshot), || replan(&desired_state, &final_state, opts.today));
    written.map_err(|e| ApplyError::Execution { message: e.to_string() })?;
    timings.total_ms = began.elapsed().as_millis();
    Ok(Report {
        timings,
        environment,
        plan_digest,
        operations,
        outcome,
        journal: journal_used,
        snapshot: opts.snapshot.clone(),
        remaining,
        requests: remote.requests(),
    })
}

/// The operations a fresh plan of `desired` against `live` still finds.
#[must_use]
pub fn replan(desired: &LiveState, live: &LiveState, today: NaiveDate) -> Vec<Operation> {
    let (d, l) = plan::from_live::desired_and_live(desired, live, today);
    plan::diff(&d, &l, today).operations
}
