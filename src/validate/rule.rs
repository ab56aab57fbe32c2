//! A rule is data: a stable code, a name, a default severity, and an explanation with a bad and a good example.

use crate::diagnostic::{Diagnostic, Location, Severity};

/// The registered description of one diagnostic code. `skuctl explain CODE` prints it.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `SKU120`. Never reused.
    pub code: &'static str,
    /// Short kebab-case name, e.g. `duplicate-plan-key`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why it matters.
    pub explanation: &'static str,
    /// A YAML excerpt that triggers it.
    pub bad: &'static str,
    /// The same excerpt, fixed.
    pub good: &'static str,
}

impl Rule {
    /// A diagnostic of this rule (its code and default severity) at `location`.
    #[must_use]
    pub fn at(&'static self, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message, location)
    }
}
