//! A place in a catalog file, as a JSON pointer into that file's YAML document.

use crate::model::SourceId;

/// A place in a loaded catalog file: the file, and a JSON pointer (RFC 6901) to the node inside it, e.g.
/// `/plans/0/charges/1/prices/EUR`. The loader's `SourceMap` turns it into a line, column and byte range.
/// An empty pointer means the whole document.
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
        let seg = segment.to_string().replace('~', "~0").replace('/', "~1");
        Location { source: self.source, pointer: format!("{}/{}", self.pointer, seg) }
    }
}
