//! CHG900 version-bump-insufficient: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG900",
        name: "version-bump-insufficient",
        severity: Severity::Error,
        summary: "The catalog version was not bumped as much as the changes need.",
        explanation: "Every change needs a version bump (patch, minor or major); the catalog `version` must grow at least \
by the largest one. The error lists the changes that need it and the smallest sufficient version.",
        bad: "version: 1.4.0   # before\nversion: 1.4.1   # after, but a plan was removed (major)",
        good: "version: 2.0.0",
    },
    bump: Bump::None,
    check: None,
};
