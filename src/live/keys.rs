//! Stable key derivation for remote objects that carry no catalog key yet.
//!
//! `derive_key("GitLab Premium - SaaS")` is `gitlab_premium_saas`: lower-case, every run of other characters one
//! `_`, a `k_` prefix when it would not start with a letter, at most 80 characters (a longer key keeps 71
//! characters plus `_` and 8 hex digits of its SHA-256, so it stays unique and stable). The same input always gives
//! the same key, so an import and the next plan agree without writing anything first.

use sha2::{Digest, Sha256};

/// The longest key the catalog accepts.
pub const MAX_KEY_LEN: usize = 80;

/// Derives a catalog key from free text (a SKU or a name).
#[must_use]
pub fn derive_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_sep = true;
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "k_");
        if out == "k_" {
            out.push_str("unnamed");
        }
    }
    if out.len() > MAX_KEY_LEN {
        let digest = hex::encode(Sha256::digest(text.as_bytes()));
        out.truncate(MAX_KEY_LEN - 9);
        let trimmed = out.trim_end_matches('_').len();
        out.truncate(trimmed);
        out.push('_');
        out.push_str(&digest[..8]);
    }
    out
}

/// Makes `key` unique against `taken` by appending `_2`, `_3`, ... (and records the result in `taken`).
pub fn unique_key(key: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(key.clone()) {
        return key;
    }
    for n in 2.. {
        let suffix = format!("_{n}");
        let mut base = key.clone();
        base.truncate(MAX_KEY_LEN - suffix.len());
        let candidate = format!("{base}{suffix}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_snake_case_keys() {
        assert_eq!(derive_key("GitLab Premium - SaaS"), "gitlab_premium_saas");
        assert_eq!(derive_key("SKU-00000044"), "sku_00000044");
        assert_eq!(derive_key("1,000 Compute Minutes"), "k_1_000_compute_minutes");
        assert_eq!(derive_key("  --  "), "k_unnamed");
        assert_eq!(derive_key("Überplan"), "berplan");
    }

    #[test]
    fn long_keys_are_cut_with_a_stable_hash() {
        let long = "a".repeat(200);
        let k = derive_key(&long);
        assert_eq!(k.len(), MAX_KEY_LEN);
        assert_eq!(k, derive_key(&long));
        assert_ne!(k, derive_key(&"a".repeat(201)));
    }

    #[test]
    fn unique_keys_get_suffixes() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique_key("seat".into(), &mut taken), "seat");
        assert_eq!(unique_key("seat".into(), &mut taken), "seat_2");
        assert_eq!(unique_key("seat".into(), &mut taken), "seat_3");
    }
}
