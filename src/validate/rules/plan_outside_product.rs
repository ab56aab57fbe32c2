//! SKU601 `plan-outside-product-period`: a plan's effective period lies within its product's.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU601",
    name: "plan-outside-product-period",
    severity: Severity::Error,
    summary: "A plan starts before its product starts, or ends after its product ends.",
    explanation: "Zuora only lets a rate plan be added while both the plan and its product are effective. The part of \
a plan's period outside its product's period is dead, and Zuora rejects such plans.",
    bad: "# product\neffective_start: 2023-01-01\nplans:\n  - key: saas_premium_1y\n    effective_start: 2021-01-26",
    good: "# product\neffective_start: 2021-01-26\nplans:\n  - key: saas_premium_1y\n    effective_start: 2021-01-26",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in walk::plans(catalog) {
        let (prod, plan) = (p.product, p.plan);
        if plan.effective_start < prod.effective_start {
            out.push(
                RULE.at(
                    p.loc().at("effective_start"),
                    format!(
                        "plan `{}` starts on {}, before its product `{}` starts on {}",
                        plan.key, plan.effective_start, prod.key, prod.effective_start
                    ),
                )
                .with_related(walk::product_loc(prod).at("effective_start"), "the product starts here")
                .with_help(format!("start the plan on or after {}", prod.effective_start)),
            );
        }
        if let Some(prod_end) = prod.effective_end {
            let outside = plan.effective_end.is_none_or(|e| e > prod_end);
            if outside {
                let end = plan.effective_end.map_or_else(|| "never ends".to_owned(), |e| format!("ends on {e}"));
                let loc = if plan.effective_end.is_some() { p.loc().at("effective_end") } else { p.loc() };
                out.push(
                    RULE.at(
                        loc,
                        format!("plan `{}` {end}, after its product `{}` ends on {prod_end}", plan.key, prod.key),
                    )
                    .with_related(walk::product_loc(prod).at("effective_end"), "the product ends here")
                    .with_help(format!("end the plan on or before {prod_end}")),
                );
            }
        }
    }
}
