//! `skuctl generate`: writing, `--check` (missing, stale, extra), determinism, project templates and their errors,
//! the identifier-collision rule, `catalog.json` against its schema, and snapshots of the generated files.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::support::{repo_root, scratch, skuctl};

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/codegen").join(name)
}

/// The hostile fixture made valid: its `12345678901234567.89` has 17 integer digits, which Salesforce's `UnitPrice`
/// cannot hold (rule SKU804), so `skuctl generate` rightly refuses it; the command-line tests use a copy with one
/// digit fewer (`1234567890123456.89`, the largest Salesforce accepts). `codegen_langs` renders the original through
/// the library.
///
/// Test processes run side by side (nextest runs one per test), so the copy is built in a directory of its own and
/// renamed into place under a name derived from the fixture's content: a process finds it complete or builds it,
/// and never sees another one half-written or removed under it.
fn hostile() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let source = fixture("hostile/catalog");
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&source).expect("prefix").to_path_buf();
                let text = read(entry.path()).replace("12345678901234567.89", "1234567890123456.89");
                files.push((rel, text));
            }
        }
        let mut hasher = std::hash::DefaultHasher::new();
        files.hash(&mut hasher);
        let tmp_root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let dir = tmp_root.join(format!("codegen-valid-hostile-{:016x}", hasher.finish()));
        if !dir.exists() {
            let building = tempfile::tempdir_in(&tmp_root).expect("temp dir");
            for (rel, text) in &files {
                let path = building.path().join(rel);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, text).expect("write");
            }
            // Fails when another process renamed its copy first: that one is complete and the same.
            if std::fs::rename(building.path(), &dir).is_ok() {
                let _ = building.keep();
            }
        }
        dir
    })
    .clone()
}

fn generate(catalog: &Path, out: &Path) -> assert_cmd::assert::Assert {
    skuctl().args(["generate", "--catalog"]).arg(catalog).arg("--out").arg(out).assert()
}

fn check(catalog: &Path, out: &Path) -> assert_cmd::assert::Assert {
    skuctl().args(["generate", "--check", "--catalog"]).arg(catalog).arg("--out").arg(out).assert()
}

fn with_templates(out: &Path, templates: &Path) -> assert_cmd::assert::Assert {
    skuctl().args(["generate", "--catalog"]).arg(hostile()).arg("--out").arg(out).arg("--templates").arg(templates).assert()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

#[test]
fn check_reports_missing_files_and_writes_nothing() {
    let dir = scratch();
    let out = dir.path().join("generated");
    check(&hostile(), &out)
        .code(1)
        .stdout(predicate::str::contains("+++ b/").and(predicate::str::contains("--- /dev/null")))
        .stderr(predicate::str::contains("missing: ").and(predicate::str::contains("run `skuctl generate`")));
    assert!(!out.exists(), "--check wrote the output directory");
}

#[test]
fn check_fails_on_a_stale_and_an_extra_file_and_passes_after_generate() {
    let dir = scratch();
    let out = dir.path().join("generated");
    generate(&hostile(), &out).success().stdout(predicate::str::contains("4 files generated"));
    check(&hostile(), &out).success().stdout(predicate::str::contains("up to date"));

    let rb = out.join("ruby/skuctl_catalog.rb");
    let original = read(&rb);
    std::fs::write(&rb, original.replace("\"1234567890123456.89\"", "\"1234567890123456.90\"")).expect("edit");
    let stale = check(&hostile(), &out).code(1);
    let text = String::from_utf8_lossy(&stale.get_output().stdout).into_owned();
    assert!(text.contains(&format!("--- a/{}/ruby/skuctl_catalog.rb", out.display())), "{text}");
    assert!(text.contains("-          prices: { \"EUR\" => \"0.10\", \"JPY\" => \"1000\", \"USD\" => \"1234567890123456.90\" }.freeze,"), "{text}");
    assert!(text.contains("+          prices: { \"EUR\" => \"0.10\", \"JPY\" => \"1000\", \"USD\" => \"1234567890123456.89\" }.freeze,"), "{text}");
    assert!(String::from_utf8_lossy(&stale.get_output().stderr).contains("stale: "));
    assert_ne!(read(&rb), original, "--check must not repair the file");

    generate(&hostile(), &out).success();
    assert_eq!(read(&rb), original);
    check(&hostile(), &out).success();

    std::fs::create_dir_all(out.join("old")).expect("mkdir");
    std::fs::write(out.join("old/plans.rb"), "OLD = 1\n").expect("write extra");
    check(&hostile(), &out)
        .code(1)
        .stdout(predicate::str::contains("+++ /dev/null").and(predicate::str::contains("-OLD = 1")))
        .stderr(predicate::str::contains("extra: "));
    generate(&hostile(), &out).success().stdout(predicate::str::contains("removed "));
    assert!(!out.join("old").exists(), "the emptied directory of an extra file is removed");
    check(&hostile(), &out).success();
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let dir = scratch();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    generate(&hostile(), &a).success();
    generate(&hostile(), &b).success();
    for f in ["catalog.json", "ruby/skuctl_catalog.rb", "typescript/catalog.ts", "rust/catalog.rs"] {
        assert_eq!(std::fs::read(a.join(f)).expect("a"), std::fs::read(b.join(f)).expect("b"), "{f} differs");
    }
    // a second run rewrites nothing
    generate(&hostile(), &a).success().stdout(predicate::str::contains("(0 written, 4 unchanged, 0 removed)"));
}

#[test]
fn every_file_starts_with_the_do_not_edit_header() {
    let dir = scratch();
    let out = dir.path().join("generated");
    generate(&hostile(), &out).success();
    let header = "Generated by skuctl from catalog \"Hostile \"Catalog\" *\\/ #{boom} ${boom}\" version 2.3.4. DO NOT EDIT";
    let rb = read(&out.join("ruby/skuctl_catalog.rb"));
    assert!(rb.starts_with(&format!("# {header}")), "{rb}");
    assert_eq!(rb.lines().nth(1), Some("# frozen_string_literal: true"), "the magic comment stays in the first comment block");
    assert!(read(&out.join("typescript/catalog.ts")).starts_with(&format!("// {header}")));
    assert!(read(&out.join("rust/catalog.rs")).starts_with(&format!("// {header}")));
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("catalog.json"))).expect("json");
    let first = json.as_object().and_then(|o| o.keys().next().cloned());
    assert_eq!(first.as_deref(), Some("$comment"));
    assert!(json["$comment"].as_str().is_some_and(|c| c.starts_with("Generated by skuctl from catalog") && c.contains("DO NOT EDIT")));
}

