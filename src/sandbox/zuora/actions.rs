//! Batch Actions (zuora-api.md §3.2): `POST /v1/action/create|update` with `{"type","objects":[...]}` (at most 50
//! objects, one type, CRUD PascalCase fields) answer an array of SaveResults in input order
//! (`{"Id","Success":true}` or `{"Success":false,"Errors":[...]}`); each object succeeds or fails on its own.
//! `POST /v1/action/delete` with `{"type","ids"}` answers lower-case DeleteResults `{"id","success","errors"}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::crud::{parse_body, with_ctx};
use super::errors::{crud_errors, json_response};
use super::fields::ZError;
use super::ops;
use super::store::ObjectType;
use crate::sandbox::app::App;

/// The most objects one Actions call may carry.
pub const MAX_OBJECTS: usize = 50;

enum Kind {
    Create,
    Update,
}

fn batch(app: &App, mut body: Map<String, Value>, key: &str) -> Result<(ObjectType, Vec<Value>), Vec<ZError>> {
    let t = body
        .get("type")
        .and_then(Value::as_str)
        .and_then(ObjectType::from_name)
        .ok_or_else(|| {
            vec![ZError::new(
                "INVALID_TYPE",
                "The value of 'type' is not a supported object type.",
            )]
        })?;
    let items = match body.remove(key) {
        Some(Value::Array(items)) => Some(items),
        _ => None,
    };
    let items = items.ok_or_else(|| {
        vec![ZError::new(
            "MISSING_REQUIRED_VALUE",
            format!("Missing required value: {key}"),
        )]
    })?;
    if items.len() > MAX_OBJECTS {
        return Err(vec![ZError::new(
            "MAX_RECORDS_EXCEEDED",
            format!(
                "At most {MAX_OBJECTS} objects may be sent in one call; got {}.",
                items.len()
            ),
        )]);
    }
    let _ = app;
    Ok((t, items))
}

fn save_result(r: Result<String, Vec<ZError>>) -> Value {
    match r {
        Ok(id) => json!({"Id": id, "Success": true}),
        Err(errors) => {
            let list: Vec<Value> = errors
                .iter()
                .map(|e| json!({"Code": e.code, "Message": e.message}))
                .collect();
            json!({"Success": false, "Errors": list})
        }
    }
}

fn run(app: &App, body: &Bytes, kind: &Kind) -> Response {
    let body = match parse_body(app, body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (t, objects) = match batch(app, body, "objects") {
        Ok(b) => b,
        Err(e) => return crud_errors(app, &e),
    };
    let results = with_ctx(app, |z, ctx| {
        objects
            .iter()
            .map(|o| {
                let Some(obj) = o.as_object() else {
                    return save_result(Err(vec![ZError::new(
                        "INVALID_VALUE",
                        "Each object must be a JSON object.",
                    )]));
                };
                if obj.values().any(Value::is_null) {
                    return save_result(Err(vec![ZError::new(
                        "INVALID_VALUE",
                        "Null values are not allowed in Actions objects.",
                    )]));
                }
                save_result(match kind {
                    Kind::Create => ops::create(z, ctx, t, obj),
                    Kind::Update => match obj.get("Id").and_then(Value::as_str) {
                        Some(id) => ops::update(z, ctx, t, id, obj),
                        None => Err(vec![ZError::new(
                            "MISSING_REQUIRED_VALUE",
                            "Missing required value: Id",
                        )]),
                    },
                })
            })
            .collect::<Vec<Value>>()
    });
    match results {
        Ok(list) => json_response(StatusCode::OK, &Value::Array(list)),
        Err(r) => r,
    }
}

/// `POST /v1/action/create`.
pub async fn create(State(app): State<Arc<App>>, body: Bytes) -> Response {
    run(&app, &body, &Kind::Create)
}

/// `POST /v1/action/update`.
pub async fn update(State(app): State<Arc<App>>, body: Bytes) -> Response {
    run(&app, &body, &Kind::Update)
}

/// `POST /v1/action/delete`.
pub async fn delete(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match parse_body(&app, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (t, ids) = match batch(&app, body, "ids") {
        Ok(b) => b,
        Err(e) => return crud_errors(&app, &e),
    };
    let results = with_ctx(&app, |z, ctx| {
        ids.iter()
            .map(|id| {
                let id = id.as_str().unwrap_or_default();
                match ops::delete(z, ctx, t, id) {
                    Ok(()) => json!({"id": id, "success": true, "errors": []}),
                    Err(e) => json!({"id": id, "success": false, "errors": [{"code": e.code, "message": e.message}]}),
                }
            })
            .collect::<Vec<Value>>()
    });
    match results {
        Ok(list) => json_response(StatusCode::OK, &Value::Array(list)),
        Err(r) => r,
    }
}
