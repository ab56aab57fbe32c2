//! Loading: `catalog/` directory -> `Catalog`, keeping every node's source span.
//!
//! `catalog/catalog.yaml` is the root; every other `*.yaml` file below the directory holds one product.
//! NOTE: this is the first, minimal loader (no span index, no budgets yet); the catalog-language work replaces it.

pub mod codes;
mod source_map;

use std::path::{Path, PathBuf};

pub use source_map::{SourceFile, SourceMap, Span};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Catalog, CatalogRoot, Product, SourceId};

/// A loaded catalog with its sources. `diagnostics` holds load errors (parse errors, unknown fields); when any is
/// an error, `catalog` is `None`.
#[derive(Debug)]
pub struct Loaded {
    pub catalog: Option<Catalog>,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// An operational failure: the directory cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read catalog directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no catalog root: {0} does not exist")]
    NoRoot(PathBuf),
}

/// Loads the catalog under `dir`.
///
/// # Errors
/// Only when the directory cannot be read; problems in the files are diagnostics.
pub fn load_catalog(dir: &Path) -> Result<Loaded, LoadError> {
    let root_path = dir.join("catalog.yaml");
    if !root_path.is_file() {
        return Err(LoadError::NoRoot(root_path));
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError::Io { path: dir.to_owned(), source: e.into() })?;
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml") && p != root_path {
            files.push(p.to_owned());
        }
    }
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let root_text = std::fs::read_to_string(&root_path).map_err(|e| LoadError::Io { path: root_path.clone(), source: e })?;
    let root_id = sources.add(root_path, root_text);
    let root: Option<CatalogRoot> = parse(&sources, root_id, &mut diagnostics);
    let mut products = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| LoadError::Io { path: f.clone(), source: e })?;
        let id = sources.add(f, text);
        if let Some(mut p) = parse::<Product>(&sources, id, &mut diagnostics) {
            p.source = id;
            products.push(p);
        }
    }
    let ok = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let catalog = root.filter(|_| ok).map(|root| Catalog { root, products, root_source: root_id });
    Ok(Loaded { catalog, sources, diagnostics })
}

fn parse<T: serde::de::DeserializeOwned>(sources: &SourceMap, id: SourceId, out: &mut Vec<Diagnostic>) -> Option<T> {
    match serde_saphyr::from_str::<T>(&sources.file(id).text) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(Diagnostic::new("SKU001", Severity::Error, e.to_string(), Location::root(id)));
            None
        }
    }
}
