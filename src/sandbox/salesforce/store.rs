//! The Salesforce org as stored: records of Product2, Pricebook2 and PricebookEntry with their API-named fields,
//! and the per-key-prefix id counters. A fresh org has its standard price book, as a real org does.
//!
//! Records change only through `put` and `remove`, which keep an index of the fields records are looked up by
//! (unique and external-id fields, a price book entry's product), so a uniqueness check or an upsert costs a
//! lookup, not a scan of every record of the type. The index is not stored: it is rebuilt when a state is read.
//! An undo log (`begin` / `rollback`) lets an all-or-none call roll back without copying the org.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// Whether records are indexed by `field` (the fields they are looked up by).
fn indexed(field: &str) -> bool {
    matches!(field, "ProductCode" | "ExternalId" | "StockKeepingUnit" | "Product2Id") || field.ends_with("__c")
}

/// `(sobject, field)` -> lower-cased value -> ids.
type FieldIndex = HashMap<(String, String), HashMap<String, BTreeSet<String>>>;

/// The org as stored and read back (the index is derived).
#[derive(Deserialize)]
struct SfStateData {
    org_id: String,
    user_id: String,
    records: BTreeMap<String, SfRecord>,
    counters: BTreeMap<String, u64>,
}

impl From<SfStateData> for SfState {
    fn from(d: SfStateData) -> Self {
        let mut s = Self {
            org_id: d.org_id,
            user_id: d.user_id,
            records: BTreeMap::new(),
            counters: d.counters,
            index: FieldIndex::new(),
            undo: None,
            changed: BTreeSet::new(),
        };
        for (id, r) in d.records {
            s.put(id, r);
        }
        s
    }
}

/// What `rollback` restores: the counters, and each changed record's earlier value (first change only).
#[derive(Debug, Clone)]
struct Undo {
    counters: BTreeMap<String, u64>,
    records: Vec<(String, Option<SfRecord>)>,
    seen: BTreeSet<String>,
}

