//! Planning: the diff of the desired state (from the catalog) against the live state (Zuora and Salesforce, or an
//! offline snapshot), as ordered operations with field-level changes. Pure data: no IO, no clock (the caller
//! passes `today` and the creation time).
//!
//! - `resource`: the generic object both sides are turned into; `from_live`: `LiveState` -> resources.
//! - `diff` + `rules`: matching by catalog key, actions (create / update / retire / replace), refusals, markers.
//! - `document`: the versioned plan document (`--format json`, `--out`), its digests.
//! - `render`: human, markdown, json.

pub mod canonical;
pub mod diff;
pub mod from_live;
pub mod document;
pub mod operation;
pub mod render;
pub mod resource;
pub mod rules;

pub use diff::{Diff, LiveRead, diff};
pub use document::{CatalogRef, LiveSource, Meta, PlanDocument, Summary, catalog_digest};
pub use operation::{Action, Change, Marker, Operation, Reason, Refusal};
pub use resource::{FieldMap, Kind, Resource, System};
