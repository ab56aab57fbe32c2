//! `skuctl synth` (hidden): writes a synthetic catalog for benchmarks (see `crate::synth`).

use std::path::PathBuf;

/// Write a synthetic catalog (5 plans per product, 2 charges per plan, 4 currencies) for benchmarks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of products (2,800 is Zuora Deployment Manager's maximum).
    #[arg(long, default_value_t = 2800)]
    pub products: usize,
    /// The catalog directory to write (created; existing files with the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let files = crate::synth::files(args.products);
    for (rel, text) in &files {
        let path = args.out.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| super::validate::write_atomic(&path, text.as_bytes()));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 1;
        }
    }
    println!("wrote {} files to {}", files.len(), args.out.display());
    0
}
