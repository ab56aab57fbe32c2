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
        match self {
            Style::RubyConst => ruby_const(key),
            Style::TsCamel => ts_camel(key),
            Style::RustConst => rust_const(key),
            Style::RustPascal => rust_pascal(key),
        }
    }
}

fn words(key: &str) -> Vec<&str> {
    key.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

fn shouty(key: &str) -> String {
    words(key).iter().map(|w| w.to_ascii_uppercase()).collect::<Vec<_>>().join("_")
}

fn capitalised(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn pascal(key: &str) -> String {
    words(key).iter().map(|w| capitalised(w)).collect()
}

fn camel(key: &str) -> String {
    let ws = words(key);
    let mut out = String::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 {
            out.push_str(&w.to_ascii_lowercase());
        } else {
            out.push_str(&capitalised(w));
        }
    }
    out
}

fn fix(ident: String, prefix: &str, reserved: &[&str]) -> String {
    let ident = if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{ident}")
    } else {
        ident
    };
    if reserved.contains(&ident.as_str()) { ident + "_" } else { ident }
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
    fix(shouty(key), "K_", RUBY_RESERVED)
}

/// `saas_premium_1y` -> `saasPremium1y`; `class` -> `class_`; `1y` -> `_1y`.
#[must_use]
pub fn ts_camel(key: &str) -> String {
    fix(camel(key), "_", TS_RESERVED)
}

/// `saas_premium_1y` -> `SAAS_PREMIUM_1Y`; `1y` -> `K_1Y`.
#[must_use]
pub fn rust_const(key: &str) -> String {
    fix(shouty(key), "K_", &[])
}

/// `saas_premium_1y` -> `SaasPremium1y`; `self` -> `Self_`; `1y` -> `K1y`.
#[must_use]
pub fn rust_pascal(key: &str) -> String {
    fix(pascal(key), "K", RUST_TYPE_RESERVED)
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
    fn distinct_keys_can_collide() {
        assert_eq!(ts_camel("saas_premium1y"), ts_camel("saas_premium_1y"));
        assert_eq!(ts_camel("class_"), ts_camel("class"));
        assert_eq!(ruby_const("a__b"), ruby_const("a_b"));
        assert_ne!(ruby_const("saas_premium1y"), ruby_const("saas_premium_1y"));
    }
}
