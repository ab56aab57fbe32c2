//! CHG902 version-decreased: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG902",
        name: "version-decreased",
        severity: Severity::Error,
        summary: "The catalog version is lower than at the base revision.",
        explanation: "Versions only grow: consumers compare them to detect new catalogs.",
        bad: "version: 1.4.0   # before\nversion: 1.3.9   # after",
        good: "version: 1.4.1",
    },
    bump: Bump::None,
    check: None,
};
