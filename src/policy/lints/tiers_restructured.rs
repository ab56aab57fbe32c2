//! CHG023 tiers-restructured: tier count, boundaries or price formats changed.

use super::prelude::*;
use crate::policy::prices::tiers_restructured;

pub static LINT: Lint = Lint {
    rule: Rule {
        code: "CHG023",
        name: "tiers-restructured",
        severity: Severity::Warning,
        summary: "A charge's tiers changed their count, boundaries or price format.",
        explanation: "Some quantities now fall into another tier and are priced differently; tier prices are then not \
compared one by one. Needs a major version bump.",
        bad: "tiers:\n  - {starting_unit: 1, ending_unit: 100, ...}   # before\n  - {starting_unit: 1, ending_unit: 50, ...}    # after",
        good: "# keep the boundaries and change only prices, or make a new plan version",
    },
    bump: Bump::Major,
    check: Some(check),
};

fn check(d: &Diff<'_>) -> Vec<Finding> {
    d.charges_matched()
        .into_iter()
        .filter(|(o, n)| tiers_restructured(o.charge, n.charge))
        .map(|(o, n)| {
            let msg = format!(
                "{} changed its tiers from [{}] to [{}]",
                n.subject(),
                shape(o.charge),
                shape(n.charge)
            );
            Finding::new(&LINT, n.owner(), n.location().at("tiers").key(), n.subject(), msg)
        })
        .collect()
}

/// The tier boundaries in words: `1-10000, 10001+` (`flat` marks flat-fee tiers).
fn shape(c: &crate::model::Charge) -> String {
    let tiers = c.tiers.iter().map(|t| {
        let end = t.ending_unit.map_or_else(|| "+".to_owned(), |e| format!("-{e}"));
        let flat = if t.price_format == crate::model::PriceFormat::FlatFee { " flat" } else { "" };
        format!("{}{end}{flat}", t.starting_unit)
    });
    tiers.collect::<Vec<_>>().join(", ")
}
