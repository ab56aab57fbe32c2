//! `LiveState` -> resources: the one place that knows both the live model and the planner's field names.
//!
//! Identity: product `<product>`, plan `<plan>`, charge `<plan>/<charge>`, Salesforce product `<plan>`, price
//! `<plan>/<CUR>` (standard and custom books are different kinds). Amounts stay exact decimal text; tiers become
//! one line per tier (`1 to 100: 5.00 per unit`). `catalog_key` is set when the remote object carries the key, so
//! an object matched by a derived key shows the key being written back.
//!
//! What the planner manages: every live object whose catalog key was read from the remote key field, plus objects
//! with only a derived key (or, in Salesforce, no key but a `ProductCode` equal to a catalog plan's SKU) *when the
//! catalog has them*. Other keyless objects are not the catalog's: they are not read, so never retired.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::operation::{Action, Operation};
use super::resource::{FieldMap, Kind, Resource};
use crate::live::{KeySource, LiveState, PriceBookKind, SfProduct, ZCharge, ZProduct, ZRatePlan};
use crate::model::CustomFields;

/// Which side a state is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Desired,
    Live,
}

/// The resources of the desired state (from `desired_state`).
#[must_use]
pub fn desired(state: &LiveState, today: NaiveDate) -> Vec<Resource> {
    resources(state, Side::Desired, today, &Known::default())
}

/// `desired(desired_state)` and `live(live_state, desired_state)`, the two on threads of their own when the states
/// are large enough for it to pay (they share nothing they change).
#[must_use]
pub fn desired_and_live(desired_state: &LiveState, live_state: &LiveState, today: NaiveDate) -> (Vec<Resource>, Vec<Resource>) {
    let large = desired_state.zuora.products.len() + live_state.zuora.products.len() >= 128;
    crate::par::join(large, || desired(desired_state, today), || live(live_state, desired_state, today))
}

/// The resources of a live state. `desired` says which keyless or derived-key objects the catalog claims.
#[must_use]
pub fn live(state: &LiveState, desired: &LiveState, today: NaiveDate) -> Vec<Resource> {
    let mut known = Known::default();
    // The catalog's keys and product codes are looked up only for live objects without a key read from the remote
    // key field: collected only when the live state has such objects (none, once every object carries its key).
    let derived = state.zuora.products.iter().any(|p| {
        p.key_source != KeySource::Remote
            || p.rate_plans.iter().any(|rp| {
                rp.key_source != KeySource::Remote || rp.charges.iter().any(|c| c.key_source != KeySource::Remote)
            })
    });
    if derived {
        for p in &desired.zuora.products {
            known.keys.insert((Kind::Product, p.key.clone()));
            for rp in &p.rate_plans {
                known.keys.insert((Kind::RatePlan, rp.key.clone()));
                for c in &rp.charges {
                    known.keys.insert((Kind::Charge, format!("{}/{}", rp.key, c.key)));
                }
            }
        }
    }
    let keyless = state.salesforce.as_ref().is_some_and(|sf| sf.products.iter().any(|p| p.key.is_none()));
    if let Some(sf) = desired.salesforce.as_ref().filter(|_| keyless) {
        for p in &sf.products {
            if let (Some(k), Some(code)) = (&p.key, &p.product_code) {
                known.sf_codes.insert(code.clone(), k.clone());
            }
        }
    }
    for p in desired.zuora.products.iter().chain(&state.zuora.products) {
        for rp in &p.rate_plans {
            known.plan_group.entry(rp.key.clone()).or_insert_with(|| p.key.clone());
        }
    }
    resources(state, Side::Live, today, &known)
}

#[derive(Default)]
struct Known {
    // Hash maps: only looked up, never iterated, so their order cannot reach the output.
    keys: HashSet<(Kind, String)>,
    sf_codes: HashMap<String, String>,
    plan_group: HashMap<String, String>,
}

