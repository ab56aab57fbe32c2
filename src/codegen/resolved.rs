//! The fully resolved catalog: what `generated/catalog.json` holds and what every template sees as `catalog`.
//!
//! Built from the validated model (pure, no IO). Everything is explicit: defaults applied, plan SKUs resolved,
//! group membership listed both ways, add-on prerequisites expanded to plan keys, and every amount an exact
//! decimal *string* (never a JSON number) so no consumer can round it. Its JSON Schema is
//! `schemas/generated-catalog.schema.json`.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;

use super::remote_ids::{PlanRemoteIds, RemoteIds};
use crate::model::{BillingPeriod, Catalog, Charge, CustomFields, Prices, ProductCategory, Requirement};

/// The generated catalog.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GeneratedCatalog {
    /// Says who wrote the file and not to edit it.
    #[serde(rename = "$comment")]
    pub comment: String,
    /// Catalog name.
    pub name: String,
    /// Catalog version (semver).
    pub version: String,
    /// Every currency the catalog sells in (ISO 4217), in catalog order.
    pub currencies: Vec<String>,
    /// The default currency.
    pub default_currency: String,
    /// Environments that have remote IDs, sorted (empty when no live state was recorded).
    pub environments: Vec<String>,
    /// Plan groups, by key order.
    pub groups: Vec<GroupOut>,
    /// Products in catalog order.
    pub products: Vec<ProductOut>,
    /// Every plan in catalog order.
    pub plans: Vec<PlanOut>,
    /// Keys of the plans of add-on products.
    pub add_ons: Vec<String>,
}

/// A plan group and its members.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GroupOut {
    pub key: String,
    pub description: String,
    /// Keys of the member plans, in catalog order.
    pub plans: Vec<String>,
}

/// A product.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProductOut {
    pub key: String,
    pub name: String,
    pub sku: String,
    pub description: String,
    /// `base`, `add_on` or `other`.
    pub category: String,
    /// `YYYY-MM-DD`.
    pub effective_start: String,
    /// `YYYY-MM-DD`, or null when open-ended.
    pub effective_end: Option<String>,
    /// Provider custom fields as written (null clears a field).
    pub custom_fields: BTreeMap<String, Option<String>>,
    /// Keys of the product's plans.
    pub plans: Vec<String>,
}

/// A plan (the SKU a customer buys).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanOut {
    pub key: String,
    /// Key of the plan's product.
    pub product: String,
    pub name: String,
    /// The plan SKU (the explicit `sku`, else derived from the key).
    pub sku: String,
    pub description: String,
    /// `active`, `deprecated`, `legacy` or `retired`.
    pub status: String,
    pub purchasable: bool,
    /// Whether the plan belongs to an add-on product.
    pub add_on: bool,
    pub effective_start: String,
    pub effective_end: Option<String>,
    /// The billing period of the plan's first recurring charge (else its first charge with one), e.g. `annual`,
    /// `month`, `specific_months_24`; null for plans without periodic charges.
    pub billing_period: Option<String>,
    /// Months in `billing_period`.
    pub billing_period_months: Option<u32>,
    /// Group keys, as declared.
    pub groups: Vec<String>,
    /// Prerequisites as declared (any one of them suffices).
    pub requires: Vec<RequirementOut>,
    /// The prerequisites expanded to plan keys (group members included), sorted and unique.
    pub requires_plans: Vec<String>,
    pub custom_fields: BTreeMap<String, Option<String>>,
    pub charges: Vec<ChargeOut>,
    /// Remote IDs by environment (absent environments have none recorded).
    pub remote_ids: BTreeMap<String, PlanRemoteIds>,
}

/// One prerequisite.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RequirementOut {
    /// `plan` or `group`.
    pub kind: String,
    pub key: String,
}

/// A charge with exact prices.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChargeOut {
    pub key: String,
    pub name: String,
    pub description: String,
    /// `recurring`, `one_time` or `usage`.
    #[serde(rename = "type")]
    pub charge_type: String,
    /// The pricing model, e.g. `per_unit`.
    pub model: String,
    pub billing_period: Option<String>,
    pub billing_timing: String,
    pub unit_of_measure: Option<String>,
    pub list_price_base: Option<String>,
    /// Price per currency as an exact decimal string.
    pub prices: BTreeMap<String, String>,
    pub tiers: Vec<TierOut>,
    pub included_units: Option<String>,
    pub overage_prices: BTreeMap<String, String>,
    pub discount: Option<DiscountOut>,
    pub custom_fields: BTreeMap<String, Option<String>>,
}

/// A price tier.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TierOut {
    pub starting_unit: String,
    pub ending_unit: Option<String>,
    pub prices: BTreeMap<String, String>,
    /// `per_unit` or `flat_fee`.
    pub price_format: String,
}

/// A discount.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiscountOut {
    pub percentage: Option<String>,
    pub amounts: BTreeMap<String, String>,
    pub apply_to: Vec<String>,
}

/// The snake_case serde name of a unit enum variant (`ChargeModel::PerUnit` -> `per_unit`).
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn period_name(p: BillingPeriod) -> String {
    match p {
        BillingPeriod::SpecificMonths(n) => format!("specific_months_{n}"),
        other => name_of(&other),
    }
}

fn prices(p: &Prices) -> BTreeMap<String, String> {
    p.iter().map(|(c, m)| (c.0.clone(), m.to_string())).collect()
}

fn custom(c: &CustomFields) -> BTreeMap<String, Option<String>> {
    c.iter().map(|(k, v)| (k.clone(), v.as_text().map(str::to_owned))).collect()
}

