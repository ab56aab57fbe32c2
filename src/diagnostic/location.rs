//! A place in a catalog file, as a JSON pointer into that file's YAML document.

use crate::model::SourceId;

/// A place in a loaded catalog file: the file, and a JSON pointer (RFC 6901) to the node inside it, e.g.
/// `/plans/0/charges/1/prices/EUR`. The loader's `SourceMap` turns it into a line, column and byte range.
/// An empty pointer means the whole document.
///
/// Two suffixes extend the pointer for the loader's own findings (JSON pointers never contain `#`):
/// - `<pointer>#key`: the *key* of that mapping member rather than its value (see [`Location::key`]), e.g. an
///   unknown or duplicated field;
/// - `#<start>-<end>`: a raw byte range, for problems that are not a node (a syntax error, an invalid UTF-8 byte, a
///   tab); see [`Location::bytes`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub source: SourceId,
    pub pointer: String,
}

impl Location {
    /// The whole document of `source`.
    #[must_use]
    pub fn root(source: SourceId) -> Self {
        Location { source, pointer: String::new() }
    }

    /// A child of this location: a mapping key or a sequence index. `~` and `/` are escaped per RFC 6901.
    #[must_use]
    pub fn at(&self, segment: impl std::fmt::Display) -> Self {
        use std::fmt::Write as _;
        let mut pointer = String::with_capacity(self.pointer.len() + 24);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        let start = pointer.len();
        let _ = write!(pointer, "{segment}");
        if pointer[start..].contains(['~', '/']) {
            let seg = pointer.split_off(start);
            pointer.push_str(&seg.replace('~', "~0").replace('/', "~1"));
        }
        Location { source: self.source, pointer }
    }

    /// The key of this mapping member (its name, not its value): `/plans/0/nmae#key`.
    #[must_use]
    pub fn key(&self) -> Self {
        Location { source: self.source, pointer: format!("{}#key", self.pointer) }
    }

    /// A raw byte range `start..end` of the file.
    #[must_use]
    pub fn bytes(source: SourceId, start: usize, end: usize) -> Self {
        Location { source, pointer: format!("#{start}-{}", end.max(start)) }
    }

    /// The JSON pointer part, without a `#key` suffix; `None` for a raw byte range.
    #[must_use]
    pub fn node_pointer(&self) -> Option<&str> {
        if self.pointer.starts_with('#') {
            None
        } else {
            Some(self.pointer.strip_suffix("#key").unwrap_or(&self.pointer))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        let loc = Location::root(SourceId(0)).at("plans").at(0).at("a/b");
        assert_eq!(loc.pointer, "/plans/0/a~1b");
        assert_eq!(loc.key().pointer, "/plans/0/a~1b#key");
        assert_eq!(loc.key().node_pointer(), Some("/plans/0/a~1b"));
        assert_eq!(Location::bytes(SourceId(0), 5, 9).pointer, "#5-9");
        assert_eq!(Location::bytes(SourceId(0), 5, 9).node_pointer(), None);
        // RFC 6901: `~` first, so `~1` in a key stays a literal `~` followed by `1`.
        assert_eq!(Location::root(SourceId(0)).at("a~1/b~").pointer, "/a~01~1b~0");
    }
}
