//! `skuctl import`: reads a live tenant (or a snapshot) and writes a catalog directory, reporting precisely what
//! could not be carried. Exit 1 when anything would be lost, unless `--allow-lossy`; then nothing is written.

use std::path::PathBuf;

use super::env_args::EnvArgs;
use crate::live::import::{ImportOptions, import, write_catalog_dir};
use crate::live::{self, Snapshot};
use crate::model::CurrencyCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub env: EnvArgs,
    /// The catalog directory to write (`catalog.yaml` and `products/*.yaml`).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Import from an offline snapshot (written by `skuctl refresh`) instead of the live tenant.
    #[arg(long, value_name = "FILE")]
    pub from_snapshot: Option<PathBuf>,
    /// Write the catalog even when some remote data cannot be expressed (every such object is still reported).
    #[arg(long)]
    pub allow_lossy: bool,
    /// Overwrite a directory that already holds a catalog.
    #[arg(long)]
    pub force: bool,
    /// The imported catalog's name (default: the environment's name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Report format: `human` or `json`.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
}

/// Runs the command: 0 imported cleanly (or lossy with `--allow-lossy`), 1 lossy without it, or any error.
#[must_use]
pub fn run(args: Args) -> i32 {
    let (_, env) = match args.env.resolve() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if args.out.join("catalog.yaml").exists() && !args.force {
        eprintln!("error: {} already holds a catalog (catalog.yaml); pass --force to overwrite", args.out.display());
        return 1;
    }
    let state = match &args.from_snapshot {
        Some(path) => match Snapshot::read(path) {
            Ok(s) => s.state(),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
        None => {
            let rt = match live::runtime() {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 1;
                }
            };
            match rt.block_on(live::read_live(&env)) {
                Ok((s, _)) => s,
                Err(e) => {
                    eprintln!("error: reading environment `{}`: {e}", env.name);
                    return 1;
                }
            }
        }
    };
    let opts = ImportOptions {
        catalog_name: args.name.clone().unwrap_or_else(|| env.name.clone()),
        default_currency: CurrencyCode(env.zuora.default_currency.clone()),
    };
    let (catalog, report) = import(&state, &env, &opts);
    let lossy = !report.lossy.is_empty();
    let write = !lossy || args.allow_lossy;
    let mut written = Vec::new();
    if write {
        match write_catalog_dir(&catalog, &args.out) {
            Ok(w) => written = w,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", args.out.display());
                return 1;
            }
        }
    }
    let plans: usize = catalog.products.iter().map(|p| p.plans.len()).sum();
    if args.format == "json" {
        let v = serde_json::json!({
            "environment": env.name,
            "out": args.out.display().to_string(),
            "written": write,
            "products": catalog.products.len(),
            "plans": plans,
            "lossy": report.lossy,
            "notes": report.notes,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        for f in &report.lossy {
            println!("lossy: {}: {}", f.object, f.message);
        }
        for f in &report.notes {
            println!("note: {}: {}", f.object, f.message);
        }
        if write {
            println!(
                "Imported {} products and {plans} plans from `{}` into {} ({} files){}",
                catalog.products.len(),
                env.name,
                args.out.display(),
                written.len(),
                if lossy { format!("; {} object(s) could not be carried exactly (see above)", report.lossy.len()) } else { String::new() }
            );
        } else {
            println!(
                "Nothing written: {} object(s) cannot be carried exactly (see above). Pass --allow-lossy to write the catalog anyway.",
                report.lossy.len()
            );
        }
    }
    i32::from(lossy && !args.allow_lossy)
}
