//! The outcome of `skuctl check`: structured findings (for machines and the merge-request comment) and their
//! conversion to diagnostics (for the shared renderers).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

use super::{Bump, Finding};

/// Every finding of one base-to-head comparison, sorted by location, code and message.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The catalog version at the base revision; `None` when the catalog did not exist there.
    pub base_version: Option<semver::Version>,
    /// The working-tree catalog version.
    pub version: semver::Version,
    /// The largest bump the not-allowed changes need (`forbidden` counts as `major`).
    pub required: Bump,
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The change findings (not the version and allow checks).
    pub fn changes(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.bump > Bump::None)
    }

    /// The findings as diagnostics. An allowed finding keeps its reason in the message; the help line says which
    /// bump a change needs and who a price change affects.
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.findings
            .iter()
            .map(|f| {
                let message = match &f.allowed {
                    Some(reason) => format!("{} (allowed: {reason})", f.message),
                    None => f.message.clone(),
                };
                let mut help = Vec::new();
                match f.bump {
                    Bump::None => {}
                    _ if f.allowed.is_some() => help.push("Allowed, so it needs no version bump.".to_owned()),
                    Bump::Forbidden if f.allowed.is_none() => help.push(
                        "Forbidden after go-live: create a new plan version (new key and SKU) instead, or allow it with a written reason."
                            .to_owned(),
                    ),
                    b => help.push(format!("Needs a {b} version bump.")),
                }
                help.extend(f.affected.clone());
                let d = Diagnostic::new(f.code, f.severity, message, f.location.clone());
                if help.is_empty() { d } else { d.with_help(help.join(" ")) }
            })
            .collect()
    }
}
