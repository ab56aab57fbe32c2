//! Contract tests of the sandbox's Zuora API (shared/reference/zuora-api.md): OAuth, REST catalog reads (casing,
//! compact enums, paging caps, absolute nextPage), CRUD (PascalCase, human enums, error bodies), Actions caps,
//! business rules (default currency, SKU uniqueness, delete of objects in use, status from dates), ZOQL.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support_sandbox::{CLIENT_ID, CLIENT_SECRET, Sandbox};

/// Creates a product, a rate plan (with EUR active) and a flat-fee charge; returns their ids.
pub async fn make_catalog(sb: &Sandbox, token: &str) -> (String, String, String) {
    let (s, p) = sb
        .json(
            Method::POST,
            "/v1/object/product",
            token,
            Some(&json!({"Name":"Pro","EffectiveStartDate":"2024-01-01","EffectiveEndDate":"2099-01-01","CatalogKey__c":"pro"})),
        )
        .await;
    assert_eq!(s, 200, "{p}");
    let pid = p["Id"].as_str().unwrap().to_string();
    let (s, r) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan",
            token,
            Some(&json!({"Name":"Monthly","ProductId":pid,"ActiveCurrencies":["EUR"],"CatalogKey__c":"pro-monthly"})),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let rid = r["Id"].as_str().unwrap().to_string();
    let (s, c) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan-charge",
            token,
            Some(&charge_body(
                &rid,
                "Flat Fee Pricing",
                &[("USD", "19.990"), ("EUR", "12345678901234567.891")],
            )),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    (pid, rid, c["Id"].as_str().unwrap().to_string())
}

fn charge_body(plan: &str, model: &str, prices: &[(&str, &str)]) -> Value {
    let tiers: Vec<Value> = prices
        .iter()
        .map(|(c, p)| {
            let mut t = serde_json::Map::new();
            t.insert("Currency".into(), json!(c));
            t.insert("Price".into(), Value::Number(p.parse().unwrap()));
            Value::Object(t)
        })
        .collect();
    json!({
        "Name": "Seat", "ChargeModel": model, "ChargeType": "Recurring", "ProductRatePlanId": plan,
        "BillCycleType": "DefaultFromCustomer", "BillingPeriod": "Month", "TriggerEvent": "ContractEffective",
        "ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": tiers},
        "UseDiscountSpecificAccountingCode": false, "CatalogKey__c": "pro-monthly-seat"
    })
}

