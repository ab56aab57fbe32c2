//! CHG901 version-bump-without-change: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG901",
        name: "version-bump-without-change",
        severity: Severity::Warning,
        summary: "The catalog version was bumped but nothing changed.",
        explanation: "A release with no change confuses consumers of the generated code and the changelog. Revert the \
version, or make the change it was meant for.",
        bad: "version: 1.4.0   # before\nversion: 1.5.0   # after; no other change",
        good: "version: 1.4.0",
    },
    bump: Bump::None,
    check: None,
};
