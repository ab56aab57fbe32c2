//! The Zuora catalog's business rules for writes, shared by CRUD (`/v1/object/*`) and Actions (`/v1/action/*`):
//! create, update and delete of products, rate plans, charges (with their tiers) and tier price edits. Every
//! operation validates fully before it mutates, so a failure leaves the state untouched.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::fields::{self, ZError, parse_date};
use super::store::{ObjectType, ZObject, ZTier, ZuoraState};
use super::vocabulary::{self, MODELS_NEEDING_UOM, TIERED_MODELS};
use crate::sandbox::behaviour::Behaviour;
use crate::sandbox::ids;

/// What an operation needs besides the state.
pub struct Ctx<'a> {
    pub behaviour: &'a Behaviour,
    pub today: NaiveDate,
    /// Timestamp for Created/UpdatedDate.
    pub now: &'a str,
    pub in_use: &'a BTreeSet<String>,
}

impl Ctx<'_> {
    /// The tenant's currencies (configured plus any a seed brought).
    fn tenant_currencies(&self, z: &ZuoraState) -> BTreeSet<String> {
        self.behaviour
            .currencies
            .iter()
            .chain(&z.extra_currencies)
            .cloned()
            .collect()
    }
}

type OpResult = Result<String, Vec<ZError>>;

/// Creates an object; returns its id.
///
/// # Errors
/// Every validation failure (the state is unchanged).
pub fn create(z: &mut ZuoraState, ctx: &Ctx<'_>, t: ObjectType, body: &Map<String, Value>) -> OpResult {
    let mut f = fields::collect(t, body)?;
    let missing = fields::missing_required(t, &f, &[]);
    if !missing.is_empty() {
        return Err(missing);
    }
    match t {
        ObjectType::Product => create_product(z, ctx, f),
        ObjectType::ProductRatePlan => create_rate_plan(z, ctx, f),
        ObjectType::ProductRatePlanCharge => {
            let tier_data = f.remove("ProductRatePlanChargeTierData").unwrap_or(Value::Null);
            create_charge(z, ctx, f, &tier_data)
        }
        ObjectType::ProductRatePlanChargeTier => Err(vec![ZError::new(
            "INVALID_TYPE",
            "ProductRatePlanChargeTier cannot be created directly; send ProductRatePlanChargeTierData on the charge.",
        )]),
    }
}

fn stamp(z: &mut ZuoraState, ctx: &Ctx<'_>, id: String, fields: BTreeMap<String, Value>) -> ZObject {
    let seq = z.next_seq();
    ZObject {
        id,
        fields,
        created: ctx.now.to_string(),
        updated: ctx.now.to_string(),
        updated_seq: seq,
        created_seq: seq,
    }
}

fn date_of(f: &BTreeMap<String, Value>, name: &str) -> Option<NaiveDate> {
    f.get(name).and_then(Value::as_str).and_then(parse_date)
}

fn check_period(f: &BTreeMap<String, Value>, what: &str) -> Result<(), Vec<ZError>> {
    if let (Some(s), Some(e)) = (date_of(f, "EffectiveStartDate"), date_of(f, "EffectiveEndDate"))
        && e < s
    {
        return Err(vec![ZError::new(
            "INVALID_VALUE",
            format!("The EffectiveEndDate of the {what} must not be before its EffectiveStartDate."),
        )]);
    }
    Ok(())
}

fn next_number(counter: &mut u64, prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    loop {
        *counter += 1;
        let candidate = format!("{prefix}{:08}", *counter);
        if !taken(&candidate) {
            return candidate;
        }
    }
}

