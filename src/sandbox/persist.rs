//! Atomic state persistence: write a temp file in the same directory, fsync it, rename it over the target, fsync
//! the directory. A reader (or a restarted sandbox) sees the old state or the new one, never a torn file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A failed state write or read.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("cannot write state file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read state file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("state file {path} is not valid sandbox state: {message}")]
    Parse { path: PathBuf, message: String },
}

/// Writes `bytes` to `path` atomically and durably.
///
/// # Errors
/// `PersistError::Write` naming the file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PersistError> {
    let err = |source| PersistError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a file if it exists (`Ok(None)` when it does not).
///
/// # Errors
/// `PersistError::Read` for any other IO failure.
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, PersistError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(PersistError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(read_if_exists(&p).unwrap().unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp files left behind"
        );
        assert!(read_if_exists(&dir.path().join("missing")).unwrap().is_none());
    }
}
