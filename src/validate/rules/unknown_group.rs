//! SKU201 `unknown-group`: a plan joins, or an add-on requires, a group the catalog root does not declare.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, Key, Requirement};
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU201",
    name: "unknown-group",
    severity: Severity::Error,
    summary: "A plan's `groups` or an add-on's `requires` names a group not declared in `catalog.yaml`.",
    explanation: "Plan groups replace the ID lists billing apps used to hard-code (`PREMIUM_SAAS_PLANS`). They are \
declared once in the catalog root with a description, so that a misspelt group fails validation instead of silently \
creating a new, empty group that no code reads.",
    bad: "# catalog.yaml\ngroups:\n  ultimate_plans: {description: Every Ultimate plan}\n# products/duo_enterprise.yaml\nrequires:\n  - group: ultimate_plan",
    good: "# catalog.yaml\ngroups:\n  ultimate_plans: {description: Every Ultimate plan}\n# products/duo_enterprise.yaml\nrequires:\n  - group: ultimate_plans",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let known = &catalog.root.groups;
    let names = || known.keys().map(Key::as_str);
    let mut report = |group: &Key, loc: &dyn Fn() -> Location, what: &dyn Fn() -> String| {
        if !known.contains_key(group) {
            out.push(RULE.at(loc(), what()).with_help(suggest::did_you_mean(group.as_str(), "group", names())));
        }
    };
    for p in walk::plans(catalog) {
        for (i, g) in p.plan.groups.iter().enumerate() {
            report(g, &|| p.loc().at("groups").at(i), &|| {
                format!("plan `{}` joins undeclared group `{g}`", p.plan.key)
            });
        }
        for (i, req) in p.plan.requires.iter().enumerate() {
            if let Requirement::Group(g) = req {
                let loc = || p.loc().at("requires").at(i).at("group");
                report(g, &loc, &|| format!("plan `{}` requires undeclared group `{g}`", p.plan.key));
            }
        }
    }
}
