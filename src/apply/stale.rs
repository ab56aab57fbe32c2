//! Stale-plan protection: the live objects a plan read, compared with a fresh read just before apply writes.
//!
//! A plan is stale when, outside the operations this apply already started (the journal's), any object the plan
//! read changed (its fingerprint differs), disappeared, or an object the plan did not see appeared (including one
//! the plan means to create). Each finding names the object. Pure: the caller reads and fingerprints.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{Action, Kind, LiveRead, Operation, Resource};

/// One reason a plan is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub key: String,
    pub what: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}` {}", self.kind.label(), self.key, self.what)
    }
}

/// The changes between what the plan read and `fresh`, ignoring the objects of operations in `started` (plan
/// indexes the journal mentions).
#[must_use]
pub fn changes(read: &[LiveRead], ops: &[Operation], fresh: &[Resource], started: &BTreeSet<usize>) -> Vec<Change> {
    let touched: BTreeSet<(Kind, &str)> =
        ops.iter().filter(|o| started.contains(&o.index)).map(|o| (o.kind, o.key.as_str())).collect();
    let mut fresh_by: BTreeMap<(Kind, &str), Vec<&Resource>> = BTreeMap::new();
    for r in fresh {
        fresh_by.entry((r.kind, r.key.as_str())).or_default().push(r);
    }
    let mut out = Vec::new();
    let mut seen: BTreeSet<(Kind, &str)> = BTreeSet::new();
    for r in read {
        let id = (r.kind, r.key.as_str());
        seen.insert(id);
        if touched.contains(&id) {
            continue;
        }
        let now = fresh_by.get(&id).map(Vec::as_slice).unwrap_or_default();
        let what = match now {
            [] => Some(format!("{} is gone (deleted, or its catalog key was cleared)", describe_id(r.remote_id.as_deref()))),
            [one] if one.fingerprint() == r.fingerprint => None,
            [one] if one.remote_id != r.remote_id => Some(format!(
                "is now a different object ({} instead of {})",
                describe_id(one.remote_id.as_deref()),
                describe_id(r.remote_id.as_deref())
            )),
            [_] => Some(format!("{} was changed", describe_id(r.remote_id.as_deref()))),
            many => Some(format!("now exists {} times", many.len())),
        };
        if let Some(what) = what {
            out.push(Change { kind: r.kind, key: r.key.clone(), what });
        }
    }
    for (id, found) in &fresh_by {
        if seen.contains(id) || touched.contains(id) {
            continue;
        }
        let creates = ops.iter().any(|o| o.kind == id.0 && o.key == id.1 && o.action == Action::Create);
        let ids: Vec<&str> = found.iter().filter_map(|r| r.remote_id.as_deref()).collect();
        out.push(Change {
            kind: id.0,
            key: id.1.to_owned(),
            what: if creates {
                format!("was created outside this apply ({}) although the plan creates it", ids.join(", "))
            } else {
                format!("appeared ({}) after the plan was made", ids.join(", "))
            },
        });
    }
    out
}

fn describe_id(id: Option<&str>) -> String {
    id.map_or_else(|| "the object".to_owned(), |i| format!("id {i}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(kind: Kind, key: &str, id: &str, name: &str) -> Resource {
        Resource {
            kind,
            key: key.into(),
            parent: None,
            remote_id: Some(id.into()),
            group: "g".into(),
            name: name.into(),
            active: true,
            fields: [("name".into(), json!(name))].into_iter().collect(),
        }
    }

    fn read(r: &Resource) -> LiveRead {
        LiveRead { kind: r.kind, key: r.key.clone(), remote_id: r.remote_id.clone(), fingerprint: r.fingerprint() }
    }

    fn op(index: usize, action: Action, kind: Kind, key: &str) -> Operation {
        Operation {
            index,
            action,
            system: kind.system(),
            kind,
            remote_type: kind.remote_type().into(),
            key: key.into(),
            parent: None,
            remote_id: None,
            group: "g".into(),
            name: key.into(),
            changes: vec![],
            markers: vec![],
            reasons: vec![],
            desired: None,
        }
    }

    #[test]
    fn unchanged_state_is_fresh() {
        let a = res(Kind::Product, "p", "1", "P");
        assert!(changes(&[read(&a)], &[], std::slice::from_ref(&a), &BTreeSet::new()).is_empty());
    }

    #[test]
    fn changed_gone_and_new_objects_are_named() {
        let a = res(Kind::Product, "p", "1", "P");
        let b = res(Kind::RatePlan, "pl", "2", "Plan");
        let a2 = res(Kind::Product, "p", "1", "Renamed");
        let c = res(Kind::RatePlan, "new", "3", "New");
        let ops = vec![op(1, Action::Create, Kind::RatePlan, "new")];
        let found = changes(&[read(&a), read(&b)], &ops, &[a2, c], &BTreeSet::new());
        let text: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(text, vec![
            "Zuora product `p` id 1 was changed".to_owned(),
            "Zuora plan `pl` id 2 is gone (deleted, or its catalog key was cleared)".to_owned(),
            "Zuora plan `new` was created outside this apply (3) although the plan creates it".to_owned(),
        ]);
    }

    #[test]
    fn objects_of_started_operations_are_not_compared() {
        let a = res(Kind::Product, "p", "1", "P");
        let a2 = res(Kind::Product, "p", "1", "Changed by us");
        let c = res(Kind::RatePlan, "new", "3", "New");
        let ops = vec![op(1, Action::Update, Kind::Product, "p"), op(2, Action::Create, Kind::RatePlan, "new")];
        let started: BTreeSet<usize> = [1, 2].into_iter().collect();
        assert!(changes(&[read(&a)], &ops, &[a2, c], &started).is_empty());
    }
}
