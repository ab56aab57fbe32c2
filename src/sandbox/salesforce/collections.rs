//! sObject Collections (salesforce-api.md §4): `POST` (create), `PATCH` (update by `id`), `DELETE ?ids=` and
//! `PATCH .../composite/sobjects/{Type}/{ExtIdField}` (upsert) with at most 200 records. A well-formed request gets
//! 200 and one result per record in order; record errors use `statusCode`. With `allOrNone: true` any failure
//! rolls everything back and the valid records report `ALL_OR_NONE_OPERATION_ROLLED_BACK`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::errors::{SfError, error_response};
use super::records::{self, SfCtx, Upserted};
use super::schema;
use super::sobjects::{body_object, with_ctx};
use super::store::SfState;
use crate::sandbox::app::App;
use crate::sandbox::zuora::errors::json_response;

/// The most records one call may carry.
pub const MAX_RECORDS: usize = 200;

pub type Outcome = Result<(String, Option<bool>), SfError>;

/// A request-level failure: the status and the error array.
pub type Refused = (StatusCode, Vec<SfError>);

/// One sObject Collections call, parsed from its method, path and body: what the routes and the subrequests of
/// a composite request (`composite.rs`) share.
#[derive(Debug)]
pub enum Call {
    /// `POST .../composite/sobjects`.
    Create { all_or_none: bool, items: Vec<Value> },
    /// `PATCH .../composite/sobjects`.
    Update { all_or_none: bool, items: Vec<Value> },
    /// `PATCH .../composite/sobjects/{Type}/{ExtIdField}`.
    Upsert { ty: String, field: String, all_or_none: bool, items: Vec<Value> },
    /// `DELETE .../composite/sobjects?ids=a,b&allOrNone=false`.
    Delete { all_or_none: bool, ids: Vec<Value> },
}

fn too_many(n: usize) -> Refused {
    (
        StatusCode::BAD_REQUEST,
        vec![SfError::new(
            "EXCEEDED_ID_LIMIT",
            format!("record limit reached. cannot submit more than {MAX_RECORDS} records into this call ({n} sent)"),
        )],
    )
}

/// `allOrNone` and `records` of a create, update or upsert body.
pub fn parse(body: Map<String, Value>) -> Result<(bool, Vec<Value>), Refused> {
    let mut body = body;
    let all_or_none = body.get("allOrNone").and_then(Value::as_bool).unwrap_or(false);
    let Some(Value::Array(records)) = body.remove("records") else {
        return Err((
            StatusCode::BAD_REQUEST,
            vec![SfError::new("JSON_PARSER_ERROR", "The request body must contain a records array.")],
        ));
    };
    if records.len() > MAX_RECORDS {
        return Err(too_many(records.len()));
    }
    Ok((all_or_none, records))
}

/// The ids and `allOrNone` of a delete's query string.
#[must_use]
pub fn delete_call(q: &HashMap<String, String>) -> Call {
    let ids = q
        .get("ids")
        .map(|s| s.split(',').map(|i| Value::String(i.trim().to_string())).collect())
        .unwrap_or_default();
    let all_or_none = q.get("allOrNone").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Call::Delete { all_or_none, ids }
}

fn object(item: &Value) -> Result<&Map<String, Value>, SfError> {
    item.as_object()
        .ok_or_else(|| SfError::new("JSON_PARSER_ERROR", "Each record must be a JSON object."))
}

fn record_type(r: &Map<String, Value>) -> Result<&'static str, SfError> {
    let ty = r
        .get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    schema::object_name(ty).ok_or_else(|| SfError::new("INVALID_TYPE", "Must send a concrete entity type."))
}

