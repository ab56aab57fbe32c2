//! Generates `tests/fixtures/tenants/production.json`: "production today", the Zuora catalog in the shape of
//! `GET /v1/catalog/products`, for `skuctl sandbox --seed`. It is the sample catalog mapped to Zuora
//! (`desired_state`) with these realistic differences, so that planning the catalog against it shows changes:
//!
//! - product `gitlab_credits` is not live yet (a new product to create);
//! - `premium_saas/saas_premium_1y/seat` still costs EUR 319.00 in production (the catalog says 324.00);
//! - `duo_pro/saas_duo_pro_1y/seat` has no JPY price yet (a new currency);
//! - `ultimate_saas/saas_ultimate_1y` is still named `SaaS - Ultimate - Annual` (a rename, matched by key);
//! - a legacy product `GitLab Silver (legacy)` exists only in production, without a catalog key (as objects created
//!   by hand in Zuora's UI are).
//!
//! Ids, product numbers and statuses are deterministic (statuses as of 2026-01-01).
//! Usage: `cargo run --example tenant_seed -- catalog tests/fixtures/tenants/production.json`
//! (then `scripts/regen-production-snapshot` turns the seed into `state/production.json` through the sandbox).

use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use skuctl::config::Config;
use skuctl::live::{KeySource, ZCharge, ZPricing, ZProduct, ZRatePlan, desired_state};
use skuctl::model::{CurrencyCode, Money};
use skuctl::providers::zuora::mapping::{state_to_catalog_json, synthetic_id};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(catalog_dir), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: tenant_seed CATALOG_DIR OUT.json");
        std::process::exit(2);
    };
    let loaded = match skuctl::load::load_catalog(Path::new(catalog_dir)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let Some(catalog) = loaded.catalog else {
        eprintln!("error: the catalog does not load: {:?}", loaded.diagnostics);
        std::process::exit(1);
    };
    let config = match Config::load(Path::new("skuctl.yaml")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let Ok(env) = config.env(Some("production")) else {
        eprintln!("error: no production environment");
        std::process::exit(1);
    };
    let mut state = desired_state(&catalog, env).zuora;
    state.products.retain(|p| p.key != "gitlab_credits");
    for p in &mut state.products {
        for rp in &mut p.rate_plans {
            if p.key == "ultimate_saas" && rp.key == "saas_ultimate_1y" {
                rp.name = "SaaS - Ultimate - Annual".to_owned();
            }
            for c in &mut rp.charges {
                if p.key == "premium_saas"
                    && rp.key == "saas_premium_1y"
                    && c.key == "seat"
                    && let Some(e) = c.pricing.get_mut(&CurrencyCode::from("EUR"))
                {
                    e.price = Money::from_str("319.00").ok();
                }
                if p.key == "duo_pro" && rp.key == "saas_duo_pro_1y" && c.key == "seat" {
                    c.pricing.remove(&CurrencyCode::from("JPY"));
                }
            }
        }
    }
    state.products.push(silver());
    // Deterministic remote identity: ids from the key path, numbers in catalog order, statuses as of 2026-01-01.
    let asof = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let (mut pc, mut prp, mut prpc) = (0, 0, 0);
    for p in &mut state.products {
        pc += 1;
        p.id = Some(synthetic_id("product", &p.key));
        p.product_number = Some(format!("PC-{pc:08}"));
        for rp in &mut p.rate_plans {
            prp += 1;
            rp.id = Some(synthetic_id("plan", &format!("{}/{}", p.key, rp.key)));
            rp.product_rate_plan_number = Some(format!("PRP-{prp:08}"));
            rp.status = Some(
                match (rp.effective_start, rp.effective_end) {
                    (_, Some(end)) if end < asof => "Expired",
                    (Some(start), _) if start > asof => "NotStarted",
                    _ => "Active",
                }
                .to_owned(),
            );
            for c in &mut rp.charges {
                prpc += 1;
                c.id = Some(synthetic_id("charge", &format!("{}/{}/{}", p.key, rp.key, c.key)));
                c.unmanaged.insert("productRatePlanChargeNumber".into(), format!("PRPC-{prpc:08}").into());
                c.unmanaged.insert("triggerEvent".into(), "ContractEffective".into());
                c.unmanaged.insert("billingDay".into(), "DefaultFromCustomer".into());
                c.unmanaged.insert("endDateCondition".into(), "Subscription_End".into());
            }
        }
    }
    let products = state_to_catalog_json(&state, &env.zuora.catalog_key_field);
    let doc = serde_json::json!({ "products": products, "success": true });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    if let Err(e) = skuctl::live::snapshot::write_atomic(Path::new(out), text.as_bytes()) {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote {out}: {} products", state.products.len());
}

/// A legacy product created by hand in Zuora: no catalog key anywhere, an expired plan.
fn silver() -> ZProduct {
    let date = |s: &str| NaiveDate::from_str(s).ok();
    let mut pricing = std::collections::BTreeMap::new();
    pricing.insert(CurrencyCode::from("USD"), ZPricing { price: Money::from_str("228.00").ok(), ..ZPricing::default() });
    ZProduct {
        id: None,
        key: "gitlab_silver_legacy".into(),
        key_source: KeySource::Derived,
        name: "GitLab Silver (legacy)".into(),
        sku: Some("SKU-00000007".into()),
        description: "Silver tier, replaced by Premium in 2021".into(),
        category: Some("Base Products".into()),
        effective_start: date("2017-01-01"),
        effective_end: date("2099-12-31"),
        product_number: None,
        custom_fields: Default::default(),
        rate_plans: vec![ZRatePlan {
            id: None,
            key: "gitlab_silver_legacy_silver_1_year".into(),
            key_source: KeySource::Derived,
            name: "Silver - 1 Year".into(),
            description: String::new(),
            effective_start: date("2017-01-01"),
            effective_end: date("2021-01-25"),
            status: None,
            product_rate_plan_number: None,
            custom_fields: Default::default(),
            charges: vec![ZCharge {
                id: None,
                key: "silver_seat".into(),
                key_source: KeySource::Derived,
                name: "Silver seat".into(),
                description: String::new(),
                charge_type: "Recurring".into(),
                model: "PerUnit".into(),
                billing_period: Some("Annual".into()),
                specific_billing_period: None,
                billing_timing: "InAdvance".into(),
                uom: Some("Seat".into()),
                list_price_base: Some("Per_Billing_Period".into()),
                price_change_option: "NoChange".into(),
                discount_percentage: None,
                discount_apply_to: vec![],
                pricing,
                custom_fields: Default::default(),
                unmanaged: Default::default(),
            }],
        }],
    }
}
