//! Canonical JSON (object keys sorted, no insignificant whitespace, numbers as their exact text) and SHA-256
//! digests over it. Used for live-object fingerprints, the catalog digest and the saved plan's own digest.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `v` as canonical JSON: keys sorted by their UTF-8 bytes at every level, compact separators.
#[must_use]
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// `sha256:<hex>` of the canonical JSON of `v`.
#[must_use]
pub fn digest(v: &Value) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(to_string(v).as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_numbers_kept_exact() {
        let v: Value = serde_json::from_str(r#"{"b":1.10,"a":{"d":[1,"x"],"c":null}}"#).expect("json");
        assert_eq!(to_string(&v), r#"{"a":{"c":null,"d":[1,"x"]},"b":1.10}"#);
    }

    #[test]
    fn digest_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"x":1,"y":2}"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"y":2,"x":1}"#).expect("json");
        assert_eq!(digest(&a), digest(&b));
        assert!(digest(&a).starts_with("sha256:"));
    }
}
