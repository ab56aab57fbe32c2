//! The loaded files, and the way from a `Location` (file + JSON pointer) to a byte range, line and column.
//!
//! The span index of a file (pointer -> byte range) is built on first use, from the file's parser events, so a
//! catalog of thousands of clean files never pays for it; only files with a finding do.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::span_index::SpanIndex;
use super::tree;
use crate::diagnostic::Location;
use crate::model::SourceId;

/// A byte range in a file with its 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
    pub line: usize,
    pub column: usize,
}

/// One loaded file. `text` is the file's content (for a file that is not valid UTF-8, a lossy copy used only to
/// show where the problem is).
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    index: OnceLock<SpanIndex>,
    lines: OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn new(path: PathBuf, text: String) -> Self {
        SourceFile { path, text, index: OnceLock::new(), lines: OnceLock::new() }
    }

    /// The file's span index (built on first use).
    pub fn index(&self) -> &SpanIndex {
        self.index.get_or_init(|| tree::build_index(&self.text))
    }

    /// Line and column (1-based; the column in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let lines = self.lines.get_or_init(|| {
            std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect()
        });
        let offset = offset.min(self.text.len());
        let line = lines.partition_point(|&start| start <= offset).max(1);
        let start = lines[line - 1];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, column)
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let (line, column) = self.line_col(start);
        Span { offset: start, len: end.saturating_sub(start), line, column }
    }
}

/// Every file the loader read, addressable by `SourceId`.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, text));
        id
    }

    /// The file behind `id`.
    ///
    /// # Panics
    /// If `id` did not come from this map.
    #[must_use]
    pub fn file(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    #[must_use]
    pub fn path(&self, id: SourceId) -> &Path {
        &self.file(id).path
    }

    /// Every file, in id order.
    pub fn files(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (SourceId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// Resolves a location to a span: the node the pointer names (its key with a `#key` suffix), else the closest
    /// enclosing node; a raw byte range (`#start-end`) as is; the start of the file when nothing matches.
    #[must_use]
    pub fn span(&self, loc: &Location) -> Span {
        let Some(file) = self.files.get(loc.source.0 as usize) else {
            return Span { offset: 0, len: 0, line: 1, column: 1 };
        };
        if let Some(raw) = loc.pointer.strip_prefix('#') {
            let (a, b) = raw.split_once('-').unwrap_or((raw, raw));
            let a = a.parse().unwrap_or(0);
            return file.span_of(a, b.parse().unwrap_or(a));
        }
        let (pointer, want_key) = match loc.pointer.strip_suffix("#key") {
            Some(p) => (p, true),
            None => (loc.pointer.as_str(), false),
        };
        match file.index().lookup(pointer) {
            Some((e, exact)) => match e.key {
                Some((ks, ke)) if want_key && exact => file.span_of(ks, ke),
                _ => file.span_of(e.start, e.end),
            },
            None => file.span_of(0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_nested_prices_and_keys() {
        let mut map = SourceMap::default();
        let text = "key: p\nplans:\n  - key: a\n    charges:\n      - prices:\n          USD: 19.99\n          EUR: 18.50\n";
        let id = map.add("p.yaml".into(), text.to_owned());
        let price = Location::root(id).at("plans").at(0).at("charges").at(0).at("prices").at("EUR");
        assert_eq!(map.span(&price), Span { offset: text.find("18.50").unwrap_or(0), len: 5, line: 7, column: 16 });
        assert_eq!((map.span(&price.key()).line, map.span(&price.key()).column), (7, 11));
        let missing = Location::root(id).at("plans").at(0).at("charges").at(0).at("tiers");
        assert_eq!(map.span(&missing).line, 5);
        assert_eq!(map.span(&Location::bytes(id, 7, 12)).line, 2);
    }

    #[test]
    fn columns_count_characters() {
        let mut map = SourceMap::default();
        let id = map.add("p.yaml".into(), "name: Café\nsku: é\n".to_owned());
        let span = map.span(&Location::root(id).at("sku"));
        assert_eq!((span.line, span.column), (2, 6));
    }
}
