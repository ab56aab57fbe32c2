//! The merge-request comment: a headline with the counts, a warning when anything is destructive or
//! customer-visible, one collapsible `<details>` section per product (a `diff` block inside, so forges colour it),
//! and the refused changes.

use serde_json::Value;

use super::{by_product, field_label, product_title, value_lines};
use crate::plan::document::{LiveSource, PlanDocument};
use crate::plan::operation::{Action, Operation};

/// Renders the plan as Markdown.
#[must_use]
pub fn render(doc: &PlanDocument) -> String {
    let mut s = String::new();
    let source = match &doc.live_source {
        LiveSource::Live => "live state".to_owned(),
        LiveSource::Offline { path } => format!("offline snapshot `{path}`"),
    };
    s.push_str(&format!("### skuctl plan: `{}`\n\n", doc.environment));
    if doc.summary.has_changes() || doc.summary.refused > 0 {
        s.push_str(&format!("**{}**\n\n", doc.summary.line()));
    } else {
        s.push_str(&format!("**No changes.** The catalog and environment `{}` match.\n\n", doc.environment));
    }
    s.push_str(&format!(
        "Catalog {} {} against {source}; plan digest `{}`.\n\n",
        escape(&doc.catalog.name),
        doc.catalog.version,
        short(&doc.content_digest)
    ));
    if doc.summary.marked > 0 {
        s.push_str(&format!(
            "> [!WARNING]\n> {} change(s) are destructive or customer-visible (marked :warning: below).\n\n",
            doc.summary.marked
        ));
    }
    for (group, ops) in by_product(doc) {
        let marked = ops.iter().any(|o| o.is_marked());
        let counts = group_counts(&ops);
        s.push_str(&format!(
            "<details><summary>{}<b>{}</b>: {counts}</summary>\n\n```diff\n",
            if marked { ":warning: " } else { "" },
            escape(&product_title(doc, group))
        ));
        for op in ops {
            operation(&mut s, op);
        }
        s.push_str("```\n\n</details>\n\n");
    }
    if !doc.refused.is_empty() {
        s.push_str("#### :no_entry: Refused changes\n\nThe plan cannot be applied until these are resolved.\n\n");
        for r in &doc.refused {
            s.push_str(&format!(
                "- **{} `{}`** ({}): {}\n  - *How to fix:* {}\n",
                r.kind.label(),
                r.key,
                escape(&r.name),
                escape(&r.reason),
                escape(&r.help)
            ));
        }
        s.push('\n');
    }
    s
}

fn group_counts(ops: &[&Operation]) -> String {
    let mut parts = Vec::new();
    for a in [Action::Create, Action::Update, Action::Replace, Action::Retire] {
        let n = ops.iter().filter(|o| o.action == a).count();
        if n > 0 {
            parts.push(format!("{n} to {}", a.verb()));
        }
    }
    parts.join(", ")
}

fn operation(s: &mut String, op: &Operation) {
    let lead = match op.action {
        Action::Create => "+",
        Action::Retire => "-",
        Action::Update | Action::Replace => "!",
    };
    s.push_str(&fence(&format!("{lead} {} {} {} \"{}\"\n", op.action.symbol(), op.kind.label(), op.key, op.name)));
    for c in &op.changes {
        let label = field_label(&c.field);
        if !c.before.is_null() && op.action != Action::Create {
            for l in lines(&c.before) {
                s.push_str(&fence(&format!("-     {label}: {l}\n")));
            }
        }
        if !c.after.is_null() {
            for l in lines(&c.after) {
                s.push_str(&fence(&format!("+     {label}: {l}\n")));
            }
        }
    }
    for r in &op.reasons {
        s.push_str(&fence(&format!("#     !! {}: {}\n", r.marker.label(), r.text)));
    }
}

fn lines(v: &Value) -> Vec<String> {
    value_lines(v)
}

/// Keeps a value from closing the code fence.
fn fence(s: &str) -> String {
    s.replace("```", "'''")
}

/// Escapes what Markdown/HTML would interpret in a summary or list item.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|")
}

fn short(digest: &str) -> &str {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    hex.get(..12).unwrap_or(hex)
}
