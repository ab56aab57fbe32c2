//! `skuctl check --base REV`: classify every catalog change against a git revision, enforce the version bump, and
//! say who each price change affects. Same formats and exit codes as `validate`.

use std::path::PathBuf;

use crate::policy::{CompareError, base::BaseError, compare};

use super::report_out::emit;
use crate::diagnostic::render::Format;

/// What to compare: the working-tree catalog against a git revision (shared with `changelog`).
#[derive(Debug, clap::Args)]
pub struct Compare {
    /// The git revision to compare against, e.g. the merge request's diff base (`origin/main`, a tag, a commit).
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// The catalog directory in the working tree.
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    /// The git repository holding the catalog (default: the one containing `--catalog`).
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
}

impl Compare {
    /// Loads both catalogs and classifies the changes; on failure prints the error and returns the exit code.
    pub(crate) fn run(&self) -> Result<crate::policy::Compared, i32> {
        compare(&self.catalog, self.repo.as_deref(), &self.base).map_err(|e| compare_failure(&e))
    }
}

/// Compare the catalog with the one at a git revision and classify every change.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub compare: Compare,
    /// Output format: `human` (readable, with source snippets), `json` (array of findings), `codequality` (GitLab
    /// Code Quality report) or `junit` (GitLab test report).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file (atomically) instead of standard output; a one-line summary goes to stderr.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Exit code for a comparison that cannot be made: 2 for a bad argument (revision, repository), else 1.
fn compare_failure(e: &CompareError) -> i32 {
    eprintln!("error: {e}");
    match e {
        CompareError::Base(BaseError::BadRevision { .. } | BaseError::NotARepo { .. } | BaseError::Outside { .. }) => 2,
        _ => 1,
    }
}

/// Runs `skuctl check`.
#[must_use]
pub fn run(args: Args) -> i32 {
    let compared = match args.compare.run() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut diagnostics = compared.head.diagnostics.clone();
    if let Some(report) = &compared.report {
        diagnostics.extend(report.diagnostics());
    }
    if !emit(args.format, args.output.as_deref(), &diagnostics, &compared.head.sources) {
        return 1;
    }
    i32::from(diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error))
}
