//! The two vocabularies of the Zuora catalog (zuora-api.md §0): CRUD/Actions/ZOQL use PascalCase keys and human
//! enum spellings (`Flat Fee Pricing`), the REST catalog uses camelCase keys and compact enums (`FlatFee`).
//! This file holds the tables both ways plus the CRUD field specifications used to validate writes.

use super::store::ObjectType;

/// (CRUD spelling, REST catalog spelling) of `ChargeModel` / `model`.
pub const CHARGE_MODELS: &[(&str, &str)] = &[
    ("Flat Fee Pricing", "FlatFee"),
    ("Per Unit Pricing", "PerUnit"),
    ("Overage Pricing", "Overage"),
    ("Tiered Pricing", "Tiered"),
    ("Tiered with Overage Pricing", "TieredWithOverage"),
    ("Volume Pricing", "Volume"),
    ("Discount-Fixed Amount", "DiscountFixedAmount"),
    ("Discount-Percentage", "DiscountPercentage"),
    ("Delivery Pricing", "Delivery"),
    ("MultiAttributePricing", "MultiAttributePricing"),
    ("PreratedPerUnit", "PreratedPerUnit"),
    ("PreratedPricing", "PreratedPricing"),
    ("HighWatermarkVolumePricing", "HighWatermarkVolumePricing"),
    ("HighWatermarkTieredPricing", "HighWatermarkTieredPricing"),
];

/// `ChargeType` / `type` (same spelling in both families).
pub const CHARGE_TYPES: &[(&str, &str)] = &[("OneTime", "OneTime"), ("Recurring", "Recurring"), ("Usage", "Usage")];

/// `BillingPeriod` / `billingPeriod`.
pub const BILLING_PERIODS: &[(&str, &str)] = &[
    ("Month", "Month"),
    ("Quarter", "Quarter"),
    ("Annual", "Annual"),
    ("Semi-Annual", "Semi_Annual"),
    ("Specific Months", "Specific Months"),
    ("Subscription Term", "Subscription_Term"),
    ("Week", "Week"),
    ("Specific Weeks", "Specific_Weeks"),
    ("Specific Days", "Specific_Days"),
];

/// `EndDateCondition` / `endDateCondition`.
pub const END_DATE_CONDITIONS: &[(&str, &str)] =
    &[("SubscriptionEnd", "Subscription_End"), ("FixedPeriod", "Fixed_Period")];

/// `BillCycleType` / `billingDay` (same spelling).
pub const BILL_CYCLE_TYPES: &[(&str, &str)] = &[
    ("DefaultFromCustomer", "DefaultFromCustomer"),
    ("SpecificDayofMonth", "SpecificDayofMonth"),
    ("SubscriptionStartDay", "SubscriptionStartDay"),
    ("ChargeTriggerDay", "ChargeTriggerDay"),
    ("SpecificDayofWeek", "SpecificDayofWeek"),
    ("TermStartDay", "TermStartDay"),
    ("TermEndDay", "TermEndDay"),
];

/// `ListPriceBase` / `listPriceBase`.
pub const LIST_PRICE_BASES: &[(&str, &str)] = &[
    ("Per Billing Period", "Per_Billing_Period"),
    ("Per Month", "Per_Month"),
    ("Per Week", "Per_Week"),
    ("Per Year", "Per_Year"),
    ("Per Specific Months", "Per_Specific_Months"),
];

/// `BillingTiming` / `billingTiming`.
pub const BILLING_TIMINGS: &[(&str, &str)] = &[("In Advance", "IN_ADVANCE"), ("In Arrears", "IN_ARREARS")];

/// Tier `PriceFormat`: CRUD write spelling, CRUD GET / compact spelling, catalog "spec" spelling.
pub const PRICE_FORMATS: &[(&str, &str, &str)] =
    &[("Flat Fee", "FlatFee", "flat fee"), ("Per Unit", "PerUnit", "per unit")];

pub const TRIGGER_EVENTS: &[&str] = &["ContractEffective", "ServiceActivation", "CustomerAcceptance"];
pub const CATEGORIES: &[&str] = &["Base Products", "Add On Services", "Miscellaneous Products"];
pub const UP_TO_PERIODS_TYPES: &[&str] = &["Billing Periods", "Days", "Weeks", "Months", "Years"];
pub const ALIGNMENTS: &[&str] = &[
    "AlignToCharge",
    "AlignToSubscriptionStart",
    "AlignToTermStart",
    "AlignToTermEnd",
    "AlignToSubscriptionEnd",
];
pub const TAX_MODES: &[&str] = &["TaxExclusive", "TaxInclusive"];
pub const DISCOUNT_LEVELS: &[&str] = &["rateplan", "subscription", "account"];
pub const APPLY_DISCOUNT_TO: &[&str] = &[
    "ONETIME",
    "RECURRING",
    "USAGE",
    "ONETIMERECURRING",
    "ONETIMEUSAGE",
    "RECURRINGUSAGE",
    "ONETIMERECURRINGUSAGE",
];
pub const PRICE_CHANGE_OPTIONS: &[&str] = &["NoChange", "SpecificPercentageValue", "UseLatestProductCatalogPricing"];

