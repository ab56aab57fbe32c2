//! Benchmark: read a 2,800-product tenant from `skuctl sandbox` with injected latency, counting round trips and
//! wall time against the floor `pages x latency / concurrency`, for several read concurrencies in the same run.
//!
//! Run: `cargo build --release && cargo run --release --example live_read_bench [-- PRODUCTS LATENCY_MS]`
//! (defaults 2800 and 20). Needs `target/release/skuctl` (it starts the sandbox from it). Results: BENCHMARKS.md.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use skuctl::config::Config;
use skuctl::providers::zuora::ZuoraClient;
use skuctl::providers::zuora::client::PAGE_SIZE;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let products: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2800);
    let latency_ms: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, seed_json(products)).expect("write seed");
    let exe = std::env::current_exe().expect("exe");
    let bin = exe.ancestors().nth(2).expect("target dir").join("skuctl");
    let mut child = Command::new(&bin)
        .args(["sandbox", "--listen", "127.0.0.1:0", "--latency-ms", &latency_ms.to_string(), "--seed"])
        .arg(&seed)
        .arg("--state")
        .arg(dir.path().join("state.json"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e} (run `cargo build --release` first)", bin.display()));
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("address line");
    let base = first.trim().strip_prefix("listening on ").expect("listening line").to_owned();
    let pages = products.div_ceil(PAGE_SIZE as usize) as u64;
    println!("tenant: {products} products ({} rate plans, {} charges), {pages} pages of {PAGE_SIZE}, {latency_ms} ms latency per request", products * 2, products * 4);
    println!("| read concurrency | requests (token + pages + overfetch) | wall time | floor pages x latency / concurrency | wall / floor |");
    println!("|---|---|---|---|---|");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    for concurrency in [1usize, 4, 8, 16, 40] {
        let cfg_path = dir.path().join(format!("skuctl-{concurrency}.yaml"));
        std::fs::write(
            &cfg_path,
            format!(
                "default_environment: b\nenvironments:\n  b:\n    sandbox_default_credentials: true\n    zuora:\n      base_url: {base}\n      client_id_env: B_ID\n      client_secret_env: B_SECRET\n      read_concurrency: {concurrency}\n"
            ),
        )
        .expect("config");
        let cfg = Config::load(&cfg_path).expect("config loads");
        let env = cfg.env(None).expect("env");
        let client = ZuoraClient::new(env).expect("client");
        let start = Instant::now();
        let raw = rt.block_on(client.read_catalog()).expect("read");
        let wall = start.elapsed();
        assert_eq!(raw.len(), products, "every product read");
        let floor_ms = (pages * latency_ms) as f64 / concurrency as f64;
        println!(
            "| {concurrency} | {} | {:.0} ms | {floor_ms:.0} ms | {:.2} |",
            client.stats().requests(),
            wall.as_secs_f64() * 1000.0,
            wall.as_secs_f64() * 1000.0 / floor_ms
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn seed_json(n: usize) -> String {
    let mut products = Vec::with_capacity(n);
    for i in 0..n {
        let plans: Vec<serde_json::Value> = (0..2)
            .map(|p| {
                let charges: Vec<serde_json::Value> = (0..2)
                    .map(|c| {
                        serde_json::json!({
                            "id": format!("{:08x}{:08x}{:08x}{:08x}", 0xc0u32, i, p, c),
                            "name": format!("Charge {c}"), "type": "Recurring", "model": "PerUnit", "uom": "Seat",
                            "billingPeriod": "Annual", "CatalogKey__c": format!("c{c}"),
                            "pricing": [
                                {"currency": "USD", "price": serde_json::Value::Number(format!("{}.99", 10 + i % 90).parse().expect("n"))},
                                {"currency": "EUR", "price": serde_json::Value::Number(format!("{}.49", 9 + i % 90).parse().expect("n"))}
                            ]
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": format!("{:08x}{:08x}{:08x}{:08x}", 0xb0u32, i, p, 0),
                    "name": format!("SaaS - Plan {p} - 1 Year"), "description": "",
                    "effectiveStartDate": "2024-01-01", "effectiveEndDate": "2099-12-31",
                    "CatalogKey__c": format!("p{i:05}_{p}"), "productRatePlanCharges": charges
                })
            })
            .collect();
        products.push(serde_json::json!({
            "id": format!("{:08x}{:08x}{:08x}{:08x}", 0xa0u32, i, 0, 0),
            "sku": format!("BENCH-{i:05}"), "name": format!("Bench product {i:05}"), "description": "",
            "category": "Base Products", "effectiveStartDate": "2024-01-01", "effectiveEndDate": "2099-12-31",
            "CatalogKey__c": format!("bench_{i:05}"), "productRatePlans": plans
        }));
    }
    serde_json::to_string(&serde_json::json!({"products": products, "success": true})).expect("json")
}
