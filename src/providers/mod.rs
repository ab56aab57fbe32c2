//! Remote providers: the Zuora and Salesforce REST clients and the transport they share.
//!
//! Each provider has `client.rs` (HTTP, auth, paging, retries), `wire.rs` (DTOs in the API's own casing) and
//! `mapping.rs` (wire <-> `live::LiveState`). Clients are async (tokio + reqwest); commands run them on a runtime.

pub mod http;
pub mod salesforce;
pub mod zuora;

/// The environment's Zuora client and, when it has a Salesforce section, its Salesforce client, sending through
/// one HTTP client (so the TLS roots are loaded once).
///
/// # Errors
/// Missing credentials, bad URL or TLS setup.
pub fn clients(
    env: &crate::config::EnvConfig,
) -> Result<(zuora::ZuoraClient, Option<salesforce::SalesforceClient>), ProviderError> {
    let http = http::build_client(env)?;
    Ok((zuora::ZuoraClient::sharing(env, http.clone())?, salesforce::SalesforceClient::sharing(env, http)?))
}

/// An operational failure talking to a provider. Messages name the service, the operation and what the service
/// said; they never contain a token, a secret or a request body.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("{message}")]
    Setup { message: String },
    #[error("{service}: authentication failed: {message}")]
    Auth { service: &'static str, message: String },
    #[error("{service}: {what}: network error after {attempts} attempt(s): {message}")]
    Network { service: &'static str, what: String, message: String, attempts: u32 },
    #[error("{service}: {what}: still throttled after {attempts} attempts (429 / concurrency limit)")]
    Throttled { service: &'static str, what: String, attempts: u32 },
    #[error("{service}: {what}: HTTP {status}: {message}")]
    Status { service: &'static str, what: String, status: u16, message: String },
    #[error("{service}: {what}: unexpected response: {message}")]
    Decode { service: &'static str, what: String, message: String },
    #[error("{service}: {what}: rejected: {message}")]
    Rejected { service: &'static str, what: String, message: String },
    #[error("{service}: {message}")]
    Limit { service: &'static str, message: String },
}
