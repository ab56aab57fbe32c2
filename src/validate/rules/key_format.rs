//! SKU100 `invalid-key`: every key (product, plan, charge, group) is lower-case snake_case of at most 80 characters.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, Key};
use crate::validate::Rule;
use crate::validate::walk;

pub static RULE: Rule = Rule {
    code: "SKU100",
    name: "invalid-key",
    severity: Severity::Error,
    summary: "A key is not lower-case snake_case (`[a-z][a-z0-9_]*`, at most 80 characters).",
    explanation: "Keys identify objects forever: remote Zuora and Salesforce objects are matched by key, and generated \
code constants are named after them. Restricting them to lower-case snake_case keeps them valid identifiers in every \
target language and stable across renames of the display name.",
    bad: "plans:\n  - key: SaaS-Premium-1Y\n    name: SaaS - Premium - 1 Year",
    good: "plans:\n  - key: saas_premium_1y\n    name: SaaS - Premium - 1 Year",
};

/// Whether `key` has the key format.
#[must_use]
pub fn is_valid(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 80
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let mut report = |key: &Key, loc: &dyn Fn() -> Location, what: &str| {
        if !is_valid(key.as_str()) {
            let fixed = heck::ToSnakeCase::to_snake_case(key.as_str());
            let mut d = RULE.at(loc(), format!("{what} key `{key}` is not lower-case snake_case"));
            d = if key.as_str().len() > 80 {
                d.with_help(format!("shorten it to at most 80 characters (it has {})", key.as_str().len()))
            } else {
                d.with_help(format!("use letters a-z, digits and `_`, starting with a letter, e.g. `{fixed}`"))
            };
            out.push(d);
        }
    };
    let root = walk::root_loc(catalog).at("groups");
    for group in catalog.root.groups.keys() {
        report(group, &|| root.at(group), "group");
    }
    for product in &catalog.products {
        report(&product.key, &|| walk::product_loc(product).at("key"), "product");
    }
    for p in walk::plans(catalog) {
        report(&p.plan.key, &|| p.loc().at("key"), "plan");
    }
    for c in walk::charges(catalog) {
        report(&c.charge.key, &|| c.loc().at("key"), "charge");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_format() {
        assert!(super::is_valid("saas_premium_1y"));
        assert!(!super::is_valid("SaaS"));
        assert!(!super::is_valid("1y"));
        assert!(!super::is_valid(""));
        assert!(!super::is_valid("a-b"));
        assert!(!super::is_valid(&"a".repeat(81)));
    }
}
