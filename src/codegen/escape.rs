//! String literals and comment text per target language. Pure functions, registered as template filters.
//!
//! Every function returns a complete literal (quotes included) that the language reads back as exactly the input:
//! quotes, backslashes, newlines, control characters, `#{` (Ruby interpolation), `${` and backticks (TypeScript
//! template literals) and the JavaScript line terminators U+2028/U+2029 are escaped; other Unicode (accents, emoji)
//! is kept as UTF-8.

use std::fmt::Write as _;

/// Characters written as a `\u` escape instead of literally: control characters, the line and paragraph separators
/// (line terminators in JavaScript), bidirectional-text controls (which can make code read differently from how it
/// compiles) and the byte-order mark.
fn needs_unicode_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Writes `s` between `quote`s, escaping backslashes, the common control characters and [`needs_unicode_escape`]
/// characters; `special(c, next)` gives the language-specific escape of a character, if it has one.
fn literal(s: &str, quote: char, special: impl Fn(char, Option<char>) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(esc) = special(c, chars.peek().copied()) {
            out.push_str(esc);
            continue;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A Ruby double-quoted string literal. `#` is always escaped (`\#`), so `#{...}`, `#@x` and `#$x` never interpolate.
#[must_use]
pub fn ruby_str(s: &str) -> String {
    literal(s, '"', |c, _| match c {
        '"' => Some("\\\""),
        '#' => Some("\\#"),
        _ => None,
    })
}

/// A TypeScript double-quoted string literal.
#[must_use]
pub fn ts_str(s: &str) -> String {
    literal(s, '"', |c, _| (c == '"').then_some("\\\""))
}

/// A TypeScript template literal (backticks) whose text is exactly `s`: backticks and `${` are escaped.
#[must_use]
pub fn ts_template(s: &str) -> String {
    literal(s, '`', |c, next| match (c, next) {
        ('`', _) => Some("\\`"),
        ('$', Some('{')) => Some("\\$"),
        _ => None,
    })
}

/// A Rust string literal (not raw).
#[must_use]
pub fn rust_str(s: &str) -> String {
    literal(s, '"', |c, _| match c {
        '"' => Some("\\\""),
        '\0' => Some("\\0"),
        _ => None,
    })
}

/// Text safe inside any comment of the generated languages, on one line: line breaks (including U+2028, U+2029 and
/// NEL), other control characters and bidirectional-text controls become spaces, and `*/` becomes `*\/` so a block comment cannot be closed
/// early.
#[must_use]
pub fn comment(s: &str) -> String {
    let one_line: String = s.chars().map(|c| if needs_unicode_escape(c) { ' ' } else { c }).collect();
    one_line.replace("*/", "*\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "Say \"hi\" \\ #{x} ${y} `z` */ é 🚀\nnext\u{2028}\u{1}\u{202e}";

    #[test]
    fn ruby() {
        assert_eq!(ruby_str(HOSTILE), "\"Say \\\"hi\\\" \\\\ \\#{x} ${y} `z` */ é 🚀\\nnext\\u{2028}\\u{1}\\u{202e}\"");
    }

    #[test]
    fn typescript() {
        assert_eq!(ts_str(HOSTILE), "\"Say \\\"hi\\\" \\\\ #{x} ${y} `z` */ é 🚀\\nnext\\u{2028}\\u{1}\\u{202e}\"");
        assert_eq!(ts_template("a ${b} `c` $d"), "`a \\${b} \\`c\\` $d`");
    }

    #[test]
    fn rust() {
        assert_eq!(rust_str(HOSTILE), "\"Say \\\"hi\\\" \\\\ #{x} ${y} `z` */ é 🚀\\nnext\\u{2028}\\u{1}\\u{202e}\"");
    }

    #[test]
    fn comments() {
        assert_eq!(comment("a */ b\nc\u{2028}d"), "a *\\/ b c d");
    }
}
