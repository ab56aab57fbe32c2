//! Operational contract tests of the sandbox: persistence across `kill -9`, seed loading (round trip of the
//! catalog shape), TLS, fault injection (429 + Retry-After, 5xx, dropped connections, latency, slow bodies,
//! determinism), the concurrency limit, Idempotency-Key replay/conflict, ZOQL paging, the zuora-version switch,
//! and that credentials never reach the sandbox's output or state file.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::repo_root;
use crate::support_sandbox::{CLIENT_ID, SF, Sandbox};

fn product_body(name: &str) -> Value {
    json!({"Name": name, "EffectiveStartDate": "2024-01-01", "EffectiveEndDate": "2099-01-01"})
}

#[tokio::test]
async fn state_survives_kill_9_and_restart() {
    let mut sb = Sandbox::start(&[]);
    let dir = sb.take_dir();
    let t = sb.zuora_token().await;
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product_body("Kept")))
        .await;
    assert_eq!(s, 200);
    let id = v["Id"].as_str().unwrap().to_string();
    let st = sb.salesforce_token().await;
    let (s, p) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/Product2"),
            &st,
            Some(&json!({"Name":"Kept","Catalog_Key__c":"kept"})),
        )
        .await;
    assert_eq!(s, 201);
    let state = sb.state.clone();
    sb.kill();
    let sb = Sandbox::start_at(&state, &[]);
    let t = sb.zuora_token().await;
    let (s, g) = sb
        .json(Method::GET, &format!("/v1/object/product/{id}"), &t, None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(g["SKU"], "SKU-00000001");
    let (_, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product_body("Next")))
        .await;
    let (_, g2) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product/{}", v["Id"].as_str().unwrap()),
            &t,
            None,
        )
        .await;
    assert_eq!(g2["SKU"], "SKU-00000002", "counters continue");
    let st = sb.salesforce_token().await;
    let (s, _) = sb
        .json(
            Method::GET,
            &format!("{SF}/sobjects/Product2/{}", p["id"].as_str().unwrap()),
            &st,
            None,
        )
        .await;
    assert_eq!(s, 200);
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_acknowledged_before_a_kill_9_survive_it() {
    // Saves are shared by concurrent writes (group commit); a write is acknowledged only once a save holds it and
    // its stored idempotent response. Send many writes at once, kill -9 while some are still in flight, restart:
    // every acknowledged object exists, and every acknowledged key replays its response.
    let mut sb = Sandbox::start(&["--latency-ms", "30"]);
    let dir = sb.take_dir();
    let (zt, st) = (sb.zuora_token().await, sb.salesforce_token().await);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for i in 0..48 {
        let (client, tx) = (sb.client.clone(), tx.clone());
        let request = if i % 2 == 0 {
            client
                .post(sb.url("/v1/object/product"))
                .bearer_auth(&zt)
                .header("Idempotency-Key", format!("kill-{i}"))
                .json(&product_body(&format!("Concurrent {i}")))
        } else {
            client
                .post(sb.url(&format!("{SF}/sobjects/Product2")))
                .bearer_auth(&st)
                .json(&json!({"Name": format!("Concurrent {i}"), "Catalog_Key__c": format!("c{i}")}))
        };
        tasks.push(tokio::spawn(async move {
            let Ok(r) = request.send().await else { return };
            let status = r.status().as_u16();
            let Ok(body) = r.text().await else { return };
            if status == 200 || status == 201 {
                let _ = tx.send((i, body));
            }
        }));
    }
    drop(tx);
    let mut acked = Vec::new();
    while acked.len() < 12 {
        acked.push(rx.recv().await.expect("at least 12 writes acknowledged"));
    }
    let state = sb.state.clone();
    sb.kill();
    for t in tasks {
        let _ = t.await;
    }
    while let Ok(a) = rx.try_recv() {
        acked.push(a);
    }
    let sb = Sandbox::start_at(&state, &[]);
    let (zt, st) = (sb.zuora_token().await, sb.salesforce_token().await);
    for (i, body) in &acked {
        let v: Value = serde_json::from_str(body).unwrap();
        let (path, token) = if i % 2 == 0 {
            (format!("/v1/object/product/{}", v["Id"].as_str().unwrap()), &zt)
        } else {
            (format!("{SF}/sobjects/Product2/{}", v["id"].as_str().unwrap()), &st)
        };
        let (s, _) = sb.json(Method::GET, &path, token, None).await;
        assert_eq!(s, 200, "write {i} was acknowledged before the kill but is lost");
        if i % 2 == 0 {
            let replay = sb
                .client
                .post(sb.url("/v1/object/product"))
                .bearer_auth(&zt)
                .header("Idempotency-Key", format!("kill-{i}"))
                .json(&product_body(&format!("Concurrent {i}")))
                .send()
                .await
                .unwrap();
            assert_eq!(&replay.text().await.unwrap(), body, "write {i}: its stored response was lost");
        }
    }
    drop(dir);
}