#[tokio::test]
async fn oauth_issues_tokens_and_refuses_bad_credentials() {
    let sb = Sandbox::start(&[]);
    let form = |id: &str, secret: &str, grant: &str| {
        vec![
            ("client_id", id.to_string()),
            ("client_secret", secret.to_string()),
            ("grant_type", grant.to_string()),
        ]
    };
    let r = sb
        .client
        .post(sb.url("/oauth/token"))
        .form(&form(CLIENT_ID, CLIENT_SECRET, "client_credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3599);
    let token = v["access_token"].as_str().unwrap();
    assert!(token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()));
    for k in ["jti", "scope"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let r = sb
        .client
        .post(sb.url("/oauth/token"))
        .form(&form(CLIENT_ID, "wrong", "client_credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    assert!(!body.to_string().contains("wrong"), "the bad secret must not be echoed");
    let r = sb
        .client
        .post(sb.url("/oauth/token"))
        .form(&form(CLIENT_ID, CLIENT_SECRET, "password"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = sb
        .client
        .post(sb.url("/oauth/token"))
        .form(&form("short", CLIENT_SECRET, "client_credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn v1_without_or_with_foreign_token_is_401_with_gateway_body() {
    let sb = Sandbox::start(&[]);
    let r = sb.client.get(sb.url("/v1/catalog/products")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.headers()["www-authenticate"],
        "Basic realm=Zuora API, ZSession realm=Zuora API, Bearer realm=Zuora API"
    );
    assert_eq!(r.text().await.unwrap(), r#"{"message":"Authentication error"}"#);
    let sf = sb.salesforce_token().await;
    let (s, _) = sb.call(Method::GET, "/v1/catalog/products", &sf, None).await;
    assert_eq!(s, 401, "a Salesforce session is not a Zuora token");
}

#[tokio::test]
async fn token_expires_after_its_lifetime() {
    let sb = Sandbox::start(&["--token-lifetime", "1"]);
    let t = sb.zuora_token().await;
    let (s, _) = sb.call(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(s, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (s, body) = sb.call(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(s, 401);
    assert_eq!(body, r#"{"message":"Authentication error"}"#);
}

#[tokio::test]
async fn crud_create_then_catalog_read_uses_each_familys_casing_and_enums() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (pid, rid, cid) = make_catalog(&sb, &t).await;
    for id in [&pid, &rid, &cid] {
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{id}"
        );
    }
    // REST catalog: camelCase keys, compact enums, exact prices, custom fields inline.
    let (s, text) = sb.call(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(s, 200);
    assert!(text.contains(r#""price":19.990"#), "exact price text kept: {text}");
    assert!(
        text.contains(r#""price":12345678901234567.891"#),
        "no f64 rounding: {text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["success"], true);
    assert!(v.get("nextPage").is_none());
    let p = &v["products"][0];
    assert_eq!(p["id"], pid.as_str());
    assert_eq!(p["sku"], "SKU-00000001");
    assert_eq!(p["productNumber"], "PC-00000001");
    assert_eq!(p["CatalogKey__c"], "pro");
    let plan = &p["productRatePlans"][0];
    assert_eq!(plan["status"], "Active");
    assert_eq!(plan["productRatePlanNumber"], "PRP-00000001");
    assert_eq!(plan["CatalogKey__c"], "pro-monthly");
    let c = &plan["productRatePlanCharges"][0];
    assert_eq!(c["model"], "FlatFee");
    assert_eq!(c["type"], "Recurring");
    assert_eq!(c["endDateCondition"], "Subscription_End");
    assert_eq!(c["listPriceBase"], "Per_Billing_Period");
    assert_eq!(c["billingTiming"], "IN_ADVANCE");
    assert_eq!(c["billingDay"], "DefaultFromCustomer");
    assert_eq!(c["productRatePlanChargeNumber"], "PRPC-00000001");
    assert_eq!(c["pricing"][0]["currency"], "USD");
    assert_eq!(c["pricing"][1]["currency"], "EUR");
    assert!(c.get("ChargeModel").is_none());
    // CRUD GET: PascalCase keys, human enums, no tiers on the charge.
    let (s, g) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product-rate-plan-charge/{cid}"),
            &t,
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(g["Id"], cid.as_str());
    assert_eq!(g["ChargeModel"], "Flat Fee Pricing");
    assert_eq!(g["EndDateCondition"], "SubscriptionEnd");
    assert_eq!(g["ListPriceBase"], "Per Billing Period");
    assert_eq!(g["BillingTiming"], "In Advance");
    assert!(g.get("ProductRatePlanChargeTierData").is_none());
    assert!(g.get("model").is_none());
    let (_, g) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product/{pid}?fields=Name,SKU"),
            &t,
            None,
        )
        .await;
    assert_eq!(g, json!({"Name": "Pro", "SKU": "SKU-00000001"}));
    let (s, g) = sb
        .json(
            Method::GET,
            "/v1/object/product/0123456789abcdef0123456789abcdef",
            &t,
            None,
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(g, json!({"done": true, "records": [], "size": 0}));
}

#[tokio::test]
async fn crud_refuses_catalog_spellings_and_missing_default_currency() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (_, rid, _) = make_catalog(&sb, &t).await;
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan-charge",
            &t,
            Some(&charge_body(&rid, "FlatFee", &[("USD", "1")])),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["Success"], false);
    assert_eq!(v["Errors"][0]["Code"], "INVALID_VALUE");
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan-charge",
            &t,
            Some(&charge_body(&rid, "Flat Fee Pricing", &[("EUR", "1")])),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        v,
        json!({"Errors":[{"Code":"MISSING_REQUIRED_VALUE","Message":"Tier data missing required default currency: USD"}],"Success":false})
    );
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan-charge",
            &t,
            Some(&charge_body(&rid, "Flat Fee Pricing", &[("USD", "1"), ("JPY", "100")])),
        )
        .await;
    assert_eq!(s, 400, "JPY is not active on the plan: {v}");
    // camelCase keys are not CRUD fields: silently ignored, so Name is missing.
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product",
            &t,
            Some(&json!({"name":"x","effectiveStartDate":"2024-01-01","effectiveEndDate":"2099-01-01"})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["Errors"][0]["Code"], "MISSING_REQUIRED_VALUE");
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product?rejectUnknownFields=true",
            &t,
            Some(&json!({"Name":"x","EffectiveStartDate":"2024-01-01","EffectiveEndDate":"2099-01-01","Bogus":1})),
        )
        .await;
    assert_eq!((s, v), (400, json!({"message": "Error - unrecognised fields"})));
}

#[tokio::test]
async fn crud_error_status_is_a_switch() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("behaviour.json");
    std::fs::write(&b, r#"{"crud_error_status": 200}"#).unwrap();
    let sb = Sandbox::start(&["--behaviour", b.to_str().unwrap()]);
    let t = sb.zuora_token().await;
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&json!({"Name":"x"})))
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["Success"], false);
}

#[tokio::test]
async fn sku_must_be_unique_and_not_ahead_of_the_generated_sequence() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let product =
        |sku: &str| json!({"Name":"P","EffectiveStartDate":"2024-01-01","EffectiveEndDate":"2099-01-01","SKU":sku});
    let (s, _) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product("PLAN-PRO")))
        .await;
    assert_eq!(s, 200);
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product("PLAN-PRO")))
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["Errors"][0]["Code"], "DUPLICATE_VALUE");
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product", &t, Some(&product("SKU-00000163")))
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        v["Errors"][0]["Message"],
        "SKU number 'SKU-00000163' is in conflict with the system generated SKU."
    );
}

#[tokio::test]
async fn catalog_paging_caps_page_size_at_40_with_absolute_next_page() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let objects: Vec<Value> = (0..45)
        .map(|i| json!({"Name": format!("P{i:02}"), "EffectiveStartDate": "2024-01-01", "EffectiveEndDate": "2099-01-01"}))
        .collect();
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/action/create",
            &t,
            Some(&json!({"type":"Product","objects":objects})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v.as_array().unwrap().len(), 45);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|r| r["Success"] == true && r["Id"].is_string())
    );
    let (_, page1) = sb
        .json(Method::GET, "/v1/catalog/products?pageSize=100", &t, None)
        .await;
    assert_eq!(page1["products"].as_array().unwrap().len(), 40);
    assert_eq!(page1["products"][0]["name"], "P44", "most recently updated first");
    let next = page1["nextPage"].as_str().unwrap();
    assert_eq!(next, sb.url("/v1/catalog/products?page=2&pageSize=40"));
    let (_, page2) = sb.json(Method::GET, next, &t, None).await;
    assert_eq!(page2["products"].as_array().unwrap().len(), 5);
    assert!(page2.get("nextPage").is_none());
    let (_, default) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(default["products"].as_array().unwrap().len(), 10);
    let (s, bad) = sb.json(Method::GET, "/v1/catalog/products?pageSize=0", &t, None).await;
    assert_eq!(s, 400);
    assert_eq!(bad["success"], false);
    assert_eq!(bad["reasons"][0]["code"], 50_000_027);
    assert!(bad["processId"].is_string());
}

