//! Semantic validation: registered rules over the loaded catalog. Pure: no IO.
//!
//! Code ranges: `SKU001`-`SKU049` loading and schema (owned by `load`), `SKU100`-`SKU899` semantic rules (here),
//! `SKU900`-`SKU949` code generation (identifier collisions). Change-policy lints use `CHG...`.

mod rule;

pub use rule::Rule;

use crate::diagnostic::Diagnostic;
use crate::model::Catalog;

/// Every registered rule, sorted by code.
#[must_use]
pub fn rules() -> Vec<&'static Rule> {
    // NOTE(skeleton): the semantic rules land with the catalog-language work.
    let mut all: Vec<&'static Rule> = Vec::new();
    all.sort_by_key(|r| r.code);
    all
}

/// Runs every semantic rule over `catalog`; returns all findings, deterministically sorted.
#[must_use]
pub fn check(_catalog: &Catalog) -> Vec<Diagnostic> {
    // NOTE(skeleton): filled in by the catalog-language work.
    Vec::new()
}