fn resources(state: &LiveState, side: Side, today: NaiveDate, known: &Known) -> Vec<Resource> {
    let mut out = Vec::new();
    let claimed = |kind: Kind, key: &str, source: KeySource| {
        side == Side::Desired || source == KeySource::Remote || known.keys.contains(&(kind, key.to_owned()))
    };
    // The live side's `known.plan_group` already holds every plan of `state`; the desired side builds its own.
    let mut own: HashMap<String, String> = HashMap::new();
    let plan_group = if known.plan_group.is_empty() {
        for p in &state.zuora.products {
            for rp in &p.rate_plans {
                own.entry(rp.key.clone()).or_insert_with(|| p.key.clone());
            }
        }
        &own
    } else {
        &known.plan_group
    };
    for p in &state.zuora.products {
        let p_active = side == Side::Live && p.effective_end.is_none_or(|d| d > today);
        if claimed(Kind::Product, &p.key, p.key_source) {
            out.push(product(p, side, p_active));
        }
        for rp in &p.rate_plans {
            let rp_active = side == Side::Live
                && rp.effective_end.is_none_or(|d| d > today)
                && rp.status.as_deref() != Some("Expired");
            if claimed(Kind::RatePlan, &rp.key, rp.key_source) {
                out.push(rate_plan(p, rp, side, rp_active));
            }
            for c in &rp.charges {
                let key = format!("{}/{}", rp.key, c.key);
                if claimed(Kind::Charge, &key, c.key_source) {
                    out.push(charge(p, rp, c, key, side, rp_active));
                }
            }
        }
    }
    if let Some(sf) = &state.salesforce {
        for p in &sf.products {
            let key = match (&p.key, &p.product_code) {
                (Some(k), _) => k.clone(),
                (None, Some(code)) => match known.sf_codes.get(code) {
                    Some(k) => k.clone(),
                    None => continue,
                },
                (None, None) => continue,
            };
            let group = plan_group.get(&key).cloned().unwrap_or_else(|| "(salesforce only)".to_owned());
            let custom_book = sf.custom_price_book.as_ref().map_or("(custom price book)", |b| b.name.as_str());
            out.extend(sf_product(p, key, group, custom_book, side));
        }
    }
    out
}

