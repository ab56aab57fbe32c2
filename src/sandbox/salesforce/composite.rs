//! Composite (salesforce-api.md §4 "Composite"): `POST .../composite` runs up to 25 subrequests in order (under
//! one lock with `allOrNone: true`), and the whole request counts as one API call. A subrequest may use the result of an earlier one through a
//! reference, `@{refId.field}` or `@{refId[2].id}` (the `.` and `[]` operators of Salesforce's reference syntax),
//! in its URL or anywhere in its body.
//!
//! Served subrequests: the sObject Collections (create, update, upsert, delete; at most 5 of them) and single-record
//! create (`POST .../sobjects/{Type}`) and update (`PATCH .../sobjects/{Type}/{id}`). Others answer 400 naming what
//! the sandbox serves.
//!
//! - `allOrNone: false` (the default): a subrequest whose reference has no value (its target failed, or the record
//!   it names was not saved) is not executed and answers 400 `PROCESSING_HALTED`, "Invalid reference specified. No
//!   value for refX.id found in refX."; the others run.
//! - `allOrNone: true`: the first failure (a subrequest that fails, or a record that fails in a collection) rolls
//!   back everything; that subrequest keeps its answer and every other answers 400 `PROCESSING_HALTED`, "The
//!   transaction was rolled back since another operation in the same transaction failed.". It also overrides the
//!   `allOrNone` of the collections inside (their valid records report `ALL_OR_NONE_OPERATION_ROLLED_BACK`).
//! - Subrequests always run in the order sent; `collateSubrequests` (which only lets Salesforce reorder unrelated
//!   ones) is accepted and has no effect.
//! - The top level answers 200 with `compositeResponse`; a malformed request, more than 25 subrequests or more
//!   than 5 collections answer 400 as a whole (the wording of these messages is the sandbox's own, UNVERIFIED).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::collections::{self, Call};
use super::errors::{SfError, error_response};
use super::records::{self, SfCtx};
use super::sobjects::{body_object, with_ctx};
use super::store::SfState;
use crate::sandbox::app::App;
use crate::sandbox::zuora::errors::json_response;

/// Subrequests a composite request may carry.
pub const MAX_SUBREQUESTS: usize = 25;
/// sObject Collections (and query) subrequests among them.
pub const MAX_COLLECTIONS: usize = 5;

const HALTED_ROLLED_BACK: &str = "The transaction was rolled back since another operation in the same transaction failed.";

/// One subrequest as sent.
struct Sub {
    method: String,
    url: String,
    reference_id: String,
    body: Option<Value>,
}

/// One subrequest's answer.
struct Answer {
    status: u16,
    body: Value,
    headers: Map<String, Value>,
}

impl Answer {
    fn error(status: StatusCode, errors: &[SfError]) -> Self {
        Self { status: status.as_u16(), body: Value::Array(errors.iter().map(SfError::rest).collect()), headers: Map::new() }
    }

    fn halted(message: impl Into<String>) -> Self {
        Self::error(StatusCode::BAD_REQUEST, &[SfError::new("PROCESSING_HALTED", message)])
    }

    fn failed(&self) -> bool {
        self.status >= 400
    }
}

fn bad_request(code: &str, message: impl Into<String>) -> Response {
    error_response(StatusCode::BAD_REQUEST, &[SfError::new(code, message)])
}

