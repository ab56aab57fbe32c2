//! The command line: parses arguments and maps each command's outcome to an exit code. No logic lives here.

use clap::{Parser, Subcommand};

pub mod apply;
mod apply_gate;
pub mod audit;
pub mod changelog;
pub mod check;
pub mod env_args;
pub mod explain;
pub mod generate;
mod gitlab_args;
pub mod import;
pub mod plan;
mod plan_comment;
pub mod refresh;
mod report_out;
pub mod sandbox;
pub mod schema;
pub mod synth;
pub mod validate;

/// skuctl compiles a plan/SKU catalog written in YAML, validates it, plans it against Zuora and Salesforce, generates
/// code constants, and applies approved plans.
#[derive(Debug, Parser)]
#[command(name = "skuctl", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the catalog (YAML, JSON Schema, semantic rules) and report every finding with its file and line.
    Validate(validate::Args),
    /// Write the catalog's JSON Schemas to schemas/ (generated from the model); --check fails when they are stale.
    Schema(schema::Args),
    /// Explain a diagnostic code (what it checks, why, a bad and a good example), or list every rule.
    Explain(explain::Args),
    /// Show what would change in Zuora and Salesforce (Terraform-like), optionally saving the plan for apply.
    Plan(plan::Args),
    /// Execute a saved plan against its environment, exactly once (resumable; never creates an object twice).
    Apply(apply::Args),
    /// Generate typed catalog constants (Ruby, TypeScript, Rust) and catalog.json.
    Generate(generate::Args),
    /// Classify every catalog change against a git revision and enforce the version bump.
    Check(check::Args),
    /// Write Markdown release notes of the catalog changes since a git revision.
    Changelog(changelog::Args),
    /// Read an environment's live catalog and write its offline snapshot (state/<env>.json).
    Refresh(refresh::Args),
    /// Read a live tenant (or a snapshot) and write a catalog directory that validates.
    Import(import::Args),
    /// Serve a local, stateful emulation of the Zuora and Salesforce catalog APIs on one port.
    Sandbox(sandbox::Args),
    /// Verify or show the tamper-evident audit log of applies.
    Audit(audit::Args),
    /// Write a synthetic catalog for benchmarks.
    #[command(hide = true)]
    Synth(synth::Args),
    /// Parse the catalog's YAML into untyped values only (the benchmark floor).
    #[command(hide = true)]
    ParseFloor(synth::FloorArgs),
}

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    match Cli::try_parse_from(args) {
        Ok(cli) => match cli.command {
            Command::Explain(args) => explain::run(args),
            Command::Audit(args) => audit::run(args),
            Command::Refresh(a) => refresh::run(a),
            Command::Import(a) => import::run(a),
            Command::Plan(a) => plan::run(a),
            Command::Apply(a) => apply::run(a),
            Command::Sandbox(args) => sandbox::run(args),
            Command::Check(args) => check::run(args),
            Command::Changelog(args) => changelog::run(args),
            Command::Validate(args) => validate::run(args),
            Command::Schema(args) => schema::run(args),
            Command::Synth(args) => synth::run(args),
            Command::ParseFloor(args) => synth::run_floor(args),
            Command::Generate(args) => generate::run(args),
        },
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            code
        }
    }
}
