//! Import: a live state -> a catalog (the on-ramp for a team whose catalog lives only in Zuora), with a report.
//!
//! Contract: everything the catalog language can express is carried (discounts with the plans they apply to,
//! tiered-with-overage and overage charges, charges priced in only some currencies, custom `__c` fields at every
//! level, remote keys). What it cannot express is named in the report, object by object, with the reason:
//! `lossy` findings mean the imported catalog differs from the tenant (a plan would change the tenant), `notes`
//! are facts worth knowing that change nothing (derived keys, which the next apply writes back; currencies with a
//! null price). As a final check the importer maps the catalog back (`desired_state`) and names every object whose
//! managed fields still differ from the tenant, so nothing is ever dropped silently.

use std::collections::{BTreeMap, BTreeSet};
use chrono::NaiveDate;
use serde_json::Value;

use super::{KeySource, LiveState, SfProduct, ZCharge, ZProduct, ZRatePlan, desired_state};
use crate::config::EnvConfig;
use crate::model::{
    BillingPeriod, BillingTiming, Catalog, CatalogRoot, Charge, ChargeModel, ChargeType, CurrencyCode, Discount, Key,
    ListPriceBase, NamingConvention, Plan, PlanStatus, PriceChangeOnRenewal, PriceFormat, Prices, Product,
    ProductCategory, Quantity, SourceId, Tier,
};

/// One finding about one remote object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Finding {
    /// The object: kind, catalog key path and remote id, e.g. `charge premium_saas/saas_premium_1y/seat (id 2c92…)`.
    pub object: String,
    pub message: String,
}

/// What an import could not carry (`lossy`) and what it wants the user to know (`notes`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub lossy: Vec<Finding>,
    pub notes: Vec<Finding>,
}

impl ImportReport {
    fn lossy(&mut self, object: &str, message: impl Into<String>) {
        self.lossy.push(Finding { object: object.to_owned(), message: message.into() });
    }
    fn note(&mut self, object: &str, message: impl Into<String>) {
        self.notes.push(Finding { object: object.to_owned(), message: message.into() });
    }
}

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub catalog_name: String,
    /// The tenant's default currency (Zuora has no API to read it; the config names it, default USD).
    pub default_currency: CurrencyCode,
}

fn id_suffix(id: Option<&String>) -> String {
    id.map(|i| format!(" (id {i})")).unwrap_or_default()
}

