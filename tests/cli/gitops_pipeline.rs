//! End to end: the real `.gitlab-ci.yml` runs in gitlab-ci-local's shell executor in a scratch git repository,
//! against the loopback fake GitLab API (`fake_gitlab.rs`) and a real `skuctl sandbox` standing in for production.
//!
//! Scenario: production (the sandbox) equals the catalog on `main`. A merge request raises a price (and bumps the
//! catalog version): its pipeline runs `validate`, `schema`, `check` and `plan`, which posts the one plan note
//! (plan, change policy, who is affected, content digest). The MR is merged and approved; the default-branch
//! pipeline validates and plans again (same
//! content digest), and the manual `apply` job is refused when run by the approver (segregation of duties) and
//! succeeds when run by someone else. Afterwards the sandbox equals the catalog (a fresh plan is empty), the fake
//! holds exactly one note, and the audit log has one refused and one applied record with the approver and MR.
//! Finally the scheduled `drift` job passes while production is in sync and fails, naming the object, once a price
//! is changed outside skuctl.
//!
//! Under `CI=true` a missing gitlab-ci-local fails the test (see `gitops_ci.rs`).

use std::path::Path;
use std::process::Command;

use crate::fake_gitlab::FakeGitLab;
use crate::gitops_ci::{git, tool};
use crate::support::{copy_tree, repo_root, scratch, skuctl};
use crate::support_live::{EnvOpts, write_config};
use crate::support_sandbox::Sandbox;

const PROJECT: &str = "42";
const BOT_TOKEN: &str = "glpat-e2e-bot-token-0001";
const MR: u64 = 5;

/// Runs gitlab-ci-local on `jobs` in `repo` with the shell executor; returns (success, combined output).
fn run_jobs(gcl: &Path, repo: &Path, jobs: &[&str], vars: &[(String, String)]) -> (bool, String) {
    let mut cmd = Command::new(gcl);
    cmd.current_dir(repo).args(["--force-shell-executor", "--no-color"]);
    for (k, v) in vars {
        cmd.arg("--variable").arg(format!("{k}={v}"));
    }
    let ignored: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
    let out = cmd
        .args(jobs)
        .env("GCL_IGNORE_PREDEFINED_VARS", ignored.join(","))
        .env_remove("SKUCTL_AUDIT_LOG")
        .env_remove("SKUCTL_GITLAB_TOKEN")
        .output()
        .expect("run gitlab-ci-local");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `skuctl plan --live --detailed-exitcode` in `repo`: 0 when the sandbox equals the catalog.
fn replan_code(repo: &Path) -> i32 {
    let out = skuctl()
        .current_dir(repo)
        .args(["plan", "--live", "--detailed-exitcode", "--format", "json"])
        .output()
        .expect("run skuctl plan");
    out.status.code().unwrap_or(-1)
}

fn head(repo: &Path) -> String {
    let out = Command::new("git")
        .current_dir(repo)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git rev-parse");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The scratch repository: the pipeline, `skuctl.yaml` (production = the sandbox), and the baseline catalog.
fn scratch_repo(sandbox: &Sandbox) -> tempfile::TempDir {
    let dir = scratch();
    let d = dir.path();
    std::fs::copy(repo_root().join(".gitlab-ci.yml"), d.join(".gitlab-ci.yml")).expect("copy pipeline");
    write_config(
        d,
        &EnvOpts {
            base_url: &sandbox.base,
            env_name: "production",
            ..EnvOpts::default()
        },
    );
    copy_tree(
        &repo_root().join("tests/fixtures/plan/base/catalog"),
        &d.join("catalog"),
    );
    std::fs::write(
        d.join(".gitignore"),
        ".gitlab-ci-local/\nplan.*\n*.journal\nstate/\naudit/\n",
    )
    .expect("gitignore");
    // The committed JSON Schemas the `schema --check` job compares with.
    skuctl()
        .current_dir(d)
        .args(["schema", "--root"])
        .arg(d)
        .assert()
        .code(0);
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "catalog 1.0.0"]);
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
    dir
}

