//! CHG043 product-terms-changed: a product's category or effective dates changed.

use super::prelude::*;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG043",
        name: "product-terms-changed",
        severity: Severity::Info,
        summary: "A product's category or effective dates changed.",
        explanation: "Changes where the product is offered (base or add-on) and when it can be sold. Needs a minor \
version bump.",
        bad: "effective_end: 2030-12-31   # before\neffective_end: 2027-12-31   # after",
        good: "# the same change, with the catalog version bumped to the next minor",
    },
    bump: Bump::Minor,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (o, n) in d.products_matched() {
        let fields = [
            ("category", word(&o.category), word(&n.category)),
            ("effective_start", word(&o.effective_start), word(&n.effective_start)),
            ("effective_end", word(&o.effective_end), word(&n.effective_end)),
        ];
        let subject = format!("product `{}`", n.key);
        for (field, before, after) in fields.into_iter().filter(|(_, b, a)| b != a) {
            let msg = format!("{subject} changed `{field}` from `{before}` to `{after}`");
            let owner = Owner::Product { product: n.key.clone() };
            out.push(Finding::new(&LINT, owner, Location::root(n.source).at(field), subject.clone(), msg));
        }
    }
    out
}
