//! Zuora wire <-> live model.
//!
//! Read side: raw `GET /v1/catalog/products` JSON -> `ZuoraState` (normalised spellings, exact prices, custom
//! fields split off, catalog keys read from the configured field or derived). Write side: live objects -> CRUD
//! field maps in the CRUD vocabulary (`Flat Fee Pricing`, `Semi-Annual`, `Per Billing Period`), for `apply`.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::live::keys::{derive_key, unique_key};
use crate::live::{KeySource, ZCharge, ZPricing, ZProduct, ZRatePlan, ZTier, ZuoraState};
use crate::model::{CurrencyCode, CustomFields, CustomValue, Money, Percentage, Quantity};

/// A value in the catalog response that cannot be read faithfully.
#[derive(Debug, thiserror::Error)]
#[error("Zuora catalog: {object}: field `{field}`: {message}")]
pub struct MappingError {
    pub object: String,
    pub field: String,
    pub message: String,
}

/// Reads an exact decimal from a JSON number (its exact text; `arbitrary_precision`) or string. Never via f64.
pub fn decimal(v: &Value) -> Result<Option<Decimal>, String> {
    let text = match v {
        Value::Null => return Ok(None),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.clone(),
        other => return Err(format!("expected a number, found {other}")),
    };
    let t = text.trim();
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).map(Some).map_err(|e| format!("`{t}`: {e}"))
    } else {
        crate::model::parse_exact(t).map(Some)
    }
}

struct Ctx {
    object: String,
}

impl Ctx {
    fn err(&self, field: &str, message: impl Into<String>) -> MappingError {
        MappingError { object: self.object.clone(), field: field.to_owned(), message: message.into() }
    }

    fn money(&self, m: &Map<String, Value>, field: &str) -> Result<Option<Money>, MappingError> {
        decimal(m.get(field).unwrap_or(&Value::Null)).map(|d| d.map(Money)).map_err(|e| self.err(field, e))
    }

    fn quantity(&self, m: &Map<String, Value>, field: &str) -> Result<Option<Quantity>, MappingError> {
        decimal(m.get(field).unwrap_or(&Value::Null)).map(|d| d.map(Quantity)).map_err(|e| self.err(field, e))
    }

    fn date(&self, m: &Map<String, Value>, field: &str) -> Result<Option<NaiveDate>, MappingError> {
        match m.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                let day = s.get(..10).unwrap_or(s);
                NaiveDate::from_str(day).map(Some).map_err(|e| self.err(field, format!("`{s}`: {e}")))
            }
            Some(other) => Err(self.err(field, format!("expected a date, found {other}"))),
        }
    }
}

fn text(m: &Map<String, Value>, field: &str) -> Option<String> {
    match m.get(field) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// Custom fields (`*__c`) of an object, without the catalog-key field and without nulls.
fn custom_fields(m: &Map<String, Value>, key_field: &str) -> CustomFields {
    let mut out = CustomFields::new();
    for (k, v) in m {
        if !k.ends_with("__c") || k == key_field {
            continue;
        }
        let value = match v {
            Value::Null => continue,
            Value::String(s) => CustomValue::Text(s.clone()),
            Value::Number(n) => CustomValue::Text(n.to_string()),
            Value::Bool(b) => CustomValue::Text(b.to_string()),
            other => CustomValue::Text(other.to_string()),
        };
        out.insert(k.clone(), value);
    }
    out
}

/// Normalises a spelling to the REST catalog's: `Semi-Annual` / `Semi Annual` -> `Semi_Annual`.
fn underscored(s: &str) -> String {
    s.trim().replace([' ', '-'], "_")
}

/// `IN_ADVANCE`, `In Advance`, `InAdvance`, null -> `InAdvance`; likewise arrears.
fn timing(v: Option<String>) -> String {
    match v.map(|s| s.to_ascii_lowercase().replace(['_', ' ', '-'], "")) {
        Some(s) if s == "inarrears" => "InArrears".to_owned(),
        _ => "InAdvance".to_owned(),
    }
}

/// `Per Unit`, `PerUnit`, `per unit` -> `PerUnit`; `Flat Fee`... -> `FlatFee`.
fn price_format(v: Option<String>) -> String {
    match v.map(|s| s.to_ascii_lowercase().replace(['_', ' ', '-'], "")) {
        Some(s) if s == "flatfee" => "FlatFee".to_owned(),
        _ => "PerUnit".to_owned(),
    }
}

fn key_of(m: &Map<String, Value>, key_field: &str) -> Option<String> {
    text(m, key_field).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn obj<'v>(v: &'v Value, ctx: &Ctx, what: &str) -> Result<&'v Map<String, Value>, MappingError> {
    v.as_object().ok_or_else(|| ctx.err(what, "expected an object"))
}

