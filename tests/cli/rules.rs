//! The rule registry and its fixtures: every registered rule (loader codes included) has a fixture catalog under
//! `tests/fixtures/rules/<CODE>/catalog/` that triggers exactly that rule, and a snapshot of its diagnostics.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use skuctl::diagnostic::Diagnostic;
use skuctl::load::SourceMap;

use crate::support::repo_root;

fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures/rules")
}

/// Loads a fixture catalog and returns every diagnostic: load errors, then (when it loads) the semantic findings.
pub fn diagnose(dir: &Path) -> (Vec<Diagnostic>, SourceMap) {
    let loaded = skuctl::load::load_catalog(dir).expect("fixture directory readable");
    let mut all = loaded.diagnostics;
    if let Some(catalog) = &loaded.catalog {
        all.extend(skuctl::validate::check(catalog));
    }
    (all, loaded.sources)
}

/// A stable text rendering of diagnostics for snapshots: code, severity, file, pointer, line:col, message, help and
/// related locations.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, base: &Path) -> String {
    let file = |loc: &skuctl::diagnostic::Location| {
        let path = sources.path(loc.source);
        let rel = path.strip_prefix(base).unwrap_or(path).display().to_string().replace('\\', "/");
        let span = sources.span(loc);
        format!("{rel}:{}:{} #{}", span.line, span.column, loc.pointer)
    };
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{} {} {}", d.code, d.severity.as_str(), file(&d.location));
        let _ = writeln!(out, "  message: {}", d.message);
        if let Some(h) = &d.help {
            let _ = writeln!(out, "  help: {h}");
        }
        for r in &d.related {
            let _ = writeln!(out, "  related: {} ({})", file(&r.location), r.label);
        }
    }
    out
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_rule() {
    let codes: Vec<&str> = skuctl::validate::rules().iter().map(|r| r.code).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "two rules share a code: {codes:?}");
    let dirs: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<&&str> = unique.iter().filter(|c| !dirs.contains(**c)).collect();
    assert!(missing.is_empty(), "rules without a fixture under tests/fixtures/rules/: {missing:?}");
    let orphans: Vec<&String> = dirs.iter().filter(|d| !unique.contains(d.as_str())).collect();
    assert!(orphans.is_empty(), "fixture dirs naming no registered rule: {orphans:?}");
}

#[test]
fn every_fixture_triggers_exactly_its_rule() {
    let mut failures = Vec::new();
    for rule in skuctl::validate::rules() {
        let dir = fixtures_dir().join(rule.code).join("catalog");
        if !dir.is_dir() {
            continue; // reported by every_rule_has_a_fixture_and_every_fixture_a_rule
        }
        let (diags, sources) = diagnose(&dir);
        let codes: BTreeSet<&str> = diags.iter().map(|d| d.code).collect();
        if codes.len() != 1 || !codes.contains(rule.code) {
            failures.push(format!("{}: expected only {}, got {codes:?}", rule.code, rule.code));
            continue;
        }
        assert!(diags.iter().all(|d| d.severity == rule.severity), "{}: severity differs from the registry", rule.code);
        insta::assert_snapshot!(format!("rule_{}", rule.code), render(&diags, &sources, &dir));
    }
    assert!(failures.is_empty(), "fixtures not triggering exactly their rule:\n{}", failures.join("\n"));
}

/// A scratch copy of the catalog in `from`; the directory lives as long as the returned guard.
fn scratch_copy(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = crate::support::scratch();
    let cat = dir.path().join("catalog");
    crate::support::copy_tree(from, &cat);
    (dir, cat)
}

/// Replaces the first occurrence of `from` in `file` (which must contain it).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} does not contain {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn collects_every_finding_in_a_deterministic_order() {
    let (_dir, cat) = scratch_copy(&repo_root().join("catalog"));
    let products = cat.join("products");
    edit(&products.join("legacy_saas.yaml"), "    status: legacy\n", "    status: legacy\n    purchasable: true\n");
    edit(&products.join("duo_pro.yaml"), "- group: premium_plans", "- group: premium_plan");
    edit(&products.join("ultimate_saas.yaml"), "JPY: 178200}", "JPY: 178200.5}");
    edit(&products.join("quickstart.yaml"), "model: flat_fee\n", "model: flat_fee\n        unit_of_measure: Seat\n");
    let (first, sources) = diagnose(&cat);
    let (second, _) = diagnose(&cat);
    assert_eq!(first, second, "validation is not deterministic");
    let codes: Vec<&str> = first.iter().map(|d| d.code).collect();
    // Sorted by file (the loader reads files in path order), then pointer.
    assert_eq!(codes, ["SKU201", "SKU700", "SKU501", "SKU310"]);
    insta::assert_snapshot!(render(&first, &sources, &cat));
}

