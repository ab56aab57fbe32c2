//! The Salesforce side of the sandbox: OAuth, SOQL query with `nextRecordsUrl` paging, sObject rows, upsert by
//! external id, sObject Collections and Composite, over Product2 / Pricebook2 / PricebookEntry (CurrencyType read-only).
//! Every `/services/data/vNN.N/...` route requires a live Salesforce session and an accepted API version.

pub mod collections;
pub mod composite;
pub mod errors;
pub mod oauth;
pub mod query;
pub mod records;
pub mod schema;
pub mod sobjects;
pub mod soql;
pub mod store;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, patch, post};
use serde_json::{Value, json};

use crate::sandbox::app::{App, Family};
use crate::sandbox::auth;
use crate::sandbox::zuora::errors::json_response;

/// The API version in a `/services/data/vNN.N/...` path, if accepted.
fn accepted_version(app: &App, path: &str) -> bool {
    let Some(v) = path.strip_prefix("/services/data/v").and_then(|r| r.split('/').next()) else {
        return false;
    };
    let Some((major, minor)) = v.split_once('.') else {
        return false;
    };
    minor == "0"
        && major.parse::<u32>().is_ok_and(|m| {
            (app.opts.behaviour.salesforce.min_api_version..=app.opts.behaviour.salesforce.max_api_version).contains(&m)
        })
}

async fn require_session(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if !auth::bearer_ok(&app, Family::Salesforce, req.headers()) {
        return errors::invalid_session();
    }
    if !accepted_version(&app, req.uri().path()) {
        return errors::not_found();
    }
    let used = app
        .salesforce_api_usage
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        + 1;
    let mut resp = next.run(req).await;
    let limit = app.opts.behaviour.salesforce.daily_api_limit;
    if let Ok(v) = HeaderValue::from_str(&format!("api-usage={used}/{limit}")) {
        resp.headers_mut().insert("sforce-limit-info", v);
    }
    resp
}

/// `GET /services/data/`: the versions served (no authentication).
async fn versions(State(app): State<Arc<App>>) -> Response {
    let b = &app.opts.behaviour.salesforce;
    let list: Vec<Value> = (b.min_api_version..=b.max_api_version)
        .map(|v| json!({"label": format!("API v{v}.0"), "url": format!("/services/data/v{v}.0"), "version": format!("{v}.0")}))
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

/// `GET /services/data/vNN.N/limits`.
async fn limits(State(app): State<Arc<App>>) -> Response {
    let max = app.opts.behaviour.salesforce.daily_api_limit;
    let used = app.salesforce_api_usage.load(std::sync::atomic::Ordering::Relaxed);
    json_response(
        StatusCode::OK,
        &json!({"DailyApiRequests": {"Max": max, "Remaining": max.saturating_sub(used)}}),
    )
}

/// The Salesforce routes.
pub fn router(app: &Arc<App>) -> Router<Arc<App>> {
    let data = Router::new()
        .route("/services/data/{version}/limits", get(limits))
        .route("/services/data/{version}/query", get(query::query))
        .route("/services/data/{version}/queryAll", get(query::query))
        .route("/services/data/{version}/query/{next}", get(query::more))
        .route("/services/data/{version}/queryAll/{next}", get(query::more))
        .route("/services/data/{version}/sobjects/{ty}", post(sobjects::create))
        .route(
            "/services/data/{version}/sobjects/{ty}/describe",
            get(sobjects::describe),
        )
        .route(
            "/services/data/{version}/sobjects/{ty}/{id}",
            get(sobjects::get)
                .patch(sobjects::update)
                .delete(sobjects::delete)
                .post(sobjects::post_on_id),
        )
        .route(
            "/services/data/{version}/sobjects/{ty}/{field}/{value}",
            get(sobjects::get_by_external_id).patch(sobjects::upsert),
        )
        .route("/services/data/{version}/composite", post(composite::composite))
        .route(
            "/services/data/{version}/composite/sobjects",
            post(collections::create)
                .patch(collections::update)
                .delete(collections::delete),
        )
        .route(
            "/services/data/{version}/composite/sobjects/{ty}/{field}",
            patch(collections::upsert),
        )
        .route_layer(middleware::from_fn_with_state(app.clone(), require_session));
    Router::new()
        .route("/services/oauth2/token", post(oauth::token))
        .route("/services/data", get(versions))
        .route("/services/data/", get(versions))
        .merge(data)
}
