//! SKU850 `plan-naming-convention`: plan names follow the catalog's naming convention (a warning).

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catalog, PlanStatus};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU850",
    name: "plan-naming-convention",
    severity: Severity::Warning,
    summary: "A plan name does not match the naming convention (`naming.plan_name` in catalog.yaml).",
    explanation: "Rate plan names are the customer-facing SKU names, and reports derive tier and deployment from them. \
The default convention is `<Deployment> - <Name>[ - N Year]` with an optional `[EDU|OSS|Startups Program]` prefix, \
e.g. `SaaS - Premium - 1 Year`. It applies to active and deprecated plans of the categories in \
`naming.categories` (default base and add_on); legacy and retired plans keep their historical names.",
    bad: "name: Premium SaaS yearly",
    good: "name: SaaS - Premium - 1 Year",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let naming = &catalog.root.naming;
    let Ok(re) = regex::Regex::new(&naming.plan_name) else {
        return; // SKU851 reports the pattern
    };
    for p in walk::plans(catalog) {
        let checked = matches!(p.plan.status, PlanStatus::Active | PlanStatus::Deprecated)
            && naming.categories.contains(&p.product.category);
        if checked && !re.is_match(&p.plan.name) {
            out.push(
                RULE.at(
                    p.loc().at("name"),
                    format!("plan name `{}` does not follow the naming convention", p.plan.name),
                )
                .with_related(walk::root_loc(catalog).at("naming").at("plan_name"), "the convention")
                .with_help("name it `<Deployment> - <Name>[ - N Year]`, e.g. `SaaS - Premium - 1 Year`"),
            );
        }
    }
}
