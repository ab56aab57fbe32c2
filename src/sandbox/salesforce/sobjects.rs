//! sObject rows (salesforce-api.md §4): `POST .../sobjects/{Type}` (201 `{"id","success","errors"}`),
//! `GET|PATCH|DELETE .../sobjects/{Type}/{id}` (PATCH and DELETE answer 204; `POST ...?_HttpMethod=PATCH` too),
//! upsert `PATCH .../sobjects/{Type}/{ExtIdField}/{value}` (201 created / 200 updated with `created` from API 46.0,
//! 204 before; 300 on several matches; `updateOnly=true`), `GET` by external id, and a minimal `describe`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::errors::{SfError, error_response, not_found, status_of};
use super::records::{self, SfCtx, Upserted};
use super::schema;
use super::store::SfState;
use crate::sandbox::app::App;
use crate::sandbox::zuora::errors::json_response;

/// Runs `f` on the org with a context (acknowledged once `App::durable`).
pub fn with_ctx<T>(app: &App, version: &str, f: impl FnOnce(&mut SfState, &SfCtx<'_>) -> T) -> Result<T, Response> {
    let now = App::now_salesforce();
    let base = format!("/services/data/{version}");
    Ok(app.write(|s| {
        let cx = SfCtx {
            b: &app.opts.behaviour.salesforce,
            schema: &app.sf_schema,
            currencies: &app.opts.behaviour.currencies,
            now: &now,
            in_use: &s.in_use,
            base: &base,
        };
        f(&mut s.salesforce, &cx)
    }))
}

/// A failed state write: the request was not acknowledged.
pub fn persist_failed(e: &crate::sandbox::persist::PersistError) -> Response {
    tracing::error!("{e}");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &[SfError::new("UNKNOWN_EXCEPTION", "The sandbox could not persist its state.")],
    )
}

/// The served type named in a URL, or a 404 response.
pub fn sobject(name: &str) -> Result<&'static str, Response> {
    schema::object_name(name).ok_or_else(not_found)
}

/// Parses a JSON object body.
pub fn body_object(body: &Bytes) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(error_response(
            StatusCode::BAD_REQUEST,
            &[SfError::new(
                "JSON_PARSER_ERROR",
                "The request body must be a JSON object.",
            )],
        )),
        Err(e) => Err(error_response(
            StatusCode::BAD_REQUEST,
            &[SfError::new(
                "JSON_PARSER_ERROR",
                format!("Unexpected character in the request body: {e}"),
            )],
        )),
    }
}

fn fail(e: &SfError) -> Response {
    error_response(status_of(e), std::slice::from_ref(e))
}

