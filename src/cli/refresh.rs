//! `skuctl refresh`: reads an environment's live Zuora catalog and Salesforce records and writes the offline
//! snapshot (`state/<env>.json` by default) that `plan --offline` reads. See `live::snapshot` for the format.

use std::path::PathBuf;

use super::env_args::EnvArgs;
use crate::live::{self, Snapshot};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub env: EnvArgs,
    /// Where to write the snapshot (default: the environment's `snapshot`, else `state/<env>.json` next to the config).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Summary format: `human` or `json`.
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
}

/// Runs the command; 0 on success, 1 on any failure (nothing is written then).
#[must_use]
pub fn run(args: Args) -> i32 {
    let (cfg, env) = match args.env.resolve() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let out = args.out.clone().unwrap_or_else(|| env.snapshot_path(&cfg.dir));
    let rt = match live::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let (state, stats) = match rt.block_on(live::read_live(&env)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: reading environment `{}`: {e}", env.name);
            return 1;
        }
    };
    let snap = Snapshot::new(&env.name, state);
    if let Err(e) = snap.write(&out) {
        eprintln!("error: {e}");
        return 1;
    }
    let plans: usize = snap.zuora.products.iter().map(|p| p.rate_plans.len()).sum();
    let charges: usize = snap.zuora.products.iter().flat_map(|p| &p.rate_plans).map(|r| r.charges.len()).sum();
    let sf = snap.salesforce.as_ref().map(|s| s.products.len());
    if args.format == "json" {
        let v = serde_json::json!({
            "environment": env.name,
            "snapshot": out.display().to_string(),
            "zuora": {"products": snap.zuora.products.len(), "rate_plans": plans, "charges": charges, "requests": stats.zuora_requests},
            "salesforce": sf.map(|n| serde_json::json!({"products": n, "requests": stats.salesforce_requests})),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!(
            "Wrote {}: {} products, {plans} rate plans, {charges} charges from Zuora ({} requests){}",
            out.display(),
            snap.zuora.products.len(),
            stats.zuora_requests,
            sf.map_or_else(String::new, |n| format!("; {n} Product2 records from Salesforce ({} requests)", stats.salesforce_requests)),
        );
    }
    0
}
