//! A secret value (client secret, access token) whose `Debug` and `Display` never show it.
//!
//! The only way to the text is `expose()`, called exactly where a request is built. Nothing else in the crate may
//! format a secret: errors, logs, plans and files only ever see `[redacted]`.

use std::fmt;

/// A credential or token. Cloning is allowed (clients keep one each); printing is not.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret text, for building a request. Never format the result.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("canary-123");
        assert_eq!(format!("{s}"), "[redacted]");
        assert!(!format!("{s:?}").contains("canary"));
        assert_eq!(s.expose(), "canary-123");
    }
}
