//! `--seed FILE`: builds the Zuora catalog from a `GET /v1/catalog/products`-shaped JSON document (all pages'
//! `products` merged; custom `__c` fields at every level kept). The REST catalog spellings are mapped back to CRUD
//! spellings; `pricing[]` becomes tier data; ids and numbers are kept, counters continue after them. Seeded data
//! is taken as the tenant has it: business rules for new writes (default currency, ...) are not re-applied.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::fields::{decimal_value, price_format_crud};
use super::store::{ObjectType, ZObject, ZTier, ZuoraState};
use super::vocabulary as v;
use crate::model::{Money, Percentage, Quantity, parse_exact};
use crate::sandbox::ids;

/// A seed that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed is not a JSON object with a `products` array")]
    Shape,
    #[error("seed product #{index}: {message}")]
    Product { index: usize, message: String },
}

/// (catalog key, CRUD key) pairs copied as they are.
const PRODUCT_KEYS: &[(&str, &str)] = &[
    ("sku", "SKU"),
    ("name", "Name"),
    ("description", "Description"),
    ("category", "Category"),
    ("effectiveStartDate", "EffectiveStartDate"),
    ("effectiveEndDate", "EffectiveEndDate"),
    ("productNumber", "ProductNumber"),
    ("allowFeatureChanges", "AllowFeatureChanges"),
];
const PLAN_KEYS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("description", "Description"),
    ("effectiveStartDate", "EffectiveStartDate"),
    ("effectiveEndDate", "EffectiveEndDate"),
    ("productRatePlanNumber", "ProductRatePlanNumber"),
    ("grade", "Grade"),
];
const CHARGE_KEYS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("uom", "UOM"),
    ("defaultQuantity", "DefaultQuantity"),
    ("applyDiscountTo", "ApplyDiscountTo"),
    ("discountLevel", "DiscountLevel"),
    ("discountClass", "DiscountClass"),
    ("upToPeriods", "UpToPeriods"),
    ("upToPeriodsType", "UpToPeriodsType"),
    ("billingPeriodAlignment", "BillingPeriodAlignment"),
    ("specificBillingPeriod", "SpecificBillingPeriod"),
    ("smoothingModel", "SmoothingModel"),
    ("numberOfPeriods", "NumberOfPeriod"),
    ("overageCalculationOption", "OverageCalculationOption"),
    ("overageUnusedUnitsCreditOption", "OverageUnusedUnitsCreditOption"),
    ("priceChangeOption", "PriceChangeOption"),
    ("priceIncreasePercentage", "PriceIncreasePercentage"),
    ("useTenantDefaultForPriceChange", "UseTenantDefaultForPriceChange"),
    ("taxable", "Taxable"),
    ("taxCode", "TaxCode"),
    ("taxMode", "TaxMode"),
    ("prorationOption", "ProrationOption"),
    ("triggerEvent", "TriggerEvent"),
    ("description", "Description"),
    ("revenueRecognitionRuleName", "RevenueRecognitionRuleName"),
    ("useDiscountSpecificAccountingCode", "UseDiscountSpecificAccountingCode"),
    ("isStackedDiscount", "IsStackedDiscount"),
    ("productRatePlanChargeNumber", "ProductRatePlanChargeNumber"),
];
/// (catalog key, CRUD key, spelling table) of enum-valued charge fields.
type EnumField = (&'static str, &'static str, &'static [(&'static str, &'static str)]);
const CHARGE_ENUMS: &[EnumField] = &[
    ("type", "ChargeType", v::CHARGE_TYPES),
    ("model", "ChargeModel", v::CHARGE_MODELS),
    ("endDateCondition", "EndDateCondition", v::END_DATE_CONDITIONS),
    ("billingDay", "BillCycleType", v::BILL_CYCLE_TYPES),
    ("listPriceBase", "ListPriceBase", v::LIST_PRICE_BASES),
    ("billingTiming", "BillingTiming", v::BILLING_TIMINGS),
    ("billingPeriod", "BillingPeriod", v::BILLING_PERIODS),
];

fn copy(src: &Map<String, Value>, keys: &[(&str, &str)], out: &mut BTreeMap<String, Value>) {
    for (from, to) in keys {
        if let Some(val) = src.get(*from).filter(|x| !x.is_null()) {
            out.insert((*to).to_string(), val.clone());
        }
    }
    for (k, val) in src.iter().filter(|(k, x)| v::is_custom(k) && !x.is_null()) {
        out.insert(k.clone(), val.clone());
    }
}

fn id_of(src: &Map<String, Value>) -> String {
    src.get("id")
        .and_then(Value::as_str)
        .map_or_else(ids::zuora_id, str::to_string)
}

fn number_suffix(s: Option<&str>, prefix: &str) -> u64 {
    s.and_then(|s| s.strip_prefix(prefix))
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

struct Builder<'a> {
    z: &'a mut ZuoraState,
    now: &'a str,
    default_currency: &'a str,
}

impl Builder<'_> {
    fn object(&mut self, id: String, fields: BTreeMap<String, Value>) -> ZObject {
        let seq = self.z.next_seq();
        ZObject {
            id,
            fields,
            created: self.now.into(),
            updated: self.now.into(),
            updated_seq: seq,
            created_seq: seq,
        }
    }

    fn note_currency(&mut self, c: &str, plan_currencies: &mut Vec<String>) {
        if c != self.default_currency && !plan_currencies.iter().any(|p| p == c) {
            plan_currencies.push(c.to_string());
        }
        if !self.z.extra_currencies.iter().any(|e| e == c) {
            self.z.extra_currencies.push(c.to_string());
        }
    }

    fn product(&mut self, p: &Map<String, Value>) {
        let mut f = BTreeMap::new();
        copy(p, PRODUCT_KEYS, &mut f);
        let id = id_of(p);
        let c = &mut self.z.counters;
        c.sku = c.sku.max(number_suffix(f.get("SKU").and_then(Value::as_str), "SKU-"));
        c.product_number = c
            .product_number
            .max(number_suffix(f.get("ProductNumber").and_then(Value::as_str), "PC-"));
        let obj = self.object(id.clone(), f);
        self.z.put(ObjectType::Product, obj);
        for plan in p
            .get("productRatePlans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(plan) = plan.as_object() {
                self.plan(&id, plan);
            }
        }
    }

    fn plan(&mut self, product_id: &str, p: &Map<String, Value>) {
        let mut f = BTreeMap::new();
        copy(p, PLAN_KEYS, &mut f);
        f.insert("ProductId".into(), Value::String(product_id.into()));
        let id = id_of(p);
        let c = &mut self.z.counters;
        c.rate_plan_number = c.rate_plan_number.max(number_suffix(
            f.get("ProductRatePlanNumber").and_then(Value::as_str),
            "PRP-",
        ));
        let mut currencies = Vec::new();
        let mut charges = Vec::new();
        for ch in p
            .get("productRatePlanCharges")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(ch) = ch.as_object() {
                charges.push(self.charge(&id, ch, &mut currencies));
            }
        }
        if !currencies.is_empty() {
            f.insert(
                "ActiveCurrencies".into(),
                Value::Array(currencies.into_iter().map(Value::String).collect()),
            );
        }
        let obj = self.object(id.clone(), f);
        self.z.put(ObjectType::ProductRatePlan, obj);
        for ch in charges {
            self.z.put(ObjectType::ProductRatePlanCharge, ch);
        }
    }

    fn charge(&mut self, plan_id: &str, ch: &Map<String, Value>, currencies: &mut Vec<String>) -> ZObject {
        let mut f = BTreeMap::new();
        copy(ch, CHARGE_KEYS, &mut f);
        for (from, to, table) in CHARGE_ENUMS {
            if let Some(s) = ch.get(*from).and_then(Value::as_str) {
                f.insert((*to).to_string(), Value::String(v::to_crud(table, s).to_string()));
            }
        }
        f.insert("ProductRatePlanId".into(), Value::String(plan_id.into()));
        if let Some(details) = ch
            .get("productDiscountApplyDetails")
            .and_then(Value::as_array)
            .filter(|d| !d.is_empty())
        {
            let list: Vec<Value> = details
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "AppliedProductRatePlanId": d.get("appliedProductRatePlanId").cloned().unwrap_or(Value::Null),
                        "AppliedProductRatePlanChargeId": d.get("appliedProductRatePlanChargeId").cloned().unwrap_or(Value::Null),
                    })
                })
                .collect();
            f.insert(
                "ProductDiscountApplyDetailData".into(),
                serde_json::json!({"ProductDiscountApplyDetail": list}),
            );
        }
        if let Some(fi) = ch.get("financeInformation").and_then(Value::as_object) {
            for (from, to) in [
                ("deferredRevenueAccountingCode", "DeferredRevenueAccount"),
                ("recognizedRevenueAccountingCode", "RecognizedRevenueAccount"),
            ] {
                if let Some(val) = fi.get(from).filter(|x| !x.is_null()) {
                    f.insert(to.into(), val.clone());
                }
            }
        }
        let id = id_of(ch);
        let c = &mut self.z.counters;
        c.charge_number = c.charge_number.max(number_suffix(
            f.get("ProductRatePlanChargeNumber").and_then(Value::as_str),
            "PRPC-",
        ));
        let mut tiers = Vec::new();
        for entry in ch.get("pricing").and_then(Value::as_array).into_iter().flatten() {
            let Some(cur) = entry.get("currency").and_then(Value::as_str) else {
                continue;
            };
            self.note_currency(cur, currencies);
            if let Some(units) = entry.get("includedUnits").filter(|x| !x.is_null()) {
                f.entry("IncludedUnits".into()).or_insert_with(|| units.clone());
            }
            self.tiers_of_entry(&id, cur, entry, &f, &mut tiers);
        }
        self.z.set_tiers(&id, tiers);
        self.object(id, f)
    }

    fn tiers_of_entry(
        &self,
        charge_id: &str,
        cur: &str,
        entry: &Value,
        f: &BTreeMap<String, Value>,
        out: &mut Vec<ZTier>,
    ) {
        let dec = |val: Option<&Value>| {
            val.and_then(decimal_value)
                .and_then(|n| parse_exact(&n.to_string()).ok())
        };
        let blank = |pos: usize| ZTier {
            id: ids::zuora_id(),
            tier: 1,
            ..ZTier::blank(charge_id, pos, cur, self.now)
        };
        let model = f.get("ChargeModel").and_then(Value::as_str).unwrap_or("");
        if let Some(list) = entry.get("tiers").and_then(Value::as_array).filter(|l| !l.is_empty()) {
            for t in list {
                let mut tier = blank(out.len());
                tier.tier = t
                    .get("tier")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(1);
                tier.starting_unit = dec(t.get("startingUnit")).map(Quantity);
                tier.ending_unit = dec(t.get("endingUnit")).map(Quantity);
                tier.price = dec(t.get("price")).map(Money);
                tier.price_format = t.get("priceFormat").and_then(Value::as_str).map(|s| {
                    let spec = v::PRICE_FORMATS
                        .iter()
                        .find(|(_, _, sp)| sp.eq_ignore_ascii_case(s))
                        .map(|(w, _, _)| *w);
                    price_format_crud(s).or(spec).unwrap_or(s).to_string()
                });
                out.push(tier);
            }
            if let Some(over) = dec(entry.get("overagePrice")) {
                let mut tier = blank(out.len());
                tier.is_overage_price = true;
                tier.price = Some(Money(over));
                out.push(tier);
            }
            return;
        }
        let mut tier = blank(out.len());
        tier.discount_percentage = dec(entry.get("discountPercentage")).map(Percentage);
        tier.discount_amount = dec(entry.get("discountAmount")).map(Money);
        tier.price = if model == "Overage Pricing" {
            dec(entry.get("overagePrice"))
        } else {
            dec(entry.get("price"))
        }
        .map(Money);
        out.push(tier);
    }
}

/// Loads a seed document into an empty catalog.
///
/// # Errors
/// `SeedError` when the document does not have the catalog shape.
pub fn load(z: &mut ZuoraState, doc: &Value, now: &str, default_currency: &str) -> Result<usize, SeedError> {
    let products = doc.get("products").and_then(Value::as_array).ok_or(SeedError::Shape)?;
    let mut b = Builder {
        z,
        now,
        default_currency,
    };
    // The catalog lists most recently updated first: seed in reverse so the first product stays first.
    for (index, p) in products.iter().enumerate().rev() {
        let p = p.as_object().ok_or_else(|| SeedError::Product {
            index,
            message: "not a JSON object".into(),
        })?;
        if let Some(id) = p.get("id").and_then(Value::as_str)
            && b.z.products.contains_key(id)
        {
            return Err(SeedError::Product {
                index,
                message: format!("duplicate product id {id}"),
            });
        }
        b.product(p);
    }
    Ok(products.len())
}
