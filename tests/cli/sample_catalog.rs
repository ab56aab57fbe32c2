//! The sample catalog in `catalog/` loads and validates clean.

use crate::support::repo_root;

#[test]
fn sample_catalog_loads_and_validates_clean() {
    let loaded = skuctl::load::load_catalog(&repo_root().join("catalog")).expect("catalog dir readable");
    assert!(loaded.diagnostics.is_empty(), "load diagnostics: {:#?}", loaded.diagnostics);
    let catalog = loaded.catalog.expect("catalog loads");
    assert_eq!(catalog.root.currencies.len(), 4);
    assert!(catalog.products.len() >= 14, "products: {}", catalog.products.len());
    let findings = skuctl::validate::check(&catalog);
    assert!(findings.is_empty(), "sample catalog has findings: {findings:#?}");
}

#[test]
fn sample_catalog_files_carry_the_schema_modeline() {
    for entry in walkdir::WalkDir::new(repo_root().join("catalog")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            let first = text.lines().next().unwrap_or_default();
            let expected = if entry.path().ends_with("catalog/catalog.yaml") {
                "# yaml-language-server: $schema=../schemas/catalog.schema.json"
            } else {
                "# yaml-language-server: $schema=../../schemas/product.schema.json"
            };
            assert_eq!(first, expected, "{}", entry.path().display());
        }
    }
}

#[test]
fn sample_catalog_exercises_the_whole_language() {
    use skuctl::model::{ChargeModel, ChargeType, PlanStatus, PriceFormat, ProductCategory, Requirement};
    let catalog = skuctl::load::load_catalog(&repo_root().join("catalog")).expect("readable").catalog.expect("loads");
    let plans: Vec<_> = catalog.plans().map(|(_, p)| p).collect();
    let charges: Vec<_> = plans.iter().flat_map(|p| &p.charges).collect();
    for status in [PlanStatus::Active, PlanStatus::Deprecated, PlanStatus::Legacy, PlanStatus::Retired] {
        assert!(plans.iter().any(|p| p.status == status), "no {status:?} plan");
    }
    for category in [ProductCategory::Base, ProductCategory::AddOn, ProductCategory::Other] {
        assert!(catalog.products.iter().any(|p| p.category == category), "no {category:?} product");
    }
    for t in [ChargeType::Recurring, ChargeType::OneTime, ChargeType::Usage] {
        assert!(charges.iter().any(|c| c.charge_type == t), "no {t:?} charge");
    }
    for m in [
        ChargeModel::FlatFee,
        ChargeModel::PerUnit,
        ChargeModel::Tiered,
        ChargeModel::Volume,
        ChargeModel::Overage,
        ChargeModel::TieredWithOverage,
        ChargeModel::DiscountFixedAmount,
        ChargeModel::DiscountPercentage,
    ] {
        assert!(charges.iter().any(|c| c.model == m), "no {m:?} charge");
    }
    assert!(charges.iter().flat_map(|c| &c.tiers).any(|t| t.price_format == PriceFormat::FlatFee));
    assert!(charges.iter().any(|c| c.billing_period.is_some_and(|b| b.months() == 24)), "no multi-year plan");
    assert!(plans.iter().flat_map(|p| &p.requires).any(|r| matches!(r, Requirement::Group(_))));
    // JPY prices are whole yen everywhere.
    for c in &charges {
        for (cur, m) in c.prices.iter().chain(c.tiers.iter().flat_map(|t| &t.prices)).chain(&c.overage_prices) {
            if cur.as_str() == "JPY" {
                assert_eq!(m.value().normalize().scale(), 0, "{}: JPY {m}", c.key);
            }
        }
    }
}