fn check_product_identity(
    z: &ZuoraState,
    ctx: &Ctx<'_>,
    f: &BTreeMap<String, Value>,
    self_id: Option<&str>,
) -> Result<(), Vec<ZError>> {
    let taken = |field: &str, value: &str| {
        z.index.ids(ObjectType::Product, field, value).any(|id| Some(id.as_str()) != self_id)
    };
    if let Some(sku) = f.get("SKU").and_then(Value::as_str) {
        if taken("SKU", sku) {
            return Err(vec![ZError::new(
                "DUPLICATE_VALUE",
                format!("SKU '{sku}' is already used by another product."),
            )]);
        }
        if let Some(n) = sku
            .strip_prefix("SKU-")
            .and_then(|d| (d.len() == 8).then(|| d.parse::<u64>().ok()).flatten())
            && n > z.counters.sku
        {
            return Err(vec![ZError::new(
                "INVALID_VALUE",
                format!("SKU number '{sku}' is in conflict with the system generated SKU."),
            )]);
        }
    }
    if let Some(num) = f.get("ProductNumber").and_then(Value::as_str)
        && taken("ProductNumber", num)
    {
        return Err(vec![ZError::new(
            "DUPLICATE_VALUE",
            format!("ProductNumber '{num}' is already used by another product."),
        )]);
    }
    if ctx.behaviour.reject_duplicate_product_names
        && let Some(name) = f.get("Name").and_then(Value::as_str)
        && taken("Name", name)
    {
        return Err(vec![ZError::new(
            "DUPLICATE_VALUE",
            format!("A product named '{name}' already exists."),
        )]);
    }
    Ok(())
}

fn create_product(z: &mut ZuoraState, ctx: &Ctx<'_>, mut f: BTreeMap<String, Value>) -> OpResult {
    check_period(&f, "product")?;
    check_product_identity(z, ctx, &f, None)?;
    if !f.contains_key("SKU") {
        let index = &z.index;
        let sku = next_number(&mut z.counters.sku, "SKU-", |c| index.has(ObjectType::Product, "SKU", c));
        f.insert("SKU".into(), Value::String(sku));
    }
    if !f.contains_key("ProductNumber") {
        let index = &z.index;
        let n = next_number(&mut z.counters.product_number, "PC-", |c| {
            index.has(ObjectType::Product, "ProductNumber", c)
        });
        f.insert("ProductNumber".into(), Value::String(n));
    }
    f.entry("AllowFeatureChanges".into()).or_insert(Value::Bool(false));
    let id = ids::zuora_id();
    let obj = stamp(z, ctx, id.clone(), f);
    z.put(ObjectType::Product, obj);
    Ok(id)
}

fn plan_within_product(z: &ZuoraState, f: &BTreeMap<String, Value>) -> Result<(), Vec<ZError>> {
    let Some(product) = f
        .get("ProductId")
        .and_then(Value::as_str)
        .and_then(|p| z.products.get(p))
    else {
        return Err(vec![ZError::new(
            "INVALID_VALUE",
            "The value of field ProductId is not a valid product id.",
        )]);
    };
    let (ps, pe) = (
        date_of(&product.fields, "EffectiveStartDate"),
        date_of(&product.fields, "EffectiveEndDate"),
    );
    let outside = date_of(f, "EffectiveStartDate").is_some_and(|s| ps.is_some_and(|ps| s < ps))
        || date_of(f, "EffectiveEndDate").is_some_and(|e| pe.is_some_and(|pe| e > pe));
    if outside {
        return Err(vec![ZError::new(
            "INVALID_VALUE",
            "The effective period of a product rate plan must lie within the effective period of its product.",
        )]);
    }
    Ok(())
}

fn check_plan_name(z: &ZuoraState, f: &BTreeMap<String, Value>, self_id: Option<&str>) -> Result<(), Vec<ZError>> {
    let (Some(product), Some(name)) = (
        f.get("ProductId").and_then(Value::as_str),
        f.get("Name").and_then(Value::as_str),
    ) else {
        return Ok(());
    };
    if z.plans_of(product)
        .into_iter()
        .any(|p| Some(p.id.as_str()) != self_id && p.str("Name") == Some(name))
    {
        return Err(vec![ZError::new(
            "DUPLICATE_VALUE",
            format!(
                "The product rate plan name '{name}' is already used in this product; it has to be unique within a product."
            ),
        )]);
    }
    Ok(())
}

