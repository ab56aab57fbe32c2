//! Canonical JSON (object keys sorted, no insignificant whitespace, numbers as their exact text) and SHA-256
//! digests over it. Used for live-object fingerprints, the catalog digest and the saved plan's own digest.
//! Digests stream straight into the hasher: no intermediate string is built.

use std::io::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `v` as canonical JSON to `out`: keys sorted by their UTF-8 bytes at every level, compact separators.
///
/// # Errors
/// Only those of `out`.
pub fn write<W: Write>(v: &Value, out: &mut W) -> std::io::Result<()> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.write_all(b"{")?;
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_str(k, out)?;
                out.write_all(b":")?;
                write(v, out)?;
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write(item, out)?;
            }
            out.write_all(b"]")
        }
        other => serde_json::to_writer(&mut *out, other).map_err(std::io::Error::other),
    }
}

/// Writes a JSON string literal.
///
/// # Errors
/// Only those of `out`.
pub fn write_str<W: Write>(s: &str, out: &mut W) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(std::io::Error::other)
}

/// Canonical JSON of `v` as a string.
#[must_use]
pub fn to_string(v: &Value) -> String {
    let mut buf = Vec::new();
    let _ = write(v, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// A SHA-256 hasher that canonical JSON can be written into.
#[derive(Default)]
pub struct Hasher(Sha256);

impl Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Hasher {
    /// `sha256:<hex>` of everything written.
    #[must_use]
    pub fn finish(self) -> String {
        format!("sha256:{}", hex::encode(self.0.finalize()))
    }
}

/// `sha256:<hex>` of the canonical JSON of `v`.
#[must_use]
pub fn digest(v: &Value) -> String {
    let mut h = Hasher::default();
    let _ = write(v, &mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_numbers_kept_exact() {
        let v: Value = serde_json::from_str(r#"{"b":1.10,"a":{"d":[1,"x\"y"],"c":null}}"#).expect("json");
        assert_eq!(to_string(&v), r#"{"a":{"c":null,"d":[1,"x\"y"]},"b":1.10}"#);
    }

    #[test]
    fn digest_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"x":1,"y":2}"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"y":2,"x":1}"#).expect("json");
        assert_eq!(digest(&a), digest(&b));
        assert!(digest(&a).starts_with("sha256:"));
        let mut h = Hasher::default();
        let _ = h.write_all(to_string(&a).as_bytes());
        assert_eq!(h.finish(), digest(&a));
    }
}