/// The major API version of `vNN.N`.
pub fn major(version: &str) -> u32 {
    version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

fn created(id: &str, with_flag: bool) -> Response {
    let mut body = json!({"id": id, "success": true, "errors": []});
    if with_flag {
        body["created"] = Value::Bool(true);
    }
    json_response(StatusCode::CREATED, &body)
}

/// `POST .../sobjects/{Type}`.
pub async fn create(State(app): State<Arc<App>>, Path((version, ty)): Path<(String, String)>, body: Bytes) -> Response {
    let run = || -> Result<Response, Response> {
        let ty = sobject(&ty)?;
        let body = body_object(&body)?;
        let r = with_ctx(&app, &version, |s, cx| records::insert(s, cx, ty, &body))?;
        Ok(match r {
            Ok(id) => created(&id, false),
            Err(e) => fail(&e),
        })
    };
    run().unwrap_or_else(|r| r)
}

/// `GET .../sobjects/{Type}/{id}[?fields=]`.
pub async fn get(
    State(app): State<Arc<App>>,
    Path((version, ty, id)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ty = match sobject(&ty) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let only: Option<Vec<String>> = q
        .get("fields")
        .map(|f| f.split(',').map(|s| s.trim().to_string()).collect());
    let base = format!("/services/data/{version}");
    let found = app.read(|s| {
        let id18 = crate::sandbox::ids::salesforce_id18(&id)?;
        let r = s.salesforce.get(&id18).filter(|r| r.sobject == ty)?;
        Some(records::view(
            &s.salesforce,
            &app.opts.behaviour.salesforce,
            &base,
            r,
            only.as_deref(),
        ))
    });
    found.map_or_else(not_found, |v| json_response(StatusCode::OK, &v))
}

/// `PATCH .../sobjects/{Type}/{id}`.
pub async fn update(
    State(app): State<Arc<App>>,
    Path((version, ty, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, Response> {
        let ty = sobject(&ty)?;
        let body = body_object(&body)?;
        let r = with_ctx(&app, &version, |s, cx| records::update(s, cx, ty, &id, &body))?;
        Ok(match r {
            Ok(_) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => fail(&e),
        })
    };
    run().unwrap_or_else(|r| r)
}

/// `POST .../sobjects/{Type}/{id}`: `?_HttpMethod=PATCH` updates; an id segment of `Id` creates (API >= 37).
pub async fn post_on_id(
    state: State<Arc<App>>,
    Path((version, ty, id)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if q.get("_HttpMethod").is_some_and(|m| m.eq_ignore_ascii_case("PATCH")) {
        return update(state, Path((version, ty, id)), body).await;
    }
    if id.eq_ignore_ascii_case("Id") {
        return create(state, Path((version, ty)), body).await;
    }
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        &[SfError::new(
            "METHOD_NOT_ALLOWED",
            "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE",
        )],
    )
}

/// `DELETE .../sobjects/{Type}/{id}`.
pub async fn delete(State(app): State<Arc<App>>, Path((version, ty, id)): Path<(String, String, String)>) -> Response {
    let run = || -> Result<Response, Response> {
        let ty = sobject(&ty)?;
        let r = with_ctx(&app, &version, |s, cx| records::delete(s, cx, Some(ty), &id))?;
        Ok(match r {
            Ok(_) => StatusCode::NO_CONTENT.into_response(),
            Err(e) if e.code == "ENTITY_IS_DELETED" || e.code == "MALFORMED_ID" => not_found(),
            Err(e) => fail(&e),
        })
    };
    run().unwrap_or_else(|r| r)
}

/// `PATCH .../sobjects/{Type}/{ExtIdField}/{value}`.
pub async fn upsert(
    State(app): State<Arc<App>>,
    Path((version, ty, field, value)): Path<(String, String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, Response> {
        let ty = sobject(&ty)?;
        let body = body_object(&body)?;
        let update_only = q.get("updateOnly").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let r = with_ctx(&app, &version, |s, cx| {
            records::upsert(s, cx, ty, &field, &value, &body, update_only)
        })?;
        let modern = major(&version) >= 46;
        Ok(match r {
            Ok(Upserted::Created(id)) => created(&id, modern),
            Ok(Upserted::Updated(id)) if modern => json_response(
                StatusCode::OK,
                &json!({"id": id, "success": true, "errors": [], "created": false}),
            ),
            Ok(Upserted::Updated(_)) => StatusCode::NO_CONTENT.into_response(),
            Ok(Upserted::Multiple(ids)) => {
                let urls: Vec<String> = ids
                    .iter()
                    .map(|i| format!("/services/data/{version}/sobjects/{ty}/{i}"))
                    .collect();
                json_response(StatusCode::MULTIPLE_CHOICES, &json!(urls))
            }
            Err(e) => fail(&e),
        })
    };
    run().unwrap_or_else(|r| r)
}

/// `GET .../sobjects/{Type}/{ExtIdField}/{value}`.
pub async fn get_by_external_id(
    State(app): State<Arc<App>>,
    Path((version, ty, field, value)): Path<(String, String, String, String)>,
) -> Response {
    let ty = match sobject(&ty) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let b = &app.opts.behaviour.salesforce;
    let base = format!("/services/data/{version}");
    let cx_field = schema::fields(ty, b)
        .into_iter()
        .find(|f| f.external_id && f.name.eq_ignore_ascii_case(&field));
    let Some(f) = cx_field else {
        return fail(&SfError::new(
            "NOT_FOUND",
            format!("Provided external ID field does not exist or is not accessible: {field}"),
        ));
    };
    let found = app.read(|s| {
        let hits: Vec<_> = s
            .salesforce
            .of_type(ty)
            .filter(|r| r.str(&f.name).is_some_and(|v| v.eq_ignore_ascii_case(&value)))
            .collect();
        match hits.as_slice() {
            [one] => Some(records::view(&s.salesforce, b, &base, one, None)),
            _ => None,
        }
    });
    found.map_or_else(not_found, |v| json_response(StatusCode::OK, &v))
}

/// `GET .../sobjects/{Type}/describe` (the fields' names and properties only).
pub async fn describe(State(app): State<Arc<App>>, Path((_version, ty)): Path<(String, String)>) -> Response {
    let ty = match sobject(&ty) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let fields: Vec<Value> = schema::fields(ty, &app.opts.behaviour.salesforce)
        .iter()
        .map(|f| {
            json!({"name": f.name, "createable": f.createable, "updateable": f.updateable, "nillable": !f.required,
                   "externalId": f.external_id, "unique": f.unique, "idLookup": f.external_id || f.name == "Id",
                   "custom": f.name.ends_with("__c")})
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({"name": ty, "keyPrefix": schema::prefix(ty), "custom": false, "fields": fields}),
    )
}
