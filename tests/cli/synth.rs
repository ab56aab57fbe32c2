//! `skuctl synth` writes a deterministic synthetic catalog that validates clean.

use crate::support::{scratch, skuctl};

#[test]
fn synthetic_catalog_is_valid_and_deterministic() {
    let dir = scratch();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for out in [&a, &b] {
        skuctl().args(["synth", "--products", "12", "--out"]).arg(out).assert().success();
    }
    let loaded = skuctl::load::load_catalog(&a).expect("readable");
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let catalog = loaded.catalog.expect("loads");
    assert_eq!(catalog.products.len(), 12);
    assert_eq!(catalog.plans().count(), 60);
    let prices: usize = catalog.plans().flat_map(|(_, p)| &p.charges).map(|c| c.prices.len()).sum();
    assert_eq!(prices, 480);
    assert!(skuctl::validate::check(&catalog).is_empty());
    for entry in walkdir::WalkDir::new(&a).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&a).expect("prefix");
            assert_eq!(std::fs::read(entry.path()).ok(), std::fs::read(b.join(rel)).ok(), "{}", rel.display());
        }
    }
}
