//! `Idempotency-Key` on Zuora POST/PATCH (zuora-api.md §1): the first response (success or failure) is stored for
//! 24 hours with the state (so a restart keeps it); a repeat with the same key replays it, or answers 409 when the
//! `idempotency_replay` switch says `conflict`. A repeat while the first is in flight gets 409; a repeat on another
//! method or path gets 422. Keys longer than 255 characters get 400. The stored response is written in the same
//! save as the change (the response is sent only once both are durable).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::app::{App, lock};
use super::behaviour::IdempotencyReplay;
use super::state::StoredResponse;
use super::zuora::errors::{category, json_response, rest_body};

const TTL_SECS: i64 = 24 * 3600;
const MAX_KEY_LEN: usize = 255;

fn replay(stored: &StoredResponse) -> Response {
    let mut r = Response::new(Body::from(stored.body.clone()));
    *r.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    if let Some(ct) = stored
        .content_type
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        r.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    r
}

/// The middleware (only Zuora `/v1` and `/oauth` POST/PATCH requests are affected).
pub async fn layer(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let applies = (method == Method::POST || method == Method::PATCH) && path.starts_with("/v1/");
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let authenticated = super::auth::bearer_ok(&app, super::app::Family::Zuora, req.headers());
    let (true, true, Some(key)) = (applies, authenticated, key) else {
        return next.run(req).await;
    };
    if key.len() > MAX_KEY_LEN {
        return json_response(
            StatusCode::BAD_REQUEST,
            &rest_body(
                category::INVALID_VALUE,
                "The Idempotency-Key header must be at most 255 characters.",
            ),
        );
    }
    let now = chrono::Utc::now().timestamp();
    let stored = app.read(|s| {
        s.stored_response(&key)
            .filter(|r| now - r.stored_at < TTL_SECS)
            .cloned()
    });
    if let Some(stored) = stored {
        if stored.method != method.as_str() || stored.path != path {
            return json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rest_body(
                    category::BUSINESS_RULE,
                    "The Idempotency-Key was already used for a different request (method or URL).",
                ),
            );
        }
        return match app.opts.behaviour.idempotency_replay {
            IdempotencyReplay::Replay => replay(&stored),
            IdempotencyReplay::Conflict => json_response(
                StatusCode::CONFLICT,
                &rest_body(
                    category::BUSINESS_RULE,
                    "A request with this Idempotency-Key has already been processed.",
                ),
            ),
        };
    }
    if !lock(&app.idempotency_in_progress).insert(key.clone()) {
        return json_response(
            StatusCode::CONFLICT,
            &rest_body(
                category::BUSINESS_RULE,
                "Another request with the same Idempotency-Key is in progress.",
            ),
        );
    }
    let resp = next.run(req).await;
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let record = StoredResponse {
        method: method.to_string(),
        path,
        status: parts.status.as_u16(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        stored_at: now,
    };
    // Saved together with the change it describes: the response waits for `App::durable` (server::handle).
    app.write(|s| s.store_response(&key, record, now, TTL_SECS));
    lock(&app.idempotency_in_progress).remove(&key);
    Response::from_parts(parts, Body::from(bytes))
}
