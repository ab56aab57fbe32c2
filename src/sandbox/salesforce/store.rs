//! The Salesforce org as stored: records of Product2, Pricebook2 and PricebookEntry with their API-named fields,
//! and the per-key-prefix id counters. A fresh org has its standard price book, as a real org does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::sandbox::ids;

/// Key prefixes of the objects served.
pub const PRODUCT2: &str = "01t";
pub const PRICEBOOK2: &str = "01s";
pub const PRICEBOOK_ENTRY: &str = "01u";
pub const ORG: &str = "00D";
pub const USER: &str = "005";
pub const QUERY_LOCATOR: &str = "01g";

/// One record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SfRecord {
    pub sobject: String,
    /// API field name (canonical casing) -> value. Includes `Id` and system fields.
    pub fields: BTreeMap<String, Value>,
}

impl SfRecord {
    /// A string field.
    #[must_use]
    pub fn str(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }
}

/// The org.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SfState {
    pub org_id: String,
    pub user_id: String,
    /// Records by 18-character id.
    pub records: BTreeMap<String, SfRecord>,
    /// Last id number used per key prefix.
    pub counters: BTreeMap<String, u64>,
}

impl SfState {
    /// A fresh org with its standard price book.
    #[must_use]
    pub fn new(now: &str) -> Self {
        let mut s = Self {
            org_id: ids::salesforce_id(ORG, 1),
            user_id: ids::salesforce_id(USER, 1),
            records: BTreeMap::new(),
            counters: BTreeMap::new(),
        };
        let id = s.next_id(PRICEBOOK2);
        let mut fields: BTreeMap<String, Value> = [
            ("Name", json!("Standard Price Book")),
            ("Description", Value::Null),
            ("IsActive", json!(true)),
            ("IsStandard", json!(true)),
            ("IsArchived", json!(false)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        s.stamp_new(&id, &mut fields, now);
        s.records.insert(
            id,
            SfRecord {
                sobject: "Pricebook2".into(),
                fields,
            },
        );
        s
    }

    /// The next id for a key prefix.
    pub fn next_id(&mut self, prefix: &str) -> String {
        let n = self.counters.entry(prefix.to_string()).or_default();
        *n += 1;
        ids::salesforce_id(prefix, *n)
    }

    /// Sets `Id` and the system audit fields of a new record.
    pub fn stamp_new(&self, id: &str, fields: &mut BTreeMap<String, Value>, now: &str) {
        fields.insert("Id".into(), json!(id));
        fields.insert("IsDeleted".into(), json!(false));
        fields.insert("CreatedDate".into(), json!(now));
        fields.insert("CreatedById".into(), json!(self.user_id));
        self.stamp_modified(fields, now);
    }

    /// Sets the last-modified audit fields.
    pub fn stamp_modified(&self, fields: &mut BTreeMap<String, Value>, now: &str) {
        fields.insert("LastModifiedDate".into(), json!(now));
        fields.insert("LastModifiedById".into(), json!(self.user_id));
        fields.insert("SystemModstamp".into(), json!(now));
    }

    /// The standard price book's id.
    #[must_use]
    pub fn standard_pricebook(&self) -> Option<&str> {
        self.records
            .values()
            .find(|r| r.sobject == "Pricebook2" && r.fields.get("IsStandard") == Some(&Value::Bool(true)))
            .and_then(|r| r.str("Id"))
    }

    /// Records of one type, in id (creation) order. Ids start with their type's key prefix, so only that range
    /// of the map is walked (not every record of the org).
    pub fn of_type<'a>(&'a self, sobject: &'a str) -> impl Iterator<Item = &'a SfRecord> + 'a {
        let prefix = super::schema::prefix(sobject);
        let range = if prefix == "000" {
            self.records.range::<str, _>(..)
        } else {
            self.records.range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
        };
        range
            .take_while(move |(id, _)| prefix == "000" || id.starts_with(prefix))
            .map(|(_, r)| r)
            .filter(move |r| r.sobject == sobject)
    }
}
