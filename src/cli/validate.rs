//! `skuctl validate`: load the catalog (files, schema, types), run the semantic rules, render every finding.
//! Exit 0 when there is no error (warnings allowed), 1 when there is, 2 on usage errors (clap).

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::diagnostic::render::{self, Format};

/// Validate the catalog: YAML, JSON Schema and every semantic rule.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The catalog directory (holding `catalog.yaml` and one YAML file per product).
    #[arg(long, value_name = "DIR", default_value = "catalog")]
    pub catalog: PathBuf,
    /// Output format: `human` (reports with source snippets), `json` (array of {code, severity, message, file, line,
    /// column, help}), `codequality` (GitLab Code Quality report) or `junit` (JUnit XML for GitLab test reports).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of standard output; a one-line summary goes to stderr.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs the command.
#[must_use]
pub fn run(args: Args) -> i32 {
    let loaded = match crate::load::load_catalog(&args.catalog) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut diagnostics = loaded.diagnostics;
    if let Some(catalog) = &loaded.catalog {
        diagnostics.extend(crate::validate::check(catalog));
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let color = args.output.is_none()
        && args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = render::render(args.format, &diagnostics, &loaded.sources, color);
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomic(path, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 1;
            }
            eprintln!("{}", render::summary(&diagnostics));
        }
        None => {
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
                return 1;
            }
        }
    }
    i32::from(failed)
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename: never a partial file.
///
/// # Errors
/// When the directory is not writable or the rename fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    // A temporary file is private (0600); the result gets the target's permissions, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