fn valid_key(k: &str) -> bool {
    k.len() <= super::keys::MAX_KEY_LEN
        && k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Converts a live state into a catalog, reporting what it cannot express.
#[must_use]
pub fn import(live: &LiveState, env: &EnvConfig, opts: &ImportOptions) -> (Catalog, ImportReport) {
    let mut report = ImportReport::default();
    let open_end = env.zuora.open_end_date;
    let sf_by_key: BTreeMap<&str, &SfProduct> = live
        .salesforce
        .iter()
        .flat_map(|s| s.products.iter())
        .filter_map(|p| p.key.as_deref().map(|k| (k, p)))
        .collect();
    let mut currencies: BTreeSet<CurrencyCode> = BTreeSet::new();
    currencies.insert(opts.default_currency.clone());
    let mut products = Vec::new();
    for zp in &live.zuora.products {
        products.push(product(zp, open_end, &sf_by_key, &mut currencies, &mut report));
    }
    let root = CatalogRoot {
        name: opts.catalog_name.clone(),
        version: semver::Version::new(0, 1, 0),
        currencies: currencies.into_iter().collect(),
        default_currency: opts.default_currency.clone(),
        groups: BTreeMap::new(),
        // Tenants name plans their own way; the imported catalog starts with a convention every name meets.
        naming: NamingConvention { plan_name: "^.+$".to_owned(), ..NamingConvention::default() },
        allow: vec![],
    };
    let mut catalog = Catalog { root, products, root_source: SourceId::default() };
    deprecate_partially_priced(&mut catalog, &mut report);
    verify(live, &catalog, env, &mut report);
    for d in crate::validate::check(&catalog) {
        let msg = format!("does not validate: {} {}", d.code, d.message);
        if d.severity == crate::diagnostic::Severity::Error {
            report.lossy(&format!("catalog {}", d.location.pointer), msg);
        } else {
            report.note(&format!("catalog {}", d.location.pointer), msg);
        }
    }
    report.lossy.sort();
    report.lossy.dedup();
    report.notes.sort();
    report.notes.dedup();
    (catalog, report)
}

fn key_for(key: &str, source: KeySource, what: &str, report: &mut ImportReport) -> Key {
    if source == KeySource::Derived {
        report.note(what, format!("has no catalog key; derived `{key}` (written back on the next apply)"));
    }
    if valid_key(key) {
        Key(key.to_owned())
    } else {
        let k = super::keys::derive_key(key);
        report.lossy(what, format!("catalog key `{key}` is not a valid key ([a-z][a-z0-9_]*, at most 80); imported as `{k}`"));
        Key(k)
    }
}

/// Whether a SKU has the form Zuora gives the SKUs it numbers itself: `SKU-` and eight digits.
fn is_generated_sku(sku: &str) -> bool {
    sku.strip_prefix("SKU-").is_some_and(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
}

fn product(
    zp: &ZProduct,
    open_end: NaiveDate,
    sf: &BTreeMap<&str, &SfProduct>,
    currencies: &mut BTreeSet<CurrencyCode>,
    report: &mut ImportReport,
) -> Product {
    let what = format!("product {}{}", zp.key, id_suffix(zp.id.as_ref()));
    let key = key_for(&zp.key, zp.key_source, &what, report);
    let category = match zp.category.as_deref() {
        Some("Base Products") => ProductCategory::Base,
        Some("Add On Services") => ProductCategory::AddOn,
        Some("Miscellaneous Products") => ProductCategory::Other,
        other => {
            report.lossy(&what, format!("category {other:?} has no catalog equivalent; imported as `other` (the next apply sets `Miscellaneous Products`)"));
            ProductCategory::Other
        }
    };
    let sku = zp.sku.clone().unwrap_or_else(|| {
        let s = key.0.to_ascii_uppercase().replace('_', "-");
        report.lossy(&what, format!("has no SKU; imported as `{s}` (the next apply sets it)"));
        s
    });
    if is_generated_sku(&sku) {
        report.note(
            &what,
            format!(
                "SKU `{sku}` was numbered by this tenant; a tenant whose own numbering has not reached it refuses it \
                 (\"in conflict with the system generated SKU\"): give the product a SKU of your own before applying \
                 this catalog to another tenant"
            ),
        );
    }
    let effective_start = zp.effective_start.unwrap_or_else(|| {
        report.lossy(&what, "has no effective start date; imported as 2000-01-01");
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
    });
    let mut taken_plans = BTreeSet::new();
    let plans = zp
        .rate_plans
        .iter()
        .map(|rp| plan(&key, rp, open_end, effective_start, sf, currencies, &mut taken_plans, report))
        .collect();
    Product {
        key,
        name: zp.name.clone(),
        sku,
        description: zp.description.clone(),
        category,
        effective_start,
        effective_end: zp.effective_end.filter(|d| *d != open_end),
        custom_fields: zp.custom_fields.clone(),
        allow: vec![],
        plans,
        source: SourceId::default(),
    }
}

#[allow(clippy::too_many_arguments)]
fn plan(
    product_key: &Key,
    rp: &ZRatePlan,
    open_end: NaiveDate,
    product_start: NaiveDate,
    sf: &BTreeMap<&str, &SfProduct>,
    currencies: &mut BTreeSet<CurrencyCode>,
    taken: &mut BTreeSet<String>,
    report: &mut ImportReport,
) -> Plan {
    let what = format!("rate plan {product_key}/{}{}", rp.key, id_suffix(rp.id.as_ref()));
    let key = key_for(&rp.key, rp.key_source, &what, report);
    taken.insert(key.0.clone());
    let effective_start = rp.effective_start.unwrap_or_else(|| {
        report.lossy(&what, format!("has no effective start date; imported with the product's ({product_start})"));
        product_start
    });
    let effective_end = rp.effective_end.filter(|d| *d != open_end);
    let expired = rp.status.as_deref() == Some("Expired");
    let status = if expired { PlanStatus::Retired } else { PlanStatus::Active };
    let sku = sf.get(rp.key.as_str()).and_then(|p| p.product_code.clone());
    let mut charge_keys = BTreeSet::new();
    let charges = rp
        .charges
        .iter()
        .filter_map(|c| charge(&format!("{product_key}/{key}"), c, currencies, &mut charge_keys, report))
        .collect();
    Plan {
        key,
        name: rp.name.clone(),
        sku,
        description: rp.description.clone(),
        status,
        purchasable: !expired,
        effective_start,
        effective_end,
        groups: vec![],
        requires: vec![],
        custom_fields: rp.custom_fields.clone(),
        allow: vec![],
        charges,
    }
}

fn charge(
    path: &str,
    c: &ZCharge,
    currencies: &mut BTreeSet<CurrencyCode>,
    taken: &mut BTreeSet<String>,
    report: &mut ImportReport,
) -> Option<Charge> {
    let what = format!("charge {path}/{}{}", c.key, id_suffix(c.id.as_ref()));
    let charge_type = match c.charge_type.as_str() {
        "Recurring" => ChargeType::Recurring,
        "OneTime" => ChargeType::OneTime,
        "Usage" => ChargeType::Usage,
        other => {
            report.lossy(&what, format!("charge type `{other}` cannot be expressed in the catalog; charge not imported"));
            return None;
        }
    };
    let model = match c.model.as_str() {
        "FlatFee" => ChargeModel::FlatFee,
        "PerUnit" => ChargeModel::PerUnit,
        "Tiered" => ChargeModel::Tiered,
        "Volume" => ChargeModel::Volume,
        "Overage" => ChargeModel::Overage,
        "TieredWithOverage" => ChargeModel::TieredWithOverage,
        "DiscountFixedAmount" => ChargeModel::DiscountFixedAmount,
        "DiscountPercentage" => ChargeModel::DiscountPercentage,
        other => {
            report.lossy(&what, format!("charge model `{other}` cannot be expressed in the catalog; charge not imported"));
            return None;
        }
    };
    let key = key_for(&c.key, c.key_source, &what, report);
    taken.insert(key.0.clone());
    let billing_period = match (c.billing_period.as_deref(), c.specific_billing_period) {
        (None, _) => None,
        (Some("Month"), _) => Some(BillingPeriod::Month),
        (Some("Quarter"), _) => Some(BillingPeriod::Quarter),
        (Some("Semi_Annual"), _) => Some(BillingPeriod::SemiAnnual),
        (Some("Annual"), _) => Some(BillingPeriod::Annual),
        (Some("Specific_Months"), Some(n)) if u16::try_from(n).is_ok() => {
            Some(BillingPeriod::SpecificMonths(u16::try_from(n).unwrap_or(1)))
        }
        (Some(other), _) => {
            report.lossy(&what, format!("billing period `{other}` cannot be expressed in the catalog; left unset"));
            None
        }
    };
    let list_price_base = c.list_price_base.as_deref().and_then(|l| match l {
        "Per_Billing_Period" => Some(ListPriceBase::PerBillingPeriod),
        "Per_Month" => Some(ListPriceBase::PerMonth),
        "Per_Week" => Some(ListPriceBase::PerWeek),
        "Per_Year" => Some(ListPriceBase::PerYear),
        "Per_Specific_Months" => Some(ListPriceBase::PerSpecificMonths),
        other => {
            report.lossy(&what, format!("list price base `{other}` cannot be expressed; left unset"));
            None
        }
    });
    let price_change_on_renewal = match c.price_change_option.as_str() {
        "UseLatestProductCatalogPricing" => PriceChangeOnRenewal::UseLatestCatalogPricing,
        "SpecificPercentageValue" => {
            report.lossy(&what, "renewal uplift percentage (priceIncreasePercentage) is not carried; only the option is");
            PriceChangeOnRenewal::SpecificPercentage
        }
        "NoChange" => PriceChangeOnRenewal::NoChange,
        other => {
            report.lossy(&what, format!("price change option `{other}` cannot be expressed; imported as no_change"));
            PriceChangeOnRenewal::NoChange
        }
    };
    let mut prices = Prices::new();
    let mut overage_prices = Prices::new();
    let mut amounts = Prices::new();
    let mut included: BTreeMap<CurrencyCode, Quantity> = BTreeMap::new();
    for (cur, p) in &c.pricing {
        currencies.insert(cur.clone());
        if let Some(v) = p.price {
            prices.insert(cur.clone(), v);
        }
        if let Some(v) = p.overage_price {
            overage_prices.insert(cur.clone(), v);
        }
        if let Some(v) = p.discount_amount {
            amounts.insert(cur.clone(), v);
        }
        if let Some(v) = p.included_units {
            included.insert(cur.clone(), v);
        }
    }
    let distinct_included: BTreeSet<&Quantity> = included.values().collect();
    if distinct_included.len() > 1 {
        report.lossy(&what, format!("included units differ by currency ({}); the catalog has one value, imported the first", fmt_map(&included)));
    }
    if c.pricing.values().any(|p| p.included_units.is_none()) && !included.is_empty() {
        report.lossy(&what, "included units are set in some currencies only; the catalog applies one value to all");
    }
    if let Some(Value::Array(curs)) = c.unmanaged.get(crate::providers::zuora::mapping::NULL_PRICED) {
        let list: Vec<&str> = curs.iter().filter_map(Value::as_str).collect();
        report.note(&what, format!("has a null price in {} in Zuora; the catalog lists priced currencies only (Zuora is left as it is)", list.join(", ")));
    }
    if let Some(by) = c.unmanaged.get("discountPercentageByCurrency") {
        report.lossy(&what, format!("discount percentage differs by currency ({by}); the catalog has one value"));
    }
    let tiers = merge_tiers(c, &what, report);
    let discount = if model.is_discount() {
        let mut apply_to = Vec::new();
        for k in &c.discount_apply_to {
            if let Some(id) = k.strip_prefix("unknown_rate_plan_") {
                report.lossy(&what, format!("applies to rate plan {id}, which is not in the catalog read; that target is dropped"));
            } else {
                apply_to.push(Key(k.clone()));
            }
        }
        Some(Discount { percentage: c.discount_percentage, amounts: std::mem::take(&mut amounts), apply_to })
    } else {
        if c.discount_percentage.is_some() || !amounts.is_empty() || !c.discount_apply_to.is_empty() {
            report.lossy(&what, format!("discount values on a `{}` charge cannot be expressed; dropped", c.model));
        }
        None
    };
    Some(Charge {
        key,
        name: c.name.clone(),
        description: c.description.clone(),
        charge_type,
        model,
        billing_period,
        billing_timing: if c.billing_timing == "InArrears" { BillingTiming::InArrears } else { BillingTiming::InAdvance },
        unit_of_measure: c.uom.clone(),
        list_price_base,
        prices: if model.uses_tiers() || model.is_discount() { drop_prices(prices, &what, report) } else { prices },
        tiers,
        included_units: included.values().next().copied(),
        overage_prices,
        discount,
        price_change_on_renewal,
        custom_fields: c.custom_fields.clone(),
        allow: vec![],
    })
}

fn drop_prices(prices: Prices, what: &str, report: &mut ImportReport) -> Prices {
    if !prices.is_empty() {
        report.lossy(what, format!("list prices ({}) on a tiered or discount model cannot be expressed; dropped", fmt_map(&prices)));
    }
    Prices::new()
}

fn fmt_map<V: std::fmt::Display>(m: &BTreeMap<CurrencyCode, V>) -> String {
    m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
}

/// Per-currency tier lists -> catalog tiers (one boundary list, prices per currency). Currencies whose boundaries
/// differ from the first currency's cannot be expressed and are reported.
fn merge_tiers(c: &ZCharge, what: &str, report: &mut ImportReport) -> Vec<Tier> {
    let mut with_tiers = c.pricing.iter().filter(|(_, p)| !p.tiers.is_empty());
    let Some((first_cur, first)) = with_tiers.next() else { return vec![] };
    let mut tiers: Vec<Tier> = first
        .tiers
        .iter()
        .map(|t| Tier {
            starting_unit: t.starting_unit,
            ending_unit: t.ending_unit,
            prices: std::iter::once((first_cur.clone(), t.price)).collect(),
            price_format: if t.price_format == "FlatFee" { PriceFormat::FlatFee } else { PriceFormat::PerUnit },
        })
        .collect();
    for (cur, p) in with_tiers {
        let same = p.tiers.len() == tiers.len()
            && p.tiers.iter().zip(&tiers).all(|(a, b)| {
                a.starting_unit == b.starting_unit
                    && a.ending_unit == b.ending_unit
                    && (a.price_format == "FlatFee") == (b.price_format == PriceFormat::FlatFee)
            });
        if same {
            for (t, z) in tiers.iter_mut().zip(&p.tiers) {
                t.prices.insert(cur.clone(), z.price);
            }
        } else {
            report.lossy(what, format!("tiers in {cur} have other boundaries or formats than in {first_cur}; the catalog has one tier table, {cur} tiers dropped"));
        }
    }
    tiers
}

/// The catalog requires an active plan to be priced in every declared currency (rule SKU304); a tenant plan sold in
/// only some currencies is imported as `deprecated` (still renewable, still active in Salesforce), which maps to
/// exactly the same remote state. Each such plan is noted.
fn deprecate_partially_priced(catalog: &mut Catalog, report: &mut ImportReport) {
    let all: BTreeSet<CurrencyCode> = catalog.root.currencies.iter().cloned().collect();
    for product in &mut catalog.products {
        for plan in &mut product.plans {
            if plan.status != PlanStatus::Active {
                continue;
            }
            let mut missing: BTreeSet<&CurrencyCode> = BTreeSet::new();
            for c in plan.charges.iter().filter(|c| crate::validate::walk::is_priced(c)) {
                let mut have: BTreeSet<&CurrencyCode> = c.prices.keys().chain(c.overage_prices.keys()).collect();
                have.extend(c.tiers.iter().flat_map(|t| t.prices.keys()));
                have.extend(c.discount.iter().flat_map(|d| d.amounts.keys()));
                missing.extend(all.iter().filter(|cur| !have.contains(cur)));
            }
            if !missing.is_empty() {
                plan.status = PlanStatus::Deprecated;
                plan.purchasable = false;
                let list: Vec<&str> = missing.iter().map(|c| c.as_str()).collect();
                report.note(
                    &format!("rate plan {}/{}", product.key, plan.key),
                    format!(
                        "is not priced in {} (the catalog sells active plans in every currency); imported as `deprecated`, which changes nothing remotely",
                        list.join(", ")
                    ),
                );
            }
        }
    }
}

/// The final check: maps the catalog back and names every object whose managed fields differ from the tenant.
fn verify(live: &LiveState, catalog: &Catalog, env: &EnvConfig, report: &mut ImportReport) {
    let mut zuora_only = env.clone();
    zuora_only.salesforce = None;
    let want = desired_state(catalog, &zuora_only).zuora;
    // Derived keys are matched as they are (they are written back on the next apply, already noted).
    let have = live.managed_view().zuora;
    let want_by: BTreeMap<&str, &ZProduct> = want.products.iter().map(|p| (p.key.as_str(), p)).collect();
    for p in &have.products {
        let what = format!("product {}", p.key);
        match want_by.get(p.key.as_str()) {
            None => report.lossy(&what, "is not in the imported catalog"),
            Some(w) if *w != p => {
                let mut fields = Vec::new();
                diff_fields(&serde_json::to_value(p).unwrap_or_default(), &serde_json::to_value(w).unwrap_or_default(), "", &mut fields);
                if fields.is_empty() {
                    fields.push("(ordering)".to_owned());
                }
                fields.truncate(8);
                report.lossy(&what, format!("differs from the tenant after import in: {}", fields.join(", ")));
            }
            Some(_) => {}
        }
    }
}

fn diff_fields(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let next = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                diff_fields(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), &next, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                let label = p.get("key").and_then(Value::as_str).map_or_else(|| i.to_string(), str::to_owned);
                diff_fields(p, q, &format!("{path}[{label}]"), out);
            }
        }
        _ if a != b => out.push(path.to_owned()),
        _ => {}
    }
}

