//! `skuctl plan`: loads and validates the catalog, reads the environment's live state (or its offline snapshot),
//! diffs them and prints the plan (`human`, `markdown`, `json`); `--out FILE` saves it for apply.
//!
//! Live or offline: `--offline` (or `--state FILE`) plans against the snapshot. Without either, skuctl plans live
//! when the environment's credentials are set, and otherwise falls back to the committed snapshot with a note on
//! stderr, so `skuctl plan` works on a fresh clone with no credentials and no network. The plan document records
//! which it was (`live_source`).
//!
//! Exit codes: 0 success; 1 error, invalid catalog, or refused changes; with `--detailed-exitcode` 0 no changes,
//! 2 changes, 1 error (Terraform's convention).

use std::io::IsTerminal as _;
use std::path::PathBuf;

use super::env_args::EnvArgs;
use crate::diagnostic::Severity;
use crate::live::{self, Snapshot};
use crate::plan::render::{self, Format};
use crate::plan::{self, CatalogRef, LiveSource, Meta, PlanDocument};

/// Plan the catalog against an environment.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The catalog directory (holding `catalog.yaml`).
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    #[command(flatten)]
    pub env: EnvArgs,
    /// Plan against the environment's offline snapshot (`state/<env>.json`, written by `skuctl refresh`) instead
    /// of reading Zuora and Salesforce. The default when the environment's credentials are not set.
    #[arg(long, conflicts_with = "live")]
    pub offline: bool,
    /// Read Zuora and Salesforce even if that needs credentials (fail instead of falling back to the snapshot).
    #[arg(long)]
    pub live: bool,
    /// Plan against this snapshot file instead of the environment's (implies --offline).
    #[arg(long, value_name = "FILE", conflicts_with = "live")]
    pub state: Option<PathBuf>,
    /// Save the plan (the JSON document) to FILE for `skuctl apply`, atomically. Not written when a change is
    /// refused.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format: `human` (coloured on a terminal), `markdown` (merge-request comment) or `json` (the
    /// versioned plan document, see docs/plan-format.md).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 0 when there are no changes, 2 when there are changes, 1 on error (Terraform's convention).
    #[arg(long)]
    pub detailed_exitcode: bool,
    #[command(flatten)]
    pub comment: super::plan_comment::CommentArgs,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    match execute(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}

