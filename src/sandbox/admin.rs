//! Test and operator endpoints under `/sandbox/admin/` (never faulted, no authentication; the sandbox is a local
//! tool): request counters and their reset, full state reset, objects marked "in use by subscriptions", and token
//! expiry on demand.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::app::{App, Stats, lock};
use super::zuora::errors::json_response;

async fn stats(State(app): State<Arc<App>>) -> Response {
    let s = lock(&app.stats);
    let saves = app.saves.load(std::sync::atomic::Ordering::Relaxed);
    json_response(
        StatusCode::OK,
        &json!({"total": s.total, "routes": s.by_route, "faults": s.faults, "saves": saves}),
    )
}

async fn reset_stats(State(app): State<Arc<App>>) -> Response {
    *lock(&app.stats) = Stats::default();
    app.saves.store(0, std::sync::atomic::Ordering::Relaxed);
    json_response(StatusCode::OK, &json!({"reset": true}))
}

async fn reset(State(app): State<Arc<App>>) -> Response {
    app.reset();
    *lock(&app.stats) = Stats::default();
    lock(&app.tokens).clear();
    json_response(StatusCode::OK, &json!({"reset": true}))
}

fn ids_of(body: &Bytes) -> Result<Vec<String>, Response> {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    parsed
        .get("ids")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| {
            json_response(
                StatusCode::BAD_REQUEST,
                &json!({"error": "body must be {\"ids\": [\"...\"]}"}),
            )
        })
}

fn in_use_response(app: &App) -> Response {
    let ids: Vec<String> = app.read(|s| s.in_use.iter().cloned().collect());
    json_response(StatusCode::OK, &json!({"in_use": ids}))
}

async fn mark_in_use(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match ids_of(&body) {
        Ok(ids) => {
            app.write(|s| s.in_use.extend(ids));
            in_use_response(&app)
        }
        Err(r) => r,
    }
}

async fn unmark_in_use(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match ids_of(&body) {
        Ok(ids) => {
            app.write(|s| {
                for id in &ids {
                    s.in_use.remove(id);
                }
            });
            in_use_response(&app)
        }
        Err(r) => r,
    }
}

async fn list_in_use(State(app): State<Arc<App>>) -> Response {
    in_use_response(&app)
}

async fn expire_tokens(State(app): State<Arc<App>>) -> Response {
    let n = {
        let mut tokens = lock(&app.tokens);
        let n = tokens.len();
        tokens.clear();
        n
    };
    json_response(StatusCode::OK, &json!({"expired": n}))
}

/// The admin routes.
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/sandbox/admin/stats", get(stats))
        .route("/sandbox/admin/stats/reset", post(reset_stats))
        .route("/sandbox/admin/reset", post(reset))
        .route(
            "/sandbox/admin/in-use",
            get(list_in_use).post(mark_in_use).delete(unmark_in_use),
        )
        .route("/sandbox/admin/expire-tokens", post(expire_tokens))
}
