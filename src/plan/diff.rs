//! The diff: desired resources against live resources, matched by `(kind, key)` (catalog keys, never names),
//! giving ordered operations, refusals and the fingerprints of every live object read.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::operation::{Action, Change, Marker, Operation, Refusal};
use super::resource::{Kind, Resource};
use super::rules;

// Hash maps keyed by catalog keys: only looked up, never iterated into the output, so their order cannot reach it
// (the refusals built from `repeated` are sorted). A fast hash, as the keys are the catalog's own.
type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type Set<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// The fingerprint of one live object the plan read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LiveRead {
    pub kind: Kind,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<String>,
    pub fingerprint: String,
}

/// The outcome of a diff.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// In execution order: creates, updates and replacements parent-first, then retirements child-first.
    pub operations: Vec<Operation>,
    pub refusals: Vec<Refusal>,
    /// Objects that already match.
    pub unchanged: usize,
    /// Every live object read, sorted by kind and key.
    pub live_read: Vec<LiveRead>,
    /// Display names of the catalog products operations are grouped under (desired name first, else live).
    pub groups: BTreeMap<String, String>,
}

/// Diffs `desired` against `live`. `today` decides what is active and the end date a retirement sets.
///
/// Both sides are walked in the order given (the order they were built in, so memory is read front to back) and
/// matched through a hash map; only the outputs are sorted: operations, refusals and fingerprints.
#[must_use]
pub fn diff(desired: &[Resource], live: &[Resource], today: NaiveDate) -> Diff {
    let mut out = Diff::default();
    // Live objects by (kind, key): the index of the first, and every index of a key read more than once (such a
    // key is ambiguous: refused, never matched).
    let mut live_by: Map<(Kind, &str), usize> = Map::with_capacity_and_hasher(live.len(), Default::default());
    let mut repeated: Map<(Kind, &str), Vec<usize>> = Map::default();
    for (i, l) in live.iter().enumerate() {
        let first = *live_by.entry((l.kind, l.key.as_str())).or_insert(i);
        if first != i {
            repeated.entry((l.kind, l.key.as_str())).or_insert_with(|| vec![first]).push(i);
        }
    }
    out.live_read = live_reads(live);
    out.live_read.sort_unstable(); // a total order: equal entries are identical
    for r in live.iter().chain(desired) {
        if r.kind == Kind::Product {
            out.groups.insert(r.key.clone(), r.name.clone());
        }
    }

    for (&(kind, key), found) in &repeated {
        let first = &live[found[0]];
        let mut ids: Vec<&str> = found.iter().filter_map(|&i| live[i].remote_id.as_deref()).collect();
        ids.sort_unstable(); // whatever order the provider listed them in
        out.refusals.push(Refusal {
            kind,
            key: key.to_owned(),
            group: first.group.clone(),
            name: first.name.clone(),
            changes: Vec::new(),
            reason: format!(
                "{} live {} objects carry the catalog key `{}` ({}); the planner cannot tell which one the catalog means",
                found.len(),
                kind.remote_type(),
                key,
                ids.join(", ")
            ),
            help: "clear the catalog key field on the duplicates in the provider, then plan again".to_owned(),
        });
    }

    // Which live objects the catalog has (the first of each key).
    let mut in_catalog = vec![false; live.len()];
    let mut replaced: Set<(Kind, &str)> = Set::default();
    let mut ops: Vec<Operation> = Vec::new();
    // Kind by kind, parents first, so a child sees whether its parent is replaced.
    for d in by_kind(desired) {
        let id = (d.kind, d.key.as_str());
        let found = live_by.get(&id).copied();
        if let Some(i) = found {
            in_catalog[i] = true;
        }
        if repeated.contains_key(&id) {
            continue;
        }
        let Some(l) = found.map(|i| &live[i]) else {
            ops.push(create(d));
            continue;
        };
        let changes = field_changes(l, d);
        let refused: Vec<(String, String)> = changes.iter().filter_map(|c| rules::refusal(l, d, &c.field)).collect();
        if !refused.is_empty() {
            for (reason, help) in refused {
                out.refusals.push(Refusal {
                    kind: d.kind,
                    key: d.key.clone(),
                    group: d.group.clone(),
                    name: d.name.clone(),
                    changes: changes.clone(),
                    reason,
                    help,
                });
            }
            continue;
        }
        let parent_replaced =
            d.kind.parent().zip(d.parent.as_deref()).is_some_and(|(k, p)| replaced.contains(&(k, p)));
        let mut reasons: Vec<String> = Vec::new();
        if parent_replaced {
            reasons.push(format!("its parent {} is replaced", d.kind.parent().map_or("", Kind::label)));
        }
        if l.parent != d.parent {
            reasons.push(format!(
                "a {} never moves to another parent ({} -> {})",
                d.kind.remote_type(),
                l.parent.as_deref().unwrap_or("(none)"),
                d.parent.as_deref().unwrap_or("(none)")
            ));
        }
        for f in rules::replace_fields(d.kind) {
            if changes.iter().any(|c| c.field == *f) {
                reasons.push(format!("a {} never changes its {f} in place", d.kind.remote_type()));
            }
        }
        if !reasons.is_empty() {
            replaced.insert(id);
            let mut op = update_like(Action::Replace, l, d, changes);
            let mut rest = std::mem::take(&mut op.reasons);
            for r in reasons {
                op.mark(Marker::Destructive, format!("replaced: {r}"));
            }
            op.reasons.append(&mut rest);
            ops.push(op);
            continue;
        }
        if changes.is_empty() {
            out.unchanged += 1;
            continue;
        }
        let action = if rules::is_retirement(l, d, today) { Action::Retire } else { Action::Update };
        ops.push(update_like(action, l, d, changes));
    }

    // The catalog's objects by (kind, key), built only when a live object outside it has a parent not read live.
    let mut desired_ids: Option<Set<(Kind, &str)>> = None;
    for (i, l) in live.iter().enumerate() {
        let id = (l.kind, l.key.as_str());
        if in_catalog[i] || repeated.contains_key(&id) || !l.active {
            continue;
        }
        let parent_gone = l.kind.parent().zip(l.parent.as_deref()).is_some_and(|(k, p)| match live_by.get(&(k, p)) {
            Some(&at) => !in_catalog[at],
            None => !desired_ids
                .get_or_insert_with(|| desired.iter().map(|d| (d.kind, d.key.as_str())).collect())
                .contains(&(k, p)),
        });
        if l.kind == Kind::Charge {
            if !parent_gone {
                let (reason, help) = rules::removed_charge(l);
                out.refusals.push(Refusal {
                    kind: l.kind,
                    key: l.key.clone(),
                    group: l.group.clone(),
                    name: l.name.clone(),
                    changes: Vec::new(),
                    reason,
                    help,
                });
            }
            continue;
        }
        if parent_gone && matches!(l.kind, Kind::StandardPrice | Kind::CustomPrice) {
            continue; // deactivating the Product2 takes its prices off sale
        }
        let Some(set) = rules::retire_changes(l, today) else { continue };
        let changes: Vec<Change> = set
            .into_iter()
            .map(|(field, after)| Change { before: l.field(&field).clone(), field, after })
            .filter(|c| c.before != c.after)
            .collect();
        let mut op = base(Action::Retire, l);
        op.changes = changes;
        op.parent.clone_from(&l.parent);
        op.mark(Marker::Destructive, match l.kind {
            Kind::StandardPrice | Kind::CustomPrice => {
                format!("removed currency {}: the price entry is deactivated", l.field("currency").as_str().unwrap_or("?"))
            }
            _ => "no longer in the catalog: retired (never deleted; existing subscriptions keep it)".to_owned(),
        });
        ops.push(op);
    }

    ops.sort_by(|a, b| order(a).cmp(&order(b)));
    for (i, op) in ops.iter_mut().enumerate() {
        op.index = i + 1;
    }
    out.operations = ops;
    out.refusals.sort_by(|a, b| (a.kind, &a.key, &a.reason).cmp(&(b.kind, &b.key, &b.reason)));
    out
}

