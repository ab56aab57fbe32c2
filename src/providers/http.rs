//! The HTTP transport both clients share: a reqwest client (rustls with the ring provider, plus an optional extra
//! trusted CA for the sandbox's `--tls`), a concurrency limit, retries with backoff, and round-trip counters.
//!
//! Contract: `Transport::execute` sends one logical request, retrying what the caller's classifier calls transient
//! or throttled (honouring `Retry-After`) up to the configured attempts, and returns the final response, success
//! or not. Authentication (401 -> new token -> one retry) is the caller's business. Nothing here ever formats a
//! header value or a request body, so tokens and secrets cannot leak through errors.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use reqwest::header::HeaderMap;
use tokio::sync::Semaphore;

use crate::config::{EnvConfig, RetryConfig};

use super::ProviderError;

/// What the caller's classifier says about a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Final: hand the response back (success or a non-retryable error).
    Done,
    /// Throttled: wait (the given time, or backoff) and retry.
    Throttled(Option<Duration>),
    /// Transient failure: back off and retry.
    Transient,
}

/// Whether a request may be re-sent after a failure that happened after it left (a dropped connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotent {
    Yes,
    /// Only retried when it provably never reached the server (connect errors) or was throttled.
    No,
}

/// A response with its body read.
#[derive(Debug)]
pub struct Raw {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes_like::Body,
}

/// Tiny wrapper so `Raw` can print without dumping bodies.
pub mod bytes_like {
    /// A response body.
    pub struct Body(pub Vec<u8>);
    impl std::fmt::Debug for Body {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "<{} bytes>", self.0.len())
        }
    }
}

/// Counters of what went over the wire (for benchmarks and tests).
#[derive(Debug, Default)]
pub struct Stats {
    /// HTTP requests sent (every attempt, token requests included).
    pub requests: AtomicU64,
    /// Retries after throttling.
    pub throttled: AtomicU64,
    /// Retries after transient failures (network, 5xx).
    pub transient: AtomicU64,
}

impl Stats {
    #[must_use]
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

/// Shared transport of one service.
#[derive(Clone)]
pub struct Transport {
    pub client: reqwest::Client,
    pub retry: RetryConfig,
    pub limit: Arc<Semaphore>,
    pub stats: Arc<Stats>,
    pub service: &'static str,
}

/// Installs the ring crypto provider for rustls once per process.
pub fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err means another provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Builds the reqwest client for an environment.
///
/// # Errors
/// The CA file cannot be read or parsed, or the TLS stack cannot be set up.
pub fn build_client(env: &EnvConfig) -> Result<reqwest::Client, ProviderError> {
    install_crypto_provider();
    let mut b = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(130))
        .pool_max_idle_per_host(64)
        .user_agent(concat!("skuctl/", env!("CARGO_PKG_VERSION")));
    if let Some(ca) = &env.ca_file {
        for cert in read_certs(ca)? {
            b = b.tls_certs_merge([cert]);
        }
    }
    b.build().map_err(|e| ProviderError::Setup { message: format!("cannot build the HTTP client: {e}") })
}

fn read_certs(path: &Path) -> Result<Vec<reqwest::Certificate>, ProviderError> {
    let pem = std::fs::read(path)
        .map_err(|e| ProviderError::Setup { message: format!("cannot read CA file {}: {e}", path.display()) })?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ProviderError::Setup { message: format!("invalid CA file {}: {e}", path.display()) })?;
    if certs.is_empty() {
        return Err(ProviderError::Setup { message: format!("CA file {} holds no certificate", path.display()) });
    }
    Ok(certs)
}

impl Transport {
    #[must_use]
    pub fn new(client: reqwest::Client, retry: RetryConfig, concurrency: usize, service: &'static str) -> Self {
        Transport {
            client,
            retry,
            limit: Arc::new(Semaphore::new(concurrency.max(1))),
            stats: Arc::new(Stats::default()),
            service,
        }
    }

