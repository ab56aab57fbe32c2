//! `skuctl validate` through the binary: every format, exit codes, `--output`, and the stability of Code Quality
//! fingerprints across unrelated edits.

use std::path::Path;

use crate::support::{copy_tree, repo_root, scratch, skuctl};

const ERROR_FIXTURE: &str = "tests/fixtures/rules/SKU003/catalog";
const WARNING_FIXTURE: &str = "tests/fixtures/rules/SKU850/catalog";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = skuctl().args(args).output().expect("run skuctl");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn the_sample_catalog_is_valid() {
    let (code, stdout, _) = run(&["validate"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("catalog is valid ("), "{stdout}");
    for format in ["json", "codequality"] {
        let (code, stdout, _) = run(&["validate", "--format", format]);
        assert_eq!((code, stdout.as_str()), (0, "[]\n"));
    }
}

#[test]
fn human_output_shows_the_snippet_and_help() {
    let (code, stdout, _) = run(&["validate", "--catalog", ERROR_FIXTURE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn human_output_of_a_duplicate_key_shows_both_places() {
    let (code, stdout, _) = run(&["validate", "--catalog", "tests/fixtures/rules/SKU002/catalog"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_output_is_the_documented_array() {
    let (code, stdout, _) = run(&["validate", "--catalog", ERROR_FIXTURE, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(
        v,
        serde_json::json!([{
            "code": "SKU003",
            "severity": "error",
            "message": "unknown field `efective_end` in `plans[0]`",
            "file": "tests/fixtures/rules/SKU003/catalog/products/base.yaml",
            "line": 12,
            "column": 5,
            "help": "did you mean `effective_end`?"
        }])
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let (code, stdout, _) = run(&["validate", "--catalog", WARNING_FIXTURE, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v[0]["severity"], "warning");
    assert_eq!(v[0]["code"], "SKU850");
}

#[test]
fn codequality_report_is_gitlab_shaped() {
    let (code, stdout, _) = run(&["validate", "--catalog", ERROR_FIXTURE, "--format", "codequality"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with('['), "no BOM, a JSON array");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let item = &v[0];
    assert_eq!(item["check_name"], "SKU003");
    assert_eq!(item["description"], "SKU003: unknown field `efective_end` in `plans[0]`");
    assert_eq!(item["severity"], "major");
    assert_eq!(item["location"]["path"], "tests/fixtures/rules/SKU003/catalog/products/base.yaml");
    assert_eq!(item["location"]["lines"]["begin"], 12);
    assert_eq!(item["fingerprint"].as_str().map(str::len), Some(64));
}

fn fingerprints(dir: &Path) -> Vec<(String, u64)> {
    let out = skuctl()
        .current_dir(dir)
        .args(["validate", "--catalog", "catalog", "--format", "codequality"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (i["fingerprint"].as_str().unwrap_or_default().to_owned(), i["location"]["lines"]["begin"].as_u64().unwrap_or(0))
        })
        .collect()
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let dir = scratch();
    let cat = dir.path().join("catalog");
    copy_tree(&repo_root().join("tests/fixtures/rules/SKU501/catalog"), &cat);
    let before = fingerprints(dir.path());
    assert_eq!(before.len(), 1);
    // Insert lines above the finding: the line moves, the fingerprint stays.
    let file = cat.join("products/base.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("sku: FX-BASE\n", "sku: FX-BASE\ndescription: |\n  Two lines\n  of text\n", 1))
        .expect("write");
    let after = fingerprints(dir.path());
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].0, before[0].0);
    assert_eq!(after[0].1, before[0].1 + 3);
}

#[test]
fn junit_report_has_a_failing_case_per_error() {
    let (code, stdout, _) = run(&["validate", "--catalog", ERROR_FIXTURE, "--format", "junit"]);
    assert_eq!(code, 1);
    let mut reader = quick_xml::Reader::from_str(&stdout);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!((cases, failures), (2, 1), "{stdout}");
    assert!(stdout.contains(r#"name="SKU003 12:5""#), "{stdout}");
    assert!(stdout.contains(r#"<testsuites name="skuctl validate" tests="2" failures="1">"#), "{stdout}");
}

#[test]
fn output_file_is_written_and_summary_goes_to_stderr() {
    let dir = scratch();
    let out = dir.path().join("gl-code-quality-report.json");
    let out_s = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(&["validate", "--catalog", ERROR_FIXTURE, "--format", "codequality", "--output", &out_s]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(stderr, "1 error, 0 warnings\n");
    let written = std::fs::read_to_string(&out).expect("report written");
    assert!(written.contains("\"check_name\": \"SKU003\""));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["validate", "--format", "xml"]).0, 2);
    assert_eq!(run(&["validate", "--no-such-flag"]).0, 2);
}

#[test]
fn a_missing_catalog_directory_is_an_error() {
    let (code, _, stderr) = run(&["validate", "--catalog", "no/such/dir"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: cannot read catalog directory no/such/dir"), "{stderr}");
}

#[test]
fn diagnostics_are_sorted_by_file_line_and_column() {
    let dir = scratch();
    let cat = dir.path().join("catalog");
    copy_tree(&repo_root().join("tests/fixtures/rules/SKU003/catalog"), &cat);
    let file = cat.join("products/base.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("category: base", "category: bsae\ncolour: red")).expect("write");
    std::fs::write(cat.join("products/a.yaml"), "key: a\nnmae: A\n").expect("write");
    let out = skuctl().current_dir(dir.path()).args(["validate", "--format", "json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let got: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|d| format!("{} {}:{}:{}", d["code"].as_str().unwrap_or(""), d["file"].as_str().unwrap_or(""), d["line"], d["column"]))
        .collect();
    insta::assert_snapshot!(got.join("\n"));
}
