//! Contract tests of the sandbox's Salesforce API (shared/reference/salesforce-api.md): OAuth, sessions and
//! versions, the standard price book at start, sObject create/read/update/delete with the real error bodies,
//! Product2 external-id uniqueness and upsert, PricebookEntry rules (standard price first, immutable fields),
//! sObject Collections (200 cap, allOrNone, statusCode errors), Composite (references between subrequests,
//! allOrNone, limits) and SOQL paging with nextRecordsUrl.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support_sandbox::{CLIENT_ID, CLIENT_SECRET, SF, Sandbox};

async fn standard_book(sb: &Sandbox, t: &str) -> String {
    let (s, v) = sb
        .json(
            Method::GET,
            &format!("{SF}/query?q=SELECT+Id,+Name+FROM+Pricebook2+WHERE+IsStandard+=+true"),
            t,
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    v["records"][0]["Id"].as_str().unwrap().to_string()
}

async fn product(sb: &Sandbox, t: &str, key: &str) -> String {
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/Product2"),
            t,
            Some(&json!({"Name": key, "ProductCode": key, "Catalog_Key__c": key, "IsActive": true})),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn oauth_client_credentials_and_errors() {
    let sb = Sandbox::start(&[]);
    let post = |id: &str, secret: &str, grant: &str| {
        sb.client
            .post(sb.url("/services/oauth2/token"))
            .form(&[("client_id", id), ("client_secret", secret), ("grant_type", grant)])
            .send()
    };
    let r = post(CLIENT_ID, CLIENT_SECRET, "client_credentials").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["instance_url"], sb.base.as_str());
    assert_eq!(v["token_type"], "Bearer");
    assert!(v["issued_at"].as_str().unwrap().len() == 13);
    assert!(
        v["id"]
            .as_str()
            .unwrap()
            .starts_with("https://login.salesforce.com/id/00D")
    );
    for (id, secret, grant, error) in [
        (CLIENT_ID, "nope", "client_credentials", "invalid_client"),
        ("someone-else", CLIENT_SECRET, "client_credentials", "invalid_client_id"),
        (CLIENT_ID, CLIENT_SECRET, "password", "unsupported_grant_type"),
    ] {
        let r = post(id, secret, grant).await.unwrap();
        assert_eq!(r.status(), 400);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"], error);
        assert!(v["error_description"].is_string());
    }
}

#[tokio::test]
async fn sessions_versions_and_limit_header() {
    let sb = Sandbox::start(&[]);
    let (s, body) = sb.call(Method::GET, &format!("{SF}/limits"), "bogus", None).await;
    assert_eq!(s, 401);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])
    );
    let zuora = sb.zuora_token().await;
    assert_eq!(sb.call(Method::GET, &format!("{SF}/limits"), &zuora, None).await.0, 401);
    let t = sb.salesforce_token().await;
    let (s, v) = sb.json(Method::GET, "/services/data/v59.0/limits", &t, None).await;
    assert_eq!(
        (s, v),
        (
            404,
            json!([{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}])
        )
    );
    let r = sb
        .client
        .get(sb.url(&format!("{SF}/limits")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["sforce-limit-info"]
            .to_str()
            .unwrap()
            .starts_with("api-usage=")
    );
    let versions: Value = sb
        .client
        .get(sb.url("/services/data/"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        versions
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["version"] == "66.0" && v["url"] == "/services/data/v66.0")
    );
}