#[test]
fn the_naming_convention_is_configurable() {
    let codes_with = |naming: &str| {
        let (_dir, cat) = scratch_copy(&fixtures_dir().join("SKU850/catalog"));
        let root = cat.join("catalog.yaml");
        let text = std::fs::read_to_string(&root).expect("read root");
        std::fs::write(&root, format!("{text}{naming}")).expect("write root");
        diagnose(&cat).0.iter().map(|d| d.code).collect::<Vec<_>>()
    };
    // The fixture's plan is called `Base yearly`.
    assert_eq!(codes_with(""), ["SKU850"]);
    assert!(codes_with("naming:\n  plan_name: '^Base [a-z]+$'\n").is_empty());
    assert_eq!(codes_with("naming:\n  plan_name: '^Plan '\n"), ["SKU850"]);
    assert!(codes_with("naming:\n  plan_name: '^Plan '\n  categories: [add_on]\n").is_empty());
}

/// Variants of the fixtures for the paths one fixture per rule does not reach: (fixture, product file, text to
/// replace, replacement, the codes expected afterwards).
const VARIANTS: &[(&str, &str, &str, &str, &[&str])] = &[
    // More than 16 integer digits, beside the fixture's 3-decimal KWD price.
    ("SKU804", "base.yaml", "USD: 10.00", "USD: 12345678901234567.00", &["SKU804", "SKU804"]),
    // A price of exactly 16 integer digits fits.
    ("SKU804", "base.yaml", "KWD: 3.125", "KWD: 1234567890123456.12", &[]),
    // Trailing zeros are not extra precision.
    ("SKU310", "base.yaml", "USD: 10.005", "USD: 10.000", &[]),
    // An open-ended tier before the last one overlaps everything after it.
    ("SKU402", "base.yaml", "{starting_unit: 1, ending_unit: 100,", "{starting_unit: 1,", &["SKU402"]),
    // A tier without the default currency.
    ("SKU405", "base.yaml", "{USD: 0.90}", "{EUR: 0.80}", &["SKU303", "SKU405"]),
    // A plan ending inside an open-ended product is fine.
    (
        "SKU601",
        "base.yaml",
        "effective_start: 2023-01-01",
        "effective_start: 2024-01-01\n    effective_end: 2030-01-01",
        &[],
    ),
    // A group with an active member is fine.
    ("SKU701", "addon.yaml", "- plan: saas_base_1y_v1", "- group: base_plans", &[]),
    // Every requirement is checked, not only the first.
    (
        "SKU200",
        "addon.yaml",
        "- plan: saas_base_1yr\n",
        "- plan: saas_base_1yr\n      - plan: nope\n",
        &["SKU200", "SKU200"],
    ),
];

#[test]
fn rule_variants() {
    for (code, file, from, to, expected) in VARIANTS {
        let (_dir, cat) = scratch_copy(&fixtures_dir().join(code).join("catalog"));
        edit(&cat.join("products").join(file), from, to);
        let (diags, _) = diagnose(&cat);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(&codes, expected, "{code} variant {from:?} -> {to:?}: {diags:#?}");
    }
}

#[test]
fn product_end_bounds_its_plans() {
    let (_dir, cat) = scratch_copy(&fixtures_dir().join("SKU601/catalog"));
    let base = cat.join("products/base.yaml");
    edit(&base, "effective_start: 2023-01-01", "effective_start: 2024-01-01");
    edit(
        &base,
        "effective_start: 2024-01-01\nplans:",
        "effective_start: 2024-01-01\neffective_end: 2025-01-01\nplans:",
    );
    let (diags, _) = diagnose(&cat);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, "SKU601");
    assert_eq!(diags[0].location.pointer, "/plans/0");
    assert!(diags[0].message.contains("never ends"), "{}", diags[0].message);
}

#[test]
fn requiring_a_group_of_only_retired_plans() {
    let (_dir, cat) = scratch_copy(&fixtures_dir().join("SKU701/catalog"));
    edit(&cat.join("products/addon.yaml"), "- plan: saas_base_1y_v1", "- group: old_plans");
    edit(&cat.join("products/base.yaml"), "    status: retired\n", "    status: retired\n    groups: [old_plans]\n");
    edit(&cat.join("catalog.yaml"), "groups:\n", "groups:\n  old_plans:\n    description: Old\n");
    let (diags, _) = diagnose(&cat);
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["SKU701"], "{diags:#?}");
    assert_eq!(diags[0].location.pointer, "/plans/0/requires/0/group");
}
