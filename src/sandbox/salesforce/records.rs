//! Salesforce record rules (salesforce-api.md §3-4), shared by the single-record endpoints and sObject
//! Collections: insert, update, upsert by external id, delete, and the JSON view of a record. Field names are
//! case-insensitive and stored canonically; every operation validates before it mutates, so a failure leaves the
//! org untouched. PricebookEntry: standard price first, one entry per (book, product, currency), Product2Id /
//! Pricebook2Id / CurrencyIsoCode fixed after create, UseStandardPrice rules.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::errors::SfError;
use super::schema::{self, Field, FieldType};
use super::store::{SfRecord, SfState};
use crate::sandbox::behaviour::SalesforceBehaviour;
use crate::sandbox::ids;

/// What record operations need besides the org.
pub struct SfCtx<'a> {
    pub b: &'a SalesforceBehaviour,
    /// The fields of each type under `b`.
    pub schema: &'a schema::Schema,
    /// The org's active currencies.
    pub currencies: &'a [String],
    pub now: &'a str,
    pub in_use: &'a BTreeSet<String>,
    /// `/services/data/vNN.N`.
    pub base: &'a str,
}

/// The outcome of an upsert.
#[derive(Debug)]
pub enum Upserted {
    Created(String),
    Updated(String),
    /// More than one record matched (HTTP 300): their ids.
    Multiple(Vec<String>),
}

const WRITABLE: &[&str] = &["Product2", "Pricebook2", "PricebookEntry"];

fn writable(sobject: &str) -> Result<(), SfError> {
    if WRITABLE.contains(&sobject) {
        Ok(())
    } else {
        Err(SfError::new(
            "INSUFFICIENT_ACCESS_OR_READONLY",
            format!("insufficient access rights on {sobject}"),
        ))
    }
}

fn not_updatable(name: &str) -> SfError {
    SfError::with_fields(
        "INVALID_FIELD_FOR_INSERT_UPDATE",
        format!(
            "Unable to create/update fields: {name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set."
        ),
        &[name],
    )
}

fn check_value(s: &SfState, cx: &SfCtx<'_>, f: &Field, v: &Value) -> Result<Value, SfError> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    let parse_err = |what: &str| {
        SfError::new(
            "JSON_PARSER_ERROR",
            format!("Cannot deserialize instance of {what} from {v} value or request may be missing a required field"),
        )
    };
    match f.kind {
        FieldType::Text(max) => {
            let text = v.as_str().ok_or_else(|| parse_err("string"))?;
            if text.chars().count() > max {
                return Err(SfError::with_fields(
                    "STRING_TOO_LONG",
                    format!("{}: data value too large: {text} (max length={max})", f.name),
                    &[&f.name],
                ));
            }
            Ok(v.clone())
        }
        FieldType::Bool => v.as_bool().map(Value::Bool).ok_or_else(|| parse_err("boolean")),
        FieldType::Currency | FieldType::Number => {
            let text = match v {
                Value::Number(n) => n.to_string(),
                Value::String(t) => t.clone(),
                _ => return Err(parse_err("double")),
            };
            let d = crate::model::parse_exact(&text).map_err(|_| parse_err("double"))?;
            d.to_string()
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .map_err(|_| parse_err("double"))
        }
        FieldType::Reference(prefix) => {
            let raw = v.as_str().ok_or_else(|| parse_err("string"))?;
            let id = ids::salesforce_id18(raw)
                .filter(|id| id.starts_with(prefix))
                .ok_or_else(|| {
                    SfError::with_fields(
                        "MALFORMED_ID",
                        format!("{}: id value of incorrect type: {raw}", f.name),
                        &[&f.name],
                    )
                })?;
            if prefix != "005" && !s.contains(&id) {
                return Err(SfError::with_fields(
                    "INVALID_CROSS_REFERENCE_KEY",
                    "invalid cross reference id",
                    &[&f.name],
                ));
            }
            Ok(Value::String(id))
        }
        FieldType::CurrencyCode => {
            let code = v.as_str().ok_or_else(|| parse_err("string"))?;
            if cx.currencies.iter().any(|c| c == code) {
                Ok(v.clone())
            } else {
                Err(SfError::with_fields(
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    format!("Currency ISO Code: invalid currency code: {code}"),
                    &["CurrencyIsoCode"],
                ))
            }
        }
        FieldType::Id | FieldType::DateTime => Err(not_updatable(&f.name)),
    }
}