#[tokio::test]
async fn seed_loads_a_catalog_dump_and_reads_back_the_same() {
    let seed = repo_root().join("tests/fixtures/sandbox/seed.json");
    let sb = Sandbox::start(&["--seed", seed.to_str().unwrap()]);
    let t = sb.zuora_token().await;
    let (s, text) = sb.call(Method::GET, "/v1/catalog/products?pageSize=40", &t, None).await;
    assert_eq!(s, 200);
    assert!(
        text.contains(r#""price":0.0125"#) && text.contains(r#""price":499.00"#),
        "exact prices: {text}"
    );
    let got: Value = serde_json::from_str(&text).unwrap();
    let want: Value = serde_json::from_str(&std::fs::read_to_string(&seed).unwrap()).unwrap();
    let gp = got["products"].as_array().unwrap();
    let wp = want["products"].as_array().unwrap();
    assert_eq!(gp.len(), wp.len());
    for (g, w) in gp.iter().zip(wp) {
        for k in ["id", "sku", "name", "category", "productNumber", "effectiveEndDate"] {
            assert_eq!(g[k], w[k], "product {k}");
        }
        for custom in w.as_object().unwrap().keys().filter(|k| k.ends_with("__c")) {
            assert_eq!(g[custom], w[custom], "product custom field {custom}");
        }
        for (gplan, wplan) in g["productRatePlans"]
            .as_array()
            .unwrap()
            .iter()
            .zip(w["productRatePlans"].as_array().unwrap())
        {
            for k in ["id", "name", "productRatePlanNumber", "status"] {
                assert_eq!(gplan[k], wplan[k], "plan {k}");
            }
            for (gc, wc) in gplan["productRatePlanCharges"]
                .as_array()
                .unwrap()
                .iter()
                .zip(wplan["productRatePlanCharges"].as_array().unwrap())
            {
                for k in [
                    "id",
                    "name",
                    "type",
                    "model",
                    "uom",
                    "pricing",
                    "billingTiming",
                    "listPriceBase",
                    "productDiscountApplyDetails",
                    "productRatePlanChargeNumber",
                ] {
                    if wc.get(k).is_some() {
                        assert_eq!(gc[k], wc[k], "charge {} {k}", wc["name"]);
                    }
                }
                for custom in wc.as_object().unwrap().keys().filter(|k| k.ends_with("__c")) {
                    assert_eq!(gc[custom], wc[custom], "charge custom field {custom}");
                }
            }
        }
    }
    // CRUD view of a seeded charge uses CRUD spellings.
    let (_, c) = sb
        .json(
            Method::GET,
            "/v1/object/product-rate-plan-charge/8ad08ea1e3c24b6a9d1f2e3a4b5c6d81",
            &t,
            None,
        )
        .await;
    assert_eq!(c["ChargeModel"], "Tiered with Overage Pricing");
    assert_eq!(c["BillingTiming"], "In Arrears");
    // New objects continue the seeded number sequences.
    let (_, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product_body("New")))
        .await;
    let (_, g) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product/{}", v["Id"].as_str().unwrap()),
            &t,
            None,
        )
        .await;
    assert_eq!(g["SKU"], "SKU-00000102");
    assert_eq!(g["ProductNumber"], "PC-00000102");
}