#[tokio::test]
async fn actions_refuse_more_than_50_objects() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let objects: Vec<Value> = (0..51)
        .map(|i| json!({"Name": format!("P{i}"), "EffectiveStartDate": "2024-01-01", "EffectiveEndDate": "2099-01-01"}))
        .collect();
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/action/create",
            &t,
            Some(&json!({"type":"Product","objects":objects})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["Errors"][0]["Code"], "MAX_RECORDS_EXCEEDED");
    let (_, list) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    assert!(list["products"].as_array().unwrap().is_empty(), "nothing created");
}

#[tokio::test]
async fn actions_report_each_object_in_order() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let objects = json!([
        {"Name": "ok", "EffectiveStartDate": "2024-01-01", "EffectiveEndDate": "2099-01-01"},
        {"Name": "bad"},
    ]);
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/action/create",
            &t,
            Some(&json!({"type":"Product","objects":objects})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(v[0]["Success"], true);
    assert_eq!(v[1]["Success"], false);
    assert_eq!(v[1]["Errors"][0]["Code"], "MISSING_REQUIRED_VALUE");
    let id = v[0]["Id"].as_str().unwrap();
    let (s, u) = sb
        .json(
            Method::POST,
            "/v1/action/update",
            &t,
            Some(&json!({"type":"Product","objects":[{"Id":id,"Description":"new"}]})),
        )
        .await;
    assert_eq!((s, u[0]["Success"].clone()), (200, json!(true)));
    let (_, g) = sb
        .json(Method::GET, &format!("/v1/object/product/{id}"), &t, None)
        .await;
    assert_eq!(g["Description"], "new");
}

