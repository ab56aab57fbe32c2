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
