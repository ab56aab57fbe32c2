//! The Salesforce REST client: OAuth client credentials against the My Domain host, SOQL queries following
//! `nextRecordsUrl`, and sObject Collections writes (at most 200 records per call).
//!
//! - 401 `INVALID_SESSION_ID`: a new token, then one retry.
//! - 403 `REQUEST_LIMIT_EXCEEDED`: the concurrent-request limit is retried with backoff; the daily limit is not
//!   (retrying cannot help before the window moves) and fails with a clear message.
//! - 502/503/500 and `UNABLE_TO_LOCK_ROW` are retried with backoff. Salesforce sends no `Retry-After`.
//! - Creates (`POST /composite/sobjects`) are not idempotent: they are only re-sent when the request provably
//!   never reached the server. Upserts by external id and updates are idempotent and retried freely. A Composite
//!   call (`POST /composite`, collections chained by references) counts as a create.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::wire::{
    CollectionRequest, CompositeRequest, CompositeResponse, CompositeSubrequest, QueryPage, RestError, SaveResult, TokenResponse,
};
use crate::config::{Credentials, EnvConfig, SalesforceConfig, Secret, is_loopback_url};
use crate::providers::ProviderError;
use crate::providers::http::{self, Idempotent, Raw, Transport, Verdict, error_summary};

const SERVICE: &str = "Salesforce";
/// Largest batch sObject Collections accept.
pub const COLLECTION_BATCH: usize = 200;

struct Session {
    token: Secret,
    instance: url::Url,
    generation: u64,
}

struct Inner {
    t: Transport,
    cfg: SalesforceConfig,
    creds: Credentials,
    session: Mutex<Option<Session>>,
    generation: std::sync::atomic::AtomicU64,
}

/// A Salesforce org. Cheap to clone.
#[derive(Clone)]
pub struct SalesforceClient {
    inner: Arc<Inner>,
}

impl SalesforceClient {
    /// A client for the environment's org; `None` when the environment has no Salesforce section.
    ///
    /// # Errors
    /// Missing credentials or TLS setup.
    pub fn new(env: &EnvConfig) -> Result<Option<Self>, ProviderError> {
        if env.salesforce.is_none() {
            return Ok(None);
        }
        Self::sharing(env, http::build_client(env)?)
    }

    /// Like `new`, sending through `client` (shared with the Zuora client, so the TLS roots are loaded once).
    ///
    /// # Errors
    /// Missing credentials.
    pub fn sharing(env: &EnvConfig, client: reqwest::Client) -> Result<Option<Self>, ProviderError> {
        let Some(cfg) = &env.salesforce else { return Ok(None) };
        let creds = env
            .salesforce_credentials()
            .map_err(|e| ProviderError::Setup { message: e.to_string() })?
            .ok_or_else(|| ProviderError::Setup { message: "no Salesforce credentials".into() })?;
        Ok(Some(SalesforceClient {
            inner: Arc::new(Inner {
                t: Transport::new(client, env.retry.clone(), env.zuora.read_concurrency, SERVICE),
                cfg: cfg.clone(),
                creds,
                session: Mutex::new(None),
                generation: std::sync::atomic::AtomicU64::new(0),
            }),
        }))
    }

    /// Round-trip counters.
    #[must_use]
    pub fn stats(&self) -> &http::Stats {
        &self.inner.t.stats
    }

    /// The configuration this client was built from.
    #[must_use]
    pub fn config(&self) -> &SalesforceConfig {
        &self.inner.cfg
    }