fn execute(args: &Args) -> Result<i32, String> {
    let (cfg, env) = args.env.resolve().map_err(|e| e.to_string())?;
    let loaded = crate::load::load_catalog(&args.catalog).map_err(|e| e.to_string())?;

    // Live or offline is decided first, so that a snapshot is read while the catalog is validated (the note about
    // falling back to it is printed only once the catalog is known to be valid).
    let fallback = if args.offline || args.state.is_some() || args.live {
        None
    } else {
        env.zuora_credentials().err().or_else(|| env.salesforce_credentials().err())
    };
    let offline = args.offline || args.state.is_some() || fallback.is_some();
    let snapshot_path = offline.then(|| args.state.clone().unwrap_or_else(|| env.snapshot_path(&cfg.dir)));
    // The catalog with its desired state when it is valid; its findings either way.
    let ((findings, valid), snapshot) = crate::par::join(
        snapshot_path.is_some(),
        || {
            let mut findings = loaded.diagnostics.clone();
            if let Some(c) = &loaded.catalog {
                findings.extend(crate::validate::check(c));
            }
            let valid = loaded.catalog.as_ref().filter(|_| findings.iter().all(|d| d.severity != Severity::Error));
            let valid = valid.map(|c| (c, live::desired_state(c, &env)));
            (findings, valid)
        },
        || snapshot_path.as_deref().map(Snapshot::read),
    );
    let (catalog, desired_state) = match valid {
        Some(valid) => valid,
        None => {
            let errors: Vec<_> = findings.iter().filter(|d| d.severity == Severity::Error).collect();
            for d in &errors {
                eprintln!("error[{}]: {}", d.code, d.message);
                let pointer = if d.location.pointer.is_empty() { String::new() } else { format!(" at {}", d.location.pointer) };
                eprintln!("  --> {}{pointer}", loaded.sources.path(d.location.source).display());
                if let Some(help) = &d.help {
                    eprintln!("  help: {help}");
                }
            }
            return Err(format!(
                "the catalog in {} is invalid ({} error(s)); fix it before planning (`skuctl validate` shows details)",
                args.catalog.display(),
                errors.len().max(1)
            ));
        }
    };

    if let Some(e) = &fallback {
        eprintln!(
            "note: {e}; planning offline against the snapshot {} (pass --offline to silence this, or set the \
             variables to plan live)",
            env.snapshot_path(&cfg.dir).display()
        );
    }
    let (live_state, source) = match (snapshot_path, snapshot) {
        (Some(path), Some(read)) => {
            let snap = read.map_err(|e| format!("{e} (run `skuctl refresh --env {}` to create it)", env.name))?;
            (snap.into_state(), LiveSource::Offline { path: path.display().to_string() })
        }
        _ => {
            let rt = live::runtime().map_err(|e| e.to_string())?;
            let (state, _) = rt.block_on(live::read_live(&env)).map_err(|e| format!("reading environment `{}`: {e}", env.name))?;
            (state, LiveSource::Live)
        }
    };

    let now = now()?;
    let today = now.date_naive();
    let (desired, live_resources) = plan::from_live::desired_and_live(&desired_state, &live_state, today);
    // The catalog's digest (a walk of the whole catalog) on a thread of its own while the diff runs.
    let (mut diff, catalog_ref) = crate::par::join(
        catalog.products.len() >= 64,
        || plan::diff(&desired, &live_resources, today),
        || CatalogRef::of(catalog),
    );
    plan::from_live::attach_desired(&mut diff.operations, &desired_state);
    let doc = PlanDocument::new(catalog_ref, diff, Meta { environment: env.name.clone(), live_source: source, created_at: now });

    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    print!("{}", render::render(&doc, args.format, color));
    // The note is posted even for a refused plan, so the merge request shows why it cannot be applied.
    let comment_error = if args.comment.comment {
        match super::plan_comment::post(&args.comment, &doc, &args.catalog) {
            Ok(done) => {
                eprintln!("{done}");
                None
            }
            Err(e) => Some(e),
        }
    } else {
        None
    };

    if doc.summary.refused > 0 {
        if let Some(e) = &comment_error {
            eprintln!("error: {e}");
        }
        return Err(format!(
            "{} change(s) refused; the plan cannot be applied{}",
            doc.summary.refused,
            if args.out.is_some() { " and was not saved" } else { "" }
        ));
    }
    if let Some(out) = &args.out {
        live::snapshot::write_atomic(out, doc.to_json().as_bytes())
            .map_err(|e| format!("cannot write the plan to {}: {e}", out.display()))?;
        eprintln!(
            "Saved the plan to {} (digest {}, content digest {}).",
            out.display(),
            doc.digest,
            doc.content_digest
        );
    }
    if let Some(e) = comment_error {
        return Err(e);
    }
    let code = if args.detailed_exitcode && doc.summary.has_changes() { 2 } else { 0 };
    // The process exits next: hand these (millions of small allocations at catalog scale) to the OS in one go
    // instead of freeing them one by one, which costs more than linear time in the allocator.
    std::mem::forget((loaded, live_state, desired_state, desired, live_resources, doc));
    Ok(code)
}

/// The plan's creation time: `SKUCTL_NOW` (RFC 3339, for reproducible plans and tests) or the clock.
pub(crate) fn now() -> Result<chrono::DateTime<chrono::Utc>, String> {
    match std::env::var("SKUCTL_NOW") {
        Ok(s) if !s.is_empty() => chrono::DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| format!("SKUCTL_NOW=`{s}` is not an RFC 3339 time (e.g. 2025-06-01T12:00:00Z): {e}")),
        _ => Ok(chrono::Utc::now()),
    }
}
