//! `skuctl plan`: snapshot tests of each kind of change against fixture snapshots (`tests/fixtures/plan/<case>/`
//! holds the catalog; `tests/fixtures/plan/base/state.json` is the baseline catalog as applied), detailed exit
//! codes, determinism, and saved-plan digests.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use skuctl::live::{self, Snapshot};

use crate::support::{repo_root, scratch, skuctl};

const NOW: &str = "2025-06-01T12:00:00Z";

fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures/plan")
}

fn base_state() -> PathBuf {
    fixtures().join("base/state.json")
}

/// A stable fake remote id: `prefix` + hex of the SHA-256 of `seed`, `len` characters in all.
fn fake_id(prefix: &str, seed: &str, len: usize) -> String {
    let hex = hex::encode(Sha256::digest(seed.as_bytes()));
    format!("{prefix}{}", &hex[..len - prefix.len()])
}

/// The baseline catalog "as applied" to production: its desired state with remote ids, statuses and keys.
fn applied_state(catalog: &Path) -> String {
    let loaded = skuctl::load::load_catalog(catalog).expect("load");
    let catalog = loaded.catalog.expect("valid catalog");
    let cfg = skuctl::config::Config::load(&repo_root().join("skuctl.yaml")).expect("config");
    let env = cfg.env(Some("production")).expect("env");
    let mut state = live::desired_state(&catalog, env);
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    for p in &mut state.zuora.products {
        p.id = Some(fake_id("8a8a", &format!("product/{}", p.key), 32));
        p.product_number = Some(format!("PC-{}", &fake_id("", &p.key, 8)));
        for rp in &mut p.rate_plans {
            rp.id = Some(fake_id("8a8b", &format!("plan/{}", rp.key), 32));
            rp.status = Some(if rp.effective_end.is_some_and(|d| d < today) { "Expired" } else { "Active" }.to_owned());
            for c in &mut rp.charges {
                c.id = Some(fake_id("8a8c", &format!("charge/{}/{}", rp.key, c.key), 32));
            }
        }
    }
    if let Some(sf) = &mut state.salesforce {
        sf.standard_price_book_id = Some("01s000000000001AAA".to_owned());
        if let Some(b) = &mut sf.custom_price_book {
            b.id = Some("01s000000000002AAA".to_owned());
        }
        for p in &mut sf.products {
            let key = p.key.clone().unwrap_or_default();
            p.id = Some(fake_id("01t", &format!("product2/{key}"), 18));
            for e in &mut p.entries {
                e.id = Some(fake_id("01u", &format!("entry/{key}/{:?}/{}", e.price_book, e.currency), 18));
            }
        }
    }
    Snapshot::new("production", state).to_text().expect("snapshot text")
}

#[test]
fn baseline_state_fixture_is_the_baseline_catalog_as_applied() {
    let fresh = applied_state(&fixtures().join("base/catalog"));
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(base_state(), &fresh).expect("write fixture");
    }
    let committed = std::fs::read_to_string(base_state()).expect("read fixture (UPDATE_FIXTURES=1 writes it)");
    assert_eq!(committed, fresh, "tests/fixtures/plan/base/state.json is stale: rerun with UPDATE_FIXTURES=1");
    // pricebook_replace: the same org, whose custom price book was another one.
    let other_book = fresh.replace("\"name\": \"Partner Price Book\"", "\"name\": \"Reseller Price Book\"");
    assert_ne!(other_book, fresh);
    let path = fixtures().join("pricebook_replace/state.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &other_book).expect("write fixture");
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read fixture"), other_book, "rerun with UPDATE_FIXTURES=1");
}

#[test]
fn pricebook_entries_in_another_price_book_are_replaced_never_updated() {
    snapshot_all("pricebook_replace", 0);
    let doc = json_plan("pricebook_replace");
    let ops = doc["operations"].as_array().expect("ops");
    assert!(!ops.is_empty());
    for op in ops {
        assert_eq!(op["kind"], "custom_price", "{op}");
        assert_eq!(op["action"], "replace", "{op}");
        assert!(op["markers"].as_array().is_some_and(|m| m.contains(&serde_json::json!("destructive"))), "{op}");
    }
    let out = stdout(&plan("pricebook_replace", "human"));
    assert!(out.contains("-/+ Salesforce custom price premium_1y/USD"), "{out}");
    assert!(out.contains("never changes its price_book in place"), "{out}");
}

/// The snapshot a case plans against: its own `state.json` when it has one, else the baseline.
fn state_of(case: &str) -> String {
    let own = format!("tests/fixtures/plan/{case}/state.json");
    if repo_root().join(&own).is_file() { own } else { "tests/fixtures/plan/base/state.json".to_owned() }
}

fn plan(case: &str, format: &str) -> assert_cmd::assert::Assert {
    skuctl()
        .env("SKUCTL_NOW", NOW)
        .args(["plan", "--catalog"])
        .arg(fixtures().join(case).join("catalog"))
        .args(["--state", &state_of(case)])
        .args(["--format", format])
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("utf-8")
}