/// The fingerprint of every live object, in the order given. Each is a canonical serialisation and a SHA-256 of its
/// own, so a large state is split between two threads.
fn live_reads(live: &[Resource]) -> Vec<LiveRead> {
    let read = |l: &Resource| LiveRead { kind: l.kind, key: l.key.clone(), remote_id: l.remote_id.clone(), fingerprint: l.fingerprint() };
    let (first, second) = live.split_at(live.len() / 2);
    let (mut out, rest) = crate::par::join(
        live.len() >= 1024,
        || first.iter().map(read).collect::<Vec<_>>(),
        || second.iter().map(read).collect::<Vec<_>>(),
    );
    out.extend(rest);
    out
}

/// `items` kind by kind in dependency order, each kind in the order given.
fn by_kind(items: &[Resource]) -> impl Iterator<Item = &Resource> {
    let mut by_kind: [Vec<&Resource>; Kind::ALL.len()] = Default::default();
    for r in items {
        by_kind[r.kind as usize].push(r);
    }
    by_kind.into_iter().flatten()
}

/// Execution order: everything that creates or changes objects parent-first, then retirements child-first (Zuora
/// requires a rate plan to end no later than its product).
fn order(op: &Operation) -> (u8, i8, &str) {
    let rank = Kind::ALL.iter().position(|k| *k == op.kind).unwrap_or(0) as i8;
    if op.action == Action::Retire { (1, -rank, &op.key) } else { (0, rank, &op.key) }
}