/// Applies `op` to each record in order (each validates before it changes anything); with all-or-none, a failure
/// undoes the changes of the records before it. Inside a transaction already begun (a composite request with
/// `allOrNone: true`), the caller owns the rollback.
fn apply(
    org: &mut SfState,
    cx: &SfCtx<'_>,
    all_or_none: bool,
    items: &[Value],
    op: impl Fn(&mut SfState, &SfCtx<'_>, &Value) -> Outcome,
) -> Vec<Outcome> {
    let own = all_or_none && !org.in_transaction();
    if own {
        org.begin();
    }
    let outcomes: Vec<Outcome> = items.iter().map(|item| op(org, cx, item)).collect();
    let failed = outcomes.iter().any(Result::is_err);
    if own {
        if failed { org.rollback() } else { org.commit() }
    }
    if all_or_none && failed {
        return outcomes
            .into_iter()
            .map(|o| {
                o.and_then(|_| {
                    Err(SfError::new(
                        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "Record rolled back because not all records were valid and the request was using AllOrNone header",
                    ))
                })
            })
            .collect();
    }
    outcomes
}

/// The 200 body of a collection call: one result per record, in order.
#[must_use]
pub fn results(outcomes: Vec<Outcome>) -> Value {
    let list: Vec<Value> = outcomes
        .into_iter()
        .map(|o| match o {
            Ok((id, None)) => json!({"id": id, "success": true, "errors": []}),
            Ok((id, Some(created))) => json!({"id": id, "success": true, "errors": [], "created": created}),
            Err(e) => json!({"success": false, "errors": [e.collection()]}),
        })
        .collect();
    Value::Array(list)
}

fn without_attributes(r: &Map<String, Value>) -> Map<String, Value> {
    r.iter()
        .filter(|(k, _)| *k != "attributes")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Runs one collection call on the org: one outcome per record, or a request-level refusal.
///
/// # Errors
/// The upsert names a type or external-ID field the org does not have.
pub fn run(org: &mut SfState, cx: &SfCtx<'_>, call: &Call) -> Result<Vec<Outcome>, Refused> {
    Ok(match call {
        Call::Create { all_or_none, items } => apply(org, cx, *all_or_none, items, |s, cx, item| {
            let r = object(item)?;
            let ty = record_type(r)?;
            if r.keys().any(|k| k.eq_ignore_ascii_case("id")) {
                return Err(SfError::with_fields("INVALID_FIELD", "cannot specify Id in an insert call", &["Id"]));
            }
            records::insert(s, cx, ty, r).map(|id| (id, None))
        }),
        Call::Update { all_or_none, items } => apply(org, cx, *all_or_none, items, |s, cx, item| {
            let r = object(item)?;
            let ty = record_type(r)?;
            let mut fields = without_attributes(r);
            let id_key = fields.keys().find(|k| k.eq_ignore_ascii_case("id")).cloned();
            let id = id_key
                .and_then(|k| fields.remove(&k))
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or_else(|| SfError::new("MISSING_ARGUMENT", "Id not specified in an update call"))?;
            records::update(s, cx, ty, &id, &fields).map(|id| (id, None))
        }),
        Call::Upsert { ty, field, all_or_none, items } => {
            let ty = schema::object_name(ty)
                .ok_or_else(|| (StatusCode::NOT_FOUND, vec![SfError::not_found()]))?;
            let field = records::external_id_field(cx.schema, ty, field).map_err(|e| (StatusCode::BAD_REQUEST, vec![e]))?;
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for v in items.iter().filter_map(|r| r.get(&field).and_then(Value::as_str)) {
                *counts.entry(v.to_lowercase()).or_default() += 1;
            }
            apply(org, cx, *all_or_none, items, |s, cx, item| {
                let r = object(item)?;
                let rty = record_type(r)?;
                if rty != ty {
                    return Err(SfError::new("INVALID_TYPE", format!("The record type {rty} does not match {ty}.")));
                }
                let key = r
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&field))
                    .and_then(|(_, v)| v.as_str())
                    .ok_or_else(|| SfError::with_fields("MISSING_ARGUMENT", format!("{field} not specified"), &[&field]))?;
                if counts.get(&key.to_lowercase()).is_some_and(|n| *n > 1) {
                    return Err(SfError::new("DUPLICATE_EXTERNAL_ID", format!("Duplicate external id specified: {key}")));
                }
                match records::upsert(s, cx, ty, &field, key, r, false)? {
                    Upserted::Created(id) => Ok((id, Some(true))),
                    Upserted::Updated(id) => Ok((id, Some(false))),
                    Upserted::Multiple(_) => {
                        Err(SfError::new("DUPLICATE_EXTERNAL_ID", format!("Several records match {field} = {key}")))
                    }
                }
            })
        }
        Call::Delete { all_or_none, ids } => {
            if ids.len() > MAX_RECORDS {
                return Err(too_many(ids.len()));
            }
            apply(org, cx, *all_or_none, ids, |s, cx, id| {
                records::delete(s, cx, None, id.as_str().unwrap_or_default()).map(|id| (id, None))
            })
        }
    })
}

/// Parses a body and runs the call it makes under the org's lock, answering 200 with the results.
fn serve(app: &App, version: &str, body: &Bytes, call: impl FnOnce(bool, Vec<Value>) -> Call) -> Response {
    let parsed = body_object(body).and_then(|b| parse(b).map_err(|(status, e)| error_response(status, &e)));
    let call = match parsed {
        Ok((all_or_none, items)) => call(all_or_none, items),
        Err(r) => return r,
    };
    respond(app, version, &call)
}

fn respond(app: &App, version: &str, call: &Call) -> Response {
    match with_ctx(app, version, |org, cx| run(org, cx, call)) {
        Ok(Ok(outcomes)) => json_response(StatusCode::OK, &results(outcomes)),
        Ok(Err((status, e))) => error_response(status, &e),
        Err(r) => r,
    }
}

/// `POST .../composite/sobjects`.
pub async fn create(State(app): State<Arc<App>>, Path(version): Path<String>, body: Bytes) -> Response {
    serve(&app, &version, &body, |all_or_none, items| Call::Create { all_or_none, items })
}

/// `PATCH .../composite/sobjects`.
pub async fn update(State(app): State<Arc<App>>, Path(version): Path<String>, body: Bytes) -> Response {
    serve(&app, &version, &body, |all_or_none, items| Call::Update { all_or_none, items })
}

/// `PATCH .../composite/sobjects/{Type}/{ExtIdField}`.
pub async fn upsert(
    State(app): State<Arc<App>>,
    Path((version, ty, field)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    if let Err(r) = super::sobjects::sobject(&ty) {
        return r;
    }
    serve(&app, &version, &body, |all_or_none, items| Call::Upsert { ty, field, all_or_none, items })
}

/// `DELETE .../composite/sobjects?ids=a,b&allOrNone=false`.
pub async fn delete(
    State(app): State<Arc<App>>,
    Path(version): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    respond(&app, &version, &delete_call(&q))
}