fn check_active_currencies(
    z: &ZuoraState,
    ctx: &Ctx<'_>,
    f: &BTreeMap<String, Value>,
    at_create: bool,
) -> Result<(), Vec<ZError>> {
    let Some(Value::Array(list)) = f.get("ActiveCurrencies") else {
        return Ok(());
    };
    let tenant = ctx.tenant_currencies(z);
    let mut errors = Vec::new();
    for c in list.iter().filter_map(Value::as_str) {
        if !tenant.contains(c) {
            errors.push(ZError::new(
                "INVALID_VALUE",
                format!("The currency '{c}' is not an active currency of the tenant."),
            ));
        }
    }
    let others = list
        .iter()
        .filter_map(Value::as_str)
        .filter(|c| *c != ctx.behaviour.default_currency)
        .count();
    if at_create && others > 4 {
        errors.push(ZError::new(
            "INVALID_VALUE",
            "At most 4 currencies besides the default currency can be activated when a product rate plan is created.",
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn create_rate_plan(z: &mut ZuoraState, ctx: &Ctx<'_>, mut f: BTreeMap<String, Value>) -> OpResult {
    check_period(&f, "product rate plan")?;
    plan_within_product(z, &f)?;
    check_plan_name(z, &f, None)?;
    check_active_currencies(z, ctx, &f, true)?;
    if !f.contains_key("ProductRatePlanNumber") {
        let index = &z.index;
        let n = next_number(&mut z.counters.rate_plan_number, "PRP-", |c| {
            index.has(ObjectType::ProductRatePlan, "ProductRatePlanNumber", c)
        });
        f.insert("ProductRatePlanNumber".into(), Value::String(n));
    }
    let id = ids::zuora_id();
    let obj = stamp(z, ctx, id.clone(), f);
    z.put(ObjectType::ProductRatePlan, obj);
    Ok(id)
}

/// The currencies active on a rate plan: the default currency plus `ActiveCurrencies`.
#[must_use]
pub fn plan_currencies(plan: &ZObject, default_currency: &str) -> Vec<String> {
    let mut out = vec![default_currency.to_string()];
    if let Some(Value::Array(list)) = plan.fields.get("ActiveCurrencies") {
        for c in list.iter().filter_map(Value::as_str) {
            if !out.iter().any(|o| o == c) {
                out.push(c.to_string());
            }
        }
    }
    out
}

fn charge_rules(z: &ZuoraState, ctx: &Ctx<'_>, f: &BTreeMap<String, Value>) -> Result<(), Vec<ZError>> {
    let mut errors = Vec::new();
    let model = f.get("ChargeModel").and_then(Value::as_str).unwrap_or("");
    let missing = |name: &str| ZError::new("MISSING_REQUIRED_VALUE", format!("Missing required value: {name}"));
    if MODELS_NEEDING_UOM.contains(&model) && !f.contains_key("UOM") {
        errors.push(missing("UOM"));
    }
    if model == "Per Unit Pricing" && !f.contains_key("DefaultQuantity") {
        errors.push(missing("DefaultQuantity"));
    }
    if f.get("EndDateCondition").and_then(Value::as_str) == Some("FixedPeriod") && !f.contains_key("UpToPeriods") {
        errors.push(missing("UpToPeriods"));
    }
    if f.get("Taxable").and_then(Value::as_bool) == Some(true) {
        for n in ["TaxCode", "TaxMode"] {
            if !f.contains_key(n) {
                errors.push(missing(n));
            }
        }
    }
    if matches!(
        f.get("BillingPeriod").and_then(Value::as_str),
        Some("Specific Months" | "Specific Weeks")
    ) && !f.contains_key("SpecificBillingPeriod")
    {
        errors.push(missing("SpecificBillingPeriod"));
    }
    if let Some(plan) = f.get("ProductRatePlanId").and_then(Value::as_str)
        && !z.rate_plans.contains_key(plan)
    {
        errors.push(ZError::new(
            "INVALID_VALUE",
            "The value of field ProductRatePlanId is not a valid product rate plan id.",
        ));
    }
    let _ = ctx;
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Validates tier data for a charge of `model` on `plan`, and completes tier numbers.
fn check_tiers(ctx: &Ctx<'_>, plan: &ZObject, model: &str, tiers: &mut [ZTier]) -> Result<(), Vec<ZError>> {
    let mut errors = Vec::new();
    let active = plan_currencies(plan, &ctx.behaviour.default_currency);
    if !tiers.iter().any(|t| t.currency == ctx.behaviour.default_currency) {
        errors.push(ZError::new(
            "MISSING_REQUIRED_VALUE",
            format!(
                "Tier data missing required default currency: {}",
                ctx.behaviour.default_currency
            ),
        ));
    }
    for t in tiers
        .iter()
        .filter(|t| !t.currency.is_empty() && !active.contains(&t.currency))
    {
        errors.push(ZError::new(
            "INVALID_VALUE",
            format!("The currency '{}' is not active on the product rate plan.", t.currency),
        ));
    }
    let discount = model.starts_with("Discount-");
    for t in tiers.iter_mut() {
        if model == "Discount-Percentage" && t.discount_percentage.is_none() {
            t.discount_percentage = t.price.take().map(|p| crate::model::Percentage(p.0));
        }
        if model == "Discount-Fixed Amount" && t.discount_amount.is_none() {
            t.discount_amount = t.price.take();
        }
        let priced = t.price.is_some() || t.discount_amount.is_some() || t.discount_percentage.is_some();
        if !priced {
            errors.push(ZError::new(
                "MISSING_REQUIRED_VALUE",
                format!("Tier data for {} is missing a price.", t.currency),
            ));
        }
        if discount {
            t.price = None;
        }
    }
    let tiered = TIERED_MODELS.contains(&model);
    let mut by_currency: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, t) in tiers.iter().enumerate() {
        by_currency.entry(t.currency.clone()).or_default().push(i);
    }
    for (currency, idx) in &by_currency {
        let regular: Vec<usize> = idx.iter().copied().filter(|i| !tiers[*i].is_overage_price).collect();
        if !tiered && regular.len() > 1 {
            errors.push(ZError::new(
                "INVALID_VALUE",
                format!("Only one price per currency is allowed for this charge model ({currency})."),
            ));
        }
        let mut last = None;
        for (n, i) in regular.iter().enumerate() {
            let t = &mut tiers[*i];
            if t.tier == 0 {
                t.tier = u32::try_from(n + 1).unwrap_or(u32::MAX);
            }
            if tiered {
                let Some(start) = t.starting_unit else {
                    errors.push(ZError::new(
                        "MISSING_REQUIRED_VALUE",
                        format!("Missing required value: StartingUnit ({currency} tier {})", n + 1),
                    ));
                    continue;
                };
                if last.is_some_and(|l| start <= l) {
                    errors.push(ZError::new(
                        "INVALID_VALUE",
                        format!("StartingUnit of the {currency} tiers must be in ascending order."),
                    ));
                }
                last = Some(start);
                if t.price_format.is_none() {
                    t.price_format = Some("Per Unit".into());
                }
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn apply_charge_defaults(f: &mut BTreeMap<String, Value>) {
    let recurring = f.get("ChargeType").and_then(Value::as_str) == Some("Recurring");
    let s = |v: &str| Value::String(v.to_string());
    f.entry("EndDateCondition".into())
        .or_insert_with(|| s("SubscriptionEnd"));
    if f.get("EndDateCondition").and_then(Value::as_str) == Some("FixedPeriod") {
        f.entry("UpToPeriodsType".into())
            .or_insert_with(|| s("Billing Periods"));
    }
    if recurring {
        f.entry("BillingPeriodAlignment".into())
            .or_insert_with(|| s("AlignToCharge"));
        f.entry("ListPriceBase".into())
            .or_insert_with(|| s("Per Billing Period"));
        f.entry("BillingTiming".into()).or_insert_with(|| s("In Advance"));
    }
    let model = f.get("ChargeModel").and_then(Value::as_str).unwrap_or("");
    if TIERED_MODELS.contains(&model) {
        f.entry("DefaultQuantity".into())
            .or_insert_with(|| Value::Number(0.into()));
    }
    f.entry("Taxable".into()).or_insert(Value::Bool(false));
}

fn store_tiers(z: &mut ZuoraState, ctx: &Ctx<'_>, charge_id: &str, mut tiers: Vec<ZTier>) {
    for t in &mut tiers {
        t.id = ids::zuora_id();
        t.charge_id = charge_id.to_string();
        t.created = ctx.now.to_string();
        t.updated = ctx.now.to_string();
    }
    z.set_tiers(charge_id, tiers);
}

fn create_charge(z: &mut ZuoraState, ctx: &Ctx<'_>, mut f: BTreeMap<String, Value>, tier_data: &Value) -> OpResult {
    charge_rules(z, ctx, &f)?;
    let mut tiers = fields::parse_tiers(tier_data)?;
    let plan_id = f
        .get("ProductRatePlanId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let model = f
        .get("ChargeModel")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(plan) = z.rate_plans.get(&plan_id) {
        check_tiers(ctx, plan, &model, &mut tiers)?;
    }
    apply_charge_defaults(&mut f);
    if !f.contains_key("ProductRatePlanChargeNumber") {
        let index = &z.index;
        let n = next_number(&mut z.counters.charge_number, "PRPC-", |c| {
            index.has(ObjectType::ProductRatePlanCharge, "ProductRatePlanChargeNumber", c)
        });
        f.insert("ProductRatePlanChargeNumber".into(), Value::String(n));
    }
    let id = ids::zuora_id();
    store_tiers(z, ctx, &id, tiers);
    let obj = stamp(z, ctx, id.clone(), f);
    z.put(ObjectType::ProductRatePlanCharge, obj);
    Ok(id)
}

fn not_found(t: ObjectType, id: &str) -> Vec<ZError> {
    vec![ZError::new(
        "INVALID_ID",
        format!("No {} with id '{id}' exists.", t.name()),
    )]
}

/// Updates an object (fields present in the body replace stored ones; tier data replaces the whole tier set).
///
/// # Errors
/// Every validation failure (the state is unchanged).
pub fn update(z: &mut ZuoraState, ctx: &Ctx<'_>, t: ObjectType, id: &str, body: &Map<String, Value>) -> OpResult {
    if t == ObjectType::ProductRatePlanChargeTier {
        return update_tier(z, ctx, id, body);
    }
    let Some(existing) = z.map(t).and_then(|m| m.get(id)).cloned() else {
        return Err(not_found(t, id));
    };
    let mut incoming = fields::collect(t, body)?;
    if t == ObjectType::ProductRatePlanCharge && ctx.behaviour.charge_update_requires_full_fields {
        let missing = fields::missing_required(t, &incoming, &["Name", "ChargeType"]);
        if !missing.is_empty() {
            return Err(missing);
        }
    }
    let tier_data = incoming.remove("ProductRatePlanChargeTierData");
    let mut merged = existing.fields.clone();
    merged.extend(incoming.clone());
    if ctx.behaviour.fields_to_null {
        for name in body.get("fieldsToNull").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if vocabulary::is_custom(name) {
                merged.remove(name);
            }
        }
    }
    match t {
        ObjectType::Product => {
            check_period(&merged, "product")?;
            check_product_identity(z, ctx, &merged, Some(id))?;
            let end = date_of(&merged, "EffectiveEndDate");
            if z.plans_of(id)
                .into_iter()
                .any(|p| date_of(&p.fields, "EffectiveEndDate").is_some_and(|pe| end.is_some_and(|e| pe > e)))
            {
                return Err(vec![ZError::new(
                    "INVALID_VALUE",
                    "Rate plans of this product end after the new EffectiveEndDate; move their end dates first.",
                )]);
            }
        }
        ObjectType::ProductRatePlan => {
            if incoming
                .get("ProductId")
                .is_some_and(|p| existing.fields.get("ProductId") != Some(p))
            {
                return Err(vec![ZError::new(
                    "INVALID_VALUE",
                    "ProductId of a product rate plan cannot be changed.",
                )]);
            }
            check_period(&merged, "product rate plan")?;
            plan_within_product(z, &merged)?;
            check_plan_name(z, &merged, Some(id))?;
            check_active_currencies(z, ctx, &incoming, false)?;
        }
        ObjectType::ProductRatePlanCharge => {
            for immutable in ["ChargeType", "ProductRatePlanId"] {
                if incoming
                    .get(immutable)
                    .is_some_and(|v| existing.fields.get(immutable) != Some(v))
                {
                    return Err(vec![ZError::new(
                        "INVALID_VALUE",
                        format!("{immutable} of a product rate plan charge cannot be changed."),
                    )]);
                }
            }
            if ctx.in_use.contains(id)
                && incoming
                    .get("BillingTiming")
                    .is_some_and(|v| existing.fields.get("BillingTiming") != Some(v))
            {
                return Err(vec![ZError::new(
                    "INVALID_VALUE",
                    "BillingTiming cannot be changed once the charge is used by subscriptions.",
                )]);
            }
            charge_rules(z, ctx, &merged)?;
        }
        ObjectType::ProductRatePlanChargeTier => {}
    }
    let mut new_tiers = None;
    if let Some(data) = tier_data {
        let mut tiers = fields::parse_tiers(&data)?;
        let plan_id = merged
            .get("ProductRatePlanId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let model = merged.get("ChargeModel").and_then(Value::as_str).unwrap_or_default();
        if let Some(plan) = z.rate_plans.get(plan_id) {
            check_tiers(ctx, plan, model, &mut tiers)?;
        }
        new_tiers = Some(tiers);
    }
    if let Some(tiers) = new_tiers {
        store_tiers(z, ctx, id, tiers);
    }
    let seq = z.next_seq();
    if let Some(mut obj) = z.remove(t, id) {
        obj.fields = merged;
        obj.updated = ctx.now.to_string();
        obj.updated_seq = seq;
        z.put(t, obj);
    }
    Ok(id.to_string())
}

fn update_tier(z: &mut ZuoraState, ctx: &Ctx<'_>, id: &str, body: &Map<String, Value>) -> OpResult {
    let f = fields::collect(ObjectType::ProductRatePlanChargeTier, body)?;
    let mut format = None;
    if let Some(v) = f.get("PriceFormat") {
        match v.as_str().and_then(fields::price_format_crud) {
            Some(p) => format = Some(p.to_string()),
            None => {
                return Err(vec![ZError::new(
                    "INVALID_VALUE",
                    format!("The value '{v}' is invalid for field PriceFormat."),
                )]);
            }
        }
    }
    let dec = |n: &str| f.get(n).and_then(|v| crate::model::parse_exact(&v.to_string()).ok());
    let Some(tier) = z.tier_mut(id) else {
        return Err(not_found(ObjectType::ProductRatePlanChargeTier, id));
    };
    if let Some(p) = dec("Price") {
        tier.price = Some(crate::model::Money(p));
    }
    if let Some(p) = dec("DiscountPercentage") {
        tier.discount_percentage = Some(crate::model::Percentage(p));
    }
    if let Some(p) = dec("DiscountAmount") {
        tier.discount_amount = Some(crate::model::Money(p));
    }
    if format.is_some() {
        tier.price_format = format;
    }
    tier.updated = ctx.now.to_string();
    Ok(id.to_string())
}

/// Ids of an object and everything below it (rate plans, charges).
fn subtree(z: &ZuoraState, t: ObjectType, id: &str) -> Vec<(ObjectType, String)> {
    let mut out = vec![(t, id.to_string())];
    match t {
        ObjectType::Product => {
            for p in z.plans_of(id) {
                out.extend(subtree(z, ObjectType::ProductRatePlan, &p.id));
            }
        }
        ObjectType::ProductRatePlan => {
            for c in z.charges_of(id) {
                out.push((ObjectType::ProductRatePlanCharge, c.id.clone()));
            }
        }
        _ => {}
    }
    out
}

/// Deletes an object and its children, unless any of them is in use by subscriptions.
///
/// # Errors
/// `INVALID_ID` when absent; the configured cannot-delete code when in use.
pub fn delete(z: &mut ZuoraState, ctx: &Ctx<'_>, t: ObjectType, id: &str) -> Result<(), ZError> {
    if t == ObjectType::ProductRatePlanChargeTier {
        return Err(ZError::new(
            "INVALID_TYPE",
            "ProductRatePlanChargeTier cannot be deleted; update the charge's tier data.",
        ));
    }
    if !z.map(t).is_some_and(|m| m.contains_key(id)) {
        return Err(not_found(t, id).remove(0));
    }
    let all = subtree(z, t, id);
    if let Some((ut, uid)) = all.iter().find(|(_, i)| ctx.in_use.contains(i)) {
        return Err(ZError::new(
            &ctx.behaviour.cannot_delete_code,
            format!(
                "Cannot delete the {} because the {} '{uid}' is used by subscriptions. Expire it by setting its EffectiveEndDate instead.",
                t.name(),
                ut.name()
            ),
        ));
    }
    for (ot, oid) in all {
        z.remove(ot, &oid);
        z.remove_tiers(&oid);
    }
    Ok(())
}
