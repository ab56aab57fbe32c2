//! Semantic validation: registered rules over the loaded catalog. Pure: no IO.
//!
//! Code ranges: `SKU001`-`SKU049` loading and schema (owned by `load`), `SKU100`-`SKU899` semantic rules (here),
//! `SKU900`-`SKU949` code generation (identifier collisions). Change-policy lints use `CHG...`.
//! Within the semantic range: 1xx identity (keys, duplicates), 2xx references, 3xx currencies and amounts,
//! 4xx tiers, 5xx charge model and type, 6xx effective dates, 7xx status, 8xx provider limits and conventions.
//!
//! Every rule runs (validation never stops at the first finding); `check` sorts the findings by file, pointer,
//! code and message so output is deterministic.

mod rule;
mod rules;
pub mod suggest;
pub mod walk;

pub use rule::Rule;

use crate::diagnostic::Diagnostic;
use crate::model::Catalog;

/// Every registered rule (the loader's codes and the semantic rules), sorted by code.
#[must_use]
pub fn rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = crate::load::codes::RULES.iter().collect();
    all.extend(rules::ALL.iter().map(|(r, _)| *r));
    all.push(&crate::codegen::collision::RULE);
    all.sort_by_key(|r| r.code);
    all
}

/// The registered rule with this code (case-insensitive).
#[must_use]
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules().into_iter().find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}

/// Runs every semantic rule over `catalog`; returns all findings, deterministically sorted.
#[must_use]
pub fn check(catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, run) in rules::ALL {
        run(catalog, &mut out);
    }
    crate::codegen::collision::check(catalog, &mut out);
    sort(&mut out);
    out
}

/// Sorts diagnostics deterministically: by file, pointer (numeric segments compared as numbers, so `/plans/2`
/// comes before `/plans/10`), code, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location
            .source
            .cmp(&b.location.source)
            .then_with(|| cmp_pointers(&a.location.pointer, &b.location.pointer))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

fn cmp_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let seg = |s: &str| match s.parse::<u64>() {
        Ok(n) => (0, n, String::new()),
        Err(_) => (1, 0, s.to_owned()),
    };
    a.split('/').map(seg).cmp(b.split('/').map(seg))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointers_sort_numerically() {
        use std::cmp::Ordering::Less;
        assert_eq!(super::cmp_pointers("/plans/2/key", "/plans/10/key"), Less);
        assert_eq!(super::cmp_pointers("", "/plans"), Less);
        assert_eq!(super::cmp_pointers("/plans/1", "/plans/name"), Less);
    }

    #[test]
    fn codes_are_unique_and_in_range() {
        let all = super::rules();
        for pair in all.windows(2) {
            assert_ne!(pair[0].code, pair[1].code, "two rules share a code");
        }
        for (r, _) in super::rules::ALL {
            let n: u32 = r.code.trim_start_matches("SKU").parse().unwrap_or(0);
            assert!(r.code.starts_with("SKU") && (100..=899).contains(&n), "{} outside SKU100-SKU899", r.code);
        }
    }
}
