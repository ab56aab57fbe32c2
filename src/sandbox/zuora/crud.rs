//! CRUD endpoints (zuora-api.md §3.1): `POST /v1/object/{type}`, `GET|PUT|DELETE /v1/object/{type}/{id}` for
//! product, product-rate-plan, product-rate-plan-charge; `GET|PUT` only for product-rate-plan-charge-tier.
//! Success `{"Id","Success":true}`; delete success lower-case `{"id","success":true}`; errors
//! `{"Errors":[{"Code","Message"}],"Success":false}`; GET miss 404 `{"done":true,"records":[],"size":0}`;
//! `?rejectUnknownFields=true` turns unknown body fields into `400 {"message":"Error - unrecognised fields"}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::crud_view;
use super::errors::{category, crud_errors, json_response, rest_error};
use super::fields::{self, ZError};
use super::ops::{self, Ctx};
use super::store::ObjectType;
use crate::sandbox::app::App;
use crate::sandbox::state::State as SandboxState;

/// Runs a write operation with a context built from the state (acknowledged once `App::durable`).
pub fn with_ctx<T>(app: &App, f: impl FnOnce(&mut super::store::ZuoraState, &Ctx<'_>) -> T) -> Result<T, Response> {
    let now = App::now_zuora();
    Ok(app.write(|s: &mut SandboxState| {
        let ctx = Ctx {
            behaviour: &app.opts.behaviour,
            today: app.today,
            now: &now,
            in_use: &s.in_use,
        };
        f(&mut s.zuora, &ctx)
    }))
}

fn object_type(app: &App, segment: &str) -> Result<ObjectType, Response> {
    ObjectType::from_segment(segment).ok_or_else(|| {
        rest_error(
            app,
            StatusCode::NOT_FOUND,
            category::NOT_FOUND,
            &format!("The requested resource /v1/object/{segment} does not exist."),
        )
    })
}

/// Parses a JSON object body.
pub fn parse_body(app: &App, body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(rest_error(
            app,
            StatusCode::BAD_REQUEST,
            category::MALFORMED_JSON,
            "Error parsing the request body: it is not a JSON object.",
        )),
    }
}

fn reject_unknown(t: ObjectType, q: &HashMap<String, String>, body: &Map<String, Value>) -> Result<(), Response> {
    if q.get("rejectUnknownFields")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        && !fields::unknown_keys(t, body).is_empty()
    {
        return Err(json_response(
            StatusCode::BAD_REQUEST,
            &json!({"message": "Error - unrecognised fields"}),
        ));
    }
    Ok(())
}

fn saved(app: &App, result: Result<String, Vec<ZError>>) -> Response {
    match result {
        Ok(id) => json_response(StatusCode::OK, &json!({"Id": id, "Success": true})),
        Err(errors) => crud_errors(app, &errors),
    }
}

/// `POST /v1/object/{type}`.
pub async fn create(
    State(app): State<Arc<App>>,
    Path(segment): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, Response> {
        let t = object_type(&app, &segment)?;
        let body = parse_body(&app, &body)?;
        reject_unknown(t, &q, &body)?;
        let result = with_ctx(&app, |z, ctx| ops::create(z, ctx, t, &body))?;
        Ok(saved(&app, result))
    };
    run().unwrap_or_else(|r| r)
}

/// `PUT /v1/object/{type}/{id}`.
pub async fn update(
    State(app): State<Arc<App>>,
    Path((segment, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, Response> {
        let t = object_type(&app, &segment)?;
        let body = parse_body(&app, &body)?;
        reject_unknown(t, &q, &body)?;
        let result = with_ctx(&app, |z, ctx| ops::update(z, ctx, t, &id, &body))?;
        Ok(saved(&app, result))
    };
    run().unwrap_or_else(|r| r)
}

fn no_data() -> Response {
    json_response(StatusCode::NOT_FOUND, &json!({"done": true, "records": [], "size": 0}))
}

/// `GET /v1/object/{type}/{id}[?fields=A,B]`.
pub async fn get(
    State(app): State<Arc<App>>,
    Path((segment, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let t = match object_type(&app, &segment) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let wanted: Vec<String> = q
        .get("fields")
        .map(|f| {
            f.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let record = app.read(|s| match t {
        ObjectType::ProductRatePlanChargeTier => s.zuora.tier(&id).map(crud_view::tier),
        _ => s.zuora.map(t).and_then(|m| m.get(&id)).map(crud_view::object),
    });
    match record {
        Some(r) => json_response(StatusCode::OK, &Value::Object(crud_view::select(r, &wanted))),
        None => no_data(),
    }
}

/// `DELETE /v1/object/{type}/{id}`.
pub async fn delete(State(app): State<Arc<App>>, Path((segment, id)): Path<(String, String)>) -> Response {
    let run = || -> Result<Response, Response> {
        let t = object_type(&app, &segment)?;
        if t == ObjectType::ProductRatePlanChargeTier {
            return Err(rest_error(
                &app,
                StatusCode::METHOD_NOT_ALLOWED,
                45,
                "DELETE is not supported on product-rate-plan-charge-tier.",
            ));
        }
        let result = with_ctx(&app, |z, ctx| ops::delete(z, ctx, t, &id))?;
        Ok(match result {
            Ok(()) => json_response(StatusCode::OK, &json!({"id": id, "success": true})),
            Err(e) if e.code == "INVALID_ID" => no_data(),
            Err(e) => crud_errors(&app, &[e]),
        })
    };
    run().unwrap_or_else(|r| r)
}
