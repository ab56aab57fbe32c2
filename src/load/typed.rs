//! Deserialises a schema-valid file into the model with serde-saphyr, and maps its errors to diagnostics.
//!
//! The options are explicit (never the crate defaults): YAML 1.2 booleans only (`strict_booleans`), duplicate
//! keys are errors, merge keys are ordinary keys (so the schema's view and this one agree), and budgets bound depth,
//! nodes, aliases and alias expansion. Amounts (`model::Money`) read the scalar's text, so `1.10` stays `1.10`.

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, DuplicateKeyPolicy, MergeKeyPolicy, Options};

use super::codes;
use super::limits::Limits;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::SourceId;
use crate::validate::Rule;
use crate::validate::suggest::did_you_mean;

/// The serde-saphyr options the loader uses.
#[must_use]
pub fn options(limits: &Limits) -> Options {
    let mut budget = Budget::default();
    budget.max_reader_input_bytes = usize::try_from(limits.max_file_bytes).ok();
    budget.max_depth = limits.max_depth;
    // Well above what a file within the size limit can hold without aliases (the default 250k is too low for big
    // catalogs); alias expansion is bounded separately.
    budget.max_nodes = limits.max_nodes.saturating_mul(2);
    budget.max_events = limits.max_nodes.saturating_mul(4);
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases;
    budget.max_documents = 1;
    let mut o = Options::default();
    o.budget = Some(budget);
    o.strict_booleans = true;
    o.duplicate_keys = DuplicateKeyPolicy::Error;
    o.merge_keys = MergeKeyPolicy::AsOrdinary;
    o.alias_limits.max_total_replayed_events = limits.max_nodes;
    o.with_snippet = false;
    o
}

/// Deserialises `text` (file `source`) into `T`; on failure appends a diagnostic and returns `None`.
pub fn deserialize<T: DeserializeOwned>(text: &str, source: SourceId, limits: &Limits, out: &mut Vec<Diagnostic>) -> Option<T> {
    match serde_saphyr::from_str_with_options::<T>(text, options(limits)) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(diagnose(&e, text, source));
            None
        }
    }
}

fn diag(rule: &Rule, at: Location, message: String) -> Diagnostic {
    Diagnostic::new(rule.code, rule.severity, message, at)
}

fn diagnose(error: &serde_saphyr::Error, text: &str, source: SourceId) -> Diagnostic {
    use serde_saphyr::Error as E;
    let inner = error.without_snippet();
    let (start, len) = inner
        .location()
        .map(|l| {
            let s = l.span();
            (s.byte_offset().unwrap_or(0), s.byte_len().unwrap_or(0))
        })
        .unwrap_or((0, 0));
    let start = usize::try_from(start).unwrap_or(0).min(text.len());
    let end = start + usize::try_from(len).unwrap_or(0);
    let at = Location::bytes(source, start, end);
    match inner {
        E::SerdeUnknownField { field, expected, .. } => {
            diag(&codes::UNKNOWN_FIELD, at, format!("unknown field `{field}`"))
                .with_help(did_you_mean(field, "field", expected.iter().copied()))
        }
        E::SerdeMissingField { field, .. } => {
            diag(&codes::MISSING_FIELD, at, format!("missing the required field `{field}`"))
        }
        E::SerdeInvalidType { unexpected, expected, .. } => {
            diag(&codes::WRONG_TYPE, at, format!("expected {expected}, found {unexpected}"))
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            diag(&codes::INVALID_VALUE, at, format!("`{variant}` is not an allowed value"))
                .with_help(did_you_mean(variant, "value", expected.iter().copied()))
        }
        E::DuplicateMappingKey { key, .. } => diag(
            &codes::DUPLICATE_KEY,
            at,
            format!("duplicate key `{}`", key.as_deref().unwrap_or("?")),
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => diag(&codes::ALIAS_LIMIT, at, message(inner)),
        E::SerdeInvalidValue { .. } | E::Message { .. } | E::InvalidScalar { .. } | E::NonFiniteFloat { .. } | E::InvalidBooleanStrict { .. } | E::NullIntoString { .. } => {
            let text_here = text.get(start..end).filter(|s| !s.is_empty() && s.len() < 80);
            let msg = message(inner);
            let msg = match text_here {
                Some(t) if !msg.contains(t) => format!("`{t}`: {msg}"),
                _ => msg,
            };
            diag(&codes::INVALID_VALUE, at, msg)
        }
        _ => diag(&codes::SYNTAX, at, message(inner)),
    }
}

/// The error's message without the position suffix serde-saphyr appends (the diagnostic carries the position).
fn message(error: &serde_saphyr::Error) -> String {
    let full = error.to_string();
    let cut = full.find(" at line ").unwrap_or(full.len());
    full[..cut].trim().to_owned()
}
