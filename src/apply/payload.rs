//! Operation -> wire object: the Zuora CRUD/Actions field maps and Salesforce records each part of an operation
//! sends, given the remote ids known so far (`RemoteIds`: from the live read, then from each outcome). Pure.
//!
//! - Creates send the full object (`providers::*::mapping`), with the parent's remote id.
//! - Zuora updates send the managed fields with `Id` (the unmanaged settings a create defaults are left alone).
//! - Retirements never delete: Zuora objects get `EffectiveEndDate`, Salesforce records `IsActive = false`. The old
//!   object of a replace also loses its catalog key, so only the new one carries it.
//! - Rate plans list every currency their charges are priced in (`ActiveCurrencies`): Zuora refuses tier data in
//!   a currency the rate plan has not activated.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::steps::Verb;
use crate::live::{LiveState, PriceBookKind, SfPriceEntry, SfProduct, ZCharge, ZProduct, ZRatePlan};
use crate::plan::{Action, Kind, Operation};
use crate::providers::{salesforce, zuora};

/// Remote ids by `(kind, key)`, plus the price books.
#[derive(Debug, Clone, Default)]
pub struct RemoteIds {
    pub ids: BTreeMap<(Kind, String), String>,
    pub standard_book: Option<String>,
    pub custom_book: Option<String>,
    /// Currencies of each live rate plan's charges, by rate plan key.
    pub plan_currencies: BTreeMap<String, BTreeSet<String>>,
    /// The settings skuctl does not manage of each live charge (REST catalog names), by charge key.
    pub charge_unmanaged: BTreeMap<String, BTreeMap<String, Value>>,
}

impl RemoteIds {
    /// Indexes a live state by the planner's keys (product `p`, plan `pl`, charge `pl/c`, Product2 `pl`,
    /// price `pl/CUR`). Objects without a catalog key are not indexed.
    #[must_use]
    pub fn of(live: &LiveState) -> RemoteIds {
        let mut r = RemoteIds::default();
        for p in &live.zuora.products {
            put(&mut r.ids, Kind::Product, &p.key, p.id.as_ref());
            for rp in &p.rate_plans {
                put(&mut r.ids, Kind::RatePlan, &rp.key, rp.id.as_ref());
                let cur = r.plan_currencies.entry(rp.key.clone()).or_default();
                for c in &rp.charges {
                    let key = format!("{}/{}", rp.key, c.key);
                    put(&mut r.ids, Kind::Charge, &key, c.id.as_ref());
                    r.charge_unmanaged.insert(key, c.unmanaged.clone());
                    cur.extend(c.pricing.keys().map(|k| k.0.clone()));
                }
            }
        }
        if let Some(sf) = &live.salesforce {
            r.standard_book.clone_from(&sf.standard_price_book_id);
            r.custom_book = sf.custom_price_book.as_ref().and_then(|b| b.id.clone());
            for p in &sf.products {
                let Some(key) = &p.key else { continue };
                put(&mut r.ids, Kind::Product2, key, p.id.as_ref());
                for e in &p.entries {
                    let kind = match e.price_book {
                        PriceBookKind::Standard => Kind::StandardPrice,
                        PriceBookKind::Custom => Kind::CustomPrice,
                    };
                    put(&mut r.ids, kind, &format!("{key}/{}", e.currency.0), e.id.as_ref());
                }
            }
        }
        r
    }

    /// The id of `(kind, key)`.
    #[must_use]
    pub fn get(&self, kind: Kind, key: &str) -> Option<&String> {
        self.ids.get(&(kind, key.to_owned()))
    }
}

fn put(ids: &mut BTreeMap<(Kind, String), String>, kind: Kind, key: &str, id: Option<&String>) {
    if let Some(id) = id {
        ids.entry((kind, key.to_owned())).or_insert_with(|| id.clone());
    }
}

