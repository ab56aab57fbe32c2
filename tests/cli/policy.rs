//! `skuctl check --base REV` and `skuctl changelog --base REV`: every test builds its own git history in a temp
//! directory (commit the old catalog, write the new one into the working tree) and runs the real binary there.
//!
//! Fixtures: `tests/fixtures/policy/<CODE>/{old,new}/` per lint (plus `allowed/`); snapshots `cli__policy__<CODE>.snap`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_tree, repo_root, scratch, skuctl};

/// A scratch git repository whose `catalog/` can be committed and then changed in the working tree.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Repo { dir: scratch() };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Replaces `catalog/` in the working tree with a copy of `from`.
    fn write_catalog(&self, from: &Path) {
        let dest = self.path().join("catalog");
        if dest.exists() {
            std::fs::remove_dir_all(&dest).expect("remove catalog");
        }
        copy_tree(from, &dest);
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// A repository whose HEAD holds `old` and whose working tree holds `new`.
    fn with_change(old: &Path, new: &Path) -> Self {
        let repo = Repo::new();
        repo.write_catalog(old);
        repo.commit_all("old catalog");
        repo.write_catalog(new);
        repo
    }

    fn skuctl(&self) -> assert_cmd::Command {
        let mut cmd = skuctl();
        cmd.current_dir(self.path());
        cmd
    }
}

/// Replaces `from` by `to` in a file of the repository's working tree.
fn edit(repo: &Repo, file: &str, from: &str, to: &str) {
    let path = repo.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/policy").join(name)
}

fn fixture_repo(name: &str) -> Repo {
    Repo::with_change(&fixture(name).join("old"), &fixture(name).join("new"))
}

/// The findings of `skuctl check --base HEAD --format json` (plus `extra`) and the exit code.
struct Checked {
    findings: Vec<serde_json::Value>,
    code: i32,
}

impl Checked {
    fn codes(&self) -> Vec<&str> {
        self.findings.iter().filter_map(|f| f["code"].as_str()).collect()
    }

    fn has(&self, code: &str) -> bool {
        self.codes().contains(&code)
    }

    /// Every message and help line, for content assertions.
    fn text(&self) -> String {
        let lines = self.findings.iter().flat_map(|f| [f["message"].as_str(), f["help"].as_str()]).flatten();
        lines.collect::<Vec<_>>().join("\n")
    }
}

fn check_json(repo: &Repo, extra: &[&str]) -> Checked {
    let (stdout, stderr, code) = check(repo, &[&["--format", "json"], extra].concat());
    let findings = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("json output ({e}):\n{stdout}{stderr}"));
    Checked { findings, code }
}

/// Runs `skuctl check --base HEAD` (plus `extra`) and returns stdout, stderr and the exit code.
fn check(repo: &Repo, extra: &[&str]) -> (String, String, i32) {
    let out = repo.skuctl().args(["check", "--base", "HEAD"]).args(extra).output().expect("run skuctl");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_lint_has_a_fixture_whose_check_reports_it() {
    let lints = skuctl::policy::lints();
    assert!(lints.len() >= 30, "expected the full lint set, got {}", lints.len());
    for rule in lints {
        let dir = fixture(rule.code);
        assert!(dir.join("old/catalog.yaml").is_file(), "{}: no fixture {}", rule.code, dir.display());
        assert!(dir.join("new/catalog.yaml").is_file(), "{}: no fixture {}", rule.code, dir.display());
        let repo = fixture_repo(rule.code);
        let json = check_json(&repo, &[]);
        assert!(json.has(rule.code), "{}: fixture does not report it: {:?}", rule.code, json.codes());
        let expected = if rule.severity == skuctl::diagnostic::Severity::Error { 1 } else { 0 };
        assert_eq!(json.code, expected, "{}: exit code {:?}", rule.code, json.codes());
        let (stdout, stderr, code) = check(&repo, &[]);
        assert!(stderr.is_empty(), "{}: stderr: {stderr}", rule.code);
        assert_eq!(code, json.code);
        insta::assert_snapshot!(rule.code, format!("exit: {code}\n{stdout}"));
    }
}

#[test]
fn no_fixture_without_a_lint() {
    let codes: Vec<&str> = skuctl::policy::lints().iter().map(|r| r.code).collect();
    for entry in std::fs::read_dir(fixture("")).expect("fixtures") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        assert!(codes.contains(&name.as_str()) || name == "allowed", "fixture {name} has no lint");
    }
}