#[tokio::test]
async fn objects_in_use_cannot_be_deleted_only_expired() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (pid, rid, cid) = make_catalog(&sb, &t).await;
    let r = sb
        .client
        .post(sb.url("/sandbox/admin/in-use"))
        .json(&json!({"ids":[cid]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for path in [
        format!("/v1/object/product/{pid}"),
        format!("/v1/object/product-rate-plan/{rid}"),
    ] {
        let (s, v) = sb.json(Method::DELETE, &path, &t, None).await;
        assert_eq!(s, 400, "{v}");
        assert_eq!(v["Success"], false);
        assert_eq!(v["Errors"][0]["Code"], "CANNOT_DELETE");
    }
    // Expiring is allowed.
    let (s, v) = sb
        .json(
            Method::PUT,
            &format!("/v1/object/product-rate-plan/{rid}"),
            &t,
            Some(&json!({"EffectiveEndDate":"2025-01-01"})),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, cat) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    assert_eq!(cat["products"][0]["productRatePlans"][0]["status"], "Expired");
    // Once no longer in use, delete works and answers lower-case.
    sb.client
        .delete(sb.url("/sandbox/admin/in-use"))
        .json(&json!({"ids":[cid]}))
        .send()
        .await
        .unwrap();
    let (s, v) = sb
        .json(Method::DELETE, &format!("/v1/object/product/{pid}"), &t, None)
        .await;
    assert_eq!((s, v), (200, json!({"id": pid, "success": true})));
    let (s, _) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product-rate-plan-charge/{cid}"),
            &t,
            None,
        )
        .await;
    assert_eq!(s, 404, "children deleted with the product");
}

#[tokio::test]
async fn rate_plan_status_is_derived_from_dates() {
    let sb = Sandbox::start(&["--today", "2025-06-01"]);
    let t = sb.zuora_token().await;
    let (_, p) = sb
        .json(
            Method::POST,
            "/v1/object/product",
            &t,
            Some(&json!({"Name":"P","EffectiveStartDate":"2020-01-01","EffectiveEndDate":"2099-01-01"})),
        )
        .await;
    let pid = p["Id"].as_str().unwrap();
    for (name, start, end) in [
        ("future", "2026-01-01", "2030-01-01"),
        ("past", "2021-01-01", "2025-01-01"),
        ("now", "2025-01-01", "2030-01-01"),
    ] {
        let (s, v) = sb
            .json(
                Method::POST,
                "/v1/object/product-rate-plan",
                &t,
                Some(&json!({"Name":name,"ProductId":pid,"EffectiveStartDate":start,"EffectiveEndDate":end})),
            )
            .await;
        assert_eq!(s, 200, "{v}");
    }
    let (_, cat) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    let statuses: Vec<(String, String)> = cat["products"][0]["productRatePlans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("future".into(), "NotStarted".into()),
            ("past".into(), "Expired".into()),
            ("now".into(), "Active".into())
        ]
    );
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan",
            &t,
            Some(&json!({"Name":"outside","ProductId":pid,"EffectiveStartDate":"2019-01-01"})),
        )
        .await;
    assert_eq!(s, 400, "a plan must lie within its product's period: {v}");
    let (s, v) = sb
        .json(
            Method::POST,
            "/v1/object/product-rate-plan",
            &t,
            Some(&json!({"Name":"now","ProductId":pid})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        v["Errors"][0]["Code"], "DUPLICATE_VALUE",
        "plan names are unique within a product"
    );
}

