//! The `codequality` format: a GitLab Code Quality report (a JSON array; no BOM). Each entry has `description`
//! (`CODE: message`, since GitLab does not show `check_name`), `check_name`, `fingerprint`, `severity` and
//! `location.path` + `location.lines.begin`.
//!
//! The fingerprint is stable across unrelated edits: a SHA-256 of the code, the file and the node's JSON pointer
//! (for a finding that is not a node, such as a syntax error, the message instead), never the line number. Two
//! findings that would share a fingerprint get an occurrence suffix, because GitLab collapses equal fingerprints.

use std::collections::HashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::SourceMap;

/// Renders the report, pretty-printed, with a final newline.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let items: Vec<Value> = super::placed(diagnostics, sources)
        .into_iter()
        .map(|p| {
            let d = p.diagnostic;
            let anchor = d.location.node_pointer().map_or_else(|| d.message.clone(), str::to_owned);
            let mut hasher = Sha256::new();
            for part in [d.code, p.file.as_str(), anchor.as_str()] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            let mut fingerprint = hex::encode(hasher.finalize());
            let n = seen.entry(fingerprint.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                fingerprint = format!("{fingerprint}-{n}");
            }
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            json!({
                "description": format!("{}: {}", d.code, d.message),
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {"path": p.file, "lines": {"begin": p.span.line}},
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}
