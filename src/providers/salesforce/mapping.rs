//! Salesforce wire <-> live model: Product2 and PricebookEntry records <-> `SalesforceState`.
//!
//! Read: three SOQL queries (price books, Product2, PricebookEntry of the standard and the configured custom
//! book). Write: record maps for sObject Collections (Product2 upsert by the External ID field; PricebookEntry
//! create with price book, product and currency, and update of `UnitPrice`/`IsActive`/`UseStandardPrice` only,
//! since currency and product never change in place).

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
/// # Errors
/// A query fails, the standard price book is missing, or a price is not an exact number.
pub async fn read_state(client: &SalesforceClient) -> Result<SalesforceState, ProviderError> {
    let cfg = client.config().clone();
    let decode = |message: String| ProviderError::Decode { service: "Salesforce", what: "read".into(), message };
    let books = client.query("SELECT Id, Name, IsStandard FROM Pricebook2").await?;
    let standard_id = books
        .iter()
        .find(|r| b(r, "IsStandard"))
        .and_then(|r| s(r, "Id"))
        .ok_or_else(|| decode("the org has no standard price book".into()))?;
    let custom = cfg.custom_price_book.as_ref().map(|name| PriceBookRef {
        name: name.clone(),
        id: books.iter().find(|r| !b(r, "IsStandard") && s(r, "Name").as_deref() == Some(name)).and_then(|r| s(r, "Id")),
    });
    let ext = &cfg.external_id_field;
    let products = client
        .query(&format!("SELECT Id, Name, ProductCode, Description, IsActive, {ext} FROM Product2"))
        .await?;
    let mut book_ids = vec![(standard_id.clone(), PriceBookKind::Standard)];
    if let Some(PriceBookRef { id: Some(id), .. }) = &custom {
        book_ids.push((id.clone(), PriceBookKind::Custom));
    }
    let mut entries: BTreeMap<String, Vec<SfPriceEntry>> = BTreeMap::new();
    for (book_id, kind) in &book_ids {
        let rows = client
            .query(&format!(
                "SELECT Id, Product2Id, CurrencyIsoCode, UnitPrice, IsActive, UseStandardPrice FROM PricebookEntry WHERE Pricebook2Id = {}",
                soql_literal(book_id)
            ))
            .await?;
        for r in rows {
            let Some(product) = s(&r, "Product2Id") else { continue };
            let unit_price = decimal(r.get("UnitPrice").unwrap_or(&Value::Null))
                .map_err(|e| decode(format!("PricebookEntry {}: UnitPrice: {e}", s(&r, "Id").unwrap_or_default())))?
                .unwrap_or_default();
            entries.entry(product).or_default().push(SfPriceEntry {
                id: s(&r, "Id"),
                price_book: *kind,
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
