//! Allowing one change-policy finding on one object, with a mandatory written reason.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Allows one change-policy finding on the object it sits on. Blanket suppression is not offered: each entry names
/// one code and says why, and the reason is shown in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The finding's code, e.g. `CHG010`.
    #[schemars(example = &"CHG010")]
    pub code: String,
    /// Why this change is acceptable. Must not be empty.
    #[schemars(example = &"Approved by pricing committee, ticket FIN-1234")]
    pub reason: String,
}
