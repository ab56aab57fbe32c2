//! Diagnostics are data: a stable code, a severity, a message, a primary location in a catalog file, secondary
//! locations, and a help line. Rendering (human, json, codequality, junit) lives apart from the model.

mod finding;
mod location;
mod severity;
pub mod render;

pub use finding::{Diagnostic, Related};
pub use location::Location;
pub use severity::Severity;
