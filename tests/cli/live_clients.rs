//! The Zuora client against `skuctl sandbox` over loopback HTTP: reads (paging, concurrency, version switch),
//! token reuse and refresh, writes (CRUD, Actions, idempotency), TLS, and reads under injected faults.

use skuctl::live::{LiveState, Snapshot};
use skuctl::providers::zuora::mapping::{catalog_to_state, product_fields};
use skuctl::providers::zuora::{Action, ObjectType, ZuoraClient};

use super::support::{scratch, skuctl};
use super::support_live::{EnvOpts, env_of, synthetic_products, tenant_fixture, tenant_products, write_config, write_seed};
use super::support_sandbox::Sandbox;

fn offline(products: &[serde_json::Value]) -> LiveState {
    let mut s = LiveState { zuora: catalog_to_state(products, "CatalogKey__c").expect("maps"), salesforce: None };
    s.sort();
    s
}

fn zuora_only(dir: &std::path::Path, sb: &Sandbox) -> std::path::PathBuf {
    write_config(dir, &EnvOpts { base_url: &sb.base, salesforce: false, ..EnvOpts::default() })
}

fn ids(s: &LiveState) -> Vec<String> {
    let mut v = Vec::new();
    for p in &s.zuora.products {
        v.push(p.id.clone().unwrap_or_default());
        for rp in &p.rate_plans {
            v.push(rp.id.clone().unwrap_or_default());
            v.extend(rp.charges.iter().map(|c| c.id.clone().unwrap_or_default()));
        }
    }
    v
}