/// Writes the catalog as a catalog directory: `DIR/catalog.yaml` and `DIR/products/<key>.yaml`, each atomically.
/// Returns the files written, in order.
///
/// # Errors
/// A file cannot be written.
pub fn write_catalog_dir(catalog: &Catalog, dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    let header = "# Imported by `skuctl import`. Review, then commit.\n";
    let root = serde_json::to_value(&catalog.root).map_err(std::io::Error::other)?;
    let path = dir.join("catalog.yaml");
    super::snapshot::write_atomic(&path, format!("{header}{}", super::yaml_out::to_yaml(&root)).as_bytes())?;
    written.push(path);
    for p in &catalog.products {
        let v = serde_json::to_value(p).map_err(std::io::Error::other)?;
        let path = dir.join("products").join(format!("{}.yaml", p.key));
        super::snapshot::write_atomic(&path, format!("{header}{}", super::yaml_out::to_yaml(&v)).as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::is_generated_sku;

    #[test]
    fn only_sku_and_eight_digits_is_a_generated_sku() {
        assert!(is_generated_sku("SKU-00000044"));
        for custom in ["SKU-0000044", "SKU-0000004A", "GL-SKU-00000044", "sku-00000044", "SKU-000000440"] {
            assert!(!is_generated_sku(custom), "{custom}");
        }
    }
}
