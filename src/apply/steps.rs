//! How a plan's operations become calls: levels (run one after another), steps (one kind, one verb) and batches
//! (at most 50 Zuora objects or 200 Salesforce records a call), with the idempotency key of each batch.
//!
//! Order per system (the two systems are independent and run side by side):
//! - Zuora: Product, rate plan, charge (create and update), then retirements child-first (rate plan, product).
//! - Salesforce: Product2, standard PricebookEntry, custom PricebookEntry, then retirements child-first.
//!
//! A `replace` operation has two parts: its new object is created with the creates, its old object retired with
//! the retirements. The retire part is journalled under `index + RETIRE_PART` so both parts resume separately.
//!
//! Idempotency key of a batch: `skuctl-<plan digest prefix>-<sha256(call, ops) prefix>`. It depends only on the
//! plan and on which operations the batch carries, so re-sending the same batch after a crash uses the same key.

use sha2::{Digest, Sha256};

use crate::plan::{Action, Kind, Operation, System};

/// The journal id offset of a replace operation's retire part.
pub const RETIRE_PART: usize = 1_000_000;
/// Objects per Zuora Actions call.
pub const ZUORA_BATCH: usize = 50;
/// Records per Salesforce sObject Collections call.
pub const SALESFORCE_BATCH: usize = 200;

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