/// Validates body fields for insert (`creating`) or update; returns canonical name -> value.
fn collect(
    s: &SfState,
    cx: &SfCtx<'_>,
    sobject: &str,
    body: &Map<String, Value>,
    creating: bool,
    existing: Option<&SfRecord>,
) -> Result<BTreeMap<String, Value>, SfError> {
    let fields = cx.schema.fields(sobject);
    let standard_book = existing.is_some_and(|r| r.fields.get("IsStandard") == Some(&Value::Bool(true)));
    let mut out = BTreeMap::new();
    for (k, v) in body {
        if k == "attributes" {
            continue;
        }
        let Some(f) = schema::find(fields, k) else {
            return Err(SfError::new(
                "INVALID_FIELD",
                format!("No such column '{k}' on sobject of type {sobject}"),
            ));
        };
        if f.name == "Id" {
            if creating {
                return Err(SfError::new(
                    "INVALID_FIELD",
                    "The Id field should not be specified in the sobject data.",
                ));
            }
            if existing.is_some_and(|r| ids::salesforce_id18(v.as_str().unwrap_or_default()).as_deref() != r.str("Id"))
            {
                return Err(SfError::new(
                    "INVALID_FIELD",
                    "The Id in the body does not match the record being updated.",
                ));
            }
            continue;
        }
        let allowed = if creating {
            f.createable
        } else {
            f.updateable && !(standard_book && f.name == "Name")
        };
        if !allowed {
            return Err(not_updatable(&f.name));
        }
        out.insert(f.name.clone(), check_value(s, cx, f, v)?);
    }
    Ok(out)
}

fn check_unique(
    s: &SfState,
    cx: &SfCtx<'_>,
    sobject: &str,
    fields: &BTreeMap<String, Value>,
    self_id: Option<&str>,
) -> Result<(), SfError> {
    for f in cx.schema.fields(sobject) {
        let unique = f.unique || (sobject == "Product2" && f.name == "ProductCode" && cx.b.product_code_unique);
        let Some(value) = fields.get(&f.name).and_then(Value::as_str).filter(|_| unique) else {
            continue;
        };
        if let Some(other) = s.find_by(sobject, &f.name, value).into_iter().find(|r| r.str("Id") != self_id) {
            return Err(SfError::with_fields(
                "DUPLICATE_VALUE",
                format!(
                    "duplicate value found: {} duplicates value on record with id: {}",
                    f.name,
                    other.str("Id").unwrap_or_default()
                ),
                &[&f.name],
            ));
        }
    }
    Ok(())
}

fn entry_key(r: &BTreeMap<String, Value>) -> (Option<&str>, Option<&str>, Option<&str>) {
    let g = |k: &str| r.get(k).and_then(Value::as_str);
    (g("Pricebook2Id"), g("Product2Id"), g("CurrencyIsoCode"))
}

fn standard_entry<'a>(s: &'a SfState, product: &str, currency: &str) -> Option<&'a SfRecord> {
    let std = s.standard_pricebook()?;
    s.find_by("PricebookEntry", "Product2Id", product)
        .into_iter()
        .find(|e| entry_key(&e.fields) == (Some(std), Some(product), Some(currency)))
}

fn integrity(msg: &str) -> SfError {
    SfError::new("FIELD_INTEGRITY_EXCEPTION", format!("field integrity exception: {msg}"))
}

