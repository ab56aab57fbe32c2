//! The diagnostic codes the loader emits (`SKU001`-`SKU049`), registered like the semantic rules.
//! Placeholder until the loader work lands: the loader's own version of this file replaces it.

pub static RULES: &[crate::validate::Rule] = &[];
