//! Code generation: the validated catalog -> typed constants for Ruby, TypeScript and Rust, plus
//! `generated/catalog.json`, rendered with Tera from templates embedded in the binary (overridable per project).
//!
//! Stages: [`resolved`] (model -> [`GeneratedCatalog`], pure), [`templates`] (embedded + project templates),
//! [`render`] (pure: templates -> [`GeneratedFile`]s), [`output`] (the only IO: compare with or write to the output
//! directory). Identifier collisions are validation rule `SKU900` ([`collision`]). Output is byte-for-byte
//! deterministic: no timestamps, sorted collections, catalog order.

pub mod collision;
pub mod escape;
pub mod ident;
pub mod output;
pub mod remote_ids;
pub mod render;
pub mod resolved;
pub mod templates;

use std::path::{Path, PathBuf};

pub use remote_ids::{PlanRemoteIds, RemoteIds};
pub use resolved::GeneratedCatalog;

use crate::model::Catalog;

/// One generated file: its path relative to the output directory (`/`-separated) and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Why generation failed (operational and template errors; catalog problems are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("cannot access {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("template {template}: {reason}")]
    FrontMatter { template: String, reason: String },
    #[error("two templates write {output}: {first} and {second}")]
    DuplicateOutput { output: String, first: String, second: String },
    #[error("template {template} failed:\n{message}")]
    Template { template: String, message: String },
    #[error("cannot serialise the generated catalog: {0}")]
    Json(String),
}

/// Renders every file for `catalog` with the embedded templates, overridden by `templates_dir` when given.
///
/// # Errors
/// When a project template cannot be read, declares no valid output path, or fails to render.
pub fn generate(
    catalog: &Catalog,
    remote: &RemoteIds,
    templates_dir: Option<&Path>,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let templates = templates::with_overrides(templates_dir)?;
    let comment = render::header(&catalog.root.name, &catalog.root.version.to_string());
    let resolved = GeneratedCatalog::build(catalog, remote, comment);
    let files = render::render(&resolved, &templates);
    render::drop_in_background(resolved);
    files
}
