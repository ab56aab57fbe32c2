//! `POST /services/oauth2/token`: the client-credentials flow against the org's My Domain host
//! (salesforce-api.md §1). Success returns `access_token`, `instance_url` (the sandbox's own base URL),
//! `id`, `token_type: Bearer`, `issued_at` (ms), `signature`, `scope`; failures are HTTP 400
//! `{"error","error_description"}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::json;

use crate::sandbox::app::{App, Family};
use crate::sandbox::zuora::errors::json_response;
use crate::sandbox::{auth, ids};

/// The token endpoint.
pub async fn token(State(app): State<Arc<App>>, Form(form): Form<HashMap<String, String>>) -> Response {
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    let fail = |error: &str, description: &str| {
        json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": error, "error_description": description}),
        )
    };
    match field("grant_type") {
        "client_credentials" => {}
        "" => return fail("invalid_request", "grant type not supported"),
        _ => return fail("unsupported_grant_type", "grant type not supported"),
    }
    if !auth::same(field("client_id"), &app.opts.client_id) {
        return fail("invalid_client_id", "client identifier invalid");
    }
    if !auth::same(field("client_secret"), &app.opts.client_secret) {
        return fail("invalid_client", "invalid client credentials");
    }
    let (org, user) = app.read(|s| (s.salesforce.org_id.clone(), s.salesforce.user_id.clone()));
    let token = auth::issue(&app, Family::Salesforce, ids::salesforce_token(&org));
    let issued_at = chrono::Utc::now().timestamp_millis().to_string();
    let signature =
        base64::engine::general_purpose::STANDARD.encode(sha2_of(&format!("{issued_at}{}", ids::zuora_id())));
    json_response(
        StatusCode::OK,
        &json!({
            "access_token": token,
            "signature": signature,
            "scope": "api",
            "instance_url": app.base_url,
            "id": format!("https://login.salesforce.com/id/{org}/{user}"),
            "token_type": "Bearer",
            "issued_at": issued_at,
            "token_format": "opaque",
        }),
    )
}

fn sha2_of(s: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).to_vec()
}
