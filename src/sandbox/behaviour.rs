//! Behaviour switches for what the references mark UNVERIFIED (or where the real services differ by tenant).
//! Loaded from `--behaviour FILE` (JSON; every key optional, unknown keys refused); the defaults follow the
//! references' best evidence. See README "Sandbox behaviour switches".

use serde::{Deserialize, Serialize};

/// All switches. Field names are the JSON keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Behaviour {
    /// A repeated `Idempotency-Key`: `"replay"` returns the stored response (idempotent-requests guide),
    /// `"conflict"` answers 409 (error-handling guide). UNVERIFIED which one Zuora does.
    pub idempotency_replay: IdempotencyReplay,
    /// HTTP status of a failed CRUD / Actions call (`{"Success":false,"Errors":[...]}`): 400 (OpenAPI) or 200.
    pub crud_error_status: u16,
    /// When true, REST catalog errors (`{"success":false,"reasons":[...]}`) are sent with HTTP 200.
    pub rest_errors_as_200: bool,
    /// Concurrency limit per API family; `null` = not enforced (headers still report 40 for Zuora).
    pub concurrency_limit: Option<u32>,
    /// Spelling of tier `priceFormat` in the REST catalog: `"compact"` (FlatFee/PerUnit) or `"spec"` (flat fee/per unit).
    pub catalog_tier_price_format: TierFormat,
    /// Refuse a second product with the same name (docs say names are unique; Deployment Manager says otherwise).
    pub reject_duplicate_product_names: bool,
    /// `PUT /v1/object/product-rate-plan-charge` requires the create fields minus Name and ChargeType (PUT schema).
    pub charge_update_requires_full_fields: bool,
    /// An update's `fieldsToNull` (names of custom fields to clear, as on the SOAP zObject) is honoured; when
    /// false it is ignored like any unknown field. UNVERIFIED for the REST CRUD and Actions APIs.
    pub fields_to_null: bool,
    /// Serve the legacy `/v1/rateplan/{productId}/productRatePlan` URL (zuora-version >= 230 links to it).
    pub serve_legacy_rateplan_url: bool,
    /// Error code of a blocked delete of an object in use.
    pub cannot_delete_code: String,
    /// The tenant default (base) currency: tier data must include it.
    pub default_currency: String,
    /// The tenant's active currencies (Zuora) and the org's active currencies (Salesforce).
    pub currencies: Vec<String>,
    /// Nested caps of the catalog read (rate plans per product, charges per product).
    pub max_rate_plans_per_product: usize,
    pub max_charges_per_product: usize,
    pub salesforce: SalesforceBehaviour,
}

/// Salesforce-side switches.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SalesforceBehaviour {
    /// Lowest and highest accepted REST API version (`vNN.0`).
    pub min_api_version: u32,
    pub max_api_version: u32,
    /// Custom fields the org has, created at start (e.g. the unique External ID `Catalog_Key__c` on Product2).
    pub custom_fields: Vec<CustomField>,
    /// Product2.ProductCode is not unique in Salesforce; turn this on to make the sandbox refuse duplicates.
    pub product_code_unique: bool,
    /// Error code of a duplicate (price book, product, currency) entry: `DUPLICATE_VALUE` or `FIELD_INTEGRITY_EXCEPTION`.
    pub pricebook_entry_duplicate_code: String,
    /// Refuse `UseStandardPrice = true` on a standard price book entry (INFERRED).
    pub reject_use_standard_price_on_standard_book: bool,
    /// The corporate currency.
    pub corporate_currency: String,
    /// SOQL batch size when no `Sforce-Query-Options: batchSize=N` header is sent.
    pub query_default_batch_size: usize,
    /// The daily API request allocation reported in `Sforce-Limit-Info` and `/limits`.
    pub daily_api_limit: u64,
}

/// A custom field on a Salesforce object.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    pub object: String,
    pub name: String,
    #[serde(default)]
    pub external_id: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default = "default_text_length")]
    pub length: usize,
}

fn default_text_length() -> usize {
    255
}

/// What a replayed `Idempotency-Key` gets.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum IdempotencyReplay {
    Replay,
    Conflict,
}

/// Spelling of tier `priceFormat` in the REST catalog.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TierFormat {
    Compact,
    Spec,
}

impl Default for Behaviour {
    fn default() -> Self {
        Self {
            idempotency_replay: IdempotencyReplay::Replay,
            crud_error_status: 400,
            rest_errors_as_200: false,
            concurrency_limit: None,
            catalog_tier_price_format: TierFormat::Compact,
            reject_duplicate_product_names: false,
            charge_update_requires_full_fields: true,
            fields_to_null: true,
            serve_legacy_rateplan_url: true,
            cannot_delete_code: "CANNOT_DELETE".into(),
            default_currency: "USD".into(),
            currencies: ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF"]
                .map(String::from)
                .to_vec(),
            max_rate_plans_per_product: 300,
            max_charges_per_product: 300,
            salesforce: SalesforceBehaviour::default(),
        }
    }
}

impl Default for SalesforceBehaviour {
    fn default() -> Self {
        Self {
            min_api_version: 60,
            max_api_version: 66,
            custom_fields: vec![CustomField {
                object: "Product2".into(),
                name: "Catalog_Key__c".into(),
                external_id: true,
                unique: true,
                length: 255,
            }],
            product_code_unique: false,
            pricebook_entry_duplicate_code: "DUPLICATE_VALUE".into(),
            reject_use_standard_price_on_standard_book: true,
            corporate_currency: "USD".into(),
            query_default_batch_size: 2000,
            daily_api_limit: 15000,
        }
    }
}

impl Behaviour {
    /// Reads a behaviour file (JSON). Missing keys keep their defaults.
    ///
    /// # Errors
    /// A message naming the file when it cannot be read or parsed.
    pub fn from_file(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("invalid behaviour file {}: {e}", path.display()))
    }
}
