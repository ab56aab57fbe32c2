//! The Zuora REST client: OAuth client credentials, catalog reads, CRUD and Actions writes.
//!
//! - Token: `POST /oauth/token` (form), reused until a minute before expiry; on a 401 the token is fetched again
//!   and the request retried once.
//! - Reads: `GET /v1/catalog/products?pageSize=40`. The first page is read, then the following pages are read
//!   concurrently (bounded by `read_concurrency`) through the same `page` parameter `nextPage` carries, until a
//!   page without `nextPage`. If pages overlap (the catalog changed while being read) the read restarts once,
//!   strictly following `nextPage`. With `Zuora-Version` >= 230.0 rate plans come as a URL and are read per
//!   product from `/v1/products/{id}/product-rate-plans`.
//! - Writes: `POST|PUT /v1/object/{type}` and `POST /v1/action/create|update` (at most 50 objects per call),
//!   `Idempotency-Key` on every POST; a key is reused across retries of the same call.
//! - Throttling: 429 + `Retry-After`, category 70 in a 200 body, `REQUEST_EXCEEDED_RATE`; transient: network
//!   errors, 5xx, categories 50/61/99, `LOCK_COMPETITION`, `TEMPORARY_ERROR`, `SERVER_UNAVAILABLE`.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::wire::{ActionRequest, CatalogPage, RatePlanPage, SaveResult, TokenResponse};
use crate::config::{Credentials, EnvConfig, Secret};
use crate::providers::ProviderError;
use crate::providers::http::{self, Idempotent, Raw, Transport, Verdict, error_summary as short_message};

const SERVICE: &str = "Zuora";
/// Largest page `GET /v1/catalog/products` serves.
pub const PAGE_SIZE: u32 = 40;
/// Largest batch `/v1/action/create|update` accepts.
pub const ACTION_BATCH: usize = 50;

/// A CRUD object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
    ProductRatePlanChargeTier,
}

impl ObjectType {
    /// The `/v1/object/{path}` segment.
    #[must_use]
    pub fn path(self) -> &'static str {
        match self {
            ObjectType::Product => "product",
            ObjectType::ProductRatePlan => "product-rate-plan",
            ObjectType::ProductRatePlanCharge => "product-rate-plan-charge",
            ObjectType::ProductRatePlanChargeTier => "product-rate-plan-charge-tier",
        }
    }

    /// The Actions `type` name.
    #[must_use]
    pub fn action_type(self) -> &'static str {
        match self {
            ObjectType::Product => "Product",
            ObjectType::ProductRatePlan => "ProductRatePlan",
            ObjectType::ProductRatePlanCharge => "ProductRatePlanCharge",
            ObjectType::ProductRatePlanChargeTier => "ProductRatePlanChargeTier",
        }
    }
}

/// Which batch action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
}

struct CachedToken {
    value: Secret,
    fresh_until: Instant,
    generation: u64,
}

struct Inner {
    t: Transport,
    base: url::Url,
    version: String,
    entity_id: Option<String>,
    creds: Credentials,
    token: Mutex<Option<CachedToken>>,
    generation: std::sync::atomic::AtomicU64,
}

/// A Zuora tenant. Cheap to clone (shared state).
#[derive(Clone)]
pub struct ZuoraClient {
    inner: Arc<Inner>,
}

impl ZuoraClient {
    /// A client for the environment's Zuora tenant.
    ///
    /// # Errors
    /// Missing credentials, bad URL or TLS setup.
    pub fn new(env: &EnvConfig) -> Result<Self, ProviderError> {
        let creds = env.zuora_credentials().map_err(|e| ProviderError::Setup { message: e.to_string() })?;
        Self::with_client(env, creds, http::build_client(env)?)
    }

    /// A client for the environment's Zuora tenant that sends through `client` (shared with the Salesforce
    /// client, so the TLS roots are loaded once).
    ///
    /// # Errors
    /// Missing credentials or bad URL.
    pub fn sharing(env: &EnvConfig, client: reqwest::Client) -> Result<Self, ProviderError> {
        let creds = env.zuora_credentials().map_err(|e| ProviderError::Setup { message: e.to_string() })?;
        Self::with_client(env, creds, client)
    }

