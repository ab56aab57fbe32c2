//! Zuora's error bodies per API family (zuora-api.md §3.1): CRUD/Actions `{"Errors":[{"Code","Message"}],
//! "Success":false}`, REST `{"success":false,"processId","reasons":[{"code","message"}]}` with 8-digit codes
//! (resource code + 2-digit category), and the gateway's 401 `{"message":"Authentication error"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::fields::ZError;
use crate::sandbox::app::App;
use crate::sandbox::ids;

/// Resource code used for REST catalog errors (body-less GETs use 500000 per the error-handling guide).
pub const RESOURCE_CODE: u64 = 500_000;

/// REST error categories used here.
pub mod category {
    pub const AUTHENTICATION: u64 = 11;
    pub const INVALID_VALUE: u64 = 20;
    pub const MISSING_FIELD: u64 = 22;
    pub const INVALID_QUERY_PARAMETER: u64 = 27;
    pub const BUSINESS_RULE: u64 = 30;
    pub const NOT_FOUND: u64 = 40;
    pub const INTERNAL: u64 = 60;
    pub const TEMPORARY: u64 = 61;
    pub const CONCURRENCY: u64 = 70;
    pub const MALFORMED_JSON: u64 = 90;
}

/// A JSON response.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        // Straight into bytes: `to_string` goes through `fmt::Display`, a third slower on a 400 KB catalog page.
        serde_json::to_vec(body).unwrap_or_default(),
    )
        .into_response()
}

/// The CRUD/Actions error body.
#[must_use]
pub fn crud_body(errors: &[ZError]) -> Value {
    let list: Vec<Value> = errors
        .iter()
        .map(|e| json!({"Code": e.code, "Message": e.message}))
        .collect();
    json!({"Errors": list, "Success": false})
}

/// A CRUD/Actions failure, with the configured HTTP status (400 by default, 200 as a switch).
pub fn crud_errors(app: &App, errors: &[ZError]) -> Response {
    let status = StatusCode::from_u16(app.opts.behaviour.crud_error_status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &crud_body(errors))
}

/// The REST error body.
#[must_use]
pub fn rest_body(category: u64, message: &str) -> Value {
    json!({
        "success": false,
        "processId": ids::process_id(),
        "reasons": [{"code": RESOURCE_CODE * 100 + category, "message": message}],
    })
}

/// A REST failure with `status` (or 200 when the switch says so).
pub fn rest_error(app: &App, status: StatusCode, category: u64, message: &str) -> Response {
    let status = if app.opts.behaviour.rest_errors_as_200 {
        StatusCode::OK
    } else {
        status
    };
    json_response(status, &rest_body(category, message))
}

/// The gateway's 401 (bad, missing or expired token).
pub fn unauthorized() -> Response {
    let mut r = json_response(StatusCode::UNAUTHORIZED, &json!({"message": "Authentication error"}));
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"),
    );
    r
}

/// A failed state write: the request was not acknowledged.
pub fn persist_failed(app: &App, e: &crate::sandbox::persist::PersistError) -> Response {
    tracing::error!("{e}");
    rest_error(
        app,
        StatusCode::INTERNAL_SERVER_ERROR,
        category::INTERNAL,
        "The sandbox could not persist its state.",
    )
}