/// The `unmanaged` entry listing currencies whose pricing entry is entirely null (a currency without a price).
pub const NULL_PRICED: &str = "nullPriceCurrencies";

/// Fields of a charge the live model holds explicitly (everything else that is not a custom field is unmanaged).
const CHARGE_FIELDS: &[&str] = &[
    "id",
    "name",
    "description",
    "type",
    "model",
    "billingPeriod",
    "specificBillingPeriod",
    "billingTiming",
    "uom",
    "listPriceBase",
    "priceChangeOption",
    "pricing",
    "productDiscountApplyDetails",
    "pricingSummary",
    "productChargeDefinitions",
];

/// Converts the raw catalog (all pages) into the live model.
///
/// # Errors
/// A price, quantity or date that cannot be read exactly, or an object that is not shaped like a catalog object.
pub fn catalog_to_state(products: &[Value], key_field: &str) -> Result<ZuoraState, MappingError> {
    // Pass 1: rate plan id -> key, so discounts can name the plans they apply to. Keys are assigned here.
    let mut state = ZuoraState::default();
    let mut plan_keys: BTreeMap<String, String> = BTreeMap::new();
    let mut taken_products = BTreeSet::new();
    let mut taken_plans = BTreeSet::new();
    // Remote keys first, so derived keys never steal them.
    for p in products {
        if let Some(m) = p.as_object() {
            if let Some(k) = key_of(m, key_field) {
                taken_products.insert(k);
            }
            for rp in m.get("productRatePlans").and_then(Value::as_array).into_iter().flatten() {
                if let Some(k) = rp.as_object().and_then(|r| key_of(r, key_field)) {
                    taken_plans.insert(k);
                }
            }
        }
    }
    // Derive in a stable order: by id.
    let mut ordered: Vec<&Value> = products.iter().collect();
    ordered.sort_by_key(|p| p.get("id").and_then(Value::as_str).unwrap_or_default().to_owned());
    let mut product_keys: BTreeMap<String, (String, KeySource)> = BTreeMap::new();
    for p in &ordered {
        let ctx = Ctx { object: format!("product {}", p.get("id").and_then(Value::as_str).unwrap_or("?")) };
        let m = obj(p, &ctx, "product")?;
        let id = text(m, "id").unwrap_or_default();
        let (pkey, psrc) = match key_of(m, key_field) {
            Some(k) => (k, KeySource::Remote),
            None => {
                let basis = text(m, "sku").or_else(|| text(m, "name")).unwrap_or_else(|| id.clone());
                (unique_key(derive_key(&basis), &mut taken_products), KeySource::Derived)
            }
        };
        let mut rps: Vec<&Value> = m.get("productRatePlans").and_then(Value::as_array).into_iter().flatten().collect();
        rps.sort_by_key(|rp| rp.get("id").and_then(Value::as_str).unwrap_or_default().to_owned());
        for rp in rps {
            let Some(r) = rp.as_object() else { continue };
            let rid = text(r, "id").unwrap_or_default();
            let k = match key_of(r, key_field) {
                Some(k) => k,
                None => {
                    let basis = format!("{pkey} {}", text(r, "name").unwrap_or_else(|| rid.clone()));
                    unique_key(derive_key(&basis), &mut taken_plans)
                }
            };
            plan_keys.insert(rid, k);
        }
        product_keys.insert(id, (pkey, psrc));
    }
    for p in products {
        let ctx = Ctx { object: format!("product {}", p.get("id").and_then(Value::as_str).unwrap_or("?")) };
        let m = obj(p, &ctx, "product")?;
        let id = text(m, "id");
        let (key, key_source) = product_keys
            .get(id.as_deref().unwrap_or_default())
            .cloned()
            .unwrap_or_else(|| (derive_key(&text(m, "name").unwrap_or_default()), KeySource::Derived));
        let mut rate_plans = Vec::new();
        for rp in m.get("productRatePlans").and_then(Value::as_array).into_iter().flatten() {
            rate_plans.push(rate_plan(rp, key_field, &plan_keys)?);
        }
        state.products.push(ZProduct {
            id,
            key,
            key_source,
            name: text(m, "name").unwrap_or_default(),
            sku: text(m, "sku"),
            description: text(m, "description").unwrap_or_default(),
            category: text(m, "category"),
            effective_start: ctx.date(m, "effectiveStartDate")?,
            effective_end: ctx.date(m, "effectiveEndDate")?,
            product_number: text(m, "productNumber"),
            custom_fields: custom_fields(m, key_field),
            rate_plans,
        });
    }
    Ok(state)
}