#[tokio::test]
async fn tls_serves_https_with_the_printed_certificate() {
    let sb = Sandbox::start(&["--tls"]);
    assert!(sb.base.starts_with("https://127.0.0.1:"), "{}", sb.base);
    let cert = sb.cert.clone().expect("certificate path printed");
    assert!(
        std::fs::read_to_string(&cert)
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    let t = sb.zuora_token().await;
    let (s, _) = sb.call(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(s, 200);
    let st = sb.salesforce_token().await;
    let (_, v) = sb.json(Method::GET, &format!("{SF}/limits"), &st, None).await;
    assert!(v["DailyApiRequests"]["Max"].is_number());
    let plain = crate::support_sandbox::client();
    assert!(
        plain.get(sb.url("/v1/catalog/products")).send().await.is_err(),
        "an untrusting client must fail"
    );
}

#[tokio::test]
async fn throttling_answers_429_with_retry_after_on_zuora_and_403_on_salesforce() {
    let sb = Sandbox::start(&["--rate-429", "1", "--retry-after", "3"]);
    let r = sb.client.get(sb.url("/v1/catalog/products")).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    assert_eq!(r.headers()["ratelimit-remaining"], "0");
    let r = sb.client.get(sb.url(&format!("{SF}/limits"))).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v[0]["errorCode"], "REQUEST_LIMIT_EXCEEDED");
    let stats: Value = sb
        .client
        .get(sb.url("/sandbox/admin/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["faults"]["429"], 2, "admin endpoints are never faulted: {stats}");
}

#[tokio::test]
async fn server_errors_and_dropped_connections() {
    let sb = Sandbox::start(&["--rate-5xx", "1"]);
    let r = sb.client.post(sb.url("/oauth/token")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["success"], false);
    drop(sb);
    let sb = Sandbox::start(&["--rate-drop", "1"]);
    let err = sb.client.get(sb.url("/v1/catalog/products")).send().await.unwrap_err();
    assert!(
        err.is_request() || err.is_connect() || err.to_string().contains("connection"),
        "{err}"
    );
    let stats: Value = sb
        .client
        .get(sb.url("/sandbox/admin/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(stats["faults"]["drop"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn faults_are_deterministic_for_a_seed() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sb = Sandbox::start(&["--rate-5xx", "0.5", "--fault-seed", "7"]);
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(
                sb.client
                    .get(sb.url("/v1/catalog/products"))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
            );
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].contains(&503) && runs[0].contains(&401), "{:?}", runs[0]);
}

#[tokio::test]
async fn latency_and_slow_bodies_delay_but_keep_answers_intact() {
    let sb = Sandbox::start(&["--latency-ms", "150", "--slow-body-ms", "40"]);
    let start = Instant::now();
    let r = sb.client.get(sb.url("/v1/catalog/products")).send().await.unwrap();
    let status = r.status();
    let body = r.text().await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(190), "{:?}", start.elapsed());
    assert_eq!(
        (status.as_u16(), body.as_str()),
        (401, r#"{"message":"Authentication error"}"#)
    );
}

#[tokio::test]
async fn concurrency_limit_rejects_excess_requests_with_headers() {
    let sb = Sandbox::start(&["--concurrency-limit", "1", "--latency-ms", "400"]);
    let t = sb.zuora_token().await;
    let send = || sb.client.get(sb.url("/v1/catalog/products")).bearer_auth(&t).send();
    let (a, b) = tokio::join!(send(), send());
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 429]);
    let ok = if a.status() == 200 { &a } else { &b };
    assert_eq!(ok.headers()["concurrency-limit-limit"], "1");
    assert_eq!(ok.headers()["concurrency-limit-type"], "Default");
    let limited = if a.status() == 429 { a } else { b };
    assert!(limited.headers().contains_key("retry-after"));
    let v: Value = limited.json().await.unwrap();
    assert_eq!(v["reasons"][0]["code"], 50_000_070);
}

#[tokio::test]
async fn idempotency_key_replays_the_stored_response() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let post = |path: &str, key: &str| {
        sb.client
            .post(sb.url(path))
            .bearer_auth(&t)
            .header("Idempotency-Key", key)
            .json(&product_body("Once"))
            .send()
    };
    let first = post("/v1/object/product", "k-1").await.unwrap().text().await.unwrap();
    let second = post("/v1/object/product", "k-1").await.unwrap().text().await.unwrap();
    assert_eq!(first, second);
    let (_, list) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(list["products"].as_array().unwrap().len(), 1, "created once");
    let r = post("/v1/action/create", "k-1").await.unwrap();
    assert_eq!(r.status(), 422, "same key, other URL");
    let long = "x".repeat(256);
    assert_eq!(post("/v1/object/product", &long).await.unwrap().status(), 400);
    drop(sb);
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, r#"{"idempotency_replay":"conflict"}"#).unwrap();
    let sb = Sandbox::start(&["--behaviour", b.to_str().unwrap()]);
    let t = sb.zuora_token().await;
    let post = || {
        sb.client
            .post(sb.url("/v1/object/product"))
            .bearer_auth(&t)
            .header("Idempotency-Key", "k")
            .json(&product_body("Once"))
            .send()
    };
    assert_eq!(post().await.unwrap().status(), 200);
    assert_eq!(post().await.unwrap().status(), 409);
}