    async fn session(&self) -> Result<(Secret, url::Url, u64), ProviderError> {
        let mut guard = self.inner.session.lock().await;
        if let Some(s) = guard.as_ref() {
            return Ok((s.token.clone(), s.instance.clone(), s.generation));
        }
        let inner = &self.inner;
        let url = url::Url::parse(&inner.cfg.login_url)
            .and_then(|u| u.join("/services/oauth2/token"))
            .map_err(|e| ProviderError::Setup { message: format!("Salesforce login URL: {e}") })?;
        let raw = inner
            .t
            .execute(
                "POST /services/oauth2/token",
                Idempotent::Yes,
                || {
                    inner.t.client.post(url.clone()).form(&[
                        ("grant_type", "client_credentials"),
                        ("client_id", inner.creds.client_id.as_str()),
                        ("client_secret", inner.creds.client_secret.expose()),
                    ])
                },
                classify,
            )
            .await?;
        if !raw.status.is_success() {
            return Err(ProviderError::Auth {
                service: SERVICE,
                message: format!("token request answered HTTP {}{}", raw.status.as_u16(), error_summary(&raw.body.0)),
            });
        }
        let tok: TokenResponse = serde_json::from_slice(&raw.body.0)
            .map_err(|e| ProviderError::Auth { service: SERVICE, message: format!("token response is not valid: {e}") })?;
        let instance = url::Url::parse(&tok.instance_url)
            .map_err(|e| ProviderError::Auth { service: SERVICE, message: format!("instance_url is not a URL: {e}") })?;
        if instance.scheme() != "https" && !(instance.scheme() == "http" && is_loopback_url(instance.as_str())) {
            return Err(ProviderError::Auth {
                service: SERVICE,
                message: format!("instance_url {instance} is plain http and not loopback; refusing to send the token there"),
            });
        }
        let generation = inner.generation.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let token = Secret::new(tok.access_token);
        *guard = Some(Session { token: token.clone(), instance: instance.clone(), generation });
        Ok((token, instance, generation))
    }

    async fn invalidate(&self, generation: u64) {
        let mut guard = self.inner.session.lock().await;
        if guard.as_ref().is_some_and(|s| s.generation == generation) {
            *guard = None;
        }
    }

    /// `path` is relative to the instance (`/services/data/...`) or to the versioned data root (no leading `/`).
    async fn send(
        &self,
        what: &str,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&[u8]>,
        idempotent: Idempotent,
    ) -> Result<Raw, ProviderError> {
        for attempt in 0..2 {
            let (token, instance, generation) = self.session().await?;
            let full = if path.starts_with('/') {
                path.to_owned()
            } else {
                format!("/services/data/v{}/{path}", self.inner.cfg.api_version)
            };
            let mut url = instance
                .join(&full)
                .map_err(|e| ProviderError::Setup { message: format!("Salesforce URL {full}: {e}") })?;
            if !query.is_empty() {
                url.query_pairs_mut().extend_pairs(query);
            }
            let inner = &self.inner;
            let raw = inner
                .t
                .execute(
                    what,
                    idempotent,
                    || {
                        let mut r = inner
                            .t
                            .client
                            .request(method.clone(), url.clone())
                            .bearer_auth(token.expose())
                            .header("Accept", "application/json");
                        if let Some(b) = body {
                            r = r.header(reqwest::header::CONTENT_TYPE, "application/json").body(b.to_vec());
                        }
                        r
                    },
                    classify,
                )
                .await?;
            if raw.status == StatusCode::UNAUTHORIZED {
                if attempt == 0 {
                    self.invalidate(generation).await;
                    continue;
                }
                return Err(ProviderError::Auth {
                    service: SERVICE,
                    message: format!("{what} answered 401 with a fresh token{}", error_summary(&raw.body.0)),
                });
            }
            if raw.status == StatusCode::FORBIDDEN && error_codes(&raw.body.0).iter().any(|c| c == "REQUEST_LIMIT_EXCEEDED") {
                return Err(ProviderError::Limit {
                    service: SERVICE,
                    message: format!(
                        "{what}: the org's API request limit is exhausted{} (retrying cannot help until the 24-hour window moves)",
                        error_summary(&raw.body.0)
                    ),
                });
            }
            if !raw.status.is_success() {
                return Err(ProviderError::Status {
                    service: SERVICE,
                    what: what.to_owned(),
                    status: raw.status.as_u16(),
                    message: error_summary(&raw.body.0).trim_start_matches(": ").to_owned(),
                });
            }
            return Ok(raw);
        }
        Err(ProviderError::Auth { service: SERVICE, message: format!("{what}: unauthorized") })
    }

