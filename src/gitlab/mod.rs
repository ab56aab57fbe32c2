//! GitLab integration for the GitOps pipeline.
//!
//! - [`GitLabSettings`] reads the API root (`CI_API_V4_URL`), the project (`CI_PROJECT_ID`) and the token from the
//!   variable whose *name* the config gives (never `CI_JOB_TOKEN`: it cannot post notes or read approvals).
//! - [`GitLabClient`] is a small async REST client (reqwest) for the few endpoints skuctl needs.
//! - [`note`] upserts exactly one plan note per merge request (hidden marker + the token user's id);
//!   [`render_plan_note`] composes its Markdown (plan, policy findings, who is affected, digest).
//! - [`check_approval`] is the pure approval gate for `apply --require-approval`; [`require_approval`] gathers its
//!   facts through the API.
//!
//! Tokens never appear in output, logs or errors: [`Token`] has a redacting `Debug` and no `Display`.

mod approval;
mod client;
mod error;
mod gate;
pub mod note;
mod note_content;
mod settings;
mod token;
mod wire;

pub use approval::{Approved, Refusal, check_approval};
pub use client::GitLabClient;
pub use error::GitLabError;
pub use gate::{ApprovalRequest, check_with_client, require_approval};
pub use note::{NoteUpsert, PlanNoteMarker};
pub use note_content::{MAX_NOTE_CHARS, PlanNoteContent, render_plan_note};
pub use settings::{DEFAULT_TOKEN_VARIABLE, GitLabSettings};
pub use token::Token;
pub use wire::{Approvals, ApprovedBy, MergeRequest, Note, User};
