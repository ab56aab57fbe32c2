//! The loader's limits against hostile or accidental input. Each is reported with its own code when exceeded.

/// Limits applied to every catalog file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read (`SKU007`). A product file at Zuora's limits is well under 1 MiB.
    pub max_file_bytes: u64,
    /// Deepest nesting of mappings and sequences (`SKU010`). A catalog nests about 8 levels.
    pub max_depth: usize,
    /// Most nodes one file may expand to, aliases included (`SKU011`).
    pub max_nodes: usize,
    /// Most aliases in one file (`SKU011`).
    pub max_aliases: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 4 * 1024 * 1024, max_depth: 64, max_nodes: 2_000_000, max_aliases: 10_000 }
    }
}

impl Limits {
    pub(super) fn tree(&self) -> super::tree::TreeLimits {
        super::tree::TreeLimits { max_depth: self.max_depth, max_nodes: self.max_nodes, max_aliases: self.max_aliases }
    }
}
