//! The plan document: what `plan --format json` prints and `plan --out FILE` saves, and what apply executes.
//!
//! Schema `format_version: 1` (documented in `docs/plan-format.md`): metadata (skuctl version, environment, where
//! live state came from, creation time, catalog digest), a summary, the ordered operations, the refused changes,
//! the fingerprint of every live object read (stale-plan protection), `content_digest`, and `digest`, a SHA-256 over
//! the canonical JSON of everything else. The same input with the same `created_at` gives byte-identical output.
//!
//! `content_digest` covers what the plan would do and what it was based on, but not when or how it was made
//! (`created_at`, `live_source`): two plans of the same catalog against the same live state have the same content
//! digest, so the one reviewed in a merge request can be matched with the one the default-branch pipeline applies.

use serde::{Deserialize, Serialize};

use super::canonical;
use super::diff::{Diff, LiveRead};
use super::operation::{Action, Operation, Refusal};
use crate::model::Catalog;

/// The current schema version. Bump it on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// A whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    pub format_version: u32,
    pub skuctl_version: String,
    pub environment: String,
    pub live_source: LiveSource,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub catalog: CatalogRef,
    pub summary: Summary,
    /// Names of the catalog products operations are grouped under, by product key.
    pub products: std::collections::BTreeMap<String, String>,
    pub operations: Vec<Operation>,
    pub refused: Vec<Refusal>,
    pub live_read: Vec<LiveRead>,
    /// `sha256:<hex>` over the canonical JSON of this document without `created_at`, `live_source`,
    /// `content_digest` and `digest`: reproducible between pipelines (the approval gate compares it).
    #[serde(default)]
    pub content_digest: String,
    /// `sha256:<hex>` over the canonical JSON of this document without `digest`.
    pub digest: String,
}

/// Where the live state came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum LiveSource {
    /// Read from the APIs.
    Live,
    /// Read from an offline snapshot (`refresh`); `path` relative to the working directory as given.
    Offline { path: String },
}

/// The catalog a plan was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
    pub name: String,
    pub version: String,
    /// `sha256:<hex>` over the canonical JSON of the loaded catalog (comments and formatting do not count).
    pub digest: String,
}

impl CatalogRef {
    /// The catalog's name, version and digest.
    #[must_use]
    pub fn of(catalog: &Catalog) -> CatalogRef {
        CatalogRef { name: catalog.root.name.clone(), version: catalog.root.version.to_string(), digest: catalog_digest(catalog) }
    }
}

/// Counts. Replacements count as one create and one retire, as in Terraform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub retire: usize,
    pub replace: usize,
    pub refused: usize,
    pub unchanged: usize,
    /// Operations marked destructive or customer-visible.
    pub marked: usize,
}

impl Summary {
    /// Counts the operations of a diff.
    #[must_use]
    pub fn of(diff: &Diff) -> Summary {
        let mut s = Summary { refused: diff.refusals.len(), unchanged: diff.unchanged, ..Summary::default() };
        for op in &diff.operations {
            match op.action {
                Action::Create => s.create += 1,
                Action::Update => s.update += 1,
                Action::Retire => s.retire += 1,
                Action::Replace => {
                    s.replace += 1;
                    s.create += 1;
                    s.retire += 1;
                }
            }
            if op.is_marked() {
                s.marked += 1;
            }
        }
        s
    }

    /// Whether anything would change.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.create + self.update + self.retire > 0
    }

    /// `Plan: N to create, M to update, K to retire.`
    #[must_use]
    pub fn line(&self) -> String {
        format!("Plan: {} to create, {} to update, {} to retire.", self.create, self.update, self.retire)
    }
}

/// The document's metadata, supplied by the caller (the plan stage does no IO and reads no clock).
#[derive(Debug, Clone)]
pub struct Meta {
    pub environment: String,
    pub live_source: LiveSource,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A saved plan that does not verify.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("not a skuctl plan: {message}")]
    Parse { message: String },
    #[error("plan format version {found} is not supported (this skuctl reads version {FORMAT_VERSION})")]
    Version { found: u32 },
    #[error("plan digest mismatch: the file says {recorded} but its content hashes to {actual}; it was edited or is corrupt")]
    Digest { recorded: String, actual: String },
    #[error(
        "plan content digest mismatch: the file says {recorded} but its operations hash to {actual}; it was edited or \
         is corrupt"
    )]
    ContentDigest { recorded: String, actual: String },
}

impl PlanDocument {
    /// Builds the document (and its digest).
    #[must_use]
    pub fn new(catalog: CatalogRef, diff: Diff, meta: Meta) -> PlanDocument {
        let mut doc = PlanDocument {
            format_version: FORMAT_VERSION,
            skuctl_version: env!("CARGO_PKG_VERSION").to_owned(),
            environment: meta.environment,
            live_source: meta.live_source,
            created_at: meta.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            catalog,
            summary: Summary::of(&diff),
            products: diff.groups,
            operations: diff.operations,
            refused: diff.refusals,
            live_read: diff.live_read,
            content_digest: String::new(),
            digest: String::new(),
        };
        // Both digests from one serialisation: the content digest leaves out the run-specific fields, the full
        // one covers everything but itself, with the content digest filled in.
        let (content, digest) = canonical::with_top_level(&doc, &["digest"], |top| {
            let content = top.digest(&["created_at", "live_source", "content_digest"], None);
            let digest = top.digest(&[], Some(("content_digest", &content)));
            (content, digest)
        });
        doc.content_digest = content;
        doc.digest = digest;
        debug_assert_eq!(doc.digest, doc.compute_digest());
        doc
    }

