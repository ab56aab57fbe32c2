//! A small, deterministic YAML writer for generated catalog files (import).
//!
//! Writes block mappings and sequences; scalars are plain when they are unambiguous strings and double-quoted
//! (JSON escaping, which is valid YAML) otherwise, so every value reads back as exactly the text written. Empty
//! collections use flow style (`{}`, `[]`). Key order is the serializer's (struct field order).

use serde_json::Value;

/// Renders a JSON value (from `serde_json::to_value` of a catalog type) as a YAML document.
#[must_use]
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => write_seq(a, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn pad(n: usize, out: &mut String) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn write_map(m: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    let mut first = true;
    for (k, v) in m {
        if !first || indent > 0 {
            pad(indent, out);
        }
        first = false;
        out.push_str(&scalar(&Value::String(k.clone())));
        out.push(':');
        write_value_after_key(v, indent, out);
    }
}

fn write_value_after_key(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn write_seq(a: &[Value], indent: usize, out: &mut String) {
    for item in a {
        pad(indent, out);
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => {
                // First key on the dash line, the rest aligned under it.
                let mut iter = m.iter();
                if let Some((k, v)) = iter.next() {
                    out.push_str(&scalar(&Value::String(k.clone())));
                    out.push(':');
                    write_value_after_key(v, indent + 2, out);
                }
                for (k, v) in iter {
                    pad(indent + 2, out);
                    out.push_str(&scalar(&Value::String(k.clone())));
                    out.push(':');
                    write_value_after_key(v, indent + 2, out);
                }
            }
            v if is_block(v) => {
                out.push('\n');
                if let Value::Array(inner) = v {
                    write_seq(inner, indent + 2, out);
                }
            }
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if plain_ok(s) {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
            }
        }
        Value::Object(m) if m.is_empty() => "{}".to_owned(),
        Value::Array(a) if a.is_empty() => "[]".to_owned(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A string can be written plain when YAML would read it back as the same string and nothing else.
fn plain_ok(s: &str) -> bool {
    const RESERVED: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];
    if s.is_empty() || RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if !(first.is_ascii_alphabetic() || first == '_') {
        return false;
    }
    if s.ends_with(' ') || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    s.chars().all(|c| c.is_ascii_alphanumeric() || " _-./()&+,%'".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_would_change_meaning() {
        assert_eq!(scalar(&Value::String("Seat".into())), "Seat");
        assert_eq!(scalar(&Value::String("true".into())), "\"true\"");
        assert_eq!(scalar(&Value::String("19.99".into())), "\"19.99\"");
        assert_eq!(scalar(&Value::String("a: b".into())), "\"a: b\"");
        assert_eq!(scalar(&Value::String("".into())), "\"\"");
        assert_eq!(scalar(&Value::String("[EDU] x".into())), "\"[EDU] x\"");
    }

    #[test]
    fn nested_blocks() {
        let v = serde_json::json!({"a": 1, "b": {"c": "d"}, "e": [{"f": "g", "h": ["i"]}], "z": []});
        assert_eq!(to_yaml(&v), "a: 1\nb:\n  c: d\ne:\n- f: g\n  h:\n  - i\nz: []\n");
    }
}
