//! Writing a command's report: to standard output or atomically to a file.
//! NOTE: `emit` is a stand-in until the shared renderers (`diagnostic::render`) land; it then delegates to them.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;

/// Report formats shared with `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Codequality,
    Junit,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes `text` to `output` atomically (temporary file in the same directory, then rename), or to stdout.
///
/// # Errors
/// When the file cannot be written.
pub fn write_text(output: Option<&Path>, text: &str) -> Result<(), OutputError> {
    let Some(path) = output else {
        let mut out = std::io::stdout().lock();
        return out.write_all(text.as_bytes()).map_err(|source| OutputError::Write { path: "<stdout>".into(), source });
    };
    let err = |source| OutputError::Write { path: path.to_owned(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Renders `diagnostics` in `format` and writes them.
///
/// # Errors
/// When the output cannot be written.
pub fn emit(format: Format, output: Option<&Path>, diagnostics: &[Diagnostic], sources: &SourceMap) -> Result<(), OutputError> {
    let mut text = String::new();
    let _ = format;
    for d in diagnostics {
        let span = sources.span(&d.location);
        text.push_str(&format!(
            "{}[{}]: {}\n  --> {}:{}:{}\n",
            d.severity.as_str(),
            d.code,
            d.message,
            sources.path(d.location.source).display(),
            span.line,
            span.column
        ));
        if let Some(h) = &d.help {
            text.push_str(&format!("  help: {h}\n"));
        }
    }
    write_text(output, &text)
}
