//! REST catalog reads (zuora-api.md §2.1): `GET /v1/catalog/products` (page >= 1, pageSize default 10, larger
//! than 40 treated as 40, absolute `nextPage` absent on the last page, most recently updated first),
//! `GET /v1/catalog/products/{key}` (id, SKU or product number), `GET /v1/products/{key}/product-rate-plans`
//! (pageSize default 20) and the legacy `GET /v1/rateplan/{productId}/productRatePlan`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::catalog_view::{self, ViewCtx};
use super::errors::{category, json_response, rest_error};
use super::store::{Children, ZObject, ZuoraState};
use crate::sandbox::app::App;

const MAX_PAGE_SIZE: usize = 40;

/// True when the `Zuora-Version` header asks for 230.0 or later (rate plans become a URL).
fn version_at_least_230(headers: &HeaderMap) -> bool {
    let Some(v) = headers.get("zuora-version").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let v = v.trim();
    if v.len() == 10 && v.as_bytes()[4] == b'-' {
        return true; // dated versions (2024-05-20, ...) are all newer than 341.0
    }
    v.split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|m| m >= 230)
}

/// Parses `page` / `pageSize`.
fn paging(app: &App, q: &HashMap<String, String>, default_size: usize) -> Result<(usize, usize), Response> {
    let parse = |name: &str, default: usize| -> Result<usize, Response> {
        match q.get(name) {
            None => Ok(default),
            Some(s) => match s.trim().parse::<i64>() {
                Ok(n) if n >= 1 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
                _ => Err(rest_error(
                    app,
                    StatusCode::BAD_REQUEST,
                    category::INVALID_QUERY_PARAMETER,
                    &format!("Invalid value '{s}' for query parameter '{name}': it must be an integer greater than 0."),
                )),
            },
        }
    };
    let page = parse("page", 1)?;
    let size = parse("pageSize", default_size)?.min(MAX_PAGE_SIZE);
    Ok((page, size))
}

fn next_page(app: &App, path: &str, page: usize, size: usize, total: usize) -> Option<String> {
    (page.saturating_mul(size) < total).then(|| format!("{}{path}?page={}&pageSize={size}", app.base_url, page + 1))
}

fn view_ctx<'a>(app: &'a App, children: Children<'a>) -> ViewCtx<'a> {
    ViewCtx {
        children,
        behaviour: &app.opts.behaviour,
        today: app.today,
    }
}

/// `GET /v1/catalog/products`.
pub async fn list_products(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, size) = match paging(&app, &q, 10) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let embed = !version_at_least_230(&headers);
    let body = app.read(|s| {
        let z = &s.zuora;
        let index = app.catalog_index(s);
        let on_page: Vec<&ZObject> = index
            .products
            .iter()
            .skip((page - 1).saturating_mul(size))
            .take(size)
            .filter_map(|id| z.products.get(id))
            .collect();
        let cx = view_ctx(&app, index.children(z, &on_page));
        let products: Vec<Value> = on_page.iter().map(|p| catalog_view::product(z, &cx, p, embed)).collect();
        let mut m = Map::new();
        m.insert("products".into(), Value::Array(products));
        if let Some(next) = next_page(&app, "/v1/catalog/products", page, size, index.products.len()) {
            m.insert("nextPage".into(), Value::String(next));
        }
        m.insert("success".into(), Value::Bool(true));
        Value::Object(m)
    });
    json_response(StatusCode::OK, &body)
}

/// Finds a product by id, SKU or product number.
fn find_product<'a>(z: &'a ZuoraState, key: &str) -> Option<&'a ZObject> {
    z.products.get(key).or_else(|| {
        z.products
            .values()
            .find(|p| p.str("SKU") == Some(key) || p.str("ProductNumber") == Some(key))
    })
}

fn product_not_found(app: &App, key: &str) -> Response {
    rest_error(
        app,
        StatusCode::NOT_FOUND,
        category::NOT_FOUND,
        &format!("Product with key '{key}' does not exist."),
    )
}

/// `GET /v1/catalog/products/{key}`.
pub async fn get_product(State(app): State<Arc<App>>, headers: HeaderMap, Path(key): Path<String>) -> Response {
    let embed = !version_at_least_230(&headers);
    let found = app.read(|s| {
        find_product(&s.zuora, &key).map(|p| {
            let mut v = catalog_view::product(&s.zuora, &view_ctx(&app, s.zuora.children()), p, embed);
            if let Some(m) = v.as_object_mut() {
                m.insert("success".into(), Value::Bool(true));
            }
            v
        })
    });
    match found {
        Some(v) => json_response(StatusCode::OK, &v),
        None => product_not_found(&app, &key),
    }
}

fn plans_page(app: &App, key: &str, page: usize, size: usize, path: &str) -> Option<Value> {
    app.read(|s| {
        let z = &s.zuora;
        let product = find_product(z, key)?;
        let cx = view_ctx(app, z.children());
        let plans = cx.children.plans_of(&product.id);
        let mut charges_left = usize::MAX;
        let list: Vec<Value> = plans
            .iter()
            .skip((page - 1).saturating_mul(size))
            .take(size)
            .map(|p| catalog_view::rate_plan(z, &cx, p, &mut charges_left))
            .collect();
        let mut m = Map::new();
        m.insert("productRatePlans".into(), Value::Array(list));
        if let Some(next) = next_page(app, path, page, size, plans.len()) {
            m.insert("nextPage".into(), Value::String(next));
        }
        m.insert("success".into(), Value::Bool(true));
        Some(Value::Object(m))
    })
}

/// `GET /v1/products/{key}/product-rate-plans`.
pub async fn list_rate_plans(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (page, size) = match paging(&app, &q, 20) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let path = format!("/v1/products/{key}/product-rate-plans");
    match plans_page(&app, &key, page, size, &path) {
        Some(v) => json_response(StatusCode::OK, &v),
        None => product_not_found(&app, &key),
    }
}

/// `GET /v1/rateplan/{productId}/productRatePlan` (legacy; served unless switched off).
pub async fn legacy_rate_plans(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    if !app.opts.behaviour.serve_legacy_rateplan_url {
        return rest_error(
            &app,
            StatusCode::NOT_FOUND,
            category::NOT_FOUND,
            "The requested resource does not exist.",
        );
    }
    let body = app.read(|s| {
        let z = &s.zuora;
        let product = z.products.get(&id)?;
        let cx = view_ctx(&app, z.children());
        let mut left = app.opts.behaviour.max_charges_per_product;
        let plans: Vec<Value> = cx
            .children
            .plans_of(&product.id)
            .iter()
            .take(app.opts.behaviour.max_rate_plans_per_product)
            .map(|p| catalog_view::rate_plan(z, &cx, p, &mut left))
            .collect();
        Some(json!({"productRatePlans": plans, "success": true}))
    });
    match body {
        Some(v) => json_response(StatusCode::OK, &v),
        None => product_not_found(&app, &id),
    }
}
