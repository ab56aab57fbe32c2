//! Writing a command's report the way `validate` does: rendered by the shared diagnostic renderers, to standard
//! output, or atomically to `--output FILE` with a one-line summary on stderr.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::render::{self, Format};
use crate::load::SourceMap;

/// Writes `text` to `output` atomically, or to standard output. Prints the error and returns false on failure.
pub fn write_text(output: Option<&Path>, text: &str) -> bool {
    let result = match output {
        Some(path) => super::validate::write_atomic(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| format!("cannot write the output: {e}"))
        }
    };
    result.map_err(|e| eprintln!("error: {e}")).is_ok()
}

/// Renders `diagnostics` in `format` (colour only for `human` on a terminal without `NO_COLOR`) and writes them;
/// with `output`, a summary line goes to stderr. Returns false when writing failed.
pub fn emit(format: Format, output: Option<&Path>, diagnostics: &[Diagnostic], sources: &SourceMap) -> bool {
    let color = output.is_none()
        && format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = render::render(format, diagnostics, sources, color);
    let ok = write_text(output, &text);
    if ok && output.is_some() {
        eprintln!("{}", render::summary(diagnostics));
    }
    ok
}
