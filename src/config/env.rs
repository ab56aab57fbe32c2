//! The `skuctl.yaml` schema and the resolution of one environment (URL checks, credentials from variables).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{ConfigError, Secret};

/// The client id `skuctl sandbox` accepts by default (documented in the README; not a secret).
pub const SANDBOX_CLIENT_ID: &str = "5f3c2a10-0000-4000-8000-000000000001";
/// The client secret `skuctl sandbox` accepts by default (documented in the README; only valid on loopback).
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-secret-not-for-production";

/// The whole config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The environment commands use when `--env` is not given.
    pub default_environment: String,
    /// Environments by name.
    pub environments: BTreeMap<String, EnvConfig>,
    /// The directory the file was read from (relative paths in the file are resolved against it).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One environment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvConfig {
    /// The environment's name (the key in `environments`).
    #[serde(skip)]
    pub name: String,
    pub zuora: ZuoraConfig,
    /// Absent when the environment has no Salesforce org.
    #[serde(default)]
    pub salesforce: Option<SalesforceConfig>,
    /// Use the documented `skuctl sandbox` credentials when the variables are unset. Only accepted when every URL
    /// of the environment is loopback.
    #[serde(default)]
    pub sandbox_default_credentials: bool,
    /// A PEM file with an extra CA or certificate to trust (e.g. the one `skuctl sandbox --tls` writes).
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    #[serde(default)]
    pub retry: RetryConfig,
    /// Where `refresh` writes and `plan --offline` reads the snapshot (default `state/<env>.json`).
    #[serde(default)]
    pub snapshot: Option<PathBuf>,
}

/// Zuora settings of one environment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZuoraConfig {
    /// REST base URL, e.g. `https://rest.zuora.com`.
    pub base_url: String,
    /// The `Zuora-Version` header. Versions below 230.0 embed rate plans in the catalog listing.
    #[serde(default = "default_zuora_version")]
    pub version: String,
    /// `Zuora-Entity-Ids` (multi-entity tenants only).
    #[serde(default)]
    pub entity_id: Option<String>,
    /// Name of the variable holding the OAuth client id.
    pub client_id_env: String,
    /// Name of the variable holding the OAuth client secret.
    pub client_secret_env: String,
    /// The custom field holding the catalog key on Product, ProductRatePlan and ProductRatePlanCharge.
    #[serde(default = "default_zuora_key_field")]
    pub catalog_key_field: String,
    /// The end date that stands for "open-ended" (Zuora requires an end date).
    #[serde(default = "default_open_end")]
    pub open_end_date: NaiveDate,
    /// The tenant's default (base) currency; Zuora has no API to read it. Used by `import`.
    #[serde(default = "default_currency")]
    pub default_currency: String,
    /// Concurrent requests while reading (the tenant's limit is 40 by default; leave room for others).
    #[serde(default = "default_read_concurrency")]
    pub read_concurrency: usize,
    /// Concurrent requests while writing.
    #[serde(default = "default_write_concurrency")]
    pub write_concurrency: usize,
}

/// Salesforce settings of one environment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalesforceConfig {
    /// The org's My Domain URL (client credentials only work there), e.g. `https://acme.my.salesforce.com`.
    pub login_url: String,
    /// REST API version without the `v`, e.g. `62.0`.
    #[serde(default = "default_sf_version")]
    pub api_version: String,
    pub client_id_env: String,
    pub client_secret_env: String,
    /// Name of a custom price book to keep in step with the standard one (optional).
    #[serde(default)]
    pub custom_price_book: Option<String>,
    /// The unique External ID field on Product2 holding the plan key.
    #[serde(default = "default_sf_key_field")]
    pub external_id_field: String,
}

/// Retry and backoff (zuora-api.md section 4): `sleep = random(0, min(cap, base * 2^attempt))`, `Retry-After`
/// honoured when present.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryConfig {
    /// Attempts for network errors and 5xx (including the first).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Attempts for throttling (429 / concurrency limit), which is an explicit "try later".
    #[serde(default = "default_throttled_attempts")]
    pub max_throttled_attempts: u32,
    #[serde(default = "default_base_ms")]
    pub base_ms: u64,
    #[serde(default = "default_cap_ms")]
    pub cap_ms: u64,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: default_attempts(),
            max_throttled_attempts: default_throttled_attempts(),
            base_ms: default_base_ms(),
            cap_ms: default_cap_ms(),
        }
    }
}