/// CRUD -> catalog spelling through a table (identity when not found).
#[must_use]
pub fn to_catalog<'a>(table: &[(&str, &'a str)], crud: &'a str) -> &'a str {
    table.iter().find(|(c, _)| *c == crud).map_or(crud, |(_, r)| r)
}

/// Catalog -> CRUD spelling through a table (identity when not found).
#[must_use]
pub fn to_crud<'a>(table: &[(&'a str, &str)], catalog: &'a str) -> &'a str {
    table.iter().find(|(_, r)| *r == catalog).map_or(catalog, |(c, _)| c)
}

/// The kind of a CRUD field, for validation.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string with an optional maximum length.
    Text(Option<usize>),
    /// `yyyy-mm-dd`.
    Date,
    Bool,
    /// A JSON number (or a numeric string).
    Number,
    /// One of the CRUD spellings.
    Enum(&'static [&'static str]),
    /// One of the CRUD spellings of a two-column table.
    Table(&'static [(&'static str, &'static str)]),
    /// A 32-hex id of another object.
    Id,
    /// A list of currency codes (array, or a comma-separated string).
    Currencies,
    /// Any JSON object (passed through).
    Object,
}

/// A writable CRUD field: (name, kind, required at create).
pub type FieldSpec = (&'static str, Kind, bool);

const PRODUCT_FIELDS: &[FieldSpec] = &[
    ("Name", Kind::Text(Some(100)), true),
    ("EffectiveStartDate", Kind::Date, true),
    ("EffectiveEndDate", Kind::Date, true),
    ("SKU", Kind::Text(Some(50)), false),
    ("ProductNumber", Kind::Text(Some(100)), false),
    ("Category", Kind::Enum(CATEGORIES), false),
    ("Description", Kind::Text(Some(500)), false),
    ("AllowFeatureChanges", Kind::Bool, false),
];

const RATE_PLAN_FIELDS: &[FieldSpec] = &[
    ("Name", Kind::Text(Some(255)), true),
    ("ProductId", Kind::Id, true),
    ("Description", Kind::Text(Some(500)), false),
    ("EffectiveStartDate", Kind::Date, false),
    ("EffectiveEndDate", Kind::Date, false),
    ("ActiveCurrencies", Kind::Currencies, false),
    ("Grade", Kind::Number, false),
    ("ProductRatePlanNumber", Kind::Text(Some(100)), false),
];

const CHARGE_FIELDS: &[FieldSpec] = &[
    ("Name", Kind::Text(Some(100)), true),
    ("ProductRatePlanId", Kind::Id, true),
    ("ChargeModel", Kind::Table(CHARGE_MODELS), true),
    ("ChargeType", Kind::Table(CHARGE_TYPES), true),
    ("BillCycleType", Kind::Table(BILL_CYCLE_TYPES), true),
    ("BillingPeriod", Kind::Table(BILLING_PERIODS), true),
    ("TriggerEvent", Kind::Enum(TRIGGER_EVENTS), true),
    ("ProductRatePlanChargeTierData", Kind::Object, true),
    ("UseDiscountSpecificAccountingCode", Kind::Bool, true),
    ("UOM", Kind::Text(Some(25)), false),
    ("DefaultQuantity", Kind::Number, false),
    ("IncludedUnits", Kind::Number, false),
    ("BillCycleDay", Kind::Number, false),
    ("SpecificBillingPeriod", Kind::Number, false),
    ("UpToPeriods", Kind::Number, false),
    ("UpToPeriodsType", Kind::Enum(UP_TO_PERIODS_TYPES), false),
    ("EndDateCondition", Kind::Table(END_DATE_CONDITIONS), false),
    ("ListPriceBase", Kind::Table(LIST_PRICE_BASES), false),
    ("BillingTiming", Kind::Table(BILLING_TIMINGS), false),
    ("BillingPeriodAlignment", Kind::Enum(ALIGNMENTS), false),
    ("Taxable", Kind::Bool, false),
    ("TaxCode", Kind::Text(Some(64)), false),
    ("TaxMode", Kind::Enum(TAX_MODES), false),
    ("Description", Kind::Text(Some(500)), false),
    ("ApplyDiscountTo", Kind::Enum(APPLY_DISCOUNT_TO), false),
    ("DiscountLevel", Kind::Enum(DISCOUNT_LEVELS), false),
    ("DiscountClass", Kind::Text(None), false),
    ("IsStackedDiscount", Kind::Bool, false),
    ("ProductDiscountApplyDetailData", Kind::Object, false),
    ("PriceChangeOption", Kind::Enum(PRICE_CHANGE_OPTIONS), false),
    ("PriceIncreasePercentage", Kind::Number, false),
    ("UseTenantDefaultForPriceChange", Kind::Bool, false),
    ("ProrationOption", Kind::Text(None), false),
    ("RevenueRecognitionRuleName", Kind::Text(None), false),
    ("DeferredRevenueAccount", Kind::Text(None), false),
    ("RecognizedRevenueAccount", Kind::Text(None), false),
    ("AccountingCode", Kind::Text(None), false),
    ("OverageCalculationOption", Kind::Text(None), false),
    ("OverageUnusedUnitsCreditOption", Kind::Text(None), false),
    ("SmoothingModel", Kind::Text(None), false),
    ("NumberOfPeriod", Kind::Number, false),
    ("RatingGroup", Kind::Text(None), false),
    ("ProductRatePlanChargeNumber", Kind::Text(Some(100)), false),
];

const TIER_FIELDS: &[FieldSpec] = &[
    ("Price", Kind::Number, false),
    ("PriceFormat", Kind::Text(None), false),
    ("DiscountPercentage", Kind::Number, false),
    ("DiscountAmount", Kind::Number, false),
];

/// Read-only system fields every object has (sent back by GET, refused nowhere, ignored on write).
pub const SYSTEM_FIELDS: &[&str] = &["Id", "CreatedById", "CreatedDate", "UpdatedById", "UpdatedDate"];

/// The writable fields of a type.
#[must_use]
pub fn fields(t: ObjectType) -> &'static [FieldSpec] {
    match t {
        ObjectType::Product => PRODUCT_FIELDS,
        ObjectType::ProductRatePlan => RATE_PLAN_FIELDS,
        ObjectType::ProductRatePlanCharge => CHARGE_FIELDS,
        ObjectType::ProductRatePlanChargeTier => TIER_FIELDS,
    }
}

