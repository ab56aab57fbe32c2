//! Benchmark: read a 2,800-product tenant from `skuctl sandbox` through `GET /v1/catalog/products` with 20 ms
//! injected latency per request, sequentially (following `nextPage`) and with C pages in flight, and compare wall
//! time with the floor `ceil(pages / concurrency) x latency`. Round trips are counted by the sandbox
//! (`/sandbox/admin/stats`). `cargo bench --bench sandbox_read` runs the full size; under `cargo test` it runs a
//! small smoke size so the suite stays fast. Figures are recorded in BENCHMARKS.md.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};

const LATENCY_MS: u64 = 20;
const PAGE_SIZE: usize = 40;

fn seed(products: usize) -> Value {
    let list: Vec<Value> = (0..products)
        .map(|i| {
            json!({
                "id": format!("{:032x}", i + 1), "sku": format!("SKU-{:08}", i + 1), "name": format!("Product {i}"),
                "effectiveStartDate": "2024-01-01", "effectiveEndDate": "2099-01-01", "CatalogKey__c": format!("p{i}"),
                "productRatePlans": [{
                    "id": format!("{:032x}", 1_000_000 + i), "name": "Monthly", "CatalogKey__c": format!("p{i}-m"),
                    "effectiveStartDate": "2024-01-01", "effectiveEndDate": "2099-01-01",
                    "productRatePlanCharges": [
                        {"id": format!("{:032x}", 2_000_000 + i), "name": "Base", "type": "Recurring", "model": "FlatFee",
                         "billingPeriod": "Month", "billingDay": "DefaultFromCustomer", "triggerEvent": "ContractEffective",
                         "pricing": [{"currency": "USD", "price": 10}, {"currency": "EUR", "price": 9}]},
                        {"id": format!("{:032x}", 3_000_000 + i), "name": "Seat", "type": "Recurring", "model": "PerUnit",
                         "uom": "Seat", "defaultQuantity": 1, "billingPeriod": "Month", "billingDay": "DefaultFromCustomer",
                         "triggerEvent": "ContractEffective", "pricing": [{"currency": "USD", "price": 19.99}]}
                    ]
                }]
            })
        })
        .collect();
    json!({"products": list, "success": true})
}

struct Sandbox {
    child: std::process::Child,
    base: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(seed_path: &std::path::Path) -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skuctl"))
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--latency-ms",
            &LATENCY_MS.to_string(),
            "--seed",
        ])
        .arg(seed_path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read address");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect("address line")
        .to_string();
    Sandbox { child, base }
}

async fn round_trips(client: &reqwest::Client, base: &str) -> u64 {
    let stats: Value = client
        .get(format!("{base}/sandbox/admin/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["routes"]["GET /v1/catalog/products"].as_u64().unwrap_or(0)
}

async fn run(products: usize, concurrency: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed_path = dir.path().join("seed.json");
    std::fs::write(&seed_path, seed(products).to_string()).expect("write seed");
    let sb = start(&seed_path);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let token: Value = client
        .post(format!("{}/oauth/token", sb.base))
        .form(&[
            ("client_id", skuctl::sandbox::DEFAULT_CLIENT_ID),
            ("client_secret", skuctl::sandbox::DEFAULT_CLIENT_SECRET),
            ("grant_type", "client_credentials"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let pages = products.div_ceil(PAGE_SIZE);

    // Sequential: follow nextPage.
    let start = Instant::now();
    let mut url = Some(format!("{}/v1/catalog/products?pageSize={PAGE_SIZE}", sb.base));
    let mut seen = 0;
    while let Some(u) = url {
        let page: Value = client
            .get(&u)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen += page["products"].as_array().map_or(0, Vec::len);
        url = page["nextPage"].as_str().map(str::to_string);
    }
    let sequential = start.elapsed();
    assert_eq!(seen, products);
    let trips_seq = round_trips(&client, &sb.base).await;

    // Concurrent: pages 1..=N, C in flight.
    let start = Instant::now();
    let counts: Vec<usize> = futures_util::stream::iter(1..=pages)
        .map(|p| {
            let (client, token, base) = (client.clone(), token.clone(), sb.base.clone());
            async move {
                let page: Value = client
                    .get(format!("{base}/v1/catalog/products?page={p}&pageSize={PAGE_SIZE}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                page["products"].as_array().map_or(0, Vec::len)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let concurrent = start.elapsed();
    assert_eq!(counts.iter().sum::<usize>(), products);
    let trips_total = round_trips(&client, &sb.base).await;

    // The floor: rounds of `c` pages in flight, each round one latency long.
    let floor = |c: u64| Duration::from_millis((pages as u64).div_ceil(c) * LATENCY_MS);
    println!("sandbox catalog read: {products} products, {pages} pages of {PAGE_SIZE}, {LATENCY_MS} ms latency");
    println!(
        "  sequential        : {:>5} round trips, wall {:>7.1} ms, floor {:>7.1} ms (x{:.2})",
        trips_seq,
        sequential.as_secs_f64() * 1e3,
        floor(1).as_secs_f64() * 1e3,
        sequential.as_secs_f64() / floor(1).as_secs_f64()
    );
    println!(
        "  {concurrency:>2} in flight      : {:>5} round trips, wall {:>7.1} ms, floor {:>7.1} ms (x{:.2})",
        trips_total - trips_seq,
        concurrent.as_secs_f64() * 1e3,
        floor(concurrency as u64).as_secs_f64() * 1e3,
        concurrent.as_secs_f64() / floor(concurrency as u64).as_secs_f64()
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let products = if full { 2800 } else { 120 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for concurrency in [8, 40] {
        runtime.block_on(run(products, concurrency));
    }
}