fn base(action: Action, r: &Resource) -> Operation {
    Operation {
        index: 0,
        action,
        system: r.kind.system(),
        kind: r.kind,
        remote_type: r.kind.remote_type().to_owned(),
        key: r.key.clone(),
        parent: r.parent.clone(),
        remote_id: r.remote_id.clone(),
        group: r.group.clone(),
        name: r.name.clone(),
        changes: Vec::new(),
        markers: Vec::new(),
        reasons: Vec::new(),
        desired: None,
    }
}

fn create(d: &Resource) -> Operation {
    let mut op = base(Action::Create, d);
    op.changes = d
        .fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(f, v)| Change { field: f.to_string(), before: Value::Null, after: v.clone() })
        .collect();
    op
}

fn update_like(action: Action, l: &Resource, d: &Resource, changes: Vec<Change>) -> Operation {
    let mut op = base(action, d);
    op.remote_id.clone_from(&l.remote_id);
    let mut removed: BTreeSet<String> = BTreeSet::new();
    let mut price_changed = false;
    for c in &changes {
        if rules::is_price_field(d.kind, &c.field) {
            price_changed = true;
            if let Some(cur) = rules::field_currency(&c.field).filter(|_| c.after.is_null() && !c.before.is_null()) {
                removed.insert(cur.to_owned());
            }
        }
    }
    if action == Action::Retire {
        op.mark(Marker::Destructive, "retired: its end date passes or it is deactivated (never deleted)");
    }
    for cur in &removed {
        op.mark(Marker::Destructive, format!("removed currency {cur}"));
    }
    if price_changed && l.active && action != Action::Retire {
        op.mark(Marker::CustomerVisible, "price change on an active plan");
    }
    op.changes = changes;
    op
}

