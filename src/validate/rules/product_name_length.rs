//! SKU800 `product-name-too-long`: Zuora product names have at most 100 characters.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU800",
    name: "product-name-too-long",
    severity: Severity::Error,
    summary: "A product name is longer than 100 characters (Zuora's limit).",
    explanation: "Zuora's Product `Name` field holds at most 100 characters; a longer name fails at apply time, after \
review. Keep the long text in `description`.",
    bad: "name: GitLab Premium for GitLab.com, including all features of the Free tier plus ... (120 characters)",
    good: "name: GitLab Premium - SaaS\ndescription: Premium for GitLab.com, including all features of the Free tier plus ...",
};

pub const MAX: usize = 100;

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        let n = p.name.chars().count();
        if n > MAX {
            out.push(
                RULE.at(
                    walk::product_loc(p).at("name"),
                    format!("the name of product `{}` has {n} characters; Zuora allows {MAX}", p.key),
                )
                .with_help("shorten the name and move the detail to `description`"),
            );
        }
    }
}
