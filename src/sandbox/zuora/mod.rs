//! The Zuora side of the sandbox: OAuth, REST catalog reads, CRUD, Actions and ZOQL over one stored catalog.
//! Every `/v1` route requires a live Zuora bearer token (`401 {"message":"Authentication error"}` otherwise).

pub mod actions;
pub mod catalog_read;
pub mod catalog_view;
pub mod crud;
pub mod crud_view;
pub mod errors;
pub mod fields;
pub mod oauth;
pub mod ops;
pub mod seed;
pub mod store;
pub mod vocabulary;
pub mod zoql;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::sandbox::app::{App, Family};
use crate::sandbox::auth;

async fn require_token(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if auth::bearer_ok(&app, Family::Zuora, req.headers()) {
        next.run(req).await
    } else {
        errors::unauthorized()
    }
}

/// The Zuora routes.
pub fn router(app: &Arc<App>) -> Router<Arc<App>> {
    let v1 = Router::new()
        .route("/v1/catalog/products", get(catalog_read::list_products))
        .route("/v1/catalog/products/{key}", get(catalog_read::get_product))
        .route(
            "/v1/products/{key}/product-rate-plans",
            get(catalog_read::list_rate_plans),
        )
        .route(
            "/v1/rateplan/{id}/productRatePlan",
            get(catalog_read::legacy_rate_plans),
        )
        .route("/v1/object/{object}", post(crud::create))
        .route(
            "/v1/object/{object}/{id}",
            get(crud::get).put(crud::update).delete(crud::delete),
        )
        .route("/v1/action/create", post(actions::create))
        .route("/v1/action/update", post(actions::update))
        .route("/v1/action/delete", post(actions::delete))
        .route("/v1/action/query", post(zoql::query))
        .route("/v1/action/queryMore", post(zoql::query_more))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    Router::new().route("/oauth/token", post(oauth::token)).merge(v1)
}