#[test]
fn a_version_bump_smaller_than_the_changes_is_an_error_naming_the_bump_and_the_changes() {
    let repo = fixture_repo("CHG900");
    let checked = check_json(&repo, &[]);
    let stdout = checked.text();
    assert_eq!(checked.code, 1, "{stdout}");
    assert!(stdout.contains("1.0.0 -> 1.0.1 is a patch bump, but the changes need a major bump (version 2.0.0 or later); the changes needing more:"), "{stdout}");
    assert!(stdout.contains("\n- CHG020 (major) charge `ultimate_1y.seat` price in USD increased from 1188.00 to 1308.00"), "{stdout}");
}

#[test]
fn a_sufficient_version_bump_passes_and_a_larger_one_too() {
    // CHG020's fixture bumps to 2.0.0 for a major change: no CHG900.
    let repo = fixture_repo("CHG020");
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), ["CHG020"]);
    // A patch-level change released as a minor version is fine as well.
    let repo = fixture_repo("CHG040");
    edit(&repo, "catalog/catalog.yaml", "version: 1.0.1", "version: 1.1.0");
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), ["CHG040"]);
}

#[test]
fn an_unbumped_version_with_changes_names_the_needed_minor_bump() {
    let repo = fixture_repo("CHG030");
    edit(&repo, "catalog/catalog.yaml", "version: 1.1.0", "version: 1.0.0");
    let checked = check_json(&repo, &[]);
    let stdout = checked.text();
    assert_eq!(checked.code, 1, "{stdout}");
    assert!(stdout.contains("1.0.0 -> 1.0.0 is not bumped, but the changes need a minor bump (version 1.1.0 or later)"), "{stdout}");
}

#[test]
fn an_allowed_finding_passes_and_shows_its_reason() {
    let repo = fixture_repo("allowed");
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), ["CHG020"], "an allowed change needs no bump");
    assert_eq!(checked.findings[0]["severity"], "info");
    assert!(checked.text().contains("(allowed: Approved by pricing committee, FIN-1234)"), "{}", checked.text());
    for format in ["codequality", "junit"] {
        let (out, _, code) = check(&repo, &["--format", format]);
        assert_eq!(code, 0);
        assert!(out.contains("(allowed: Approved by pricing committee, FIN-1234)"), "{format}: {out}");
    }
    let (stdout, _, _) = check(&repo, &[]);
    insta::assert_snapshot!("allowed", stdout);
}

#[test]
fn an_allow_entry_without_reason_allows_nothing() {
    let repo = fixture_repo("CHG903");
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["CHG900", "CHG903", "CHG020"]);
    assert!(!checked.text().contains("allowed:"), "{}", checked.text());
}

#[test]
fn a_base_without_the_catalog_makes_everything_new() {
    let repo = Repo::new();
    std::fs::write(repo.path().join("README.md"), "before the catalog\n").expect("write");
    repo.commit_all("no catalog yet");
    repo.write_catalog(&fixture("CHG004").join("old"));
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 0);
    let mut codes = checked.codes();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes, ["CHG032", "CHG033", "CHG035"], "everything is new; no version is enforced");
    let text = checked.text();
    for expected in ["product `ultimate`", "plan `ultimate_1y`", "now sells in EUR", "now sells in USD"] {
        assert!(text.contains(expected), "missing {expected}:\n{text}");
    }
    let notes = repo.skuctl().args(["changelog", "--base", "HEAD"]).output().expect("run");
    let notes = String::from_utf8_lossy(&notes.stdout).into_owned();
    assert!(notes.contains("First release of the catalog: everything is new."), "{notes}");
}