#[test]
fn refresh_reads_a_seeded_tenant_exactly_and_deterministically() {
    let seed = tenant_fixture("realistic");
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path"), "--today", "2026-01-01"]);
    let dir = scratch();
    let config = zuora_only(dir.path(), &sb);
    let out = dir.path().join("state/test.json");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "test"]).assert().success();
    let first = std::fs::read_to_string(&out).expect("default path state/<env>.json next to the config");
    let snap = Snapshot::read(&out).expect("snapshot reads");
    let want = offline(&tenant_products("realistic"));
    assert_eq!(snap.state().managed_view(), want.managed_view(), "same managed fields as the dump");
    assert_eq!(ids(&snap.state()), ids(&want), "remote ids kept");
    assert!(first.contains("\"price\": \"348.00\""), "exact price text");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "test"]).assert().success();
    assert_eq!(std::fs::read_to_string(&out).expect("again"), first, "byte-identical on a second refresh");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_every_page_with_bounded_concurrency() {
    let dir = scratch();
    let products = synthetic_products(130); // 4 pages of 40
    let seed = write_seed(dir.path(), &products);
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path")]);
    let env = env_of(&zuora_only(dir.path(), &sb));
    let client = ZuoraClient::new(&env).expect("client");
    let raw = client.read_catalog().await.expect("read");
    assert_eq!(raw.len(), 130);
    let state = offline(&raw);
    assert_eq!(state.managed_view(), offline(&products).managed_view());
    // 1 token + 4 pages, plus at most (concurrency - 1) pages requested past the end.
    let requests = client.stats().requests();
    assert!((5..=5 + 7).contains(&requests), "{requests} requests");
    // The token is reused: a second read costs pages only.
    client.read_catalog().await.expect("read again");
    assert!(client.stats().requests() - requests <= 4 + 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newer_zuora_versions_read_rate_plans_per_product() {
    let dir = scratch();
    let seed = tenant_fixture("realistic");
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path")]);
    let config = write_config(
        dir.path(),
        &EnvOpts { base_url: &sb.base, salesforce: false, zuora_version: "2025-08-12", ..EnvOpts::default() },
    );
    let client = ZuoraClient::new(&env_of(&config)).expect("client");
    let raw = client.read_catalog().await.expect("read");
    assert_eq!(offline(&raw).managed_view(), offline(&tenant_products("realistic")).managed_view());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refreshed_once() {
    let dir = scratch();
    let seed = tenant_fixture("realistic");
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path"), "--token-lifetime", "1"]);
    let env = env_of(&zuora_only(dir.path(), &sb));
    let client = ZuoraClient::new(&env).expect("client");
    client.read_catalog().await.expect("first read");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let raw = client.read_catalog().await.expect("read after the token expired");
    assert_eq!(raw.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_through_crud_and_actions_with_idempotency_keys() {
    let dir = scratch();
    let sb = Sandbox::start(&["--today", "2026-01-01"]);
    let env = env_of(&zuora_only(dir.path(), &sb));
    let client = ZuoraClient::new(&env).expect("client");
    let mut desired = offline(&tenant_products("realistic")).managed_view();
    let premium = desired.zuora.products.iter_mut().find(|p| p.key == "premium_saas").expect("premium");
    let fields = product_fields(premium, "CatalogKey__c");
    let id = client.create(ObjectType::Product, &fields, "test-create-premium").await.expect("create");
    // The same idempotency key does not create a second product.
    let again = client.create(ObjectType::Product, &fields, "test-create-premium").await.expect("replay");
    assert_eq!(again, id);
    let plan = &premium.rate_plans[0];
    let plan_fields = skuctl::providers::zuora::mapping::rate_plan_fields(plan, &id, "CatalogKey__c");
    let plan_id = client.create(ObjectType::ProductRatePlan, &plan_fields, "test-create-plan").await.expect("plan");
    for (i, c) in plan.charges.iter().enumerate() {
        let f = skuctl::providers::zuora::mapping::charge_fields(c, &plan_id, "CatalogKey__c", &Default::default());
        client.create(ObjectType::ProductRatePlanCharge, &f, &format!("test-create-charge-{i}")).await.expect("charge");
    }
    let mut update = serde_json::Map::new();
    update.insert("Description".into(), "Updated".into());
    client.update(ObjectType::Product, &id, &update).await.expect("update");
    // 60 products through Actions: two calls (50 + 10), results in order.
    let many: Vec<_> = (0..60)
        .map(|i| {
            let mut m = serde_json::Map::new();
            m.insert("Name".into(), format!("Batch {i:02}").into());
            m.insert("EffectiveStartDate".into(), "2024-01-01".into());
            m.insert("EffectiveEndDate".into(), "2099-12-31".into());
            m.insert("CatalogKey__c".into(), format!("batch_{i:02}").into());
            m
        })
        .collect();
    let before = client.stats().requests();
    let results = client.action(Action::Create, ObjectType::Product, &many, "test-batch").await.expect("batch");
    assert_eq!(results.len(), 60);
    assert!(results.iter().all(|r| r.success && r.id.is_some()), "{results:?}");
    assert_eq!(client.stats().requests() - before, 2, "ceil(60 / 50) calls");
    let live = offline(&client.read_catalog().await.expect("read"));
    assert_eq!(live.zuora.products.len(), 61);
    let read_back = live.zuora.products.iter().find(|p| p.key == "premium_saas").expect("created product");
    assert_eq!(read_back.description, "Updated");
    let seat = &read_back.rate_plans[0].charges.iter().find(|c| c.key == "seat").expect("seat");
    let want_seat = &premium.rate_plans[0].charges.iter().find(|c| c.key == "seat").expect("seat");
    assert_eq!(seat.pricing, want_seat.pricing, "prices written exactly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_write_names_zuoras_error() {
    let dir = scratch();
    let sb = Sandbox::start(&[]);
    let env = env_of(&zuora_only(dir.path(), &sb));
    let client = ZuoraClient::new(&env).expect("client");
    let mut m = serde_json::Map::new();
    m.insert("Name".into(), "No dates".into());
    let err = client.create(ObjectType::Product, &m, "test-missing").await.expect_err("missing required fields");
    let text = err.to_string();
    assert!(text.contains("Zuora: POST /v1/object/product"), "{text}");
    assert!(text.contains("MISSING_REQUIRED_VALUE") || text.contains("EffectiveStartDate"), "{text}");
}

#[test]
fn reads_complete_and_are_correct_under_throttling_5xx_and_dropped_connections() {
    let dir = scratch();
    let products = synthetic_products(200); // 5 pages
    let seed = write_seed(dir.path(), &products);
    let sb = Sandbox::start(&[
        "--seed",
        seed.to_str().expect("path"),
        "--rate-429",
        "0.25",
        "--rate-5xx",
        "0.15",
        "--rate-drop",
        "0.1",
        "--retry-after",
        "0",
        "--fault-seed",
        "7",
    ]);
    let config = zuora_only(dir.path(), &sb);
    let out = dir.path().join("faulty.json");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "test", "--out"]).arg(&out).assert().success();
    let snap = Snapshot::read(&out).expect("snapshot");
    assert_eq!(snap.state().managed_view(), offline(&products).managed_view());
    // The same read through the library, to see that faults really happened and were retried.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let client = ZuoraClient::new(&env_of(&config)).expect("client");
    let raw = rt.block_on(client.read_catalog()).expect("read under faults");
    assert_eq!(offline(&raw).managed_view(), offline(&products).managed_view());
    let stats = client.stats();
    let throttled = stats.throttled.load(std::sync::atomic::Ordering::Relaxed);
    let transient = stats.transient.load(std::sync::atomic::Ordering::Relaxed);
    assert!(throttled > 0 && transient > 0, "faults were injected and retried: {throttled} throttled, {transient} transient");
}

#[test]
fn refresh_over_tls_trusts_the_configured_certificate() {
    let dir = scratch();
    let seed = tenant_fixture("realistic");
    let sb = Sandbox::start(&["--tls", "--seed", seed.to_str().expect("path")]);
    let cert = sb.cert.clone().expect("certificate path");
    let config = write_config(
        dir.path(),
        &EnvOpts { base_url: &sb.base, salesforce: false, ca_file: Some(&cert), ..EnvOpts::default() },
    );
    let out = dir.path().join("tls.json");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "test", "--out"]).arg(&out).assert().success();
    // Without the certificate the TLS handshake fails: nothing written, exit 1.
    std::fs::create_dir_all(dir.path().join("x")).expect("mkdir");
    let untrusted = write_config(&dir.path().join("x"), &EnvOpts { base_url: &sb.base, salesforce: false, ..EnvOpts::default() });
    let out2 = dir.path().join("untrusted.json");
    skuctl().args(["refresh", "--config"]).arg(&untrusted).args(["--env", "test", "--out"]).arg(&out2).assert().code(1);
    assert!(!out2.exists());
}
