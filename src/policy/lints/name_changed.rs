//! CHG040 name-changed: a display name changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG040",
        name: "name-changed",
        severity: Severity::Info,
        summary: "The name of the catalog, a product, a plan or a charge changed.",
        explanation: "Names are display text: quotes, invoices and generated doc comments change, keys and SKUs do \
not. Needs a patch version bump.",
        bad: "name: SaaS - Premium - 1 Year   # before\nname: SaaS - Premium - Annual   # after",
        good: "# the same change, with the catalog version bumped to the next patch",
    },
    bump: Bump::Patch,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.text_pairs()
        .into_iter()
        .filter(|t| t.old.name != t.new.name)
        .map(|t| {
            let msg = format!("{} was renamed from `{}` to `{}`", t.subject, t.old.name, t.new.name);
            Finding::new(&LINT, t.owner, t.location.at("name"), t.subject, msg)
        })
        .collect()
}
