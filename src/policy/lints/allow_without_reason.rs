//! CHG903 allow-without-reason: raised by the engine (`policy::engine`), not by a diff check.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG903",
        name: "allow-without-reason",
        severity: Severity::Error,
        summary: "An `allow` entry has no written reason.",
        explanation: "Allowing a finding needs a reason that every report shows (who approved it and why). An entry \
without one allows nothing.",
        bad: "allow:\n  - code: CHG020\n    reason: \"\"",
        good: "allow:\n  - code: CHG020\n    reason: Approved by pricing committee, FIN-1234",
    },
    bump: Bump::None,
    check: None,
};