    /// A client with explicit credentials and HTTP client.
    ///
    /// # Errors
    /// Bad base URL.
    pub fn with_client(env: &EnvConfig, creds: Credentials, client: reqwest::Client) -> Result<Self, ProviderError> {
        let base = url::Url::parse(&env.zuora.base_url)
            .map_err(|e| ProviderError::Setup { message: format!("Zuora base URL: {e}") })?;
        Ok(ZuoraClient {
            inner: Arc::new(Inner {
                t: Transport::new(client, env.retry.clone(), env.zuora.read_concurrency, SERVICE),
                base,
                version: env.zuora.version.clone(),
                entity_id: env.zuora.entity_id.clone(),
                creds,
                token: Mutex::new(None),
                generation: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// Round-trip counters.
    #[must_use]
    pub fn stats(&self) -> &http::Stats {
        &self.inner.t.stats
    }

    fn url(&self, path: &str) -> Result<url::Url, ProviderError> {
        self.inner
            .base
            .join(path)
            .map_err(|e| ProviderError::Setup { message: format!("Zuora URL {path}: {e}") })
    }

    /// Whether rate plans come embedded in the catalog listing (`Zuora-Version` below 230.0).
    fn embedded_rate_plans(&self) -> bool {
        let v = &self.inner.version;
        if v.contains('-') {
            return false; // dated versions (2024-05-20) are newer than 230.0
        }
        v.split('.').next().and_then(|m| m.parse::<u32>().ok()).is_none_or(|m| m < 230)
    }

    async fn token(&self) -> Result<(Secret, u64), ProviderError> {
        let mut guard = self.inner.token.lock().await;
        if let Some(t) = guard.as_ref()
            && Instant::now() < t.fresh_until
        {
            return Ok((t.value.clone(), t.generation));
        }
        let url = self.url("/oauth/token")?;
        let inner = &self.inner;
        let raw = inner
            .t
            .execute(
                "POST /oauth/token",
                Idempotent::Yes,
                || {
                    let mut form = vec![
                        ("client_id", inner.creds.client_id.as_str()),
                        ("client_secret", inner.creds.client_secret.expose()),
                        ("grant_type", "client_credentials"),
                    ];
                    form.shrink_to_fit();
                    let mut r = inner.t.client.post(url.clone()).form(&form);
                    if let Some(e) = &inner.entity_id {
                        r = r.header("Zuora-Entity-Ids", e);
                    }
                    r
                },
                classify_plain,
            )
            .await?;
        if !raw.status.is_success() {
            return Err(ProviderError::Auth {
                service: SERVICE,
                message: format!("token request answered HTTP {}{}", raw.status.as_u16(), short_message(&raw.body.0)),
            });
        }
        let tok: TokenResponse = serde_json::from_slice(&raw.body.0).map_err(|e| ProviderError::Auth {
            service: SERVICE,
            message: format!("token response is not valid: {e}"),
        })?;
        let lifetime = Duration::from_secs(tok.expires_in.unwrap_or(3599));
        let margin = Duration::from_secs(60).min(lifetime / 2);
        let generation = inner.generation.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let value = Secret::new(tok.access_token);
        *guard = Some(CachedToken { value: value.clone(), fresh_until: Instant::now() + lifetime - margin, generation });
        Ok((value, generation))
    }

    async fn invalidate(&self, generation: u64) {
        let mut guard = self.inner.token.lock().await;
        if guard.as_ref().is_some_and(|t| t.generation == generation) {
            *guard = None;
        }
    }

    /// Sends an authenticated request; a 401 fetches a new token and retries once.
    async fn send(
        &self,
        what: &str,
        method: reqwest::Method,
        url: url::Url,
        body: Option<&Value>,
        idempotency_key: Option<&str>,
    ) -> Result<Raw, ProviderError> {
        let idem = if method == reqwest::Method::GET || method == reqwest::Method::PUT || idempotency_key.is_some() {
            Idempotent::Yes
        } else {
            Idempotent::No
        };
        for attempt in 0..2 {
            let (token, generation) = self.token().await?;
            let inner = &self.inner;
            let raw = inner
                .t
                .execute(
                    what,
                    idem,
                    || {
                        let mut r = inner
                            .t
                            .client
                            .request(method.clone(), url.clone())
                            .bearer_auth(token.expose())
                            .header("Zuora-Version", &inner.version)
                            .header("Accept", "application/json");
                        if let Some(e) = &inner.entity_id {
                            r = r.header("Zuora-Entity-Ids", e);
                        }
                        if let Some(k) = idempotency_key {
                            r = r.header("Idempotency-Key", k);
                        }
                        if let Some(b) = body {
                            r = r.json(b);
                        }
                        r
                    },
                    classify_v1,
                )
                .await?;
            if raw.status == StatusCode::UNAUTHORIZED && attempt == 0 {
                self.invalidate(generation).await;
                continue;
            }
            if raw.status == StatusCode::UNAUTHORIZED {
                return Err(ProviderError::Auth {
                    service: SERVICE,
                    message: format!("{what} answered 401 with a fresh token{}", short_message(&raw.body.0)),
                });
            }
            return Ok(raw);
        }
        Err(ProviderError::Auth { service: SERVICE, message: format!("{what}: unauthorized") })
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, what: &str, url: url::Url) -> Result<T, ProviderError> {
        let raw = self.send(what, reqwest::Method::GET, url, None, None).await?;
        if !raw.status.is_success() {
            return Err(ProviderError::Status {
                service: SERVICE,
                what: what.to_owned(),
                status: raw.status.as_u16(),
                message: short_message(&raw.body.0).trim_start_matches(": ").to_owned(),
            });
        }
        serde_json::from_slice(&raw.body.0).map_err(|e| ProviderError::Decode {
            service: SERVICE,
            what: what.to_owned(),
            message: e.to_string(),
        })
    }

    fn catalog_page_url(&self, page: u32) -> Result<url::Url, ProviderError> {
        let mut u = self.url("/v1/catalog/products")?;
        u.query_pairs_mut().append_pair("page", &page.to_string()).append_pair("pageSize", &PAGE_SIZE.to_string());
        Ok(u)
    }

    async fn catalog_page(&self, url: url::Url) -> Result<CatalogPage, ProviderError> {
        let page: CatalogPage = self.get_json("GET /v1/catalog/products", url).await?;
        if page.success == Some(false) {
            return Err(ProviderError::Rejected {
                service: SERVICE,
                what: "GET /v1/catalog/products".to_owned(),
                message: page.reasons.iter().map(|r| r.message.clone()).collect::<Vec<_>>().join("; "),
            });
        }
        Ok(page)
    }

    /// Reads the whole product catalog (every page, rate plans included) as raw REST catalog JSON.
    ///
    /// # Errors
    /// Any request that fails after its retries.
    pub async fn read_catalog(&self) -> Result<Vec<Value>, ProviderError> {
        let mut products = match self.read_pages_concurrently().await? {
            Some(p) => p,
            None => self.read_pages_sequentially().await?,
        };
        if !self.embedded_rate_plans() || products.iter().any(|p| p.get("productRatePlans").is_some_and(Value::is_string)) {
            self.fill_rate_plans(&mut products).await?;
        }
        Ok(products)
    }

    /// Reads page 1, then keeps up to `read_concurrency` page requests in flight. `None` when pages overlapped.
    async fn read_pages_concurrently(&self) -> Result<Option<Vec<Value>>, ProviderError> {
        let first = self.catalog_page(self.catalog_page_url(1)?).await?;
        let mut pages: Vec<(u32, Vec<Value>)> = vec![(1, first.products)];
        if first.next_page.is_some() {
            let window = u32::try_from(self.inner.t.limit.available_permits().max(1)).unwrap_or(1);
            let mut set = tokio::task::JoinSet::new();
            let mut next = 2u32;
            let mut last: Option<u32> = None;
            let spawn = |set: &mut tokio::task::JoinSet<_>, n: u32| -> Result<(), ProviderError> {
                let me = self.clone();
                let url = self.catalog_page_url(n)?;
                set.spawn(async move { (n, me.catalog_page(url).await) });
                Ok(())
            };
            while next < 2 + window {
                spawn(&mut set, next)?;
                next += 1;
            }
            while let Some(joined) = set.join_next().await {
                let (n, page) = joined.map_err(|e| ProviderError::Setup { message: format!("page task failed: {e}") })?;
                let page = page?;
                if page.next_page.is_none() {
                    last = Some(last.map_or(n, |l| l.min(n)));
                } else if last.is_none() {
                    spawn(&mut set, next)?;
                    next += 1;
                }
                pages.push((n, page.products));
            }
            if let Some(l) = last {
                pages.retain(|(n, _)| *n <= l);
            }
        }
        pages.sort_by_key(|(n, _)| *n);
        let products: Vec<Value> = pages.into_iter().flat_map(|(_, p)| p).collect();
        let mut seen = BTreeSet::new();
        let overlapped = products.iter().any(|p| !seen.insert(p.get("id").and_then(Value::as_str).unwrap_or("").to_owned()));
        Ok((!overlapped).then_some(products))
    }

    /// Reads the catalog strictly following `nextPage` (the fallback when concurrent pages overlapped).
    async fn read_pages_sequentially(&self) -> Result<Vec<Value>, ProviderError> {
        let mut url = self.catalog_page_url(1)?;
        let mut out = Vec::new();
        loop {
            let page = self.catalog_page(url).await?;
            out.extend(page.products);
            match page.next_page {
                Some(n) => url = self.url(&n)?,
                None => return Ok(out),
            }
        }
    }

    /// Replaces each product's `productRatePlans` URL with the plans read from `/v1/products/{id}/product-rate-plans`.
    async fn fill_rate_plans(&self, products: &mut [Value]) -> Result<(), ProviderError> {
        let mut set = tokio::task::JoinSet::new();
        for (i, p) in products.iter().enumerate() {
            if p.get("productRatePlans").is_some_and(Value::is_array) {
                continue;
            }
            let Some(id) = p.get("id").and_then(Value::as_str) else { continue };
            let me = self.clone();
            let mut url = self.url(&format!("/v1/products/{id}/product-rate-plans"))?;
            url.query_pairs_mut().append_pair("pageSize", &PAGE_SIZE.to_string());
            set.spawn(async move {
                let mut plans = Vec::new();
                let mut url = url;
                loop {
                    let page: RatePlanPage = me.get_json("GET /v1/products/{id}/product-rate-plans", url).await?;
                    plans.extend(page.product_rate_plans);
                    match page.next_page {
                        Some(n) => url = me.url(&n)?,
                        None => return Ok::<_, ProviderError>((i, plans)),
                    }
                }
            });
        }
        while let Some(joined) = set.join_next().await {
            let (i, plans) = joined.map_err(|e| ProviderError::Setup { message: format!("rate plan task failed: {e}") })??;
            if let Some(Value::Object(p)) = products.get_mut(i) {
                p.insert("productRatePlans".to_owned(), Value::Array(plans));
            }
        }
        Ok(())
    }

    /// Creates one object through CRUD (`POST /v1/object/{type}`) and returns its id.
    ///
    /// # Errors
    /// The call fails or Zuora answers `Success: false` (the error names Zuora's codes and messages).
    pub async fn create(
        &self,
        object: ObjectType,
        fields: &Map<String, Value>,
        idempotency_key: &str,
    ) -> Result<String, ProviderError> {
        let what = format!("POST /v1/object/{}", object.path());
        let url = self.url(&format!("/v1/object/{}", object.path()))?;
        let raw = self
            .send(&what, reqwest::Method::POST, url, Some(&Value::Object(fields.clone())), Some(idempotency_key))
            .await?;
        let r = save_result(&what, &raw)?;
        r.id.ok_or_else(|| ProviderError::Decode { service: SERVICE, what, message: "no Id in a successful create".into() })
    }

    /// Updates one object through CRUD (`PUT /v1/object/{type}/{id}`).
    ///
    /// # Errors
    /// The call fails or Zuora answers `Success: false`.
    pub async fn update(&self, object: ObjectType, id: &str, fields: &Map<String, Value>) -> Result<(), ProviderError> {
        let what = format!("PUT /v1/object/{}/{id}", object.path());
        let url = self.url(&format!("/v1/object/{}/{id}", object.path()))?;
        let raw = self.send(&what, reqwest::Method::PUT, url, Some(&Value::Object(fields.clone())), None).await?;
        save_result(&what, &raw).map(|_| ())
    }

    /// Creates or updates many objects through `POST /v1/action/create|update`, at most 50 per call, calls in
    /// sequence. Returns one `SaveResult` per object, in input order (per-object failures are results, not errors).
    /// Call `i` uses the idempotency key `{idempotency_prefix}-{i}`.
    ///
    /// # Errors
    /// A call fails as a whole.
    pub async fn action(
        &self,
        action: Action,
        object: ObjectType,
        objects: &[Map<String, Value>],
        idempotency_prefix: &str,
    ) -> Result<Vec<SaveResult>, ProviderError> {
        let op = match action {
            Action::Create => "create",
            Action::Update => "update",
        };
        let what = format!("POST /v1/action/{op}");
        let url = self.url(&format!("/v1/action/{op}"))?;
        let mut out = Vec::with_capacity(objects.len());
        for (i, chunk) in objects.chunks(ACTION_BATCH).enumerate() {
            let body = serde_json::to_value(ActionRequest { object_type: object.action_type(), objects: chunk })
                .map_err(|e| ProviderError::Decode { service: SERVICE, what: what.clone(), message: e.to_string() })?;
            let key = format!("{idempotency_prefix}-{i}");
            let raw = self.send(&what, reqwest::Method::POST, url.clone(), Some(&body), Some(&key)).await?;
            if !raw.status.is_success() {
                return Err(crud_error(&what, &raw));
            }
            let results: Vec<SaveResult> = serde_json::from_slice(&raw.body.0).map_err(|e| ProviderError::Decode {
                service: SERVICE,
                what: what.clone(),
                message: e.to_string(),
            })?;
            if results.len() != chunk.len() {
                return Err(ProviderError::Decode {
                    service: SERVICE,
                    what,
                    message: format!("{} results for {} objects", results.len(), chunk.len()),
                });
            }
            out.extend(results);
        }
        Ok(out)
    }
}

fn save_result(what: &str, raw: &Raw) -> Result<SaveResult, ProviderError> {
    let parsed: Option<SaveResult> = serde_json::from_slice(&raw.body.0).ok();
    match parsed {
        Some(r) if r.success && raw.status.is_success() => Ok(r),
        _ => Err(crud_error(what, raw)),
    }
}

fn crud_error(what: &str, raw: &Raw) -> ProviderError {
    if let Ok(r) = serde_json::from_slice::<SaveResult>(&raw.body.0)
        && !r.errors.is_empty()
    {
        return ProviderError::Rejected {
            service: SERVICE,
            what: what.to_owned(),
            message: r.errors.iter().map(|e| format!("{}: {}", e.code, e.message)).collect::<Vec<_>>().join("; "),
        };
    }
    ProviderError::Status {
        service: SERVICE,
        what: what.to_owned(),
        status: raw.status.as_u16(),
        message: short_message(&raw.body.0).trim_start_matches(": ").to_owned(),
    }
}

/// Classifier for the token endpoint: throttling and 5xx retried, everything else final.
fn classify_plain(status: StatusCode, headers: &HeaderMap, _body: &[u8]) -> Verdict {
    if status == StatusCode::TOO_MANY_REQUESTS {
        Verdict::Throttled(http::retry_after(headers))
    } else if matches!(status.as_u16(), 500 | 502 | 503 | 504) {
        Verdict::Transient
    } else {
        Verdict::Done
    }
}

/// Classifier for `/v1` calls (zuora-api.md section 4).
fn classify_v1(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Verdict {
    match status.as_u16() {
        429 => return Verdict::Throttled(http::retry_after(headers)),
        409 => return Verdict::Throttled(http::retry_after(headers)), // same idempotency key still in progress
        500 | 502 | 503 | 504 => return Verdict::Transient,
        _ => {}
    }
    if body.len() > 64 * 1024 || !body.starts_with(b"{") && !body.starts_with(b"[") {
        return Verdict::Done;
    }
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return Verdict::Done };
    if v.get("success") == Some(&Value::Bool(false))
        && let Some(reasons) = v.get("reasons").and_then(Value::as_array)
    {
        for r in reasons {
            let cat = serde_json::from_value::<super::wire::Reason>(r.clone()).ok().and_then(|r| r.category());
            match cat {
                Some(70) => return Verdict::Throttled(http::retry_after(headers)),
                Some(50 | 61 | 99) => return Verdict::Transient,
                _ => {}
            }
        }
    }
    if let Some(errors) = v.get("Errors").and_then(Value::as_array) {
        for e in errors {
            match e.get("Code").and_then(Value::as_str) {
                Some("REQUEST_EXCEEDED_RATE" | "REQUEST_EXCEEDED_LIMIT") => {
                    return Verdict::Throttled(http::retry_after(headers));
                }
                Some("LOCK_COMPETITION" | "TEMPORARY_ERROR" | "SERVER_UNAVAILABLE") => return Verdict::Transient,
                _ => {}
            }
        }
    }
    Verdict::Done
}
