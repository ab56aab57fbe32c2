//! `skuctl audit verify|show`: check the hash chain of the apply audit log, or list its records.

use std::path::PathBuf;

use crate::audit::{AuditLog, AuditRecord, DEFAULT_LOG_PATH, Verification, verify};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AuditCommand {
    /// Verify the audit log's hash chain: detects edited, reordered, inserted or removed records and a truncated
    /// tail, naming the line and record. Exit 0 intact, 1 tampered or unreadable.
    Verify(VerifyArgs),
    /// List the audit log's records (who, when, environment, merge request, outcome).
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
struct LogArgs {
    /// The audit log (JSON Lines).
    #[arg(long, value_name = "FILE", env = "SKUCTL_AUDIT_LOG", default_value = DEFAULT_LOG_PATH)]
    log: PathBuf,
    /// Output format: `human`, or `json` for machines.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    log: LogArgs,
    /// The hash the last record must have (kept elsewhere, e.g. from the last apply job's log): detects records
    /// removed from the end, which the chain alone cannot show.
    #[arg(long, value_name = "HASH")]
    expect_head: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    #[command(flatten)]
    log: LogArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

pub fn run(args: Args) -> i32 {
    match args.command {
        AuditCommand::Verify(args) => run_verify(&args),
        AuditCommand::Show(args) => run_show(&args.log),
    }
}

fn read(args: &LogArgs) -> Result<String, i32> {
    if !args.log.exists() {
        eprintln!("error: the audit log {} does not exist", args.log.display());
        return Err(1);
    }
    AuditLog::new(&args.log).read().map_err(|e| {
        eprintln!("error: {e}");
        1
    })
}

fn run_verify(args: &VerifyArgs) -> i32 {
    let text = match read(&args.log) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let mut verification = verify(&text);
    if let Some(expected) = &args.expect_head
        && verification.head.as_deref() != Some(expected.as_str())
    {
        let found = verification.head.as_deref().unwrap_or("(no records)");
        verification.problems.push(crate::audit::Problem {
            line: text.lines().count(),
            record: None,
            kind: crate::audit::ProblemKind::HeadMismatch,
            message: format!(
                "the last record's hash is {found}, expected {expected}: records were removed from the end (or added)"
            ),
        });
    }
    let path = args.log.log.display();
    match args.log.format {
        Format::Json => print_json(&serde_json::json!({
            "log": path.to_string(),
            "intact": verification.is_intact(),
            "records": verification.records,
            "head": verification.head,
            "problems": verification.problems,
        })),
        Format::Human => print_verification(&path.to_string(), &verification),
    }
    i32::from(!verification.is_intact())
}

fn print_verification(path: &str, v: &Verification) {
    if v.is_intact() {
        let head = v.head.as_deref().unwrap_or("(empty log)");
        println!(
            "audit log {path}: {} record(s), hash chain intact; head {head}",
            v.records
        );
        return;
    }
    println!("audit log {path}: TAMPERED: {} problem(s)", v.problems.len());
    for problem in &v.problems {
        println!("  {}", problem.message);
    }
}

fn run_show(args: &LogArgs) -> i32 {
    let text = match read(args) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let verification = verify(&text);
    let records: Vec<AuditRecord> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    match args.format {
        Format::Json => print_json(&serde_json::json!({ "intact": verification.is_intact(), "records": records })),
        Format::Human => {
            for r in &records {
                let mr = r.merge_request.map_or_else(|| "-".to_owned(), |iid| format!("!{iid}"));
                let approvers = if r.approvers.is_empty() {
                    "-".to_owned()
                } else {
                    r.approvers.join(",")
                };
                let outcome = serde_json::to_value(r.outcome)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned));
                println!(
                    "#{} {} {} env={} mr={mr} approvers={approvers} ops={} {} digest={}",
                    r.seq,
                    r.time,
                    r.actor,
                    r.environment,
                    r.operations.len(),
                    outcome.unwrap_or_default(),
                    r.plan_digest
                );
                if let Some(reason) = &r.reason {
                    println!("    reason: {reason}");
                }
            }
            if !verification.is_intact() {
                eprintln!(
                    "warning: the log fails verification: run `skuctl audit verify --log {}`",
                    args.log.display()
                );
            }
        }
    }
    i32::from(!verification.is_intact())
}

fn print_json(value: &serde_json::Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot serialize the output: {e}"),
    }
}
