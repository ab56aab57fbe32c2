//! Salesforce error bodies (salesforce-api.md §4): outside collections a JSON array of
//! `{"message","errorCode","fields"?}`; inside sObject Collections each record's `errors` use `statusCode`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::sandbox::zuora::errors::json_response;

/// One error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SfError {
    pub code: String,
    pub message: String,
    pub fields: Vec<String>,
}

impl SfError {
    /// An error with no field list.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// An error naming fields.
    pub fn with_fields(code: &str, message: impl Into<String>, fields: &[&str]) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            fields: fields.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    /// `NOT_FOUND`: no such resource, record or type.
    #[must_use]
    pub fn not_found() -> Self {
        Self::new("NOT_FOUND", "The requested resource does not exist")
    }

    /// The REST (non-collection) form.
    #[must_use]
    pub fn rest(&self) -> Value {
        if self.fields.is_empty() {
            json!({"message": self.message, "errorCode": self.code})
        } else {
            json!({"message": self.message, "errorCode": self.code, "fields": self.fields})
        }
    }

    /// The sObject Collections per-record form.
    #[must_use]
    pub fn collection(&self) -> Value {
        json!({"statusCode": self.code, "message": self.message, "fields": self.fields})
    }
}

/// An error array response.
pub fn error_response(status: StatusCode, errors: &[SfError]) -> Response {
    json_response(status, &Value::Array(errors.iter().map(SfError::rest).collect()))
}

/// The 401 for a missing, invalid or expired session.
pub fn invalid_session() -> Response {
    error_response(
        StatusCode::UNAUTHORIZED,
        &[SfError::new("INVALID_SESSION_ID", "Session expired or invalid")],
    )
}

/// The 404 for an unknown resource.
pub fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        &[SfError::not_found()],
    )
}

/// The status a single-record error maps to.
#[must_use]
pub fn status_of(e: &SfError) -> StatusCode {
    match e.code.as_str() {
        "NOT_FOUND" => StatusCode::NOT_FOUND,
        "ENTITY_IS_DELETED" => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    }
}