fn rate_plan(v: &Value, key_field: &str, plan_keys: &BTreeMap<String, String>) -> Result<ZRatePlan, MappingError> {
    let ctx = Ctx { object: format!("rate plan {}", v.get("id").and_then(Value::as_str).unwrap_or("?")) };
    let m = obj(v, &ctx, "productRatePlan")?;
    let id = text(m, "id");
    let key_source = if key_of(m, key_field).is_some() { KeySource::Remote } else { KeySource::Derived };
    let key = plan_keys.get(id.as_deref().unwrap_or_default()).cloned().unwrap_or_else(|| derive_key(&text(m, "name").unwrap_or_default()));
    let mut taken = BTreeSet::new();
    let mut raw: Vec<&Value> = m.get("productRatePlanCharges").and_then(Value::as_array).into_iter().flatten().collect();
    for c in &raw {
        if let Some(k) = c.as_object().and_then(|c| key_of(c, key_field)) {
            taken.insert(k);
        }
    }
    raw.sort_by_key(|c| c.get("id").and_then(Value::as_str).unwrap_or_default().to_owned());
    let mut charges = Vec::new();
    for c in raw {
        charges.push(charge(c, key_field, plan_keys, &mut taken)?);
    }
    Ok(ZRatePlan {
        id,
        key,
        key_source,
        name: text(m, "name").unwrap_or_default(),
        description: text(m, "description").unwrap_or_default(),
        effective_start: ctx.date(m, "effectiveStartDate")?,
        effective_end: ctx.date(m, "effectiveEndDate")?,
        status: text(m, "status"),
        product_rate_plan_number: text(m, "productRatePlanNumber"),
        custom_fields: custom_fields(m, key_field),
        charges,
    })
}

fn charge(
    v: &Value,
    key_field: &str,
    plan_keys: &BTreeMap<String, String>,
    taken: &mut BTreeSet<String>,
) -> Result<ZCharge, MappingError> {
    let ctx = Ctx { object: format!("charge {}", v.get("id").and_then(Value::as_str).unwrap_or("?")) };
    let m = obj(v, &ctx, "productRatePlanCharge")?;
    let (key, key_source) = match key_of(m, key_field) {
        Some(k) => (k, KeySource::Remote),
        None => (unique_key(derive_key(&text(m, "name").unwrap_or_default()), taken), KeySource::Derived),
    };
    let mut pricing = BTreeMap::new();
    let mut null_priced: Vec<Value> = Vec::new();
    let mut percentages: BTreeMap<CurrencyCode, Percentage> = BTreeMap::new();
    for entry in m.get("pricing").and_then(Value::as_array).into_iter().flatten() {
        let e = obj(entry, &ctx, "pricing")?;
        let Some(currency) = text(e, "currency") else { return Err(ctx.err("pricing.currency", "missing")) };
        let currency = CurrencyCode(currency);
        if let Some(p) = decimal(e.get("discountPercentage").unwrap_or(&Value::Null)).map_err(|x| ctx.err("discountPercentage", x))? {
            percentages.insert(currency.clone(), Percentage(p));
        }
        let mut tiers = Vec::new();
        for t in e.get("tiers").and_then(Value::as_array).into_iter().flatten() {
            let t = obj(t, &ctx, "tiers")?;
            let Some(starting_unit) = ctx.quantity(t, "startingUnit")? else {
                return Err(ctx.err("tiers.startingUnit", "missing"));
            };
            let Some(price) = ctx.money(t, "price")? else {
                return Err(ctx.err("tiers.price", format!("tier starting at {starting_unit} in {currency} has no price")));
            };
            tiers.push(ZTier {
                starting_unit,
                ending_unit: ctx.quantity(t, "endingUnit")?,
                price,
                price_format: price_format(text(t, "priceFormat")),
            });
        }
        tiers.sort_by_key(|t| t.starting_unit);
        let zp = ZPricing {
            price: ctx.money(e, "price")?,
            overage_price: ctx.money(e, "overagePrice")?,
            discount_amount: ctx.money(e, "discountAmount")?,
            included_units: ctx.quantity(e, "includedUnits")?,
            tiers,
        };
        if !zp.is_empty() {
            pricing.insert(currency, zp);
        } else if !percentages.contains_key(&currency) {
            null_priced.push(Value::String(currency.0.clone()));
        }
    }
    let mut unmanaged = BTreeMap::new();
    for (k, val) in m {
        if !k.ends_with("__c") && !CHARGE_FIELDS.contains(&k.as_str()) && !val.is_null() {
            unmanaged.insert(k.clone(), val.clone());
        }
    }
    if !null_priced.is_empty() {
        unmanaged.insert(NULL_PRICED.to_owned(), Value::Array(null_priced));
    }
    let distinct: BTreeSet<&Percentage> = percentages.values().collect();
    if distinct.len() > 1 {
        let by_currency: Map<String, Value> =
            percentages.iter().map(|(c, p)| (c.0.clone(), Value::String(p.to_string()))).collect();
        unmanaged.insert("discountPercentageByCurrency".to_owned(), Value::Object(by_currency));
    }
    let mut apply_to = Vec::new();
    for d in m.get("productDiscountApplyDetails").and_then(Value::as_array).into_iter().flatten() {
        if let Some(pid) = d.get("appliedProductRatePlanId").and_then(Value::as_str) {
            apply_to.push(plan_keys.get(pid).cloned().unwrap_or_else(|| format!("unknown_rate_plan_{pid}")));
        }
    }
    apply_to.sort();
    apply_to.dedup();
    let mut charge = ZCharge {
        id: text(m, "id"),
        key,
        key_source,
        name: text(m, "name").unwrap_or_default(),
        description: text(m, "description").unwrap_or_default(),
        charge_type: text(m, "type").map(|s| s.replace(['-', ' '], "")).unwrap_or_default(),
        model: text(m, "model").unwrap_or_default(),
        billing_period: text(m, "billingPeriod").map(|s| underscored(&s)),
        specific_billing_period: m.get("specificBillingPeriod").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()),
        billing_timing: timing(text(m, "billingTiming")),
        uom: text(m, "uom"),
        list_price_base: text(m, "listPriceBase").map(|s| underscored(&s)),
        price_change_option: text(m, "priceChangeOption").unwrap_or_else(|| "NoChange".to_owned()),
        discount_percentage: percentages.values().next().copied(),
        discount_apply_to: apply_to,
        pricing,
        custom_fields: custom_fields(m, key_field),
        unmanaged,
    };
    crate::live::normalize::charge(&mut charge);
    Ok(charge)
}

