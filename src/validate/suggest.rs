//! "Did you mean" suggestions for misspelled references.

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
#[must_use]
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A help line: "did you mean `x`?" or the list of valid values when nothing is close.
#[must_use]
pub fn did_you_mean<'a>(wrong: &str, what: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(wrong, candidates.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let mut all: Vec<&str> = candidates.into_iter().collect();
            all.sort_unstable();
            all.dedup();
            if all.is_empty() {
                format!("no {what} is defined")
            } else if all.len() <= 8 {
                format!("known {what}s: {}", all.join(", "))
            } else {
                format!("{} {what}s are defined; none is close to `{wrong}`", all.len())
            }
        }
    }
}

/// Reports every value seen more than once: (first location, later location, value), in input order. Each item
/// carries a cheap handle (an index, a reference); `loc` turns a handle into a location only for duplicates.
#[must_use]
pub fn duplicates<K: std::hash::Hash + Eq, T: Clone, L>(
    items: impl IntoIterator<Item = (K, T)>,
    loc: impl Fn(&T) -> L,
) -> Vec<(L, L, K)> {
    // Hashed, not ordered: one lookup per item whatever the catalog's size (the findings keep the items' order).
    let mut seen: std::collections::HashMap<K, T> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (k, handle) in items {
        match seen.get(&k) {
            Some(first) => out.push((loc(first), loc(&handle), k)),
            None => {
                seen.insert(k, handle);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_typo() {
        assert_eq!(closest("ultimate_plan", ["premium_plans", "ultimate_plans"]), Some("ultimate_plans"));
        assert_eq!(closest("zzz", ["premium_plans"]), None);
    }

    #[test]
    fn lists_candidates_when_nothing_is_close() {
        assert_eq!(did_you_mean("zzz", "group", ["b", "a"]), "known groups: a, b");
        assert_eq!(did_you_mean("zzz", "group", [] as [&str; 0]), "no group is defined");
    }

    #[test]
    fn finds_later_duplicates() {
        let d = duplicates([("a", 1), ("b", 2), ("a", 3), ("a", 4)], |i| *i * 10);
        assert_eq!(d, vec![(10, 30, "a"), (10, 40, "a")]);
    }
}
