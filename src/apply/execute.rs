//! The executor: runs a plan's operations against Zuora and Salesforce, journalling each call, and resumes a
//! journal left by an interrupted run.
//!
//! Contract:
//! - Zuora and Salesforce run side by side, at most `write_concurrency` calls in flight in all. A call starts as
//!   soon as the parts it waits for are settled (`steps::calls`: its own objects' parents, not the whole previous
//!   level), calls with more levels below them first. Retries with backoff and `Retry-After` happen in the
//!   transport; the key of a batch is reused on every retry and every re-run.
//! - Before each call an `intent` is journalled and synced; after it, one `done` (remote id) or `failed` per
//!   operation, synced before any later call is sent (group commit: the calls started together share one sync,
//!   which also covers the outcomes written before their intents).
//! - An operation whose intent has no outcome (a crash, or a call that failed as a whole, e.g. a dropped
//!   connection) is looked up by catalog key / external id in a fresh read before anything is sent again: found
//!   means done; otherwise the batch is sent again (same operations, same key). Updates and retirements are
//!   simply sent again (they set absolute values).
//! - An operation whose parent was not created is not attempted (reported as blocked).
//! - Salesforce price entries ride in the Composite call of their Product2 batch (`steps::chained`): built with a
//!   reference to the Product2's result where it has no id yet, sent as collection subrequests in order. A
//!   subrequest that did not run (its reference named a Product2 that failed) is settled like a call that failed
//!   as a whole: after a fresh read, what remains is sent again, now with the ids known.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use tokio::sync::Semaphore;

use super::journal::{Journal, JournalError, Record, Status};
use super::payload::{self, PayloadError, RemoteIds, SfCall};
use super::progress::Progress;
use super::steps::{self, Part, Step, Verb};
use crate::live::LiveState;
use crate::plan::{Action, Kind, Operation, PlanDocument, System};
use crate::providers::ProviderError;
use crate::providers::salesforce::SalesforceClient;
use crate::providers::zuora::{ObjectType, ZuoraClient};

/// How many times a level is retried after calls that failed as a whole.
const ROUNDS: usize = 4;

/// What went wrong with one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub op: usize,
    pub message: String,
}

/// What an execution did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Parts completed in this run (not counting those an earlier run completed).
    pub done: usize,
    /// Parts completed by an earlier run (skipped).
    pub skipped: usize,
    /// Parts found already done remotely after an interrupted call (not sent again).
    pub recovered: usize,
    pub failures: Vec<Failure>,
    /// Write calls sent (batches, each counted once however often the transport retried it).
    pub calls: usize,
    /// The write calls this run planned, and the rounds they need at its concurrency when every call takes
    /// the same time (`steps::rounds`: the dependency graph's floor, `rounds x latency`).
    pub planned_calls: usize,
    pub rounds: usize,
}

/// How hard to push the providers.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Write calls in flight at most.
    pub concurrency: usize,
    /// Objects per call at most (`None`: the providers' caps, 50 and 200).
    pub max_batch: Option<usize>,
}

/// A fatal error: the journal cannot be written, or the state cannot be re-read to resolve an unknown outcome.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("{0}")]
    Provider(#[from] ProviderError),
}

/// The remote side of an execution.
#[derive(Clone)]
pub struct Remote {
    pub zuora: ZuoraClient,
    pub salesforce: Option<SalesforceClient>,
    pub key_field: String,
    pub external_id_field: String,
    /// The tenant's default currency (`zuora.default_currency` in the config).
    pub default_currency: String,
}

impl Remote {
    /// Reads the live state (Zuora catalog, and Salesforce when configured).
    ///
    /// # Errors
    /// A read fails after its retries.
    pub async fn read(&self) -> Result<LiveState, ProviderError> {
        let z = async {
            let raw = self.zuora.read_catalog().await?;
            crate::providers::zuora::mapping::catalog_to_state(&raw, &self.key_field).map_err(|e| ProviderError::Decode {
                service: "Zuora",
                what: "GET /v1/catalog/products".into(),
                message: e.to_string(),
            })
        };
        let s = async {
            match &self.salesforce {
                Some(c) => crate::providers::salesforce::mapping::read_state(c).await.map(Some),
                None => Ok(None),
            }
        };
        let (z, s) = tokio::join!(z, s);
        let mut state = LiveState { zuora: z?, salesforce: s? };
        state.sort();
        Ok(state)
    }

