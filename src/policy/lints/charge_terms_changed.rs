//! CHG027 charge-terms-changed: list price base, included units or discount changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG027",
        name: "charge-terms-changed",
        severity: Severity::Warning,
        summary: "A charge's list price base, included units or discount changed.",
        explanation: "These change what a given quantity costs for every subscriber of the charge. Needs a major \
version bump.",
        bad: "included_units: 10000   # before\nincluded_units: 5000    # after",
        good: "# the same change, with the catalog version bumped to the next major",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    let mut out = charge_field_changed(d, &LINT, "list_price_base", "list price base", |c| &c.list_price_base);
    out.extend(charge_field_changed(d, &LINT, "included_units", "included units", |c| &c.included_units));
    out.extend(
        d.charges_matched()
            .into_iter()
            .filter(|(o, n)| o.charge.discount != n.charge.discount)
            .map(|(_, n)| {
                let msg = format!("{} changed its discount", n.subject());
                Finding::new(&LINT, n.owner(), n.location().at("discount"), n.subject(), msg)
            }),
    );
    out
}
