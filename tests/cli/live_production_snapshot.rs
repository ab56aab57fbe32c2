//! The committed offline snapshot `state/production.json` ("production today") is reproducible: seed a sandbox
//! with `tests/fixtures/tenants/production.json` (made by `examples/tenant_seed.rs`), give its Salesforce org the
//! Product2 and price book entries production has, run `skuctl refresh --env production`, and compare byte for
//! byte. `SKUCTL_REGEN_SNAPSHOT=1` rewrites the committed file instead (`scripts/regen-production-snapshot`).
//!
//! Salesforce "today" matches the catalog except: the new product `gitlab_credits` has no Product2 yet, the
//! `saas_premium_1y` EUR list price is still 319.00 (as in Zuora), and `saas_duo_pro_1y` has no JPY entries.

use skuctl::live::desired_state;
use skuctl::model::{CurrencyCode, Money};
use skuctl::providers::salesforce::SalesforceClient;
use skuctl::providers::salesforce::mapping::{ensure_custom_price_book, push_products, read_state};

use super::support::{repo_root, scratch, skuctl};
use super::support_live::{EnvOpts, env_of, write_config};
use super::support_sandbox::Sandbox;

#[test]
fn committed_production_snapshot_is_reproducible() {
    let seed = repo_root().join("tests/fixtures/tenants/production.json");
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path"), "--today", "2026-01-01"]);
    let dir = scratch();
    let config = write_config(
        dir.path(),
        &EnvOpts { base_url: &sb.base, env_name: "production", custom_price_book: Some("Partner Price Book"), ..EnvOpts::default() },
    );
    let env = env_of_named(&config);
    let catalog = skuctl::load::load_catalog(&repo_root().join("catalog")).expect("load").catalog.expect("catalog");
    let mut want = desired_state(&catalog, &env).salesforce.expect("salesforce");
    let credits: Vec<String> = catalog
        .products
        .iter()
        .filter(|p| p.key.as_str() == "gitlab_credits")
        .flat_map(|p| p.plans.iter().map(|pl| pl.key.0.clone()))
        .collect();
    want.products.retain(|p| !credits.contains(p.key.as_ref().expect("key")));
    for p in &mut want.products {
        match p.key.as_deref() {
            Some("saas_premium_1y") => {
                for e in p.entries.iter_mut().filter(|e| e.currency == CurrencyCode::from("EUR")) {
                    e.unit_price = "319.00".parse::<Money>().expect("money");
                }
            }
            Some("saas_duo_pro_1y") => p.entries.retain(|e| e.currency != CurrencyCode::from("JPY")),
            _ => {}
        }
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let client = SalesforceClient::new(&env).expect("client").expect("configured");
        let mut live = read_state(&client).await.expect("read");
        ensure_custom_price_book(&client, &mut live).await.expect("custom book");
        push_products(&client, &live, &want.products).await.expect("push");
    });
    let out = dir.path().join("production.json");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "production", "--out"]).arg(&out).assert().success();
    let fresh = std::fs::read_to_string(&out).expect("fresh snapshot");
    let committed_path = repo_root().join("state/production.json");
    if std::env::var_os("SKUCTL_REGEN_SNAPSHOT").is_some() {
        skuctl::live::snapshot::write_atomic(&committed_path, fresh.as_bytes()).expect("write committed snapshot");
    }
    let committed = std::fs::read_to_string(&committed_path).expect("state/production.json is committed");
    assert!(committed == fresh, "state/production.json is stale: run scripts/regen-production-snapshot");
}

fn env_of_named(config: &std::path::Path) -> skuctl::config::EnvConfig {
    let _ = env_of; // the `test`-named helper does not apply here
    skuctl::config::Config::load(config).expect("config").env(Some("production")).expect("env").clone()
}
