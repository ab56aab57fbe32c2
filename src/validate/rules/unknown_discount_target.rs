//! SKU202 `unknown-discount-target`: a discount's `apply_to` names a plan that does not exist.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, suggest, walk};

pub static RULE: Rule = Rule {
    code: "SKU202",
    name: "unknown-discount-target",
    severity: Severity::Error,
    summary: "A discount applies to a plan key that no plan has.",
    explanation: "A discount charge applies to the plans listed in `apply_to`. A key that matches no plan means the \
discount silently applies to nothing for that entry.",
    bad: "discount:\n  percentage: 10\n  apply_to: [saas_premium]",
    good: "discount:\n  percentage: 10\n  apply_to: [saas_premium_1y]",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let keys: std::collections::HashSet<&str> = walk::plans(catalog).map(|p| p.plan.key.as_str()).collect();
    for c in walk::charges(catalog) {
        let Some(discount) = &c.charge.discount else { continue };
        for (i, target) in discount.apply_to.iter().enumerate() {
            if !keys.contains(target.as_str()) {
                out.push(
                    RULE.at(
                        c.loc().at("discount").at("apply_to").at(i),
                        format!(
                            "discount `{}` of plan `{}` applies to unknown plan `{target}`",
                            c.charge.key, c.plan.key
                        ),
                    )
                    .with_help(suggest::did_you_mean(
                        target.as_str(),
                        "plan",
                        keys.iter().copied(),
                    )),
                );
            }
        }
    }
}
