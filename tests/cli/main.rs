//! The integration tests: one binary (faster to link), one module per feature. Every test drives the real
//! `skuctl` binary or talks to it over loopback HTTP.
//!
//! Snapshots are insta `.snap` files under `tests/cli/snapshots/`. To update them after an intended change:
//! `INSTA_UPDATE=always cargo test --test cli` (or `cargo insta review`), then read the diff before committing.

mod plan;
mod hostile;
mod validate;
mod schema;
mod synth;
mod support;
mod sample_catalog;
mod rules;
mod explain;
mod catalog_properties;
mod fake_gitlab;
mod gitops_audit;
mod gitops_ci;
mod gitops_gitlab;
mod gitops_pipeline;
mod gitops_apply;
mod gitops_comment;
mod support_live;
mod live_import;
mod sandbox_ops;
mod sandbox_salesforce;
mod sandbox_zuora;
mod support_sandbox;
mod policy;
mod live_clients;
mod live_secrets;
mod live_salesforce;
mod live_production_snapshot;
