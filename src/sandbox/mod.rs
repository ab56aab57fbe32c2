//! `skuctl sandbox`: a faithful, stateful local server of the Zuora catalog API and the Salesforce Product2 /
//! Pricebook REST API on one port, built from shared/reference/{zuora,salesforce}-api.md. It enforces the
//! references' business rules and error shapes, persists its state atomically, and injects faults on request.
//! UNVERIFIED behaviours are switches (`behaviour`). Layout: `server` (start-up, connection loop, fault front),
//! `router`, `app` (shared state), `state` + `persist`, `zuora/*`, `salesforce/*`, `faults`, `tls`, `admin`.

// Handlers short-circuit with a ready `Response` as the error (`Result<_, Response>` + `?`): the large error
// variant is the point, and it never crosses a module boundary.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod app;
pub mod auth;
pub mod behaviour;
pub mod faults;
pub mod idempotency;
pub mod ids;
pub mod lexing;
pub mod options;
pub mod persist;
pub mod router;
pub mod salesforce;
pub mod server;
pub mod state;
pub mod statelog;
pub mod tls;
pub mod zuora;

pub use options::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_LISTEN, FaultOptions, SandboxOptions};
pub use server::{SandboxError, serve};