#[test]
fn a_bad_revision_is_a_clear_usage_error() {
    let repo = fixture_repo("CHG020");
    let out = repo.skuctl().args(["check", "--base", "no-such-branch"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`no-such-branch` is not a commit in the git repository at"), "{stderr}");
    assert!(out.stdout.is_empty());
    let out = repo.skuctl().args(["changelog", "--base", "--output=x"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn outside_a_git_repository_is_a_clear_error() {
    let dir = scratch();
    copy_tree(&fixture("CHG020").join("new"), &dir.path().join("catalog"));
    let out = skuctl().current_dir(dir.path()).args(["check", "--base", "HEAD"]).env("GIT_CEILING_DIRECTORIES", dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not inside a git repository"));
}

#[test]
fn a_base_catalog_that_does_not_load_is_a_clear_error() {
    let repo = Repo::new();
    repo.write_catalog(&fixture("CHG020").join("old"));
    std::fs::write(repo.path().join("catalog/products/broken.yaml"), "key: [unclosed\n").expect("write");
    repo.commit_all("broken");
    repo.write_catalog(&fixture("CHG020").join("new"));
    let (_, stderr, code) = check(&repo, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the catalog at `HEAD` does not load (1 error(s)); first: SKU001"), "{stderr}");
}

#[test]
fn repo_and_catalog_can_be_given_from_elsewhere() {
    let repo = fixture_repo("CHG020");
    let catalog = repo.path().join("catalog");
    let out = skuctl()
        .args(["check", "--base", "HEAD", "--repo"])
        .arg(repo.path())
        .arg("--catalog")
        .arg(&catalog)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CHG020"));
}

#[test]
fn a_price_change_says_who_is_affected() {
    // use_latest_catalog_pricing: existing subscriptions at renewal.
    let repo = Repo::with_change(&fixture("CHG027").join("old"), &fixture("CHG027").join("old"));
    edit(&repo, "catalog/products/premium.yaml", "USD: 348.00", "USD: 300.00");
    edit(&repo, "catalog/products/premium.yaml", "USD: 696.00", "USD: 600.00");
    edit(&repo, "catalog/catalog.yaml", "version: 1.0.0", "version: 1.1.0");
    let checked = check_json(&repo, &[]);
    let stdout = checked.text();
    assert_eq!(checked.code, 0, "{stdout}");
    assert!(stdout.contains("Existing subscriptions pay the new price from their next renewal, not before (price_change_on_renewal: use_latest_catalog_pricing)"), "{stdout}");
    assert!(stdout.contains("No new subscriptions: the plan is deprecated. Existing subscriptions keep their current price, also at renewal (price_change_on_renewal: no_change)."), "{stdout}");
}

#[test]
fn changelog_lists_new_plans_price_changes_and_retirements() {
    let repo = Repo::new();
    repo.write_catalog(&fixture("CHG033").join("old"));
    repo.commit_all("1.0.0");
    repo.write_catalog(&fixture("CHG033").join("new"));
    edit(&repo, "catalog/products/premium.yaml", "USD: 348.00, EUR: 324.00", "USD: 360.00, EUR: 330.00");
    edit(&repo, "catalog/products/premium.yaml", "status: deprecated", "status: retired");
    edit(&repo, "catalog/catalog.yaml", "version: 1.1.0", "version: 2.0.0");
    let out_file = repo.path().join("CHANGELOG.md");
    let out = repo.skuctl().args(["changelog", "--base", "HEAD", "--output"]).arg(&out_file).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let notes = std::fs::read_to_string(&out_file).expect("notes written");
    let again = repo.skuctl().args(["changelog", "--base", "HEAD"]).output().expect("run");
    assert_eq!(String::from_utf8_lossy(&again.stdout), notes, "deterministic, same on stdout");
    insta::assert_snapshot!("changelog", notes);
}

#[test]
fn the_readme_lists_every_lint() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    for rule in skuctl::policy::lints() {
        assert!(readme.contains(&format!("| `{}` | {} |", rule.code, rule.name)), "README lacks {}", rule.code);
    }
}

#[test]
fn explain_knows_the_change_policy_codes() {
    let out = skuctl().args(["explain", "chg020"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CHG020 price-increased") && text.contains("use_latest_catalog_pricing"), "{text}");
    let out = skuctl().args(["explain", "allow-without-reason"]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("CHG903"));
}

#[test]
fn every_format_can_be_written_to_a_file_with_a_summary_on_stderr() {
    let repo = fixture_repo("CHG900");
    for (format, start) in [("json", "["), ("codequality", "["), ("junit", "<?xml"), ("human", "")] {
        let file = repo.path().join(format!("report.{format}"));
        let out = repo.skuctl().args(["check", "--base", "HEAD", "--format", format, "--output"]).arg(&file).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{format}: errors exit 1");
        assert!(out.stdout.is_empty(), "{format}: nothing on stdout");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), "1 error, 1 warning");
        let text = std::fs::read_to_string(&file).expect("report written");
        assert!(text.starts_with(start) && text.contains("CHG900") && text.contains("CHG020"), "{format}: {text}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("report.codequality")).expect("read")).expect("json");
    let paths: Vec<&str> = report.as_array().expect("array").iter().filter_map(|e| e["location"]["path"].as_str()).collect();
    assert_eq!(paths, ["catalog/catalog.yaml", "catalog/products/ultimate.yaml"]);
}

#[test]
fn a_working_tree_catalog_that_does_not_load_reports_its_load_errors() {
    let repo = fixture_repo("CHG020");
    std::fs::write(repo.path().join("catalog/products/broken.yaml"), "key: [unclosed\n").expect("write");
    let checked = check_json(&repo, &[]);
    assert_eq!(checked.code, 1);
    assert!(checked.codes().iter().all(|c| c.starts_with("SKU0")), "only load errors: {:?}", checked.codes());
    let out = repo.skuctl().args(["changelog", "--base", "HEAD"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the working-tree catalog does not load"));
}
