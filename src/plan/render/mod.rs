//! Plan renderers: `human` (terminal, Terraform-like), `markdown` (merge-request comment) and `json` (the
//! versioned plan document). Pure: each returns a `String`.

pub mod human;
pub mod markdown;

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::PlanDocument;
use super::operation::Operation;

/// The output format of `skuctl plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terraform-like text, coloured on a terminal.
    Human,
    /// Markdown for a merge-request comment, one collapsible section per product.
    Markdown,
    /// The versioned plan document (`docs/plan-format.md`).
    Json,
}

/// Renders `doc` in `format`; `color` only affects `human`.
#[must_use]
pub fn render(doc: &PlanDocument, format: Format, color: bool) -> String {
    match format {
        Format::Human => human::render(doc, color),
        Format::Markdown => markdown::render(doc),
        Format::Json => doc.to_json(),
    }
}

/// Operations grouped by catalog product (sorted by product key), each group in execution order.
pub(crate) fn by_product(doc: &PlanDocument) -> BTreeMap<&str, Vec<&Operation>> {
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &doc.operations {
        groups.entry(op.group.as_str()).or_default().push(op);
    }
    groups
}

/// `GitLab Premium - SaaS (premium_saas)`, or just the key when the name is unknown.
pub(crate) fn product_title(doc: &PlanDocument, key: &str) -> String {
    match doc.products.get(key) {
        Some(name) if name != key => format!("{name} ({key})"),
        _ => key.to_owned(),
    }
}

/// A field name as users read it: `price.USD` -> `price USD`, `custom_fields.Tier__c` -> `Tier__c`.
pub(crate) fn field_label(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("custom_fields.") {
        return rest.to_owned();
    }
    match super::rules::field_currency(field) {
        Some(cur) => format!("{} {cur}", &field[..field.len() - cur.len() - 1]).replace('_', " "),
        None => field.replace('_', " "),
    }
}

/// A value as one or more lines: strings quoted, `null` as `(none)`, arrays one element per line.
pub(crate) fn value_lines(v: &Value) -> Vec<String> {
    match v {
        Value::Null => vec!["(none)".to_owned()],
        Value::String(s) if s.contains('\n') => s.lines().map(str::to_owned).collect(),
        Value::String(s) => vec![format!("\"{s}\"")],
        Value::Array(items) if items.is_empty() => vec!["[]".to_owned()],
        Value::Array(items) => items.iter().map(super::rules::display).collect(),
        other => vec![other.to_string()],
    }
}

/// Whether a change is shown as a line diff (long or multi-line text, lists).
pub(crate) fn is_multiline(before: &Value, after: &Value) -> bool {
    let long = |v: &Value| match v {
        Value::String(s) => s.contains('\n') || s.chars().count() > 60,
        Value::Array(items) => items.len() > 1,
        _ => false,
    };
    long(before) || long(after)
}

/// The lines of a long value, for a line diff (long single-line text is wrapped at sentence ends).
pub(crate) fn diff_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if !s.contains('\n') => {
            let mut out = s.replace(". ", ".\n");
            out.push('\n');
            out
        }
        Value::String(s) => {
            let mut out = s.clone();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out
        }
        other => value_lines(other).into_iter().map(|l| l + "\n").collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_speak_the_users_language() {
        assert_eq!(field_label("price.USD"), "price USD");
        assert_eq!(field_label("overage_price.EUR"), "overage price EUR");
        assert_eq!(field_label("custom_fields.Tier__c"), "Tier__c");
        assert_eq!(field_label("effective_end"), "effective end");
    }
}
