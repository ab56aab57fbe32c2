//! SKU203 `empty-group`: every declared plan group has at least one plan (a warning).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, Key};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU203",
    name: "empty-group",
    severity: Severity::Warning,
    summary: "A plan group declared in `catalog.yaml` has no plans.",
    explanation: "Billing apps read plan groups as lists of plan IDs (the generated `PREMIUM_SAAS_PLANS`). An empty \
group generates an empty list, which makes every membership check fail; usually plans forgot to join it, or the \
group is left over and can be removed.",
    bad: "# catalog.yaml\ngroups:\n  ultimate_plans: {description: Every Ultimate plan}\n# no plan lists `ultimate_plans` in its groups",
    good: "# catalog.yaml\ngroups:\n  ultimate_plans: {description: Every Ultimate plan}\n# products/ultimate_saas.yaml\nplans:\n  - key: saas_ultimate_1y\n    groups: [ultimate_plans]",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let used: std::collections::HashSet<&Key> = walk::plans(catalog).flat_map(|p| p.plan.groups.iter()).collect();
    let base = walk::root_loc(catalog).at("groups");
    for group in catalog.root.groups.keys().filter(|g| !used.contains(g)) {
        out.push(
            RULE.at(base.at(group), format!("no plan belongs to group `{group}`"))
                .with_help(format!("add `{group}` to the `groups` of the plans it should list, or remove it")),
        );
    }
}
