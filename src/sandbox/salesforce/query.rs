//! `GET /services/data/vNN.N/query?q=SOQL` (and `queryAll`): batches of `Sforce-Query-Options: batchSize=N`
//! (200..2000, default 2000) with `nextRecordsUrl` = `/services/data/vNN.N/query/<locator>-<offset>` while `done`
//! is false; `totalSize` counts every match. The result is snapshotted at query time, as Salesforce does.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::errors::{SfError, error_response};
use super::{soql, store};
use crate::sandbox::app::{App, Cursor, lock};
use crate::sandbox::zuora::errors::json_response;

fn batch_size(app: &App, headers: &HeaderMap) -> usize {
    let requested = headers
        .get("sforce-query-options")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').find_map(|kv| kv.trim().strip_prefix("batchSize=")))
        .and_then(|n| n.trim().parse::<usize>().ok());
    requested.map_or(app.opts.behaviour.salesforce.query_default_batch_size, |n| {
        n.clamp(200, 2000)
    })
}

fn page(version: &str, locator: &str, all: &[Value], offset: usize, batch: usize) -> Value {
    let end = (offset + batch).min(all.len());
    let mut m = Map::new();
    m.insert("totalSize".into(), Value::from(all.len()));
    m.insert("done".into(), Value::Bool(end >= all.len()));
    if end < all.len() {
        m.insert(
            "nextRecordsUrl".into(),
            Value::String(format!("/services/data/{version}/query/{locator}-{end}")),
        );
    }
    m.insert(
        "records".into(),
        Value::Array(all.get(offset..end).unwrap_or_default().to_vec()),
    );
    Value::Object(m)
}

/// `GET .../query?q=` and `GET .../queryAll?q=`.
pub async fn query(
    State(app): State<Arc<App>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(q) = params.get("q").filter(|q| !q.trim().is_empty()) else {
        return error_response(
            StatusCode::BAD_REQUEST,
            &[SfError::new("MALFORMED_QUERY", "A query string has to be specified")],
        );
    };
    let b = &app.opts.behaviour.salesforce;
    let parsed = match soql::parse(q, b) {
        Ok(p) => p,
        Err(e) => return error_response(StatusCode::BAD_REQUEST, &[e]),
    };
    let base = format!("/services/data/{version}");
    let all = Arc::new(app.read(|s| soql::run(&s.salesforce, b, &app.opts.behaviour.currencies, &base, &parsed)));
    let batch = batch_size(&app, &headers);
    let locator = if all.len() > batch {
        // 62^7 ids fit the id's 7 base-62 digits.
        let id = crate::sandbox::ids::salesforce_id(store::QUERY_LOCATOR, rand::random::<u64>() % 3_521_614_606_208);
        lock(&app.cursors).insert(
            id.clone(),
            Cursor {
                records: Arc::clone(&all),
                batch,
            },
        );
        id
    } else {
        String::new()
    };
    json_response(StatusCode::OK, &page(&version, &locator, &all, 0, batch))
}

/// `GET .../query/{locator}-{offset}`.
pub async fn more(State(app): State<Arc<App>>, Path((version, next)): Path<(String, String)>) -> Response {
    let invalid = || {
        error_response(
            StatusCode::BAD_REQUEST,
            &[SfError::new("INVALID_QUERY_LOCATOR", "invalid query locator")],
        )
    };
    let Some((locator, offset)) = next.rsplit_once('-') else {
        return invalid();
    };
    let Ok(offset) = offset.parse::<usize>() else {
        return invalid();
    };
    let cursor = lock(&app.cursors).get(locator).cloned();
    match cursor {
        Some(c) if offset <= c.records.len() => {
            json_response(StatusCode::OK, &page(&version, locator, &c.records, offset, c.batch))
        }
        _ => invalid(),
    }
}
