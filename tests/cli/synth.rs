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

#[test]
fn a_large_catalog_maps_the_same_on_two_threads_as_on_one() {
    let dir = scratch();
    let out = dir.path().join("cat");
    skuctl().args(["synth", "--products", "150", "--out"]).arg(&out).assert().success();
    let catalog = skuctl::load::load_catalog(&out).expect("readable").catalog.expect("loads");
    let cfg = skuctl::config::Config::load(&crate::support::repo_root().join("skuctl.yaml")).expect("config");
    let env = cfg.env(None).expect("env");
    let desired_state = skuctl::live::desired_state(&catalog, env);
    // The live side: the same objects with remote ids, as after an apply.
    let mut live_state = desired_state.clone();
    for (i, p) in live_state.zuora.products.iter_mut().enumerate() {
        p.id = Some(format!("p{i}"));
    }
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    let (desired, live) = skuctl::plan::from_live::desired_and_live(&desired_state, &live_state, today);
    assert!(desired.len() > 1000, "{}", desired.len());
    assert_eq!(desired, skuctl::plan::from_live::desired(&desired_state, today));
    assert_eq!(live, skuctl::plan::from_live::live(&live_state, &desired_state, today));
}