    /// Runs a SOQL query and returns every record (all pages).
    ///
    /// # Errors
    /// A request fails after its retries, or a page is not a query result.
    pub async fn query(&self, soql: &str) -> Result<Vec<Map<String, Value>>, ProviderError> {
        let what = "GET query";
        let mut raw = self.send(what, reqwest::Method::GET, "query", &[("q", soql)], None, Idempotent::Yes).await?;
        let mut out = Vec::new();
        loop {
            let page: QueryPage = serde_json::from_slice(&raw.body.0).map_err(|e| ProviderError::Decode {
                service: SERVICE,
                what: what.to_owned(),
                message: e.to_string(),
            })?;
            out.extend(page.records);
            match page.next_records_url {
                Some(next) if !page.done => {
                    raw = self.send(what, reqwest::Method::GET, &next, &[], None, Idempotent::Yes).await?;
                }
                _ => return Ok(out),
            }
        }
    }

    async fn collection(
        &self,
        what: &str,
        method: reqwest::Method,
        path: &str,
        sobject: &str,
        records: &[Map<String, Value>],
        idempotent: Idempotent,
    ) -> Result<Vec<SaveResult>, ProviderError> {
        let mut out = Vec::with_capacity(records.len());
        for chunk in records.chunks(COLLECTION_BATCH) {
            let body = serde_json::to_vec(&CollectionRequest::new(sobject, chunk))
                .map_err(|e| ProviderError::Decode { service: SERVICE, what: what.to_owned(), message: e.to_string() })?;
            let raw = self.send(what, method.clone(), path, &[], Some(&body), idempotent).await?;
            let results: Vec<SaveResult> = serde_json::from_slice(&raw.body.0).map_err(|e| ProviderError::Decode {
                service: SERVICE,
                what: what.to_owned(),
                message: e.to_string(),
            })?;
            if results.len() != chunk.len() {
                return Err(ProviderError::Decode {
                    service: SERVICE,
                    what: what.to_owned(),
                    message: format!("{} results for {} records", results.len(), chunk.len()),
                });
            }
            out.extend(results);
        }
        Ok(out)
    }

    /// Upserts records of one type by an External ID field (`PATCH /composite/sobjects/{type}/{field}`), 200 per
    /// call. Each record must carry the external id field and no `Id`. Results in input order.
    ///
    /// # Errors
    /// A call fails as a whole.
    pub async fn upsert(
        &self,
        sobject: &str,
        external_id_field: &str,
        records: &[Map<String, Value>],
    ) -> Result<Vec<SaveResult>, ProviderError> {
        let path = format!("composite/sobjects/{sobject}/{external_id_field}");
        self.collection("PATCH composite/sobjects (upsert)", reqwest::Method::PATCH, &path, sobject, records, Idempotent::Yes)
            .await
    }

    /// Creates records (`POST /composite/sobjects`), 200 per call. Results in input order.
    ///
    /// # Errors
    /// A call fails as a whole.
    pub async fn create(&self, sobject: &str, records: &[Map<String, Value>]) -> Result<Vec<SaveResult>, ProviderError> {
        self.collection("POST composite/sobjects", reqwest::Method::POST, "composite/sobjects", sobject, records, Idempotent::No)
            .await
    }

