//! The Salesforce client against `skuctl sandbox`: Product2 upserts by external id (200 per call), standard then
//! custom price book entries, in-place updates, reads with paging, refresh with Salesforce, and faults.

use skuctl::live::{LiveState, SalesforceState, Snapshot, desired_state};
use skuctl::providers::salesforce::SalesforceClient;
use skuctl::providers::salesforce::mapping::{ensure_custom_price_book, push_products, read_state};

use super::support::{repo_root, scratch, skuctl};
use super::support_live::{EnvOpts, env_of, write_config};
use super::support_sandbox::Sandbox;

fn sample_catalog() -> skuctl::model::Catalog {
    skuctl::load::load_catalog(&repo_root().join("catalog")).expect("load").catalog.expect("sample catalog")
}

fn managed(s: &SalesforceState) -> SalesforceState {
    LiveState { zuora: Default::default(), salesforce: Some(s.clone()) }.managed_view().salesforce.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_products_and_price_entries_and_reads_them_back() {
    let dir = scratch();
    let sb = Sandbox::start(&[]);
    let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, custom_price_book: Some("Partner Price Book"), ..EnvOpts::default() }));
    let client = SalesforceClient::new(&env).expect("client").expect("configured");
    let want = desired_state(&sample_catalog(), &env).salesforce.expect("salesforce desired");
    let mut live = read_state(&client).await.expect("read empty org");
    assert!(live.products.is_empty());
    assert!(live.standard_price_book_id.is_some(), "the org starts with its standard price book");
    ensure_custom_price_book(&client, &mut live).await.expect("custom book");
    let written = push_products(&client, &live, &want.products).await.expect("push");
    assert!(written > want.products.len());
    let live = read_state(&client).await.expect("read back");
    assert_eq!(managed(&live), managed(&want), "Product2 and PricebookEntry records match the catalog");

    // A second push with changed prices updates entries in place: same ids, new prices, no new records.
    let mut changed = want.clone();
    for p in &mut changed.products {
        for e in &mut p.entries {
            e.unit_price = skuctl::model::Money(e.unit_price.0 + rust_decimal::Decimal::ONE);
        }
    }
    push_products(&client, &live, &changed.products).await.expect("push again");
    let after = read_state(&client).await.expect("read after update");
    assert_eq!(managed(&after), managed(&changed));
    let ids = |s: &SalesforceState| {
        let mut v: Vec<String> = s.products.iter().flat_map(|p| p.entries.iter().filter_map(|e| e.id.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&after), ids(&live), "entries updated in place, none recreated");
}

/// The read's queries go out together: with the org allowing one request at a time and every request held for
/// 300 ms, the others are refused as concurrent (then retried), which only happens when they overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_sends_its_queries_side_by_side_and_keeps_only_the_named_books() {
    let dir = scratch();
    let state = dir.path().join("org.json");
    let want = {
        let sb = Sandbox::start_at(&state, &[]);
        let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, custom_price_book: Some("Partner Price Book"), ..EnvOpts::default() }));
        let client = SalesforceClient::new(&env).expect("client").expect("configured");
        let want = desired_state(&sample_catalog(), &env).salesforce.expect("salesforce desired");
        let mut live = read_state(&client).await.expect("read empty org");
        ensure_custom_price_book(&client, &mut live).await.expect("custom book");
        push_products(&client, &live, &want.products).await.expect("push");
        // Another custom book with entries of its own: a read for "Partner Price Book" must not pick them up.
        let token = sb.salesforce_token().await;
        let (status, other) = sb
            .json(reqwest::Method::POST, "/services/data/v62.0/sobjects/Pricebook2", &token, Some(&serde_json::json!({"Name": "Reseller Price Book", "IsActive": true})))
            .await;
        assert_eq!(status, 201, "{other}");
        let product = live_product_id(&client).await;
        let (status, entry) = sb
            .json(
                reqwest::Method::POST,
                "/services/data/v62.0/sobjects/PricebookEntry",
                &token,
                Some(&serde_json::json!({"Pricebook2Id": other["id"], "Product2Id": product, "CurrencyIsoCode": "USD", "UnitPrice": 1, "IsActive": true})),
            )
            .await;
        assert_eq!(status, 201, "{entry}");
        want
    };
    let sb = Sandbox::start_at(&state, &["--concurrency-limit", "1", "--latency-ms", "300"]);
    let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, custom_price_book: Some("Partner Price Book"), ..EnvOpts::default() }));
    let client = SalesforceClient::new(&env).expect("client").expect("configured");
    let live = read_state(&client).await.expect("read through the concurrency limit");
    assert_eq!(managed(&live), managed(&want), "only the standard and the named custom book are read");
    let stats: serde_json::Value = sb.client.get(sb.url("/sandbox/admin/stats")).send().await.unwrap().json().await.unwrap();
    assert!(stats["faults"]["concurrency"].as_u64().unwrap_or(0) >= 1, "the queries overlapped: {stats}");
}

