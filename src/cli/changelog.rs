//! `skuctl changelog --base REV`: Markdown release notes of the catalog change since a git revision.

use std::path::PathBuf;

use crate::policy::compare;

/// Write Markdown release notes of the catalog changes since a git revision.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The git revision of the previous release, e.g. a tag or the merge request's diff base.
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// The catalog directory in the working tree.
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    /// The git repository holding the catalog (default: the one containing `--catalog`).
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Write the notes to this file instead of standard output (written atomically).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `skuctl changelog`.
#[must_use]
pub fn run(args: Args) -> i32 {
    let compared = match compare(&args.catalog, args.repo.as_deref(), &args.base) {
        Ok(c) => c,
        Err(e) => return super::check::compare_failure(&e),
    };
    let (Some(report), Some(catalog)) = (&compared.report, &compared.head.catalog) else {
        eprintln!("error: the working-tree catalog does not load; run `skuctl validate` for details");
        for d in &compared.head.diagnostics {
            eprintln!("  {} {}: {}", d.code, compared.head.sources.path(d.location.source).display(), d.message);
        }
        return 1;
    };
    let text = crate::policy::changelog::render(&catalog.root.name, report);
    match super::report_out::write_text(args.output.as_deref(), &text) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
