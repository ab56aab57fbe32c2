//! `skuctl changelog --base REV`: Markdown release notes of the catalog change since a git revision.

use std::path::PathBuf;


/// Write Markdown release notes of the catalog changes since a git revision.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub compare: super::check::Compare,
    /// Write the notes to this file instead of standard output (written atomically).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `skuctl changelog`.
#[must_use]
pub fn run(args: Args) -> i32 {
    let compared = match args.compare.run() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (Some(report), Some(catalog)) = (&compared.report, &compared.head.catalog) else {
        eprintln!("error: the working-tree catalog does not load; run `skuctl validate` for details");
        for d in &compared.head.diagnostics {
            eprintln!("  {} {}: {}", d.code, compared.head.sources.path(d.location.source).display(), d.message);
        }
        return 1;
    };
    let text = crate::policy::changelog::render(&catalog.root.name, report);
    i32::from(!super::report_out::write_text(args.output.as_deref(), &text))
}