    /// The backoff before retry number `attempt` (0-based): `random(0, min(cap, base * 2^attempt))`.
    #[must_use]
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.retry.base_ms.saturating_mul(1u64 << attempt.min(20)).min(self.retry.cap_ms);
        Duration::from_millis(if ceiling == 0 { 0 } else { rand::random_range(0..=ceiling) })
    }

    /// Sends the request built by `make` (called again for each attempt), retrying per `classify`.
    ///
    /// # Errors
    /// Network failures after the last attempt, or throttling that outlasts every attempt.
    pub async fn execute(
        &self,
        what: &str,
        idempotent: Idempotent,
        make: impl Fn() -> reqwest::RequestBuilder,
        classify: impl Fn(StatusCode, &HeaderMap, &[u8]) -> Verdict,
    ) -> Result<Raw, ProviderError> {
        let mut transient = 0u32;
        let mut throttled = 0u32;
        loop {
            let outcome = {
                let _permit = self.limit.acquire().await.map_err(|_| ProviderError::Setup {
                    message: "request limiter closed".to_owned(),
                })?;
                self.stats.requests.fetch_add(1, Ordering::Relaxed);
                self.send_once(make()).await
            };
            let wait = match outcome {
                Ok(raw) => match classify(raw.status, &raw.headers, &raw.body.0) {
                    Verdict::Done => return Ok(raw),
                    Verdict::Throttled(after) => {
                        throttled += 1;
                        self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                        if throttled >= self.retry.max_throttled_attempts {
                            return Err(ProviderError::Throttled {
                                service: self.service,
                                what: what.to_owned(),
                                attempts: throttled,
                            });
                        }
                        after.unwrap_or_else(|| self.backoff(throttled))
                    }
                    Verdict::Transient => {
                        transient += 1;
                        self.stats.transient.fetch_add(1, Ordering::Relaxed);
                        if transient >= self.retry.max_attempts {
                            return Err(ProviderError::Status {
                                service: self.service,
                                what: what.to_owned(),
                                status: raw.status.as_u16(),
                                message: format!("still failing after {transient} attempts"),
                            });
                        }
                        self.backoff(transient)
                    }
                },
                Err(e) => {
                    let never_sent = e.is_connect();
                    transient += 1;
                    self.stats.transient.fetch_add(1, Ordering::Relaxed);
                    if transient >= self.retry.max_attempts || (idempotent == Idempotent::No && !never_sent) {
                        return Err(ProviderError::Network {
                            service: self.service,
                            what: what.to_owned(),
                            message: describe(&e),
                            attempts: transient,
                        });
                    }
                    self.backoff(transient)
                }
            };
            tracing::debug!(service = self.service, what, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(&self, req: reqwest::RequestBuilder) -> Result<Raw, reqwest::Error> {
        let resp = req.send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await?.to_vec();
        Ok(Raw { status, headers, body: bytes_like::Body(body) })
    }
}

/// A reqwest error without its URL (URLs may carry query text we do not want repeated) and with its cause chain.
fn describe(e: &reqwest::Error) -> String {
    let mut msg = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "connection dropped while reading the response".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// `Retry-After` in seconds (the only form Zuora sends), capped at five minutes.
#[must_use]
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let secs: f64 = v.trim().parse::<u64>().ok().map(|s| s as f64).or_else(|| v.trim().parse::<f64>().ok())?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(300.0)))
}

/// The `message`(s) of an error body, shortened, prefixed with ": " (empty when there is none).
pub fn error_summary(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return String::new() };
    let mut msgs = Vec::new();
    collect_messages(&v, &mut msgs);
    if msgs.is_empty() {
        return String::new();
    }
    let mut s = msgs.join("; ");
    if s.len() > 300 {
        let mut cut = 300;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    format!(": {s}")
}

fn collect_messages(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                if (k.eq_ignore_ascii_case("message") || k == "error_description") && val.is_string() {
                    out.push(val.as_str().unwrap_or_default().to_owned());
                } else {
                    collect_messages(val, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_messages(x, out)),
        _ => {}
    }
}