// ---- write side (CRUD vocabulary) ----

/// REST catalog model -> CRUD `ChargeModel`.
#[must_use]
pub fn crud_charge_model(rest: &str) -> &str {
    match rest {
        "FlatFee" => "Flat Fee Pricing",
        "PerUnit" => "Per Unit Pricing",
        "Overage" => "Overage Pricing",
        "Tiered" => "Tiered Pricing",
        "TieredWithOverage" => "Tiered with Overage Pricing",
        "Volume" => "Volume Pricing",
        "DiscountFixedAmount" => "Discount-Fixed Amount",
        "DiscountPercentage" => "Discount-Percentage",
        other => other,
    }
}

/// REST billing period -> CRUD `BillingPeriod` (`Semi_Annual` -> `Semi-Annual`, `Specific_Months` -> `Specific Months`).
#[must_use]
pub fn crud_billing_period(rest: &str) -> String {
    match rest {
        "Semi_Annual" => "Semi-Annual".to_owned(),
        other => other.replace('_', " "),
    }
}

fn put_custom(out: &mut Map<String, Value>, fields: &CustomFields) {
    for (k, v) in fields {
        out.insert(k.clone(), v.as_text().map_or(Value::Null, |t| Value::String(t.to_owned())));
    }
}

fn put_date(out: &mut Map<String, Value>, field: &str, d: Option<NaiveDate>) {
    if let Some(d) = d {
        out.insert(field.to_owned(), Value::String(d.format("%Y-%m-%d").to_string()));
    }
}

fn number(d: Decimal) -> Value {
    // Exact: the number's text goes straight into serde_json's arbitrary-precision Number.
    serde_json::Number::from_str(&d.to_string()).map_or_else(|_| Value::String(d.to_string()), Value::Number)
}

/// CRUD fields of a Product.
#[must_use]
pub fn product_fields(p: &ZProduct, key_field: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Name".into(), Value::String(p.name.clone()));
    if let Some(s) = &p.sku {
        m.insert("SKU".into(), Value::String(s.clone()));
    }
    m.insert("Description".into(), Value::String(p.description.clone()));
    if let Some(c) = &p.category {
        m.insert("Category".into(), Value::String(c.clone()));
    }
    put_date(&mut m, "EffectiveStartDate", p.effective_start);
    put_date(&mut m, "EffectiveEndDate", p.effective_end);
    put_custom(&mut m, &p.custom_fields);
    m.insert(key_field.to_owned(), Value::String(p.key.clone()));
    m
}