    /// Requests sent so far (every attempt, reads and token requests included).
    #[must_use]
    pub fn requests(&self) -> u64 {
        self.zuora.stats().requests() + self.salesforce.as_ref().map_or(0, |c| c.stats().requests())
    }
}

struct Shared {
    plan: PlanDocument,
    remote: Remote,
    journal: Mutex<Journal>,
    ids: Mutex<RemoteIds>,
    /// What every Zuora object is built with; its `currencies` also drive currency activation.
    zuora_write: payload::ZuoraWrite,
    limit: Semaphore,
    /// Objects per call at most (below the providers' caps only for the one-call-per-object baseline).
    max_batch: usize,
    progress: Progress,
    outcome: Mutex<Outcome>,
    /// Parts that failed for good in this run (not retried in later rounds).
    gave_up: Mutex<BTreeSet<usize>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Executes `plan` against `remote`, starting from `live` (a fresh read), journalling into `journal`.
///
/// # Errors
/// The journal cannot be written, or a re-read needed to settle an unknown outcome fails.
pub async fn execute(
    plan: PlanDocument,
    remote: Remote,
    journal: Journal,
    live: &LiveState,
    limits: Limits,
    progress: Progress,
) -> Result<Outcome, ExecError> {
    let mut ids = RemoteIds::of(live);
    let mut skipped = 0;
    for op in &plan.operations {
        for part in steps::parts(op) {
            if let Some(Status::Done { remote_id }) = journal.status(part.journal_id(op.action)) {
                skipped += 1;
                if part.verb == Verb::Create {
                    ids.ids.insert((op.kind, op.key.clone()), remote_id.clone());
                }
            }
        }
    }
    let zuora_write = payload::ZuoraWrite {
        key_field: remote.key_field.clone(),
        currencies: payload::desired_currencies(&plan.operations),
        default_currency: remote.default_currency.clone(),
    };
    let shared = Arc::new(Shared {
        plan,
        remote,
        journal: Mutex::new(journal),
        ids: Mutex::new(ids),
        zuora_write,
        limit: Semaphore::new(limits.concurrency.max(1)),
        max_batch: limits.max_batch.unwrap_or(usize::MAX).max(1),
        progress,
        outcome: Mutex::new(Outcome { skipped, ..Outcome::default() }),
        gave_up: Mutex::new(BTreeSet::new()),
    });
    // Operations a previous run left without outcome: settle them against the fresh read first.
    recover(&shared, live)?;
    schedule(shared.clone(), limits.concurrency.max(1)).await?;
    shared.progress.finish();
    let mut out = std::mem::take(&mut *lock(&shared.outcome));
    out.failures.sort_by_key(|f| f.op);
    Ok(out)
}

fn op_of(shared: &Shared, index: usize) -> Option<&Operation> {
    shared.plan.operations.get(index.wrapping_sub(1)).filter(|o| o.index == index).or_else(|| {
        shared.plan.operations.iter().find(|o| o.index == index)
    })
}

/// The journal id of a part (`None` when its operation is not in the plan).
fn jid(shared: &Shared, part: Part) -> Option<usize> {
    op_of(shared, part.op).map(|o| part.journal_id(o.action))
}

/// Marks as done every pending create whose object now exists (found by catalog key), journalling it.
fn recover(shared: &Shared, live: &LiveState) -> Result<(), ExecError> {
    let fresh = RemoteIds::of(live);
    let mut journal = lock(&shared.journal);
    let mut ids = lock(&shared.ids);
    let mut recovered = 0;
    for op in &shared.plan.operations {
        let part = Part { op: op.index, verb: Verb::Create };
        if !steps::parts(op).contains(&part) {
            continue;
        }
        let jid = part.journal_id(op.action);
        if !matches!(journal.status(jid), Some(Status::Pending { .. })) {
            continue;
        }
        if let Some(id) = fresh.get(op.kind, &op.key).filter(|id| Some(*id) != op.remote_id.as_ref()) {
            journal.done(jid, id)?;
            ids.ids.insert((op.kind, op.key.clone()), id.clone());
            recovered += 1;
            shared.progress.inc(1);
        }
    }
    // Currencies and price books may have changed too.
    ids.plan_currencies = fresh.plan_currencies;
    if ids.standard_book.is_none() {
        ids.standard_book = fresh.standard_book;
    }
    if ids.custom_book.is_none() {
        ids.custom_book = fresh.custom_book;
    }
    lock(&shared.outcome).recovered += recovered;
    Ok(())
}

/// One planned call and how far it got.
struct Unit {
    call: steps::Call,
    /// Waits for the currency activation (charge creates and updates).
    after_activation: bool,
    state: UnitState,
    /// Batches of this unit in flight.
    running: usize,
    /// A batch failed as a whole in the current attempt.
    unknown: bool,
    /// Attempts that failed as a whole.
    failures: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitState {
    Waiting,
    Running,
    /// A call failed as a whole: settled against a fresh read once nothing else can run.
    Unknown,
    Finished,
}

/// What a task reports back to the scheduler.
enum Report {
    /// `results`: per subrequest (one for a plain call), `None` for the call or a subrequest that did not run.
    Call { unit: usize, batch: Batch, results: Option<Vec<Option<Vec<ItemResult>>>> },
    Activated,
    Synced,
}

/// Whether a part is settled for this run (done, or given up).
fn settled(journal: &Journal, gave_up: &BTreeSet<usize>, jid: usize) -> bool {
    gave_up.contains(&jid) || matches!(journal.status(jid), Some(Status::Done { .. }))
}

/// The parts not settled yet.
fn unsettled(shared: &Shared, parts: &[Part]) -> Vec<Part> {
    let journal = lock(&shared.journal);
    let gave_up = lock(&shared.gave_up);
    parts
        .iter()
        .copied()
        .filter(|p| jid(shared, *p).is_some_and(|j| !settled(&journal, &gave_up, j)))
        .collect()
}

/// The calls of both systems, each waiting only for what it needs (`steps::calls`).
fn plan_units(shared: &Shared) -> Vec<Unit> {
    let size = |system| steps::batch_size(system).min(shared.max_batch);
    let mut systems = vec![System::Zuora];
    if shared.remote.salesforce.is_some() {
        systems.push(System::Salesforce);
    } else {
        let failures: Vec<Failure> = shared
            .plan
            .operations
            .iter()
            .filter(|o| o.system == System::Salesforce)
            .map(|o| Failure { op: o.index, message: "the environment has no Salesforce org configured".into() })
            .collect();
        lock(&shared.outcome).failures.extend(failures);
    }
    let journal = lock(&shared.journal);
    let pending = |o: &Operation, p: Part| !matches!(journal.status(p.journal_id(o.action)), Some(Status::Done { .. }));
    // One object a call (`max_batch`, the baseline) means no Composite calls either.
    let composite = if shared.max_batch >= steps::SALESFORCE_BATCH { steps::COMPOSITE_STEPS } else { 1 };
    systems
        .into_iter()
        .flat_map(|system| {
            let calls = steps::calls(&shared.plan.operations, system, pending, size(system));
            match system {
                System::Salesforce => steps::chained(&shared.plan.operations, calls, composite),
                System::Zuora => calls,
            }
        })
        .map(|call| Unit {
            after_activation: call.step.kind == Kind::Charge && call.step.verb != Verb::Retire,
            call,
            state: UnitState::Waiting,
            running: 0,
            unknown: false,
            failures: 0,
        })
        .collect()
}

/// Runs every pending part: a call is sent as soon as the parts it waits for are settled, highest first, with at
/// most `concurrency` calls in flight. The intents of the calls started together are written in one write and
/// made durable (with the outcomes written before them) by one sync before any of them is sent; outcomes are
/// written as calls return and synced with the next intents, or on their own when nothing follows. A call that
/// is ready while every slot is taken has its batches built while the others are in flight, so a freed slot
/// sends at once.
async fn schedule(shared: Arc<Shared>, concurrency: usize) -> Result<(), ExecError> {
    let mut units = plan_units(&shared);
    let nodes: Vec<steps::Node> = units
        .iter()
        .map(|u| steps::Node {
            own: u.call.parts().iter().filter_map(|p| jid(&shared, *p)).collect(),
            after: u.call.after.clone(),
            height: u.call.height,
        })
        .collect();
    {
        let mut outcome = lock(&shared.outcome);
        outcome.planned_calls = units.len();
        outcome.rounds = steps::rounds(&nodes, concurrency);
    }
    if units.is_empty() {
        return Ok(());
    }
    let syncer = lock(&shared.journal).syncer();
    let mut set: tokio::task::JoinSet<Result<Report, ExecError>> = tokio::task::JoinSet::new();
    let mut activated = prepare(&shared, &units, &mut set).await?;
    let mut in_flight = usize::from(!activated);
    let mut unsynced = None;
    // Batches of units that were ready while every slot was taken, built while the calls were in flight: a
    // freed slot then sends at once instead of first building (keyed by unit; valid while its parts are).
    let mut prebuilt: BTreeMap<usize, (Vec<Part>, Vec<Batch>)> = BTreeMap::new();
    loop {
        // Start what can start, highest first.
        let mut ready: Vec<usize> = {
            let journal = lock(&shared.journal);
            let gave_up = lock(&shared.gave_up);
            (0..units.len())
                .filter(|&i| {
                    let u = &units[i];
                    u.state == UnitState::Waiting
                        && (activated || !u.after_activation)
                        && u.call.after.iter().all(|j| settled(&journal, &gave_up, *j))
                })
                .collect()
        };
        ready.sort_by_key(|&i| (std::cmp::Reverse(units[i].call.height), i));
        let mut launch = Vec::new();
        let mut blocked = false;
        let mut waiting = Vec::new();
        for i in ready {
            if in_flight + launch.len() >= concurrency {
                waiting.push(i);
                continue;
            }
            let parts = unsettled(&shared, &units[i].call.parts());
            let built = match prebuilt.remove(&i) {
                Some((at, built)) if at == parts => built,
                _ => build(&shared, &units[i].call, &parts),
            };
            if built.is_empty() {
                // Everything in it was settled meanwhile or could not be built (given up): others may start now.
                units[i].state = UnitState::Finished;
                blocked = true;
                continue;
            }
            units[i].state = UnitState::Running;
            units[i].running = built.len();
            launch.extend(built.into_iter().map(|b| (i, b)));
        }
        let launched = !launch.is_empty();
        if launched {
            let intents: Vec<Record> = launch
                .iter()
                .map(|(_, b)| Record::Intent { ops: all_jids(&shared, b), call: b.call.clone(), key: b.key.clone() })
                .filter(|r| !matches!(r, Record::Intent { ops, .. } if ops.is_empty()))
                .collect();
            let ticket = lock(&shared.journal).append_unsynced(&intents)?;
            unsynced = None;
            for (unit, batch) in launch {
                in_flight += 1;
                let (sh, sync) = (shared.clone(), syncer.clone());
                set.spawn(async move {
                    // The intent (and every outcome written before it) is on disk before the call is sent.
                    tokio::task::block_in_place(|| sync.sync(ticket))?;
                    let results = send(&sh, &batch).await;
                    Ok(Report::Call { unit, batch, results })
                });
            }
        } else if blocked {
            continue;
        }
        for i in waiting {
            if let std::collections::btree_map::Entry::Vacant(slot) = prebuilt.entry(i) {
                let parts = unsettled(&shared, &units[i].call.parts());
                let built = build(&shared, &units[i].call, &parts);
                slot.insert((parts, built));
            }
        }
        if !launched && let Some(ticket) = unsynced.take() {
            let sync = syncer.clone();
            set.spawn(async move {
                tokio::task::block_in_place(|| sync.sync(ticket))?;
                Ok(Report::Synced)
            });
        }
        match set.join_next().await {
            Some(joined) => match joined.map_err(|e| ProviderError::Setup { message: format!("a write task failed: {e}") })?? {
                Report::Call { unit, batch, results } => {
                    in_flight -= 1;
                    let u = &mut units[unit];
                    u.running -= 1;
                    match results {
                        Some(per_request) => {
                            for (sub, results) in batch.subs().zip(per_request) {
                                match results {
                                    Some(results) => unsynced = Some(settle(&shared, sub, results)?),
                                    // A subrequest of a Composite call that did not run: sent again after a read.
                                    None => u.unknown = true,
                                }
                            }
                        }
                        None => u.unknown = true,
                    }
                    if u.running == 0 {
                        u.state = if u.unknown { UnitState::Unknown } else { UnitState::Finished };
                    }
                }
                Report::Activated => {
                    in_flight -= 1;
                    activated = true;
                }
                Report::Synced => {}
            },
            None => {
                // Nothing in flight and nothing can start.
                if units.iter().any(|u| u.state == UnitState::Unknown) {
                    // Calls failed as a whole: settle their operations against a fresh read, then send the rest
                    // again (same operations, same key), at most `ROUNDS - 1` times.
                    let live = shared.remote.read().await?;
                    recover(&shared, &live)?;
                    for u in units.iter_mut().filter(|u| u.state == UnitState::Unknown) {
                        u.failures += 1;
                        u.unknown = false;
                        let left = unsettled(&shared, &u.call.parts());
                        if !left.is_empty() && u.failures + 1 >= ROUNDS {
                            for part in left {
                                give_up(&shared, part, KEPT_FAILING.into(), false)?;
                            }
                            u.state = UnitState::Finished;
                        } else {
                            u.state = if left.is_empty() { UnitState::Finished } else { UnitState::Waiting };
                        }
                    }
                    activated = prepare(&shared, &units, &mut set).await?;
                    in_flight += usize::from(!activated);
                } else if units.iter().any(|u| u.state == UnitState::Waiting) {
                    // Waiting for parts that can no longer settle (not expected): give up rather than hang.
                    for u in units.iter_mut().filter(|u| u.state == UnitState::Waiting) {
                        for part in unsettled(&shared, &u.call.parts()) {
                            give_up(&shared, part, KEPT_FAILING.into(), false)?;
                        }
                        u.state = UnitState::Finished;
                    }
                } else {
                    break;
                }
            }
        }
    }
    tokio::task::block_in_place(|| syncer.sync_all())?;
    Ok(())
}

const KEPT_FAILING: &str = "the call kept failing as a whole (see the log); run apply again to resume";

/// Before (re)starting: the Salesforce custom price book when custom prices are to be created, and the currency
/// activation of live rate plans whose charges gain a currency (started as a task; `false` until it reports).
async fn prepare(
    shared: &Arc<Shared>,
    units: &[Unit],
    set: &mut tokio::task::JoinSet<Result<Report, ExecError>>,
) -> Result<bool, ExecError> {
    let open = |u: &&Unit| matches!(u.state, UnitState::Waiting | UnitState::Unknown);
    let custom: Vec<Step> =
        units.iter().filter(open).flat_map(|u| u.call.steps()).filter(|s| s.kind == Kind::CustomPrice).cloned().collect();
    if !custom.is_empty() {
        ensure_custom_book(shared, &custom).await?;
    }
    if !units.iter().filter(open).any(|u| u.after_activation) {
        return Ok(true);
    }
    let sh = shared.clone();
    set.spawn(async move {
        activate_currencies(&sh).await?;
        Ok(Report::Activated)
    });
    Ok(false)
}

fn give_up(shared: &Shared, part: Part, message: String, journal_it: bool) -> Result<(), ExecError> {
    let Some(op) = op_of(shared, part.op) else { return Ok(()) };
    let jid = part.journal_id(op.action);
    if !lock(&shared.gave_up).insert(jid) {
        return Ok(());
    }
    if journal_it {
        lock(&shared.journal).failed(jid, &message)?;
    }
    shared.progress.log(&format!("failed: {} {} `{}`: {message}", part.verb.name(), op.kind.label(), op.key));
    shared.progress.inc(1);
    lock(&shared.outcome).failures.push(Failure { op: op.index, message });
    Ok(())
}

/// Objects of one call, with the part each belongs to (`None`: an extra object no operation owns).
type Items = Vec<(Option<Part>, Map<String, Value>)>;

/// One call's worth of work.
struct Batch {
    call: String,
    kind: Kind,
    verb: Verb,
    sf_call: Option<SfCall>,
    /// The part each object belongs to; `None` for an extra object no operation owns (a currency activation).
    parts: Vec<Option<Part>>,
    /// The objects sent, in the order of `parts`.
    objects: Vec<Map<String, Value>>,
    key: String,
    /// Salesforce batches sent after this one in the same Composite call (`POST /composite`), in order; a price
    /// entry there names a Product2 created earlier in the call by reference (`@{r0[3].id}`).
    chained: Vec<Batch>,
}

impl Batch {
    /// This batch and the ones chained to it: the subrequests of a Composite call, or just this call.
    fn subs(&self) -> impl Iterator<Item = &Batch> {
        std::iter::once(self).chain(&self.chained)
    }
}

/// The batches that send `parts` of `call` (those not settled yet): one per call, or one Composite call carrying
/// a batch per chained step. Within it, a Product2 without an id yet is named by reference to its result, so the
/// price entries under it can be built now.
fn build(shared: &Shared, call: &steps::Call, parts: &[Part]) -> Vec<Batch> {
    if call.chained.is_empty() {
        let ids = lock(&shared.ids);
        let (out, blocked) = batches(shared, &call.step, parts, &ids);
        drop(ids);
        give_up_blocked(shared, blocked);
        return out;
    }
    let wanted: BTreeSet<Part> = parts.iter().copied().collect();
    let mut subs: Vec<Batch> = Vec::new();
    let mut blocked = Vec::new();
    let mut ids = lock(&shared.ids);
    let mut placeholders = Vec::new();
    for step in call.steps() {
        let mine: Vec<Part> = step.parts.iter().copied().filter(|p| wanted.contains(p)).collect();
        let (built, mut b) = batches(shared, step, &mine, &ids);
        blocked.append(&mut b);
        for batch in built {
            if batch.kind == Kind::Product2 {
                for (i, part) in batch.parts.iter().enumerate() {
                    let Some(op) = part.and_then(|p| op_of(shared, p.op)) else { continue };
                    let key = (Kind::Product2, op.key.clone());
                    if !ids.ids.contains_key(&key) {
                        ids.ids.insert(key.clone(), format!("@{{r{}[{i}].id}}", subs.len()));
                        placeholders.push(key);
                    }
                }
            }
            subs.push(batch);
        }
    }
    for key in placeholders {
        ids.ids.remove(&key);
    }
    drop(ids);
    give_up_blocked(shared, blocked);
    if subs.len() < 2 {
        return subs;
    }
    let chained = subs.split_off(1);
    let mut first = subs.remove(0);
    first.chained = chained;
    let name = first.subs().map(|b| b.call.trim_start_matches("salesforce ")).collect::<Vec<_>>().join(" + ");
    first.call = format!("salesforce composite ({name})");
    first.key = steps::batch_key(&shared.plan.digest, &first.call, &all_jids(shared, &first));
    vec![first]
}

/// Gives up the parts whose objects could not be built (journalled unless only their parent is missing).
fn give_up_blocked(shared: &Shared, blocked: Vec<(Part, PayloadError)>) {
    for (part, e) in blocked {
        let journal_it = !matches!(e, PayloadError::NoParent { .. });
        let _ = give_up(shared, part, e.to_string(), journal_it);
    }
}

/// The calls that send `parts` (a subset of `step`'s, which gives the kind and verb), at most a batch each, and
/// the parts that could not be built.
fn batches(shared: &Shared, step: &Step, parts: &[Part], ids: &RemoteIds) -> (Vec<Batch>, Vec<(Part, PayloadError)>) {
    let mut groups: BTreeMap<Option<SfCall>, Items> = BTreeMap::new();
    let mut blocked = Vec::new();
    for part in parts {
        let Some(op) = op_of(shared, part.op) else { continue };
        let built = match step.kind.system() {
            System::Zuora => payload::zuora_object(op, part.verb, ids, &shared.zuora_write)
                .map(|m| (None, m)),
            System::Salesforce => payload::salesforce_record(op, part.verb, ids, &shared.remote.external_id_field)
                .map(|(c, m)| (Some(c), m)),
        };
        match built {
            Ok((call, m)) => groups.entry(call).or_default().push((Some(*part), m)),
            Err(e) => blocked.push((*part, e)),
        }
    }
    let size = steps::batch_size(step.kind.system()).min(shared.max_batch);
    let plan_digest = &shared.plan.digest;
    let mut out = Vec::new();
    for (sf_call, mut items) in groups {
        while !items.is_empty() {
            let rest = items.split_off(size.min(items.len()));
            let chunk = std::mem::replace(&mut items, rest);
            let jids: Vec<usize> = chunk
                .iter()
                .filter_map(|(p, _)| p.and_then(|p| jid(shared, p)))
                .collect();
            let call = step.call();
            let (parts, objects) = chunk.into_iter().unzip();
            out.push(Batch {
                key: steps::batch_key(plan_digest, &call, &jids),
                call,
                kind: step.kind,
                verb: step.verb,
                sf_call,
                parts,
                objects,
                chained: Vec::new(),
            });
        }
    }
    (out, blocked)
}

/// Live rate plans without an operation of their own whose charges gain a currency: activates the currency
/// (Zuora refuses tier data in a currency the rate plan has not activated). Idempotent, so not journalled.
async fn activate_currencies(shared: &Arc<Shared>) -> Result<(), ExecError> {
    let with_op: BTreeSet<&str> = shared
        .plan
        .operations
        .iter()
        .filter(|o| o.kind == Kind::RatePlan && o.action != Action::Retire)
        .map(|o| o.key.as_str())
        .collect();
    let ids = lock(&shared.ids).clone();
    let items: Items = shared
        .zuora_write
        .currencies
        .iter()
        .filter(|(k, _)| !with_op.contains(k.as_str()))
        .filter_map(|(k, wanted)| payload::currency_activation(k, &ids, wanted))
        .map(|m| (None, m))
        .collect();
    for chunk in items.chunks(steps::ZUORA_BATCH) {
        let call = "zuora update ProductRatePlan ActiveCurrencies".to_owned();
        let keys: Vec<String> = chunk.iter().filter_map(|(_, m)| m.get("Id").and_then(Value::as_str).map(str::to_owned)).collect();
        let (parts, objects) = chunk.iter().cloned().unzip();
        let batch = Batch {
            key: steps::batch_key(&shared.plan.digest, &format!("{call} {}", keys.join(",")), &[]),
            call,
            kind: Kind::RatePlan,
            verb: Verb::Update,
            sf_call: None,
            parts,
            objects,
            chained: Vec::new(),
        };
        run_batch(shared.clone(), batch).await?;
    }
    Ok(())
}

async fn ensure_custom_book(shared: &Shared, level: &[Step]) -> Result<(), ExecError> {
    let needs = level.iter().any(|s| s.kind == Kind::CustomPrice && s.verb == Verb::Create);
    let Some(client) = &shared.remote.salesforce else { return Ok(()) };
    if !needs || lock(&shared.ids).custom_book.is_some() || client.config().custom_price_book.is_none() {
        return Ok(());
    }
    let mut sf = crate::live::SalesforceState {
        standard_price_book_id: None,
        custom_price_book: client
            .config()
            .custom_price_book
            .clone()
            .map(|name| crate::live::PriceBookRef { name, id: None }),
        products: Vec::new(),
    };
    crate::providers::salesforce::mapping::ensure_custom_price_book(client, &mut sf).await?;
    lock(&shared.ids).custom_book = sf.custom_price_book.and_then(|b| b.id);
    Ok(())
}

fn object_type(kind: Kind) -> ObjectType {
    match kind {
        Kind::RatePlan => ObjectType::ProductRatePlan,
        Kind::Charge => ObjectType::ProductRatePlanCharge,
        _ => ObjectType::Product,
    }
}

/// One item's result: `Ok(remote id)` or `Err(message)`.
type ItemResult = Result<Option<String>, String>;

fn item_result<'a>(success: bool, id: Option<String>, errors: impl Iterator<Item = (&'a String, &'a String)>) -> ItemResult {
    if success { Ok(id) } else { Err(errors.map(|(code, msg)| format!("{code}: {msg}")).collect::<Vec<_>>().join("; ")) }
}

/// Journal ids of the operations of a call (every subrequest of a Composite call).
fn all_jids(shared: &Shared, batch: &Batch) -> Vec<usize> {
    batch.subs().flat_map(|b| jids_of(shared, b)).collect()
}

/// Journal ids of a batch's operations.
fn jids_of(shared: &Shared, batch: &Batch) -> Vec<usize> {
    batch.parts.iter().filter_map(|p| p.and_then(|p| jid(shared, p))).collect()
}

/// One call outside the scheduler (currency activations: no operation of their own, so no journal records).
async fn run_batch(shared: Arc<Shared>, batch: Batch) -> Result<(), ExecError> {
    let jids = jids_of(&shared, &batch);
    if !jids.is_empty() {
        tokio::task::block_in_place(|| lock(&shared.journal).intent(&jids, &batch.call, &batch.key))?;
    }
    if let Some(per_request) = send(&shared, &batch).await {
        for (sub, results) in batch.subs().zip(per_request) {
            if let Some(results) = results {
                let ticket = settle(&shared, sub, results)?;
                let sync = lock(&shared.journal).syncer();
                tokio::task::block_in_place(|| sync.sync(ticket))?;
            }
        }
    }
    Ok(())
}

/// Sends one call (holding a write slot): the results of each subrequest (one for a plain call; `None` for a
/// subrequest of a Composite call that did not run). `None`: the call failed as a whole, its outcome is unknown.
async fn send(shared: &Shared, batch: &Batch) -> Option<Vec<Option<Vec<ItemResult>>>> {
    let _permit = shared.limit.acquire().await.ok()?;
    lock(&shared.outcome).calls += 1;
    if !batch.chained.is_empty() {
        return send_composite(shared, batch).await;
    }
    let objects = &batch.objects;
    let results: Result<Vec<ItemResult>, ProviderError> = match batch.kind.system() {
        System::Zuora => {
            let action = if batch.verb == Verb::Create {
                crate::providers::zuora::Action::Create
            } else {
                crate::providers::zuora::Action::Update
            };
            shared.remote.zuora.action(action, object_type(batch.kind), objects, &batch.key).await.map(|rs| {
                rs.into_iter()
                    .map(|r| item_result(r.success, r.id, r.errors.iter().map(|e| (&e.code, &e.message))))
                    .collect()
            })
        }
        System::Salesforce => {
            let client = shared.remote.salesforce.as_ref()?;
            let sobject = sobject(batch.kind);
            let r = match batch.sf_call {
                Some(SfCall::Upsert) => client.upsert(sobject, &shared.remote.external_id_field, objects).await,
                Some(SfCall::Create) => client.create(sobject, objects).await,
                _ => client.update(sobject, objects).await,
            };
            r.map(save_results)
        }
    };
    match results {
        Ok(r) => Some(vec![Some(r)]),
        Err(e) => {
            // Outcome unknown: the scheduler looks the objects up before sending again.
            shared.progress.log(&format!("{} ({} object(s)): {e}; will check and retry", batch.call, batch.objects.len()));
            None
        }
    }
}

fn sobject(kind: Kind) -> &'static str {
    if kind == Kind::Product2 { "Product2" } else { "PricebookEntry" }
}

