//! CHG042 custom-field-changed: a provider custom field was set, changed or removed.

use std::collections::BTreeSet;

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG042",
        name: "custom-field-changed",
        severity: Severity::Info,
        summary: "A provider custom field of a product, plan or charge was set, changed or removed.",
        explanation: "Custom fields pass through to Zuora and Salesforce untouched; apps that read them (e.g. \
`CDotPlanStatus__c`) may behave differently. Needs a patch version bump.",
        bad: "custom_fields:\n  CDotPlanStatus__c: active       # before\n  CDotPlanStatus__c: deprecated   # after",
        good: "# the same change, with the catalog version bumped to the next patch",
    },
    bump: Bump::Patch,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in d.text_pairs() {
        let (Some(old), Some(new)) = (t.old.custom_fields, t.new.custom_fields) else { continue };
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let (before, after) = (old.get(name), new.get(name));
            if before == after {
                continue;
            }
            let show = |v: Option<&crate::model::CustomValue>| v.map_or_else(|| "(unset)".to_owned(), |v| format!("`{v}`"));
            let msg = format!("{} changed custom field `{name}` from {} to {}", t.subject, show(before), show(after));
            out.push(Finding::new(&LINT, t.owner.clone(), t.location.at("custom_fields").at(name), t.subject.clone(), msg));
        }
    }
    out
}