/// CRUD fields of a ProductRatePlan under product `product_id`.
#[must_use]
pub fn rate_plan_fields(rp: &ZRatePlan, product_id: &str, key_field: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Name".into(), Value::String(rp.name.clone()));
    m.insert("ProductId".into(), Value::String(product_id.to_owned()));
    m.insert("Description".into(), Value::String(rp.description.clone()));
    put_date(&mut m, "EffectiveStartDate", rp.effective_start);
    put_date(&mut m, "EffectiveEndDate", rp.effective_end);
    let currencies: BTreeSet<&str> =
        rp.charges.iter().flat_map(|c| c.pricing.keys().map(CurrencyCode::as_str)).collect();
    if !currencies.is_empty() {
        m.insert("ActiveCurrencies".into(), Value::Array(currencies.into_iter().map(|c| Value::String(c.to_owned())).collect()));
    }
    put_custom(&mut m, &rp.custom_fields);
    m.insert(key_field.to_owned(), Value::String(rp.key.clone()));
    m
}

/// What a charge's CRUD fields need beyond the charge itself: remote ids and currencies known only at apply time.
#[derive(Debug, Clone, Default)]
pub struct ChargeLinks {
    /// Currencies active on the charge's rate plan (the tenant's default currency included). A percentage
    /// discount has no price of its own per currency, so it gets one tier per active currency.
    pub plan_currencies: BTreeSet<String>,
    /// Remote ids of the rate plans a discount applies to (`ProductDiscountApplyDetailData`).
    pub applied_plan_ids: Vec<String>,
}

fn currency_tier(cur: &str) -> Map<String, Value> {
    let mut t = Map::new();
    t.insert("Currency".into(), Value::String(cur.to_owned()));
    t
}

/// CRUD tier data (`ProductRatePlanChargeTierData`) of a charge, by model:
/// - flat fee and per unit: one tier per currency with `Price`;
/// - tiered and volume: the tiers per currency (`StartingUnit`, `EndingUnit`, `Price`, `PriceFormat`);
/// - tiered with overage: those tiers plus one `IsOveragePrice` tier holding the overage price;
/// - overage: one tier per currency whose `Price` is the overage price (the included units are a charge field);
/// - fixed-amount discount: `DiscountAmount` per currency; percentage discount: `DiscountPercentage` in every
///   currency active on the rate plan (`links.plan_currencies`).
#[must_use]
pub fn tier_data(c: &ZCharge, links: &ChargeLinks) -> Value {
    let mut tiers = Vec::new();
    if c.model == "DiscountPercentage" {
        let mut currencies: BTreeSet<&str> = c.pricing.keys().map(CurrencyCode::as_str).collect();
        currencies.extend(links.plan_currencies.iter().map(String::as_str));
        if let Some(pct) = c.discount_percentage {
            for cur in currencies {
                let mut t = currency_tier(cur);
                t.insert("DiscountPercentage".into(), number(pct.0));
                tiers.push(Value::Object(t));
            }
        }
        return serde_json::json!({ "ProductRatePlanChargeTier": tiers });
    }
    for (cur, p) in &c.pricing {
        if p.tiers.is_empty() {
            let mut t = currency_tier(&cur.0);
            let price = match c.model.as_str() {
                "Overage" => p.overage_price,
                _ => p.price,
            };
            if let Some(v) = price {
                t.insert("Price".into(), number(v.0));
            }
            if let Some(v) = p.discount_amount {
                t.insert("DiscountAmount".into(), number(v.0));
            }
            tiers.push(Value::Object(t));
            continue;
        }
        for (i, tier) in p.tiers.iter().enumerate() {
            let mut t = currency_tier(&cur.0);
            t.insert("Tier".into(), Value::from(i + 1));
            t.insert("StartingUnit".into(), number(tier.starting_unit.0));
            if let Some(e) = tier.ending_unit {
                t.insert("EndingUnit".into(), number(e.0));
            }
            t.insert("Price".into(), number(tier.price.0));
            t.insert(
                "PriceFormat".into(),
                Value::String(if tier.price_format == "FlatFee" { "Flat Fee" } else { "Per Unit" }.to_owned()),
            );
            tiers.push(Value::Object(t));
        }
        if let Some(v) = p.overage_price {
            let mut t = currency_tier(&cur.0);
            t.insert("IsOveragePrice".into(), Value::Bool(true));
            t.insert("Price".into(), number(v.0));
            t.insert("PriceFormat".into(), Value::String("Per Unit".to_owned()));
            tiers.push(Value::Object(t));
        }
    }
    serde_json::json!({ "ProductRatePlanChargeTier": tiers })
}

