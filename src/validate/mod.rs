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
///
/// The rules are independent, so they run on up to 2 threads (each takes the next rule not yet run); their
/// findings are joined in rule order before the sort, so the result is the same as one thread's.
#[must_use]
pub fn check(catalog: &Catalog) -> Vec<Diagnostic> {
    let checks: Vec<fn(&Catalog, &mut Vec<Diagnostic>)> =
        rules::ALL.iter().map(|(_, run)| *run).chain([crate::codegen::collision::check as fn(&Catalog, &mut Vec<Diagnostic>)]).collect();
    let threads = if catalog.products.len() >= 64 { 2 } else { 1 };
    let per_rule = crate::par::map_indices(checks.len(), threads, |i| {
        let mut found = Vec::new();
        checks[i](catalog, &mut found);
        found
    });
    let mut out: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
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
    fn rules_on_two_threads_find_what_one_thread_finds_in_the_same_order() {
        use crate::diagnostic::Diagnostic;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let mut catalog = crate::load::load_catalog(&root).expect("load").catalog.expect("the sample catalog is valid");
        // 80 copies of the sample's products (enough for two threads), every fifth one breaking rules: a duplicate
        // key, a negative price, a bad key format.
        let originals = catalog.products.clone();
        for i in 0..80 {
            let mut p = originals[i % originals.len()].clone();
            p.key = format!("{}_copy_{i}", p.key).as_str().into();
            if i % 5 == 0 {
                p.key = format!("Bad-Key-{}", i / 10).as_str().into();
                if let Some(charge) = p.plans.first_mut().and_then(|pl| pl.charges.first_mut())
                    && let Some(price) = charge.prices.values_mut().next()
                {
                    price.0 = -price.0;
                }
            }
            catalog.products.push(p);
        }
        let mut one_thread: Vec<Diagnostic> = Vec::new();
        for (_, run) in super::rules::ALL {
            run(&catalog, &mut one_thread);
        }
        crate::codegen::collision::check(&catalog, &mut one_thread);
        super::sort(&mut one_thread);
        let found = super::check(&catalog);
        assert!(found.len() > 20, "the copies break rules: {}", found.len());
        assert_eq!(found, one_thread);
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