fn default_zuora_version() -> String {
    "211.0".to_owned()
}
fn default_zuora_key_field() -> String {
    "CatalogKey__c".to_owned()
}
fn default_open_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default()
}
fn default_currency() -> String {
    "USD".to_owned()
}
fn default_read_concurrency() -> usize {
    8
}
fn default_write_concurrency() -> usize {
    4
}
fn default_sf_version() -> String {
    "62.0".to_owned()
}
fn default_sf_key_field() -> String {
    "Catalog_Key__c".to_owned()
}
fn default_attempts() -> u32 {
    5
}
fn default_throttled_attempts() -> u32 {
    10
}
fn default_base_ms() -> u64 {
    1000
}
fn default_cap_ms() -> u64 {
    60_000
}

/// A resolved OAuth client: id and secret.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: Secret,
}

impl Config {
    /// Reads and checks `path` (every environment's URLs are checked; credentials are resolved later, per command).
    ///
    /// # Errors
    /// Unreadable or invalid file, or an insecure URL.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read { path: path.to_owned(), source: e })?;
        let mut cfg: Config = serde_saphyr::from_str(&text)
            .map_err(|e| ConfigError::Parse { path: path.to_owned(), message: e.to_string() })?;
        cfg.dir = path.parent().map(Path::to_owned).unwrap_or_default();
        for (name, env) in &mut cfg.environments {
            env.name.clone_from(name);
            if let Some(ca) = &env.ca_file
                && ca.is_relative()
            {
                env.ca_file = Some(cfg.dir.join(ca));
            }
            env.check()?;
        }
        if !cfg.environments.contains_key(&cfg.default_environment) {
            return Err(ConfigError::Parse {
                path: path.to_owned(),
                message: format!("default_environment `{}` is not defined", cfg.default_environment),
            });
        }
        Ok(cfg)
    }

    /// The named environment, or the default one.
    ///
    /// # Errors
    /// The name is not configured.
    pub fn env(&self, name: Option<&str>) -> Result<&EnvConfig, ConfigError> {
        let name = name.unwrap_or(&self.default_environment);
        self.environments.get(name).ok_or_else(|| ConfigError::UnknownEnv {
            name: name.to_owned(),
            known: self.environments.keys().cloned().collect::<Vec<_>>().join(", "),
        })
    }
}

impl EnvConfig {
    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut v = vec![("Zuora", self.zuora.base_url.as_str())];
        if let Some(sf) = &self.salesforce {
            v.push(("Salesforce", sf.login_url.as_str()));
        }
        v
    }

    fn check(&self) -> Result<(), ConfigError> {
        for (what, url) in self.urls() {
            check_url(&self.name, what, url)?;
            if self.sandbox_default_credentials && !is_loopback_url(url) {
                return Err(ConfigError::DefaultCredentialsNotLoopback {
                    env: self.name.clone(),
                    what,
                    url: url.to_owned(),
                });
            }
        }
        if self.zuora.read_concurrency == 0 || self.zuora.write_concurrency == 0 {
            return Err(ConfigError::Invalid { env: self.name.clone(), message: "concurrency must be at least 1".into() });
        }
        Ok(())
    }

    /// Zuora OAuth credentials from the configured variables.
    ///
    /// # Errors
    /// A variable is unset (and sandbox defaults do not apply).
    pub fn zuora_credentials(&self) -> Result<Credentials, ConfigError> {
        self.credentials("Zuora", &self.zuora.client_id_env, &self.zuora.client_secret_env)
    }

    /// Salesforce OAuth credentials from the configured variables (`None` when no Salesforce org is configured).
    ///
    /// # Errors
    /// A variable is unset (and sandbox defaults do not apply).
    pub fn salesforce_credentials(&self) -> Result<Option<Credentials>, ConfigError> {
        match &self.salesforce {
            None => Ok(None),
            Some(sf) => self.credentials("Salesforce", &sf.client_id_env, &sf.client_secret_env).map(Some),
        }
    }

    fn credentials(&self, what: &'static str, id_var: &str, secret_var: &str) -> Result<Credentials, ConfigError> {
        let get = |var: &str| std::env::var(var).ok().filter(|v| !v.is_empty());
        match (get(id_var), get(secret_var)) {
            (Some(id), Some(secret)) => Ok(Credentials { client_id: id, client_secret: Secret::new(secret) }),
            (id, secret) if self.sandbox_default_credentials && id.is_none() && secret.is_none() => Ok(Credentials {
                client_id: SANDBOX_CLIENT_ID.to_owned(),
                client_secret: Secret::new(SANDBOX_CLIENT_SECRET),
            }),
            (None, _) => Err(ConfigError::MissingCredential { env: self.name.clone(), what, var: id_var.to_owned() }),
            (Some(_), None) => {
                Err(ConfigError::MissingCredential { env: self.name.clone(), what, var: secret_var.to_owned() })
            }
        }
    }

    /// Where this environment's offline snapshot lives, relative to the config's directory.
    #[must_use]
    pub fn snapshot_path(&self, config_dir: &Path) -> PathBuf {
        let rel = self.snapshot.clone().unwrap_or_else(|| PathBuf::from(format!("state/{}.json", self.name)));
        if rel.is_relative() { config_dir.join(rel) } else { rel }
    }
}

