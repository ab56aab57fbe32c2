//! JSON pointer -> byte ranges of a YAML node (and of its key, for mapping members), built from the parser events
//! (`tree::build_index`). Lookups of a pointer that has no node (inside an alias, or a member that is absent) fall
//! back to the longest existing prefix, so a diagnostic always lands on the closest enclosing node.

use std::collections::HashMap;

/// Where one node sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Byte range of the node's value.
    pub start: usize,
    pub end: usize,
    /// Byte range of the node's key, when it is a mapping member.
    pub key: Option<(usize, usize)>,
}

/// The span index of one file.
#[derive(Debug, Default)]
pub struct SpanIndex {
    entries: HashMap<String, Entry>,
}

impl SpanIndex {
    /// Records a node; the first record of a pointer wins (a duplicated key keeps its first occurrence).
    pub fn insert(&mut self, pointer: String, entry: Entry) {
        self.entries.entry(pointer).or_insert(entry);
    }

    /// The node at exactly `pointer`.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<&Entry> {
        self.entries.get(pointer)
    }

    /// The node at `pointer`, or at its longest existing prefix; `None` only for an empty index.
    #[must_use]
    pub fn lookup(&self, pointer: &str) -> Option<(&Entry, bool)> {
        let mut p = pointer;
        loop {
            if let Some(e) = self.entries.get(p) {
                return Some((e, p.len() == pointer.len()));
            }
            if p.is_empty() {
                return None;
            }
            p = p.rfind('/').map_or("", |i| &p[..i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_longest_prefix() {
        let mut idx = SpanIndex::default();
        idx.insert(String::new(), Entry { start: 0, end: 50, key: None });
        idx.insert("/plans/0".into(), Entry { start: 10, end: 40, key: None });
        assert_eq!(idx.lookup("/plans/0/charges/3").map(|(e, exact)| (e.start, exact)), Some((10, false)));
        assert_eq!(idx.lookup("/plans/0").map(|(e, exact)| (e.start, exact)), Some((10, true)));
        assert_eq!(idx.lookup("/other").map(|(e, _)| e.start), Some(0));
    }
}
