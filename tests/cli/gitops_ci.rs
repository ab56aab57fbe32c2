//! `.gitlab-ci.yml`: valid against GitLab's own CI schema (check-jsonschema's vendored copy), and the right jobs run
//! in merge-request, default-branch and scheduled pipelines (gitlab-ci-local `--list-json` in a scratch git repo).
//!
//! The tools are installed by `scripts/test` (scripts/lib/tools.sh), which exports their paths. Run alone, a test
//! falls back to the repo-local `.tools/`; when a tool is missing it says so and skips, except under `CI=true`,
//! where a missing tool fails the test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{repo_root, scratch};

/// The tool at `$env_var`, else at `.tools/<fallback>`; `None` (skip) only outside CI.
pub(crate) fn tool(env_var: &str, fallback: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env_var).map_or_else(|| repo_root().join(".tools").join(fallback), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "{} not found (set {env_var} or run ./scripts/test, which installs it)",
        path.display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("SKIPPED: {message}");
    None
}

fn check_jsonschema(file: &Path) -> std::process::Output {
    let cj = tool("SKUCTL_CHECK_JSONSCHEMA", "venv/bin/check-jsonschema");
    let Some(cj) = cj else { return ok_output() };
    Command::new(cj)
        .args([
            "--builtin-schema",
            "vendor.gitlab-ci",
            "--data-transform",
            "gitlab-ci",
            "--regex-variant",
            "nonunicode",
        ])
        .arg(file)
        .output()
        .expect("run check-jsonschema")
}

fn ok_output() -> std::process::Output {
    Command::new("true").output().expect("true")
}

