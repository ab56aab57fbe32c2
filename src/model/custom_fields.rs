//! Provider custom fields (`Tier__c`, `CDotPlanStatus__c`, ...), passed through untouched.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Custom fields by API name. Names end in `__c` (Zuora and Salesforce custom fields). Values are kept as the text
/// the author wrote (strings, booleans and numbers alike), so nothing is reinterpreted or rounded on the way through.
pub type CustomFields = BTreeMap<String, CustomValue>;

/// One custom field value, kept as written. `null` (`~`) clears the field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomValue {
    /// Explicitly empty.
    Null,
    /// The scalar's text, exactly as written (`premium`, `true`, `1.10`).
    Text(String),
}

impl CustomValue {
    /// The value's text, `None` for null.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CustomValue::Null => None,
            CustomValue::Text(t) => Some(t),
        }
    }
}

impl fmt::Display for CustomValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomValue::Null => f.write_str("null"),
            CustomValue::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for CustomValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CustomValue::Null => s.serialize_none(),
            CustomValue::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for CustomValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CustomValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar custom field value (text, number or boolean) or null")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v.to_owned()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<CustomValue, E> {
                Ok(CustomValue::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<CustomValue, E> {
                Ok(CustomValue::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<CustomValue, D2::Error> {
                d.deserialize_str(V)
            }
        }
        // Ask for an option first so `~`/`null` becomes Null; any other scalar is then read as its text.
        d.deserialize_option(V)
    }
}

impl schemars::JsonSchema for CustomValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CustomValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A custom field value passed to the provider untouched: text, a number, a boolean, or null to clear it.",
            "type": ["string", "number", "integer", "boolean", "null"],
            "examples": ["premium"]
        })
    }
}
