//! SKU120 `invalid-custom-field-name`: custom field names are provider API names ending in `__c`.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, CustomFields};
use crate::validate::{Rule, walk};

pub static RULE: Rule = Rule {
    code: "SKU120",
    name: "invalid-custom-field-name",
    severity: Severity::Error,
    summary: "A custom field name is not an API name ending in `__c` (e.g. `Tier__c`).",
    explanation: "Custom fields are passed to Zuora and Salesforce untouched, by API name. Custom field API names \
start with a letter, contain letters, digits and `_`, and end in `__c`; anything else is rejected at apply time, or \
is a typo of an existing field (`Tier_c`).",
    bad: "custom_fields:\n  Tier_c: premium",
    good: "custom_fields:\n  Tier__c: premium",
};

/// Whether `name` is a custom field API name.
#[must_use]
pub fn is_valid(name: &str) -> bool {
    name.strip_suffix("__c").is_some_and(|stem| {
        let mut chars = stem.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn check_fields(
    fields: &CustomFields,
    loc: &dyn Fn() -> Location,
    owner: &dyn Fn() -> String,
    out: &mut Vec<Diagnostic>,
) {
    for name in fields.keys().filter(|n| !is_valid(n)) {
        let stem = name.trim_end_matches("__c").trim_end_matches(['_', 'c']).trim_end_matches('_');
        out.push(
            RULE.at(
                loc().at("custom_fields").at(name),
                format!("custom field `{name}` of {} is not a custom field API name", owner()),
            )
            .with_help(format!("custom field names end in `__c`, e.g. `{stem}__c`")),
        );
    }
}

pub fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    for p in &catalog.products {
        check_fields(&p.custom_fields, &|| walk::product_loc(p), &|| format!("product `{}`", p.key), out);
    }
    for p in walk::plans(catalog) {
        check_fields(&p.plan.custom_fields, &|| p.loc(), &|| format!("plan `{}`", p.plan.key), out);
    }
    for c in walk::charges(catalog) {
        check_fields(
            &c.charge.custom_fields,
            &|| c.loc(),
            &|| format!("charge `{}` of plan `{}`", c.charge.key, c.plan.key),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_names() {
        assert!(super::is_valid("Tier__c"));
        assert!(super::is_valid("CDotPlanStatus__c"));
        assert!(!super::is_valid("Tier_c"));
        assert!(!super::is_valid("__c"));
        assert!(!super::is_valid("1Tier__c"));
        assert!(!super::is_valid("Tier"));
    }
}
