//! SKU116 `duplicate-charge-key`: charge keys are unique within their plan.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU116",
    name: "duplicate-charge-key",
    severity: Severity::Error,
    summary: "Two charges of one plan have the same key.",
    explanation: "Charges are matched to remote Zuora charges by plan key plus charge key. Two charges with one key \
in the same plan would fight over one remote charge.",
    bad: "charges:\n  - key: seat\n    name: Seat\n  - key: seat\n    name: Storage",
    good: "charges:\n  - key: seat\n    name: Seat\n  - key: storage\n    name: Storage",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in walk::plans(catalog) {
        let items = p.plan.charges.iter().enumerate().map(|(i, c)| (c.key.as_str(), i));
        for (first, dup, key) in suggest::duplicates(items, |i| p.loc().at("charges").at(i).at("key")) {
            out.push(
                RULE.at(dup, format!("charge key `{key}` is already used in plan `{}`", p.plan.key))
                    .with_related(first, "first defined here")
                    .with_help("give each charge of a plan a distinct key"),
            );
        }
    }
}