#[test]
fn catalog_json_keeps_money_exact_as_strings() {
    let dir = scratch();
    let out = dir.path().join("generated");
    generate(&hostile(), &out).success();
    let text = read(&out.join("catalog.json"));
    assert!(text.contains("\"USD\": \"1234567890123456.89\""), "{text}");
    assert!(text.contains("\"EUR\": \"0.10\""), "{text}");
    assert!(text.contains("\"billing_period\": \"specific_months_36\""), "{text}");
}

#[test]
fn catalog_json_matches_its_committed_schema() {
    let path = repo_root().join(skuctl::codegen::resolved::SCHEMA_PATH);
    let schema = skuctl::codegen::resolved::schema_json();
    assert_eq!(read(&path), schema, "schemas/generated-catalog.schema.json is stale: run `skuctl schema`");
    skuctl()
        .args(["schema", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("schemas/generated-catalog.schema.json: up to date"));
    let dir = scratch();
    let out = dir.path().join("generated");
    generate(&hostile(), &out).success();
    let schema: serde_json::Value = serde_json::from_str(&schema).expect("schema json");
    let instance: serde_json::Value = serde_json::from_str(&read(&out.join("catalog.json"))).expect("catalog json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn project_templates_override_embedded_ones_and_add_new_files() {
    let dir = scratch();
    let out = dir.path().join("generated");
    with_templates(&out, &fixture("templates/override"))
        .success()
        .stdout(predicate::str::contains("5 files generated"));
    let rb = read(&out.join("ruby/skuctl_catalog.rb"));
    assert!(rb.contains("module MyBilling\n  PLAN_SKUS = [\"GL-PREM-1Y\", \"TYPE\", \"GL-STORAGE-10\"].freeze"), "{rb}");
    assert_eq!(
        read(&out.join("extra/plans.csv")),
        "key,sku,status\nsaas_premium_1y,GL-PREM-1Y,active\ntype,TYPE,deprecated\nmatch,GL-STORAGE-10,active\n"
    );
    assert!(out.join("typescript/catalog.ts").is_file(), "templates not overridden stay embedded");
}

#[test]
fn a_template_error_points_at_the_template_file_and_line() {
    let dir = scratch();
    let templates = fixture("templates/broken");
    with_templates(&dir.path().join("generated"), &templates)
        .code(1)
        .stderr(predicate::str::contains(format!("{}:4:", templates.join("report.txt.tera").display())))
        .stderr(predicate::str::contains("no_such_field"));
    assert!(!dir.path().join("generated").exists(), "nothing is written when a template fails");
}

#[test]
fn a_template_without_an_output_path_is_refused() {
    let dir = scratch();
    let templates = fixture("templates/no_front_matter");
    with_templates(&dir.path().join("generated"), &templates)
        .code(1)
        .stderr(predicate::str::contains(format!("{}:1", templates.join("report.txt.tera").display())))
        .stderr(predicate::str::contains("skuctl-output:"));
}

#[test]
fn colliding_identifiers_block_generation_with_both_places() {
    let dir = scratch();
    let out = dir.path().join("generated");
    let catalog = repo_root().join("tests/fixtures/rules/SKU900/catalog");
    generate(&catalog, &out)
        .code(1)
        .stderr(predicate::str::contains("error[SKU900]: plan key `saas_premium1y` becomes the same identifier as `saas_premium_1y`"))
        .stderr(predicate::str::contains("TypeScript identifier `saasPremium1y`"))
        .stderr(predicate::str::contains("Rust enum variant `SaasPremium1y`"))
        .stderr(predicate::str::contains("products/base.yaml:21:10"))
        .stderr(predicate::str::contains("`saas_premium_1y` defined here at "))
        .stderr(predicate::str::contains("products/base.yaml:7:10"));
    assert!(!out.exists());
}

#[test]
fn the_collision_rule_reports_both_spans() {
    let catalog = repo_root().join("tests/fixtures/rules/SKU900/catalog");
    let loaded = skuctl::load::load_catalog(&catalog).expect("load");
    let c = loaded.catalog.expect("catalog loads");
    let mut out = Vec::new();
    skuctl::codegen::collision::check(&c, &mut out);
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(out[0].code, skuctl::codegen::collision::RULE.code);
    assert_eq!(out[0].location.pointer, "/plans/1/key");
    assert_eq!(out[0].related[0].location.pointer, "/plans/0/key");
    assert_eq!(out[0].location.source, out[0].related[0].location.source);
}

fn snapshot_all(name: &str, catalog: &Path) {
    let dir = scratch();
    let out = dir.path().join("generated");
    generate(catalog, &out).success();
    for f in ["catalog.json", "ruby/skuctl_catalog.rb", "typescript/catalog.ts", "rust/catalog.rs"] {
        insta::assert_snapshot!(format!("{name}__{}", f.replace('/', "__")), read(&out.join(f)));
    }
}

#[test]
fn snapshots_of_the_hostile_catalog() {
    snapshot_all("codegen_hostile", &hostile());
}

#[test]
fn snapshots_of_the_sample_catalog() {
    snapshot_all("codegen_sample", &repo_root().join("catalog"));
}

/// CI runs `skuctl generate --check`: the committed `generated/` must match the sample catalog.
#[test]
fn the_committed_generated_files_are_up_to_date() {
    skuctl().args(["generate", "--check"]).assert().success().stdout(predicate::str::contains("up to date"));
}

#[test]
fn an_environment_without_recorded_ids_is_reported_not_invented() {
    let dir = scratch();
    let out = dir.path().join("generated");
    skuctl()
        .args(["generate", "--env", "production", "--catalog"])
        .arg(hostile())
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("no remote IDs are recorded for environment `production`"));
    assert!(read(&out.join("catalog.json")).contains("\"environments\": [],"));
    assert!(read(&out.join("ruby/skuctl_catalog.rb")).contains("ENVIRONMENTS = [].freeze"));
}

/// Remote IDs come from the offline snapshots in `state/` (next to `catalog/`): every plan the production snapshot
/// knows by key carries its Zuora rate-plan ID, and an empty state directory gives none.
#[test]
fn remote_ids_come_from_the_state_snapshots() {
    let snapshot: serde_json::Value =
        serde_json::from_str(&read(&repo_root().join("state/production.json"))).expect("snapshot json");
    let mut expected = Vec::new();
    for product in snapshot["zuora"]["products"].as_array().expect("products") {
        for rp in product["rate_plans"].as_array().expect("rate plans") {
            if rp["key_source"].is_null() && rp["id"].is_string() {
                expected.push((rp["key"].as_str().unwrap_or_default().to_owned(), rp["id"].clone()));
            }
        }
    }
    assert!(!expected.is_empty(), "the production snapshot has rate plans with IDs");
    let dir = scratch();
    let out = dir.path().join("generated");
    skuctl().args(["generate", "--out"]).arg(&out).assert().success();
    let generated: serde_json::Value = serde_json::from_str(&read(&out.join("catalog.json"))).expect("json");
    assert_eq!(generated["environments"], serde_json::json!(["production"]));
    let mut matched = 0;
    for plan in generated["plans"].as_array().expect("plans") {
        if let Some((_, id)) = expected.iter().find(|(k, _)| plan["key"] == k.as_str()) {
            assert_eq!(&plan["remote_ids"]["production"]["zuora_rate_plan_id"], id, "{}", plan["key"]);
            matched += 1;
        }
    }
    assert!(matched > 0, "no catalog plan matched a snapshot rate plan");
    let empty = scratch();
    let out2 = dir.path().join("no-state");
    skuctl().args(["generate", "--out"]).arg(&out2).arg("--state").arg(empty.path()).assert().success();
    assert!(read(&out2.join("catalog.json")).contains("\"environments\": [],"));
}
