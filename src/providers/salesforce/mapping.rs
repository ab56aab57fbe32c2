//! Salesforce wire <-> live model: Product2 and PricebookEntry records <-> `SalesforceState`.
//!
//! Read: SOQL queries side by side (price books, Product2, PricebookEntry of the standard and of the configured
//! custom book, filtered through the `Pricebook2` relationship). Write: record maps for sObject Collections
//! (Product2 upsert by the External ID field; PricebookEntry create with price book, product and currency, and
//! update of `UnitPrice`/`IsActive`/`UseStandardPrice` only, since currency and product never change in place).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::SalesforceClient;
use crate::live::{PriceBookKind, PriceBookRef, SalesforceState, SfPriceEntry, SfProduct};
use crate::model::{CurrencyCode, Money};
use crate::providers::ProviderError;
use crate::providers::zuora::mapping::decimal;

fn s(m: &Map<String, Value>, f: &str) -> Option<String> {
    m.get(f).and_then(Value::as_str).map(str::to_owned)
}

fn b(m: &Map<String, Value>, f: &str) -> bool {
    m.get(f).and_then(Value::as_bool).unwrap_or(false)
}

/// A quoted SOQL string literal.
fn soql_literal(v: &str) -> String {
    format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Reads Product2 and PricebookEntry records into the live model.
///
/// The queries run side by side (one round trip, plus pages): the price books, Product2, and the entries of the
/// standard book and of the configured custom book, each filtered through its `Pricebook2` relationship so that
/// it does not wait for the book ids. Entries are then kept only for the book ids the first query resolved.
///
/// # Errors
/// A query fails, the standard price book is missing, or a price is not an exact number.
pub async fn read_state(client: &SalesforceClient) -> Result<SalesforceState, ProviderError> {
    let cfg = client.config().clone();
    let decode = |message: String| ProviderError::Decode { service: "Salesforce", what: "read".into(), message };
    let ext = &cfg.external_id_field;
    let entries_where = |filter: &str| {
        format!(
            "SELECT Id, Pricebook2Id, Product2Id, CurrencyIsoCode, UnitPrice, IsActive, UseStandardPrice FROM PricebookEntry WHERE {filter}"
        )
    };
    let standard_entries = entries_where("Pricebook2.IsStandard = true");
    let custom_entries = cfg
        .custom_price_book
        .as_ref()
        .map(|name| entries_where(&format!("Pricebook2.IsStandard = false AND Pricebook2.Name = {}", soql_literal(name))));
    let product_query = format!("SELECT Id, Name, ProductCode, Description, IsActive, {ext} FROM Product2");
    let (books, products, standard_rows, custom_rows) = tokio::try_join!(
        client.query("SELECT Id, Name, IsStandard FROM Pricebook2"),
        client.query(&product_query),
        client.query(&standard_entries),
        async {
            match &custom_entries {
                Some(q) => client.query(q).await,
                None => Ok(Vec::new()),
            }
        },
    )?;
    let standard_id = books
        .iter()
        .find(|r| b(r, "IsStandard"))
        .and_then(|r| s(r, "Id"))
        .ok_or_else(|| decode("the org has no standard price book".into()))?;
    let custom = cfg.custom_price_book.as_ref().map(|name| PriceBookRef {
        name: name.clone(),
        id: books.iter().find(|r| !b(r, "IsStandard") && s(r, "Name").as_deref() == Some(name)).and_then(|r| s(r, "Id")),
    });
    let mut book_rows = vec![(standard_id.clone(), PriceBookKind::Standard, standard_rows)];
    if let Some(PriceBookRef { id: Some(id), .. }) = &custom {
        book_rows.push((id.clone(), PriceBookKind::Custom, custom_rows));
    }
    let mut entries: BTreeMap<String, Vec<SfPriceEntry>> = BTreeMap::new();
    for (book_id, kind, rows) in book_rows {
        for r in rows {
            if s(&r, "Pricebook2Id").as_deref() != Some(book_id.as_str()) {
                // Another book of the same name (only the first one counts), or a row the filter let through.
                continue;
            }
            let Some(product) = s(&r, "Product2Id") else { continue };
            let unit_price = decimal(r.get("UnitPrice").unwrap_or(&Value::Null))
                .map_err(|e| decode(format!("PricebookEntry {}: UnitPrice: {e}", s(&r, "Id").unwrap_or_default())))?
                .unwrap_or_default();
            entries.entry(product).or_default().push(SfPriceEntry {
                id: s(&r, "Id"),
                price_book: kind,
                currency: CurrencyCode(s(&r, "CurrencyIsoCode").unwrap_or_default()),
                unit_price: Money(unit_price),
                is_active: b(&r, "IsActive"),
                use_standard_price: b(&r, "UseStandardPrice"),
            });
        }
    }
    let mut out = SalesforceState { standard_price_book_id: Some(standard_id), custom_price_book: custom, products: vec![] };
    for r in products {
        let id = s(&r, "Id");
        out.products.push(SfProduct {
            entries: id.as_ref().and_then(|i| entries.remove(i)).unwrap_or_default(),
            id,
            key: s(&r, ext).filter(|k| !k.is_empty()),
            name: s(&r, "Name").unwrap_or_default(),
            product_code: s(&r, "ProductCode"),
            description: s(&r, "Description").unwrap_or_default(),
            is_active: b(&r, "IsActive"),
        });
    }
    Ok(out)
}

/// A Product2 record for an upsert by `external_id_field` (no `Id`).
#[must_use]
pub fn product_record(p: &SfProduct, external_id_field: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Name".into(), Value::String(p.name.clone()));
    m.insert("ProductCode".into(), p.product_code.clone().map_or(Value::Null, Value::String));
    m.insert("Description".into(), Value::String(p.description.clone()));
    m.insert("IsActive".into(), Value::Bool(p.is_active));
    m.insert(external_id_field.to_owned(), p.key.clone().map_or(Value::Null, Value::String));
    m
}

fn price(m: Money) -> Value {
    std::str::FromStr::from_str(&m.0.to_string()).map_or_else(|_| Value::String(m.0.to_string()), Value::Number)
}

/// A new PricebookEntry record.
#[must_use]
pub fn entry_create_record(e: &SfPriceEntry, price_book_id: &str, product_id: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Pricebook2Id".into(), Value::String(price_book_id.to_owned()));
    m.insert("Product2Id".into(), Value::String(product_id.to_owned()));
    m.insert("CurrencyIsoCode".into(), Value::String(e.currency.0.clone()));
    m.insert("UnitPrice".into(), price(e.unit_price));
    m.insert("IsActive".into(), Value::Bool(e.is_active));
    m.insert("UseStandardPrice".into(), Value::Bool(e.use_standard_price));
    m
}

/// An update of an existing PricebookEntry: only the fields that may change in place.
#[must_use]
pub fn entry_update_record(e: &SfPriceEntry, id: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(id.to_owned()));
    if !e.use_standard_price {
        m.insert("UnitPrice".into(), price(e.unit_price));
    }
    m.insert("IsActive".into(), Value::Bool(e.is_active));
    m.insert("UseStandardPrice".into(), Value::Bool(e.use_standard_price));
    m
}

