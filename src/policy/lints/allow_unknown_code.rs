//! CHG904 allow-unknown-code: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG904",
        name: "allow-unknown-code",
        severity: Severity::Error,
        summary: "An `allow` entry names a code that is not a change-policy lint.",
        explanation: "Only change-classifying lints (CHG001-CHG099) can be allowed; the version and allow checks cannot. \
Blanket suppression is not offered.",
        bad: "allow:\n  - code: CHG999\n    reason: ...",
        good: "allow:\n  - code: CHG020\n    reason: ...",
    },
    bump: Bump::None,
    check: None,
};
