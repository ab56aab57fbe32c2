//! Salesforce wire shapes (DTOs), in the REST API's casing.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `POST /services/oauth2/token` response (client credentials).
#[derive(Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub instance_url: String,
}

/// A `query` page.
#[derive(Deserialize)]
pub struct QueryPage {
    #[serde(default)]
    pub done: bool,
    #[serde(default, rename = "nextRecordsUrl")]
    pub next_records_url: Option<String>,
    #[serde(default)]
    pub records: Vec<Map<String, Value>>,
}

/// A REST error item outside collections: `{"message","errorCode","fields"?}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RestError {
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "errorCode")]
    pub error_code: String,
}

/// A per-record error inside sObject Collections results (`statusCode`, not `errorCode`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct RecordError {
    #[serde(default, rename = "statusCode")]
    pub status_code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub fields: Vec<String>,
}

/// One record's result of an sObject Collections create / update / upsert, in request order.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct SaveResult {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<RecordError>,
    /// Upsert only: whether the record was inserted.
    #[serde(default)]
    pub created: Option<bool>,
}

/// Body of an sObject Collections call.
#[derive(Serialize)]
pub struct CollectionRequest<'a> {
    #[serde(rename = "allOrNone")]
    pub all_or_none: bool,
    pub records: &'a [Map<String, Value>],
}
