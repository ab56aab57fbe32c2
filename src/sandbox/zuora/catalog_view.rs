//! The REST catalog view (camelCase keys, compact enums) of stored objects, as `GET /v1/catalog/products` and
//! `GET /v1/products/{key}/product-rate-plans` return them: rate plan `status` derived from the effective dates,
//! `pricing[]` one entry per active currency, prices as exact JSON numbers, custom `__c` fields inline.

use chrono::NaiveDate;
use serde_json::{Map, Number, Value};

use super::ops::plan_currencies;
use super::store::{Children, ZObject, ZTier, ZuoraState};
use super::vocabulary::{self as v, PRICE_FORMATS};
use crate::sandbox::behaviour::{Behaviour, TierFormat};

/// What a view needs besides the state.
pub struct ViewCtx<'a> {
    pub behaviour: &'a Behaviour,
    pub today: NaiveDate,
    pub children: Children<'a>,
}

/// An exact decimal as a JSON number.
pub fn number<T: std::fmt::Display>(d: &T) -> Value {
    d.to_string().parse::<Number>().map_or(Value::Null, Value::Number)
}

fn get(o: &ZObject, k: &str) -> Value {
    o.fields.get(k).cloned().unwrap_or(Value::Null)
}

fn mapped(o: &ZObject, k: &str, table: &[(&str, &str)]) -> Value {
    o.str(k)
        .map_or(Value::Null, |s| Value::String(v::to_catalog(table, s).to_string()))
}

fn custom_fields(o: &ZObject, out: &mut Map<String, Value>) {
    for (k, val) in o.fields.iter().filter(|(k, _)| v::is_custom(k)) {
        out.insert(k.clone(), val.clone());
    }
}

/// `Active`, `Expired` or `NotStarted` from the effective dates (end date exclusive).
#[must_use]
pub fn plan_status(plan: &ZObject, today: NaiveDate) -> &'static str {
    let date = |k| plan.str(k).and_then(super::fields::parse_date);
    if date("EffectiveStartDate").is_some_and(|s| today < s) {
        "NotStarted"
    } else if date("EffectiveEndDate").is_some_and(|e| today >= e) {
        "Expired"
    } else {
        "Active"
    }
}

/// A product, with its rate plans embedded (`embed`) or as the legacy URL (zuora-version >= 230).
#[must_use]
pub fn product(z: &ZuoraState, cx: &ViewCtx<'_>, p: &ZObject, embed: bool) -> Value {
    let mut m = Map::with_capacity(16);
    m.insert("id".into(), Value::String(p.id.clone()));
    m.insert("sku".into(), get(p, "SKU"));
    m.insert("name".into(), get(p, "Name"));
    m.insert(
        "description".into(),
        p.fields
            .get("Description")
            .cloned()
            .unwrap_or(Value::String(String::new())),
    );
    m.insert("category".into(), get(p, "Category"));
    m.insert("effectiveStartDate".into(), get(p, "EffectiveStartDate"));
    m.insert("effectiveEndDate".into(), get(p, "EffectiveEndDate"));
    m.insert("productNumber".into(), get(p, "ProductNumber"));
    m.insert(
        "allowFeatureChanges".into(),
        p.fields
            .get("AllowFeatureChanges")
            .cloned()
            .unwrap_or(Value::Bool(false)),
    );
    custom_fields(p, &mut m);
    m.insert("productFeatures".into(), Value::Array(vec![]));
    if embed {
        let mut charges_left = cx.behaviour.max_charges_per_product;
        let plans: Vec<Value> = cx
            .children
            .plans_of(&p.id)
            .iter()
            .take(cx.behaviour.max_rate_plans_per_product)
            .map(|plan| rate_plan(z, cx, plan, &mut charges_left))
            .collect();
        m.insert("productRatePlans".into(), Value::Array(plans));
    } else {
        m.insert(
            "productRatePlans".into(),
            Value::String(format!("/v1/rateplan/{}/productRatePlan", p.id)),
        );
    }
    Value::Object(m)
}

/// A rate plan with its charges (at most `charges_left` more charges in this product).
pub fn rate_plan(z: &ZuoraState, cx: &ViewCtx<'_>, plan: &ZObject, charges_left: &mut usize) -> Value {
    let mut m = Map::with_capacity(16);
    m.insert("id".into(), Value::String(plan.id.clone()));
    m.insert("status".into(), Value::String(plan_status(plan, cx.today).into()));
    m.insert("name".into(), get(plan, "Name"));
    m.insert(
        "description".into(),
        plan.fields
            .get("Description")
            .cloned()
            .unwrap_or(Value::String(String::new())),
    );
    m.insert("effectiveStartDate".into(), get(plan, "EffectiveStartDate"));
    m.insert("effectiveEndDate".into(), get(plan, "EffectiveEndDate"));
    custom_fields(plan, &mut m);
    m.insert("externalIdSourceSystem".into(), Value::String(String::new()));
    m.insert("externallyManagedPlanIds".into(), Value::Array(vec![]));
    m.insert("grade".into(), get(plan, "Grade"));
    m.insert("productRatePlanNumber".into(), get(plan, "ProductRatePlanNumber"));
    let currencies = plan_currencies(plan, &cx.behaviour.default_currency);
    let charges: Vec<Value> = cx
        .children
        .charges_of(&plan.id)
        .iter()
        .take(*charges_left)
        .map(|c| charge(z, cx, c, &currencies))
        .collect();
    *charges_left = charges_left.saturating_sub(charges.len());
    m.insert("productRatePlanCharges".into(), Value::Array(charges));
    Value::Object(m)
}

