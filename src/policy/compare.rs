//! The IO edge of `check` and `changelog`: load the working-tree catalog and the catalog at the base revision, then
//! run the pure [`check`](super::check).

use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::load::{LoadError, Loaded, load_catalog};

use super::Report;
use super::base::{BaseError, checkout};

/// Why the comparison could not be made at all.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error(transparent)]
    Base(#[from] BaseError),
    #[error("the working-tree catalog: {0}")]
    Head(LoadError),
    #[error("the catalog at `{rev}`: {source}")]
    BaseLoad { rev: String, source: LoadError },
    #[error("the catalog at `{rev}` does not load ({count} error(s)); first: {first}")]
    BaseInvalid { rev: String, count: usize, first: String },
}

/// The working-tree catalog as loaded (its sources and load diagnostics), and the report when it loaded cleanly.
#[derive(Debug)]
pub struct Compared {
    pub head: Loaded,
    pub report: Option<Report>,
}

/// Compares the catalog in `catalog` (working tree) against the same directory at `rev` of the repository at
/// `repo` (default: the one containing `catalog`).
///
/// # Errors
/// When the base revision cannot be read or its catalog does not load, or the working-tree catalog directory
/// cannot be read. Problems inside the working-tree files are diagnostics in `head`, not errors.
pub fn compare(catalog: &Path, repo: Option<&Path>, rev: &str) -> Result<Compared, CompareError> {
    let repo: PathBuf = repo.map_or_else(|| catalog.to_owned(), Path::to_owned);
    let tree = checkout(&repo, rev, catalog)?;
    let head = load_catalog(catalog).map_err(CompareError::Head)?;
    let base = match &tree {
        None => None,
        Some(t) => {
            let loaded = load_catalog(&t.catalog).map_err(|source| CompareError::BaseLoad { rev: rev.to_owned(), source })?;
            let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
            match (loaded.catalog, errors.first()) {
                (Some(c), None) => Some(c),
                (_, first) => {
                    return Err(CompareError::BaseInvalid {
                        rev: rev.to_owned(),
                        count: errors.len(),
                        first: first.map_or_else(|| "no catalog".to_owned(), |d| format!("{}: {}", d.code, d.message)),
                    });
                }
            }
        }
    };
    let report = head.catalog.as_ref().map(|c| super::check(base.as_ref(), c));
    Ok(Compared { head, report })
}
