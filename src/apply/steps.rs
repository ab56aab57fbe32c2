//! How a plan's operations become calls: levels (run one after another), steps (one kind, one verb) and batches
//! (at most 50 Zuora objects or 200 Salesforce records a call), with the idempotency key of each batch.
//!
//! Order per system (the two systems are independent and run side by side):
//! - Zuora: Product, rate plan, charge (create and update), then retirements child-first (rate plan, product).
//! - Salesforce: Product2, standard PricebookEntry, custom PricebookEntry, then retirements child-first.
//!
//! `calls` turns the levels into calls that each wait only for what they need: a create or update call waits for
//! the parts that create or update its own objects' parents (and a custom price for the standard price of the
//! same product and currency), not for the whole previous level; a retirement call waits for every part of the
//! levels before it.
//!
//! `chained` then merges Salesforce calls into Composite calls: the price-entry calls that wait only for one
//! Product2 call ride in its request (at most 5 collections a request).
//!
//! A `replace` operation has two parts: its new object is created with the creates, its old object retired with
//! the retirements. The retire part is journalled under `index + RETIRE_PART` so both parts resume separately.
//!
//! Idempotency key of a batch: `skuctl-<plan digest prefix>-<sha256(call, ops) prefix>`. It depends only on the
//! plan and on which operations the batch carries, so re-sending the same batch after a crash uses the same key.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::plan::{Action, Kind, Operation, System};

/// The journal id offset of a replace operation's retire part.
pub const RETIRE_PART: usize = 1_000_000;
/// Objects per Zuora Actions call.
pub const ZUORA_BATCH: usize = 50;
/// Records per Salesforce sObject Collections call.
pub const SALESFORCE_BATCH: usize = 200;
/// sObject Collections one Salesforce Composite call carries at most.
pub const COMPOSITE_STEPS: usize = 5;

/// What a step does to its objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    Create,
    Update,
    Retire,
}

impl Verb {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Verb::Create => "create",
            Verb::Update => "update",
            Verb::Retire => "retire",
        }
    }
}

/// One part of an operation to execute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Part {
    /// The operation's index in the plan.
    pub op: usize,
    pub verb: Verb,
}

impl Part {
    /// The id the journal records this part under.
    #[must_use]
    pub fn journal_id(self, action: Action) -> usize {
        if action == Action::Replace && self.verb == Verb::Retire { self.op + RETIRE_PART } else { self.op }
    }
}

/// One kind and verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: Kind,
    pub verb: Verb,
    pub parts: Vec<Part>,
}

impl Step {
    /// A short name of the call, e.g. `zuora create ProductRatePlan`.
    #[must_use]
    pub fn call(&self) -> String {
        let sys = match self.kind.system() {
            System::Zuora => "zuora",
            System::Salesforce => "salesforce",
        };
        format!("{sys} {} {}", self.verb.name(), self.kind.remote_type())
    }
}

fn level_plan(system: System) -> Vec<Vec<(Kind, Verb)>> {
    use Kind::*;
    use Verb::*;
    match system {
        System::Zuora => vec![
            vec![(Product, Create), (Product, Update)],
            vec![(RatePlan, Create), (RatePlan, Update)],
            vec![(Charge, Create), (Charge, Update)],
            vec![(Charge, Retire)],
            vec![(RatePlan, Retire)],
            vec![(Product, Retire)],
        ],
        System::Salesforce => vec![
            vec![(Product2, Create), (Product2, Update)],
            vec![(StandardPrice, Create), (StandardPrice, Update)],
            vec![(CustomPrice, Create), (CustomPrice, Update)],
            vec![(CustomPrice, Retire)],
            vec![(StandardPrice, Retire)],
            vec![(Product2, Retire)],
        ],
    }
}

/// The parts of one operation.
#[must_use]
pub fn parts(op: &Operation) -> Vec<Part> {
    let p = |verb| Part { op: op.index, verb };
    match op.action {
        Action::Create => vec![p(Verb::Create)],
        Action::Update => vec![p(Verb::Update)],
        Action::Retire => vec![p(Verb::Retire)],
        Action::Replace => vec![p(Verb::Create), p(Verb::Retire)],
    }
}

