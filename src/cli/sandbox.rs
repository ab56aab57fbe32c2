//! `skuctl sandbox`: serve the local Zuora + Salesforce emulation. Parses flags into `SandboxOptions` and runs the
//! server on a tokio runtime until Ctrl-C. Exit 1 when it cannot start (port taken, bad state/seed file).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;

use crate::sandbox::behaviour::Behaviour;
use crate::sandbox::options::{DEFAULT_TOKEN_LIFETIME_SECS, FaultOptions, SandboxOptions};
use crate::sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_LISTEN};

/// Serve a local, stateful emulation of the Zuora catalog API and the Salesforce Product2/Pricebook API.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The first stdout line is `listening on URL` (with the real port when --listen ends in :0).\n\
Admin endpoints for tests: GET /sandbox/admin/stats, POST /sandbox/admin/stats/reset, POST /sandbox/admin/reset,\n\
GET|POST|DELETE /sandbox/admin/in-use {\"ids\":[...]}, POST /sandbox/admin/expire-tokens."
)]
pub struct Args {
    /// Address to listen on; use port 0 for a free port.
    #[arg(long, default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// State file: loaded at start when present, rewritten atomically after every acknowledged write.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Start the Zuora side from a `GET /v1/catalog/products`-shaped JSON file (ignored when --state exists).
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// The OAuth client id both token endpoints accept.
    #[arg(long, default_value = DEFAULT_CLIENT_ID)]
    pub client_id: String,
    /// The OAuth client secret both token endpoints accept.
    #[arg(long, default_value = DEFAULT_CLIENT_SECRET, hide_default_value = false)]
    pub client_secret: String,
    /// Serve HTTPS with a self-signed certificate for localhost/127.0.0.1.
    #[arg(long)]
    pub tls: bool,
    /// Where to write the certificate PEM (default: next to --state, else the temp dir); printed at start.
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub tls_cert_out: Option<PathBuf>,
    /// Access-token lifetime in seconds; requests with an older token get 401.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TOKEN_LIFETIME_SECS)]
    pub token_lifetime: u64,
    /// The date rate-plan status is derived against (YYYY-MM-DD; default today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
    /// Mark an object id as in use by subscriptions (cannot be deleted); repeatable.
    #[arg(long = "in-use", value_name = "ID")]
    pub in_use: Vec<String>,
    /// Behaviour switches for UNVERIFIED behaviour (JSON; see README "Sandbox behaviour switches").
    #[arg(long, value_name = "FILE")]
    pub behaviour: Option<PathBuf>,
    /// Enforce a concurrency limit per API family (overrides the behaviour file).
    #[arg(long, value_name = "N")]
    pub concurrency_limit: Option<u32>,
    /// Added latency per request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Probability (0..1) of a throttled answer: Zuora 429 + Retry-After, Salesforce 403 REQUEST_LIMIT_EXCEEDED.
    #[arg(long = "rate-429", value_name = "P", default_value_t = 0.0)]
    pub rate_429: f64,
    /// Probability (0..1) of a 503 answer.
    #[arg(long = "rate-5xx", value_name = "P", default_value_t = 0.0)]
    pub rate_5xx: f64,
    /// Probability (0..1) of closing the connection without an answer.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub rate_drop: f64,
    /// Pause before each 512-byte chunk of a response body, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub slow_body_ms: u64,
    /// Seed of the fault RNG (same seed, same request order: same faults).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fault_seed: u64,
    /// `Retry-After` seconds sent with throttled answers.
    #[arg(long, value_name = "SECS", default_value_t = 1)]
    pub retry_after: u64,
}

fn probability(name: &str, p: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("--{name} must be between 0 and 1, got {p}"))
    }
}

fn options(args: Args) -> Result<SandboxOptions, String> {
    let mut behaviour = match &args.behaviour {
        Some(p) => Behaviour::from_file(p)?,
        None => Behaviour::default(),
    };
    if args.concurrency_limit.is_some() {
        behaviour.concurrency_limit = args.concurrency_limit;
    }
    Ok(SandboxOptions {
        listen: args.listen,
        state: args.state,
        seed: args.seed,
        client_id: args.client_id,
        client_secret: args.client_secret,
        tls: args.tls,
        tls_cert_out: args.tls_cert_out,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        today: args.today,
        in_use: args.in_use,
        faults: FaultOptions {
            latency_ms: args.latency_ms,
            rate_429: probability("rate-429", args.rate_429)?,
            rate_5xx: probability("rate-5xx", args.rate_5xx)?,
            rate_drop: probability("rate-drop", args.rate_drop)?,
            slow_body_ms: args.slow_body_ms,
            seed: args.fault_seed,
            retry_after_secs: args.retry_after,
        },
        behaviour,
    })
}

/// Runs the sandbox; returns the exit code.
#[must_use]
pub fn run(args: Args) -> i32 {
    let opts = match options(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return 1;
        }
    };
    match runtime.block_on(crate::sandbox::serve(opts)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
