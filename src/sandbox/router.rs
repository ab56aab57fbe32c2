//! The full route table: Zuora, Salesforce and admin routes, request counting by route template, idempotency
//! for Zuora writes, and family-specific 404s for unknown paths.

use std::sync::Arc;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;

use super::app::{App, lock};
use super::{admin, idempotency, salesforce, zuora};

async fn count(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Some(path) = req.extensions().get::<MatchedPath>() {
        let key = format!("{} {}", req.method(), path.as_str());
        *lock(&app.stats).by_route.entry(key).or_default() += 1;
    }
    next.run(req).await
}

async fn fallback(State(app): State<Arc<App>>, req: Request) -> Response {
    if req.uri().path().starts_with("/services/") {
        salesforce::errors::not_found()
    } else {
        zuora::errors::rest_error(
            &app,
            StatusCode::NOT_FOUND,
            zuora::errors::category::NOT_FOUND,
            "The requested resource does not exist.",
        )
    }
}

/// Builds the router.
pub fn build(app: &Arc<App>) -> Router {
    Router::new()
        .merge(zuora::router(app))
        .merge(salesforce::router(app))
        .merge(admin::router())
        .route_layer(middleware::from_fn_with_state(app.clone(), idempotency::layer))
        .route_layer(middleware::from_fn_with_state(app.clone(), count))
        .fallback(fallback)
        .with_state(app.clone())
}
