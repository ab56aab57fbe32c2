//! `skuctl apply --require-approval` through the real binary, against the fake GitLab API and a sandbox: every
//! refusal (unapproved MR, self-approval, approver running the apply, digest mismatch, missing or job token, no
//! plan note, stale plan) exits 1 with a clear message, writes nothing to the environment, and appends a `refused`
//! audit record; an approved apply records the MR and approvers. Also: the content digest the gate compares is
//! reproducible across runs (creation time and live source left out), while the file digest is not.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::fake_gitlab::FakeGitLab;
use crate::support::{copy_tree, repo_root, scratch, skuctl};
use crate::support_live::{EnvOpts, write_config};
use crate::support_sandbox::Sandbox;

const PROJECT: &str = "42";
const BOT: (u64, &str) = (1, "skuctl-bot");
const BOT_TOKEN: &str = "glpat-bot-0001";
const PM: (u64, &str) = (2, "pm");
const REVIEWER: (u64, &str) = (3, "reviewer");
const MERGE_SHA: &str = "5d41402abc4b2a76b9719d911017c592aaaaaaaa";
const IID: u64 = 9;

/// A scratch project: config pointing at the sandbox, the baseline catalog, and a saved plan (create all).
struct Project {
    dir: tempfile::TempDir,
    content_digest: String,
}

impl Project {
    fn new(sandbox: &Sandbox) -> Self {
        let dir = scratch();
        write_config(
            dir.path(),
            &EnvOpts {
                base_url: &sandbox.base,
                env_name: "production",
                ..EnvOpts::default()
            },
        );
        copy_tree(
            &repo_root().join("tests/fixtures/plan/base/catalog"),
            &dir.path().join("catalog"),
        );
        skuctl()
            .current_dir(dir.path())
            .args(["plan", "--live", "--out", "plan.json"])
            .assert()
            .code(0);
        let plan: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).expect("plan"))
            .expect("plan json");
        let content_digest = plan["content_digest"].as_str().expect("content_digest").to_owned();
        Project { dir, content_digest }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn audit_log(&self) -> PathBuf {
        self.path().join("audit.jsonl")
    }

    /// `skuctl apply plan.json --yes --require-approval` as `runner`, with the GitLab variables.
    fn apply(&self, fake: &FakeGitLab, runner: &str, token: Option<&str>) -> std::process::Output {
        let mut cmd = skuctl();
        cmd.current_dir(self.path())
            .args(["apply", "plan.json", "--yes", "--require-approval", "--audit-log"])
            .arg(self.audit_log())
            .env("CI_API_V4_URL", &fake.api_root)
            .env("CI_PROJECT_ID", PROJECT)
            .env("CI_COMMIT_SHA", MERGE_SHA)
            .env("GITLAB_USER_LOGIN", runner)
            .env("CI_JOB_TOKEN", "glcbt-64_job-token-value")
            .env_remove("SKUCTL_GITLAB_TOKEN_VAR")
            .env_remove("SKUCTL_AUDIT_LOG");
        match token {
            Some(t) => cmd.env("SKUCTL_GITLAB_TOKEN", t),
            None => cmd.env_remove("SKUCTL_GITLAB_TOKEN"),
        };
        cmd.output().expect("run skuctl apply")
    }

    fn records(&self) -> Vec<Value> {
        std::fs::read_to_string(self.audit_log())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("audit record"))
            .collect()
    }
}

