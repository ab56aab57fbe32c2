//! `skuctl apply`: applies saved plans to the sandbox (spawned as a child process) and checks the remote state
//! through its APIs: from an empty tenant, price updates, a new currency, a new add-on, retiring a plan in use,
//! a new plan version, idempotence, stale-plan refusal, confirmation.

use super::support::repo_root;
use super::support_apply::{Workspace, fixture};

#[test]
fn from_an_empty_tenant_then_price_update_new_currency_and_twice_does_nothing() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    let plan = ws.plan("base");
    let first = ws.apply_ok(&plan);
    assert_eq!(first["done"], 17, "{first}");
    assert_eq!(first["failures"].as_array().map(Vec::len), Some(0));
    assert_eq!(ws.plan_exit(), 0, "the remote state equals the catalog after apply");
    assert_eq!(ws.counts(), (2, 3, 3, 3, 6));
    assert!(ws.path("state/test.json").is_file(), "the snapshot is refreshed");

    // Applying the same plan again does nothing: the journal says every operation is done.
    let again = ws.apply_ok(&plan);
    assert_eq!((again["done"].as_u64(), again["skipped"].as_u64(), again["calls"].as_u64()), (Some(0), Some(17), Some(0)));
    // A fresh plan has no operations; applying it writes nothing.
    let empty = ws.converge("empty");
    assert_eq!((empty["operations"].as_u64(), empty["calls"].as_u64()), (Some(0), Some(0)));

    ws.use_catalog(&fixture("plan/price_update"));
    let r = ws.converge("price_update");
    assert_eq!(r["done"], 2, "{r}");
    assert_eq!(ws.plan_exit(), 0);

    ws.use_catalog(&fixture("plan/new_currency"));
    let r = ws.converge("new_currency");
    assert!(r["done"].as_u64().unwrap_or(0) >= 6, "{r}");
    assert_eq!(ws.plan_exit(), 0, "the new currency is live in Zuora and Salesforce");
    let live = ws.live();
    let seat = live.zuora.products.iter().flat_map(|p| &p.rate_plans).find(|rp| rp.key == "premium_1y").expect("plan");
    let currencies: Vec<&str> = seat.charges[0].pricing.keys().map(|c| c.0.as_str()).collect();
    assert!(currencies.contains(&"GBP"), "{currencies:?}");
    ws.assert_no_duplicates();
}

#[test]
fn a_new_add_on_and_a_new_plan_version() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    ws.converge("base");
    ws.use_catalog(&fixture("apply/new_addon"));
    let r = ws.converge("addon");
    assert_eq!(r["done"], 6, "{r}");
    assert_eq!(ws.plan_exit(), 0);

    ws.use_catalog(&fixture("apply/new_version"));
    let r = ws.converge("v2");
    assert_eq!(r["done"], 10, "{r}");
    assert_eq!(ws.plan_exit(), 0);
    let live = ws.live();
    let plans: Vec<(&str, Option<String>)> = live
        .zuora
        .products
        .iter()
        .flat_map(|p| &p.rate_plans)
        .filter(|rp| rp.key.starts_with("premium_1y"))
        .map(|rp| (rp.key.as_str(), rp.effective_end.map(|d| d.to_string())))
        .collect();
    assert_eq!(plans, vec![("premium_1y", Some("2025-12-31".to_owned())), ("premium_1y_v2", Some("2099-12-31".to_owned()))]);
    ws.assert_no_duplicates();
}

#[test]
fn retiring_a_plan_in_use_expires_it_and_deletes_nothing() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    ws.converge("base");
    let live = ws.live();
    let monthly = live.zuora.products.iter().flat_map(|p| &p.rate_plans).find(|rp| rp.key == "premium_monthly").expect("plan");
    let mut in_use = vec![monthly.id.clone().expect("id")];
    in_use.extend(monthly.charges.iter().filter_map(|c| c.id.clone()));
    ws.mark_in_use(&in_use);
    let before = ws.counts();

    ws.use_catalog(&fixture("plan/retire_plan"));
    let r = ws.converge("retire");
    assert!(r["failures"].as_array().is_some_and(Vec::is_empty), "{r}");
    assert_eq!(ws.plan_exit(), 0);
    assert_eq!(ws.counts(), before, "nothing is deleted");
    let live = ws.live();
    let monthly = live.zuora.products.iter().flat_map(|p| &p.rate_plans).find(|rp| rp.key == "premium_monthly").expect("kept");
    assert!(monthly.effective_end.is_some_and(|d| d <= chrono::Utc::now().date_naive()), "expired: {:?}", monthly.effective_end);
    let sf = live.salesforce.as_ref().expect("salesforce");
    let p2 = sf.products.iter().find(|p| p.key.as_deref() == Some("premium_monthly")).expect("Product2 kept");
    assert!(!p2.is_active, "the Salesforce product is deactivated");
}

