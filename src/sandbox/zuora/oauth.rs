//! `POST /oauth/token`: Zuora's OAuth client-credentials grant (zuora-api.md §1). Form fields `client_id` (exactly
//! 36 characters), `client_secret`, `grant_type=client_credentials`. Success returns `access_token`, `expires_in`,
//! `jti`, `scope`, `token_type: bearer`; anything else is refused as an OAuth2 error.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::errors::json_response;
use crate::sandbox::app::{App, Family};
use crate::sandbox::{auth, ids};

/// The token endpoint.
pub async fn token(State(app): State<Arc<App>>, Form(form): Form<HashMap<String, String>>) -> Response {
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    if field("grant_type") != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type",
        );
    }
    let (id, secret) = (field("client_id"), field("client_secret"));
    if id.is_empty() || secret.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing client_id or client_secret",
        );
    }
    if id.len() != 36
        || secret.len() > 42
        || !auth::same(id, &app.opts.client_id)
        || !auth::same(secret, &app.opts.client_secret)
    {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Bad client credentials");
    }
    let token = auth::issue(&app, Family::Zuora, ids::zuora_token());
    json_response(
        StatusCode::OK,
        &json!({
            "access_token": token,
            "expires_in": app.opts.token_lifetime.as_secs(),
            "jti": ids::zuora_id(),
            "scope": "entity.00000000-0000-4000-8000-000000000000 platform.write service.genesis.read service.genesis.write service.usage.delete service.usage.update service.usage.write tenant.1 user.00000000000000000000000000000001",
            "token_type": "bearer",
        }),
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json_response(status, &json!({"error": error, "error_description": description}))
}
