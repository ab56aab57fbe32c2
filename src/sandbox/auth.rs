//! Access tokens for both services: issue (with the configured lifetime), check a `Bearer` header, and compare
//! client credentials in constant time. Tokens live in memory only; they never reach the state file or a log.

use std::time::Instant;

use axum::http::HeaderMap;

use super::app::{App, Family, Token, lock};

/// Issues a token for `family`.
pub fn issue(app: &App, family: Family, token: String) -> String {
    lock(&app.tokens).insert(
        token.clone(),
        Token {
            family,
            expires: Instant::now() + app.opts.token_lifetime,
        },
    );
    token
}

/// True when the request carries a live bearer token of `family`.
#[must_use]
pub fn bearer_ok(app: &App, family: Family, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(token) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")) else {
        return false;
    };
    lock(&app.tokens)
        .get(token.trim())
        .is_some_and(|t| t.family == family && t.expires > Instant::now())
}

/// Constant-time string equality (credentials).
#[must_use]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
