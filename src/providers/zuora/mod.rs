//! Zuora: the product catalog (Product -> ProductRatePlan -> ProductRatePlanCharge -> tiers).

pub mod client;
pub mod mapping;
pub mod wire;

pub use client::{Action, ObjectType, ZuoraClient};
