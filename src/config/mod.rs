//! Environments: `skuctl.yaml` at the repository root names each environment (`sandbox`, `staging`,
//! `production`, ...) with its Zuora and Salesforce endpoints, API versions, custom field names and price books.
//!
//! Contract: credentials are never in the file, only the *names* of the environment variables that hold them
//! (`client_id_env`, `client_secret_env`). The one exception is `sandbox_default_credentials: true`, accepted only
//! when every URL of the environment is loopback, which stands for the documented defaults of `skuctl sandbox`.
//! A plain `http://` URL is refused unless its host is loopback. Secrets live in [`Secret`], which never prints.

mod env;
mod error;
mod secret;

pub use env::{
    Config, Credentials, EnvConfig, RetryConfig, SalesforceConfig, ZuoraConfig, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET,
    is_loopback_url,
};
pub use error::ConfigError;
pub use secret::Secret;