    /// The digest over everything but `digest`.
    #[must_use]
    pub fn compute_digest(&self) -> String {
        canonical::digest_of(self, &["digest"])
    }

    /// The digest over everything but `created_at`, `live_source`, `content_digest` and `digest`.
    #[must_use]
    pub fn compute_content_digest(&self) -> String {
        canonical::digest_of(self, &["created_at", "live_source", "content_digest", "digest"])
    }

    /// Pretty JSON with a trailing newline: what is printed and saved.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// A saved plan's environment, read before the plan is parsed and verified in full (one pass that skips
    /// every other field), so that `apply` can start reading that environment meanwhile. Nothing in it is
    /// verified yet except the format version.
    ///
    /// # Errors
    /// When the text is not JSON of that shape, or has another format version.
    pub fn header(text: &str) -> Result<Header, DocumentError> {
        #[derive(serde::Deserialize)]
        struct Probe {
            #[serde(default)]
            format_version: Option<serde_json::Value>,
            #[serde(default)]
            environment: Option<serde_json::Value>,
        }
        let probe: Probe = serde_json::from_str(text).map_err(|e| DocumentError::Parse { message: e.to_string() })?;
        let found = probe.format_version.as_ref().and_then(serde_json::Value::as_u64).unwrap_or(0);
        if found != u64::from(FORMAT_VERSION) {
            return Err(DocumentError::Version { found: u32::try_from(found).unwrap_or(u32::MAX) });
        }
        let environment = match probe.environment {
            Some(serde_json::Value::String(name)) => Some(name),
            _ => None,
        };
        Ok(Header { environment })
    }

    /// Reads a saved plan and verifies its version and digest.
    ///
    /// # Errors
    /// When the text is not a plan, has another format version, or its digest does not match its content.
    pub fn parse_verified(text: &str) -> Result<PlanDocument, DocumentError> {
        // The version first, so that a plan of another format gets that message rather than a parse error.
        Self::header(text)?;
        Self::parse_after_header(text)
    }

    /// `parse_verified` for a text whose header (`header`) was read and checked already: the document itself,
    /// straight from the text (no `Value` tree), and its digests.
    ///
    /// # Errors
    /// When the text is not a plan, or its digest does not match its content.
    pub fn parse_after_header(text: &str) -> Result<PlanDocument, DocumentError> {
        let doc: PlanDocument =
            serde_json::from_str(text).map_err(|e| DocumentError::Parse { message: e.to_string() })?;
        let actual = doc.compute_digest();
        if actual != doc.digest {
            return Err(DocumentError::Digest { recorded: doc.digest.clone(), actual });
        }
        let actual = doc.compute_content_digest();
        if actual != doc.content_digest {
            return Err(DocumentError::ContentDigest { recorded: doc.content_digest.clone(), actual });
        }
        Ok(doc)
    }
}

/// What `PlanDocument::header` finds in a saved plan before it is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The plan's `environment`, when it is a string (the full parse reports anything else).
    pub environment: Option<String>,
}

/// `sha256:<hex>` over the canonical JSON of a loaded catalog.
#[must_use]
pub fn catalog_digest(catalog: &Catalog) -> String {
    canonical::digest_of(catalog, &[])
}

#[cfg(test)]
mod tests {
    use super::{DocumentError, PlanDocument};

    #[test]
    fn the_header_names_the_environment_before_anything_else_is_read() {
        let header = PlanDocument::header(r#"{"environment": "prod", "format_version": 1, "operations": "not a list"}"#);
        assert_eq!(header.expect("header").environment.as_deref(), Some("prod"));
        let header = PlanDocument::header(r#"{"format_version": 1, "environment": 7}"#).expect("header");
        assert_eq!(header.environment, None, "only a string names an environment");
        let err = PlanDocument::header(r#"{"format_version": 3, "environment": "prod"}"#).unwrap_err();
        assert!(matches!(err, DocumentError::Version { found: 3 }), "{err}");
        assert!(matches!(PlanDocument::header("\"a plan\"").unwrap_err(), DocumentError::Parse { .. }));
    }

    #[test]
    fn the_format_version_is_checked_before_the_rest_is_parsed() {
        let err = PlanDocument::parse_verified(r#"{"format_version": 2, "operations": "not a list"}"#).unwrap_err();
        assert!(matches!(err, DocumentError::Version { found: 2 }), "{err}");
        let err = PlanDocument::parse_verified(r#"{"operations": []}"#).unwrap_err();
        assert!(matches!(err, DocumentError::Version { found: 0 }), "{err}");
        let err = PlanDocument::parse_verified(r#"{"format_version": 1, "operations": []}"#).unwrap_err();
        assert!(matches!(&err, DocumentError::Parse { message } if message.contains("missing field")), "{err}");
        let err = PlanDocument::parse_verified("{\"format_version\": 1,").unwrap_err();
        assert!(matches!(err, DocumentError::Parse { .. }), "{err}");
    }
}
