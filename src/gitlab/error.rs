//! Errors of the GitLab client. Messages name the operation and the variable involved, never a token value.

use thiserror::Error;

/// What went wrong talking to GitLab (or preparing to).
#[derive(Debug, Error)]
pub enum GitLabError {
    /// A required CI variable is not set.
    #[error("the CI variable {name} is not set ({purpose})")]
    MissingVariable { name: String, purpose: &'static str },
    /// `CI_API_V4_URL` is not a usable URL.
    #[error("CI_API_V4_URL {value:?} is not a usable API root: {reason}")]
    InvalidApiRoot { value: String, reason: String },
    /// The variable that should hold the token is unset or empty.
    #[error(
        "no GitLab token: the variable {variable} is not set or empty (store a project access token or bot token \
         with scope `api` as a masked CI/CD variable named {variable})"
    )]
    MissingToken { variable: String },
    /// The configured token is a CI job token, which cannot post notes or read approvals.
    #[error(
        "the token in {variable} is a CI job token: CI_JOB_TOKEN cannot post merge-request notes or read approvals; \
         use a project access token or bot token with scope `api` in a masked variable instead"
    )]
    JobToken { variable: String },
    /// A plan-note marker field contains characters that would break the hidden marker.
    #[error("invalid plan note marker field {field} = {value:?}: only letters, digits and . _ : - are allowed")]
    InvalidMarker { field: &'static str, value: String },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {source}")]
    Client { source: reqwest::Error },
    /// The request failed before a response arrived (connection, timeout, TLS).
    #[error("GitLab request failed ({operation}): {source}")]
    Transport {
        operation: &'static str,
        source: reqwest::Error,
    },
    /// GitLab answered with a non-success status.
    #[error("GitLab answered {status} to {operation}: {message}{hint}")]
    Status {
        operation: &'static str,
        status: u16,
        message: String,
        hint: &'static str,
    },
    /// GitLab's answer is not the JSON skuctl expects.
    #[error("unexpected answer from GitLab to {operation}: {reason}")]
    Decode { operation: &'static str, reason: String },
}
