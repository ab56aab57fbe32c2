//! The command line: parses arguments and maps each command's outcome to an exit code. No logic lives here.

use clap::{Parser, Subcommand};

pub mod explain;
pub mod generate;

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
    /// Explain a diagnostic code (what it checks, why, a bad and a good example), or list every rule.
    Explain(explain::Args),
    /// Generate typed catalog constants (Ruby, TypeScript, Rust) and catalog.json.
    Generate(generate::Args),
}

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    match Cli::try_parse_from(args) {
        Ok(cli) => match cli.command {
            Command::Explain(args) => explain::run(args),
            Command::Generate(args) => generate::run(args),
        },
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            code
        }
    }
}
