//! skuctl: a declarative plan/SKU catalog compiler and GitOps pipeline for Zuora and Salesforce.
//!
//! The crate follows the pipeline: `model` (pure data) -> `load` (files to model, with spans) -> `validate`
//! (rules as data) -> `plan` -> `providers` -> `codegen` -> `apply`, with `cli` thin on top.

pub mod cli;
pub mod audit;
pub mod codegen;
pub mod diagnostic;
pub mod gitlab;
pub mod load;
pub mod model;
pub mod par;
pub mod plan;
pub mod sandbox;
pub mod validate;
pub mod config;
pub mod live;
pub mod providers;
pub mod apply;
pub mod policy;
pub mod schema;
pub mod synth;