fn snapshot_all(case: &str, expect_code: i32) {
    for format in ["human", "markdown", "json"] {
        let a = plan(case, format);
        let out = stdout(&a);
        assert_eq!(a.get_output().status.code(), Some(expect_code), "{case} {format}: {out}");
        insta::assert_snapshot!(format!("plan_{case}_{format}"), out);
    }
}

#[test]
fn no_changes() {
    snapshot_all("no_changes", 0);
    let out = stdout(&plan("no_changes", "human"));
    assert!(out.contains("No changes."), "{out}");
}

#[test]
fn create_product_plan_and_charge() {
    snapshot_all("create", 0);
    let doc = json_plan("create");
    let created: Vec<(&str, &str)> = doc["operations"]
        .as_array()
        .expect("ops")
        .iter()
        .map(|o| (o["kind"].as_str().unwrap_or(""), o["key"].as_str().unwrap_or("")))
        .collect();
    // Dependency order: Zuora product, plan, charge; then Salesforce Product2, standard, custom price.
    let pos = |k: &str, key: &str| created.iter().position(|c| *c == (k, key)).expect("op present");
    assert!(pos("product", "duo") < pos("rate_plan", "duo_pro_1y"));
    assert!(pos("rate_plan", "duo_pro_1y") < pos("charge", "duo_pro_1y/seat"));
    assert!(pos("charge", "premium_monthly/onboarding") < pos("product2", "duo_pro_1y"));
    assert!(pos("product2", "duo_pro_1y") < pos("standard_price", "duo_pro_1y/USD"));
    assert!(pos("standard_price", "duo_pro_1y/USD") < pos("custom_price", "duo_pro_1y/USD"));
}

#[test]
fn price_update_on_an_active_plan_is_customer_visible() {
    snapshot_all("price_update", 0);
    let out = stdout(&plan("price_update", "human"));
    assert!(out.contains("~ price USD: \"348.00\" -> \"384.00\""), "{out}");
    assert!(out.contains("customer-visible: price change on an active plan"), "{out}");
    assert!(out.contains("\nPlan: 0 to create, 3 to update, 0 to retire.\n"), "{out}");
}

#[test]
fn new_currency() {
    snapshot_all("new_currency", 0);
}

#[test]
fn removed_currency_is_destructive() {
    snapshot_all("removed_currency", 0);
    let out = stdout(&plan("removed_currency", "human"));
    assert!(out.contains("destructive: removed currency EUR"), "{out}");
}

#[test]
fn retire_plan() {
    snapshot_all("retire_plan", 0);
    let doc = json_plan("retire_plan");
    let retired: Vec<&str> = doc["operations"]
        .as_array()
        .expect("ops")
        .iter()
        .filter(|o| o["action"] == "retire")
        .map(|o| o["key"].as_str().unwrap_or(""))
        .collect();
    assert!(retired.contains(&"premium_monthly"), "{retired:?}");
    assert!(!retired.iter().any(|k| k.contains("/seat")), "charges go with their plan: {retired:?}");
}

#[test]
fn refused_model_change_exits_1_with_an_explanation() {
    snapshot_all("refused_model_change", 1);
    let a = plan("refused_model_change", "human");
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("1 change(s) refused"), "{err}");
    let out = stdout(&a);
    assert!(out.contains("Volume -> Tiered"), "{out}");
    assert!(out.contains("storage_10gb_v2"), "{out}");
}

#[test]
fn renamed_plan_is_an_update_not_a_replace() {
    snapshot_all("renamed_plan", 0);
    let doc = json_plan("renamed_plan");
    let ops = doc["operations"].as_array().expect("ops");
    assert!(ops.iter().all(|o| o["action"] == "update"), "{ops:?}");
    assert!(ops.iter().any(|o| o["key"] == "premium_1y" && o["kind"] == "rate_plan"));
}

fn json_plan(case: &str) -> serde_json::Value {
    serde_json::from_str(&stdout(&plan(case, "json"))).expect("json plan")
}

#[test]
fn detailed_exit_codes() {
    let code = |case: &str, detailed: bool| {
        let mut cmd = skuctl();
        cmd.env("SKUCTL_NOW", NOW)
            .args(["plan", "--catalog"])
            .arg(fixtures().join(case).join("catalog"))
            .args(["--state", "tests/fixtures/plan/base/state.json"]);
        if detailed {
            cmd.arg("--detailed-exitcode");
        }
        cmd.output().expect("run").status.code()
    };
    assert_eq!(code("no_changes", true), Some(0));
    assert_eq!(code("price_update", true), Some(2));
    assert_eq!(code("price_update", false), Some(0));
    assert_eq!(code("refused_model_change", true), Some(1));
}