    /// Runs sObject Collections subrequests in order as one Composite call (`POST /composite`, one API call;
    /// `allOrNone` false, so a subrequest that fails does not undo the others). Outcomes in subrequest order.
    ///
    /// # Errors
    /// The call fails as a whole, or a subrequest's answer is missing or malformed.
    pub async fn composite(
        &self,
        external_id_field: &str,
        subrequests: &[Subrequest<'_>],
    ) -> Result<Vec<SubOutcome>, ProviderError> {
        let what = "POST composite";
        let decode = |message: String| ProviderError::Decode { service: SERVICE, what: what.to_owned(), message };
        let base = format!("/services/data/v{}/composite/sobjects", self.inner.cfg.api_version);
        let composite_request = subrequests
            .iter()
            .map(|sub| {
                let (method, url) = match sub.op {
                    CollectionOp::Create => ("POST", base.clone()),
                    CollectionOp::Update => ("PATCH", base.clone()),
                    CollectionOp::Upsert => ("PATCH", format!("{base}/{}/{external_id_field}", sub.sobject)),
                };
                let body = CollectionRequest::new(sub.sobject, sub.records);
                CompositeSubrequest { method, url, reference_id: &sub.reference_id, body }
            })
            .collect();
        let body = serde_json::to_vec(&CompositeRequest { all_or_none: false, collate_subrequests: false, composite_request })
            .map_err(|e| decode(e.to_string()))?;
        let raw = self.send(what, reqwest::Method::POST, "composite", &[], Some(&body), Idempotent::No).await?;
        let answer: CompositeResponse = serde_json::from_slice(&raw.body.0).map_err(|e| decode(e.to_string()))?;
        if answer.composite_response.len() != subrequests.len() {
            return Err(decode(format!(
                "{} answers for {} subrequests",
                answer.composite_response.len(),
                subrequests.len()
            )));
        }
        subrequests
            .iter()
            .zip(answer.composite_response)
            .map(|(sub, a)| {
                if a.reference_id != sub.reference_id {
                    return Err(decode(format!("answer `{}` where `{}` was expected", a.reference_id, sub.reference_id)));
                }
                if !(200..300).contains(&a.http_status_code) {
                    let errors: Vec<RestError> = serde_json::from_value(a.body).unwrap_or_default();
                    let message = errors.iter().map(|e| format!("{}: {}", e.error_code, e.message)).collect::<Vec<_>>().join("; ");
                    return Ok(Err((a.http_status_code, message)));
                }
                let results: Vec<SaveResult> = serde_json::from_value(a.body).map_err(|e| decode(format!("{}: {e}", sub.reference_id)))?;
                if results.len() != sub.records.len() {
                    return Err(decode(format!("{}: {} results for {} records", sub.reference_id, results.len(), sub.records.len())));
                }
                Ok(Ok(results))
            })
            .collect()
    }

    /// Updates records by `id` (`PATCH /composite/sobjects`), 200 per call. Results in input order.
    ///
    /// # Errors
    /// A call fails as a whole.
    pub async fn update(&self, sobject: &str, records: &[Map<String, Value>]) -> Result<Vec<SaveResult>, ProviderError> {
        self.collection("PATCH composite/sobjects", reqwest::Method::PATCH, "composite/sobjects", sobject, records, Idempotent::Yes)
            .await
    }
}

/// What one sObject Collections subrequest of a Composite call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionOp {
    /// `POST /composite/sobjects`.
    Create,
    /// `PATCH /composite/sobjects` (records carry `id`).
    Update,
    /// `PATCH /composite/sobjects/{type}/{external id field}`.
    Upsert,
}

/// One sObject Collections subrequest of a Composite call: at most 200 records of one type. A string value may
/// name a result of an earlier subrequest, e.g. `@{r0[3].id}` (the id of the fourth record of subrequest `r0`).
#[derive(Debug, Clone)]
pub struct Subrequest<'a> {
    pub reference_id: String,
    pub op: CollectionOp,
    pub sobject: &'a str,
    pub records: &'a [Map<String, Value>],
}

/// A subrequest's outcome: its records' results in order, or why it did not run (its status and errors, e.g. 400
/// `PROCESSING_HALTED` when a reference had no value).
pub type SubOutcome = Result<Vec<SaveResult>, (u16, String)>;

fn error_codes(body: &[u8]) -> Vec<String> {
    serde_json::from_slice::<Vec<RestError>>(body)
        .map(|v| v.into_iter().map(|e| e.error_code).collect())
        .unwrap_or_default()
}

fn classify(status: StatusCode, _headers: &HeaderMap, body: &[u8]) -> Verdict {
    match status.as_u16() {
        429 => return Verdict::Throttled(None),
        500 | 502 | 503 | 504 => return Verdict::Transient,
        403 => {
            if let Ok(errs) = serde_json::from_slice::<Vec<RestError>>(body)
                && errs.iter().any(|e| e.error_code == "REQUEST_LIMIT_EXCEEDED" && e.message.contains("Concurrent"))
            {
                return Verdict::Throttled(None);
            }
        }
        _ => {}
    }
    if !status.is_success()
        && let Ok(errs) = serde_json::from_slice::<Vec<RestError>>(body)
        && errs.iter().any(|e| e.error_code == "UNABLE_TO_LOCK_ROW")
    {
        return Verdict::Transient;
    }
    Verdict::Done
}
