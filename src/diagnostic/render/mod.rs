//! Renderers: the same `&[Diagnostic]` + `&SourceMap` as text for people (`human`, miette reports with the source
//! snippet) and for machines (`json`, GitLab `codequality`, `junit`). Every renderer sorts the diagnostics the same
//! deterministic way (file, line, column, code, message) and names files relative to the current directory.
//! Used by `skuctl validate` and `skuctl check`.

mod codequality;
mod human;
mod json;
mod junit;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::load::{SourceMap, Span};

pub use codequality::render as codequality;
pub use human::render as human;
pub use json::render as json;
pub use junit::render as junit;

/// Output formats of the diagnostic renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Reports with the source snippet and a help line, for people.
    Human,
    /// A JSON array of `{code, severity, message, file, line, column, help}`.
    Json,
    /// GitLab Code Quality report (`artifacts:reports:codequality`).
    Codequality,
    /// JUnit XML (`artifacts:reports:junit`).
    Junit,
}

/// Renders `diagnostics` in `format`. `color` applies to `human` only.
#[must_use]
pub fn render(format: Format, diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    match format {
        Format::Human => human(diagnostics, sources, color),
        Format::Json => json(diagnostics, sources),
        Format::Codequality => codequality(diagnostics, sources),
        Format::Junit => junit(diagnostics, sources),
    }
}

/// A diagnostic with its resolved position, in render order.
pub(crate) struct Placed<'a> {
    pub diagnostic: &'a Diagnostic,
    pub file: String,
    pub span: Span,
}

/// Resolves and sorts: by file, line, column, code, message.
pub(crate) fn placed<'a>(diagnostics: &'a [Diagnostic], sources: &SourceMap) -> Vec<Placed<'a>> {
    let mut all: Vec<Placed<'a>> = diagnostics
        .iter()
        .map(|d| Placed { diagnostic: d, file: display_path(sources, &d.location), span: sources.span(&d.location) })
        .collect();
    all.sort_by(|a, b| {
        (&a.file, a.span.line, a.span.column, a.diagnostic.code, &a.diagnostic.message).cmp(&(
            &b.file,
            b.span.line,
            b.span.column,
            b.diagnostic.code,
            &b.diagnostic.message,
        ))
    });
    all
}

/// The file of a location, relative to the current directory when it lies below it, with `/` separators.
#[must_use]
pub fn display_path(sources: &SourceMap, loc: &Location) -> String {
    relative(sources.path(loc.source))
}

fn relative(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// "2 errors, 1 warning" style counts.
#[must_use]
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    use crate::diagnostic::Severity;
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    format!("{}, {}", plural(count(Severity::Error), "error"), plural(count(Severity::Warning), "warning"))
}