#[test]
fn a_stale_plan_is_refused_naming_the_change_and_nothing_is_written() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    ws.converge("base");
    ws.use_catalog(&fixture("plan/price_update"));
    let plan = ws.plan("price_update");

    // Someone renames a product in Zuora after the plan was made.
    let live = ws.live();
    let product = live.zuora.products.iter().find(|p| p.key == "storage").expect("product");
    let id = product.id.clone().expect("id");
    let rt = skuctl::live::runtime().expect("runtime");
    rt.block_on(async {
        let token = ws.sandbox.zuora_token().await;
        let (status, body) = ws
            .sandbox
            .call(reqwest::Method::PUT, &format!("/v1/object/product/{id}"), &token, Some(&serde_json::json!({"Name": "Renamed by hand"})))
            .await;
        assert_eq!(status, 200, "{body}");
    });
    let before = ws.live();

    let o = ws.apply(&plan, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the plan is stale"), "{err}");
    assert!(err.contains(&format!("Zuora product `storage` id {id} was changed")), "{err}");
    assert_eq!(ws.live(), before, "nothing was written");
    assert!(!ws.path("price_update.json.journal").exists(), "no journal for a refused apply");
}

#[test]
fn a_changed_catalog_or_an_edited_plan_is_refused() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    let plan = ws.plan("base");
    ws.use_catalog(&fixture("plan/price_update"));
    let o = ws.apply(&plan, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the catalog changed since the plan was made"));

    ws.use_catalog(&fixture("plan/base"));
    let text = std::fs::read_to_string(&plan).expect("read plan").replace("348.00", "1.00");
    std::fs::write(&plan, text).expect("write plan");
    let o = ws.apply(&plan, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("plan digest mismatch"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ws.counts(), (0, 0, 0, 0, 0));
}

#[test]
fn without_a_terminal_and_without_yes_apply_refuses() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    let plan = ws.plan("base");
    let o = ws.cmd().arg("apply").arg(&plan).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pass --yes"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ws.counts(), (0, 0, 0, 0, 0));
}

/// Requests the sandbox has answered, by route, leaving out its admin API.
fn requests(ws: &Workspace) -> std::collections::BTreeMap<String, u64> {
    let stats = ws.stats();
    let routes = stats["routes"].as_object().expect("routes");
    routes
        .iter()
        .filter(|(route, _)| !route.contains("/sandbox/admin"))
        .map(|(route, n)| (route.clone(), n.as_u64().expect("count")))
        .collect()
}

#[test]
fn apply_reads_the_environment_only_once_it_may_and_signs_in_once() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    let plan = ws.plan("base");
    let before = requests(&ws);
    // The first read goes out while the plan is verified, but never for an apply that is then refused for want of
    // a confirmation or an approval, or that names another environment than the plan's.
    let o = ws.cmd().arg("apply").arg(&plan).output().expect("run");
    assert_eq!(o.status.code(), Some(1));
    let o2 = ws.apply(&plan, &["--require-approval"]);
    assert_eq!(o2.status.code(), Some(1));
    let mut config = std::fs::read_to_string(&ws.config).expect("config");
    let base = ws.sandbox.base.clone();
    config.push_str(&format!(
        "  other:\n    sandbox_default_credentials: true\n    zuora:\n      base_url: {base}\n      client_id_env: SKUCTL_TEST_OTHER_ID\n      client_secret_env: SKUCTL_TEST_OTHER_SECRET\n"
    ));
    std::fs::write(&ws.config, config).expect("write config");
    let o3 = ws.apply(&plan, &["--env", "other"]);
    assert_eq!(o3.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o3.stderr).contains("was made for environment `test`, not `other`"), "{}", String::from_utf8_lossy(&o3.stderr));
    assert_eq!(requests(&ws), before, "no request for a refused apply");

    // An apply that may read reads once before writing and once after, each service signing in once.
    ws.apply_ok(&plan);
    let after = requests(&ws);
    let sent = |route: &str| after.get(route).copied().unwrap_or(0) - before.get(route).copied().unwrap_or(0);
    assert_eq!(sent("POST /oauth/token"), 1, "{after:?}");
    assert_eq!(sent("POST /services/oauth2/token"), 1, "{after:?}");
    assert_eq!(sent("GET /v1/catalog/products"), 2, "{after:?}");
}

