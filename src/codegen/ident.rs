//! Identifiers per target language: catalog keys (`saas_premium_1y`) become valid, conventional identifiers
//! (`SAAS_PREMIUM_1Y` in Ruby and Rust, `saasPremium1y` in TypeScript, `SaasPremium1y` for Rust enum variants).
//!
//! Pure functions, also registered as template filters, so the collision rule (`SKU900`) and the templates agree.
//! A key is split into words at every character that is not an ASCII letter or digit (so `a__b` and `a_b` give the
//! same words); a result that is a reserved word gets a trailing `_`; a result that would start with a digit gets a
//! prefix (`K_` for constants, `K` for type-case names, `_` for camel case).

/// One identifier style used by the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Ruby constant: `SCREAMING_SNAKE`.
    RubyConst,
    /// TypeScript value: `lowerCamel`.
    TsCamel,
    /// Rust constant or static: `SCREAMING_SNAKE`.
    RustConst,
    /// Rust enum variant or type: `UpperCamel`.
    RustPascal,
}

impl Style {
    /// Every style, in a fixed order.
    pub const ALL: [Style; 4] = [Style::RubyConst, Style::TsCamel, Style::RustConst, Style::RustPascal];

    /// The language and convention, for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Style::RubyConst => "Ruby constant",
            Style::TsCamel => "TypeScript identifier",
            Style::RustConst => "Rust constant",
            Style::RustPascal => "Rust enum variant",
        }
    }

    /// The identifier for `key` in this style.
    #[must_use]
    pub fn apply(self, key: &str) -> String {
        let mut out = String::with_capacity(key.len() + 2);
        self.apply_into(key, &mut out);
        out
    }

    /// Appends the identifier for `key` in this style to `out` (no allocation beyond `out` growing).
    pub fn apply_into(self, key: &str, out: &mut String) {
        let start = out.len();
        let (sep, first, rest, prefix, reserved): (&str, Case, Case, &str, &[&str]) = match self {
            Style::RubyConst => ("_", Case::Upper, Case::Upper, "K_", RUBY_RESERVED),
            Style::TsCamel => ("", Case::Lower, Case::Capital, "_", TS_RESERVED),
            Style::RustConst => ("_", Case::Upper, Case::Upper, "K_", &[]),
            Style::RustPascal => ("", Case::Capital, Case::Capital, "K", RUST_TYPE_RESERVED),
        };
        for (i, word) in words(key).enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            let case = if i == 0 { first } else { rest };
            for (j, c) in word.chars().enumerate() {
                out.push(match case {
                    Case::Upper => c.to_ascii_uppercase(),
                    Case::Lower => c.to_ascii_lowercase(),
                    Case::Capital if j == 0 => c.to_ascii_uppercase(),
                    Case::Capital => c.to_ascii_lowercase(),
                });
            }
        }
        if out.len() == start || out[start..].starts_with(|c: char| c.is_ascii_digit()) {
            out.insert_str(start, prefix);
        }
        if reserved.contains(&&out[start..]) {
            out.push('_');
        }
    }
}

/// How a word is cased.
#[derive(Clone, Copy)]
enum Case {
    Upper,
    Lower,
    /// First letter upper, the rest lower.
    Capital,
}

/// The words of a key: runs of ASCII letters and digits (anything else separates them).
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty())
}

/// Ruby's upper-case keywords and pseudo-constants that cannot name a constant.
const RUBY_RESERVED: &[&str] = &["BEGIN", "END", "__FILE__", "__LINE__", "__ENCODING__", "__END__"];

