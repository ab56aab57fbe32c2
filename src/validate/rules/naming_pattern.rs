//! SKU851 `invalid-naming-pattern`: the naming convention is a valid regular expression.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Catalog;
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU851",
    name: "invalid-naming-pattern",
    severity: Severity::Error,
    summary: "`naming.plan_name` in catalog.yaml is not a valid regular expression.",
    explanation: "The naming convention (SKU850) is a regular expression (Rust `regex` syntax: no look-around or \
back-references). When it does not compile, no plan name can be checked.",
    bad: "naming:\n  plan_name: '^(SaaS|Self-Managed - .+$'",
    good: "naming:\n  plan_name: '^(SaaS|Self-Managed) - .+$'",
};

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    if let Err(e) = regex::Regex::new(&catalog.root.naming.plan_name) {
        let first_line = e.to_string().lines().last().unwrap_or_default().trim().to_owned();
        out.push(
            RULE.at(
                walk::root_loc(catalog).at("naming").at("plan_name"),
                "the plan naming convention is not a valid regular expression",
            )
            .with_help(format!("fix the pattern: {first_line}")),
        );
    }
}