#[test]
fn every_apply_appends_an_audit_record_and_require_approval_refuses_outside_ci() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&fixture("plan/base"));
    let plan = ws.plan("base");
    // Outside a pipeline the approval gate cannot find the merge request: refused, nothing written.
    let o = ws.apply(&plan, &["--require-approval"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("CI_COMMIT_SHA is not set"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ws.counts(), (0, 0, 0, 0, 0));
    ws.apply_ok(&plan);

    let log = std::fs::read_to_string(ws.path("audit/skuctl-audit.jsonl")).expect("audit log");
    let records: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).expect("record")).collect();
    let outcomes: Vec<&str> = records.iter().filter_map(|r| r["outcome"].as_str()).collect();
    assert_eq!(outcomes, vec!["refused", "applied"]);
    let digest = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&plan).expect("plan")).expect("json")["content_digest"].clone();
    // The audit trail records the content digest: the one the merge request's note carries.
    assert!(records.iter().all(|r| r["plan_digest"] == digest), "{records:?}");
    assert_eq!(records[1]["operations"].as_array().map(Vec::len), Some(17));
    let verify = ws.cmd().args(["audit", "verify", "--log"]).arg(ws.path("audit/skuctl-audit.jsonl")).output().expect("verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}

#[test]
fn credentials_never_reach_output_journal_snapshot_or_audit() {
    const CANARY: &str = "canary-secret-4f1d9a77e2";
    let ws = Workspace::new(&["--client-secret", CANARY]);
    ws.use_catalog(&fixture("plan/base"));
    let with_creds = |mut c: assert_cmd::Command| {
        c.env("SKUCTL_TEST_ZUORA_ID", super::support_sandbox::CLIENT_ID)
            .env("SKUCTL_TEST_ZUORA_SECRET", CANARY)
            .env("SKUCTL_TEST_SF_ID", super::support_sandbox::CLIENT_ID)
            .env("SKUCTL_TEST_SF_SECRET", CANARY);
        c
    };
    let plan = ws.path("plan.json");
    let mut outputs = Vec::new();
    let o = with_creds(ws.cmd()).args(["plan", "--live", "--out"]).arg(&plan).output().expect("plan");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    outputs.push(o);
    let o = with_creds(ws.cmd()).arg("apply").arg(&plan).args(["--yes", "--format", "json"]).output().expect("apply");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    outputs.push(o);
    // A failing apply (wrong secret) must not echo the secret it was given either.
    let o = ws
        .cmd()
        .env("SKUCTL_TEST_ZUORA_ID", super::support_sandbox::CLIENT_ID)
        .env("SKUCTL_TEST_ZUORA_SECRET", format!("{CANARY}-wrong"))
        .env("SKUCTL_TEST_SF_ID", super::support_sandbox::CLIENT_ID)
        .env("SKUCTL_TEST_SF_SECRET", format!("{CANARY}-wrong"))
        .arg("apply")
        .arg(&plan)
        .arg("--yes")
        .output()
        .expect("apply");
    assert_eq!(o.status.code(), Some(1));
    outputs.push(o);
    for o in &outputs {
        for text in [String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)] {
            assert!(!text.contains(CANARY), "the secret leaked into output: {text}");
        }
    }
    let mut files = 0;
    for entry in walkdir::WalkDir::new(ws.dir.path()).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        if entry.path().starts_with(ws.path("catalog")) {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
        assert!(!text.contains(CANARY), "the secret leaked into {}", entry.path().display());
        files += 1;
    }
    assert!(files >= 5, "plan, journal, snapshot, audit log and config were checked ({files} files)");
}

#[test]
fn the_sample_catalog_converges_on_an_empty_tenant() {
    // The sample catalog uses every charge model the catalog language has (per unit, flat fee, volume, tiered,
    // tiered with overage, overage, percentage and fixed-amount discounts) and one-time, recurring and usage
    // charges: each must be written so that reading it back gives exactly what the catalog says.
    let ws = Workspace::new(&[]);
    ws.use_catalog(&repo_root().join("catalog"));
    let r = ws.converge("sample");
    assert_eq!(r["failures"].as_array().map(Vec::len), Some(0), "{r}");
    assert!(r["done"].as_u64().unwrap_or(0) > 50, "{r}");
    ws.assert_converged("the sample catalog applied to an empty tenant");
    ws.assert_no_duplicates();
    // A second apply of a fresh plan writes nothing.
    let again = ws.converge("again");
    assert_eq!((again["operations"].as_u64(), again["calls"].as_u64()), (Some(0), Some(0)), "{again}");
}

