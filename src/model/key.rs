//! Stable identifiers written by catalog authors.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stable key: lower-case `snake_case` (`[a-z][a-z0-9_]*`, at most 80 characters). Keys never change once an
/// object has been applied: remote objects are matched by key, never by name. (Checked by the schema and by rule
/// `SKU100`.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = "^[a-z][a-z0-9_]*$", "maxLength" = 80, "examples" = ["saas_premium_1y"]))]
pub struct Key(pub String);

impl Key {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Self {
        Key(s.to_owned())
    }
}

/// An ISO 4217 currency code in upper case, e.g. `USD`, `EUR`, `JPY`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = "^[A-Z]{3}$", "examples" = ["USD"]))]
pub struct CurrencyCode(pub String);

impl CurrencyCode {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number of decimal places of the currency's minor unit (USD 2, JPY 0, KWD 3), if ISO 4217 knows it.
    #[must_use]
    pub fn minor_unit_digits(&self) -> Option<u32> {
        let c = iso_currency::Currency::from_code(&self.0)?;
        c.exponent().map(u32::from)
    }

    /// Whether ISO 4217 knows this code.
    #[must_use]
    pub fn is_known(&self) -> bool {
        iso_currency::Currency::from_code(&self.0).is_some()
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for CurrencyCode {
    fn from(s: &str) -> Self {
        CurrencyCode(s.to_owned())
    }
}
