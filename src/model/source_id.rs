//! Which loaded file an object came from.

/// Index of a file in the loader's source map. Only meaningful together with the `SourceMap` that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceId(pub u32);