/// CRUD fields of a ProductRatePlanCharge under rate plan `rate_plan_id`. Settings skuctl does not manage get
/// Zuora's usual defaults on create (`BillCycleType` DefaultFromCustomer, `TriggerEvent` ContractEffective).
#[must_use]
pub fn charge_fields(c: &ZCharge, rate_plan_id: &str, key_field: &str, links: &ChargeLinks) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Name".into(), Value::String(c.name.clone()));
    m.insert("ProductRatePlanId".into(), Value::String(rate_plan_id.to_owned()));
    m.insert("Description".into(), Value::String(c.description.clone()));
    m.insert("ChargeModel".into(), Value::String(crud_charge_model(&c.model).to_owned()));
    m.insert("ChargeType".into(), Value::String(c.charge_type.clone()));
    m.insert("BillCycleType".into(), Value::String("DefaultFromCustomer".into()));
    m.insert("TriggerEvent".into(), Value::String("ContractEffective".into()));
    m.insert("UseDiscountSpecificAccountingCode".into(), Value::Bool(false));
    // Required by the API even for one-time charges, where it means nothing (the read side ignores it there).
    let period = c
        .billing_period
        .clone()
        .or_else(|| c.unmanaged.get("billingPeriod").and_then(Value::as_str).map(underscored))
        .unwrap_or_else(|| "Month".to_owned());
    m.insert("BillingPeriod".into(), Value::String(crud_billing_period(&period)));
    if let Some(n) = c.specific_billing_period {
        m.insert("SpecificBillingPeriod".into(), Value::from(n));
    }
    m.insert(
        "BillingTiming".into(),
        Value::String(if c.billing_timing == "InArrears" { "In Arrears" } else { "In Advance" }.to_owned()),
    );
    if let Some(u) = &c.uom {
        m.insert("UOM".into(), Value::String(u.clone()));
    }
    if c.model == "PerUnit" {
        // Required for per-unit pricing; skuctl does not manage it, so keep the tenant's value or use 1.
        let q = c.unmanaged.get("defaultQuantity").filter(|v| v.is_number()).cloned().unwrap_or_else(|| Value::from(1));
        m.insert("DefaultQuantity".into(), q);
    }
    if c.model == "Overage"
        && let Some(units) = c.pricing.values().find_map(|p| p.included_units)
    {
        m.insert("IncludedUnits".into(), number(units.0));
    }
    if let Some(l) = &c.list_price_base {
        m.insert("ListPriceBase".into(), Value::String(l.replace('_', " ")));
    }
    m.insert("PriceChangeOption".into(), Value::String(c.price_change_option.clone()));
    m.insert("ProductRatePlanChargeTierData".into(), tier_data(c, links));
    if c.model.starts_with("Discount") {
        let details: Vec<Value> = links
            .applied_plan_ids
            .iter()
            .map(|id| serde_json::json!({ "AppliedProductRatePlanId": id }))
            .collect();
        m.insert("ProductDiscountApplyDetailData".into(), serde_json::json!({ "ProductDiscountApplyDetail": details }));
    }
    put_custom(&mut m, &c.custom_fields);
    m.insert(key_field.to_owned(), Value::String(c.key.clone()));
    m
}

// ---- REST catalog shape from the live model (seeding a sandbox, fixtures) ----

fn rest_number(d: Decimal) -> Value {
    number(d)
}

fn rest_custom(out: &mut Map<String, Value>, fields: &CustomFields) {
    for (k, v) in fields {
        out.insert(k.clone(), v.as_text().map_or(Value::Null, |t| Value::String(t.to_owned())));
    }
}

/// A stable 32-hex id for an object without one (`sha256(kind:path)`), shaped like Zuora's ids.
#[must_use]
pub fn synthetic_id(kind: &str, path: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{kind}:{path}").as_bytes()))[..32].to_owned()
}

