//! One finding about the catalog.

use super::{Location, Severity};

/// One finding: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `SKU010`. Never reused for another meaning.
    pub code: &'static str,
    pub severity: Severity,
    /// One sentence saying what is wrong, naming the object.
    pub message: String,
    /// Where the problem is.
    pub location: Location,
    /// Other places that explain it (e.g. the first definition of a duplicate).
    pub related: Vec<Related>,
    /// How to fix it, e.g. a "did you mean" suggestion.
    pub help: Option<String>,
}

/// A secondary location with a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub label: String,
}

impl Diagnostic {
    #[must_use]
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>, location: Location) -> Self {
        Diagnostic { code, severity, message: message.into(), location, related: Vec::new(), help: None }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push(Related { location, label: label.into() });
        self
    }
}
