//! Exact decimal amounts: prices, percentages and unit quantities.
//!
//! A value is read from the YAML scalar's *text* (or a JSON string / arbitrary-precision number) straight into
//! `rust_decimal::Decimal`; nothing ever passes through `f64`. `19.99`, `0.10` (scale kept) and
//! `12345678901234567.891` survive every round trip. Serialised as a JSON/YAML *string* so other tools cannot
//! round it either.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! exact_decimal {
    ($(#[$meta:meta])* $name:ident, $what:literal, $example:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub Decimal);

        impl $name {
            /// The exact decimal value.
            #[must_use]
            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_exact(s).map($name).map_err(|e| format!("invalid {}: {e}", $what))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(ExactVisitor($what)).map($name)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": concat!("An exact decimal ", $what, ", written as a plain number or a quoted string (e.g. `", $example, "`). Never rounded."),
                    "type": ["string", "number", "integer"],
                    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
                    "examples": [$example]
                })
            }
        }
    };
}

exact_decimal!(
    /// A price or monetary amount in one currency.
    Money, "amount", "19.99"
);
exact_decimal!(
    /// A quantity of units (tier boundaries, included units).
    Quantity, "quantity", "1000"
);
exact_decimal!(
    /// A percentage (discounts), e.g. `10` or `12.5`.
    Percentage, "percentage", "10"
);

/// Parses a plain decimal literal exactly. Exponents, `inf`, `nan`, hex and anything else non-plain are refused:
/// a price in a catalog is written as digits with an optional point.
pub fn parse_exact(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits_ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !digits_ok {
        return Err(format!("`{text}` is not a plain decimal number (write digits with an optional decimal point, e.g. 19.99)"));
    }
    if int.trim_start_matches('0').len() > 28 {
        return Err(format!("`{text}` is too large (at most 28 significant digits)"));
    }
    Decimal::from_str_exact(t).map_err(|e| match e {
        rust_decimal::Error::Underflow => format!("`{text}` has more than 28 decimal places"),
        rust_decimal::Error::ExceedsMaximumPossibleValue | rust_decimal::Error::LessThanMinimumPossibleValue => {
            format!("`{text}` is too large (at most 28 significant digits)")
        }
        other => format!("`{text}`: {other}"),
    })
}

struct ExactVisitor(&'static str);

impl serde::de::Visitor<'_> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an exact decimal {} such as 19.99", self.0)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_exact(v).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(|_| E::custom("number too large (at most 28 digits)"))
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .map_err(|_| E::custom("number too large (at most 28 digits)"))
            .and_then(|v| self.visit_i128(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Reached only from a deserializer that has already turned the text into a float (never our YAML or JSON
        // paths). Refuse instead of guessing: a float cannot carry an exact price.
        Err(E::custom(format!(
            "the {} {v} arrived as a binary float and cannot be kept exact; write it as text",
            self.0
        )))
    }
}
