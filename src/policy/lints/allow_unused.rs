//! CHG905 allow-unused: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG905",
        name: "allow-unused",
        severity: Severity::Warning,
        summary: "An `allow` entry matches no finding on its object.",
        explanation: "Stale entries would silently allow a future change nobody reviewed. Remove the entry once the change \
has shipped.",
        bad: "allow:\n  - code: CHG020   # but no price increased\n    reason: ...",
        good: "# no allow entry",
    },
    bump: Bump::None,
    check: None,
};
