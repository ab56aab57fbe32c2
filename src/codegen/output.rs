//! The output directory: comparing generated files with what is on disk (`--check`) and writing them.
//!
//! The output directory belongs to skuctl: after `generate` it holds exactly the generated files, so a file there
//! that no template produces is "extra" (reported by `--check`, removed by a write). Files are written atomically
//! (a temporary file in the same directory, then a rename) and only when their contents changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{CodegenError, GeneratedFile};

/// How one file on disk differs from what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Would be generated, but does not exist.
    Missing { path: String, expected: String },
    /// Exists with other contents.
    Stale { path: String, actual: String, expected: String },
    /// Exists, but nothing generates it.
    Extra { path: String, actual: String },
}

impl Drift {
    /// The file's path relative to the output directory.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            Drift::Missing { path, .. } | Drift::Stale { path, .. } | Drift::Extra { path, .. } => path,
        }
    }

    /// `missing`, `stale` or `extra`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Drift::Missing { .. } => "missing",
            Drift::Stale { .. } => "stale",
            Drift::Extra { .. } => "extra",
        }
    }

    /// A unified diff from the file on disk (`a/`) to the generated file (`b/`), paths shown under `out_label`.
    #[must_use]
    pub fn unified_diff(&self, out_label: &str) -> String {
        let (old, new) = match self {
            Drift::Missing { expected, .. } => ("", expected.as_str()),
            Drift::Stale { actual, expected, .. } => (actual.as_str(), expected.as_str()),
            Drift::Extra { actual, .. } => (actual.as_str(), ""),
        };
        let name = format!("{out_label}/{}", self.path());
        let a = if matches!(self, Drift::Missing { .. }) { "/dev/null".to_owned() } else { format!("a/{name}") };
        let b = if matches!(self, Drift::Extra { .. }) { "/dev/null".to_owned() } else { format!("b/{name}") };
        similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(&a, &b).to_string()
    }
}

/// Every file under `dir`, by `/`-separated relative path. A missing directory has no files.
fn existing(dir: &Path) -> Result<BTreeMap<String, PathBuf>, CodegenError> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| CodegenError::Io { path: dir.to_owned(), source: e.into() })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
            out.insert(key, entry.path().to_owned());
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, CodegenError> {
    let bytes = std::fs::read(path).map_err(|e| CodegenError::Io { path: path.to_owned(), source: e })?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Compares `files` with `dir`; returns every difference, sorted by path. Writes nothing.
///
/// # Errors
/// When the directory or a file in it cannot be read.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Drift>, CodegenError> {
    let mut on_disk = existing(dir)?;
    let mut drift = Vec::new();
    for f in files {
        match on_disk.remove(&f.path) {
            None => drift.push(Drift::Missing { path: f.path.clone(), expected: f.contents.clone() }),
            Some(p) => {
                let actual = read(&p)?;
                if actual != f.contents {
                    drift.push(Drift::Stale { path: f.path.clone(), actual, expected: f.contents.clone() });
                }
            }
        }
    }
    for (path, p) in on_disk {
        drift.push(Drift::Extra { path, actual: read(&p)? });
    }
    drift.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(drift)
}

/// What a write did, by relative path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Writes `files` into `dir` (created if needed) and removes files there that nothing generates (and directories
/// left empty).
///
/// Each file is compared with what is on disk and, when it differs, written on its own thread (the files are
/// independent, and together tens of megabytes at catalog scale); the report is in path order whatever the
/// scheduling.
///
/// # Errors
/// When a file cannot be read, written, renamed or removed.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<WriteReport, CodegenError> {
    let mut on_disk = existing(dir)?;
    let targets: Vec<(&GeneratedFile, Option<PathBuf>)> = files.iter().map(|f| (f, on_disk.remove(&f.path))).collect();
    let outcomes: Vec<Result<bool, CodegenError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = targets
            .iter()
            .map(|(f, current)| scope.spawn(move || write_if_changed(dir, f, current.as_deref())))
            .collect();
        handles
            .into_iter()
            .zip(&targets)
            .map(|(h, (f, _))| {
                h.join().unwrap_or_else(|_| {
                    Err(CodegenError::Io { path: dir.join(&f.path), source: std::io::Error::other("writing panicked") })
                })
            })
            .collect()
    });
    let mut report = WriteReport::default();
    for ((f, _), outcome) in targets.iter().zip(outcomes) {
        if outcome? {
            report.written.push(f.path.clone());
        } else {
            report.unchanged.push(f.path.clone());
        }
    }
    report.written.sort();
    for (path, full) in on_disk {
        std::fs::remove_file(&full).map_err(|e| CodegenError::Io { path: full.clone(), source: e })?;
        remove_empty_parents(dir, &full);
        report.removed.push(path);
    }
    Ok(report)
}

/// Writes `file` unless `current` (its path on disk, if it exists) already holds exactly its contents; returns
/// whether it wrote.
fn write_if_changed(dir: &Path, file: &GeneratedFile, current: Option<&Path>) -> Result<bool, CodegenError> {
    if let Some(p) = current {
        let actual = std::fs::read(p).map_err(|e| CodegenError::Io { path: p.to_owned(), source: e })?;
        if actual == file.contents.as_bytes() {
            return Ok(false);
        }
    }
    write_atomic(&dir.join(&file.path), &file.contents)?;
    Ok(true)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut cur = file.parent();
    while let Some(d) = cur {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        cur = d.parent();
    }
}

fn write_atomic(path: &Path, contents: &str) -> Result<(), CodegenError> {
    let io = |e: std::io::Error| CodegenError::Io { path: path.to_owned(), source: e };
    let parent = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    std::io::Write::write_all(&mut tmp, contents.as_bytes()).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
