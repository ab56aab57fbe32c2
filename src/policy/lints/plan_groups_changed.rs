//! CHG039 plan-groups-changed: a plan joined or left plan groups.

use std::collections::BTreeSet;

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG039",
        name: "plan-groups-changed",
        severity: Severity::Info,
        summary: "A plan joined or left a plan group.",
        explanation: "Generated group constants (the lists billing apps use to decide what a plan can do) change. \
Needs a minor version bump.",
        bad: "groups: [premium_saas_plans]   # before\ngroups: []                     # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (o, n) in d.plans_matched() {
        let (before, after): (BTreeSet<_>, BTreeSet<_>) = (o.plan.groups.iter().collect(), n.plan.groups.iter().collect());
        let joined: Vec<String> = after.difference(&before).map(|g| format!("`{g}`")).collect();
        let left: Vec<String> = before.difference(&after).map(|g| format!("`{g}`")).collect();
        let mut parts = Vec::new();
        if !joined.is_empty() {
            parts.push(format!("joined {}", joined.join(", ")));
        }
        if !left.is_empty() {
            parts.push(format!("left {}", left.join(", ")));
        }
        if !parts.is_empty() {
            let msg = format!("{} {}", n.subject(), parts.join(" and "));
            out.push(Finding::new(&LINT, n.owner(), n.location().at("groups"), n.subject(), msg));
        }
    }
    out
}