/// Why an operation cannot be turned into a call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the plan carries no desired object for operation {op}")]
    NoDesired { op: usize },
    #[error("operation {op}: the desired object is not readable: {message}")]
    BadDesired { op: usize, message: String },
    #[error("operation {op}: its parent {kind} `{key}` has no remote id (it was not created)")]
    NoParent { op: usize, kind: &'static str, key: String },
    #[error("operation {op}: the object to change has no remote id")]
    NoRemoteId { op: usize },
    #[error("operation {op}: the Salesforce {book} price book does not exist in the org")]
    NoPriceBook { op: usize, book: &'static str },
}

fn desired<T: serde::de::DeserializeOwned>(op: &Operation) -> Result<T, PayloadError> {
    let v = op.desired.as_ref().ok_or(PayloadError::NoDesired { op: op.index })?;
    T::deserialize(v).map_err(|e| PayloadError::BadDesired { op: op.index, message: e.to_string() })
}

fn parent_id(op: &Operation, ids: &RemoteIds) -> Result<String, PayloadError> {
    let kind = op.kind.parent().unwrap_or(op.kind);
    let key = op.parent.clone().unwrap_or_default();
    ids.get(kind, &key).cloned().ok_or(PayloadError::NoParent { op: op.index, kind: kind.label(), key })
}

fn remote_id(op: &Operation) -> Result<String, PayloadError> {
    op.remote_id.clone().ok_or(PayloadError::NoRemoteId { op: op.index })
}

/// Actions bodies carry no nulls.
fn strip_nulls(mut m: Map<String, Value>) -> Map<String, Value> {
    m.retain(|_, v| !v.is_null());
    m
}

/// The currencies every desired charge of each rate plan is priced in (from the plan's charge operations).
#[must_use]
pub fn desired_currencies(ops: &[Operation]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in ops.iter().filter(|o| o.kind == Kind::Charge && o.action != Action::Retire) {
        let (Some(parent), Ok(c)) = (&op.parent, desired::<ZCharge>(op)) else { continue };
        out.entry(parent.clone()).or_default().extend(c.pricing.keys().map(|k| k.0.clone()));
    }
    out
}

/// What every Zuora object of one apply is built with.
#[derive(Debug, Clone, Default)]
pub struct ZuoraWrite {
    /// The catalog-key custom field.
    pub key_field: String,
    /// The currencies every desired charge of each rate plan is priced in (`desired_currencies`).
    pub currencies: BTreeMap<String, BTreeSet<String>>,
    /// The tenant's default currency (always active on every rate plan).
    pub default_currency: String,
}

/// The Zuora object one part sends (`Id` included for updates and retirements).
///
/// # Errors
/// The operation lacks what the call needs (desired object, parent id, remote id, the remote id of a rate plan a
/// discount applies to).
pub fn zuora_object(op: &Operation, verb: Verb, ids: &RemoteIds, w: &ZuoraWrite) -> Result<Map<String, Value>, PayloadError> {
    let key_field = w.key_field.as_str();
    let currencies = &w.currencies;
    if verb == Verb::Retire {
        let mut m = Map::new();
        m.insert("Id".into(), Value::String(remote_id(op)?));
        let end = op.changes.iter().find(|c| c.field == crate::plan::rules::EFFECTIVE_END).map(|c| c.after.clone());
        let end = end.filter(|v| !v.is_null()).unwrap_or_else(|| Value::String(chrono::Utc::now().date_naive().to_string()));
        if op.kind != Kind::Charge {
            m.insert("EffectiveEndDate".into(), end);
        }
        if op.action == Action::Replace {
            m.insert(key_field.to_owned(), Value::String(String::new()));
        }
        return Ok(m);
    }
    let mut m = match op.kind {
        Kind::Product => zuora::mapping::product_fields(&desired::<ZProduct>(op)?, key_field),
        Kind::RatePlan => {
            let rp: ZRatePlan = desired(op)?;
            let product = parent_id(op, ids)?;
            let mut m = zuora::mapping::rate_plan_fields(&rp, &product, key_field);
            let mut cur: BTreeSet<String> = currencies.get(&rp.key).cloned().unwrap_or_default();
            if verb == Verb::Update {
                cur.extend(ids.plan_currencies.get(&rp.key).cloned().unwrap_or_default());
            }
            if !cur.is_empty() {
                m.insert("ActiveCurrencies".into(), Value::Array(cur.into_iter().map(Value::String).collect()));
            }
            m
        }
        Kind::Charge => {
            let c: ZCharge = desired(op)?;
            let plan = parent_id(op, ids)?;
            let plan_key = op.parent.clone().unwrap_or_default();
            let mut plan_currencies: BTreeSet<String> = currencies.get(&plan_key).cloned().unwrap_or_default();
            plan_currencies.extend(ids.plan_currencies.get(&plan_key).cloned().unwrap_or_default());
            plan_currencies.insert(w.default_currency.clone());
            let mut applied_plan_ids = Vec::new();
            for target in &c.discount_apply_to {
                let id = ids.get(Kind::RatePlan, target).ok_or_else(|| PayloadError::NoParent {
                    op: op.index,
                    kind: Kind::RatePlan.label(),
                    key: target.clone(),
                })?;
                applied_plan_ids.push(id.clone());
            }
            let links = zuora::mapping::ChargeLinks { plan_currencies, applied_plan_ids };
            let mut m = zuora::mapping::charge_fields(&c, &plan, key_field, &links);
            if verb == Verb::Update {
                // Required on update too: keep the live charge's values where the catalog read shows them.
                let live = ids.charge_unmanaged.get(&op.key);
                for (crud, rest) in [
                    ("BillCycleType", "billingDay"),
                    ("TriggerEvent", "triggerEvent"),
                    ("UseDiscountSpecificAccountingCode", "useDiscountSpecificAccountingCode"),
                    ("DefaultQuantity", "defaultQuantity"),
                ] {
                    if let Some(v) = live.and_then(|u| u.get(rest)).filter(|v| !v.is_null()) {
                        m.insert(crud.to_owned(), v.clone());
                    }
                }
            } else if c.model == "PerUnit" {
                // Required by Zuora for per-unit charges; not managed by the catalog (Zuora's usual default).
                m.entry("DefaultQuantity").or_insert(Value::from(1));
            }
            m
        }
        _ => return Err(PayloadError::BadDesired { op: op.index, message: "not a Zuora object".into() }),
    };
    if verb == Verb::Update {
        m.insert("Id".into(), Value::String(remote_id(op)?));
        let cleared = cleared_custom_fields(op);
        if !cleared.is_empty() {
            m.insert("fieldsToNull".into(), Value::Array(cleared));
        }
    }
    Ok(strip_nulls(m))
}

/// Custom fields the catalog no longer sets but the live object has: an update clears them with `fieldsToNull`
/// (leaving a field out of an update keeps its value, and Actions objects carry no nulls).
fn cleared_custom_fields(op: &Operation) -> Vec<Value> {
    op.changes
        .iter()
        .filter(|c| c.after.is_null() && !c.before.is_null())
        .filter_map(|c| c.field.strip_prefix("custom_fields."))
        .map(|name| Value::String(name.to_owned()))
        .collect()
}

/// A rate plan update activating currencies (for a live rate plan whose charges gain a currency, when the plan
/// has no rate plan operation of its own). `None` when no currency is new.
#[must_use]
pub fn currency_activation(plan_key: &str, ids: &RemoteIds, wanted: &BTreeSet<String>) -> Option<Map<String, Value>> {
    let id = ids.get(Kind::RatePlan, plan_key)?;
    let have = ids.plan_currencies.get(plan_key).cloned().unwrap_or_default();
    if wanted.is_subset(&have) {
        return None;
    }
    let all: BTreeSet<String> = have.union(wanted).cloned().collect();
    let mut m = Map::new();
    m.insert("Id".into(), Value::String(id.clone()));
    m.insert("ActiveCurrencies".into(), Value::Array(all.into_iter().map(Value::String).collect()));
    Some(m)
}

/// How a Salesforce part is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SfCall {
    /// `PATCH /composite/sobjects/Product2/{external id field}`.
    Upsert,
    /// `POST /composite/sobjects`.
    Create,
    /// `PATCH /composite/sobjects` (records carry `id`).
    Update,
}