/// PricebookEntry rules on the merged record (`self_id` when updating).
fn entry_rules(
    s: &SfState,
    cx: &SfCtx<'_>,
    r: &mut BTreeMap<String, Value>,
    self_id: Option<&str>,
    touched_price: bool,
) -> Result<(), SfError> {
    let (Some(book), Some(product), Some(currency)) = entry_key(r) else {
        return Ok(());
    };
    let (book, product, currency) = (book.to_string(), product.to_string(), currency.to_string());
    let is_standard = s.standard_pricebook() == Some(book.as_str());
    let use_standard = r.get("UseStandardPrice") == Some(&Value::Bool(true));
    if is_standard && use_standard && cx.b.reject_use_standard_price_on_standard_book {
        return Err(integrity(
            "unknown (UseStandardPrice must be false on a standard price book entry)",
        ));
    }
    if self_id.is_none() {
        // The product's entries only (an index lookup).
        if s.find_by("PricebookEntry", "Product2Id", &product)
            .into_iter()
            .any(|e| entry_key(&e.fields) == (Some(&book), Some(&product), Some(&currency)))
        {
            return Err(SfError::new(
                &cx.b.pricebook_entry_duplicate_code,
                "This price definition already exists in this price book",
            ));
        }
        if !is_standard && standard_entry(s, &product, &currency).is_none() {
            return Err(SfError::new(
                "STANDARD_PRICE_NOT_DEFINED",
                "Before creating a custom price, create a standard price.",
            ));
        }
    }
    if use_standard && !is_standard {
        if touched_price && self_id.is_some() {
            return Err(integrity(
                "unknown (UnitPrice is read-only while UseStandardPrice is true)",
            ));
        }
        if let Some(std) = standard_entry(s, &product, &currency) {
            r.insert(
                "UnitPrice".into(),
                std.fields.get("UnitPrice").cloned().unwrap_or(Value::Null),
            );
        }
    }
    Ok(())
}

fn missing_required(sobject: &str, cx: &SfCtx<'_>, r: &BTreeMap<String, Value>) -> Result<(), SfError> {
    let missing: Vec<String> = cx
        .schema
        .fields(sobject)
        .iter()
        .filter(|f| f.required && r.get(&f.name).is_none_or(Value::is_null))
        .filter(|f| !(f.name == "UnitPrice" && r.get("UseStandardPrice") == Some(&Value::Bool(true))))
        .map(|f| f.name.clone())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
    Err(SfError::with_fields(
        "REQUIRED_FIELD_MISSING",
        format!("Required fields are missing: [{}]", missing.join(", ")),
        &refs,
    ))
}

fn defaults(sobject: &str, cx: &SfCtx<'_>, r: &mut BTreeMap<String, Value>) {
    for f in cx.schema.fields(sobject) {
        let default = match (f.name.as_str(), f.kind) {
            ("Name" | "ProductCode", _) if sobject == "PricebookEntry" => continue,
            ("CurrencyIsoCode", _) => json!(cx.b.corporate_currency),
            (_, FieldType::Bool) => Value::Bool(false),
            _ => Value::Null,
        };
        r.entry(f.name.clone()).or_insert(default);
    }
}

/// Inserts a record; returns its id.
///
/// # Errors
/// The first rule the record breaks.
pub fn insert(s: &mut SfState, cx: &SfCtx<'_>, sobject: &str, body: &Map<String, Value>) -> Result<String, SfError> {
    writable(sobject)?;
    let mut r = collect(s, cx, sobject, body, true, None)?;
    if sobject == "Pricebook2" {
        r.remove("IsStandard");
    }
    defaults(sobject, cx, &mut r);
    missing_required(sobject, cx, &r)?;
    check_unique(s, cx, sobject, &r, None)?;
    if sobject == "PricebookEntry" {
        entry_rules(s, cx, &mut r, None, false)?;
    }
    let id = s.next_id(schema::prefix(sobject));
    s.stamp_new(&id, &mut r, cx.now);
    s.put(
        id.clone(),
        SfRecord {
            sobject: sobject.to_string(),
            fields: r,
        },
    );
    Ok(id)
}

