//! SKU200 `unknown-plan`: an add-on prerequisite (`requires: - plan: KEY`) names a plan that does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, Requirement};
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU200",
    name: "unknown-plan",
    severity: Severity::Error,
    summary: "An add-on requires a plan key that no plan has.",
    explanation: "Prerequisites are enforced by the purchase flow: an add-on requiring a plan that does not exist \
can never be bought. This is nearly always a typo or a plan that was renamed.",
    bad: "requires:\n  - plan: saas_ultimate_1yr",
    good: "requires:\n  - plan: saas_ultimate_1y",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let keys: std::collections::HashSet<&str> = walk::plans(catalog).map(|p| p.plan.key.as_str()).collect();
    for p in walk::plans(catalog) {
        for (i, req) in p.plan.requires.iter().enumerate() {
            if let Requirement::Plan(key) = req
                && !keys.contains(key.as_str())
            {
                out.push(
                    RULE.at(
                        p.loc().at("requires").at(i).at("plan"),
                        format!("plan `{}` requires unknown plan `{key}`", p.plan.key),
                    )
                    .with_help(suggest::did_you_mean(key.as_str(), "plan", keys.iter().copied())),
                );
            }
        }
    }
}