async fn sandbox_requests(sandbox: &Sandbox) -> u64 {
    let stats: Value = sandbox
        .client
        .get(sandbox.url("/sandbox/admin/stats"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats json");
    // Zuora and Salesforce API requests only (not the admin endpoints).
    stats["routes"]
        .as_object()
        .expect("routes")
        .iter()
        .filter(|(route, _)| !route.contains("/sandbox/admin"))
        .map(|(_, n)| n.as_u64().expect("count"))
        .sum()
}

/// A fake with MR !9 merged as `MERGE_SHA` by the PM, approved by `approvers`, with our note for `digest`.
async fn fake_with(digest: Option<&str>, approvals_left: u32, approvers: &[(u64, &str)]) -> FakeGitLab {
    let fake = FakeGitLab::start(PROJECT).await;
    fake.user(BOT.0, BOT.1, BOT_TOKEN);
    fake.merge_request(IID, "merged", PM, MERGE_SHA);
    fake.approvals(IID, 1, approvals_left, approvers);
    if let Some(digest) = digest {
        let marker = skuctl::gitlab::PlanNoteMarker::new("production", digest, Some(MERGE_SHA)).expect("marker");
        fake.add_note(IID, BOT, &format!("{}\n## plan", marker.render()));
    }
    fake
}

/// One refusal: the MR's state, who runs the apply with which token, and what the refusal must say.
struct Case<'a> {
    what: &'a str,
    /// The digest in our plan note (`None`: no note).
    note: Option<&'a str>,
    left: u32,
    approvers: Vec<(u64, &'a str)>,
    runner: &'a str,
    token: Option<&'a str>,
    message: &'a str,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_writes_nothing_and_is_audited() {
    let sandbox = Sandbox::start(&[]);
    let project = Project::new(&sandbox);
    let digest = project.content_digest.clone();
    let other = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
    let d = Some(digest.as_str());
    let cases = [
        Case {
            what: "unapproved",
            note: d,
            left: 1,
            approvers: vec![],
            runner: "release",
            token: Some(BOT_TOKEN),
            message: "still needs 1 approval",
        },
        Case {
            what: "self-approval",
            note: d,
            left: 0,
            approvers: vec![PM],
            runner: "release",
            token: Some(BOT_TOKEN),
            message: "approved by its own author pm",
        },
        Case {
            what: "approver applies",
            note: d,
            left: 0,
            approvers: vec![REVIEWER],
            runner: "reviewer",
            token: Some(BOT_TOKEN),
            message: "reviewer approved merge request !9 and is also running the apply",
        },
        Case {
            what: "digest mismatch",
            note: Some(other),
            left: 0,
            approvers: vec![REVIEWER],
            runner: "release",
            token: Some(BOT_TOKEN),
            message: "reviewed digest",
        },
        Case {
            what: "no plan note",
            note: None,
            left: 0,
            approvers: vec![REVIEWER],
            runner: "release",
            token: Some(BOT_TOKEN),
            message: "has no skuctl plan note",
        },
        Case {
            what: "missing token",
            note: d,
            left: 0,
            approvers: vec![REVIEWER],
            runner: "release",
            token: None,
            message: "SKUCTL_GITLAB_TOKEN is not set",
        },
        Case {
            what: "job token",
            note: d,
            left: 0,
            approvers: vec![REVIEWER],
            runner: "release",
            token: Some("glcbt-64_job-token-value"),
            message: "CI job token",
        },
    ];
    let before = sandbox_requests(&sandbox).await;
    assert!(before > 0, "the plan read the sandbox, so its requests are counted");
    for (
        i,
        Case {
            what,
            note,
            left,
            approvers,
            runner,
            token,
            message,
        },
    ) in cases.iter().enumerate()
    {
        let fake = fake_with(*note, *left, approvers).await;
        let out = project.apply(&fake, runner, *token);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(
            stderr.contains("refused") && stderr.contains(message),
            "{what}: {stderr}"
        );
        assert!(
            !stderr.contains(BOT_TOKEN) && !stderr.contains("job-token-value"),
            "{what} leaks a token: {stderr}"
        );
        let records = project.records();
        assert_eq!(records.len(), i + 1, "{what}: one record per apply");
        let r = &records[i];
        assert_eq!(r["outcome"], "refused", "{what}");
        assert_eq!(r["actor"], *runner);
        assert_eq!(r["plan_digest"], digest.as_str());
        assert!(r["reason"].as_str().is_some_and(|m| m.contains(message)), "{what}: {r}");
        assert!(
            r["operations"]
                .as_array()
                .expect("ops")
                .iter()
                .all(|o| o["result"] == "skipped"),
            "{what}"
        );
    }
    assert_eq!(
        sandbox_requests(&sandbox).await,
        before,
        "a refused apply never talks to the environment"
    );
    skuctl()
        .args(["audit", "verify", "--log"])
        .arg(project.audit_log())
        .assert()
        .code(0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_but_stale_plan_is_refused_and_an_approved_fresh_one_applies() {
    let sandbox = Sandbox::start(&[]);
    let project = Project::new(&sandbox);
    let fake = fake_with(Some(&project.content_digest), 0, &[REVIEWER]).await;

    // Someone creates the plan's objects out of band: the approved plan is now stale.
    let other = scratch();
    write_config(
        other.path(),
        &EnvOpts {
            base_url: &sandbox.base,
            env_name: "production",
            ..EnvOpts::default()
        },
    );
    copy_tree(&project.path().join("catalog"), &other.path().join("catalog"));
    skuctl()
        .current_dir(other.path())
        .args(["plan", "--live", "--out", "p.json"])
        .assert()
        .code(0);
    skuctl()
        .current_dir(other.path())
        .args(["apply", "p.json", "--yes", "--audit-log", "a.jsonl"])
        .env_remove("SKUCTL_AUDIT_LOG")
        .assert()
        .code(0);
    let out = project.apply(&fake, "release", Some(BOT_TOKEN));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Approved: merge request !9") && stderr.contains("the plan is stale"),
        "{stderr}"
    );
    let records = project.records();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["outcome"], "refused");
    assert_eq!(records[0]["merge_request"], IID, "the gate passed: the MR is recorded");
    assert_eq!(records[0]["approvers"], serde_json::json!(["reviewer"]));

    // Back to an empty tenant: the same approved plan applies, recorded with MR and approvers.
    sandbox
        .client
        .post(sandbox.url("/sandbox/admin/reset"))
        .send()
        .await
        .expect("reset");
    let out = project.apply(&fake, "release", Some(BOT_TOKEN));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let records = project.records();
    assert_eq!(records.len(), 2);
    let r = &records[1];
    assert_eq!(
        (r["outcome"].as_str(), r["merge_request"].as_u64()),
        (Some("applied"), Some(IID))
    );
    assert!(
        r["operations"]
            .as_array()
            .expect("ops")
            .iter()
            .all(|o| o["result"] == "ok"),
        "{r}"
    );
    assert!(
        stderr.contains(&format!("head {}", r["hash"].as_str().expect("hash"))),
        "{stderr}"
    );
    skuctl()
        .current_dir(project.path())
        .args(["plan", "--live", "--detailed-exitcode"])
        .assert()
        .code(0);
}

#[test]
fn the_content_digest_leaves_out_creation_time_and_live_source() {
    let dir = scratch();
    let state = dir.path().join("copy-of-state.json");
    std::fs::copy(repo_root().join("tests/fixtures/plan/base/state.json"), &state).expect("copy state");
    let plan = |now: &str, state: &Path| -> Value {
        let out = skuctl()
            .env("SKUCTL_NOW", now)
            .args([
                "plan",
                "--format",
                "json",
                "--catalog",
                "tests/fixtures/plan/price_update/catalog",
                "--state",
            ])
            .arg(state)
            .output()
            .expect("run");
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let a = plan(
        "2025-06-01T12:00:00Z",
        &repo_root().join("tests/fixtures/plan/base/state.json"),
    );
    let b = plan("2025-06-01T18:30:00Z", &state);
    assert_ne!(
        a["digest"], b["digest"],
        "the file digest covers the creation time and source"
    );
    assert_eq!(a["content_digest"], b["content_digest"], "the content digest does not");
    // An edited operation with a recomputed file digest still fails: the content digest no longer matches.
    let text = serde_json::to_string_pretty(&a).expect("text");
    let edited = text.replacen("\"384.00\"", "\"385.00\"", 1);
    assert_ne!(edited, text);
    let mut doc: skuctl::plan::PlanDocument = serde_json::from_str(&edited).expect("plan document");
    doc.digest = doc.compute_digest();
    let err = skuctl::plan::PlanDocument::parse_verified(&doc.to_json()).expect_err("must not verify");
    assert!(err.to_string().contains("content digest mismatch"), "{err}");
}