/// The levels of one system: each level's steps may run concurrently; levels run in order. Empty steps and
/// levels are left out.
#[must_use]
pub fn levels(ops: &[Operation], system: System) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    for level in level_plan(system) {
        let mut steps = Vec::new();
        for (kind, verb) in level {
            let parts: Vec<Part> = ops
                .iter()
                .filter(|o| o.kind == kind)
                .flat_map(parts)
                .filter(|p| p.verb == verb)
                .collect();
            if !parts.is_empty() {
                steps.push(Step { kind, verb, parts });
            }
        }
        if !steps.is_empty() {
            out.push(steps);
        }
    }
    out
}

/// One call as the round count sees it: the journal ids it carries, those it waits for, and its height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub own: Vec<usize>,
    pub after: Vec<usize>,
    pub height: usize,
}

/// How many rounds of calls the scheduler needs when every call takes the same time: each round sends the calls
/// whose dependencies finished in earlier rounds, highest first, at most `concurrency` of them (what `execute`
/// does). `rounds x latency` is the least an apply can take, however fast each call is handled; a dependency on
/// no call of `nodes` counts as met. A cycle (not expected) ends the count.
#[must_use]
pub fn rounds(nodes: &[Node], concurrency: usize) -> usize {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    // Linear in calls and dependencies (one object a call can mean tens of thousands of calls): each call counts
    // the calls it waits for, and a finished round releases the calls waiting on it for the next round.
    let owner: HashMap<usize, usize> = nodes.iter().enumerate().flat_map(|(i, n)| n.own.iter().map(move |j| (*j, i))).collect();
    let mut waits = vec![0usize; nodes.len()];
    let mut waiting_on: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        let mut on: Vec<usize> = n.after.iter().filter_map(|j| owner.get(j).copied()).filter(|&o| o != i).collect();
        on.sort_unstable();
        on.dedup();
        waits[i] = on.len();
        for o in on {
            waiting_on[o].push(i);
        }
    }
    let key = |i: usize| (nodes[i].height, Reverse(i));
    let mut ready: BinaryHeap<_> = (0..nodes.len()).filter(|&i| waits[i] == 0).map(key).collect();
    let mut rounds = 0;
    while !ready.is_empty() {
        let sent: Vec<usize> = std::iter::from_fn(|| ready.pop()).take(concurrency.max(1)).map(|(_, Reverse(i))| i).collect();
        rounds += 1;
        for i in sent {
            for &w in &waiting_on[i] {
                waits[w] -= 1;
                if waits[w] == 0 {
                    ready.push(key(w));
                }
            }
        }
    }
    rounds
}

/// The rate-plan keys a discount charge applies to (`discount_apply_to` of its desired object).
fn discount_targets(o: &Operation) -> impl Iterator<Item = &str> {
    let targets = (o.kind == Kind::Charge).then_some(o.desired.as_ref()).flatten();
    targets
        .and_then(|d| d.get("discount_apply_to"))
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
}

/// One call to make: at most a batch of one step's parts, and what must be settled first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The step, holding only this call's parts.
    pub step: Step,
    /// Steps sent after `step` in the same request (a Salesforce Composite call, `chained`), each at most a batch,
    /// each waiting only for parts of the steps before it in the request.
    pub chained: Vec<Step>,
    /// Journal ids of the parts that must be done (or given up) before this call is sent.
    pub after: Vec<usize>,
    /// Levels from this call's to the system's last (calls with more work below them go first).
    pub height: usize,
}