/// Creates or updates Product2 records and their price book entries so they match `products` (records matched by
/// the External ID field; entries by price book and currency). Order: Product2 upserts (200 per call), then
/// standard-price-book entries, then custom-price-book entries (Salesforce refuses a custom price before the
/// standard one). Existing entries are updated in place (`UnitPrice`, `IsActive`, `UseStandardPrice` only); an
/// entry is never moved to another currency or product. Returns the number of records written.
///
/// # Errors
/// A call fails, or Salesforce rejects a record (the error names it and Salesforce's status codes).
pub async fn push_products(
    client: &SalesforceClient,
    live: &SalesforceState,
    products: &[SfProduct],
) -> Result<usize, ProviderError> {
    let ext = client.config().external_id_field.clone();
    let rejected = |what: &str, r: &super::wire::SaveResult| ProviderError::Rejected {
        service: "Salesforce",
        what: what.to_owned(),
        message: r.errors.iter().map(|e| format!("{}: {}", e.status_code, e.message)).collect::<Vec<_>>().join("; "),
    };
    let records: Vec<Map<String, Value>> = products.iter().map(|p| product_record(p, &ext)).collect();
    let results = client.upsert("Product2", &ext, &records).await?;
    let mut written = results.len();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (p, r) in products.iter().zip(&results) {
        let key = p.key.clone().unwrap_or_default();
        match (&r.id, r.success) {
            (Some(id), true) => {
                ids.insert(key, id.clone());
            }
            _ => return Err(rejected(&format!("upsert Product2 {key}"), r)),
        }
    }
    let existing: BTreeMap<(String, PriceBookKind, String), String> = live
        .products
        .iter()
        .filter_map(|p| p.key.clone().map(|k| (k, p)))
        .flat_map(|(k, p)| {
            p.entries.iter().filter_map(move |e| e.id.clone().map(|id| ((k.clone(), e.price_book, e.currency.0.clone()), id)))
        })
        .collect();
    for kind in [PriceBookKind::Standard, PriceBookKind::Custom] {
        let book_id = match kind {
            PriceBookKind::Standard => live.standard_price_book_id.clone(),
            PriceBookKind::Custom => live.custom_price_book.as_ref().and_then(|b| b.id.clone()),
        };
        let Some(book_id) = book_id else { continue };
        let (mut creates, mut updates) = (Vec::new(), Vec::new());
        for p in products {
            let key = p.key.clone().unwrap_or_default();
            let Some(pid) = ids.get(&key) else { continue };
            for e in p.entries.iter().filter(|e| e.price_book == kind) {
                match existing.get(&(key.clone(), kind, e.currency.0.clone())) {
                    Some(id) => updates.push(entry_update_record(e, id)),
                    None => creates.push(entry_create_record(e, &book_id, pid)),
                }
            }
        }
        for r in client.create("PricebookEntry", &creates).await? {
            if !r.success {
                return Err(rejected("create PricebookEntry", &r));
            }
        }
        for r in client.update("PricebookEntry", &updates).await? {
            if !r.success {
                return Err(rejected("update PricebookEntry", &r));
            }
        }
        written += creates.len() + updates.len();
    }
    Ok(written)
}

/// Makes sure the configured custom price book exists (creating it, active, when missing) and records its id in
/// `live`. Does nothing when no custom price book is configured.
///
/// # Errors
/// The create call fails or is rejected.
pub async fn ensure_custom_price_book(client: &SalesforceClient, live: &mut SalesforceState) -> Result<(), ProviderError> {
    let Some(book) = &mut live.custom_price_book else { return Ok(()) };
    if book.id.is_some() {
        return Ok(());
    }
    let mut rec = Map::new();
    rec.insert("Name".into(), Value::String(book.name.clone()));
    rec.insert("IsActive".into(), Value::Bool(true));
    let results = client.create("Pricebook2", &[rec]).await?;
    match results.first() {
        Some(r) if r.success && r.id.is_some() => {
            book.id.clone_from(&r.id);
            Ok(())
        }
        other => Err(ProviderError::Rejected {
            service: "Salesforce",
            what: format!("create Pricebook2 {}", book.name),
            message: other
                .map(|r| r.errors.iter().map(|e| format!("{}: {}", e.status_code, e.message)).collect::<Vec<_>>().join("; "))
                .unwrap_or_default(),
        }),
    }
}