fn save_results(results: Vec<crate::providers::salesforce::wire::SaveResult>) -> Vec<ItemResult> {
    results.into_iter().map(|r| item_result(r.success, r.id, r.errors.iter().map(|e| (&e.status_code, &e.message)))).collect()
}

/// Sends a Composite call: each chained batch a collection subrequest `r0`, `r1`, ... in order.
async fn send_composite(shared: &Shared, batch: &Batch) -> Option<Vec<Option<Vec<ItemResult>>>> {
    use crate::providers::salesforce::client::{CollectionOp, Subrequest};
    let client = shared.remote.salesforce.as_ref()?;
    let requests: Vec<Subrequest<'_>> = batch
        .subs()
        .enumerate()
        .map(|(i, b)| Subrequest {
            reference_id: format!("r{i}"),
            op: match b.sf_call {
                Some(SfCall::Upsert) => CollectionOp::Upsert,
                Some(SfCall::Create) => CollectionOp::Create,
                _ => CollectionOp::Update,
            },
            sobject: sobject(b.kind),
            records: &b.objects,
        })
        .collect();
    match client.composite(&shared.remote.external_id_field, &requests).await {
        Ok(outcomes) => Some(
            batch
                .subs()
                .zip(outcomes)
                .map(|(b, o)| match o {
                    Ok(results) => Some(save_results(results)),
                    Err((status, message)) => {
                        shared.progress.log(&format!(
                            "{} ({} object(s)) did not run: {status} {message}; will check and retry",
                            b.call,
                            b.objects.len()
                        ));
                        None
                    }
                })
                .collect(),
        ),
        Err(e) => {
            shared.progress.log(&format!("{} ({} object(s)): {e}; will check and retry", batch.call, batch.subs().map(|b| b.objects.len()).sum::<usize>()));
            None
        }
    }
}

