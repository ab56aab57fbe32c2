//! The sandbox's start-up options: where to listen, where state lives, which credentials to accept, fault injection
//! and the behaviour switches. Pure data; the CLI builds it, the server reads it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;

use super::behaviour::Behaviour;

/// The default listen address (the committed `sandbox` environment points here).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:4010";
/// The default OAuth client id accepted by both token endpoints (Zuora requires exactly 36 characters).
pub const DEFAULT_CLIENT_ID: &str = "5f3c2a10-0000-4000-8000-000000000001";
/// The default OAuth client secret accepted by both token endpoints.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-secret-not-for-production";
/// The default access-token lifetime in seconds (Zuora answers `expires_in: 3599`).
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3599;

/// Everything the sandbox needs to start.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    pub listen: SocketAddr,
    /// State file: loaded at start when it exists, rewritten atomically after every acknowledged write.
    pub state: Option<PathBuf>,
    /// A `GET /v1/catalog/products`-shaped JSON file to start the Zuora side from (ignored when the state file exists).
    pub seed: Option<PathBuf>,
    pub client_id: String,
    pub client_secret: String,
    pub tls: bool,
    /// Where to write the self-signed certificate (PEM) when `tls` is on.
    pub tls_cert_out: Option<PathBuf>,
    pub token_lifetime: Duration,
    /// The date rate-plan status is derived against (default: today, UTC).
    pub today: Option<NaiveDate>,
    /// Object ids (Zuora or Salesforce) in use by subscriptions / opportunities from the start.
    pub in_use: Vec<String>,
    pub faults: FaultOptions,
    pub behaviour: Behaviour,
}

/// Fault injection. Probabilities are in `0.0..=1.0`; decisions come from one RNG seeded with `seed`.
#[derive(Debug, Clone, Default)]
pub struct FaultOptions {
    pub latency_ms: u64,
    pub rate_429: f64,
    pub rate_5xx: f64,
    pub rate_drop: f64,
    pub slow_body_ms: u64,
    pub seed: u64,
    pub retry_after_secs: u64,
}

impl FaultOptions {
    /// True when any fault is configured (latency included).
    #[must_use]
    pub fn any(&self) -> bool {
        self.latency_ms > 0
            || self.rate_429 > 0.0
            || self.rate_5xx > 0.0
            || self.rate_drop > 0.0
            || self.slow_body_ms > 0
    }
}
