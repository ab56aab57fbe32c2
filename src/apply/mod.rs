//! Apply: executes a saved plan (`skuctl plan --out`) against its environment, exactly once.
//!
//! Contract (issue 5):
//! - The plan verifies (its own digest), has no refused change, is for this environment, and was made from the
//!   catalog in the working tree (same catalog digest). The live objects it read are re-read and fingerprinted:
//!   any difference (outside operations an interrupted run of this plan already started) refuses the apply,
//!   naming each changed object, before anything is written.
//! - `execute` runs the operations in dependency order, batched, with bounded concurrency, retries and stable
//!   idempotency keys, journalling intent and outcome of every call (`journal`), so a killed apply started again
//!   finishes the remaining work and creates nothing twice.
//! - Afterwards the environment is read again: its offline snapshot is refreshed (remote ids for codegen and
//!   offline plans), and the catalog is planned again; anything left to change fails the apply loudly.
//!
//! Layout: `journal` (the resumable record), `steps` (levels, batches, keys), `payload` (operation -> wire
//! object), `stale` (fingerprint comparison), `execute` (the async executor), `progress` (bar or log),
//! `session` (the whole sequence the CLI runs).

pub mod execute;
pub mod journal;
pub mod payload;
pub mod progress;
pub mod session;
pub mod stale;
pub mod steps;

pub use execute::{Failure, Outcome, Remote};
pub use journal::{Journal, JournalError, Status};
pub use session::{ApplyError, ApplyOptions, Report};