/// Makes production equal the baseline catalog (outside the pipeline; its audit record goes elsewhere).
fn seed_production(repo: &Path, setup: &Path) {
    let plan = setup.join("setup-plan.json");
    skuctl()
        .current_dir(repo)
        .args(["plan", "--live", "--out"])
        .arg(&plan)
        .assert()
        .code(0);
    skuctl()
        .current_dir(repo)
        .arg("apply")
        .arg(&plan)
        .args(["--yes", "--audit-log"])
        .arg(setup.join("setup-audit.jsonl"))
        .assert()
        .code(0);
    assert_eq!(
        replan_code(repo),
        0,
        "production equals the baseline catalog before the merge request"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_request_plan_note_then_approved_apply_through_the_real_pipeline() {
    let Some(gcl) = tool("SKUCTL_GITLAB_CI_LOCAL", "node_modules/.bin/gitlab-ci-local") else {
        return;
    };
    let sandbox = Sandbox::start(&[]);
    let fake = FakeGitLab::start(PROJECT).await;
    fake.user(1, "skuctl-bot", BOT_TOKEN);
    let repo_dir = scratch_repo(&sandbox);
    let repo = repo_dir.path();
    let setup = scratch();
    seed_production(repo, setup.path());

    // The merge request: a price increase (a major change by the policy, so the version goes to 2.0.0).
    let base_sha = head(repo);
    git(repo, &["checkout", "-qb", "raise-premium-price"]);
    std::fs::remove_dir_all(repo.join("catalog")).expect("rm catalog");
    copy_tree(
        &repo_root().join("tests/fixtures/plan/price_update/catalog"),
        &repo.join("catalog"),
    );
    let root = std::fs::read_to_string(repo.join("catalog/catalog.yaml")).expect("catalog.yaml");
    assert!(root.contains("version: 1.0.0"), "{root}");
    std::fs::write(
        repo.join("catalog/catalog.yaml"),
        root.replace("version: 1.0.0", "version: 2.0.0"),
    )
    .expect("bump");
    git(repo, &["commit", "-qam", "Raise the Premium seat price"]);

    let common = |extra: &[(&str, String)]| -> Vec<(String, String)> {
        let base = [
            ("SKUCTL", env!("CARGO_BIN_EXE_skuctl").to_owned()),
            ("CI_API_V4_URL", fake.api_root.clone()),
            ("CI_PROJECT_ID", PROJECT.to_owned()),
            ("SKUCTL_GITLAB_TOKEN", BOT_TOKEN.to_owned()),
            (
                "CI_PIPELINE_URL",
                "https://gitlab.example.com/group/catalog/-/pipelines/77".to_owned(),
            ),
        ];
        base.iter()
            .chain(extra)
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    };

    // --- merge-request pipeline: change policy and plan (with the note) ---
    let mr_vars = common(&[
        ("CI_PIPELINE_SOURCE", "merge_request_event".to_owned()),
        ("CI_MERGE_REQUEST_IID", MR.to_string()),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base_sha.clone()),
        ("GITLAB_USER_LOGIN", "pm".to_owned()),
    ]);
    // (`generate --check` is not run: `skuctl generate` has not landed on this branch.)
    let (ok, out) = run_jobs(&gcl, repo, &["validate", "schema", "check", "plan"], &mr_vars);
    assert!(ok, "merge-request jobs failed:\n{out}");
    assert!(out.contains("Posted the plan note"), "{out}");
    let notes = fake.notes(MR);
    assert_eq!(notes.len(), 1, "exactly one note: {notes:?}");
    let body = notes[0]["body"].as_str().expect("note body").to_owned();
    let marker = skuctl::gitlab::PlanNoteMarker::parse(&body).expect("the note starts with the marker");
    assert_eq!(marker.environment, "production");
    for expected in [
        "## skuctl plan: `production`",
        "+     price USD: \"384.00\"",
        "**Plan: 0 to create, 2 to update, 0 to retire.**",
        "### Change policy",
        "CHG020",
        "### Who is affected",
        "Existing subscriptions keep their current price",
        "pipelines/77",
    ] {
        assert!(body.contains(expected), "the note lacks {expected:?}:\n{body}");
    }
    assert!(body.contains(&format!("Plan digest `{}`", marker.digest)), "{body}");
    assert!(!body.contains(BOT_TOKEN));

    // Re-running the MR pipeline edits the same note in place.
    let (ok, out) = run_jobs(&gcl, repo, &["plan"], &mr_vars);
    assert!(ok, "second MR plan failed:\n{out}");
    assert_eq!(fake.notes(MR).len(), 1, "still one note");
    assert_eq!(fake.notes(MR)[0]["id"], notes[0]["id"]);

    // --- merge, approvals ---
    git(repo, &["checkout", "-q", "main"]);
    git(
        repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge branch 'raise-premium-price'",
            "raise-premium-price",
        ],
    );
    git(repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let merge_sha = head(repo);
    fake.merge_request(MR, "merged", (2, "pm"), &merge_sha);
    fake.approvals(MR, 1, 0, &[(3, "reviewer")]);

    // --- default-branch pipeline: plan (same content digest), then the manual apply ---
    let main_vars = |runner: &str| {
        common(&[
            ("CI_PIPELINE_SOURCE", "push".to_owned()),
            ("CI_COMMIT_BRANCH", "main".to_owned()),
            ("CI_COMMIT_REF_PROTECTED", "true".to_owned()),
            ("CI_COMMIT_SHA", merge_sha.clone()),
            ("GITLAB_USER_LOGIN", runner.to_owned()),
            (
                "CI_JOB_URL",
                "https://gitlab.example.com/group/catalog/-/jobs/901".to_owned(),
            ),
        ])
    };
    let (ok, out) = run_jobs(&gcl, repo, &["validate", "plan"], &main_vars("release-manager"));
    assert!(ok, "default-branch plan failed:\n{out}");
    assert!(
        out.contains(&format!("content digest {}", marker.digest)),
        "the reviewed digest is reproduced:\n{out}"
    );
    assert_eq!(fake.notes(MR).len(), 1, "the default-branch plan posts no note");

    // The approver may not apply (segregation of duties): refused, nothing written.
    let (ok, out) = run_jobs(&gcl, repo, &["apply"], &main_vars("reviewer"));
    assert!(!ok, "an approver running the apply must be refused:\n{out}");
    assert!(out.contains("segregation of duties"), "{out}");
    assert_eq!(replan_code(repo), 2, "the refused apply wrote nothing");

    let (ok, out) = run_jobs(&gcl, repo, &["apply"], &main_vars("release-manager"));
    assert!(ok, "the approved apply failed:\n{out}");
    assert!(out.contains("Apply complete"), "{out}");
    assert!(
        out.contains("hash chain intact"),
        "the job verifies the audit log:\n{out}"
    );
    assert_eq!(replan_code(repo), 0, "after the apply, the sandbox equals the catalog");

    // The audit log (the apply job's artifact) records both applies.
    let log = [
        "audit/skuctl-audit.jsonl",
        ".gitlab-ci-local/artifacts/apply/audit/skuctl-audit.jsonl",
    ]
    .iter()
    .map(|p| repo.join(p))
    .find(|p| p.is_file())
    .unwrap_or_else(|| panic!("no audit log in {}", repo.display()));
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .expect("audit log")
        .lines()
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["outcome"], "refused");
    assert_eq!(records[0]["actor"], "reviewer");
    assert_eq!(records[1]["outcome"], "applied");
    assert_eq!(records[1]["actor"], "release-manager");
    assert_eq!(records[1]["merge_request"], MR);
    assert_eq!(records[1]["approvers"], serde_json::json!(["reviewer"]));
    assert_eq!(records[1]["plan_digest"], marker.digest.as_str());
    assert_eq!(
        records[1]["job_url"],
        "https://gitlab.example.com/group/catalog/-/jobs/901"
    );
    let ops = records[1]["operations"].as_array().expect("operations");
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert!(ops.iter().all(|o| o["result"] == "ok"), "{ops:?}");
    skuctl().args(["audit", "verify", "--log"]).arg(&log).assert().code(0);

    // --- scheduled drift detection: in sync passes; a change made outside skuctl fails the job and says what ---
    let schedule = common(&[
        ("CI_PIPELINE_SOURCE", "schedule".to_owned()),
        ("CI_COMMIT_BRANCH", "main".to_owned()),
        ("CI_COMMIT_REF_PROTECTED", "true".to_owned()),
    ]);
    let (ok, out) = run_jobs(&gcl, repo, &["drift"], &schedule);
    assert!(ok, "no drift right after the apply:\n{out}");
    assert!(out.contains("No changes."), "{out}");
    let outside = scratch();
    write_config(
        outside.path(),
        &EnvOpts {
            base_url: &sandbox.base,
            env_name: "production",
            ..EnvOpts::default()
        },
    );
    copy_tree(
        &repo_root().join("tests/fixtures/plan/base/catalog"),
        &outside.path().join("catalog"),
    );
    seed_production(outside.path(), outside.path());
    let (ok, out) = run_jobs(&gcl, repo, &["drift"], &schedule);
    assert!(!ok, "a price changed outside skuctl must fail the drift job:\n{out}");
    assert!(
        out.contains("DRIFT") && out.contains("premium_1y/seat") && out.contains("384.00"),
        "{out}"
    );

    let requests = fake.state().requests.clone();
    assert_eq!(
        requests.iter().filter(|r| *r == "GET approvals !5").count(),
        2,
        "each apply asked for the approvals: {requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r.starts_with("POST notes")).count(),
        1,
        "one note created: {requests:?}"
    );
}