/// TypeScript/JavaScript reserved words, strict-mode reserved words, contextual keywords, and the generated module's
/// own export names.
const TS_RESERVED: &[&str] = &[
    "abstract", "any", "arguments", "as", "async", "await", "boolean", "break", "case", "catch", "class", "const",
    "constructor", "continue", "debugger", "declare", "default", "delete", "do", "else", "enum", "eval", "export",
    "extends", "false", "finally", "for", "from", "function", "get", "if", "implements", "import", "in", "infer",
    "instanceof", "interface", "is", "keyof", "let", "module", "namespace", "never", "new", "null", "number",
    "object", "of", "package", "private", "protected", "public", "readonly", "require", "return", "set", "static",
    "string", "super", "switch", "symbol", "this", "throw", "true", "try", "type", "typeof", "undefined", "unique",
    "unknown", "var", "void", "while", "with", "yield", "Infinity", "NaN",
    // the generated module's own exports
    "addOns", "catalogName", "catalogVersion", "currencies", "defaultCurrency", "environments", "groups", "plans",
    "products",
];

/// Rust names that cannot be an enum variant or type (`Self`) or shadow prelude types the generated code uses.
const RUST_TYPE_RESERVED: &[&str] = &["Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec"];

/// `saas_premium_1y` -> `SAAS_PREMIUM_1Y`; `end` -> `END_`; `1y` -> `K_1Y`.
#[must_use]
pub fn ruby_const(key: &str) -> String {
    Style::RubyConst.apply(key)
}

/// `saas_premium_1y` -> `saasPremium1y`; `class` -> `class_`; `1y` -> `_1y`.
#[must_use]
pub fn ts_camel(key: &str) -> String {
    Style::TsCamel.apply(key)
}

/// `saas_premium_1y` -> `SAAS_PREMIUM_1Y`; `1y` -> `K_1Y`.
#[must_use]
pub fn rust_const(key: &str) -> String {
    Style::RustConst.apply(key)
}

/// `saas_premium_1y` -> `SaasPremium1y`; `self` -> `Self_`; `1y` -> `K1y`.
#[must_use]
pub fn rust_pascal(key: &str) -> String {
    Style::RustPascal.apply(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        assert_eq!(ruby_const("saas_premium_1y"), "SAAS_PREMIUM_1Y");
        assert_eq!(ts_camel("saas_premium_1y"), "saasPremium1y");
        assert_eq!(rust_const("saas_premium_1y"), "SAAS_PREMIUM_1Y");
        assert_eq!(rust_pascal("saas_premium_1y"), "SaasPremium1y");
    }

    #[test]
    fn reserved_words_and_leading_digits() {
        assert_eq!(ruby_const("end"), "END_");
        assert_eq!(ruby_const("begin"), "BEGIN_");
        assert_eq!(ts_camel("class"), "class_");
        assert_eq!(ts_camel("type"), "type_");
        assert_eq!(rust_pascal("self"), "Self_");
        assert_eq!(rust_pascal("option"), "Option_");
        assert_eq!(ruby_const("1y"), "K_1Y");
        assert_eq!(ts_camel("1y_plan"), "_1yPlan");
        assert_eq!(rust_pascal("1y"), "K1y");
        assert_eq!(rust_const("match"), "MATCH");
    }

    #[test]
    fn apply_into_appends_and_prefixes_only_its_own_identifier() {
        let mut out = String::from("x|");
        Style::RubyConst.apply_into("1y", &mut out);
        out.push('|');
        Style::TsCamel.apply_into("class", &mut out);
        out.push('|');
        Style::RustPascal.apply_into("", &mut out);
        out.push('|');
        Style::TsCamel.apply_into("__", &mut out);
        assert_eq!(out, "x|K_1Y|class_|K|_");
        assert_eq!(ts_camel("SaaS_PREMIUM_x"), "saasPremiumX");
        assert_eq!(rust_pascal("saaS-premium.1Y"), "SaasPremium1y");
    }

    #[test]
    fn distinct_keys_can_collide() {
        assert_eq!(ts_camel("saas_premium1y"), ts_camel("saas_premium_1y"));
        assert_eq!(ts_camel("class_"), ts_camel("class"));
        assert_eq!(ruby_const("a__b"), ruby_const("a_b"));
        assert_ne!(ruby_const("saas_premium1y"), ruby_const("saas_premium_1y"));
    }
}