/// Renders a Zuora state in the shape of `GET /v1/catalog/products` (all pages' `products` merged), with the
/// catalog key in `key_field` (objects whose key was derived get no key field, as in the tenant). Objects
/// without an id get a synthetic one. This is the format `skuctl sandbox --seed` reads.
#[must_use]
pub fn state_to_catalog_json(state: &ZuoraState, key_field: &str) -> Vec<Value> {
    let ids: BTreeMap<String, String> = state
        .products
        .iter()
        .flat_map(|p| p.rate_plans.iter().map(move |rp| (rp.key.clone(), rp.id.clone().unwrap_or_else(|| synthetic_id("plan", &format!("{}/{}", p.key, rp.key))))))
        .collect();
    let mut out = Vec::new();
    for p in &state.products {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(p.id.clone().unwrap_or_else(|| synthetic_id("product", &p.key))));
        m.insert("sku".into(), p.sku.clone().map_or(Value::Null, Value::String));
        m.insert("name".into(), Value::String(p.name.clone()));
        m.insert("description".into(), Value::String(p.description.clone()));
        m.insert("category".into(), p.category.clone().map_or(Value::Null, Value::String));
        m.insert("effectiveStartDate".into(), p.effective_start.map_or(Value::Null, |d| Value::String(d.to_string())));
        m.insert("effectiveEndDate".into(), p.effective_end.map_or(Value::Null, |d| Value::String(d.to_string())));
        m.insert("productNumber".into(), p.product_number.clone().map_or(Value::Null, Value::String));
        m.insert("allowFeatureChanges".into(), Value::Bool(false));
        if p.key_source == KeySource::Remote {
            m.insert(key_field.to_owned(), Value::String(p.key.clone()));
        }
        rest_custom(&mut m, &p.custom_fields);
        m.insert("productFeatures".into(), Value::Array(vec![]));
        let mut plans = Vec::new();
        for rp in &p.rate_plans {
            let mut r = Map::new();
            r.insert("id".into(), Value::String(ids.get(&rp.key).cloned().unwrap_or_default()));
            r.insert("status".into(), rp.status.clone().map_or(Value::Null, Value::String));
            r.insert("name".into(), Value::String(rp.name.clone()));
            r.insert("description".into(), Value::String(rp.description.clone()));
            r.insert("effectiveStartDate".into(), rp.effective_start.map_or(Value::Null, |d| Value::String(d.to_string())));
            r.insert("effectiveEndDate".into(), rp.effective_end.map_or(Value::Null, |d| Value::String(d.to_string())));
            r.insert("productRatePlanNumber".into(), rp.product_rate_plan_number.clone().map_or(Value::Null, Value::String));
            if rp.key_source == KeySource::Remote {
                r.insert(key_field.to_owned(), Value::String(rp.key.clone()));
            }
            rest_custom(&mut r, &rp.custom_fields);
            let mut charges = Vec::new();
            for c in &rp.charges {
                let mut ch = Map::new();
                ch.insert(
                    "id".into(),
                    Value::String(c.id.clone().unwrap_or_else(|| synthetic_id("charge", &format!("{}/{}/{}", p.key, rp.key, c.key)))),
                );
                ch.insert("name".into(), Value::String(c.name.clone()));
                ch.insert("description".into(), Value::String(c.description.clone()));
                ch.insert("type".into(), Value::String(c.charge_type.clone()));
                ch.insert("model".into(), Value::String(c.model.clone()));
                ch.insert("uom".into(), c.uom.clone().map_or(Value::Null, Value::String));
                ch.insert("billingPeriod".into(), c.billing_period.clone().map_or(Value::Null, Value::String));
                ch.insert("specificBillingPeriod".into(), c.specific_billing_period.map_or(Value::Null, Value::from));
                ch.insert(
                    "billingTiming".into(),
                    Value::String(if c.billing_timing == "InArrears" { "IN_ARREARS" } else { "IN_ADVANCE" }.to_owned()),
                );
                ch.insert("listPriceBase".into(), c.list_price_base.clone().map_or(Value::Null, Value::String));
                ch.insert("priceChangeOption".into(), Value::String(c.price_change_option.clone()));
                let mut pricing = Vec::new();
                for (cur, pr) in &c.pricing {
                    let tiers: Vec<Value> = pr
                        .tiers
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            serde_json::json!({
                                "tier": i + 1,
                                "startingUnit": rest_number(t.starting_unit.0),
                                "endingUnit": t.ending_unit.map_or(Value::Null, |e| rest_number(e.0)),
                                "price": rest_number(t.price.0),
                                "priceFormat": t.price_format,
                            })
                        })
                        .collect();
                    pricing.push(serde_json::json!({
                        "currency": cur.0,
                        "price": pr.price.map_or(Value::Null, |v| rest_number(v.0)),
                        "tiers": if tiers.is_empty() { Value::Null } else { Value::Array(tiers) },
                        "includedUnits": pr.included_units.map_or(Value::Null, |v| rest_number(v.0)),
                        "overagePrice": pr.overage_price.map_or(Value::Null, |v| rest_number(v.0)),
                        "discountPercentage": c.discount_percentage.map_or(Value::Null, |v| rest_number(v.0)),
                        "discountAmount": pr.discount_amount.map_or(Value::Null, |v| rest_number(v.0)),
                    }));
                }
                if pricing.is_empty()
                    && let Some(pct) = c.discount_percentage
                {
                    pricing.push(serde_json::json!({"currency": "USD", "price": null, "tiers": null, "includedUnits": null,
                        "overagePrice": null, "discountPercentage": rest_number(pct.0), "discountAmount": null}));
                }
                ch.insert("pricing".into(), Value::Array(pricing));
                let details: Vec<Value> = c
                    .discount_apply_to
                    .iter()
                    .filter_map(|k| ids.get(k))
                    .map(|id| serde_json::json!({"appliedProductRatePlanId": id, "appliedProductRatePlanChargeId": null}))
                    .collect();
                if c.model.starts_with("Discount") {
                    ch.insert("productDiscountApplyDetails".into(), Value::Array(details));
                }
                for (k, v) in &c.unmanaged {
                    ch.entry(k.clone()).or_insert_with(|| v.clone());
                }
                if c.key_source == KeySource::Remote {
                    ch.insert(key_field.to_owned(), Value::String(c.key.clone()));
                }
                rest_custom(&mut ch, &c.custom_fields);
                charges.push(Value::Object(ch));
            }
            r.insert("productRatePlanCharges".into(), Value::Array(charges));
            plans.push(Value::Object(r));
        }
        m.insert("productRatePlans".into(), Value::Array(plans));
        out.push(Value::Object(m));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge(model: &str) -> ZCharge {
        crate::live::normalize::test_charge("Recurring", model)
    }

    fn money(s: &str) -> Money {
        s.parse().expect("money")
    }

    #[test]
    fn a_percentage_discount_has_a_tier_in_every_plan_currency_and_names_the_plans_it_applies_to() {
        let mut c = charge("DiscountPercentage");
        c.discount_percentage = Some(Percentage(Decimal::from_str("12.5").expect("decimal")));
        let links = ChargeLinks {
            plan_currencies: ["EUR".to_owned(), "USD".to_owned()].into_iter().collect(),
            applied_plan_ids: vec!["8a8a0001".into()],
        };
        let f = charge_fields(&c, "plan-id", "CatalogKey__c", &links);
        let tiers = f["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"].as_array().expect("tiers");
        let got: Vec<(&str, String)> = tiers
            .iter()
            .map(|t| (t["Currency"].as_str().unwrap_or(""), t["DiscountPercentage"].to_string()))
            .collect();
        assert_eq!(got, vec![("EUR", "12.5".to_owned()), ("USD", "12.5".to_owned())]);
        assert_eq!(
            f["ProductDiscountApplyDetailData"],
            serde_json::json!({ "ProductDiscountApplyDetail": [{ "AppliedProductRatePlanId": "8a8a0001" }] })
        );
    }

    #[test]
    fn overage_prices_go_where_zuora_reads_them() {
        let mut c = charge("TieredWithOverage");
        c.pricing.insert(
            CurrencyCode::from("USD"),
            ZPricing {
                overage_price: Some(money("0.10")),
                tiers: vec![ZTier {
                    starting_unit: Quantity(Decimal::ZERO),
                    ending_unit: Some(Quantity(Decimal::from(100))),
                    price: money("19.99"),
                    price_format: "FlatFee".into(),
                }],
                ..ZPricing::default()
            },
        );
        let tiers = tier_data(&c, &ChargeLinks::default());
        let tiers = tiers["ProductRatePlanChargeTier"].as_array().expect("tiers");
        assert_eq!(tiers.len(), 2, "{tiers:?}");
        assert_eq!(tiers[0]["Price"].to_string(), "19.99");
        assert_eq!(tiers[1]["IsOveragePrice"], Value::Bool(true));
        assert_eq!(tiers[1]["Price"].to_string(), "0.10");

        let mut o = charge("Overage");
        o.charge_type = "Usage".into();
        o.pricing.insert(
            CurrencyCode::from("USD"),
            ZPricing { overage_price: Some(money("0.10")), included_units: Some(Quantity(Decimal::from(1000))), ..ZPricing::default() },
        );
        let f = charge_fields(&o, "plan-id", "CatalogKey__c", &ChargeLinks::default());
        assert_eq!(f["IncludedUnits"].to_string(), "1000");
        let t = &f["ProductRatePlanChargeTierData"]["ProductRatePlanChargeTier"][0];
        assert_eq!((t["Currency"].as_str(), t["Price"].to_string()), (Some("USD"), "0.10".to_owned()));
    }
}