#[tokio::test]
async fn tiered_charges_tiers_and_full_field_updates() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (_, rid, cid) = make_catalog(&sb, &t).await;
    let tier = |start: u32, end: Option<u32>, price: &str| {
        let mut m = serde_json::Map::new();
        m.insert("Currency".into(), json!("USD"));
        m.insert("StartingUnit".into(), json!(start));
        if let Some(e) = end {
            m.insert("EndingUnit".into(), json!(e));
        }
        m.insert("Price".into(), Value::Number(price.parse().unwrap()));
        m.insert("PriceFormat".into(), json!("Per Unit"));
        Value::Object(m)
    };
    let mut body = json!({
        "Name": "Requests", "ChargeModel": "Tiered Pricing", "ChargeType": "Usage", "ProductRatePlanId": rid, "UOM": "Each",
        "BillCycleType": "DefaultFromCustomer", "BillingPeriod": "Month", "TriggerEvent": "ContractEffective",
        "UseDiscountSpecificAccountingCode": false,
        "ProductRatePlanChargeTierData": {"ProductRatePlanChargeTier": [tier(151, None, "1.50"), tier(1, Some(150), "1.95")]}
    });
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product-rate-plan-charge", &t, Some(&body))
        .await;
    assert_eq!(s, 400, "descending StartingUnit: {v}");
    body["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"] =
        json!([tier(1, Some(150), "1.95"), tier(151, None, "1.50")]);
    let (s, v) = sb
        .json(Method::POST, "/v1/object/product-rate-plan-charge", &t, Some(&body))
        .await;
    assert_eq!(s, 200, "{v}");
    let tiered = v["Id"].as_str().unwrap().to_string();
    let (_, cat) = sb.json(Method::GET, "/v1/catalog/products", &t, None).await;
    let charge = &cat["products"][0]["productRatePlans"][0]["productRatePlanCharges"][1];
    assert_eq!(charge["model"], "Tiered");
    assert_eq!(
        charge["pricing"][0]["tiers"],
        // Parsed from text: the exact `1.50` (a `json!` literal would go through f64).
        serde_json::from_str::<Value>(
            r#"[{"tier":1,"startingUnit":1,"endingUnit":150,"price":1.95,"priceFormat":"PerUnit"},
                {"tier":2,"startingUnit":151,"endingUnit":null,"price":1.50,"priceFormat":"PerUnit"}]"#
        )
        .unwrap()
    );
    // Tiers are read through ZOQL, then edited (price only) through the tier CRUD endpoint.
    let q = json!({"queryString": format!("select Id, Tier, Price from ProductRatePlanChargeTier where ProductRatePlanChargeId = '{tiered}' and Tier = 2")});
    let (_, r) = sb.json(Method::POST, "/v1/action/query", &t, Some(&q)).await;
    assert_eq!(r["size"], 1, "{r}");
    let tier_id = r["records"][0]["Id"].as_str().unwrap().to_string();
    let (s, _) = sb
        .json(
            Method::PUT,
            &format!("/v1/object/product-rate-plan-charge-tier/{tier_id}"),
            &t,
            Some(&json!({"Price": 1.25})),
        )
        .await;
    assert_eq!(s, 200);
    let (_, g) = sb
        .json(
            Method::GET,
            &format!("/v1/object/product-rate-plan-charge-tier/{tier_id}"),
            &t,
            None,
        )
        .await;
    assert_eq!(
        (g["Price"].clone(), g["PriceFormat"].clone(), g["Currency"].clone()),
        (json!(1.25), json!("PerUnit"), json!("USD"))
    );
    assert_eq!(
        sb.json(
            Method::DELETE,
            &format!("/v1/object/product-rate-plan-charge-tier/{tier_id}"),
            &t,
            None
        )
        .await
        .0,
        405
    );
    // A charge PUT carries the create fields (minus Name and ChargeType), and replaces the tier set.
    let (s, v) = sb
        .json(
            Method::PUT,
            &format!("/v1/object/product-rate-plan-charge/{cid}"),
            &t,
            Some(&json!({"Description": "x"})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v["Errors"][0]["Code"], "MISSING_REQUIRED_VALUE");
    let mut full = charge_body(&rid, "Flat Fee Pricing", &[("USD", "21.00")]);
    full.as_object_mut().unwrap().remove("Name");
    let (s, v) = sb
        .json(
            Method::PUT,
            &format!("/v1/object/product-rate-plan-charge/{cid}"),
            &t,
            Some(&full),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, text) = sb.call(Method::GET, "/v1/catalog/products", &t, None).await;
    assert!(
        text.contains(r#""price":21.00"#) && !text.contains("19.990"),
        "tier set replaced: {text}"
    );
}

#[tokio::test]
async fn single_product_and_rate_plan_reads_by_key() {
    let sb = Sandbox::start(&[]);
    let t = sb.zuora_token().await;
    let (pid, rid, _) = make_catalog(&sb, &t).await;
    for key in [pid.as_str(), "SKU-00000001", "PC-00000001"] {
        let (s, v) = sb
            .json(Method::GET, &format!("/v1/catalog/products/{key}"), &t, None)
            .await;
        assert_eq!(s, 200, "{key}");
        assert_eq!(
            (v["id"].as_str(), v["success"].as_bool()),
            (Some(pid.as_str()), Some(true))
        );
    }
    let (s, v) = sb
        .json(Method::GET, "/v1/catalog/products/SKU-99999999", &t, None)
        .await;
    assert_eq!(s, 404);
    assert_eq!(v["success"], false);
    assert_eq!(v["reasons"][0]["code"], 50_000_040);
    for i in 0..21 {
        let (s, _) = sb
            .json(
                Method::POST,
                "/v1/object/product-rate-plan",
                &t,
                Some(&json!({"Name": format!("Extra {i}"), "ProductId": pid})),
            )
            .await;
        assert_eq!(s, 200);
    }
    let (_, page) = sb
        .json(Method::GET, &format!("/v1/products/{pid}/product-rate-plans"), &t, None)
        .await;
    assert_eq!(
        page["productRatePlans"].as_array().unwrap().len(),
        20,
        "default pageSize 20"
    );
    assert_eq!(page["productRatePlans"][0]["id"], rid.as_str(), "creation order");
    let next = page["nextPage"].as_str().unwrap();
    assert_eq!(
        next,
        sb.url(&format!("/v1/products/{pid}/product-rate-plans?page=2&pageSize=20"))
    );
    let (_, last) = sb.json(Method::GET, next, &t, None).await;
    assert_eq!(last["productRatePlans"].as_array().unwrap().len(), 2);
    assert!(last.get("nextPage").is_none());
}
