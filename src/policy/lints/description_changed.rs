//! CHG041 description-changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG041",
        name: "description-changed",
        severity: Severity::Info,
        summary: "The description of a product, a plan or a charge changed.",
        explanation: "Display text only. Needs a patch version bump.",
        bad: "description: Premium for GitLab.com         # before\ndescription: Premium tier for GitLab.com    # after",
        good: "# the same change, with the catalog version bumped to the next patch",
    },
    bump: Bump::Patch,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.text_pairs()
        .into_iter()
        .filter(|t| t.old.description != t.new.description)
        .map(|t| {
            let msg = format!("{} changed its description", t.subject);
            Finding::new(&LINT, t.owner, t.location.at("description"), t.subject, msg)
        })
        .collect()
}
