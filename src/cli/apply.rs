//! `skuctl apply PLAN`: executes a saved plan against its environment, exactly once (see `apply`).
//!
//! Exit codes: 0 applied (or nothing to do); 1 refused (stale plan, changed catalog, no confirmation), failed
//! operations, or changes still left after applying; 2 usage errors.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;

use super::env_args::EnvArgs;
use crate::apply::session::{self, ApplyOptions, Report};
use crate::live;
use crate::plan::PlanDocument;

/// Apply a saved plan.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The saved plan (`skuctl plan --out FILE`).
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// The catalog directory the plan was made from (its digest must still match).
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    #[command(flatten)]
    pub env: EnvArgs,
    /// Apply without asking. Required when stdin is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// The journal that makes the apply resumable (default: next to the plan, `PLAN.journal`). Run apply again
    /// with the same journal to finish an interrupted apply.
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Where to write the refreshed offline snapshot (default: the environment's, `state/<env>.json`).
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// At most N objects per write call (default: the providers' caps, Zuora 50 and Salesforce 200); 1 gives the
    /// one-call-per-object baseline the benchmark compares against.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,
    /// Summary format: `human` or `json`.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
    #[command(flatten)]
    pub gate: super::apply_gate::GateArgs,
}

/// Why an apply stopped: `refused` when nothing was written.
struct Stop {
    message: String,
    refused: bool,
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop { message, refused: true }
    }
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let mut draft = None;
    let result = execute(&args, &mut draft);
    let code = match &result {
        Ok(report) => {
            print_report(report, &args.format);
            if report.success() { 0 } else { 1 }
        }
        Err(stop) => {
            eprintln!("error: {}", stop.message);
            1
        }
    };
    // Every apply whose plan could be read is recorded, refused or done.
    let Some(mut draft) = draft else { return code };
    match &result {
        Ok(report) => {
            let failed: Vec<(usize, String)> =
                report.outcome.failures.iter().map(|f| (f.op, f.message.clone())).collect();
            draft.ran(&failed, report.remaining.len());
        }
        Err(stop) => draft.stopped(&stop.message, stop.refused),
    }
    match draft.append(&args.gate.audit_log) {
        Ok(line) => {
            eprintln!("{line}");
            code
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn execute(args: &Args, draft: &mut Option<super::apply_gate::Draft>) -> Result<Report, Stop> {
    let file = session::PlanFile::read(&args.plan).map_err(|e| e.to_string())?;
    let interactive = std::io::stdin().is_terminal();
    let mut env_args = args.env.clone();
    if env_args.env.is_none() {
        env_args.env = file.header.environment.clone();
    }
    let resolved = env_args.resolve().map_err(|e| e.to_string());
    let rt = live::runtime().map_err(|e| e.to_string())?;
    // The first live read goes out now, while the plan is verified and the catalog loaded (it takes two round
    // trips: tokens, then the reads), unless the apply may not read yet: it needs an approval first, or will be
    // refused for want of a confirmation, or names another environment than the plan's (refused below).
    // Without credentials it is not started, and `apply` reports that where it always has.
    let first_read = match &resolved {
        Ok((_, env))
            if !args.gate.require_approval
                && (args.yes || interactive)
                && file.header.environment.as_deref() == Some(env.name.as_str()) =>
        {
            session::FirstRead::start(env, rt.handle()).ok()
        }
        _ => None,
    };
    let plan = file.verify().map_err(|e| e.to_string())?;
    *draft = Some(super::apply_gate::Draft::new(&plan, super::plan::now()?));
    if !args.yes && !interactive {
        let refusal = "refusing to apply without confirmation: stdin is not a terminal; pass --yes to apply";
        return Err(refusal.to_owned().into());
    }
    let (cfg, env) = resolved?;
    if args.gate.require_approval {
        // Before anything is read from or written to the environment.
        let approved = super::apply_gate::require_approval(&args.gate, &plan)?;
        eprintln!(
            "Approved: merge request !{} (author {}) approved by {}; reviewed content digest {}.",
            approved.merge_request,
            approved.author,
            approved.approvers.join(", "),
            approved.plan_digest
        );
        if let Some(d) = draft.as_mut() {
            d.approved(&approved);
        }
    }
    let today = super::plan::now()?.date_naive();
    let yes = args.yes;
    let mut confirm = move |plan: &PlanDocument, parts: usize| -> bool {
        if yes {
            return true;
        }
        eprint!(
            "{}\nApply {parts} change(s) to environment `{}`? Only `yes` is accepted: ",
            plan.summary.line(),
            plan.environment
        );
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == "yes"
    };
    let opts = ApplyOptions {
        plan,
        plan_path: &args.plan,
        catalog_dir: &args.catalog,
        snapshot: args.snapshot.clone().unwrap_or_else(|| env.snapshot_path(&cfg.dir)),
        env: &env,
        journal: args.journal.clone(),
        today,
        max_batch: args.batch_size.and_then(|n| usize::try_from(n).ok()),
        confirm: &mut confirm,
        first_read,
    };
    rt.block_on(session::apply(opts)).map_err(|e| Stop {
        refused: e.before_writes(),
        message: e.to_string(),
    })
}

fn print_report(r: &Report, format: &str) {
    let o = &r.outcome;
    if format == "json" {
        let v = serde_json::json!({
            "environment": r.environment,
            "plan_digest": r.plan_digest,
            "operations": r.operations,
            "done": o.done,
            "skipped": o.skipped,
            "recovered": o.recovered,
            "calls": o.calls,
            "schedule": {"planned_calls": o.planned_calls, "rounds": o.rounds},
            "requests": r.requests,
            "failures": o.failures.iter().map(|f| serde_json::json!({"op": f.op, "message": f.message})).collect::<Vec<_>>(),
            "remaining": r.remaining.iter().map(|op| serde_json::json!({"action": op.action, "kind": op.kind, "key": op.key})).collect::<Vec<_>>(),
            "journal": r.journal.as_ref().map(|p| p.display().to_string()),
            "snapshot": r.snapshot.display().to_string(),
            "timings_ms": {"read": r.timings.read_ms, "write": r.timings.write_ms, "total": r.timings.total_ms},
            "success": r.success(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    for f in &o.failures {
        eprintln!("error: operation {} failed: {}", f.op, f.message);
    }
    if !r.remaining.is_empty() {
        eprintln!("error: after applying, a fresh plan still finds {} change(s):", r.remaining.len());
        for op in &r.remaining {
            eprintln!("  {} {} `{}`", op.action.symbol(), op.kind.label(), op.key);
        }
    }
    if r.operations == 0 {
        println!("No changes to apply. Snapshot {} refreshed.", r.snapshot.display());
        return;
    }
    println!(
        "{}: {} done, {} already done by an earlier run, {} found done after an interrupted call; {} failed; {} write \
         call(s). Snapshot {} refreshed.",
        if r.success() { "Apply complete" } else { "Apply incomplete" },
        o.done,
        o.skipped,
        o.recovered,
        o.failures.len(),
        o.calls,
        r.snapshot.display()
    );
}