/// Finds a record of `sobject` by a 15/18-character id.
fn find<'a>(s: &'a SfState, sobject: &str, id: &str) -> Result<&'a SfRecord, SfError> {
    ids::salesforce_id18(id)
        .and_then(|id| s.get(&id))
        .filter(|r| r.sobject == sobject)
        .ok_or_else(SfError::not_found)
}

/// Updates a record.
///
/// # Errors
/// The first rule the update breaks (`NOT_FOUND` when absent).
pub fn update(
    s: &mut SfState,
    cx: &SfCtx<'_>,
    sobject: &str,
    id: &str,
    body: &Map<String, Value>,
) -> Result<String, SfError> {
    writable(sobject)?;
    let existing = find(s, sobject, id)?.clone();
    let id = existing.str("Id").unwrap_or_default().to_string();
    let changes = collect(s, cx, sobject, body, false, Some(&existing))?;
    let touched_price = changes.contains_key("UnitPrice");
    let mut merged = existing.fields.clone();
    merged.extend(changes);
    missing_required(sobject, cx, &merged)?;
    check_unique(s, cx, sobject, &merged, Some(&id))?;
    if sobject == "PricebookEntry" {
        entry_rules(s, cx, &mut merged, Some(&id), touched_price)?;
    }
    s.stamp_modified(&mut merged, cx.now);
    s.put(
        id.clone(),
        SfRecord {
            sobject: sobject.to_string(),
            fields: merged,
        },
    );
    Ok(id)
}

/// The canonical name of an external-id field usable for upsert on `sobject` (`Id` included).
///
/// # Errors
/// `NOT_FOUND` ("Provided external ID field does not exist or is not accessible") otherwise.
pub fn external_id_field(schema: &schema::Schema, sobject: &str, field: &str) -> Result<String, SfError> {
    if field.eq_ignore_ascii_case("Id") {
        return Ok("Id".into());
    }
    schema
        .fields(sobject)
        .iter()
        .find(|f| f.external_id && f.name.eq_ignore_ascii_case(field))
        .map(|f| f.name.clone())
        .ok_or_else(|| {
            SfError::new(
                "NOT_FOUND",
                format!("Provided external ID field does not exist or is not accessible: {field}"),
            )
        })
}

/// Upserts by an external id value.
///
/// # Errors
/// The first rule the insert or update breaks; `NOT_FOUND` for an unknown field or (with `update_only`) no match.
pub fn upsert(
    s: &mut SfState,
    cx: &SfCtx<'_>,
    sobject: &str,
    field: &str,
    value: &str,
    body: &Map<String, Value>,
    update_only: bool,
) -> Result<Upserted, SfError> {
    writable(sobject)?;
    let field = external_id_field(cx.schema, sobject, field)?;
    let mut body = body.clone();
    if let Some((k, v)) = body
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(&field))
        .map(|(k, v)| (k.clone(), v.clone()))
    {
        if v.as_str().is_some_and(|b| !b.eq_ignore_ascii_case(value)) {
            return Err(SfError::with_fields(
                "INVALID_FIELD",
                format!("The value of {field} in the body does not match the external id {value}."),
                &[&field],
            ));
        }
        body.remove(&k);
    }
    let matches: Vec<String> = if field == "Id" {
        find(s, sobject, value)
            .ok()
            .and_then(|r| r.str("Id").map(str::to_string))
            .into_iter()
            .collect()
    } else {
        s.find_by(sobject, &field, value).into_iter().filter_map(|r| r.str("Id").map(str::to_string)).collect()
    };
    match matches.as_slice() {
        [] if update_only || field == "Id" => Err(SfError::not_found()),
        [] => {
            body.insert(field, Value::String(value.to_string()));
            insert(s, cx, sobject, &body).map(Upserted::Created)
        }
        [one] => update(s, cx, sobject, one, &body).map(Upserted::Updated),
        many => Ok(Upserted::Multiple(many.to_vec())),
    }
}

