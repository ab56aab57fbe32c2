//! Salesforce: Product2 (one per catalog plan) and PricebookEntry (one per currency and price book).

pub mod client;
pub mod mapping;
pub mod wire;

pub use client::SalesforceClient;