#[test]
fn gitlab_ci_yml_is_valid_against_gitlabs_schema() {
    let out = check_jsonschema(&repo_root().join(".gitlab-ci.yml"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_schema_check_rejects_a_broken_pipeline() {
    if tool("SKUCTL_CHECK_JSONSCHEMA", "venv/bin/check-jsonschema").is_none() {
        return;
    }
    let dir = scratch();
    let broken = std::fs::read_to_string(repo_root().join(".gitlab-ci.yml"))
        .expect("read")
        .replace("      when: manual", "      when: sometimes");
    let file = dir.path().join(".gitlab-ci.yml");
    std::fs::write(&file, broken).expect("write");
    let out = check_jsonschema(&file);
    assert!(!out.status.success(), "a `when: sometimes` must fail validation");
}

pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A scratch repository holding the pipeline and a catalog file, with `origin/main` (gitlab-ci-local evaluates
/// `rules:changes` against it) and two branches: `catalog-change` and `docs-change`.
fn scratch_repo() -> tempfile::TempDir {
    let dir = scratch();
    let d = dir.path();
    std::fs::copy(repo_root().join(".gitlab-ci.yml"), d.join(".gitlab-ci.yml")).expect("copy");
    std::fs::create_dir_all(d.join("catalog")).expect("mkdir");
    std::fs::write(d.join("catalog/pro.yaml"), "key: pro\n").expect("write");
    std::fs::write(d.join("README.md"), "# catalog\n").expect("write");
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "init"]);
    git(
        d,
        &[
            "remote",
            "add",
            "origin",
            "https://gitlab.example.com/group/catalog.git",
        ],
    );
    git(d, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(
        d,
        &["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"],
    );
    git(d, &["checkout", "-qb", "catalog-change"]);
    std::fs::write(d.join("catalog/pro.yaml"), "key: pro\nname: Pro\n").expect("write");
    git(d, &["commit", "-qam", "catalog change"]);
    git(d, &["checkout", "-qb", "docs-change", "main"]);
    std::fs::write(d.join("README.md"), "# catalog\nmore\n").expect("write");
    git(d, &["commit", "-qam", "docs change"]);
    dir
}

/// The jobs gitlab-ci-local would run on `branch` with `args`: name -> `when` (jobs with `when: never` left out).
fn jobs(gcl: &Path, repo: &Path, branch: &str, args: &[&str]) -> BTreeMap<String, String> {
    git(repo, &["checkout", "-q", branch]);
    let out = Command::new(gcl)
        .current_dir(repo)
        .arg("--list-json")
        .args(args)
        .env(
            "GCL_IGNORE_PREDEFINED_VARS",
            "CI_PIPELINE_SOURCE,CI_COMMIT_REF_PROTECTED,CI_COMMIT_BRANCH",
        )
        .output()
        .expect("run gitlab-ci-local");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "gitlab-ci-local {args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Notices come first on stdout; the JSON array starts on its own line.
    let json = stdout.find("\n[").map_or(&stdout[..], |i| &stdout[i + 1..]);
    let list: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    list.iter()
        .filter(|j| j["when"] != "never")
        .map(|j| {
            (
                j["name"].as_str().expect("name").to_owned(),
                j["when"].as_str().expect("when").to_owned(),
            )
        })
        .collect()
}

/// gitlab-ci-local and a fresh [`scratch_repo`]; `None` when the tool is missing outside CI.
fn gitlab_ci_local() -> Option<(PathBuf, tempfile::TempDir)> {
    Some((
        tool("SKUCTL_GITLAB_CI_LOCAL", "node_modules/.bin/gitlab-ci-local")?,
        scratch_repo(),
    ))
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

const MR: &[&str] = &[
    "--variable",
    "CI_PIPELINE_SOURCE=merge_request_event",
    "--variable",
    "CI_MERGE_REQUEST_IID=7",
    "--unset-variable",
    "CI_COMMIT_BRANCH",
];

#[test]
fn merge_request_pipelines_run_the_checks_and_the_plan_only_for_catalog_changes() {
    let Some((gcl, repo)) = gitlab_ci_local() else {
        return;
    };
    let ok = "on_success";
    assert_eq!(
        jobs(&gcl, repo.path(), "catalog-change", MR),
        expect(&[
            ("build", ok),
            ("validate", ok),
            ("schema", ok),
            ("generate", ok),
            ("check", ok),
            ("plan", ok)
        ])
    );
    assert_eq!(
        jobs(&gcl, repo.path(), "docs-change", MR),
        expect(&[]),
        "no catalog change, no pipeline jobs"
    );
}

#[test]
fn default_branch_pipelines_validate_plan_and_offer_a_manual_apply() {
    let Some((gcl, repo)) = gitlab_ci_local() else {
        return;
    };
    let ok = "on_success";
    let protected = ["--variable", "CI_COMMIT_REF_PROTECTED=true"];
    assert_eq!(
        jobs(&gcl, repo.path(), "main", &protected),
        expect(&[("build", ok), ("validate", ok), ("plan", ok), ("apply", "manual")])
    );
    assert_eq!(
        jobs(
            &gcl,
            repo.path(),
            "main",
            &["--variable", "CI_COMMIT_REF_PROTECTED=false"]
        ),
        expect(&[("build", ok), ("validate", ok), ("plan", ok)]),
        "no apply from an unprotected ref"
    );
    assert_eq!(
        jobs(
            &gcl,
            repo.path(),
            "catalog-change",
            &["--variable", "CI_COMMIT_BRANCH=catalog-change"]
        ),
        expect(&[]),
        "branch pushes outside the default branch run nothing (the MR pipeline does)"
    );
}

#[test]
fn scheduled_pipelines_only_detect_drift() {
    let Some((gcl, repo)) = gitlab_ci_local() else {
        return;
    };
    let schedule = [
        "--variable",
        "CI_PIPELINE_SOURCE=schedule",
        "--variable",
        "CI_COMMIT_REF_PROTECTED=true",
    ];
    assert_eq!(
        jobs(&gcl, repo.path(), "main", &schedule),
        expect(&[("build", "on_success"), ("drift", "on_success")])
    );
}

#[test]
fn apply_uses_the_plan_of_its_own_pipeline_in_one_resource_group_and_plans_are_not_public() {
    let yaml: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo_root().join(".gitlab-ci.yml")).expect("read .gitlab-ci.yml"),
    )
    .expect("parse .gitlab-ci.yml");
    let apply = &yaml["apply"];
    assert_eq!(apply["resource_group"], "skuctl-$SKUCTL_ENV");
    assert_eq!(apply["environment"]["action"], "start");
    assert!(
        apply["needs"]
            .as_array()
            .expect("needs")
            .iter()
            .any(|n| n["job"] == "plan" && n["artifacts"] == true)
    );
    assert!(
        apply["script"][0]
            .as_str()
            .expect("script")
            .contains("apply plan.json --yes --require-approval")
    );
    for job in ["plan", "apply", "drift"] {
        assert_eq!(
            yaml[job]["artifacts"]["access"], "developer",
            "{job}'s artifacts must not be public"
        );
    }
    let reports = &yaml["plan"]["artifacts"]["reports"];
    assert_eq!(
        (reports["dotenv"].as_str(), reports["terraform"].as_str()),
        (Some("plan.env"), Some("plan-counts.json"))
    );
    let validate = &yaml["validate"]["artifacts"]["reports"];
    assert_eq!(validate["codequality"], "gl-code-quality-report.json");
    assert_eq!(validate["junit"], "junit.xml");
}