#[tokio::test]
async fn zoql_query_and_query_more() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    for name in ["A", "B", "C"] {
        sb.json(Method::POST, "/v1/object/product", &t, Some(&product_body(name)))
            .await;
    }
    let q = json!({"queryString": "select Id, Name, SKU from Product where Name != 'B'", "conf": {"batchSize": 1}});
    let (s, v) = sb.json(Method::POST, "/v1/action/query", &t, Some(&q)).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["size"], 2);
    assert_eq!(v["done"], false);
    let rec = &v["records"][0];
    assert!(rec["Id"].is_string() && rec["SKU"].is_string());
    assert!(rec.get("Description").is_none(), "only selected fields, nulls omitted");
    let (_, more) = sb
        .json(
            Method::POST,
            "/v1/action/queryMore",
            &t,
            Some(&json!({"queryLocator": v["queryLocator"]})),
        )
        .await;
    assert_eq!(more["done"], true);
    assert_eq!(more["records"].as_array().unwrap().len(), 1);
    let (s, bad) = sb
        .json(
            Method::POST,
            "/v1/action/query",
            &t,
            Some(&json!({"queryString": "select * from Product"})),
        )
        .await;
    assert_eq!((s, bad["Errors"][0]["Code"].clone()), (400, json!("MALFORMED_QUERY")));
}

#[tokio::test]
async fn zuora_version_230_links_rate_plans_instead_of_embedding() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (_, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product_body("P")))
        .await;
    let id = v["Id"].as_str().unwrap();
    let r = sb
        .client
        .get(sb.url("/v1/catalog/products"))
        .bearer_auth(&t)
        .header("Zuora-Version", "230.0")
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["products"][0]["productRatePlans"],
        format!("/v1/rateplan/{id}/productRatePlan")
    );
    let (s, plans) = sb
        .json(Method::GET, &format!("/v1/rateplan/{id}/productRatePlan"), &t, None)
        .await;
    assert_eq!((s, plans["success"].clone()), (200, json!(true)));
    let r = sb
        .client
        .get(sb.url("/v1/catalog/products"))
        .bearer_auth(&t)
        .header("Zuora-Version", "229.0")
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert!(v["products"][0]["productRatePlans"].is_array());
}

