//! Offline snapshots: `state/<env>.json`, the live state of one environment written by `skuctl refresh` and read by
//! `plan --offline`.
//!
//! Format (version 1): a pretty-printed JSON object
//! `{"format": "skuctl-live-state", "format_version": 1, "environment": "<name>", "zuora": {...}, "salesforce": {...}}`
//! where `zuora` and `salesforce` are `LiveState` serialised (see `state.rs`): every collection sorted, every price a
//! JSON *string* holding the exact decimal, remote ids included, no timestamps. The same live state always gives
//! byte-identical files. Written atomically (temp file in the same directory, then rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::LiveState;

/// The `format` marker.
pub const FORMAT: &str = "skuctl-live-state";
/// The current format version.
pub const FORMAT_VERSION: u32 = 1;

/// A snapshot file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub format_version: u32,
    pub environment: String,
    pub zuora: super::ZuoraState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesforce: Option<super::SalesforceState>,
}

/// The markers of a snapshot file, read before the rest. Any JSON value is accepted for either, so a file whose
/// markers have the wrong type is reported as not a snapshot (or another version), as before.
#[derive(Deserialize, Default)]
struct Header {
    #[serde(default, deserialize_with = "loose_str")]
    format: Option<String>,
    #[serde(default)]
    format_version: Option<serde_json::Value>,
}

fn loose_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    })
}

/// Why a snapshot cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read snapshot {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("snapshot {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("snapshot {path} has format version {found}; this skuctl reads version {FORMAT_VERSION} (run `skuctl refresh` again)")]
    Version { path: PathBuf, found: u32 },
    #[error("cannot write snapshot {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl Snapshot {
    #[must_use]
    pub fn new(environment: &str, mut state: LiveState) -> Self {
        state.sort();
        Snapshot {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            environment: environment.to_owned(),
            zuora: state.zuora,
            salesforce: state.salesforce,
        }
    }

    /// The live state the snapshot holds.
    #[must_use]
    pub fn state(&self) -> LiveState {
        LiveState { zuora: self.zuora.clone(), salesforce: self.salesforce.clone() }
    }

    /// The live state the snapshot holds, without copying it.
    #[must_use]
    pub fn into_state(self) -> LiveState {
        LiveState { zuora: self.zuora, salesforce: self.salesforce }
    }

    /// The snapshot's text: pretty JSON with a trailing newline.
    ///
    /// # Errors
    /// Serialisation fails (it cannot for this type; kept typed rather than unwrapped).
    pub fn to_text(&self) -> Result<String, serde_json::Error> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }

    /// Reads a snapshot file.
    ///
    /// # Errors
    /// Unreadable, not a snapshot, or another format version.
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        let text = std::fs::read_to_string(path).map_err(|e| SnapshotError::Read { path: path.to_owned(), source: e })?;
        let invalid = |e: serde_json::Error| SnapshotError::Invalid { path: path.to_owned(), message: e.to_string() };
        // First only the markers (the rest of the text is skipped, not built), so another format or version is
        // reported as such rather than as whatever its body fails to parse as; then the text straight into the
        // typed state, without an intermediate `serde_json::Value`.
        let header: Header = match serde_json::from_str(&text) {
            Ok(h) => h,
            Err(e) if e.is_data() => Header::default(), // JSON, but not an object: no markers
            Err(e) => return Err(invalid(e)),
        };
        if header.format.as_deref() != Some(FORMAT) {
            return Err(SnapshotError::Invalid { path: path.to_owned(), message: format!("no \"format\": \"{FORMAT}\"") });
        }
        let found = header.format_version.as_ref().and_then(serde_json::Value::as_u64).unwrap_or(0);
        if found != u64::from(FORMAT_VERSION) {
            return Err(SnapshotError::Version { path: path.to_owned(), found: u32::try_from(found).unwrap_or(0) });
        }
        serde_json::from_str(&text).map_err(invalid)
    }

    /// Writes the snapshot atomically.
    ///
    /// # Errors
    /// The directory cannot be created or the file written.
    pub fn write(&self, path: &Path) -> Result<(), SnapshotError> {
        let text = self
            .to_text()
            .map_err(|e| SnapshotError::Write { path: path.to_owned(), source: std::io::Error::other(e.to_string()) })?;
        write_atomic(path, text.as_bytes()).map_err(|e| SnapshotError::Write { path: path.to_owned(), source: e })
    }
}

/// Writes `bytes` to `path` atomically: a temp file in the same directory, fsync, then rename.
///
/// # Errors
/// Any IO failure; the destination is then untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    // Temp files are created 0600; give the result the destination's mode, or an ordinary file's.
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(),
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}
