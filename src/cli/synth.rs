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

/// Parse every YAML file below a directory with serde-saphyr into an untyped value, nothing else: the floor that
/// `validate` is benchmarked against (see BENCHMARKS.md).
#[derive(Debug, clap::Args)]
pub struct FloorArgs {
    /// The catalog directory.
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
}

/// Runs the floor: exit 0 when every file parses, 1 otherwise.
#[must_use]
pub fn run_floor(args: FloorArgs) -> i32 {
    let mut nodes = 0usize;
    for entry in walkdir::WalkDir::new(&args.catalog).sort_by_file_name().into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let parsed = std::fs::read_to_string(entry.path())
                .map_err(|e| e.to_string())
                .and_then(|t| serde_saphyr::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()));
            match parsed {
                Ok(v) => nodes += usize::from(v.is_object()),
                Err(e) => {
                    eprintln!("error: {}: {e}", entry.path().display());
                    return 1;
                }
            }
        }
    }
    println!("parsed {nodes} documents");
    0
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
