//! The terminal rendering: Terraform-like symbols (`+ ~ - -/+`), grouped by product, field before -> after, long
//! text as a line diff, ending with `Plan: N to create, M to update, K to retire.` Colours only when asked.

use owo_colors::OwoColorize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::{by_product, diff_text, field_label, is_multiline, product_title, value_lines};
use crate::plan::document::{LiveSource, PlanDocument};
use crate::plan::operation::{Action, Change, Operation};

#[derive(Clone, Copy)]
enum Paint {
    Green,
    Yellow,
    Red,
    Magenta,
    Bold,
    Dim,
}

struct Out {
    text: String,
    color: bool,
}

impl Out {
    fn paint(&self, s: &str, p: Paint) -> String {
        if !self.color {
            return s.to_owned();
        }
        match p {
            Paint::Green => s.green().to_string(),
            Paint::Yellow => s.yellow().to_string(),
            Paint::Red => s.red().to_string(),
            Paint::Magenta => s.magenta().to_string(),
            Paint::Bold => s.bold().to_string(),
            Paint::Dim => s.dimmed().to_string(),
        }
    }

    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
}

fn action_paint(a: Action) -> Paint {
    match a {
        Action::Create => Paint::Green,
        Action::Update => Paint::Yellow,
        Action::Retire => Paint::Red,
        Action::Replace => Paint::Magenta,
    }
}

/// Renders the plan for a terminal.
#[must_use]
pub fn render(doc: &PlanDocument, color: bool) -> String {
    let mut o = Out { text: String::new(), color };
    let source = match &doc.live_source {
        LiveSource::Live => "live".to_owned(),
        LiveSource::Offline { path } => format!("offline snapshot {path}"),
    };
    o.line(&format!(
        "Planning catalog {} {} against environment `{}` ({source}).",
        doc.catalog.name, doc.catalog.version, doc.environment
    ));
    o.line("");
    if !doc.operations.is_empty() {
        o.line("skuctl will perform the following actions:");
        o.line("");
        for (group, ops) in by_product(doc) {
            let title = o.paint(&format!("# product {}", product_title(doc, group)), Paint::Bold);
            o.line(&title);
            for op in ops {
                operation(&mut o, op);
            }
            o.line("");
        }
    }
    if !doc.refused.is_empty() {
        let title = o.paint("Refused changes (the plan cannot be applied until they are resolved):", Paint::Red);
        o.line(&title);
        for r in &doc.refused {
            let head = o.paint(&format!("  x {} {} \"{}\"", r.kind.label(), r.key, r.name), Paint::Red);
            o.line(&head);
            o.line(&format!("      error: {}", r.reason));
            o.line(&format!("      help: {}", r.help));
        }
        o.line("");
    }
    if doc.summary.has_changes() {
        let line = o.paint(&doc.summary.line(), Paint::Bold);
        o.line(&line);
        if doc.summary.marked > 0 {
            let warn = o.paint(
                &format!("{} of them destructive or customer-visible (marked with !).", doc.summary.marked),
                Paint::Yellow,
            );
            o.line(&warn);
        }
    } else if doc.summary.refused > 0 {
        let line = o.paint(&doc.summary.line(), Paint::Bold);
        o.line(&line);
    } else {
        let line = o.paint("No changes.", Paint::Bold);
        o.line(&format!(
            "{line} The catalog and environment `{}` match ({} objects checked).",
            doc.environment, doc.summary.unchanged
        ));
    }
    if doc.summary.refused > 0 {
        let line = o.paint(&format!("{} change(s) refused.", doc.summary.refused), Paint::Red);
        o.line(&line);
    }
    o.text
}

fn operation(o: &mut Out, op: &Operation) {
    let p = action_paint(op.action);
    let id = op.remote_id.as_deref().map(|id| format!(" (id {id})")).unwrap_or_default();
    let head = format!("  {} {} {} \"{}\"{id}", op.action.symbol(), op.kind.label(), op.key, op.name);
    let head = o.paint(&head, p);
    let verb = o.paint(&format!("will be {}d", op.action.verb()), Paint::Dim);
    o.line(&format!("{head} {verb}"));
    for c in &op.changes {
        change(o, op.action, c);
    }
    for r in &op.reasons {
        let line = o.paint(&format!("      ! {}: {}", r.marker.label(), r.text), Paint::Yellow);
        o.line(&line);
    }
}

fn change(o: &mut Out, action: Action, c: &Change) {
    let label = field_label(&c.field);
    let (sym, p) = match (c.before.is_null(), c.after.is_null()) {
        (true, false) => ("+", Paint::Green),
        (false, true) => ("-", Paint::Red),
        _ => ("~", Paint::Yellow),
    };
    if action == Action::Create {
        let lines = value_lines(&c.after);
        if lines.len() == 1 {
            let l = o.paint(&format!("      + {label}: {}", lines[0]), Paint::Green);
            o.line(&l);
        } else {
            let l = o.paint(&format!("      + {label}:"), Paint::Green);
            o.line(&l);
            for line in lines {
                let l = o.paint(&format!("          {line}"), Paint::Green);
                o.line(&l);
            }
        }
        return;
    }
    if is_multiline(&c.before, &c.after) {
        let l = o.paint(&format!("      {sym} {label}:"), p);
        o.line(&l);
        let (old, new) = (diff_text(&c.before), diff_text(&c.after));
        let d = TextDiff::from_lines(old.as_str(), new.as_str());
        for ch in d.iter_all_changes() {
            let text = ch.value().trim_end_matches('\n');
            let (s, p) = match ch.tag() {
                ChangeTag::Delete => ("-", Paint::Red),
                ChangeTag::Insert => ("+", Paint::Green),
                ChangeTag::Equal => (" ", Paint::Dim),
            };
            let l = o.paint(&format!("          {s} {text}"), p);
            o.line(&l);
        }
        return;
    }
    let one = |v: &Value| value_lines(v).join("; ");
    let text = match sym {
        "+" => format!("      + {label}: {}", one(&c.after)),
        "-" => format!("      - {label}: {}", one(&c.before)),
        _ => format!("      ~ {label}: {} -> {}", one(&c.before), one(&c.after)),
    };
    let l = o.paint(&text, p);
    o.line(&l);
}
