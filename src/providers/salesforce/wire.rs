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

/// Body of an sObject Collections call: each record with its `attributes.type`, serialised from the records as
/// they are (no copy).
#[derive(Serialize)]
pub struct CollectionRequest<'a> {
    #[serde(rename = "allOrNone")]
    pub all_or_none: bool,
    pub records: Vec<Typed<'a>>,
}

impl<'a> CollectionRequest<'a> {
    /// `records` of one type, `allOrNone` false.
    #[must_use]
    pub fn new(sobject: &'a str, records: &'a [Map<String, Value>]) -> Self {
        let records = records.iter().map(|fields| Typed { attributes: Attributes { r#type: sobject }, fields }).collect();
        CollectionRequest { all_or_none: false, records }
    }
}

/// A record with its `attributes`.
#[derive(Serialize)]
pub struct Typed<'a> {
    pub attributes: Attributes<'a>,
    #[serde(flatten)]
    pub fields: &'a Map<String, Value>,
}

/// `{"type": "Product2"}`.
#[derive(Serialize)]
pub struct Attributes<'a> {
    pub r#type: &'a str,
}

/// Body of a Composite call (`POST /composite`): subrequests run in the order sent.
#[derive(Serialize)]
pub struct CompositeRequest<'a> {
    #[serde(rename = "allOrNone")]
    pub all_or_none: bool,
    #[serde(rename = "collateSubrequests")]
    pub collate_subrequests: bool,
    #[serde(rename = "compositeRequest")]
    pub composite_request: Vec<CompositeSubrequest<'a>>,
}

/// One subrequest of a Composite call: an sObject Collections call.
#[derive(Serialize)]
pub struct CompositeSubrequest<'a> {
    pub method: &'static str,
    pub url: String,
    #[serde(rename = "referenceId")]
    pub reference_id: &'a str,
    pub body: CollectionRequest<'a>,
}

/// The answer of a Composite call.
#[derive(Deserialize)]
pub struct CompositeResponse {
    #[serde(rename = "compositeResponse")]
    pub composite_response: Vec<CompositeSubresponse>,
}

/// One subrequest's answer: its status and body (a collection's results, or an error array).
#[derive(Deserialize)]
pub struct CompositeSubresponse {
    #[serde(default)]
    pub body: Value,
    #[serde(rename = "httpStatusCode")]
    pub http_status_code: u16,
    #[serde(rename = "referenceId")]
    pub reference_id: String,
}