#[test]
fn one_object_a_call_a_discount_waits_for_the_plans_it_applies_to() {
    // With one object a call the sample catalog's rate plans are many calls in flight together. Its discounts
    // apply to plans of other products: their charges must not be sent (or given up for want of an id) before
    // those plans exist, even when their own plan is already done.
    let ws = Workspace::new(&[]);
    ws.use_catalog(&repo_root().join("catalog"));
    let plan = ws.plan("sample");
    let o = ws.apply(&plan, &["--batch-size", "1"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "apply failed:\n{stderr}");
    assert!(!stderr.contains("has no remote id"), "{stderr}");
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(r["failures"].as_array().map(Vec::len), Some(0), "{r}");
    assert_eq!(r["calls"], r["done"], "one object a call: {r}");
    ws.assert_converged("the sample catalog applied one object a call");
    ws.assert_no_duplicates();
}

#[test]
fn a_realistic_tenant_imported_then_applied_to_an_empty_tenant_converges() {
    // Tenant to tenant through git: import a tenant carrying discounts (percentage and fixed amount, with the plans
    // they apply to), tiered-with-overage and overage charges, partial currencies, null prices, custom fields at
    // every level and objects without a catalog key; apply the imported catalog to an empty tenant; re-plan.
    let seed = repo_root().join("tests/fixtures/tenants/realistic.json");
    let source = super::support_sandbox::Sandbox::start(&["--seed", seed.to_str().expect("path")]);
    let src_dir = super::support::scratch();
    let src_config = super::support_live::write_config(
        src_dir.path(),
        &super::support_live::EnvOpts { base_url: &source.base, ..Default::default() },
    );
    let ws = Workspace::new(&[]);
    let imported = ws.path("catalog");
    super::support::skuctl()
        .args(["import", "--config"])
        .arg(&src_config)
        .args(["--env", "test", "--out"])
        .arg(&imported)
        .assert()
        .success();
    // The one product without a SKU of its own carries Zuora's generated `SKU-00000044`, which a tenant whose
    // numbering has not reached it refuses ("in conflict with the system generated SKU"): give it a real one.
    let file = imported.join("products/sku_00000044.yaml");
    let text = std::fs::read_to_string(&file).expect("imported product");
    assert!(text.contains("SKU-00000044"), "{text}");
    std::fs::write(&file, text.replace("SKU-00000044", "GL-RAMP")).expect("write");

    let r = ws.converge("imported");
    assert_eq!(r["failures"].as_array().map(Vec::len), Some(0), "{r}");
    ws.assert_converged("the imported catalog applied to an empty tenant");
    // Every discount still names the plans it applies to, now by the new tenant's ids.
    let live = ws.live();
    let discounts: Vec<_> = live
        .zuora
        .products
        .iter()
        .flat_map(|p| &p.rate_plans)
        .flat_map(|rp| &rp.charges)
        .filter(|c| c.model.starts_with("Discount"))
        .collect();
    assert_eq!(discounts.len(), 2, "{discounts:#?}");
    assert!(discounts.iter().all(|c| !c.discount_apply_to.is_empty()), "{discounts:#?}");
    ws.assert_no_duplicates();
}

/// Removes `line` (exactly, once) from a catalog file of the workspace.
fn remove_line(ws: &Workspace, file: &str, line: &str) {
    let path = ws.path(file);
    let text = std::fs::read_to_string(&path).expect("catalog file");
    let kept: Vec<&str> = text.lines().filter(|l| *l != line).collect();
    assert_eq!(kept.len() + 1, text.lines().count(), "`{line}` once in {file}");
    std::fs::write(&path, kept.join("\n") + "\n").expect("write");
}

#[test]
fn a_custom_field_removed_from_the_catalog_is_cleared_remotely() {
    let ws = Workspace::new(&[]);
    ws.use_catalog(&repo_root().join("catalog"));
    ws.converge("sample");
    remove_line(&ws, "catalog/products/ultimate_self_managed.yaml", "  Tier__c: ultimate");
    remove_line(&ws, "catalog/products/ultimate_self_managed.yaml", "          ChargeTier__c: ultimate");
    let r = ws.converge("cleared");
    assert_eq!((r["done"].as_u64(), r["failures"].as_array().map(Vec::len)), (Some(2), Some(0)), "{r}");
    ws.assert_converged("custom fields removed from the catalog");
    let live = ws.live();
    let product = live.zuora.products.iter().find(|p| p.key == "ultimate_self_managed").expect("product");
    assert!(!product.custom_fields.contains_key("Tier__c"), "{:?}", product.custom_fields);
    assert!(product.custom_fields.contains_key("DeploymentType__c"), "the other fields stay");
}

#[test]
fn a_tenant_ignoring_fields_to_null_makes_apply_report_what_did_not_converge() {
    let dir = super::support::scratch();
    let behaviour = dir.path().join("behaviour.json");
    std::fs::write(&behaviour, r#"{"fields_to_null": false}"#).expect("behaviour");
    let ws = Workspace::new(&["--behaviour", behaviour.to_str().expect("path")]);
    ws.use_catalog(&repo_root().join("catalog"));
    ws.converge("sample");
    remove_line(&ws, "catalog/products/ultimate_self_managed.yaml", "  Tier__c: ultimate");
    let plan = ws.plan("cleared");
    let o = ws.apply(&plan, &[]);
    assert!(!o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("apply --format json prints JSON");
    assert_eq!((r["done"].as_u64(), r["success"].as_bool()), (Some(1), Some(false)), "{r}");
    assert_eq!(
        r["remaining"],
        serde_json::json!([{"action": "update", "kind": "product", "key": "ultimate_self_managed"}]),
        "the call succeeded, but the re-plan names what Zuora did not take: {r}"
    );
    assert_ne!(ws.plan_exit(), 0);
}

#[test]
fn a_currency_removed_then_added_back_revives_what_was_retired() {
    let ws = Workspace::new(&[]);
    for (step, catalog) in ["plan/base", "plan/new_currency", "plan/base", "plan/new_currency"].iter().enumerate() {
        ws.use_catalog(&fixture(catalog));
        let r = ws.converge(&format!("step{step}"));
        assert_eq!(r["failures"].as_array().map(Vec::len), Some(0), "step {step} ({catalog}): {r}");
        assert!(r["done"].as_u64().unwrap_or(0) > 0, "step {step} ({catalog}) changes something: {r}");
        ws.assert_converged(&format!("step {step} ({catalog})"));
    }
    ws.assert_no_duplicates();
}

#[test]
fn a_product2_that_fails_in_a_composite_call_blocks_only_its_own_prices() {
    // The org refuses a second Product2 with the same ProductCode, and already has one with premium_1y's.
    let dir = super::support::scratch();
    let behaviour = dir.path().join("behaviour.json");
    std::fs::write(&behaviour, r#"{"salesforce": {"product_code_unique": true}}"#).expect("behaviour");
    let ws = Workspace::new(&["--behaviour", behaviour.to_str().expect("path")]);
    let rt = skuctl::live::runtime().expect("runtime");
    rt.block_on(async {
        let t = ws.sandbox.salesforce_token().await;
        let squatter = serde_json::json!({"Name": "Squatter", "ProductCode": "GL-PREM-1Y", "Catalog_Key__c": "someone_else"});
        let (s, v) = ws.sandbox.json(reqwest::Method::POST, "/services/data/v66.0/sobjects/Product2", &t, Some(&squatter)).await;
        assert_eq!(s, 201, "{v}");
    });
    ws.use_catalog(&fixture("apply/new_addon"));
    let plan = ws.plan("addon");
    let o = ws.apply(&plan, &[]);
    assert!(!o.status.success(), "a failed object fails the apply");
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("apply --format json prints JSON");
    let log = String::from_utf8_lossy(&o.stderr);
    // Product2 and its price entries went in one Composite call; the entries' subrequest named the failed Product2
    // by reference, so it did not run, and was sent again once the Product2 ids were known.
    assert!(log.contains("salesforce composite (create Product2 + create PricebookEntry)"), "{log}");
    assert!(log.contains("did not run: 400 PROCESSING_HALTED: Invalid reference specified"), "{log}");
    let failures = r["failures"].as_array().expect("failures");
    let messages: Vec<&str> = failures.iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(messages.iter().filter(|m| m.contains("DUPLICATE_VALUE")).count(), 1, "the Product2 itself: {r}");
    assert_eq!(failures.len(), 3, "the Product2 and its two price entries, nothing else: {r}");
    let live = ws.live();
    let sf = live.salesforce.expect("salesforce");
    let mut entries: Vec<(String, usize)> =
        sf.products.iter().filter_map(|p| p.key.clone().map(|k| (k, p.entries.len()))).collect();
    entries.sort();
    assert_eq!(
        entries,
        [("duo_pro_1y".to_owned(), 2), ("premium_monthly".to_owned(), 2), ("someone_else".to_owned(), 0), ("storage_10gb".to_owned(), 2)],
        "every other Product2 has its prices"
    );
    ws.assert_no_duplicates();
}