/// The writable field of type `t` called exactly `name` (hashed: every field of every object in a call is
/// looked up).
#[must_use]
pub fn field(t: ObjectType, name: &str) -> Option<&'static FieldSpec> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    type Index = HashMap<&'static str, &'static FieldSpec>;
    static INDEX: OnceLock<[Index; 4]> = OnceLock::new();
    let all = INDEX.get_or_init(|| {
        let of = |t| fields(t).iter().map(|f| (f.0, f)).collect::<Index>();
        [
            of(ObjectType::Product),
            of(ObjectType::ProductRatePlan),
            of(ObjectType::ProductRatePlanCharge),
            of(ObjectType::ProductRatePlanChargeTier),
        ]
    });
    let i = match t {
        ObjectType::Product => 0,
        ObjectType::ProductRatePlan => 1,
        ObjectType::ProductRatePlanCharge => 2,
        ObjectType::ProductRatePlanChargeTier => 3,
    };
    all[i].get(name).copied()
}

/// True for a custom field name (`Something__c`).
#[must_use]
pub fn is_custom(name: &str) -> bool {
    name.len() > 3 && name.ends_with("__c")
}

/// Charge models (CRUD spelling) that need a unit of measure.
pub const MODELS_NEEDING_UOM: &[&str] = &[
    "Per Unit Pricing",
    "Volume Pricing",
    "Overage Pricing",
    "Tiered Pricing",
    "Tiered with Overage Pricing",
];

/// Charge models (CRUD spelling) priced with tiers.
pub const TIERED_MODELS: &[&str] = &["Volume Pricing", "Tiered Pricing", "Tiered with Overage Pricing"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashed_field_lookup_agrees_with_the_lists() {
        for t in [
            ObjectType::Product,
            ObjectType::ProductRatePlan,
            ObjectType::ProductRatePlanCharge,
            ObjectType::ProductRatePlanChargeTier,
        ] {
            for spec in fields(t) {
                assert_eq!(field(t, spec.0).map(|f| f.0), Some(spec.0));
            }
            assert!(field(t, "NoSuchField").is_none());
            assert!(field(t, "name").is_none(), "names are exact, as in the list scan");
        }
        assert!(field(ObjectType::Product, "ProductRatePlanId").is_none(), "per object type");
    }
}