/// The differing fields of two sorted field maps (a merge walk; a missing field is `null`).
fn field_changes(l: &Resource, d: &Resource) -> Vec<Change> {
    let mut out = Vec::new();
    let (mut a, mut b) = (l.fields.iter().peekable(), d.fields.iter().peekable());
    let null = Value::Null;
    loop {
        let (name, before, after) = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((ka, va)), Some((kb, vb))) if ka == kb => {
                let r = (*ka, *va, *vb);
                a.next();
                b.next();
                r
            }
            (Some((ka, va)), Some((kb, _))) if ka < kb => {
                let r = (*ka, *va, &null);
                a.next();
                r
            }
            (Some((ka, va)), None) => {
                let r = (*ka, *va, &null);
                a.next();
                r
            }
            (_, Some((kb, vb))) => {
                let r = (*kb, &null, *vb);
                b.next();
                r
            }
        };
        if before != after {
            out.push(Change { field: name.to_string(), before: before.clone(), after: after.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
    }

    fn res(kind: Kind, key: &str, parent: Option<&str>, fields: Value) -> Resource {
        let fields = fields.as_object().map(|m| m.iter().map(|(k, v)| (k.clone().into(), v.clone())).collect()).unwrap_or_default();
        Resource {
            kind,
            key: key.to_owned(),
            parent: parent.map(str::to_owned),
            remote_id: None,
            group: "p".to_owned(),
            name: key.to_owned(),
            active: true,
            fields,
        }
    }

    #[test]
    fn fingerprints_on_two_threads_come_in_the_order_given() {
        let live: Vec<Resource> =
            (0..2500).map(|i| res(Kind::Charge, &format!("plan_{i}/seat"), Some("p"), json!({"price.USD": format!("{i}.00")}))).collect();
        let reads = live_reads(&live);
        let one_thread: Vec<LiveRead> = live
            .iter()
            .map(|l| LiveRead { kind: l.kind, key: l.key.clone(), remote_id: l.remote_id.clone(), fingerprint: l.fingerprint() })
            .collect();
        assert_eq!(reads, one_thread);
        let mut seen: Vec<&str> = reads.iter().map(|r| r.fingerprint.as_str()).collect();
        seen.dedup();
        assert_eq!(seen.len(), 2500, "each object its own fingerprint");
    }

    fn live(mut r: Resource, id: &str) -> Resource {
        r.remote_id = Some(id.to_owned());
        r
    }

    #[test]
    fn creates_updates_and_orders_parent_first() {
        let desired = vec![
            res(Kind::Charge, "pl/seat", Some("pl"), json!({"price.USD": "10"})),
            res(Kind::RatePlan, "pl", Some("p"), json!({"name": "New"})),
            res(Kind::Product, "p", None, json!({"name": "P"})),
        ];
        let live_side = vec![live(res(Kind::Product, "p", None, json!({"name": "P"})), "1")];
        let d = diff(&desired, &live_side, today());
        let acts: Vec<(Action, Kind)> = d.operations.iter().map(|o| (o.action, o.kind)).collect();
        assert_eq!(acts, vec![(Action::Create, Kind::RatePlan), (Action::Create, Kind::Charge)]);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.live_read.len(), 1);
        assert_eq!(d.operations[0].index, 1);
    }

    #[test]
    fn price_change_on_active_plan_is_customer_visible_and_removed_currency_destructive() {
        let desired = vec![res(Kind::Charge, "pl/seat", Some("pl"), json!({"price.USD": "12", "price.EUR": null}))];
        let live_side = vec![live(res(Kind::Charge, "pl/seat", Some("pl"), json!({"price.USD": "10", "price.EUR": "9"})), "c")];
        let d = diff(&desired, &live_side, today());
        let op = &d.operations[0];
        assert_eq!(op.action, Action::Update);
        assert_eq!(op.remote_id.as_deref(), Some("c"));
        assert_eq!(op.markers, vec![Marker::Destructive, Marker::CustomerVisible]);
        assert!(op.reasons.iter().any(|r| r.text == "removed currency EUR"));
    }

    #[test]
    fn model_change_is_refused() {
        let desired = vec![res(Kind::Charge, "pl/seat", Some("pl"), json!({"model": "Tiered"}))];
        let live_side = vec![live(res(Kind::Charge, "pl/seat", Some("pl"), json!({"model": "PerUnit"})), "c")];
        let d = diff(&desired, &live_side, today());
        assert!(d.operations.is_empty());
        assert_eq!(d.refusals.len(), 1);
        assert!(d.refusals[0].reason.contains("PerUnit -> Tiered"));
        assert!(d.refusals[0].help.contains("pl_v2"));
    }

    #[test]
    fn pricebook_entry_product_change_is_a_replace() {
        let desired = vec![res(Kind::StandardPrice, "a/USD", Some("a"), json!({"currency": "USD", "product": "GL-A2"}))];
        let live_side =
            vec![live(res(Kind::StandardPrice, "a/USD", Some("a"), json!({"currency": "USD", "product": "GL-A"})), "01u")];
        let d = diff(&desired, &live_side, today());
        assert_eq!(d.operations[0].action, Action::Replace);
        assert_eq!(d.operations[0].markers, vec![Marker::Destructive]);
    }

    #[test]
    fn missing_objects_are_retired_children_first_and_charges_go_with_their_plan() {
        let live_side = vec![
            live(res(Kind::Product, "p", None, json!({"effective_end": "2099-12-31"})), "1"),
            live(res(Kind::RatePlan, "pl", Some("p"), json!({"effective_end": "2099-12-31"})), "2"),
            live(res(Kind::Charge, "pl/seat", Some("pl"), json!({})), "3"),
        ];
        let d = diff(&[], &live_side, today());
        let acts: Vec<(Action, Kind)> = d.operations.iter().map(|o| (o.action, o.kind)).collect();
        assert_eq!(acts, vec![(Action::Retire, Kind::RatePlan), (Action::Retire, Kind::Product)]);
        assert_eq!(d.operations[0].changes[0].after, json!("2025-06-01"));
        assert!(d.refusals.is_empty());
    }

    #[test]
    fn removing_a_charge_from_a_remaining_plan_is_refused() {
        let desired = vec![res(Kind::RatePlan, "pl", Some("p"), json!({}))];
        let live_side = vec![
            live(res(Kind::RatePlan, "pl", Some("p"), json!({})), "2"),
            live(res(Kind::Charge, "pl/seat", Some("pl"), json!({})), "3"),
        ];
        let d = diff(&desired, &live_side, today());
        assert!(d.operations.is_empty());
        assert_eq!(d.refusals.len(), 1);
    }

    #[test]
    fn a_live_charge_whose_plan_was_not_read_is_judged_by_the_catalog() {
        // The plan is not live (nothing to match in `live`): whether the charge's parent remains comes from the
        // catalog itself.
        let charge = live(res(Kind::Charge, "pl/seat", Some("pl"), json!({})), "3");
        let kept = diff(&[res(Kind::RatePlan, "pl", Some("p"), json!({}))], std::slice::from_ref(&charge), today());
        assert_eq!(kept.refusals.len(), 1, "the plan stays, so removing its charge is refused");
        assert_eq!(kept.refusals[0].key, "pl/seat");
        let gone = diff(&[res(Kind::RatePlan, "other", Some("p"), json!({}))], &[charge], today());
        assert!(gone.refusals.is_empty(), "the plan is gone too: the charge goes with it");
    }

    #[test]
    fn outputs_are_sorted_whatever_the_input_order() {
        let live_side = vec![
            live(res(Kind::RatePlan, "b", Some("p"), json!({"name": "B"})), "2"),
            live(res(Kind::Product, "q", None, json!({})), "5"),
            live(res(Kind::Product, "q", None, json!({})), "6"),
            live(res(Kind::RatePlan, "a", Some("p"), json!({"name": "A"})), "1"),
            live(res(Kind::Product, "p", None, json!({})), "4"),
            live(res(Kind::Product, "o", None, json!({})), "7"),
            live(res(Kind::Product, "o", None, json!({})), "8"),
        ];
        let desired = vec![
            res(Kind::RatePlan, "b", Some("p"), json!({"name": "B2"})),
            res(Kind::RatePlan, "a", Some("p"), json!({"name": "A2"})),
            res(Kind::Product, "p", None, json!({})),
        ];
        let mut reversed = live_side.clone();
        reversed.reverse();
        let d = diff(&desired, &live_side, today());
        assert_eq!(d, diff(&desired, &reversed, today()));
        let keys: Vec<(Kind, &str)> = d.live_read.iter().map(|r| (r.kind, r.key.as_str())).collect();
        assert_eq!(keys, [
            (Kind::Product, "o"),
            (Kind::Product, "o"),
            (Kind::Product, "p"),
            (Kind::Product, "q"),
            (Kind::Product, "q"),
            (Kind::RatePlan, "a"),
            (Kind::RatePlan, "b")
        ]);
        let ops: Vec<&str> = d.operations.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(ops, ["a", "b"]);
        let refused: Vec<&str> = d.refusals.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(refused, ["o", "q"], "each duplicated key refused once, in key order");
        assert!(d.refusals[0].reason.contains("(7, 8)"));
    }

    #[test]
    fn inactive_live_objects_are_not_retired_again() {
        let mut gone = live(res(Kind::RatePlan, "pl", Some("p"), json!({"effective_end": "2020-01-01"})), "2");
        gone.active = false;
        let d = diff(&[], &[gone], today());
        assert!(d.operations.is_empty());
    }

    #[test]
    fn duplicate_live_keys_are_refused() {
        let live_side = vec![
            live(res(Kind::Product, "p", None, json!({})), "1"),
            live(res(Kind::Product, "p", None, json!({})), "2"),
        ];
        let d = diff(&[res(Kind::Product, "p", None, json!({}))], &live_side, today());
        assert!(d.operations.is_empty());
        assert!(d.refusals[0].reason.contains("1, 2"));
    }
}