/// Checks that `url` parses and is https, or http on a loopback host.
///
/// # Errors
/// Unparsable, not http(s), or plain http to a non-loopback host.
pub fn check_url(env: &str, what: &'static str, url: &str) -> Result<(), ConfigError> {
    let parsed = url::Url::parse(url).map_err(|e| ConfigError::BadUrl {
        env: env.to_owned(),
        what,
        url: url.to_owned(),
        message: e.to_string(),
    })?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_url(url) => Ok(()),
        "http" => Err(ConfigError::InsecureUrl { env: env.to_owned(), what, url: url.to_owned() }),
        other => Err(ConfigError::BadUrl {
            env: env.to_owned(),
            what,
            url: url.to_owned(),
            message: format!("scheme `{other}` is not http or https"),
        }),
    }
}

/// Whether the URL's host is loopback (`127.0.0.0/8`, `::1`, `localhost`).
#[must_use]
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else { return false };
    match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().map_err(|e| ConfigError::Read { path: PathBuf::new(), source: e })?;
        let p = dir.path().join("skuctl.yaml");
        std::fs::write(&p, text).map_err(|e| ConfigError::Read { path: p.clone(), source: e })?;
        Config::load(&p)
    }

    const BASE: &str = "default_environment: e\nenvironments:\n  e:\n    zuora:\n      base_url: URL\n      client_id_env: A_ID\n      client_secret_env: A_SECRET\n";

    #[test]
    fn plain_http_refused_unless_loopback() {
        assert!(matches!(cfg(&BASE.replace("URL", "http://zuora.example.com")), Err(ConfigError::InsecureUrl { .. })));
        assert!(cfg(&BASE.replace("URL", "http://127.0.0.1:4010")).is_ok());
        assert!(cfg(&BASE.replace("URL", "http://localhost:4010")).is_ok());
        assert!(cfg(&BASE.replace("URL", "http://[::1]:4010")).is_ok());
        assert!(cfg(&BASE.replace("URL", "https://rest.zuora.com")).is_ok());
        assert!(matches!(cfg(&BASE.replace("URL", "ftp://x")), Err(ConfigError::BadUrl { .. })));
    }

    #[test]
    fn default_credentials_only_on_loopback() {
        let t = format!("{}    sandbox_default_credentials: true\n", BASE.replace("URL", "https://rest.zuora.com"));
        assert!(matches!(cfg(&t), Err(ConfigError::DefaultCredentialsNotLoopback { .. })));
        let t = format!("{}    sandbox_default_credentials: true\n", BASE.replace("URL", "http://127.0.0.1:1"));
        let c = cfg(&t).expect("loopback config loads");
        let creds = c.env(None).expect("env").zuora_credentials().expect("defaults");
        assert_eq!(creds.client_id, SANDBOX_CLIENT_ID);
    }

    #[test]
    fn missing_credentials_name_the_variable() {
        let c = cfg(&BASE.replace("URL", "https://rest.zuora.com").replace("A_ID", "SKUCTL_TEST_UNSET_ID_9"))
            .expect("loads");
        let e = c.env(Some("e")).expect("env").zuora_credentials().expect_err("unset");
        assert!(e.to_string().contains("SKUCTL_TEST_UNSET_ID_9"), "{e}");
        assert!(matches!(c.env(Some("nope")), Err(ConfigError::UnknownEnv { .. })));
    }
}
