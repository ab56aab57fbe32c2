//! Reading one catalog file: refuses a file over the size limit before reading it into memory (and stops reading a
//! file that grows past it, e.g. a device), and reports the byte offset of the first invalid UTF-8 sequence.

use std::io::Read as _;
use std::path::Path;

/// Why a file could not be read as catalog text.
#[derive(Debug, thiserror::Error)]
pub enum ReadProblem {
    #[error("the file is {size} bytes, over the {limit}-byte limit for one catalog file")]
    TooLarge { size: u64, limit: u64 },
    /// `lossy` is the text with the invalid bytes replaced, for showing where the problem is.
    #[error("the file is not valid UTF-8: invalid byte sequence at byte offset {offset}")]
    InvalidUtf8 { offset: usize, lossy: String },
    #[error("cannot read the file: {source}")]
    Io { source: std::io::Error },
}

/// Reads `path` as UTF-8 text of at most `limit` bytes.
///
/// # Errors
/// A `ReadProblem` saying why the text is unusable.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    let file = std::fs::File::open(path).map_err(|source| ReadProblem::Io { source })?;
    let size = file.metadata().map_err(|source| ReadProblem::Io { source })?.len();
    if size > limit {
        return Err(ReadProblem::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|source| ReadProblem::Io { source })?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge { size: bytes.len() as u64, limit });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadProblem::InvalidUtf8 { offset, lossy: String::from_utf8_lossy(e.as_bytes()).into_owned() }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_utf8() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, b"name: caf\xe9\n").expect("write");
        match read_text(&p, 100) {
            Err(ReadProblem::InvalidUtf8 { offset, .. }) => assert_eq!(offset, 9),
            other => panic!("unexpected {other:?}"),
        }
        std::fs::write(&p, vec![b'#'; 101]).expect("write");
        assert!(matches!(read_text(&p, 100), Err(ReadProblem::TooLarge { size: 101, limit: 100 })));
        std::fs::write(&p, "a: 1\n").expect("write");
        assert_eq!(read_text(&p, 100).expect("text"), "a: 1\n");
    }
}