/// Records a call's outcomes (one write; the returned ticket makes them durable), its created ids, counts and
/// failures.
fn settle(shared: &Shared, batch: &Batch, results: Vec<ItemResult>) -> Result<u64, ExecError> {
    let (mut ok, mut done_parts) = (0, 0);
    let mut records = Vec::new();
    let mut created = Vec::new();
    let mut failed = Vec::new();
    for ((part, object), result) in batch.parts.iter().zip(&batch.objects).zip(results) {
        let Some(part) = part else {
            match result {
                Ok(_) => ok += 1,
                Err(message) => shared.progress.log(&format!("{}: {message}", batch.call)),
            }
            continue;
        };
        let Some(op) = op_of(shared, part.op) else { continue };
        let jid = part.journal_id(op.action);
        match result {
            Ok(id) => {
                let id = id
                    .or_else(|| object.get("Id").or_else(|| object.get("id")).and_then(Value::as_str).map(str::to_owned))
                    .or_else(|| op.remote_id.clone())
                    .unwrap_or_default();
                if part.verb == Verb::Create {
                    created.push(((op.kind, op.key.clone()), id.clone()));
                }
                records.push(Record::Done { op: jid, remote_id: id });
                ok += 1;
                done_parts += 1;
            }
            Err(message) => {
                records.push(Record::Failed { op: jid, message: message.clone() });
                failed.push((*part, message));
            }
        }
    }
    // One write for the whole call's outcomes; synced with the next intents (group commit).
    let ticket = lock(&shared.journal).append_unsynced(&records)?;
    lock(&shared.ids).ids.extend(created);
    lock(&shared.outcome).done += done_parts;
    shared.progress.inc(done_parts as u64);
    for (part, message) in failed {
        give_up(shared, part, message, false)?;
    }
    shared.progress.log(&format!("{}: {ok} of {} done", batch.call, batch.objects.len()));
    Ok(ticket)
}