/// A copy of the `price_update` catalog with a plan missing its EUR price (SKU304).
fn invalid_catalog() -> tempfile::TempDir {
    let dir = scratch();
    crate::support::copy_tree(&fixtures().join("price_update/catalog"), dir.path());
    let p = dir.path().join("products/premium.yaml");
    let text = std::fs::read_to_string(&p).expect("read").replace("prices: {USD: 29.00, EUR: 27.00}", "prices: {USD: 29.00}");
    std::fs::write(&p, text).expect("write");
    dir
}

#[test]
fn invalid_catalog_prints_validation_errors_and_exits_1() {
    let dir = invalid_catalog();
    let a = skuctl()
        .args(["plan", "--detailed-exitcode", "--catalog"])
        .arg(dir.path())
        .args(["--state", "tests/fixtures/plan/base/state.json"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("error[SKU304]"), "{err}");
    assert!(a.get_output().stdout.is_empty());
}

#[test]
fn an_invalid_catalog_is_reported_before_a_missing_snapshot() {
    // The snapshot is read while the catalog is validated; the catalog's errors still come first, alone.
    let dir = invalid_catalog();
    let a = skuctl()
        .args(["plan", "--catalog"])
        .arg(dir.path())
        .args(["--state", "tests/fixtures/plan/nope.json"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("error[SKU304]") && err.contains("is invalid"), "{err}");
    assert!(!err.contains("nope.json") && !err.contains("skuctl refresh"), "{err}");
}

#[test]
fn missing_snapshot_is_an_error_naming_refresh() {
    skuctl()
        .args(["plan", "--catalog", "tests/fixtures/plan/no_changes/catalog", "--state", "tests/fixtures/plan/nope.json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("skuctl refresh"));
}

#[test]
fn saved_plans_are_byte_identical_and_verify() {
    let dir = scratch();
    let save = |name: &str| {
        let out = dir.path().join(name);
        skuctl()
            .env("SKUCTL_NOW", NOW)
            .args(["plan", "--catalog", "tests/fixtures/plan/create/catalog"])
            .args(["--state", "tests/fixtures/plan/base/state.json", "--out"])
            .arg(&out)
            .assert()
            .code(0);
        std::fs::read_to_string(out).expect("saved plan")
    };
    let (a, b) = (save("a.json"), save("b.json"));
    assert_eq!(a, b, "two runs must be byte-identical");
    assert_eq!(a, stdout(&plan("create", "json")), "--out writes the --format json document");
    let doc = skuctl::plan::PlanDocument::parse_verified(&a).expect("digest verifies");
    assert_eq!(doc.created_at, NOW);
    assert_eq!(doc.environment, "production");
    assert!(doc.catalog.digest.starts_with("sha256:"));
    assert!(!doc.live_read.is_empty());
    // Any edit breaks the digest.
    let edited = a.replacen("\"660.00\"", "\"661.00\"", 1);
    assert_ne!(edited, a);
    let err = skuctl::plan::PlanDocument::parse_verified(&edited).expect_err("edited plan must not verify");
    assert!(err.to_string().contains("digest mismatch"), "{err}");
}

#[test]
fn fingerprints_change_when_live_state_changes() {
    let dir = scratch();
    let state = std::fs::read_to_string(base_state()).expect("state").replacen("\"348.00\"", "\"349.00\"", 1);
    let alt = dir.path().join("state.json");
    std::fs::write(&alt, state).expect("write");
    let read = |state: &Path| -> serde_json::Value {
        let out = skuctl()
            .env("SKUCTL_NOW", NOW)
            .args(["plan", "--format", "json", "--catalog", "tests/fixtures/plan/no_changes/catalog", "--state"])
            .arg(state)
            .output()
            .expect("run");
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let (a, b) = (read(&base_state()), read(&alt));
    let fp = |v: &serde_json::Value| -> Vec<String> {
        v["live_read"].as_array().expect("live_read").iter().map(|r| r["fingerprint"].as_str().unwrap_or("").to_owned()).collect()
    };
    let (fa, fb) = (fp(&a), fp(&b));
    assert_eq!(fa.len(), fb.len());
    assert_eq!(fa.iter().zip(&fb).filter(|(x, y)| x != y).count(), 1, "exactly the edited charge's fingerprint changes");
}

#[test]
fn plan_with_no_flags_works_on_a_fresh_clone_offline() {
    let mut cmd = skuctl();
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("SKUCTL_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd.env("SKUCTL_NOW", NOW).args(["plan", "--detailed-exitcode"]).output().expect("run");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(matches!(out.status.code(), Some(0 | 2)), "{stdout}\n{stderr}");
    assert!(stderr.contains("planning offline against the snapshot state/production.json"), "{stderr}");
    assert!(stdout.contains("(offline snapshot state/production.json)"), "{stdout}");
    assert!(stdout.contains("Plan: ") || stdout.contains("No changes."), "{stdout}");
}
