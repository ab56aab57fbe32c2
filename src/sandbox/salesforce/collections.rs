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

type Outcome = Result<(String, Option<bool>), SfError>;

fn too_many(n: usize) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        &[SfError::new(
            "EXCEEDED_ID_LIMIT",
            format!("record limit reached. cannot submit more than {MAX_RECORDS} records into this call ({n} sent)"),
        )],
    )
}

fn parse(body: &Bytes) -> Result<(bool, Vec<Value>), Response> {
    let mut body = body_object(body)?;
    let all_or_none = body.get("allOrNone").and_then(Value::as_bool).unwrap_or(false);
    let records = match body.remove("records") {
        Some(Value::Array(records)) => Some(records),
        _ => None,
    };
    let records = records.ok_or_else(|| {
        error_response(
            StatusCode::BAD_REQUEST,
            &[SfError::new(
                "JSON_PARSER_ERROR",
                "The request body must contain a records array.",
            )],
        )
    })?;
    if records.len() > MAX_RECORDS {
        return Err(too_many(records.len()));
    }
    Ok((all_or_none, records))
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
/// undoes the changes of the records before it.
fn apply(
    app: &App,
    version: &str,
    all_or_none: bool,
    items: &[Value],
    op: impl Fn(&mut SfState, &SfCtx<'_>, &Value) -> Outcome,
) -> Result<Vec<Outcome>, Response> {
    with_ctx(app, version, |org, cx| {
        if all_or_none {
            org.begin();
        }
        let outcomes: Vec<Outcome> = items.iter().map(|item| op(org, cx, item)).collect();
        let failed = outcomes.iter().any(Result::is_err);
        if all_or_none && failed {
            org.rollback();
        } else {
            org.commit();
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
    })
}

fn results(outcomes: Vec<Outcome>) -> Response {
    let list: Vec<Value> = outcomes
        .into_iter()
        .map(|o| match o {
            Ok((id, None)) => json!({"id": id, "success": true, "errors": []}),
            Ok((id, Some(created))) => json!({"id": id, "success": true, "errors": [], "created": created}),
            Err(e) => json!({"success": false, "errors": [e.collection()]}),
        })
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

fn without_attributes(r: &Map<String, Value>) -> Map<String, Value> {
    r.iter()
        .filter(|(k, _)| *k != "attributes")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `POST .../composite/sobjects`.
pub async fn create(State(app): State<Arc<App>>, Path(version): Path<String>, body: Bytes) -> Response {
    let run = || -> Result<Response, Response> {
        let (all_or_none, items) = parse(&body)?;
        let outcomes = apply(&app, &version, all_or_none, &items, |s, cx, item| {
            let r = object(item)?;
            let ty = record_type(r)?;
            if r.keys().any(|k| k.eq_ignore_ascii_case("id")) {
                return Err(SfError::with_fields(
                    "INVALID_FIELD",
                    "cannot specify Id in an insert call",
                    &["Id"],
                ));
            }
            records::insert(s, cx, ty, r).map(|id| (id, None))
        })?;
        Ok(results(outcomes))
    };
    run().unwrap_or_else(|r| r)
}

/// `PATCH .../composite/sobjects`.
pub async fn update(State(app): State<Arc<App>>, Path(version): Path<String>, body: Bytes) -> Response {
    let run = || -> Result<Response, Response> {
        let (all_or_none, items) = parse(&body)?;
        let outcomes = apply(&app, &version, all_or_none, &items, |s, cx, item| {
            let r = object(item)?;
            let ty = record_type(r)?;
            let mut fields = without_attributes(r);
            let id_key = fields.keys().find(|k| k.eq_ignore_ascii_case("id")).cloned();
            let id = id_key
                .and_then(|k| fields.remove(&k))
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or_else(|| SfError::new("MISSING_ARGUMENT", "Id not specified in an update call"))?;
            records::update(s, cx, ty, &id, &fields).map(|id| (id, None))
        })?;
        Ok(results(outcomes))
    };
    run().unwrap_or_else(|r| r)
}

/// `PATCH .../composite/sobjects/{Type}/{ExtIdField}`.
pub async fn upsert(
    State(app): State<Arc<App>>,
    Path((version, ty, field)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, Response> {
        let ty = super::sobjects::sobject(&ty)?;
        let (all_or_none, items) = parse(&body)?;
        let field = {
            records::external_id_field(&app.sf_schema, ty, &field).map_err(|e| error_response(StatusCode::BAD_REQUEST, &[e]))?
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for v in items.iter().filter_map(|r| r.get(&field).and_then(Value::as_str)) {
            *counts.entry(v.to_lowercase()).or_default() += 1;
        }
        let outcomes = apply(&app, &version, all_or_none, &items, |s, cx, item| {
            let r = object(item)?;
            let rty = record_type(r)?;
            if rty != ty {
                return Err(SfError::new(
                    "INVALID_TYPE",
                    format!("The record type {rty} does not match {ty}."),
                ));
            }
            let key = r
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&field))
                .and_then(|(_, v)| v.as_str())
                .ok_or_else(|| SfError::with_fields("MISSING_ARGUMENT", format!("{field} not specified"), &[&field]))?;
            if counts.get(&key.to_lowercase()).is_some_and(|n| *n > 1) {
                return Err(SfError::new(
                    "DUPLICATE_EXTERNAL_ID",
                    format!("Duplicate external id specified: {key}"),
                ));
            }
            match records::upsert(s, cx, ty, &field, key, r, false)? {
                Upserted::Created(id) => Ok((id, Some(true))),
                Upserted::Updated(id) => Ok((id, Some(false))),
                Upserted::Multiple(_) => Err(SfError::new(
                    "DUPLICATE_EXTERNAL_ID",
                    format!("Several records match {field} = {key}"),
                )),
            }
        })?;
        Ok(results(outcomes))
    };
    run().unwrap_or_else(|r| r)
}

/// `DELETE .../composite/sobjects?ids=a,b&allOrNone=false`.
pub async fn delete(
    State(app): State<Arc<App>>,
    Path(version): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ids: Vec<Value> = q
        .get("ids")
        .map(|s| s.split(',').map(|i| Value::String(i.trim().to_string())).collect())
        .unwrap_or_default();
    if ids.len() > MAX_RECORDS {
        return too_many(ids.len());
    }
    let all_or_none = q.get("allOrNone").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let outcomes = apply(&app, &version, all_or_none, &ids, |s, cx, id| {
        records::delete(s, cx, None, id.as_str().unwrap_or_default()).map(|id| (id, None))
    });
    outcomes.map_or_else(|r| r, results)
}