#[tokio::test]
async fn org_starts_with_its_standard_price_book() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let (_, v) = sb
        .json(
            Method::GET,
            &format!("{SF}/query?q=SELECT+Id,Name,IsActive+FROM+Pricebook2"),
            &t,
            None,
        )
        .await;
    assert_eq!(v["totalSize"], 1);
    assert_eq!(v["done"], true);
    let rec = &v["records"][0];
    assert_eq!(rec["Name"], "Standard Price Book");
    let id = rec["Id"].as_str().unwrap();
    assert!(id.len() == 18 && id.starts_with("01s"), "{id}");
    assert_eq!(rec["attributes"]["type"], "Pricebook2");
    assert_eq!(rec["attributes"]["url"], format!("{SF}/sobjects/Pricebook2/{id}"));
    let (s, v) = sb
        .json(
            Method::PATCH,
            &format!("{SF}/sobjects/Pricebook2/{id}"),
            &t,
            Some(&json!({"Name": "Renamed"})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE");
    let (s, v) = sb
        .json(Method::DELETE, &format!("{SF}/sobjects/Pricebook2/{id}"), &t, None)
        .await;
    assert_eq!((s, v[0]["errorCode"].clone()), (400, json!("DELETE_FAILED")));
}

#[tokio::test]
async fn product2_crud_and_error_bodies() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/Product2"),
            &t,
            Some(&json!({"Name":"Pro","ProductCode":"PLAN-PRO","Catalog_Key__c":"pro"})),
        )
        .await;
    assert_eq!(s, 201);
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v, json!({"id": id, "success": true, "errors": []}));
    assert!(id.starts_with("01t") && id.len() == 18);
    let (s, g) = sb
        .json(Method::GET, &format!("{SF}/sobjects/Product2/{id}"), &t, None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(g["IsActive"], false, "IsActive defaults to false");
    assert_eq!(g["CurrencyIsoCode"], "USD");
    assert_eq!(g["Catalog_Key__c"], "pro");
    assert!(g["Description"].is_null());
    let (s, _) = sb
        .json(Method::GET, &format!("{SF}/sobjects/Product2/{}", &id[..15]), &t, None)
        .await;
    assert_eq!(s, 200, "15-character ids are accepted");
    let (s, body) = sb
        .call(
            Method::PATCH,
            &format!("{SF}/sobjects/Product2/{id}"),
            &t,
            Some(&json!({"IsActive": true})),
        )
        .await;
    assert_eq!((s, body.as_str()), (204, ""));
    let cases = [
        (json!({"Name":"X","Catalog_Key__c":"PRO"}), "DUPLICATE_VALUE"),
        (json!({"ProductCode":"X"}), "REQUIRED_FIELD_MISSING"),
        (json!({"Name":"X","Bogus__c":"1"}), "INVALID_FIELD"),
        (json!({"Id": id, "Name":"X"}), "INVALID_FIELD"),
        (json!({"Name":"X","IsArchived":true}), "INVALID_FIELD_FOR_INSERT_UPDATE"),
        (
            json!({"Name":"X","CurrencyIsoCode":"XYZ"}),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        ),
    ];
    for (body, code) in cases {
        let (s, v) = sb
            .json(Method::POST, &format!("{SF}/sobjects/Product2"), &t, Some(&body))
            .await;
        assert_eq!(s, 400, "{body}: {v}");
        assert_eq!(v[0]["errorCode"], code, "{body}: {v}");
        assert!(v[0]["message"].is_string());
    }
    let (_, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/Product2"),
            &t,
            Some(&json!({"ProductCode":"X"})),
        )
        .await;
    assert_eq!(
        v,
        json!([{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}])
    );
    let (s, body) = sb
        .call(Method::DELETE, &format!("{SF}/sobjects/Product2/{id}"), &t, None)
        .await;
    assert_eq!((s, body.as_str()), (204, ""));
    assert_eq!(
        sb.call(Method::GET, &format!("{SF}/sobjects/Product2/{id}"), &t, None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn upsert_by_external_id() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let path = format!("{SF}/sobjects/Product2/Catalog_Key__c/pro");
    let (s, v) = sb.json(Method::PATCH, &path, &t, Some(&json!({"Name":"Pro"}))).await;
    assert_eq!(s, 201);
    assert_eq!(v["created"], true);
    let id = v["id"].as_str().unwrap().to_string();
    let (s, v) = sb.json(Method::PATCH, &path, &t, Some(&json!({"Name":"Pro 2"}))).await;
    assert_eq!(
        (s, v),
        (200, json!({"id": id, "success": true, "errors": [], "created": false}))
    );
    let (_, g) = sb.json(Method::GET, &path, &t, None).await;
    assert_eq!(g["Name"], "Pro 2");
    let (s, v) = sb
        .json(
            Method::PATCH,
            &format!("{SF}/sobjects/Product2/ProductCode/x"),
            &t,
            Some(&json!({"Name":"x"})),
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(
        v[0]["message"],
        "Provided external ID field does not exist or is not accessible: ProductCode"
    );
    let (s, _) = sb
        .json(
            Method::PATCH,
            &format!("{SF}/sobjects/Product2/Catalog_Key__c/new?updateOnly=true"),
            &t,
            Some(&json!({"Name":"x"})),
        )
        .await;
    assert_eq!(s, 404, "updateOnly refuses inserts");
}

#[tokio::test]
async fn pricebook_entries_need_a_standard_price_first_and_keep_their_keys() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let std = standard_book(&sb, &t).await;
    let pid = product(&sb, &t, "pro").await;
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/Pricebook2"),
            &t,
            Some(&json!({"Name":"Partners","IsActive":true})),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let custom = v["id"].as_str().unwrap().to_string();
    let entry = |book: &str, price: &str| {
        let mut m = serde_json::Map::new();
        m.insert("Pricebook2Id".into(), json!(book));
        m.insert("Product2Id".into(), json!(pid));
        m.insert("CurrencyIsoCode".into(), json!("EUR"));
        m.insert("UnitPrice".into(), Value::Number(price.parse().unwrap()));
        m.insert("IsActive".into(), json!(true));
        Value::Object(m)
    };
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/PricebookEntry"),
            &t,
            Some(&entry(&custom, "9.00")),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        v,
        json!([{"message":"Before creating a custom price, create a standard price.","errorCode":"STANDARD_PRICE_NOT_DEFINED"}])
    );
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/PricebookEntry"),
            &t,
            Some(&entry(&std, "10.50")),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let std_entry = v["id"].as_str().unwrap().to_string();
    assert!(std_entry.starts_with("01u"));
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/PricebookEntry"),
            &t,
            Some(&entry(&std, "10.50")),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v[0]["errorCode"], "DUPLICATE_VALUE");
    let (s, _) = sb
        .json(
            Method::POST,
            &format!("{SF}/sobjects/PricebookEntry"),
            &t,
            Some(&entry(&custom, "9.00")),
        )
        .await;
    assert_eq!(s, 201);
    for field in [
        json!({"Product2Id": pid}),
        json!({"CurrencyIsoCode": "USD"}),
        json!({"Pricebook2Id": custom}),
    ] {
        let (s, v) = sb
            .json(
                Method::PATCH,
                &format!("{SF}/sobjects/PricebookEntry/{std_entry}"),
                &t,
                Some(&field),
            )
            .await;
        assert_eq!(s, 400);
        assert_eq!(v[0]["errorCode"], "INVALID_FIELD_FOR_INSERT_UPDATE", "{field}");
    }
    let (s, _) = sb
        .call(
            Method::PATCH,
            &format!("{SF}/sobjects/PricebookEntry/{std_entry}"),
            &t,
            Some(&json!({"UnitPrice": 12.345})),
        )
        .await;
    assert_eq!(s, 204);
    let (_, text) = sb.call(Method::GET, &format!("{SF}/query?q=SELECT+UnitPrice,+Product2.ProductCode,+Product2.Catalog_Key__c+FROM+PricebookEntry+WHERE+Pricebook2Id+=+'{std}'"), &t, None).await;
    assert!(text.contains(r#""UnitPrice":12.345"#), "exact price: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let rel = &v["records"][0]["Product2"];
    assert_eq!(rel["ProductCode"], "pro");
    assert_eq!(rel["Catalog_Key__c"], "pro");
    assert_eq!(rel["attributes"]["type"], "Product2");
    let (s, v) = sb
        .json(
            Method::DELETE,
            &format!("{SF}/sobjects/PricebookEntry/{std_entry}"),
            &t,
            None,
        )
        .await;
    assert_eq!(
        (s, v[0]["errorCode"].clone()),
        (400, json!("DELETE_FAILED")),
        "standard price used by a custom entry"
    );
}

#[tokio::test]
async fn collections_cap_all_or_none_and_status_code_errors() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let rec = |k: &str| json!({"attributes":{"type":"Product2"},"Name":k,"Catalog_Key__c":k});
    let too_many: Vec<Value> = (0..201).map(|i| rec(&format!("k{i}"))).collect();
    let (s, v) = sb
        .json(
            Method::POST,
            &format!("{SF}/composite/sobjects"),
            &t,
            Some(&json!({"records": too_many})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(v[0]["errorCode"], "EXCEEDED_ID_LIMIT");
    let body =
        json!({"allOrNone": true, "records": [rec("a"), {"attributes":{"type":"Product2"},"Catalog_Key__c":"b"}]});
    let (s, v) = sb
        .json(Method::POST, &format!("{SF}/composite/sobjects"), &t, Some(&body))
        .await;
    assert_eq!(s, 200);
    assert_eq!(v[0]["success"], false);
    assert_eq!(v[0]["errors"][0]["statusCode"], "ALL_OR_NONE_OPERATION_ROLLED_BACK");
    assert_eq!(v[1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
    assert!(v[1]["errors"][0].get("errorCode").is_none());
    let (_, q) = sb
        .json(Method::GET, &format!("{SF}/query?q=SELECT+Id+FROM+Product2"), &t, None)
        .await;
    assert_eq!(q["totalSize"], 0, "rolled back");
    let body = json!({"allOrNone": false, "records": [rec("a"), rec("a")]});
    let (_, v) = sb
        .json(Method::POST, &format!("{SF}/composite/sobjects"), &t, Some(&body))
        .await;
    assert_eq!(v[0]["success"], true);
    assert_eq!(v[1]["errors"][0]["statusCode"], "DUPLICATE_VALUE");
    let body = json!({"allOrNone": false, "records": [rec("a"), rec("c")]});
    let (s, v) = sb
        .json(
            Method::PATCH,
            &format!("{SF}/composite/sobjects/Product2/Catalog_Key__c"),
            &t,
            Some(&body),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        (v[0]["created"].clone(), v[1]["created"].clone()),
        (json!(false), json!(true))
    );
    let id = v[1]["id"].as_str().unwrap();
    let body = json!({"records": [{"attributes":{"type":"Product2"},"id": id, "Description":"d"}, {"attributes":{"type":"Product2"},"Name":"no id"}]});
    let (_, v) = sb
        .json(Method::PATCH, &format!("{SF}/composite/sobjects"), &t, Some(&body))
        .await;
    assert_eq!(v[0]["success"], true);
    assert_eq!(v[1]["errors"][0]["statusCode"], "MISSING_ARGUMENT");
    let (_, v) = sb
        .json(Method::DELETE, &format!("{SF}/composite/sobjects?ids={id}"), &t, None)
        .await;
    assert_eq!(v, json!([{"id": id, "success": true, "errors": []}]));
}

#[tokio::test]
async fn composite_chains_collections_through_references() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let std = standard_book(&sb, &t).await;
    let p2 = |k: &str| json!({"attributes":{"type":"Product2"},"Name":k,"Catalog_Key__c":k,"IsActive":true});
    let pbe = |product: &str| {
        json!({"attributes":{"type":"PricebookEntry"},"Pricebook2Id":std,"Product2Id":product,"CurrencyIsoCode":"USD","UnitPrice":19.99,"IsActive":true})
    };
    let sub = |method: &str, url: &str, r: &str, body: Value| json!({"method":method,"url":format!("{SF}{url}"),"referenceId":r,"body":body});
    let body = json!({"allOrNone": false, "compositeRequest": [
        // The second Product2 has no Name: it fails, the first is saved.
        sub("PATCH", "/composite/sobjects/Product2/Catalog_Key__c", "p2",
            json!({"records": [p2("a"), {"attributes":{"type":"Product2"},"Catalog_Key__c":"b"}]})),
        sub("POST", "/composite/sobjects", "prices_a", json!({"records": [pbe("@{p2[0].id}")]})),
        // Names the Product2 that was not saved: not executed.
        sub("POST", "/composite/sobjects", "prices_b", json!({"records": [pbe("@{p2[1].id}")]})),
        // Depends on a subrequest that did not run.
        sub("POST", "/composite/sobjects", "after_b", json!({"records": [pbe("@{prices_b[0].id}")]})),
        sub("POST", "/sobjects/Product2", "one", json!({"Name":"One","Catalog_Key__c":"one"})),
        sub("PATCH", "/sobjects/Product2/@{one.id}", "one_upd", json!({"Description":"described"})),
        sub("GET", "/sobjects/Product2/@{one.id}", "one_get", Value::Null),
    ]});
    let (s, v) = sb.json(Method::POST, &format!("{SF}/composite"), &t, Some(&body)).await;
    assert_eq!(s, 200, "{v}");
    let r = &v["compositeResponse"];
    let refs: Vec<&str> = r.as_array().unwrap().iter().map(|x| x["referenceId"].as_str().unwrap()).collect();
    assert_eq!(refs, ["p2", "prices_a", "prices_b", "after_b", "one", "one_upd", "one_get"], "answers in request order");
    assert_eq!(r[0]["httpStatusCode"], 200);
    assert_eq!((r[0]["body"][0]["success"].clone(), r[0]["body"][0]["created"].clone()), (json!(true), json!(true)));
    assert_eq!(r[0]["body"][1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
    let product_a = r[0]["body"][0]["id"].as_str().unwrap();
    assert_eq!((r[1]["httpStatusCode"].clone(), r[1]["body"][0]["success"].clone()), (json!(200), json!(true)), "{}", r[1]);
    for (i, expr, reference) in [(2, "p2[1].id", "p2"), (3, "prices_b[0].id", "prices_b")] {
        assert_eq!(r[i]["httpStatusCode"], 400);
        assert_eq!(r[i]["body"][0]["errorCode"], "PROCESSING_HALTED");
        assert_eq!(
            r[i]["body"][0]["message"],
            format!("Invalid reference specified. No value for {expr} found in {reference}.")
        );
    }
    assert_eq!(r[4]["httpStatusCode"], 201);
    let one = r[4]["body"]["id"].as_str().unwrap();
    assert_eq!(r[4]["httpHeaders"]["Location"], format!("{SF}/sobjects/Product2/{one}"));
    assert_eq!(r[5]["httpStatusCode"], 204);
    assert_eq!(r[6]["httpStatusCode"], 400, "GET is not served inside a composite request: {}", r[6]);
    assert!(r[6]["body"][0]["message"].as_str().unwrap().contains("not served in a composite request"), "{}", r[6]);
    // What was saved: Product2 a with one standard price, and One, described.
    let (_, q) = sb
        .json(Method::GET, &format!("{SF}/query?q=SELECT+Product2Id,+UnitPrice+FROM+PricebookEntry"), &t, None)
        .await;
    assert_eq!(q["totalSize"], 1, "{q}");
    assert_eq!(q["records"][0]["Product2Id"], product_a);
    let (_, got) = sb.json(Method::GET, &format!("{SF}/sobjects/Product2/{one}"), &t, None).await;
    assert_eq!(got["Description"], "described");
}

#[tokio::test]
async fn composite_all_or_none_rolls_everything_back_and_limits_hold() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    let p2 = |k: &str| json!({"attributes":{"type":"Product2"},"Name":k,"Catalog_Key__c":k});
    let sub = |r: &str, records: Value| {
        json!({"method":"POST","url":format!("{SF}/composite/sobjects"),"referenceId":r,"body":{"records":records}})
    };
    let body = json!({"allOrNone": true, "compositeRequest": [
        sub("first", json!([p2("a")])),
        // Its own allOrNone is false, but the outer true overrides it: b is rolled back with the bad record.
        json!({"method":"POST","url":format!("{SF}/composite/sobjects"),"referenceId":"second",
               "body":{"allOrNone": false, "records": [p2("b"), {"attributes":{"type":"Product2"},"Catalog_Key__c":"c"}]}}),
        sub("third", json!([p2("d")])),
    ]});
    let (s, v) = sb.json(Method::POST, &format!("{SF}/composite"), &t, Some(&body)).await;
    assert_eq!(s, 200, "{v}");
    let r = &v["compositeResponse"];
    for i in [0, 2] {
        assert_eq!((r[i]["httpStatusCode"].clone(), r[i]["body"][0]["errorCode"].clone()), (json!(400), json!("PROCESSING_HALTED")), "{}", r[i]);
        assert_eq!(
            r[i]["body"][0]["message"],
            "The transaction was rolled back since another operation in the same transaction failed."
        );
    }
    assert_eq!(r[1]["body"][0]["errors"][0]["statusCode"], "ALL_OR_NONE_OPERATION_ROLLED_BACK", "{}", r[1]);
    assert_eq!(r[1]["body"][1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
    let (_, q) = sb.json(Method::GET, &format!("{SF}/query?q=SELECT+Id+FROM+Product2"), &t, None).await;
    assert_eq!(q["totalSize"], 0, "everything rolled back: {q}");

    // Request-level refusals: more than 25 subrequests, more than 5 collections, a repeated referenceId.
    let many: Vec<Value> = (0..26).map(|i| json!({"method":"POST","url":format!("{SF}/sobjects/Product2"),"referenceId":format!("r{i}"),"body":{}})).collect();
    let six: Vec<Value> = (0..6).map(|i| sub(&format!("c{i}"), json!([p2(&format!("k{i}"))]))).collect();
    let twice = vec![sub("same", json!([p2("x")])), sub("same", json!([p2("y")]))];
    for (list, code) in [(many, "LIMIT_EXCEEDED"), (six, "LIMIT_EXCEEDED"), (twice, "INVALID_INPUT")] {
        let (s, v) = sb.json(Method::POST, &format!("{SF}/composite"), &t, Some(&json!({"compositeRequest": list}))).await;
        assert_eq!((s, v[0]["errorCode"].clone()), (400, json!(code)), "{v}");
    }
    let (_, q) = sb.json(Method::GET, &format!("{SF}/query?q=SELECT+Id+FROM+Product2"), &t, None).await;
    assert_eq!(q["totalSize"], 0, "refused requests change nothing: {q}");
}

#[tokio::test]
async fn soql_pages_with_next_records_url() {
    let sb = Sandbox::start(&[]);
    let t = sb.salesforce_token().await;
    for chunk in 0..3 {
        let n = if chunk < 2 { 200 } else { 50 };
        let records: Vec<Value> = (0..n).map(|i| json!({"attributes":{"type":"Product2"},"Name":format!("P{chunk}-{i}"),"Catalog_Key__c":format!("k{chunk}-{i:03}")})).collect();
        let (s, v) = sb
            .json(
                Method::POST,
                &format!("{SF}/composite/sobjects"),
                &t,
                Some(&json!({"allOrNone": true, "records": records})),
            )
            .await;
        assert_eq!(s, 200);
        assert!(v.as_array().unwrap().iter().all(|r| r["success"] == true));
    }
    let r = sb
        .client
        .get(sb.url(&format!("{SF}/query")))
        .query(&[("q", "SELECT Id, Catalog_Key__c FROM Product2 ORDER BY Catalog_Key__c")])
        .header("Sforce-Query-Options", "batchSize=200")
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    let mut page: Value = r.json().await.unwrap();
    assert_eq!(page["totalSize"], 450);
    let mut seen = Vec::new();
    loop {
        seen.extend(
            page["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["Catalog_Key__c"].as_str().unwrap().to_string()),
        );
        if page["done"] == true {
            assert!(page.get("nextRecordsUrl").is_none());
            break;
        }
        let next = page["nextRecordsUrl"].as_str().unwrap();
        assert!(next.starts_with(&format!("{SF}/query/01g")), "{next}");
        page = sb.json(Method::GET, next, &t, None).await.1;
    }
    assert_eq!(seen.len(), 450);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    let (_, v) = sb.json(Method::GET, &format!("{SF}/query?q=SELECT+Name+FROM+Product2+WHERE+Catalog_Key__c+IN+('k0-001','K2-049')+AND+IsActive+=+false"), &t, None).await;
    assert_eq!(v["totalSize"], 2, "IN, AND, case-insensitive text: {v}");
    let (s, v) = sb
        .json(
            Method::GET,
            &format!("{SF}/query?q=SELECT+Nope+FROM+Product2"),
            &t,
            None,
        )
        .await;
    assert_eq!((s, v[0]["errorCode"].clone()), (400, json!("INVALID_FIELD")));
    let (s, v) = sb.json(Method::GET, &format!("{SF}/query?q=SELEC+Id"), &t, None).await;
    assert_eq!((s, v[0]["errorCode"].clone()), (400, json!("MALFORMED_QUERY")));
}
