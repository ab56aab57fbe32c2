//! Zuora wire shapes (DTOs): what goes over HTTP, in each API family's own casing.
//!
//! The REST catalog (`GET /v1/catalog/products`) is read as `serde_json::Value` and picked apart in `mapping.rs`:
//! it carries tenant-specific custom fields (`Foo__c`) inline at every level and its spellings vary between
//! versions, so a fixed struct would drop data. The small, fixed envelopes are typed here.

use serde::{Deserialize, Serialize};

/// `POST /oauth/token` response.
#[derive(Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// One page of `GET /v1/catalog/products`.
#[derive(Deserialize)]
pub struct CatalogPage {
    #[serde(default)]
    pub products: Vec<serde_json::Value>,
    #[serde(default, rename = "nextPage")]
    pub next_page: Option<String>,
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default)]
    pub reasons: Vec<Reason>,
}

/// One page of `GET /v1/products/{id}/product-rate-plans` (Zuora-Version >= 230.0).
#[derive(Deserialize)]
pub struct RatePlanPage {
    #[serde(default, rename = "productRatePlans")]
    pub product_rate_plans: Vec<serde_json::Value>,
    #[serde(default, rename = "nextPage")]
    pub next_page: Option<String>,
}

/// A REST (non-CRUD) error reason: `code` is 8 digits, the last two the category (50/61/70/99 retryable).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Reason {
    #[serde(default)]
    pub code: serde_json::Value,
    #[serde(default)]
    pub message: String,
}

impl Reason {
    /// The two-digit category of the code, when the code is numeric.
    #[must_use]
    pub fn category(&self) -> Option<u32> {
        let text = match &self.code {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => return None,
        };
        text.parse::<u64>().ok().map(|c| u32::try_from(c % 100).unwrap_or(0))
    }
}

/// CRUD / Actions error item (`{"Code":"INVALID_VALUE","Message":"..."}`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct CrudError {
    #[serde(rename = "Code", default)]
    pub code: String,
    #[serde(rename = "Message", default)]
    pub message: String,
}

/// CRUD create/update response and Actions `SaveResult`: `{"Id":"...","Success":true}` or
/// `{"Success":false,"Errors":[...]}`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct SaveResult {
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    #[serde(rename = "Success", default)]
    pub success: bool,
    #[serde(rename = "Errors", default)]
    pub errors: Vec<CrudError>,
}

/// Body of `POST /v1/action/create|update`.
#[derive(Serialize)]
pub struct ActionRequest<'a> {
    #[serde(rename = "type")]
    pub object_type: &'a str,
    pub objects: &'a [serde_json::Map<String, serde_json::Value>],
}
