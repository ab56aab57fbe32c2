//! The semantic rules, one per file. Each file holds a `RULE` (the registered data) and a `check` function over
//! the catalog that appends that rule's diagnostics. `ALL` lists them; add a new rule there and give it a fixture
//! under `tests/fixtures/rules/<CODE>/`.

mod active_plan_missing_currency;
mod billing_period;
mod custom_field_name;
mod default_currency_undeclared;
mod discount_percentage_range;
mod discount_settings;
mod duplicate_charge_key;
mod duplicate_currency;
mod duplicate_plan_key;
mod duplicate_plan_name;
mod duplicate_plan_sku;
mod duplicate_product_key;
mod duplicate_product_name;
mod duplicate_product_sku;
mod empty_group;
mod end_before_start;
mod flat_fee_uom;
mod inactive_purchasable;
mod key_format;
mod missing_default_price;
mod missing_uom;
mod naming_convention;
mod naming_pattern;
mod negative_price;
mod overage_model_type;
mod plan_outside_product;
mod price_precision;
mod product_name_length;
mod requires_retired;
mod retired_without_end;
mod salesforce_price;
mod sku_length;
mod tier_currencies;
mod tier_first_unit;
mod tier_gap;
mod tier_open_ended;
mod tier_order;
mod tier_overlap;
mod tiers_required;
mod too_many_charges;
mod too_many_plans;
mod undeclared_currency;
mod unexpected_tiers;
mod unknown_currency;
mod unknown_discount_target;
mod unknown_group;
mod unknown_plan_reference;
mod unpriced_charge;
mod unused_price_field;

use crate::diagnostic::Diagnostic;
use crate::model::Catalog;
use crate::validate::Rule;

/// A rule's check: appends its findings.
pub type CheckFn = fn(&Catalog, &mut Vec<Diagnostic>);

/// Every semantic rule with its check.
pub static ALL: &[(&Rule, CheckFn)] = &[
    (&active_plan_missing_currency::RULE, active_plan_missing_currency::check),
    (&billing_period::RULE, billing_period::check),
    (&custom_field_name::RULE, custom_field_name::check),
    (&default_currency_undeclared::RULE, default_currency_undeclared::check),
    (&discount_percentage_range::RULE, discount_percentage_range::check),
    (&discount_settings::RULE, discount_settings::check),
    (&duplicate_charge_key::RULE, duplicate_charge_key::check),
    (&duplicate_currency::RULE, duplicate_currency::check),
    (&duplicate_plan_key::RULE, duplicate_plan_key::check),
    (&duplicate_plan_name::RULE, duplicate_plan_name::check),
    (&duplicate_plan_sku::RULE, duplicate_plan_sku::check),
    (&duplicate_product_key::RULE, duplicate_product_key::check),
    (&duplicate_product_name::RULE, duplicate_product_name::check),
    (&duplicate_product_sku::RULE, duplicate_product_sku::check),
    (&empty_group::RULE, empty_group::check),
    (&end_before_start::RULE, end_before_start::check),
    (&flat_fee_uom::RULE, flat_fee_uom::check),
    (&inactive_purchasable::RULE, inactive_purchasable::check),
    (&key_format::RULE, key_format::check),
    (&missing_default_price::RULE, missing_default_price::check),
    (&missing_uom::RULE, missing_uom::check),
    (&naming_convention::RULE, naming_convention::check),
    (&naming_pattern::RULE, naming_pattern::check),
    (&negative_price::RULE, negative_price::check),
    (&overage_model_type::RULE, overage_model_type::check),
    (&plan_outside_product::RULE, plan_outside_product::check),
    (&price_precision::RULE, price_precision::check),
    (&product_name_length::RULE, product_name_length::check),
    (&requires_retired::RULE, requires_retired::check),
    (&retired_without_end::RULE, retired_without_end::check),
    (&salesforce_price::RULE, salesforce_price::check),
    (&sku_length::RULE, sku_length::check),
    (&tier_currencies::RULE, tier_currencies::check),
    (&tier_first_unit::RULE, tier_first_unit::check),
    (&tier_gap::RULE, tier_gap::check),
    (&tier_open_ended::RULE, tier_open_ended::check),
    (&tier_order::RULE, tier_order::check),
    (&tier_overlap::RULE, tier_overlap::check),
    (&tiers_required::RULE, tiers_required::check),
    (&too_many_charges::RULE, too_many_charges::check),
    (&too_many_plans::RULE, too_many_plans::check),
    (&undeclared_currency::RULE, undeclared_currency::check),
    (&unexpected_tiers::RULE, unexpected_tiers::check),
    (&unknown_currency::RULE, unknown_currency::check),
    (&unknown_discount_target::RULE, unknown_discount_target::check),
    (&unknown_group::RULE, unknown_group::check),
    (&unknown_plan_reference::RULE, unknown_plan_reference::check),
    (&unpriced_charge::RULE, unpriced_charge::check),
    (&unused_price_field::RULE, unused_price_field::check),
];
