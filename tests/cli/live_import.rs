//! Import without a server: a realistic tenant dump -> live state -> catalog directory -> loads, and maps back to
//! exactly the tenant's managed fields (the round trip), with a report naming everything it could not carry.

use skuctl::live::import::{ImportOptions, import, write_catalog_dir};
use skuctl::live::{LiveState, Snapshot, desired_state};
use skuctl::model::CurrencyCode;
use skuctl::providers::zuora::mapping::catalog_to_state;

use super::support::{scratch, skuctl};
use super::support_live::{EnvOpts, env_of, tenant_products, write_config};

fn realistic_state() -> LiveState {
    let zuora = catalog_to_state(&tenant_products("realistic"), "CatalogKey__c").expect("fixture maps");
    let mut s = LiveState { zuora, salesforce: None };
    s.sort();
    s
}

fn opts() -> ImportOptions {
    ImportOptions { catalog_name: "Imported".into(), default_currency: CurrencyCode::from("USD") }
}

#[test]
fn realistic_tenant_maps_exact_prices_keys_and_custom_fields() {
    let s = realistic_state();
    let premium = s.zuora.products.iter().find(|p| p.key == "premium_saas").expect("premium");
    assert_eq!(premium.custom_fields.get("Tier__c").and_then(|v| v.as_text()), Some("premium"));
    assert!(!premium.custom_fields.contains_key("Unused__c"), "null custom fields are not kept");
    let plan = premium.rate_plans.iter().find(|p| p.key == "saas_premium_1y").expect("plan");
    let seat = plan.charges.iter().find(|c| c.key == "seat").expect("seat");
    assert_eq!(seat.pricing.keys().map(|c| c.as_str()).collect::<Vec<_>>(), ["EUR", "JPY", "USD"]);
    assert_eq!(seat.pricing[&CurrencyCode::from("USD")].price.expect("price").to_string(), "348.00");
    assert_eq!(seat.billing_timing, "InAdvance");
    assert_eq!(seat.unmanaged["triggerEvent"], "ContractEffective");
    let discounts = s.zuora.products.iter().find(|p| p.sku.as_deref() == Some("SKU-00000044")).expect("discounts");
    assert_eq!(discounts.key, "sku_00000044", "keyless product gets a key derived from its SKU");
    let pct = &discounts.rate_plans[0].charges.iter().find(|c| c.model == "DiscountPercentage").expect("pct");
    assert_eq!(pct.discount_percentage.expect("pct").to_string(), "10");
    assert_eq!(pct.discount_apply_to, ["saas_premium_1y"]);
    let storage = s.zuora.products.iter().find(|p| p.key == "storage").expect("storage");
    let transfer = storage.rate_plans[0].charges.iter().find(|c| c.model == "TieredWithOverage").expect("transfer");
    let usd = &transfer.pricing[&CurrencyCode::from("USD")];
    assert_eq!(usd.tiers[1].starting_unit.to_string(), "100.01");
    assert_eq!(usd.tiers[0].price_format, "FlatFee");
    assert_eq!(usd.overage_price.expect("overage").to_string(), "0.03");
    assert_eq!(usd.tiers[1].price.to_string(), "0.020", "scale kept");
}

#[test]
fn import_round_trips_and_writes_a_catalog_that_loads() {
    let dir = scratch();
    let env = env_of(&write_config(dir.path(), &EnvOpts { salesforce: false, ..EnvOpts::default() }));
    let live = realistic_state();
    let (catalog, report) = import(&live, &env, &opts());
    assert!(report.lossy.is_empty(), "nothing lossy in this tenant: {:#?}", report.lossy);
    let notes: Vec<String> = report.notes.iter().map(|n| format!("{}: {}", n.object, n.message)).collect();
    assert!(notes.iter().any(|n| n.contains("product sku_00000044") && n.contains("derived")), "{notes:#?}");
    assert!(notes.iter().any(|n| n.contains("null price in GBP")), "{notes:#?}");
    let generated: Vec<&String> = notes.iter().filter(|n| n.contains("numbered by this tenant")).collect();
    assert_eq!(generated.len(), 1, "only the Zuora-numbered SKU is named: {generated:#?}");
    assert!(generated[0].starts_with("product sku_00000044") && generated[0].contains("SKU-00000044"), "{generated:#?}");

    let out = dir.path().join("catalog");
    write_catalog_dir(&catalog, &out).expect("write");
    let loaded = skuctl::load::load_catalog(&out).expect("load");
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let reloaded = loaded.catalog.expect("catalog");
    let findings = skuctl::validate::check(&reloaded);
    assert!(findings.is_empty(), "the imported catalog validates clean: {findings:#?}");
    assert_eq!(desired_state(&reloaded, &env).zuora, live.managed_view().zuora, "round trip");
    // Exact decimals survive the YAML.
    let storage = std::fs::read_to_string(out.join("products/storage.yaml")).expect("storage file");
    assert!(storage.contains("\"0.020\""), "{storage}");
}