/// A resource without fields yet, with room for `fields` of them (the count each kind writes below, so that an
/// object's fields take one allocation of the right size).
fn base(kind: Kind, key: String, parent: Option<String>, id: Option<&String>, group: &str, name: &str, fields: usize) -> Resource {
    Resource {
        kind,
        key,
        parent,
        remote_id: id.cloned(),
        group: group.to_owned(),
        name: name.to_owned(),
        active: false,
        fields: FieldMap::with_capacity(fields),
    }
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn opt<T: ToString>(v: Option<T>) -> Value {
    v.map_or(Value::Null, |x| Value::String(x.to_string()))
}

fn key_field(side: Side, key: &str, source: KeySource) -> Value {
    if side == Side::Desired || source == KeySource::Remote { text(key) } else { Value::Null }
}

fn custom(fields: &mut FieldMap, custom: &CustomFields) {
    for (name, v) in custom {
        fields.insert(format!("custom_fields.{name}").into(), opt(v.as_text()));
    }
}

fn product(p: &ZProduct, side: Side, active: bool) -> Resource {
    let mut r = base(Kind::Product, p.key.clone(), None, p.id.as_ref(), &p.key, &p.name, 7 + p.custom_fields.len());
    r.active = active;
    let f = &mut r.fields;
    f.insert("name".into(), text(&p.name));
    f.insert("sku".into(), opt(p.sku.as_ref()));
    f.insert("description".into(), text(&p.description));
    f.insert("category".into(), opt(p.category.as_ref()));
    f.insert("effective_start".into(), opt(p.effective_start));
    f.insert("effective_end".into(), opt(p.effective_end));
    f.insert("catalog_key".into(), key_field(side, &p.key, p.key_source));
    custom(f, &p.custom_fields);
    r
}

fn rate_plan(p: &ZProduct, rp: &ZRatePlan, side: Side, active: bool) -> Resource {
    let fields = 5 + rp.custom_fields.len();
    let mut r = base(Kind::RatePlan, rp.key.clone(), Some(p.key.clone()), rp.id.as_ref(), &p.key, &rp.name, fields);
    r.active = active;
    let f = &mut r.fields;
    f.insert("name".into(), text(&rp.name));
    f.insert("description".into(), text(&rp.description));
    f.insert("effective_start".into(), opt(rp.effective_start));
    f.insert("effective_end".into(), opt(rp.effective_end));
    f.insert("catalog_key".into(), key_field(side, &rp.key, rp.key_source));
    custom(f, &rp.custom_fields);
    r
}

fn charge(p: &ZProduct, rp: &ZRatePlan, c: &ZCharge, key: String, side: Side, active: bool) -> Resource {
    // Eleven fixed fields and the discount targets; then at least one field per currency.
    let fields = 12 + c.pricing.len() + c.custom_fields.len();
    let mut r = base(Kind::Charge, key, Some(rp.key.clone()), c.id.as_ref(), &p.key, &c.name, fields);
    r.active = active;
    let f = &mut r.fields;
    f.insert("name".into(), text(&c.name));
    f.insert("description".into(), text(&c.description));
    f.insert("type".into(), text(&c.charge_type));
    f.insert("model".into(), text(&c.model));
    let period = match (&c.billing_period, c.specific_billing_period) {
        (Some(b), Some(n)) => Value::String(format!("{b} ({n})")),
        (b, _) => opt(b.as_ref()),
    };
    f.insert("billing_period".into(), period);
    f.insert("billing_timing".into(), text(&c.billing_timing));
    f.insert("unit_of_measure".into(), opt(c.uom.as_ref()));
    f.insert("list_price_base".into(), opt(c.list_price_base.as_ref()));
    f.insert("price_change_on_renewal".into(), text(&c.price_change_option));
    f.insert("discount_percentage".into(), opt(c.discount_percentage));
    if !c.discount_apply_to.is_empty() {
        f.insert("discount_apply_to".into(), json!(c.discount_apply_to));
    }
    for (cur, pr) in &c.pricing {
        let mut put = |name: &str, v: Value| {
            if !v.is_null() {
                f.insert(format!("{name}.{cur}").into(), v);
            }
        };
        put("price", opt(pr.price));
        put("overage_price", opt(pr.overage_price));
        put("discount_amount", opt(pr.discount_amount));
        put("included_units", opt(pr.included_units));
        if !pr.tiers.is_empty() {
            let tiers: Vec<Value> = pr
                .tiers
                .iter()
                .map(|t| {
                    let range = match t.ending_unit {
                        Some(e) => format!("{} to {e}", t.starting_unit),
                        None => format!("{} and up", t.starting_unit),
                    };
                    let format = if t.price_format == "FlatFee" { "flat fee" } else { "per unit" };
                    Value::String(format!("{range}: {} {format}", t.price))
                })
                .collect();
            put("tiers", Value::Array(tiers));
        }
    }
    f.insert("catalog_key".into(), key_field(side, &c.key, c.key_source));
    custom(f, &c.custom_fields);
    r
}

fn sf_product(p: &SfProduct, key: String, group: String, custom_book: &str, side: Side) -> Vec<Resource> {
    let mut out = Vec::new();
    let mut r = base(Kind::Product2, key.clone(), None, p.id.as_ref(), &group, &p.name, 5);
    r.active = side == Side::Live && p.is_active;
    r.fields.insert("name".into(), text(&p.name));
    r.fields.insert("product_code".into(), opt(p.product_code.as_ref()));
    r.fields.insert("description".into(), text(&p.description));
    r.fields.insert("is_active".into(), Value::Bool(p.is_active));
    r.fields.insert("catalog_key".into(), opt(p.key.as_ref()));
    out.push(r);
    for e in &p.entries {
        let (kind, book) = match e.price_book {
            PriceBookKind::Standard => (Kind::StandardPrice, "Standard Price Book"),
            PriceBookKind::Custom => (Kind::CustomPrice, custom_book),
        };
        let name = format!("{} {}", p.name, e.currency);
        let mut r = base(kind, format!("{key}/{}", e.currency), Some(key.clone()), e.id.as_ref(), &group, &name, 5);
        r.active = side == Side::Live && p.is_active && e.is_active;
        r.fields.insert("currency".into(), text(&e.currency.0));
        r.fields.insert("price_book".into(), text(book));
        r.fields.insert("unit_price".into(), Value::String(e.unit_price.to_string()));
        r.fields.insert("is_active".into(), Value::Bool(e.is_active));
        r.fields.insert("use_standard_price".into(), Value::Bool(e.use_standard_price));
        out.push(r);
    }
    out
}

/// Sets `desired` on every create, update and replace operation: the desired object in the live-state shape,
/// without its children (what apply sends). Done after the diff, for the operations only.
pub fn attach_desired(ops: &mut [Operation], desired: &LiveState) {
    let wanted: BTreeMap<(Kind, &str), usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| o.action != Action::Retire)
        .map(|(i, o)| ((o.kind, o.key.as_str()), i))
        .collect();
    let mut found: Vec<(usize, Value)> = Vec::new();
    let mut put = |kind: Kind, key: &str, make: &dyn Fn() -> Option<Value>| {
        if let Some(&i) = wanted.get(&(kind, key))
            && let Some(v) = make()
        {
            found.push((i, v));
        }
    };
    for p in &desired.zuora.products {
        put(Kind::Product, &p.key, &|| serde_json::to_value(ZProduct { rate_plans: Vec::new(), ..p.clone() }).ok());
        for rp in &p.rate_plans {
            put(Kind::RatePlan, &rp.key, &|| serde_json::to_value(ZRatePlan { charges: Vec::new(), ..rp.clone() }).ok());
            for c in &rp.charges {
                put(Kind::Charge, &format!("{}/{}", rp.key, c.key), &|| serde_json::to_value(c).ok());
            }
        }
    }
    if let Some(sf) = &desired.salesforce {
        for p in &sf.products {
            let Some(key) = &p.key else { continue };
            put(Kind::Product2, key, &|| serde_json::to_value(SfProduct { entries: Vec::new(), ..p.clone() }).ok());
            for e in &p.entries {
                let kind = match e.price_book {
                    PriceBookKind::Standard => Kind::StandardPrice,
                    PriceBookKind::Custom => Kind::CustomPrice,
                };
                put(kind, &format!("{key}/{}", e.currency), &|| serde_json::to_value(e).ok());
            }
        }
    }
    for (i, v) in found {
        ops[i].desired = Some(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_desired() -> LiveState {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = crate::load::load_catalog(&root.join("catalog")).expect("load").catalog.expect("valid sample");
        let cfg = crate::config::Config::load(&root.join("skuctl.yaml")).expect("config");
        crate::live::desired_state(&catalog, cfg.env(None).expect("env"))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
    }

    fn read(resources: &[Resource], kind: Kind) -> Vec<&str> {
        resources.iter().filter(|r| r.kind == kind).map(|r| r.key.as_str()).collect()
    }

    #[test]
    fn objects_without_a_remote_key_are_read_only_when_the_catalog_has_them() {
        let desired = sample_desired();
        let mut live_state = desired.clone();
        let every_key = live(&live_state, &desired, today());
        // A product and a plan whose keys were derived (no key field on the remote object), one of each the
        // catalog has and one it has not; the rest keep their remote keys.
        let products = &mut live_state.zuora.products;
        let mut stranger = products[0].clone();
        stranger.key = "legacy_silver".to_owned();
        stranger.rate_plans.clear();
        stranger.key_source = KeySource::Derived;
        products[0].key_source = KeySource::Derived;
        let plan_key = products[1].rate_plans[0].key.clone();
        products[1].rate_plans[0].key_source = KeySource::Derived;
        products.push(stranger);
        // A Product2 without an external id: matched by its ProductCode only when a catalog plan has that SKU.
        let sf = live_state.salesforce.as_mut().expect("the sample configures Salesforce");
        let code = sf.products[0].product_code.clone();
        sf.products[0].key = None;
        let mut unknown = sf.products[1].clone();
        unknown.key = None;
        unknown.product_code = Some("NOT-IN-THE-CATALOG".to_owned());
        sf.products.push(unknown);

        let found = live(&live_state, &desired, today());
        let products_read = read(&found, Kind::Product);
        assert!(products_read.contains(&desired.zuora.products[0].key.as_str()), "a derived key the catalog has is read");
        assert!(!products_read.contains(&"legacy_silver"), "a derived key the catalog lacks is not the catalog's");
        assert!(read(&found, Kind::RatePlan).contains(&plan_key.as_str()));
        assert_eq!(read(&found, Kind::Product2), read(&every_key, Kind::Product2), "{code:?} matched by its code");
        let catalog_key = |r: &Resource| r.field("catalog_key").clone();
        let first = found.iter().find(|r| r.kind == Kind::Product && r.key == desired.zuora.products[0].key);
        assert_eq!(first.map(catalog_key), Some(Value::Null), "the key is not on the remote object yet");
    }
}