fn charge(c: &Charge) -> ChargeOut {
    ChargeOut {
        key: c.key.0.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        charge_type: name_of(&c.charge_type),
        model: name_of(&c.model),
        billing_period: c.billing_period.map(period_name),
        billing_timing: name_of(&c.billing_timing),
        unit_of_measure: c.unit_of_measure.clone(),
        list_price_base: c.list_price_base.as_ref().map(name_of),
        prices: prices(&c.prices),
        tiers: c
            .tiers
            .iter()
            .map(|t| TierOut {
                starting_unit: t.starting_unit.to_string(),
                ending_unit: t.ending_unit.map(|u| u.to_string()),
                prices: prices(&t.prices),
                price_format: name_of(&t.price_format),
            })
            .collect(),
        included_units: c.included_units.map(|u| u.to_string()),
        overage_prices: prices(&c.overage_prices),
        discount: c.discount.as_ref().map(|d| DiscountOut {
            percentage: d.percentage.map(|p| p.to_string()),
            amounts: prices(&d.amounts),
            apply_to: d.apply_to.iter().map(|k| k.0.clone()).collect(),
        }),
        custom_fields: custom(&c.custom_fields),
    }
}

/// The plan's billing period: its first recurring charge's, else the first charge that has one.
fn plan_period(charges: &[Charge]) -> Option<BillingPeriod> {
    let recurring = charges.iter().find(|c| c.charge_type == crate::model::ChargeType::Recurring && c.billing_period.is_some());
    recurring.or_else(|| charges.iter().find(|c| c.billing_period.is_some())).and_then(|c| c.billing_period)
}

impl GeneratedCatalog {
    /// Resolves a (validated) catalog. `comment` is the do-not-edit header.
    #[must_use]
    pub fn build(catalog: &Catalog, remote: &RemoteIds, comment: String) -> Self {
        let root = &catalog.root;
        let mut members: BTreeMap<&str, Vec<String>> = root.groups.keys().map(|k| (k.as_str(), Vec::new())).collect();
        for (_, plan) in catalog.plans() {
            for g in &plan.groups {
                members.entry(g.as_str()).or_default().push(plan.key.0.clone());
            }
        }
        let groups = root
            .groups
            .iter()
            .map(|(k, g)| GroupOut {
                key: k.0.clone(),
                description: g.description.clone(),
                plans: members.get(k.as_str()).cloned().unwrap_or_default(),
            })
            .collect();
        let products = catalog
            .products
            .iter()
            .map(|p| ProductOut {
                key: p.key.0.clone(),
                name: p.name.clone(),
                sku: p.sku.clone(),
                description: p.description.clone(),
                category: name_of(&p.category),
                effective_start: p.effective_start.to_string(),
                effective_end: p.effective_end.map(|d| d.to_string()),
                custom_fields: custom(&p.custom_fields),
                plans: p.plans.iter().map(|pl| pl.key.0.clone()).collect(),
            })
            .collect();
        let plans: Vec<PlanOut> = catalog
            .plans()
            .map(|(product, plan)| {
                let period = plan_period(&plan.charges);
                let mut requires_plans = BTreeSet::new();
                for r in &plan.requires {
                    match r {
                        Requirement::Plan(k) => {
                            requires_plans.insert(k.0.clone());
                        }
                        Requirement::Group(g) => {
                            requires_plans.extend(members.get(g.as_str()).into_iter().flatten().cloned());
                        }
                    }
                }
                PlanOut {
                    key: plan.key.0.clone(),
                    product: product.key.0.clone(),
                    name: plan.name.clone(),
                    sku: plan.effective_sku(),
                    description: plan.description.clone(),
                    status: name_of(&plan.status),
                    purchasable: plan.purchasable,
                    add_on: product.category == ProductCategory::AddOn,
                    effective_start: plan.effective_start.to_string(),
                    effective_end: plan.effective_end.map(|d| d.to_string()),
                    billing_period: period.map(period_name),
                    billing_period_months: period.map(BillingPeriod::months),
                    groups: plan.groups.iter().map(|g| g.0.clone()).collect(),
                    requires: plan
                        .requires
                        .iter()
                        .map(|r| match r {
                            Requirement::Plan(k) => RequirementOut { kind: "plan".into(), key: k.0.clone() },
                            Requirement::Group(k) => RequirementOut { kind: "group".into(), key: k.0.clone() },
                        })
                        .collect(),
                    requires_plans: requires_plans.into_iter().collect(),
                    custom_fields: custom(&plan.custom_fields),
                    charges: plan.charges.iter().map(charge).collect(),
                    remote_ids: remote.for_plan(&plan.key),
                }
            })
            .collect();
        let add_ons = plans.iter().filter(|p| p.add_on).map(|p| p.key.clone()).collect();
        GeneratedCatalog {
            comment,
            name: root.name.clone(),
            version: root.version.to_string(),
            currencies: root.currencies.iter().map(|c| c.0.clone()).collect(),
            default_currency: root.default_currency.0.clone(),
            environments: remote.environments(),
            groups,
            products,
            plans,
            add_ons,
        }
    }
}

/// Where the schema of `generated/catalog.json` is committed, relative to the repository root (`skuctl schema`
/// writes it).
pub const SCHEMA_PATH: &str = "schemas/generated-catalog.schema.json";

/// The JSON Schema (draft-07) of `generated/catalog.json`, pretty-printed with a trailing newline.
#[must_use]
pub fn schema_json() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<GeneratedCatalog>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
