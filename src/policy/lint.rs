//! A change-policy lint is data: the shared rule description (code, name, severity, explanation, examples) plus the
//! version bump its findings need and the function that finds them.

use super::{Bump, Diff, Finding};
use crate::validate::Rule;

/// One registered lint. `check` is `None` for the lints the engine itself raises (version and allow checks).
#[derive(Debug)]
pub struct Lint {
    /// Code, name, severity and explanation; `bad` shows the change (before -> after), `good` what to do instead.
    pub rule: Rule,
    /// The version bump a finding of this lint needs.
    pub bump: Bump,
    /// Finds this lint's changes between the base and the working-tree catalog.
    pub check: Option<fn(&Diff<'_>) -> Vec<Finding>>,
}

impl Lint {
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
