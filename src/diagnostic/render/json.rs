//! The `json` format: a JSON array, one object per diagnostic, sorted by file, line, column, code:
//!
//! ```json
//! [{"code": "SKU003", "severity": "error", "message": "unknown field `nmae` in `plans[0]`",
//!   "file": "catalog/products/premium.yaml", "line": 12, "column": 5, "help": "did you mean `name`?"}]
//! ```
//! `severity` is `error`, `warning` or `info`; `line` and `column` are 1-based (the column counts characters);
//! `file` is relative to the current directory; `help` is `null` when there is none. An empty array means clean.

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;

/// Renders the array, pretty-printed, with a final newline.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let items: Vec<Value> = super::placed(diagnostics, sources)
        .into_iter()
        .map(|p| {
            json!({
                "code": p.diagnostic.code,
                "severity": p.diagnostic.severity.as_str(),
                "message": p.diagnostic.message,
                "file": p.file,
                "line": p.span.line,
                "column": p.span.column,
                "help": p.diagnostic.help,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}
