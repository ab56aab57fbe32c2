//! Helpers for the live-side tests: scratch `skuctl.yaml` files pointing at a local server, fixture tenants.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::support::repo_root;

/// A fixture tenant (`tests/fixtures/tenants/<name>.json`, the shape of `GET /v1/catalog/products`).
pub fn tenant_fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/tenants").join(format!("{name}.json"))
}

/// The `products` of a fixture tenant.
pub fn tenant_products(name: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(tenant_fixture(name)).expect("read fixture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    v["products"].as_array().expect("products array").clone()
}

/// Options of a scratch environment.
pub struct EnvOpts<'a> {
    pub base_url: &'a str,
    pub salesforce: bool,
    pub custom_price_book: Option<&'a str>,
    pub ca_file: Option<&'a Path>,
    /// Extra lines under the environment (already indented by 4 spaces).
    pub extra: &'a str,
    /// `Zuora-Version` header.
    pub zuora_version: &'a str,
    /// The environment's name.
    pub env_name: &'a str,
}

impl Default for EnvOpts<'_> {
    fn default() -> Self {
        EnvOpts { base_url: "http://127.0.0.1:9", salesforce: true, custom_price_book: None, ca_file: None, extra: "", zuora_version: "211.0", env_name: "test" }
    }
}

/// Writes `dir/skuctl.yaml` with one environment (`test` unless `env_name` says otherwise) (sandbox default credentials, fast retries).
pub fn write_config(dir: &Path, o: &EnvOpts<'_>) -> PathBuf {
    let mut s = format!(
        "default_environment: {name}\nenvironments:\n  {name}:\n    sandbox_default_credentials: true\n    retry:\n      base_ms: 20\n      cap_ms: 200\n      max_attempts: 6\n      max_throttled_attempts: 30\n    zuora:\n      base_url: {}\n      version: \"{}\"\n      client_id_env: SKUCTL_TEST_ZUORA_ID\n      client_secret_env: SKUCTL_TEST_ZUORA_SECRET\n",
        o.base_url,
        o.zuora_version,
        name = o.env_name
    );
    if o.salesforce {
        s.push_str(&format!(
            "    salesforce:\n      login_url: {}\n      client_id_env: SKUCTL_TEST_SF_ID\n      client_secret_env: SKUCTL_TEST_SF_SECRET\n",
            o.base_url
        ));
        if let Some(b) = o.custom_price_book {
            s.push_str(&format!("      custom_price_book: {b}\n"));
        }
    }
    if let Some(ca) = o.ca_file {
        s.push_str(&format!("    ca_file: {}\n", ca.display()));
    }
    s.push_str(o.extra);
    let p = dir.join("skuctl.yaml");
    std::fs::write(&p, s).expect("write config");
    p
}

/// The environment `test` of a config written by `write_config`.
pub fn env_of(config: &Path) -> skuctl::config::EnvConfig {
    skuctl::config::Config::load(config).expect("config loads").env(Some("test")).expect("env").clone()
}

/// `n` synthetic products (one plan, one per-unit charge each) in the `GET /v1/catalog/products` shape.
pub fn synthetic_products(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("{:032x}", 0xa000_0000_u64 + i as u64),
                "sku": format!("SYN-{i:05}"),
                "name": format!("Synthetic product {i:05}"),
                "description": "",
                "category": "Base Products",
                "effectiveStartDate": "2024-01-01",
                "effectiveEndDate": "2099-12-31",
                "CatalogKey__c": format!("syn_{i:05}"),
                "productRatePlans": [{
                    "id": format!("{:032x}", 0xb000_0000_u64 + i as u64),
                    "name": "SaaS - Synthetic - 1 Year",
                    "description": "",
                    "effectiveStartDate": "2024-01-01",
                    "effectiveEndDate": "2099-12-31",
                    "CatalogKey__c": format!("syn_{i:05}_1y"),
                    "productRatePlanCharges": [{
                        "id": format!("{:032x}", 0xc000_0000_u64 + i as u64),
                        "name": "Seat",
                        "type": "Recurring",
                        "model": "PerUnit",
                        "uom": "Seat",
                        "billingPeriod": "Annual",
                        "CatalogKey__c": "seat",
                        "pricing": [{"currency": "USD", "price": serde_json::Value::Number(format!("{}.99", 10 + i % 90).parse().expect("num"))}]
                    }]
                }]
            })
        })
        .collect()
}

/// Writes `products` as a seed file (`{"products": [...], "success": true}`) and returns its path.
pub fn write_seed(dir: &Path, products: &[serde_json::Value]) -> PathBuf {
    let p = dir.join("seed.json");
    let doc = serde_json::json!({"products": products, "success": true});
    std::fs::write(&p, serde_json::to_string_pretty(&doc).expect("json")).expect("write seed");
    p
}
