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
    /// Objects per write call at most (default and cap: 50 for Zuora, 200 for Salesforce). `1` sends one call per
    /// object: the baseline the benchmark compares batching with.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,
    /// Before anything is written, check with the GitLab API that the merge request which introduced this commit
    /// (`CI_COMMIT_SHA`) is merged, approved by someone other than its author and the person running the job
    /// (`GITLAB_USER_LOGIN`), and that its plan note carries this plan's digest. See README "GitOps pipeline".
    #[arg(long)]
    pub require_approval: bool,
    /// The variable holding the GitLab token (scope `api`) for --require-approval.
    #[arg(long, value_name = "NAME", default_value = crate::gitlab::DEFAULT_TOKEN_VARIABLE)]
    pub gitlab_token_variable: String,
    /// The audit log every apply, done or refused, appends a hash-chained record to.
    #[arg(long, value_name = "FILE", env = "SKUCTL_AUDIT_LOG", default_value = crate::audit::DEFAULT_LOG_PATH)]
    pub audit_log: PathBuf,
    /// Summary format: `human` or `json`.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let mut gate: Option<crate::gitlab::Approved> = None;
    let result = execute(&args, &mut gate);
    let code = match &result {
        Ok(report) => {
            print_report(report, &args.format);
            i32::from(!report.success())
        }
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            1
        }
    };
    if let Err(e) = audit(&args, gate.as_ref(), &result) {
        eprintln!("error: cannot append to the audit log {}: {e}", args.audit_log.display());
        return 1;
    }
    code
}

/// Why an apply stopped, and whether anything had been written.
struct Failure {
    message: String,
    digest: Option<String>,
    environment: Option<String>,
    refused: bool,
}

impl Failure {
    fn refused(message: impl Into<String>) -> Failure {
        Failure { message: message.into(), digest: None, environment: None, refused: true }
    }
}

/// Appends the apply's audit record (done, failed or refused).
fn audit(args: &Args, gate: Option<&crate::gitlab::Approved>, result: &Result<Report, Failure>) -> Result<(), String> {
    use crate::audit::{AuditEntry, AuditLog, AuditOperation, OperationResult, Outcome};
    let time = super::plan::now()?;
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let plan = session::read_plan(&args.plan).ok();
    let (outcome, reason, operations, environment, digest) = match result {
        Ok(r) => {
            let failed: std::collections::BTreeMap<usize, &str> =
                r.outcome.failures.iter().map(|f| (f.op, f.message.as_str())).collect();
            let ops = plan
                .iter()
                .flat_map(|p| &p.operations)
                .map(|op| AuditOperation {
                    operation: format!("{} {:?}:{} {}", op.action.verb(), op.system, op.remote_type, op.key).to_lowercase(),
                    result: if failed.contains_key(&op.index) { OperationResult::Failed } else { OperationResult::Ok },
                    detail: failed.get(&op.index).map(|m| (*m).to_owned()),
                })
                .collect();
            let outcome = if r.success() { Outcome::Applied } else { Outcome::Failed };
            let reason = (!r.success()).then(|| {
                format!("{} operation(s) failed, {} change(s) remain", r.outcome.failures.len(), r.remaining.len())
            });
            (outcome, reason, ops, r.environment.clone(), r.plan_digest.clone())
        }
        Err(f) => (
            if f.refused { Outcome::Refused } else { Outcome::Failed },
            Some(f.message.clone()),
            Vec::new(),
            f.environment.clone().or_else(|| plan.as_ref().map(|p| p.environment.clone())).unwrap_or_default(),
            f.digest.clone().or_else(|| plan.as_ref().map(|p| p.digest.clone())).unwrap_or_default(),
        ),
    };
    let entry = AuditEntry {
        time,
        actor: var("GITLAB_USER_LOGIN").or_else(|| var("USER")).unwrap_or_else(|| "unknown".to_owned()),
        environment,
        merge_request: gate.map(|g| g.merge_request),
        approvers: gate.map(|g| g.approvers.clone()).unwrap_or_default(),
        plan_digest: digest,
        operations,
        outcome,
        reason,
        job_url: var("CI_JOB_URL"),
    };
    AuditLog::new(&args.audit_log).append(&entry).map(|_| ()).map_err(|e| e.to_string())
}

fn execute(args: &Args, gate: &mut Option<crate::gitlab::Approved>) -> Result<Report, Failure> {
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(Failure::refused("refusing to apply without confirmation: stdin is not a terminal; pass --yes to apply"));
    }
    let plan = session::read_plan(&args.plan).map_err(|e| Failure::refused(e.to_string()))?;
    let rt = live::runtime().map_err(|e| Failure::refused(e.to_string()))?;
    if args.require_approval {
        let lookup = |k: &str| std::env::var(k).ok();
        let request = crate::gitlab::ApprovalRequest::from_lookup(&plan.digest, lookup)
            .map_err(|e| Failure::refused(e.to_string()))?;
        let approved = rt
            .block_on(crate::gitlab::require_approval(&args.gitlab_token_variable, &request, lookup))
            .map_err(|e| Failure::refused(e.to_string()))?;
        *gate = Some(approved);
    }
    let mut env_args = args.env.clone();
    if env_args.env.is_none() {
        env_args.env = Some(plan.environment.clone());
    }
    let (cfg, env) = env_args.resolve().map_err(|e| Failure::refused(e.to_string()))?;
    let today = super::plan::now().map_err(Failure::refused)?.date_naive();
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
        plan_path: &args.plan,
        catalog_dir: &args.catalog,
        snapshot: args.snapshot.clone().unwrap_or_else(|| env.snapshot_path(&cfg.dir)),
        env: &env,
        journal: args.journal.clone(),
        today,
        max_batch: args.batch_size.and_then(|n| usize::try_from(n).ok()),
        confirm: &mut confirm,
    };
    rt.block_on(session::apply(opts)).map_err(|e| Failure {
        refused: e.before_writes(),
        message: e.to_string(),
        digest: Some(plan.digest.clone()),
        environment: Some(plan.environment.clone()),
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
            "requests": r.requests,
            "timings_ms": {"read": r.timings.read_ms, "write": r.timings.write_ms, "total": r.timings.total_ms},
            "failures": o.failures.iter().map(|f| serde_json::json!({"op": f.op, "message": f.message})).collect::<Vec<_>>(),
            "remaining": r.remaining.iter().map(|op| serde_json::json!({"action": op.action, "kind": op.kind, "key": op.key})).collect::<Vec<_>>(),
            "journal": r.journal.as_ref().map(|p| p.display().to_string()),
            "snapshot": r.snapshot.display().to_string(),
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