/// The calls of `system` for the parts `pending` keeps, in batches of at most `size` (plan order within a step).
#[must_use]
pub fn calls(ops: &[Operation], system: System, pending: impl Fn(&Operation, Part) -> bool, size: usize) -> Vec<Call> {
    // Non-retire parts by (kind, key): their journal id is the operation's index.
    let by_key: BTreeMap<(Kind, &str), usize> =
        ops.iter().filter(|o| o.action != Action::Retire).map(|o| ((o.kind, o.key.as_str()), o.index)).collect();
    let by_index: BTreeMap<usize, &Operation> = ops.iter().map(|o| (o.index, o)).collect();
    let levels = levels(ops, system);
    let mut out = Vec::new();
    let mut earlier: Vec<usize> = Vec::new();
    for (n, level) in levels.iter().enumerate() {
        let mut this_level = Vec::new();
        for step in level {
            let parts: Vec<(Part, &Operation)> = step
                .parts
                .iter()
                .filter_map(|p| by_index.get(&p.op).map(|o| (*p, *o)))
                .filter(|(p, o)| pending(o, *p))
                .collect();
            this_level.extend(parts.iter().map(|(p, o)| p.journal_id(o.action)));
            for chunk in parts.chunks(size.max(1)) {
                let mut after: Vec<usize> = if step.verb == Verb::Retire {
                    earlier.clone()
                } else {
                    chunk
                        .iter()
                        .flat_map(|(_, o)| {
                            let parent = o.kind.parent().zip(o.parent.as_deref());
                            let standard = (o.kind == Kind::CustomPrice).then_some((Kind::StandardPrice, o.key.as_str()));
                            // A discount names the rate plans it applies to by id: those created here come first.
                            let targets = discount_targets(o).map(|key| (Kind::RatePlan, key));
                            parent.into_iter().chain(standard).chain(targets).filter_map(|k| by_key.get(&k).copied())
                        })
                        .collect()
                };
                after.sort_unstable();
                after.dedup();
                out.push(Call {
                    step: Step { kind: step.kind, verb: step.verb, parts: chunk.iter().map(|(p, _)| *p).collect() },
                    chained: Vec::new(),
                    after,
                    height: levels.len() - n,
                });
            }
        }
        earlier.extend(this_level);
    }
    out
}

impl Call {
    /// Every step the call sends, in request order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        std::iter::once(&self.step).chain(&self.chained)
    }

    /// Every part the call carries, in request order.
    #[must_use]
    pub fn parts(&self) -> Vec<Part> {
        self.steps().flat_map(|s| s.parts.iter().copied()).collect()
    }
}

/// Salesforce calls merged into Composite calls (`POST /composite`, one API call each): a create or update call
/// whose pending dependencies all lie in one earlier call rides in that call's request, after it, up to `max`
/// steps a request (Composite takes at most 5 sObject Collections). A price entry then names its new Product2
/// by reference (`@{r0[3].id}`), and the chain Product2 -> standard price -> custom price costs one round trip
/// instead of three. Calls with dependencies in two requests, and retirements, stay on their own.
#[must_use]
pub fn chained(ops: &[Operation], calls: Vec<Call>, max: usize) -> Vec<Call> {
    if max < 2 {
        return calls;
    }
    let action: BTreeMap<usize, Action> = ops.iter().map(|o| (o.index, o.action)).collect();
    let own = |step: &Step| -> Vec<usize> {
        step.parts.iter().filter_map(|p| action.get(&p.op).map(|a| p.journal_id(*a))).collect()
    };
    let mut out: Vec<Call> = Vec::with_capacity(calls.len());
    // The request (index in `out`) each journal id is sent in.
    let mut home: BTreeMap<usize, usize> = BTreeMap::new();
    for call in calls {
        let mut requests: Vec<usize> = call.after.iter().filter_map(|j| home.get(j).copied()).collect();
        requests.sort_unstable();
        requests.dedup();
        let host = match requests.as_slice() {
            [one] if call.step.verb != Verb::Retire
                && out[*one].step.verb != Verb::Retire
                && out[*one].chained.len() + 1 < max =>
            {
                Some(*one)
            }
            _ => None,
        };
        let at = host.unwrap_or(out.len());
        for j in own(&call.step) {
            home.insert(j, at);
        }
        match host {
            Some(h) => out[h].chained.push(call.step),
            None => out.push(call),
        }
    }
    out
}

/// The batch size of a system.
#[must_use]
pub fn batch_size(system: System) -> usize {
    match system {
        System::Zuora => ZUORA_BATCH,
        System::Salesforce => SALESFORCE_BATCH,
    }
}

