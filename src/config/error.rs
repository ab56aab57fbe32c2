//! Errors from reading `skuctl.yaml` and resolving an environment's credentials.

use std::path::PathBuf;

/// Why an environment could not be resolved. Never carries a secret value: only variable names and URLs.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("unknown environment `{name}` (configured: {known})")]
    UnknownEnv { name: String, known: String },
    #[error("environment `{env}`: {what} URL `{url}` is not valid: {message}")]
    BadUrl { env: String, what: &'static str, url: String, message: String },
    #[error(
        "environment `{env}`: {what} URL `{url}` uses plain http:// but is not loopback; use https:// (plain http is only accepted for 127.0.0.1, ::1 or localhost)"
    )]
    InsecureUrl { env: String, what: &'static str, url: String },
    #[error("environment `{env}`: {what} credentials missing: set the environment variable {var}")]
    MissingCredential { env: String, what: &'static str, var: String },
    #[error(
        "environment `{env}`: sandbox_default_credentials is only allowed when every URL is loopback, but {what} URL `{url}` is not"
    )]
    DefaultCredentialsNotLoopback { env: String, what: &'static str, url: String },
    #[error("environment `{env}`: {message}")]
    Invalid { env: String, message: String },
}