#[test]
fn lossy_import_names_each_object_and_writes_nothing_without_allow_lossy() {
    let dir = scratch();
    let config = write_config(dir.path(), &EnvOpts { salesforce: false, ..EnvOpts::default() });
    let mut products = tenant_products("realistic");
    // A charge model the catalog cannot express, and tiers whose boundaries differ between currencies.
    products[0]["productRatePlans"][0]["productRatePlanCharges"][1]["model"] = "MultiAttributePricing".into();
    products[2]["productRatePlans"][0]["productRatePlanCharges"][1]["pricing"][1]["tiers"][1]["startingUnit"] = 101.into();
    // A sub-cent usage price, which the catalog rules refuse (SKU310).
    products[2]["productRatePlans"][0]["productRatePlanCharges"][0]["pricing"][0]["overagePrice"] =
        serde_json::Value::Number("0.0125".parse().expect("number"));
    let zuora = catalog_to_state(&products, "CatalogKey__c").expect("maps");
    let snap = Snapshot::new("test", LiveState { zuora, salesforce: None });
    let snap_path = dir.path().join("snap.json");
    snap.write(&snap_path).expect("snapshot");
    let out = dir.path().join("imported");
    let import_cmd = |extra: &[&str]| {
        let mut cmd = skuctl();
        cmd.arg("import").args(extra).arg("--config").arg(&config).args(["--env", "test", "--from-snapshot"]);
        cmd.arg(&snap_path).arg("--out").arg(&out);
        cmd
    };
    let run = import_cmd(&[]).assert().code(1);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(stdout.contains("lossy: charge premium_saas/saas_premium_1y/onboarding (id 2c92c0f85721ff7c01572940171363c2): charge model `MultiAttributePricing` cannot be expressed"), "{stdout}");
    assert!(stdout.contains("tiers in USD have other boundaries"), "{stdout}");
    assert!(stdout.contains("does not validate: SKU310 price 0.0125 USD of charge `overage`"), "{stdout}");
    assert!(stdout.contains("Nothing written"), "{stdout}");
    assert!(!out.exists(), "nothing written without --allow-lossy");

    import_cmd(&["--allow-lossy"]).assert().code(0);
    assert!(out.join("catalog.yaml").is_file());
    assert!(out.join("products/premium_saas.yaml").is_file());
}

#[test]
fn sample_catalog_survives_zuora_json_and_import() {
    let dir = scratch();
    let env = env_of(&write_config(dir.path(), &EnvOpts { salesforce: false, ..EnvOpts::default() }));
    let catalog = skuctl::load::load_catalog(&super::support::repo_root().join("catalog"))
        .expect("load")
        .catalog
        .expect("sample catalog loads");
    let desired = desired_state(&catalog, &env);
    // Catalog -> Zuora REST JSON (what a sandbox serves) -> live state: the same managed fields.
    let json = skuctl::providers::zuora::mapping::state_to_catalog_json(&desired.zuora, "CatalogKey__c");
    let live = LiveState { zuora: catalog_to_state(&json, "CatalogKey__c").expect("maps"), salesforce: None };
    assert_eq!(live.managed_view().zuora, desired.zuora);
    // Import of that tenant: nothing lossy, validates clean, maps back to the same state.
    let (imported, report) = import(&live, &env, &opts());
    assert!(report.lossy.is_empty(), "{:#?}", report.lossy);
    assert_eq!(desired_state(&imported, &env).zuora, desired.zuora);
}

/// The round trip through the real APIs: import a live tenant (Zuora and Salesforce) into a catalog, then map the
/// catalog back: it equals what `refresh` reads, Salesforce included.
#[test]
fn import_from_a_live_tenant_round_trips_against_refresh() {
    use super::support_sandbox::Sandbox;
    let dir = scratch();
    let seed = super::support_live::tenant_fixture("realistic");
    let sb = Sandbox::start(&["--seed", seed.to_str().expect("path"), "--today", "2026-01-01"]);
    let config = write_config(dir.path(), &EnvOpts { base_url: &sb.base, custom_price_book: Some("Partner"), ..EnvOpts::default() });
    let env = env_of(&config);
    // Give the org the Product2 and price book entries skuctl would create for this tenant.
    let (offline_catalog, _) = import(&realistic_state(), &env, &opts());
    let sf = desired_state(&offline_catalog, &env).salesforce.expect("salesforce");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let client = skuctl::providers::salesforce::SalesforceClient::new(&env).expect("client").expect("configured");
        let mut live = skuctl::providers::salesforce::mapping::read_state(&client).await.expect("read");
        skuctl::providers::salesforce::mapping::ensure_custom_price_book(&client, &mut live).await.expect("book");
        skuctl::providers::salesforce::mapping::push_products(&client, &live, &sf.products).await.expect("push");
    });
    let out = dir.path().join("imported");
    skuctl().args(["import", "--config"]).arg(&config).args(["--env", "test", "--out"]).arg(&out).assert().success();
    let snap_path = dir.path().join("snap.json");
    skuctl().args(["refresh", "--config"]).arg(&config).args(["--env", "test", "--out"]).arg(&snap_path).assert().success();
    let imported = skuctl::load::load_catalog(&out).expect("load").catalog.expect("imported catalog loads");
    assert!(skuctl::validate::check(&imported).is_empty(), "validates clean");
    let live = Snapshot::read(&snap_path).expect("snapshot").state();
    assert_eq!(desired_state(&imported, &env), live.managed_view(), "import then refresh: no difference");
}
