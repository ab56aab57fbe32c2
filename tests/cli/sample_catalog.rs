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