/// The subrequests of a composite body, validated as a whole.
fn parse(body: &Bytes) -> Result<(bool, Vec<Sub>), Response> {
    let mut body = body_object(body)?;
    let all_or_none = body.get("allOrNone").and_then(Value::as_bool).unwrap_or(false);
    let Some(Value::Array(list)) = body.remove("compositeRequest") else {
        return Err(bad_request("JSON_PARSER_ERROR", "The request body must contain a compositeRequest array."));
    };
    if list.is_empty() {
        return Err(bad_request("INVALID_INPUT", "compositeRequest must contain at least one subrequest."));
    }
    if list.len() > MAX_SUBREQUESTS {
        return Err(bad_request(
            "LIMIT_EXCEEDED",
            format!("A composite request can contain at most {MAX_SUBREQUESTS} subrequests ({} sent).", list.len()),
        ));
    }
    let mut subs = Vec::with_capacity(list.len());
    let mut seen = HashSet::new();
    for (i, item) in list.into_iter().enumerate() {
        let Value::Object(mut m) = item else {
            return Err(bad_request("JSON_PARSER_ERROR", format!("Subrequest {i} must be a JSON object.")));
        };
        let text = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
        let (Some(method), Some(url), Some(reference_id)) = (text(&m, "method"), text(&m, "url"), text(&m, "referenceId")) else {
            return Err(bad_request("INVALID_INPUT", format!("Subrequest {i} needs method, url and referenceId.")));
        };
        if reference_id.is_empty() || !reference_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad_request(
                "INVALID_INPUT",
                format!("The referenceId `{reference_id}` may contain only letters, digits and underscores."),
            ));
        }
        if !seen.insert(reference_id.clone()) {
            return Err(bad_request("INVALID_INPUT", format!("Duplicate referenceId `{reference_id}`.")));
        }
        subs.push(Sub { method, url, reference_id, body: m.remove("body") });
    }
    let collections = subs.iter().filter(|s| s.url.contains("/composite/sobjects") || s.url.contains("/query")).count();
    if collections > MAX_COLLECTIONS {
        return Err(bad_request(
            "LIMIT_EXCEEDED",
            format!(
                "A composite request can contain at most {MAX_COLLECTIONS} sObject Collections or query subrequests ({collections} sent)."
            ),
        ));
    }
    Ok((all_or_none, subs))
}

/// The value a reference expression (`p2[3].id`, `acct.Name`) names among the answers so far.
fn lookup<'a>(expr: &str, done: &'a HashMap<String, Answer>) -> Option<&'a Value> {
    let end = expr.find(['.', '[']).unwrap_or(expr.len());
    let answer = done.get(&expr[..end]).filter(|a| !a.failed())?;
    let mut at = &answer.body;
    let mut rest = &expr[end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let (n, tail) = r.split_once(']')?;
            at = at.get(n.parse::<usize>().ok()?)?;
            rest = tail;
        } else {
            let r = rest.strip_prefix('.')?;
            let stop = r.find(['.', '[']).unwrap_or(r.len());
            at = at.get(&r[..stop])?;
            rest = &r[stop..];
        }
    }
    Some(at)
}

