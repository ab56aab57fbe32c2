//! What a plan says to do: operations (one per remote object that changes), field changes, markers, and changes
//! the planner refuses.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::resource::{Kind, System};

/// What happens to one remote object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The object does not exist yet.
    Create,
    /// Some fields change in place.
    Update,
    /// Expire it (Zuora: effective end date; Salesforce: `IsActive=false`). Nothing is ever deleted.
    Retire,
    /// A field that never changes in place differs: create a new object and retire the old one.
    Replace,
}

impl Action {
    /// The Terraform-like symbol.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Retire => "-",
            Action::Replace => "-/+",
        }
    }

    /// The verb shown to users.
    #[must_use]
    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Retire => "retire",
            Action::Replace => "replace",
        }
    }
}

/// Why an operation deserves a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// Takes something away (retire, replace, removed currency).
    Destructive,
    /// Existing or new customers see it (price change on an active plan).
    CustomerVisible,
}

/// One field's before and after. `null` means "not set".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Field name, e.g. `name`, `price.USD`, `tiers.EUR`, `custom_fields.Tier__c`.
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Position in the plan, from 1; stable for the same input.
    pub index: usize,
    pub action: Action,
    pub system: System,
    pub kind: Kind,
    /// The remote object type (`ProductRatePlan`, `PricebookEntry`, ...).
    pub remote_type: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The live object's id (update, retire, replace: the object being changed or retired).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<String>,
    /// The catalog product this is shown under.
    pub group: String,
    pub name: String,
    /// Field-level changes (for create: every field set; for retire: the fields retiring changes).
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<Marker>,
    /// Why each marker applies, e.g. `removed currency EUR` (destructive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// The provider-shaped desired object without children (create, update, replace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired: Option<Value>,
}

impl Operation {
    #[must_use]
    pub fn is_marked(&self) -> bool {
        !self.markers.is_empty()
    }

    /// Adds a marked reason (and the marker, once).
    pub fn mark(&mut self, marker: Marker, text: impl Into<String>) {
        self.reasons.push(Reason { marker, text: text.into() });
        if !self.markers.contains(&marker) {
            self.markers.push(marker);
            self.markers.sort();
        }
    }
}

/// One reason an operation is marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub marker: Marker,
    pub text: String,
}

impl Marker {
    /// `destructive`, `customer-visible`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Marker::Destructive => "destructive",
            Marker::CustomerVisible => "customer-visible",
        }
    }
}

/// A change the planner will not make, with the way to express it instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub kind: Kind,
    pub key: String,
    pub group: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// What is refused and why.
    pub reason: String,
    /// How to express the intent instead.
    pub help: String,
}