/// Deletes a record (a Product2 takes its price book entries with it).
///
/// # Errors
/// `NOT_FOUND`, or `DELETE_FAILED` for the standard price book, records in use, or a standard price still used by
/// custom entries.
pub fn delete(s: &mut SfState, cx: &SfCtx<'_>, sobject: Option<&str>, id: &str) -> Result<String, SfError> {
    let id18 = ids::salesforce_id18(id).ok_or_else(|| SfError::new("MALFORMED_ID", format!("malformed id {id}")))?;
    let rec = s
        .get(&id18)
        .filter(|r| sobject.is_none_or(|t| r.sobject == t))
        .cloned()
        .ok_or_else(|| SfError::new("ENTITY_IS_DELETED", "entity is deleted"))?;
    writable(&rec.sobject)?;
    let failed = |m: &str| Err(SfError::new("DELETE_FAILED", m.to_string()));
    if rec.fields.get("IsStandard") == Some(&Value::Bool(true)) {
        return failed("The standard price book cannot be deleted.");
    }
    if cx.in_use.contains(&id18) {
        return failed(
            "Your attempt to delete this record could not be completed because it is associated with opportunities or quotes.",
        );
    }
    if rec.sobject == "PricebookEntry"
        && s.standard_pricebook() == rec.str("Pricebook2Id")
        && s.find_by("PricebookEntry", "Product2Id", rec.str("Product2Id").unwrap_or_default()).into_iter().any(|e| {
            e.str("Id") != Some(&id18)
                && e.str("Product2Id") == rec.str("Product2Id")
                && e.str("CurrencyIsoCode") == rec.str("CurrencyIsoCode")
        })
    {
        return failed("This standard price is used by custom price book entries; delete or deactivate them first.");
    }
    if rec.sobject == "Product2" {
        let entries: Vec<String> = s
            .find_by("PricebookEntry", "Product2Id", &id18)
            .into_iter()
            .filter(|e| e.str("Product2Id") == Some(&id18))
            .filter_map(|e| e.str("Id").map(str::to_string))
            .collect();
        if entries.iter().any(|e| cx.in_use.contains(e)) {
            return failed(
                "Your attempt to delete this product could not be completed because it is associated with opportunities or quotes.",
            );
        }
        for e in entries {
            s.remove(&e);
        }
    }
    s.remove(&id18);
    Ok(id18)
}

/// The record's JSON (with `attributes`), all fields or only `only` (canonical names).
#[must_use]
pub fn view(s: &SfState, cx_b: &SalesforceBehaviour, base: &str, r: &SfRecord, only: Option<&[String]>) -> Value {
    let mut m = Map::new();
    let id = r.str("Id").unwrap_or_default();
    m.insert(
        "attributes".into(),
        json!({"type": r.sobject, "url": format!("{base}/sobjects/{}/{id}", r.sobject)}),
    );
    for f in schema::fields(&r.sobject, cx_b) {
        if only.is_some_and(|o| !o.iter().any(|n| n.eq_ignore_ascii_case(&f.name))) {
            continue;
        }
        m.insert(f.name.clone(), field_value(s, r, &f.name));
    }
    Value::Object(m)
}

/// A field's value, computing PricebookEntry's read-only copies of the product's Name and ProductCode.
#[must_use]
pub fn field_value(s: &SfState, r: &SfRecord, name: &str) -> Value {
    if r.sobject == "PricebookEntry" && (name == "Name" || name == "ProductCode") {
        return r
            .str("Product2Id")
            .and_then(|p| s.get(p))
            .and_then(|p| p.fields.get(name).cloned())
            .unwrap_or(Value::Null);
    }
    r.fields.get(name).cloned().unwrap_or(Value::Null)
}