/// `text` with every `@{...}` reference replaced by the text of its value; `Err(expression)` names the first
/// reference without a (scalar) value.
fn substitute(text: &str, done: &HashMap<String, Answer>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        let Some(len) = rest[start + 2..].find('}') else { break };
        let expr = &rest[start + 2..start + 2 + len];
        let value = match lookup(expr, done) {
            Some(Value::String(s)) => s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            _ => return Err(expr.to_owned()),
        };
        out.push_str(&rest[..start]);
        out.push_str(&value);
        rest = &rest[start + 3 + len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Replaces references in every string of `value`.
fn substitute_value(value: &mut Value, done: &HashMap<String, Answer>) -> Result<(), String> {
    match value {
        Value::String(s) if s.contains("@{") => *s = substitute(s, done)?,
        Value::Array(items) => items.iter_mut().try_for_each(|v| substitute_value(v, done))?,
        Value::Object(m) => m.values_mut().try_for_each(|v| substitute_value(v, done))?,
        _ => {}
    }
    Ok(())
}

fn invalid_reference(expr: &str) -> Answer {
    let reference_id = expr.split(['.', '[']).next().unwrap_or(expr);
    Answer::halted(format!("Invalid reference specified. No value for {expr} found in {reference_id}."))
}

/// The resource path of a subrequest URL (`/composite/sobjects/Product2/SKU__c`) and its query string, or the
/// 404 answer for a URL outside an accepted `/services/data/vNN.N`.
fn resource(app: &App, url: &str) -> Result<(String, HashMap<String, String>), Answer> {
    if !super::accepted_version(app, url) {
        return Err(not_found());
    }
    let rest = url.strip_prefix("/services/data/v").and_then(|r| r.find('/').map(|i| &r[i..])).ok_or_else(not_found)?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let query = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    Ok((path.trim_end_matches('/').to_owned(), query))
}

fn body_map(body: Option<Value>) -> Result<Map<String, Value>, Answer> {
    match body {
        Some(Value::Object(m)) => Ok(m),
        _ => Err(Answer::error(
            StatusCode::BAD_REQUEST,
            &[SfError::new("JSON_PARSER_ERROR", "The subrequest body must be a JSON object.")],
        )),
    }
}

/// Runs one subrequest (references already replaced) on the org.
fn run_one(app: &App, org: &mut SfState, cx: &SfCtx<'_>, sub: Sub, all_or_none: bool) -> Answer {
    let (path, query) = match resource(app, &sub.url) {
        Ok(r) => r,
        Err(a) => return a,
    };
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let collection = |org: &mut SfState, call: Call| match collections::run(org, cx, &call) {
        Ok(outcomes) => Answer { status: 200, body: collections::results(outcomes), headers: Map::new() },
        Err((status, errors)) => Answer::error(status, &errors),
    };
    let records = |body: Option<Value>| {
        body_map(body).and_then(|m| collections::parse(m).map_err(|(status, e)| Answer::error(status, &e)))
    };
    let overridden = |own: bool| own || all_or_none;
    match (sub.method.as_str(), segments.as_slice()) {
        ("POST", ["composite", "sobjects"]) => match records(sub.body) {
            Ok((own, items)) => collection(org, Call::Create { all_or_none: overridden(own), items }),
            Err(a) => a,
        },
        ("PATCH", ["composite", "sobjects"]) => match records(sub.body) {
            Ok((own, items)) => collection(org, Call::Update { all_or_none: overridden(own), items }),
            Err(a) => a,
        },
        ("PATCH", ["composite", "sobjects", ty, field]) => match records(sub.body) {
            Ok((own, items)) => {
                collection(org, Call::Upsert { ty: (*ty).to_owned(), field: (*field).to_owned(), all_or_none: overridden(own), items })
            }
            Err(a) => a,
        },
        ("DELETE", ["composite", "sobjects"]) => {
            let mut call = collections::delete_call(&query);
            if let Call::Delete { all_or_none: own, .. } = &mut call {
                *own = overridden(*own);
            }
            collection(org, call)
        }
        ("POST", ["sobjects", ty]) => {
            let Some(ty) = super::schema::object_name(ty) else { return not_found() };
            let inserted = body_map(sub.body).map(|m| records::insert(org, cx, ty, &m));
            match inserted {
                Ok(Ok(id)) => {
                    let mut headers = Map::new();
                    headers.insert("Location".into(), json!(format!("{}/sobjects/{ty}/{id}", cx.base)));
                    Answer { status: 201, body: json!({"id": id, "success": true, "errors": []}), headers }
                }
                Ok(Err(e)) => Answer::error(super::errors::status_of(&e), &[e]),
                Err(a) => a,
            }
        }
        ("PATCH", ["sobjects", ty, id]) => {
            let Some(ty) = super::schema::object_name(ty) else { return not_found() };
            match body_map(sub.body).map(|m| records::update(org, cx, ty, id, &m)) {
                Ok(Ok(_)) => Answer { status: 204, body: Value::Null, headers: Map::new() },
                Ok(Err(e)) => Answer::error(super::errors::status_of(&e), &[e]),
                Err(a) => a,
            }
        }
        (method, _) => Answer::error(
            StatusCode::BAD_REQUEST,
            &[SfError::new(
                "INVALID_INPUT",
                format!(
                    "{method} {} is not served in a composite request by the sandbox (it serves sObject Collections and \
                     single-record create and update)",
                    sub.url
                ),
            )],
        ),
    }
}

/// The 404 answer for an unknown resource or type (as the routes give it).
fn not_found() -> Answer {
    Answer::error(StatusCode::NOT_FOUND, &[SfError::not_found()])
}

/// Whether any record of a collection answer failed.
fn has_record_failure(a: &Answer) -> bool {
    a.body.as_array().is_some_and(|items| {
        items.iter().any(|i| i.get("success").and_then(Value::as_bool) == Some(false))
    })
}

/// `POST .../composite`.
pub async fn composite(State(app): State<Arc<App>>, Path(version): Path<String>, body: Bytes) -> Response {
    let (all_or_none, subs) = match parse(&body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    // With allOrNone the subrequests run as one transaction under one lock; without, each takes the lock on its
    // own, so other requests (Zuora's among them) are not held up for the whole call.
    let mut log = Log { done: HashMap::new(), order: Vec::with_capacity(subs.len()), failed_at: None, all_or_none };
    let ran = if all_or_none {
        with_ctx(&app, &version, |org, cx| {
            org.begin();
            for sub in subs {
                let answer = if log.failed_at.is_some() {
                    (sub.reference_id, Answer::halted(HALTED_ROLLED_BACK))
                } else {
                    resolve_and_run(&app, org, cx, sub, &log.done, true)
                };
                log.record(answer);
            }
            if log.failed_at.is_some() { org.rollback() } else { org.commit() }
        })
    } else {
        subs.into_iter().try_for_each(|sub| {
            let answer = with_ctx(&app, &version, |org, cx| resolve_and_run(&app, org, cx, sub, &log.done, false))?;
            log.record(answer);
            Ok(())
        })
    };
    if let Err(r) = ran {
        return r;
    }
    let Log { mut done, order, failed_at, .. } = log;
    let list: Vec<Value> = order
        .into_iter()
        .enumerate()
        .map(|(i, reference_id)| {
            let mut answer = done.remove(&reference_id).unwrap_or_else(|| Answer::halted(HALTED_ROLLED_BACK));
            if failed_at.is_some_and(|f| f != i) && !answer.failed() {
                answer = Answer::halted(HALTED_ROLLED_BACK);
            }
            json!({
                "body": answer.body,
                "httpHeaders": answer.headers,
                "httpStatusCode": answer.status,
                "referenceId": reference_id,
            })
        })
        .collect();
    json_response(StatusCode::OK, &json!({"compositeResponse": list}))
}

/// The answers so far, in order, and the first failure under allOrNone.
struct Log {
    done: HashMap<String, Answer>,
    order: Vec<String>,
    failed_at: Option<usize>,
    all_or_none: bool,
}

impl Log {
    fn record(&mut self, (reference_id, answer): (String, Answer)) {
        if self.all_or_none && self.failed_at.is_none() && (answer.failed() || has_record_failure(&answer)) {
            self.failed_at = Some(self.order.len());
        }
        self.order.push(reference_id.clone());
        self.done.insert(reference_id, answer);
    }
}

/// Replaces the references of `sub` with the answers so far, then runs it (a reference without a value: not run).
fn resolve_and_run(
    app: &App,
    org: &mut SfState,
    cx: &SfCtx<'_>,
    mut sub: Sub,
    done: &HashMap<String, Answer>,
    all_or_none: bool,
) -> (String, Answer) {
    let reference_id = sub.reference_id.clone();
    let resolved = substitute(&sub.url, done)
        .and_then(|url| sub.body.as_mut().map_or(Ok(()), |b| substitute_value(b, done)).map(|()| url));
    let answer = match resolved {
        Ok(url) => {
            sub.url = url;
            run_one(app, org, cx, sub, all_or_none)
        }
        Err(expr) => invalid_reference(&expr),
    };
    (reference_id, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(list: &[(&str, Value)]) -> HashMap<String, Answer> {
        list.iter()
            .map(|(r, body)| ((*r).to_owned(), Answer { status: 200, body: body.clone(), headers: Map::new() }))
            .collect()
    }

    #[test]
    fn references_index_collections_and_name_fields() {
        let done = answers(&[
            ("p2", json!([{"id": "01tA", "success": true}, {"success": false, "errors": []}])),
            ("acct", json!({"id": "001B", "Name": "Acme", "n": 3, "address": {"city": "Lyon"}})),
        ]);
        assert_eq!(substitute("@{p2[0].id}", &done).as_deref(), Ok("01tA"));
        assert_eq!(substitute("/sobjects/Account/@{acct.id}?x=@{acct.n}", &done).as_deref(), Ok("/sobjects/Account/001B?x=3"));
        assert_eq!(substitute("@{acct.address.city}", &done).as_deref(), Ok("Lyon"));
        assert_eq!(substitute("no reference", &done).as_deref(), Ok("no reference"));
        // The record at index 1 was not saved: it has no id.
        assert_eq!(substitute("@{p2[1].id}", &done), Err("p2[1].id".to_owned()));
        assert_eq!(substitute("@{p2[9].id}", &done), Err("p2[9].id".to_owned()));
        assert_eq!(substitute("@{nope.id}", &done), Err("nope.id".to_owned()));
        assert_eq!(substitute("@{acct.address}", &done), Err("acct.address".to_owned()), "objects are not referenceable");
        let mut body = json!({"records": [{"Product2Id": "@{p2[0].id}", "UnitPrice": 5}]});
        substitute_value(&mut body, &done).unwrap();
        assert_eq!(body["records"][0]["Product2Id"], "01tA");
    }

    #[test]
    fn a_failed_subrequest_offers_no_values() {
        let mut done = answers(&[]);
        done.insert("bad".into(), Answer::halted("x"));
        assert_eq!(lookup("bad[0].message", &done), None);
        assert_eq!(invalid_reference("bad[0].id").body[0]["message"], "Invalid reference specified. No value for bad[0].id found in bad.");
    }
}