/// The Salesforce record one part sends and how.
///
/// # Errors
/// The operation lacks what the call needs.
pub fn salesforce_record(
    op: &Operation,
    verb: Verb,
    ids: &RemoteIds,
    external_id_field: &str,
) -> Result<(SfCall, Map<String, Value>), PayloadError> {
    if verb == Verb::Retire {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(remote_id(op)?));
        m.insert("IsActive".into(), Value::Bool(false));
        return Ok((SfCall::Update, m));
    }
    match op.kind {
        Kind::Product2 => {
            let p: SfProduct = desired(op)?;
            Ok((SfCall::Upsert, salesforce::mapping::product_record(&p, external_id_field)))
        }
        Kind::StandardPrice | Kind::CustomPrice => {
            let e: SfPriceEntry = desired(op)?;
            if verb == Verb::Update {
                return Ok((SfCall::Update, salesforce::mapping::entry_update_record(&e, &remote_id(op)?)));
            }
            let (book, name) = if op.kind == Kind::StandardPrice {
                (ids.standard_book.clone(), "standard")
            } else {
                (ids.custom_book.clone(), "custom")
            };
            let book = book.ok_or(PayloadError::NoPriceBook { op: op.index, book: name })?;
            let product = parent_id(op, ids)?;
            Ok((SfCall::Create, salesforce::mapping::entry_create_record(&e, &book, &product)))
        }
        _ => Err(PayloadError::BadDesired { op: op.index, message: "not a Salesforce record".into() }),
    }
}
