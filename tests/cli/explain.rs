//! `skuctl explain`: one code in every format, the list, unknown codes, and the README's rule table.

use crate::support::{repo_root, skuctl};

fn stdout_of(args: &[&str]) -> String {
    let out = skuctl().args(args).output().expect("run skuctl");
    assert!(out.status.success(), "skuctl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn explains_a_code() {
    insta::assert_snapshot!(stdout_of(&["explain", "SKU401"]));
}

#[test]
fn codes_and_names_are_case_insensitive() {
    let by_code = stdout_of(&["explain", "SKU401"]);
    assert_eq!(stdout_of(&["explain", "sku401"]), by_code);
    assert_eq!(stdout_of(&["explain", "tier-gap"]), by_code);
}

#[test]
fn explains_in_json_and_markdown() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout_of(&["explain", "SKU304", "--format", "json"])).expect("json");
    assert_eq!(v["code"], "SKU304");
    assert_eq!(v["name"], "active-plan-missing-currency");
    assert_eq!(v["severity"], "error");
    for field in ["summary", "explanation", "bad", "good"] {
        assert!(v[field].as_str().is_some_and(|s| !s.is_empty()), "{field} empty");
    }
    let md = stdout_of(&["explain", "SKU304", "--format", "markdown"]);
    assert!(md.starts_with("### SKU304 `active-plan-missing-currency` (error)"), "{md}");
    assert!(md.contains("```yaml\n"), "{md}");
}

#[test]
fn unknown_code_exits_2_with_a_suggestion() {
    let out = skuctl().args(["explain", "SKU3O4"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown diagnostic code `SKU3O4`"), "{err}");
    assert!(err.contains("did you mean `SKU304`?"), "{err}");
}

#[test]
fn missing_code_is_a_usage_error() {
    skuctl().arg("explain").assert().code(2);
    skuctl().args(["explain", "SKU100", "--list"]).assert().code(2);
    skuctl().args(["explain", "SKU100", "--format", "yaml"]).assert().code(2);
}

#[test]
fn lists_every_rule() {
    let rules = skuctl::validate::rules();
    let human = stdout_of(&["explain", "--list"]);
    assert_eq!(human.lines().count(), rules.len());
    for r in &rules {
        assert!(human.lines().any(|l| l.starts_with(r.code) && l.contains(r.name)), "{} missing", r.code);
    }
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&stdout_of(&["explain", "--list", "--format", "json"])).expect("json");
    let codes: Vec<&str> = json.iter().filter_map(|v| v["code"].as_str()).collect();
    assert_eq!(codes, rules.iter().map(|r| r.code).collect::<Vec<_>>());
}

#[test]
fn every_rule_explains_itself_fully() {
    for r in skuctl::validate::rules() {
        assert!(!r.summary.is_empty() && !r.explanation.is_empty(), "{}: empty text", r.code);
        assert!(!r.bad.is_empty() && !r.good.is_empty() && r.bad != r.good, "{}: examples", r.code);
        assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}: name", r.code);
    }
}

#[test]
fn readme_rule_table_is_up_to_date() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    let begin = "<!-- rules:begin -->\n";
    let start = readme.find(begin).expect("README has <!-- rules:begin -->") + begin.len();
    let end = readme.find("<!-- rules:end -->").expect("README has <!-- rules:end -->");
    let table = stdout_of(&["explain", "--list", "--format", "markdown"]);
    assert!(
        readme[start..end] == table,
        "README rule table is stale: replace the lines between the rules markers with the output of \
         `skuctl explain --list --format markdown`"
    );
}