async fn live_product_id(client: &SalesforceClient) -> String {
    let rows = client.query("SELECT Id FROM Product2 LIMIT 1").await.expect("query");
    rows[0]["Id"].as_str().expect("id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upserts_in_batches_of_200_and_reads_every_page() {
    let dir = scratch();
    let sb = Sandbox::start(&[]);
    let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, ..EnvOpts::default() }));
    let client = SalesforceClient::new(&env).expect("client").expect("configured");
    let records: Vec<serde_json::Map<String, serde_json::Value>> = (0..450)
        .map(|i| {
            let mut m = serde_json::Map::new();
            m.insert("Name".into(), format!("Plan {i:03}").into());
            m.insert("ProductCode".into(), format!("P-{i:03}").into());
            m.insert("IsActive".into(), true.into());
            m.insert("Catalog_Key__c".into(), format!("plan_{i:03}").into());
            m
        })
        .collect();
    let before = client.stats().requests();
    let results = client.upsert("Product2", "Catalog_Key__c", &records).await.expect("upsert");
    assert_eq!(client.stats().requests() - before, 1 + 3, "a token, then ceil(450 / 200) calls");
    assert!(results.iter().all(|r| r.success && r.created == Some(true)), "{:?}", &results[..2]);
    // Upserting the same keys again updates: nothing new is created.
    let again = client.upsert("Product2", "Catalog_Key__c", &records[..10]).await.expect("upsert again");
    assert!(again.iter().all(|r| r.success && r.created == Some(false)));
    let rows = client.query("SELECT Id, Catalog_Key__c FROM Product2").await.expect("query");
    assert_eq!(rows.len(), 450, "every page followed (nextRecordsUrl)");
}

#[test]
fn refresh_reads_salesforce_under_faults() {
    let dir = scratch();
    let state = dir.path().join("sandbox-state.json");
    let want;
    {
        // Populate the org without faults...
        let sb = Sandbox::start_at(&state, &[]);
        let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, ..EnvOpts::default() }));
        let client = SalesforceClient::new(&env).expect("client").expect("configured");
        want = desired_state(&sample_catalog(), &env).salesforce.expect("desired");
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            let live = read_state(&client).await.expect("read");
            push_products(&client, &live, &want.products).await.expect("push");
        });
    }
    // ...then read it back through throttling (403 REQUEST_LIMIT_EXCEEDED), 503s and dropped connections.
    let sb = Sandbox::start_at(&state, &["--rate-429", "0.3", "--rate-5xx", "0.2", "--rate-drop", "0.1", "--retry-after", "0", "--fault-seed", "3"]);
    let config = write_config(dir.path(), &EnvOpts { base_url: &sb.base, ..EnvOpts::default() });
    let out = dir.path().join("snap.json");
    let run = skuctl()
        .args(["refresh", "--format", "json", "--config"])
        .arg(&config)
        .args(["--env", "test", "--out"])
        .arg(&out)
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).expect("json summary");
    let requests = summary["salesforce"]["requests"].as_u64().expect("requests");
    assert!(requests > 4, "faults were retried (a token and 3 queries without faults): {requests} requests");
    let snap = Snapshot::read(&out).expect("snapshot");
    assert_eq!(managed(&snap.salesforce.expect("salesforce")), managed(&want));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_is_renewed_once() {
    let dir = scratch();
    let sb = Sandbox::start(&["--token-lifetime", "1"]);
    let env = env_of(&write_config(dir.path(), &EnvOpts { base_url: &sb.base, ..EnvOpts::default() }));
    let client = SalesforceClient::new(&env).expect("client").expect("configured");
    read_state(&client).await.expect("first read");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let before = client.stats().requests();
    let tokens_before = token_requests(&sb).await;
    read_state(&client).await.expect("read after INVALID_SESSION_ID");
    // The 3 queries run side by side: each gets 401, the session is renewed once, then the 3 queries again.
    assert_eq!(client.stats().requests() - before, 3 + 1 + 3);
    assert_eq!(token_requests(&sb).await - tokens_before, 1, "one renewal for the three queries");
}

/// Salesforce token requests the sandbox has answered so far.
async fn token_requests(sb: &Sandbox) -> u64 {
    let stats: serde_json::Value =
        sb.client.get(sb.url("/sandbox/admin/stats")).send().await.unwrap().json().await.unwrap();
    stats["routes"]
        .as_object()
        .expect("routes")
        .iter()
        .filter(|(route, _)| route.contains("/services/oauth2/token"))
        .map(|(_, n)| n.as_u64().unwrap_or(0))
        .sum()
}
