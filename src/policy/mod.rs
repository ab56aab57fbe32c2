//! Change policy: classify every catalog change between a base revision and the working tree, enforce the version
//! bump, and say who a price change affects.
//!
//! Contract: [`check`] is pure (two loaded catalogs in, a [`Report`] out); [`base`] does the git IO that loads the
//! catalog at a revision. Lints are registered data in `lints/`, one per file (see [`lints()`]); codes `CHG001`-
//! `CHG099` classify changes, `CHG900`-`CHG999` are the engine's own checks (version bump, `allow` entries).
//!
//! Objects match by stable key (products, plans) and by key within the plan (charges). A finding can be allowed by an
//! `allow: [{code, reason}]` entry on the changed object (for a removed object: on its parent; for a removed product
//! or currency: on the catalog root); the reason must not be empty and shows in every report. An entry allows the
//! findings of its code on its object only; there is no blanket suppression.

pub mod affected;
pub mod base;
mod bump;
pub mod changelog;
mod compare;
mod diff;
mod engine;
mod finding;
mod lint;
mod lints;
pub mod prices;
mod report;
pub mod requirements;

pub use bump::Bump;
pub use diff::{ChargeAt, Diff, PlanAt, TextPair, Texts};
pub use compare::{CompareError, Compared, compare};
pub use engine::check;
pub use finding::{Finding, Owner, PriceChange};
pub use lint::Lint;
pub use report::Report;

use crate::validate::Rule;

/// Every change-policy lint's rule (code, name, severity, explanation), sorted by code; for `skuctl explain`.
#[must_use]
pub fn lints() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = registry().into_iter().map(|l| &l.rule).collect();
    all.sort_by_key(|r| r.code);
    all
}

/// Every lint with its bump and check, sorted by code.
#[must_use]
pub fn registry() -> Vec<&'static Lint> {
    let mut all: Vec<&'static Lint> = lints::ALL.to_vec();
    all.sort_by_key(|l| l.rule.code);
    all
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = super::registry();
        let codes: BTreeSet<&str> = all.iter().map(|l| l.rule.code).collect();
        assert_eq!(codes.len(), all.len(), "two lints share a code");
        let names: BTreeSet<&str> = all.iter().map(|l| l.rule.name).collect();
        assert_eq!(names.len(), all.len(), "two lints share a name");
        for l in all {
            let code = l.rule.code;
            assert!(code.len() == 6 && code.starts_with("CHG"), "{code}");
            let engine_owned = code >= "CHG900";
            assert_eq!(l.check.is_none(), engine_owned, "{code}: checks run for CHG001-CHG099 only");
            assert_eq!(l.bump == super::Bump::None, engine_owned, "{code}: every change lint needs a bump");
            assert!(!l.rule.explanation.is_empty() && !l.rule.bad.is_empty() && !l.rule.good.is_empty(), "{code}");
        }
    }
}