#[tokio::test]
async fn credentials_never_reach_output_or_state() {
    let canary = "canary-secret-7f3e9a";
    let sb = Sandbox::start(&["--client-secret", canary]);
    for path in ["/oauth/token", "/services/oauth2/token"] {
        let r = sb
            .client
            .post(sb.url(path))
            .form(&[
                ("client_id", CLIENT_ID),
                ("client_secret", canary),
                ("grant_type", "client_credentials"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(!body.contains(canary));
        let r = sb
            .client
            .post(sb.url(path))
            .form(&[
                ("client_id", CLIENT_ID),
                ("client_secret", "canary-wrong"),
                ("grant_type", "client_credentials"),
            ])
            .send()
            .await
            .unwrap();
        assert!(!r.text().await.unwrap().contains("canary"));
    }
    let t = sb.zuora_token_with(canary).await;
    sb.json(Method::POST, "/v1/object/product", &t, Some(&product_body("P")))
        .await;
    let log = std::fs::read_to_string(skuctl::sandbox::statelog::log_path(&sb.state)).unwrap();
    assert!(log.contains("\"seq\":"), "the product went to the state log: {log}");
    let state = std::fs::read_to_string(&sb.state).unwrap() + &log;
    assert!(!state.contains(canary), "secret in state file or log");
    assert!(!state.contains(&t), "token in state file or log");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let out = sb.output.lock().unwrap().clone();
    assert!(
        !out.contains(canary) && !out.contains(&t),
        "credential in output: {out}"
    );
}

#[test]
fn bad_fault_flags_are_usage_errors() {
    crate::support::skuctl()
        .args(["sandbox", "--listen", "127.0.0.1:0", "--rate-429", "2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--rate-429 must be between 0 and 1"));
}

#[test]
fn a_corrupt_state_file_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(&state, "{not json").unwrap();
    crate::support::skuctl()
        .args(["sandbox", "--listen", "127.0.0.1:0", "--state"])
        .arg(&state)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not valid sandbox state"));
    assert_eq!(std::fs::read_to_string(&state).unwrap(), "{not json");
}

/// `POST /v1/object/product` with the idempotency key `statelog-key`.
async fn keyed_product(sb: &Sandbox, token: &str, body: &Value) -> (u16, Value) {
    let r = sb
        .client
        .post(sb.url("/v1/object/product"))
        .bearer_auth(token)
        .header("Idempotency-Key", "statelog-key")
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// What a client can see of the whole sandbox: the Zuora catalog, every tier, the Salesforce records, the ids in
/// use, and the replay of an idempotent request.
async fn observable(sb: &Sandbox) -> Value {
    let (zt, st) = (sb.zuora_token().await, sb.salesforce_token().await);
    let (_, catalog) = sb
        .json(Method::GET, "/v1/catalog/products", &zt, None)
        .await;
    let q = json!({"queryString": "select Id, Tier, Price, ProductRatePlanChargeId from ProductRatePlanChargeTier"});
    let (_, tiers) = sb
        .json(Method::POST, "/v1/action/query", &zt, Some(&q))
        .await;
    let soql = |q: &str| format!("{SF}/query?q={}", q.replace(' ', "+"));
    let (_, products) = sb
        .json(
            Method::GET,
            &soql("SELECT Id, Name, IsActive FROM Product2 ORDER BY Id"),
            &st,
            None,
        )
        .await;
    let (_, entries) = sb
        .json(
            Method::GET,
            &soql("SELECT Id, UnitPrice, Product2Id FROM PricebookEntry ORDER BY Id"),
            &st,
            None,
        )
        .await;
    let (_, in_use) = sb
        .json(Method::GET, "/sandbox/admin/in-use", &zt, None)
        .await;
    let (_, replay) = keyed_product(sb, &zt, &product_body("Idempotent")).await;
    json!({"catalog": catalog, "tiers": tiers, "products": products, "entries": entries, "in_use": in_use, "replay": replay})
}

#[tokio::test]
async fn every_kind_of_change_survives_a_restart_through_the_state_log() {
    let mut sb = Sandbox::start(&[]);
    let dir = sb.take_dir();
    let (zt, st) = (sb.zuora_token().await, sb.salesforce_token().await);
    // Zuora: objects created, a tier changed in place, a product deleted, an idempotent create.
    let (pid, _rid, cid) = crate::sandbox_zuora::make_catalog(&sb, &zt).await;
    let q = json!({"queryString": format!("select Id from ProductRatePlanChargeTier where ProductRatePlanChargeId = '{cid}'")});
    let (_, r) = sb
        .json(Method::POST, "/v1/action/query", &zt, Some(&q))
        .await;
    let tier = r["records"][0]["Id"].as_str().unwrap().to_string();
    let (s, _) = sb
        .json(
            Method::PUT,
            &format!("/v1/object/product-rate-plan-charge-tier/{tier}"),
            &zt,
            Some(&json!({"Price": 1.25})),
        )
        .await;
    assert_eq!(s, 200);
    let (_, gone) = sb
        .json(
            Method::POST,
            "/v1/object/product",
            &zt,
            Some(&product_body("Deleted")),
        )
        .await;
    let (s, _) = sb
        .json(
            Method::DELETE,
            &format!("/v1/object/product/{}", gone["Id"].as_str().unwrap()),
            &zt,
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = keyed_product(&sb, &zt, &product_body("Idempotent")).await;
    assert_eq!(s, 200);
    // Salesforce: records created, changed and deleted.
    let mut p2 = Vec::new();
    for name in ["Kept", "Changed", "Deleted"] {
        let (s, p) = sb
            .json(
                Method::POST,
                &format!("{SF}/sobjects/Product2"),
                &st,
                Some(&json!({"Name": name, "Catalog_Key__c": name})),
            )
            .await;
        assert_eq!(s, 201, "{p}");
        p2.push(p["id"].as_str().unwrap().to_string());
    }
    let (s, _) = sb
        .call(
            Method::PATCH,
            &format!("{SF}/sobjects/Product2/{}", p2[1]),
            &st,
            Some(&json!({"IsActive": false})),
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = sb
        .call(
            Method::DELETE,
            &format!("{SF}/sobjects/Product2/{}", p2[2]),
            &st,
            None,
        )
        .await;
    assert_eq!(s, 204);
    let (_, books) = sb
        .json(
            Method::GET,
            &format!("{SF}/query?q=SELECT+Id+FROM+Pricebook2+WHERE+IsStandard+=+true"),
            &st,
            None,
        )
        .await;
    let book = books["records"][0]["Id"].as_str().unwrap();
    let (s, e) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/PricebookEntry"),
            &st,
            Some(&json!({"Pricebook2Id": book, "Product2Id": p2[0], "CurrencyIsoCode": "USD", "UnitPrice": 19.99, "IsActive": true})),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    // The admin side: an object in use.
    let (s, _) = sb
        .json(
            Method::POST,
            "/sandbox/admin/in-use",
            &zt,
            Some(&json!({"ids": [pid]})),
        )
        .await;
    assert_eq!(s, 200);

    let before = observable(&sb).await;
    let log_path = skuctl::sandbox::statelog::log_path(&sb.state);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.lines().count() >= 10,
        "each save appended an entry: {log}"
    );
    let snapshot = std::fs::read_to_string(&sb.state).unwrap();
    assert!(
        !snapshot.contains("Changed"),
        "the changes are in the log, not rewritten into the snapshot"
    );

    let state = sb.state.clone();
    sb.kill();
    let mut sb = Sandbox::start_at(&state, &[]);
    assert_eq!(
        observable(&sb).await,
        before,
        "the snapshot plus its log is the state before the kill"
    );
    assert_eq!(
        std::fs::read_to_string(&log_path).unwrap(),
        "",
        "the restart compacted the log into the snapshot"
    );
    assert!(std::fs::read_to_string(&state).unwrap().contains("Changed"));

    // A reset (back to the start-up state) is saved as a snapshot: what came after the start is gone for good.
    let zt = sb.zuora_token().await;
    let (s, _) = sb
        .json(
            Method::POST,
            "/v1/object/product",
            &zt,
            Some(&product_body("After start")),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = sb
        .json(Method::POST, "/sandbox/admin/reset", &zt, None)
        .await;
    assert_eq!(s, 200);
    sb.kill();
    let sb = Sandbox::start_at(&state, &[]);
    let zt = sb.zuora_token().await;
    let (_, catalog) = sb
        .json(Method::GET, "/v1/catalog/products", &zt, None)
        .await;
    assert_eq!(catalog, before["catalog"]);
    drop(dir);
}
