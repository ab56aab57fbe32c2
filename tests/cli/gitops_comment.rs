//! `skuctl plan --comment` through the binary against the fake GitLab API (offline plans, no sandbox): the note
//! carries the content digest, says when the change policy could not be computed, a token named by
//! `--gitlab-token-var` is used, and a missing merge request or token fails the command after printing the plan.

use crate::fake_gitlab::FakeGitLab;
use crate::support::skuctl;

const NOW: &str = "2025-06-01T12:00:00Z";

fn plan_cmd(fake: &FakeGitLab) -> assert_cmd::Command {
    let mut cmd = skuctl();
    cmd.env("SKUCTL_NOW", NOW)
        .args(["plan", "--catalog", "tests/fixtures/plan/price_update/catalog"])
        .args([
            "--state",
            "tests/fixtures/plan/base/state.json",
            "--format",
            "markdown",
            "--comment",
        ])
        .env("CI_API_V4_URL", &fake.api_root)
        .env("CI_PROJECT_ID", "42")
        .env("CI_COMMIT_SHA", "0123abcd")
        .env_remove("CI_MERGE_REQUEST_DIFF_BASE_SHA")
        .env_remove("CI_PIPELINE_URL")
        .env_remove("SKUCTL_GITLAB_TOKEN")
        .env_remove("SKUCTL_GITLAB_TOKEN_VAR");
    cmd
}

fn content_digest() -> String {
    let out = skuctl()
        .env("SKUCTL_NOW", NOW)
        .args(["plan", "--catalog", "tests/fixtures/plan/price_update/catalog"])
        .args(["--state", "tests/fixtures/plan/base/state.json", "--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["content_digest"].as_str().expect("content_digest").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_note_carries_the_content_digest_and_uses_the_named_token_variable() {
    let fake = FakeGitLab::start("42").await;
    fake.user(1, "skuctl-bot", "glpat-named-var");
    let out = plan_cmd(&fake)
        .env("CI_MERGE_REQUEST_IID", "3")
        .env("MY_BOT_TOKEN", "glpat-named-var")
        .args(["--gitlab-token-var", "MY_BOT_TOKEN"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Posted the plan note"), "{stderr}");
    let notes = fake.notes(3);
    assert_eq!(notes.len(), 1);
    let body = notes[0]["body"].as_str().expect("body");
    let digest = content_digest();
    assert!(
        body.starts_with(&format!(
            "<!-- skuctl-plan v1 env=production digest={digest} commit=0123abcd -->\n"
        )),
        "{body}"
    );
    assert!(body.contains(&format!("Plan digest `{digest}`")), "{body}");
    // No base revision: the policy sections say so instead of pretending there are no findings.
    assert!(
        body.contains("### Change policy\n\n_Not computed: no base revision"),
        "{body}"
    );
    assert!(body.contains("### Who is affected\n\n_Not computed"), "{body}");
    assert!(!body.contains("glpat-named-var"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_merge_request_or_a_token_the_plan_prints_but_the_command_fails() {
    let fake = FakeGitLab::start("42").await;
    fake.user(1, "skuctl-bot", "glpat-x");
    let out = plan_cmd(&fake)
        .env_remove("CI_MERGE_REQUEST_IID")
        .output()
        .expect("run");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("**Plan: 0 to create, 3 to update, 0 to retire.**"),
        "{stdout}"
    );
    assert!(stderr.contains("--comment needs CI_MERGE_REQUEST_IID"), "{stderr}");

    let out = plan_cmd(&fake).env("CI_MERGE_REQUEST_IID", "3").output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("SKUCTL_GITLAB_TOKEN"), "{stderr}");

    let out = plan_cmd(&fake)
        .env("CI_MERGE_REQUEST_IID", "3")
        .env("SKUCTL_GITLAB_TOKEN", "glpat-unknown")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("merge request !3") && !stderr.contains("glpat-unknown"),
        "{stderr}"
    );
    assert!(fake.notes(3).is_empty(), "nothing was posted");
}