/// The idempotency key of a batch of `call` carrying `journal_ids`, in a plan with `plan_digest`.
#[must_use]
pub fn batch_key(plan_digest: &str, call: &str, journal_ids: &[usize]) -> String {
    let plan_hex = plan_digest.strip_prefix("sha256:").unwrap_or(plan_digest);
    let mut h = Sha256::new();
    h.update(call.as_bytes());
    for id in journal_ids {
        h.update(b",");
        h.update(id.to_string().as_bytes());
    }
    let plan_part: String = plan_hex.chars().filter(char::is_ascii_alphanumeric).take(16).collect();
    format!("skuctl-{plan_part}-{}", &hex::encode(h.finalize())[..24])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(index: usize, action: Action, kind: Kind) -> Operation {
        Operation {
            index,
            action,
            system: kind.system(),
            kind,
            remote_type: kind.remote_type().to_owned(),
            key: format!("k{index}"),
            parent: None,
            remote_id: None,
            group: "g".into(),
            name: "n".into(),
            changes: vec![],
            markers: vec![],
            reasons: vec![],
            desired: None,
        }
    }

    #[test]
    fn levels_put_parents_first_and_retirements_child_first() {
        let ops = vec![
            op(1, Action::Create, Kind::Product),
            op(2, Action::Update, Kind::RatePlan),
            op(3, Action::Create, Kind::Charge),
            op(4, Action::Retire, Kind::RatePlan),
            op(5, Action::Retire, Kind::Product),
            op(6, Action::Create, Kind::Product2),
        ];
        let z = levels(&ops, System::Zuora);
        let shape: Vec<Vec<String>> = z.iter().map(|l| l.iter().map(Step::call).collect()).collect();
        assert_eq!(shape, vec![
            vec!["zuora create Product".to_owned()],
            vec!["zuora update ProductRatePlan".to_owned()],
            vec!["zuora create ProductRatePlanCharge".to_owned()],
            vec!["zuora retire ProductRatePlan".to_owned()],
            vec!["zuora retire Product".to_owned()],
        ]);
        assert_eq!(levels(&ops, System::Salesforce).len(), 1);
    }

    #[test]
    fn a_replace_creates_first_and_retires_later_under_its_own_journal_id() {
        let ops = vec![op(7, Action::Replace, Kind::StandardPrice)];
        let l = levels(&ops, System::Salesforce);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0][0].verb, Verb::Create);
        assert_eq!(l[1][0].verb, Verb::Retire);
        assert_eq!(l[1][0].parts[0].journal_id(Action::Replace), 7 + RETIRE_PART);
        assert_eq!(l[0][0].parts[0].journal_id(Action::Replace), 7);
    }

    #[test]
    fn calls_wait_for_their_own_parents_only() {
        let mut ops = vec![
            op(1, Action::Create, Kind::Product),
            op(2, Action::Create, Kind::Product),
            op(3, Action::Create, Kind::RatePlan),
            op(4, Action::Create, Kind::RatePlan),
            op(5, Action::Create, Kind::Charge),
            op(6, Action::Update, Kind::Charge),
            op(7, Action::Retire, Kind::RatePlan),
        ];
        ops[2].parent = Some("k1".into());
        ops[3].parent = Some("k2".into());
        ops[4].parent = Some("k3".into());
        ops[5].parent = Some("k9".into()); // parent unchanged: nothing to wait for
        let c = calls(&ops, System::Zuora, |_, _| true, 1);
        let shape: Vec<(String, Vec<usize>, Vec<usize>, usize)> = c
            .iter()
            .map(|c| (c.step.call(), c.step.parts.iter().map(|p| p.op).collect(), c.after.clone(), c.height))
            .collect();
        assert_eq!(shape, vec![
            ("zuora create Product".to_owned(), vec![1], vec![], 4),
            ("zuora create Product".to_owned(), vec![2], vec![], 4),
            ("zuora create ProductRatePlan".to_owned(), vec![3], vec![1], 3),
            ("zuora create ProductRatePlan".to_owned(), vec![4], vec![2], 3),
            ("zuora create ProductRatePlanCharge".to_owned(), vec![5], vec![3], 2),
            ("zuora update ProductRatePlanCharge".to_owned(), vec![6], vec![], 2),
            ("zuora retire ProductRatePlan".to_owned(), vec![7], vec![1, 2, 3, 4, 5, 6], 1),
        ]);
        // Batches of two, and what is done already is left out.
        let c = calls(&ops, System::Zuora, |o, _| o.index != 1, 2);
        assert_eq!(c[0].step.parts.len(), 1);
        assert_eq!(c[1].step.parts.len(), 2);
        assert_eq!(c[1].after, vec![1, 2]);
        assert_eq!(c.last().map(|c| c.after.clone()), Some(vec![2, 3, 4, 5, 6]));
    }

    #[test]
    fn a_discount_waits_for_the_rate_plans_it_applies_to() {
        let mut ops = vec![
            op(1, Action::Create, Kind::RatePlan),
            op(2, Action::Create, Kind::RatePlan),
            op(3, Action::Create, Kind::Charge),
            op(4, Action::Create, Kind::Charge),
        ];
        ops[0].key = "addon".into();
        ops[1].key = "premium".into();
        ops[2].parent = Some("addon".into());
        ops[2].desired = Some(serde_json::json!({"key": "discount", "discount_apply_to": ["premium", "live_plan"]}));
        ops[3].parent = Some("addon".into());
        ops[3].desired = Some(serde_json::json!({"key": "seat"}));
        let c = calls(&ops, System::Zuora, |_, _| true, 1);
        let after: Vec<(Vec<usize>, Vec<usize>)> =
            c.iter().map(|c| (c.step.parts.iter().map(|p| p.op).collect(), c.after.clone())).collect();
        // `live_plan` has no operation (it exists already): nothing to wait for.
        assert_eq!(after, vec![(vec![1], vec![]), (vec![2], vec![]), (vec![3], vec![1, 2]), (vec![4], vec![1])]);
    }

    #[test]
    fn rounds_follow_dependencies_and_the_concurrency() {
        // The shape of `scripts/bench-apply`: one Product call, four rate-plan calls under it, one charge call under
        // each rate-plan call; one Product2 call and two price-book calls under it.
        let node = |own: usize, after: &[usize], height| Node { own: vec![own], after: after.to_vec(), height };
        let mut nodes = vec![node(1, &[], 3), node(100, &[], 2)];
        nodes.extend((0..4).map(|i| node(10 + i, &[1], 2)));
        nodes.extend((0..4).map(|i| node(20 + i, &[10 + i], 1)));
        nodes.extend((0..2).map(|i| node(200 + i, &[100, 7], 1)));
        assert_eq!(nodes.len(), 12);
        let by_concurrency: Vec<usize> = [1, 2, 4, 8, 16].iter().map(|&c| rounds(&nodes, c)).collect();
        // 4 slots: only 2 calls are ready in the first round, so 4 rounds, not 12 / 4 = 3.
        assert_eq!(by_concurrency, vec![12, 6, 4, 3, 3]);
        assert_eq!(rounds(&[], 4), 0);
        let cycle = vec![node(1, &[2], 1), node(2, &[1], 1)];
        assert_eq!(rounds(&cycle, 4), 0, "a cycle ends the count");
        // A long chain (one round a link) and a wide fan, at a size one object a call reaches.
        let chain: Vec<Node> = (0..50_000).map(|i| Node { own: vec![i + 1], after: vec![i], height: 1 }).collect();
        assert_eq!(rounds(&chain, 4), 50_000);
        let wide: Vec<Node> = (0..50_000).map(|i| node(i + 1, &[], 1)).collect();
        assert_eq!(rounds(&wide, 4), 12_500);
    }

    #[test]
    fn a_custom_price_waits_for_its_product_and_standard_price() {
        let mut ops = vec![
            op(1, Action::Create, Kind::Product2),
            op(2, Action::Create, Kind::StandardPrice),
            op(3, Action::Create, Kind::CustomPrice),
        ];
        ops[1].key = "p/USD".into();
        ops[2].key = "p/USD".into();
        ops[0].key = "p".into();
        ops[1].parent = Some("p".into());
        ops[2].parent = Some("p".into());
        let c = calls(&ops, System::Salesforce, |_, _| true, 200);
        assert_eq!(c.iter().map(|c| c.after.clone()).collect::<Vec<_>>(), vec![vec![], vec![1], vec![1, 2]]);
    }

    #[test]
    fn price_calls_ride_in_the_composite_call_of_their_products() {
        // Products p0 and p1 (created), their standard and custom prices; p9 exists already (no operation) and
        // gets a standard price; p0's old custom price is retired.
        let mut ops = Vec::new();
        let mut add = |action, kind, key: &str, parent: Option<&str>| {
            let mut o = op(ops.len() + 1, action, kind);
            o.key = key.into();
            o.parent = parent.map(Into::into);
            ops.push(o);
        };
        add(Action::Create, Kind::Product2, "p0", None);
        add(Action::Create, Kind::Product2, "p1", None);
        add(Action::Create, Kind::StandardPrice, "p0/USD", Some("p0"));
        add(Action::Create, Kind::StandardPrice, "p1/USD", Some("p1"));
        add(Action::Create, Kind::StandardPrice, "p9/USD", Some("p9"));
        add(Action::Create, Kind::CustomPrice, "p0/USD", Some("p0"));
        add(Action::Create, Kind::CustomPrice, "p1/USD", Some("p1"));
        add(Action::Retire, Kind::CustomPrice, "p0/EUR", Some("p0"));
        let shape = |calls: &[Call]| -> Vec<(Vec<Vec<usize>>, Vec<usize>)> {
            calls.iter().map(|c| (c.steps().map(|s| s.parts.iter().map(|p| p.op).collect()).collect(), c.after.clone())).collect()
        };
        // One record a call: each price waits for one Product2 (and a custom price for its standard price).
        let one = calls(&ops, System::Salesforce, |_, _| true, 1);
        assert_eq!(shape(&chained(&ops, one.clone(), 5)), vec![
            (vec![vec![1], vec![3], vec![6]], vec![]),
            (vec![vec![2], vec![4], vec![7]], vec![]),
            (vec![vec![5]], vec![]),
            (vec![vec![8]], vec![1, 2, 3, 4, 5, 6, 7]),
        ]);
        // At most two steps a request: the custom prices wait in calls of their own.
        assert_eq!(shape(&chained(&ops, one.clone(), 2)), vec![
            (vec![vec![1], vec![3]], vec![]),
            (vec![vec![2], vec![4]], vec![]),
            (vec![vec![5]], vec![]),
            (vec![vec![6]], vec![1, 3]),
            (vec![vec![7]], vec![2, 4]),
            (vec![vec![8]], vec![1, 2, 3, 4, 5, 6, 7]),
        ]);
        assert_eq!(chained(&ops, one.clone(), 1), one, "1: no chaining");
        // Full batches: the standard prices of p0, p1 and p9 share a call, which waits for the Product2 call (in
        // it) only; the custom prices follow both in the same request.
        let full = calls(&ops, System::Salesforce, |_, _| true, 200);
        assert_eq!(shape(&chained(&ops, full, 5)), vec![
            (vec![vec![1, 2], vec![3, 4, 5], vec![6, 7]], vec![]),
            (vec![vec![8]], vec![1, 2, 3, 4, 5, 6, 7]),
        ]);
        // Resumed with the Product2s done: the prices chain among themselves.
        let resumed = calls(&ops, System::Salesforce, |o, _| o.kind != Kind::Product2, 200);
        assert_eq!(shape(&chained(&ops, resumed, 5)), vec![
            (vec![vec![3, 4, 5], vec![6, 7]], vec![1, 2]),
            (vec![vec![8]], vec![3, 4, 5, 6, 7]),
        ]);
    }

    #[test]
    fn keys_are_stable_and_depend_on_plan_call_and_operations() {
        let a = batch_key("sha256:abcdef0123456789ffff", "zuora create Product", &[1, 2]);
        assert_eq!(a, batch_key("sha256:abcdef0123456789ffff", "zuora create Product", &[1, 2]));
        assert!(a.starts_with("skuctl-abcdef0123456789-"));
        assert_ne!(a, batch_key("sha256:abcdef0123456789ffff", "zuora create Product", &[1, 3]));
        assert_ne!(a, batch_key("sha256:bbcdef0123456789ffff", "zuora create Product", &[1, 2]));
        assert_ne!(a, batch_key("sha256:abcdef0123456789ffff", "zuora update Product", &[1, 2]));
        assert!(a.len() <= 255);
    }
}