fn tier_format(cx: &ViewCtx<'_>, crud: Option<&str>) -> Value {
    let Some(f) = crud else { return Value::Null };
    PRICE_FORMATS
        .iter()
        .find(|(w, _, _)| *w == f)
        .map_or(Value::String(f.into()), |(_, compact, spec)| {
            Value::String(match cx.behaviour.catalog_tier_price_format {
                TierFormat::Compact => (*compact).to_string(),
                TierFormat::Spec => (*spec).to_string(),
            })
        })
}

fn opt_number<T: std::fmt::Display>(d: Option<&T>) -> Value {
    d.map_or(Value::Null, number)
}

/// `pricing[]` entries, one per currency that is active on the plan and has tier data.
fn pricing(cx: &ViewCtx<'_>, c: &ZObject, tiers: &[ZTier], currencies: &[String]) -> (Vec<Value>, Vec<Value>) {
    let model = c.str("ChargeModel").unwrap_or("");
    let tiered = v::TIERED_MODELS.contains(&model);
    let mut order: Vec<&str> = Vec::new();
    for t in tiers {
        if currencies.contains(&t.currency) && !order.contains(&t.currency.as_str()) {
            order.push(&t.currency);
        }
    }
    let mut pricing = Vec::new();
    let mut summary = Vec::new();
    for cur in order {
        let ts: Vec<&ZTier> = tiers.iter().filter(|t| t.currency == cur).collect();
        let regular: Vec<&&ZTier> = ts.iter().filter(|t| !t.is_overage_price).collect();
        let overage = ts.iter().find(|t| t.is_overage_price);
        let first = regular.first();
        let mut m = Map::with_capacity(8);
        m.insert("currency".into(), Value::String(cur.to_string()));
        let (price, tiers_v, overage_price) = match model {
            "Overage Pricing" => (
                Value::Null,
                Value::Null,
                opt_number(first.and_then(|t| t.price.as_ref())),
            ),
            _ if tiered => {
                let list: Vec<Value> = regular
                    .iter()
                    .map(|t| {
                        serde_json::json!({
                            "tier": t.tier,
                            "startingUnit": opt_number(t.starting_unit.as_ref()),
                            "endingUnit": opt_number(t.ending_unit.as_ref()),
                            "price": opt_number(t.price.as_ref()),
                            "priceFormat": tier_format(cx, t.price_format.as_deref()),
                        })
                    })
                    .collect();
                (
                    Value::Null,
                    Value::Array(list),
                    opt_number(overage.and_then(|t| t.price.as_ref())),
                )
            }
            _ => (
                opt_number(first.and_then(|t| t.price.as_ref())),
                Value::Null,
                Value::Null,
            ),
        };
        m.insert("price".into(), price.clone());
        m.insert("tiers".into(), tiers_v);
        m.insert(
            "includedUnits".into(),
            if model == "Overage Pricing" {
                get(c, "IncludedUnits")
            } else {
                Value::Null
            },
        );
        m.insert("overagePrice".into(), overage_price);
        let pct = opt_number(first.and_then(|t| t.discount_percentage.as_ref()));
        let amt = opt_number(first.and_then(|t| t.discount_amount.as_ref()));
        m.insert("discountPercentage".into(), pct.clone());
        m.insert("discountAmount".into(), amt.clone());
        summary.push(Value::String(match model {
            "Discount-Percentage" => format!("{pct}%  discount"),
            "Discount-Fixed Amount" => format!("{cur}{amt} fixed amount discount"),
            _ if !price.is_null() => match c.str("UOM") {
                Some(uom) if model != "Flat Fee Pricing" => format!("{cur}{price}/{uom}"),
                _ => format!("{cur}{price}"),
            },
            _ => cur.to_string(),
        }));
        pricing.push(Value::Object(m));
    }
    (pricing, summary)
}

