//! CHG038 plan-availability-changed: purchasable flag or effective dates changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG038",
        name: "plan-availability-changed",
        severity: Severity::Info,
        summary: "A plan's `purchasable` flag or effective dates changed.",
        explanation: "Changes when and whether customers can add the plan to a subscription. Needs a minor version bump.",
        bad: "effective_end: 2027-12-31   # before\neffective_end: 2026-12-31   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (o, n) in d.plans_matched() {
        let (op, np) = (o.plan, n.plan);
        let fields = [
            ("purchasable", word(&op.purchasable), word(&np.purchasable)),
            ("effective_start", word(&op.effective_start), word(&np.effective_start)),
            ("effective_end", word(&op.effective_end), word(&np.effective_end)),
        ];
        for (field, before, after) in fields.into_iter().filter(|(_, b, a)| b != a) {
            let msg = format!("{} changed `{field}` from `{before}` to `{after}`", n.subject());
            out.push(Finding::new(&LINT, n.owner(), n.location().at(field), n.subject(), msg));
        }
    }
    out
}