/// The org.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "SfStateData")]
pub struct SfState {
    pub org_id: String,
    pub user_id: String,
    /// Records by 18-character id.
    records: BTreeMap<String, SfRecord>,
    /// Last id number used per key prefix.
    pub counters: BTreeMap<String, u64>,
    #[serde(skip)]
    index: FieldIndex,
    #[serde(skip)]
    undo: Option<Undo>,
    /// Ids of the records put or removed since the last `take_changes` (for the state log).
    #[serde(skip)]
    changed: BTreeSet<String>,
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
            index: FieldIndex::new(),
            undo: None,
            changed: BTreeSet::new(),
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
        s.put(
            id,
            SfRecord {
                sobject: "Pricebook2".into(),
                fields,
            },
        );
        s
    }

    /// A record by its 18-character id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&SfRecord> {
        self.records.get(id)
    }

    /// Whether a record has this 18-character id.
    #[must_use]
    pub fn contains(&self, id: &str) -> bool {
        self.records.contains_key(id)
    }

    /// Stores a record under `id` (replacing any record with that id).
    pub fn put(&mut self, id: String, record: SfRecord) {
        let old = self.records.remove(&id);
        if let Some(old) = &old {
            self.unindex(&id, old);
        }
        self.index_record(&id, &record);
        self.records.insert(id.clone(), record);
        self.changed.insert(id.clone());
        self.remember(id, old);
    }

    /// Removes a record.
    pub fn remove(&mut self, id: &str) -> Option<SfRecord> {
        let old = self.records.remove(id)?;
        self.unindex(id, &old);
        self.changed.insert(id.to_string());
        if self.undo.is_some() {
            self.remember(id.to_string(), Some(old.clone()));
        }
        Some(old)
    }

    /// The index entries of `r`'s indexed fields: `(sobject, field)` and the lower-cased value.
    fn index_keys(r: &SfRecord) -> impl Iterator<Item = ((String, String), String)> + '_ {
        r.fields
            .iter()
            .filter(|(f, _)| indexed(f))
            .filter_map(|(f, v)| v.as_str().map(|v| ((r.sobject.clone(), f.clone()), v.to_ascii_lowercase())))
    }

    fn index_record(&mut self, id: &str, r: &SfRecord) {
        for (key, value) in Self::index_keys(r) {
            self.index.entry(key).or_default().entry(value).or_default().insert(id.to_string());
        }
    }

    fn unindex(&mut self, id: &str, r: &SfRecord) {
        for (key, value) in Self::index_keys(r) {
            if let Some(values) = self.index.get_mut(&key)
                && let Some(ids) = values.get_mut(&value)
            {
                ids.remove(id);
                if ids.is_empty() {
                    values.remove(&value);
                }
            }
        }
    }

    fn remember(&mut self, id: String, before: Option<SfRecord>) {
        if let Some(u) = &mut self.undo
            && u.seen.insert(id.clone())
        {
            u.records.push((id, before));
        }
    }

    /// Ids of the records put or removed since the last call.
    pub fn take_changes(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Starts recording changes so `rollback` can undo them.
    pub fn begin(&mut self) {
        self.undo = Some(Undo { counters: self.counters.clone(), records: Vec::new(), seen: BTreeSet::new() });
    }

    /// Whether a transaction is open (`begin` without `commit` or `rollback` yet).
    #[must_use]
    pub fn in_transaction(&self) -> bool {
        self.undo.is_some()
    }

    /// Keeps the changes made since `begin`.
    pub fn commit(&mut self) {
        self.undo = None;
    }

    /// Undoes every change made since `begin`.
    pub fn rollback(&mut self) {
        let Some(u) = self.undo.take() else { return };
        for (id, before) in u.records.into_iter().rev() {
            match before {
                Some(r) => self.put(id, r),
                None => {
                    self.remove(&id);
                }
            }
        }
        self.counters = u.counters;
    }

    /// Records of `sobject` whose `field` equals `value` ignoring ASCII case, in id order (an index lookup for
    /// the indexed fields, a scan of every record otherwise).
    #[must_use]
    pub fn find_by(&self, sobject: &str, field: &str, value: &str) -> Vec<&SfRecord> {
        if indexed(field) {
            return self
                .index
                .get(&(sobject.to_string(), field.to_string()))
                .and_then(|values| values.get(&value.to_ascii_lowercase()))
                .into_iter()
                .flatten()
                .filter_map(|id| self.records.get(id))
                .collect();
        }
        self.records
            .values()
            .filter(|r| r.sobject == sobject && r.str(field).is_some_and(|v| v.eq_ignore_ascii_case(value)))
            .collect()
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
        self.of_type("Pricebook2")
            .find(|r| r.fields.get("IsStandard") == Some(&Value::Bool(true)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn product(s: &mut SfState, code: &str) -> String {
        let id = s.next_id(PRODUCT2);
        let mut fields = BTreeMap::new();
        fields.insert("Name".to_string(), json!("P"));
        fields.insert("ProductCode".to_string(), json!(code));
        s.stamp_new(&id, &mut fields, "2026-01-01T00:00:00.000+0000");
        s.put(id.clone(), SfRecord { sobject: "Product2".into(), fields });
        id
    }

    fn codes(s: &SfState, code: &str) -> Vec<String> {
        s.find_by("Product2", "ProductCode", code).iter().filter_map(|r| r.str("Id").map(str::to_string)).collect()
    }

    #[test]
    fn the_index_follows_puts_and_removes_case_insensitively() {
        let mut s = SfState::new("2026-01-01T00:00:00.000+0000");
        let a = product(&mut s, "GL-Premium");
        let b = product(&mut s, "gl-premium");
        assert_eq!(codes(&s, "GL-PREMIUM"), vec![a.clone(), b.clone()], "both, in id order");
        let mut changed = s.get(&a).cloned().unwrap();
        changed.fields.insert("ProductCode".into(), json!("GL-Ultimate"));
        s.put(a.clone(), changed);
        assert_eq!(codes(&s, "gl-premium"), vec![b.clone()], "the old value no longer finds the record");
        assert_eq!(codes(&s, "GL-ULTIMATE"), vec![a.clone()]);
        s.remove(&b);
        assert!(codes(&s, "gl-premium").is_empty());
        // A field that is not indexed is found by a scan, with the same semantics.
        assert_eq!(s.find_by("Product2", "Name", "p").len(), 1);
    }

    #[test]
    fn rollback_restores_records_counters_and_index() {
        let mut s = SfState::new("2026-01-01T00:00:00.000+0000");
        let a = product(&mut s, "A");
        let before = serde_json::to_string(&s).unwrap();
        s.begin();
        let b = product(&mut s, "B");
        let mut changed = s.get(&a).cloned().unwrap();
        changed.fields.insert("ProductCode".into(), json!("A2"));
        s.put(a.clone(), changed.clone());
        s.put(a.clone(), changed);
        s.remove(&a);
        s.rollback();
        assert_eq!(serde_json::to_string(&s).unwrap(), before);
        assert!(s.get(&b).is_none());
        assert_eq!(codes(&s, "a"), vec![a]);
        assert!(codes(&s, "A2").is_empty() && codes(&s, "B").is_empty());
        // The id counter was restored too: the next product reuses B's number.
        assert_eq!(product(&mut s, "C"), b);
    }

    #[test]
    fn a_state_read_back_has_its_index_rebuilt() {
        let mut s = SfState::new("2026-01-01T00:00:00.000+0000");
        let a = product(&mut s, "GL-Premium");
        let back: SfState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(codes(&back, "gl-premium"), vec![a]);
        assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&s).unwrap());
    }
}
