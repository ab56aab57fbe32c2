//! Field metadata of the objects the sandbox serves (salesforce-api.md §3): Product2, Pricebook2,
//! PricebookEntry (read/write) and CurrencyType (read only), plus the org's configured custom fields.
//! Field names are matched case-insensitively and reported in their canonical casing.

use crate::sandbox::behaviour::SalesforceBehaviour;

/// A field's data type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Id,
    Text(usize),
    Bool,
    Currency,
    Number,
    DateTime,
    /// A lookup to an object with this key prefix.
    Reference(&'static str),
    /// A restricted picklist of the org's currencies.
    CurrencyCode,
}

/// One field.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    pub createable: bool,
    pub updateable: bool,
    pub required: bool,
    pub external_id: bool,
    pub unique: bool,
}

fn f(name: &str, kind: FieldType, createable: bool, updateable: bool, required: bool) -> Field {
    Field {
        name: name.into(),
        kind,
        createable,
        updateable,
        required,
        external_id: false,
        unique: false,
    }
}

fn system(out: &mut Vec<Field>) {
    out.push(f("Id", FieldType::Id, false, false, false));
    out.push(f("IsDeleted", FieldType::Bool, false, false, false));
    out.push(f("CreatedDate", FieldType::DateTime, false, false, false));
    out.push(f("CreatedById", FieldType::Reference("005"), false, false, false));
    out.push(f("LastModifiedDate", FieldType::DateTime, false, false, false));
    out.push(f("LastModifiedById", FieldType::Reference("005"), false, false, false));
    out.push(f("SystemModstamp", FieldType::DateTime, false, false, false));
}

/// The objects served, with their key prefixes.
pub const OBJECTS: &[(&str, &str)] = &[
    ("Product2", "01t"),
    ("Pricebook2", "01s"),
    ("PricebookEntry", "01u"),
    ("CurrencyType", "02c"),
];

/// The canonical name of an sObject type (case-insensitive), if served.
#[must_use]
pub fn object_name(s: &str) -> Option<&'static str> {
    OBJECTS.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)).map(|(n, _)| *n)
}

/// The key prefix of a served type.
#[must_use]
pub fn prefix(sobject: &str) -> &'static str {
    OBJECTS.iter().find(|(n, _)| *n == sobject).map_or("000", |(_, p)| p)
}

/// The fields of a served type.
#[must_use]
pub fn fields(sobject: &str, b: &SalesforceBehaviour) -> Vec<Field> {
    use FieldType::{Bool, Currency, CurrencyCode, Number, Reference, Text};
    let mut out = Vec::new();
    system(&mut out);
    match sobject {
        "Product2" => {
            out.push(f("Name", Text(255), true, true, true));
            out.push(f("ProductCode", Text(255), true, true, false));
            out.push(f("Description", Text(4000), true, true, false));
            out.push(f("Family", Text(40), true, true, false));
            out.push(f("IsActive", Bool, true, true, false));
            out.push(f("IsArchived", Bool, false, false, false));
            out.push(f("DisplayUrl", Text(1000), true, true, false));
            out.push(f("ExternalId", Text(255), true, true, false));
            out.push(f("StockKeepingUnit", Text(180), true, true, false));
            out.push(f("QuantityUnitOfMeasure", Text(255), true, true, false));
            out.push(f("CurrencyIsoCode", CurrencyCode, true, true, false));
        }
        "Pricebook2" => {
            out.push(f("Name", Text(255), true, true, true));
            out.push(f("Description", Text(255), true, true, false));
            out.push(f("IsActive", Bool, true, true, false));
            out.push(f("IsStandard", Bool, false, false, false));
            out.push(f("IsArchived", Bool, false, false, false));
        }
        "PricebookEntry" => {
            out.push(f("Pricebook2Id", Reference("01s"), true, false, true));
            out.push(f("Product2Id", Reference("01t"), true, false, true));
            out.push(f("UnitPrice", Currency, true, true, true));
            out.push(f("IsActive", Bool, true, true, false));
            out.push(f("UseStandardPrice", Bool, true, true, false));
            out.push(f("Name", Text(255), false, false, false));
            out.push(f("ProductCode", Text(255), false, false, false));
            out.push(f("IsArchived", Bool, false, false, false));
            out.push(f("CurrencyIsoCode", CurrencyCode, true, false, false));
        }
        "CurrencyType" => {
            out.push(f("IsoCode", Text(3), false, false, false));
            out.push(f("ConversionRate", Number, false, false, false));
            out.push(f("DecimalPlaces", Number, false, false, false));
            out.push(f("IsActive", Bool, false, false, false));
            out.push(f("IsCorporate", Bool, false, false, false));
        }
        _ => {}
    }
    for c in b.custom_fields.iter().filter(|c| c.object == sobject) {
        out.push(Field {
            name: c.name.clone(),
            kind: FieldType::Text(c.length),
            createable: true,
            updateable: true,
            required: false,
            external_id: c.external_id,
            unique: c.unique,
        });
    }
    out
}

/// The fields of every served type, built once per sandbox (the behaviour does not change while it runs).
#[derive(Debug, Clone)]
pub struct Schema {
    by_object: Vec<(&'static str, Vec<Field>)>,
}

impl Schema {
    #[must_use]
    pub fn new(b: &SalesforceBehaviour) -> Self {
        Self { by_object: OBJECTS.iter().map(|(name, _)| (*name, fields(name, b))).collect() }
    }

    /// The fields of `sobject` (none for a type not served).
    #[must_use]
    pub fn fields(&self, sobject: &str) -> &[Field] {
        self.by_object.iter().find(|(n, _)| *n == sobject).map_or(&[], |(_, f)| f.as_slice())
    }
}

/// Finds a field by name, case-insensitively.
#[must_use]
pub fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// The relationship name of a reference field (`Product2Id` -> `Product2`) and its target type.
#[must_use]
pub fn relationship(sobject: &str, rel: &str) -> Option<(&'static str, &'static str)> {
    match sobject {
        "PricebookEntry" if rel.eq_ignore_ascii_case("Product2") => Some(("Product2Id", "Product2")),
        "PricebookEntry" if rel.eq_ignore_ascii_case("Pricebook2") => Some(("Pricebook2Id", "Pricebook2")),
        _ => None,
    }
}
