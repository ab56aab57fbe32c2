//! Fault injection and the concurrency limit, applied in front of the router to every request except
//! `/sandbox/admin/*`: latency, throttling (Zuora `429` + `Retry-After` + `RateLimit-*`; Salesforce `403
//! REQUEST_LIMIT_EXCEEDED`, which is what Salesforce sends instead of 429), `5xx`, dropped connections and slow
//! bodies. Decisions come from one RNG seeded by `--fault-seed`, so a run is reproducible.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use rand::Rng;
use serde_json::json;

use super::app::{App, Family, lock};
use super::salesforce::errors::{SfError, error_response};
use super::zuora::errors::{category, crud_body, json_response, rest_body};
use super::zuora::fields::ZError;

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Pass,
    Drop,
    Throttle,
    ServerError,
}

/// Draws the fault decision for one request.
pub fn decide(app: &App) -> Decision {
    let f = &app.opts.faults;
    if f.rate_drop <= 0.0 && f.rate_429 <= 0.0 && f.rate_5xx <= 0.0 {
        return Decision::Pass;
    }
    let mut rng = lock(&app.fault_rng);
    let (d, t, e): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
    if d < f.rate_drop {
        Decision::Drop
    } else if t < f.rate_429 {
        Decision::Throttle
    } else if e < f.rate_5xx {
        Decision::ServerError
    } else {
        Decision::Pass
    }
}

/// True for Zuora CRUD / Actions paths (their error body is the CRUD one).
fn is_crud_path(path: &str) -> bool {
    path.starts_with("/v1/object/") || path.starts_with("/v1/action/")
}

/// The throttled response of a family.
pub fn throttled(app: &App, family: Family, path: &str, concurrency: bool) -> Response {
    match family {
        Family::Zuora => {
            let message = if concurrency {
                "Your request was rejected because the concurrent request limit was exceeded. Retry later."
            } else {
                "Your request was rejected because the request rate limit was exceeded. Retry later."
            };
            let body = if is_crud_path(path) {
                crud_body(&[ZError::new(
                    if concurrency {
                        "REQUEST_EXCEEDED_RATE"
                    } else {
                        "REQUEST_EXCEEDED_LIMIT"
                    },
                    message,
                )])
            } else {
                rest_body(category::CONCURRENCY, message)
            };
            let mut r = json_response(StatusCode::TOO_MANY_REQUESTS, &body);
            let retry = app.opts.faults.retry_after_secs.max(1).to_string();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&retry) {
                h.insert("retry-after", v.clone());
                h.insert("ratelimit-reset", v);
            }
            h.insert("ratelimit-remaining", HeaderValue::from_static("0"));
            r
        }
        Family::Salesforce => error_response(
            StatusCode::FORBIDDEN,
            &[SfError::new(
                "REQUEST_LIMIT_EXCEEDED",
                "ConcurrentPerOrgLongTxn Limit exceeded.",
            )],
        ),
    }
}

/// The injected server error of a family.
pub fn server_error(family: Family) -> Response {
    match family {
        Family::Zuora => json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &rest_body(
                category::TEMPORARY,
                "The service is temporarily unavailable. Retry later.",
            ),
        ),
        Family::Salesforce => error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &[SfError::new(
                "SERVER_UNAVAILABLE",
                "Server temporarily unavailable. Retry later.",
            )],
        ),
    }
}

/// A held slot of the concurrency limit (released on drop).
pub struct Slot<'a>(&'a AtomicU32);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits until `deadline` (the injected latency, counted from the request's arrival). Tokio's timer has 1 ms ticks
/// and rounds up, which would add up to a millisecond or two to every request; the wait happens on a blocking
/// thread instead (`thread::sleep`, precise to well under a millisecond), so a request takes the latency asked for.
pub async fn sleep_until(deadline: std::time::Instant) {
    if deadline <= std::time::Instant::now() {
        return;
    }
    let slept = tokio::task::spawn_blocking(move || {
        std::thread::sleep(deadline.saturating_duration_since(std::time::Instant::now()));
    })
    .await;
    if slept.is_err() {
        // The blocking pool is gone (shutting down): fall back to the timer.
        tokio::time::sleep_until(deadline.into()).await;
    }
}

/// Takes a concurrency slot; `None` when the configured limit is reached.
pub fn acquire(app: &App, family: Family) -> Option<Slot<'_>> {
    let counter = match family {
        Family::Zuora => &app.zuora_in_flight,
        Family::Salesforce => &app.salesforce_in_flight,
    };
    let before = counter.fetch_add(1, Ordering::SeqCst);
    let slot = Slot(counter);
    match app.opts.behaviour.concurrency_limit {
        Some(limit) if before >= limit => None,
        _ => Some(slot),
    }
}

/// Adds Zuora's `/v1` response headers (request id, track id echo, rate and concurrency limits).
pub fn zuora_headers(app: &App, resp: &mut Response, track_id: Option<HeaderValue>) {
    let limit = app.opts.behaviour.concurrency_limit.unwrap_or(40);
    let in_flight = app.zuora_in_flight.load(Ordering::SeqCst);
    let h = resp.headers_mut();
    let mut set = |k: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.entry(k).or_insert(v);
        }
    };
    set("zuora-request-id", uuid::Uuid::new_v4().to_string());
    set(
        "ratelimit-limit",
        "2250000, 50000;w=60, 2250000;w=3600, 27000000;w=86400".into(),
    );
    set("ratelimit-remaining", "49999".into());
    set("ratelimit-reset", "60".into());
    set("concurrency-limit-type", "Default".into());
    set("concurrency-limit-limit", limit.to_string());
    set(
        "concurrency-limit-remaining",
        limit.saturating_sub(in_flight).to_string(),
    );
    if let Some(t) = track_id {
        h.insert("zuora-track-id", t);
    }
}

/// Re-sends a response body in small chunks with a pause before each (`--slow-body-ms`).
pub async fn slow_body(resp: Response, pause: Duration) -> Response {
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let chunks: Vec<Bytes> = bytes.chunks(512).map(Bytes::copy_from_slice).collect();
    let stream = futures_util::stream::unfold(chunks.into_iter(), move |mut it| async move {
        let next = it.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok::<Bytes, std::io::Error>(next), it))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// The JSON of the concurrency headers (for tests and stats).
#[must_use]
pub fn describe(app: &App) -> serde_json::Value {
    json!({"concurrency_limit": app.opts.behaviour.concurrency_limit})
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sleep_until_returns_at_or_after_the_deadline() {
        for ms in [0, 3, 12] {
            let deadline = Instant::now() + Duration::from_millis(ms);
            super::sleep_until(deadline).await;
            assert!(Instant::now() >= deadline, "woke before the deadline ({ms} ms)");
        }
        let past = Instant::now().checked_sub(Duration::from_millis(5)).unwrap_or_else(Instant::now);
        super::sleep_until(past).await;
    }
}