fn discount_details(c: &ZObject) -> Value {
    let list = c
        .fields
        .get("ProductDiscountApplyDetailData")
        .and_then(|d| d.get("ProductDiscountApplyDetail"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Value::Array(
        list.iter()
            .map(|d| {
                serde_json::json!({
                    "appliedProductRatePlanId": d.get("AppliedProductRatePlanId").cloned().unwrap_or(Value::Null),
                    "appliedProductRatePlanChargeId": d.get("AppliedProductRatePlanChargeId").cloned().unwrap_or(Value::Null),
                })
            })
            .collect(),
    )
}

/// A charge, priced in the plan's active currencies.
#[must_use]
pub fn charge(z: &ZuoraState, cx: &ViewCtx<'_>, c: &ZObject, currencies: &[String]) -> Value {
    let (pricing, summary) = pricing(cx, c, z.tiers_of(&c.id), currencies);
    let mut m = Map::with_capacity(48);
    m.insert("id".into(), Value::String(c.id.clone()));
    m.insert("name".into(), get(c, "Name"));
    m.insert("type".into(), mapped(c, "ChargeType", v::CHARGE_TYPES));
    m.insert("model".into(), mapped(c, "ChargeModel", v::CHARGE_MODELS));
    m.insert("uom".into(), get(c, "UOM"));
    m.insert("pricingSummary".into(), Value::Array(summary));
    m.insert("pricing".into(), Value::Array(pricing));
    m.insert("defaultQuantity".into(), get(c, "DefaultQuantity"));
    m.insert("applyDiscountTo".into(), get(c, "ApplyDiscountTo"));
    m.insert("discountLevel".into(), get(c, "DiscountLevel"));
    m.insert("discountClass".into(), get(c, "DiscountClass"));
    m.insert("productDiscountApplyDetails".into(), discount_details(c));
    m.insert(
        "endDateCondition".into(),
        mapped(c, "EndDateCondition", v::END_DATE_CONDITIONS),
    );
    m.insert("upToPeriods".into(), get(c, "UpToPeriods"));
    m.insert("upToPeriodsType".into(), get(c, "UpToPeriodsType"));
    m.insert("billingDay".into(), mapped(c, "BillCycleType", v::BILL_CYCLE_TYPES));
    m.insert("listPriceBase".into(), mapped(c, "ListPriceBase", v::LIST_PRICE_BASES));
    m.insert("billingTiming".into(), mapped(c, "BillingTiming", v::BILLING_TIMINGS));
    m.insert("billingPeriod".into(), mapped(c, "BillingPeriod", v::BILLING_PERIODS));
    m.insert("billingPeriodAlignment".into(), get(c, "BillingPeriodAlignment"));
    m.insert("specificBillingPeriod".into(), get(c, "SpecificBillingPeriod"));
    m.insert("smoothingModel".into(), get(c, "SmoothingModel"));
    m.insert("numberOfPeriods".into(), get(c, "NumberOfPeriod"));
    m.insert("overageCalculationOption".into(), get(c, "OverageCalculationOption"));
    m.insert(
        "overageUnusedUnitsCreditOption".into(),
        get(c, "OverageUnusedUnitsCreditOption"),
    );
    m.insert("priceChangeOption".into(), get(c, "PriceChangeOption"));
    m.insert("priceIncreasePercentage".into(), get(c, "PriceIncreasePercentage"));
    m.insert(
        "useTenantDefaultForPriceChange".into(),
        c.fields
            .get("UseTenantDefaultForPriceChange")
            .cloned()
            .unwrap_or(Value::Bool(false)),
    );
    m.insert(
        "taxable".into(),
        c.fields.get("Taxable").cloned().unwrap_or(Value::Bool(false)),
    );
    m.insert("taxCode".into(), get(c, "TaxCode"));
    m.insert("taxMode".into(), get(c, "TaxMode"));
    m.insert("prorationOption".into(), get(c, "ProrationOption"));
    m.insert("triggerEvent".into(), get(c, "TriggerEvent"));
    m.insert(
        "description".into(),
        c.fields
            .get("Description")
            .cloned()
            .unwrap_or(Value::String(String::new())),
    );
    m.insert(
        "revenueRecognitionRuleName".into(),
        get(c, "RevenueRecognitionRuleName"),
    );
    m.insert(
        "useDiscountSpecificAccountingCode".into(),
        c.fields
            .get("UseDiscountSpecificAccountingCode")
            .cloned()
            .unwrap_or(Value::Null),
    );
    m.insert(
        "financeInformation".into(),
        serde_json::json!({
            "deferredRevenueAccountingCode": get(c, "DeferredRevenueAccount"),
            "deferredRevenueAccountingCodeType": Value::Null,
            "recognizedRevenueAccountingCode": get(c, "RecognizedRevenueAccount"),
            "recognizedRevenueAccountingCodeType": Value::Null,
            "accountsReceivableAccountingCode": Value::Null,
            "accountsReceivableAccountingCodeType": Value::Null,
        }),
    );
    m.insert(
        "isStackedDiscount".into(),
        c.fields.get("IsStackedDiscount").cloned().unwrap_or(Value::Bool(false)),
    );
    m.insert(
        "productRatePlanChargeNumber".into(),
        get(c, "ProductRatePlanChargeNumber"),
    );
    custom_fields(c, &mut m);
    Value::Object(m)
}
