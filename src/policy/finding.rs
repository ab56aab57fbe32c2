//! One classified change: which lint, on which object, what changed, who is affected, and whether it is allowed.

use serde::Serialize;

use super::{Bump, Lint};
use crate::diagnostic::{Location, Severity};
use crate::model::{CurrencyCode, Key, Money};

/// The object whose `allow` list can allow a finding: the changed object itself, or for a removed object its
/// parent in the working tree (the catalog root for a removed product).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    Root,
    Product { product: Key },
    Plan { plan: Key },
    Charge { plan: Key, charge: Key },
}

/// A price that changed in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceChange {
    pub product: Key,
    pub plan: Key,
    pub plan_name: String,
    pub charge: Key,
    pub charge_name: String,
    /// Which price of the charge: `price`, `overage` or `tier N` (1-based).
    pub component: String,
    pub currency: CurrencyCode,
    pub old: Money,
    pub new: Money,
}

/// One finding of a change-policy lint.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    /// The bump this change needs.
    pub bump: Bump,
    /// Error for forbidden changes, warning for major ones, info otherwise; info once allowed.
    pub severity: Severity,
    /// The changed object in words, e.g. ``plan `saas_premium_1y` ``.
    pub subject: String,
    /// One sentence: what changed, with old and new values.
    pub message: String,
    /// For price changes: who pays the new price, and from when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<PriceChange>,
    /// The reason of the `allow` entry that allows this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
    /// Whose `allow` list may allow it.
    pub owner: Owner,
    /// Where it is in the working tree (the parent, for removed objects).
    #[serde(skip)]
    pub location: Location,
}

impl Finding {
    /// A finding of `lint` with its default severity.
    #[must_use]
    pub fn new(lint: &'static Lint, owner: Owner, location: Location, subject: String, message: String) -> Self {
        Finding {
            code: lint.rule.code,
            name: lint.rule.name,
            bump: lint.bump,
            severity: lint.rule.severity,
            subject,
            message,
            affected: None,
            price: None,
            allowed: None,
            owner,
            location,
        }
    }

    #[must_use]
    pub fn with_price(mut self, price: PriceChange, affected: String) -> Self {
        self.price = Some(price);
        self.affected = Some(affected);
        self
    }
}
