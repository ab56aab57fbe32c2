//! The GitLab client against the loopback fake: one plan note per merge request, and the approval gate's refusals.

use std::collections::BTreeMap;

use skuctl::gitlab::note::{find_plan_note_marker, upsert_plan_note};
use skuctl::gitlab::{
    ApprovalRequest, GitLabClient, GitLabSettings, NoteUpsert, PlanNoteMarker, Refusal, require_approval,
};

use crate::fake_gitlab::FakeGitLab;

const PROJECT: &str = "group/catalog";
const BOT: (u64, &str) = (10, "skuctl-bot");
const BOT_TOKEN: &str = "glpat-bot-secret";
const ALICE: (u64, &str) = (1, "pm-alice");
const BOB: (u64, &str) = (2, "bob");
const CAROL: (u64, &str) = (3, "rm-carol");
const MALLORY: (u64, &str) = (66, "mallory");
const MERGE_SHA: &str = "abc123merge";

async fn fake() -> FakeGitLab {
    let fake = FakeGitLab::start(PROJECT).await;
    fake.user(BOT.0, BOT.1, BOT_TOKEN);
    fake.user(MALLORY.0, MALLORY.1, "glpat-mallory");
    fake
}

fn vars(fake: &FakeGitLab, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = [
        ("CI_API_V4_URL", fake.api_root.as_str()),
        ("CI_PROJECT_ID", PROJECT),
        ("SKUCTL_GITLAB_TOKEN", BOT_TOKEN),
        ("CI_JOB_TOKEN", "glcbt-64_job-token-value"),
        ("CI_COMMIT_SHA", MERGE_SHA),
        ("GITLAB_USER_LOGIN", "dave"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, val) in extra {
        if val.is_empty() {
            v.remove(*k);
        } else {
            v.insert((*k).into(), (*val).into());
        }
    }
    v
}

fn client(fake: &FakeGitLab) -> GitLabClient {
    let vars = vars(fake, &[]);
    let settings = GitLabSettings::from_lookup("SKUCTL_GITLAB_TOKEN", |k| vars.get(k).cloned()).expect("settings");
    GitLabClient::new(settings).expect("client")
}

fn marker(digest: &str) -> PlanNoteMarker {
    PlanNoteMarker::new("production", digest, Some("head7")).expect("marker")
}

fn bodies(fake: &FakeGitLab, iid: u64) -> Vec<(u64, String)> {
    fake.notes(iid)
        .iter()
        .map(|n| {
            (
                n["author"]["id"].as_u64().expect("author"),
                n["body"].as_str().expect("body").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn plan_note_is_created_once_then_edited_in_place() {
    let fake = fake().await;
    // A forged note with our marker by someone else, and enough chatter to need several pages (page size 2).
    let forged = format!("{}\nfake plan", marker("forged").render());
    fake.add_note(7, MALLORY, &forged);
    for i in 0..3 {
        fake.add_note(7, ALICE, &format!("comment {i}"));
    }
    let client = client(&fake);

    let first = upsert_plan_note(&client, 7, &marker("sha256:one"), "## Plan\n1 to update\n")
        .await
        .expect("upsert");
    let NoteUpsert::Created { note_id } = first else {
        panic!("expected a new note, got {first:?}")
    };
    let second = upsert_plan_note(&client, 7, &marker("sha256:two"), "## Plan\n2 to update\n")
        .await
        .expect("upsert");
    assert_eq!(
        second,
        NoteUpsert::Updated {
            note_id,
            removed_duplicates: 0
        }
    );

    let notes = bodies(&fake, 7);
    assert_eq!(notes.len(), 5, "exactly one note added: {notes:#?}");
    let ours: Vec<&(u64, String)> = notes.iter().filter(|(author, _)| *author == BOT.0).collect();
    assert_eq!(ours.len(), 1);
    assert_eq!(
        ours[0].1,
        "<!-- skuctl-plan v1 env=production digest=sha256:two commit=head7 -->\n## Plan\n2 to update"
    );
    assert!(
        notes.contains(&(MALLORY.0, forged)),
        "the other author's marked note is untouched"
    );
    let requests = fake.state().requests.clone();
    assert_eq!(
        requests.iter().filter(|r| r.starts_with("POST")).count(),
        1,
        "{requests:#?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r.starts_with("PUT")).count(),
        1,
        "{requests:#?}"
    );
    assert!(
        requests.iter().any(|r| r == "GET notes !7"),
        "paginated listing: {requests:#?}"
    );

    // The gate reads the digest from our note, never from the forged one.
    let found = find_plan_note_marker(&client, 7).await.expect("read");
    assert_eq!(found.map(|m| m.digest), Some("sha256:two".to_owned()));
}

#[tokio::test]
async fn an_unchanged_note_is_not_rewritten_and_duplicates_of_ours_are_removed() {
    let fake = fake().await;
    let client = client(&fake);
    let body = format!("{}\nsame", marker("d").render());
    let first = fake.add_note(3, BOT, &body);
    fake.add_note(3, BOT, &body);
    let outcome = upsert_plan_note(&client, 3, &marker("d"), "same")
        .await
        .expect("upsert");
    assert_eq!(
        outcome,
        NoteUpsert::Updated {
            note_id: first,
            removed_duplicates: 1
        }
    );
    assert_eq!(bodies(&fake, 3), [(BOT.0, body)]);
    assert!(
        !fake.state().requests.iter().any(|r| r.starts_with("PUT")),
        "no needless edit"
    );
}

/// A merged MR !7 by Alice, approved by Bob, with our plan note for digest `d1`.
async fn approved_setup() -> FakeGitLab {
    let fake = fake().await;
    fake.merge_request(7, "merged", ALICE, MERGE_SHA);
    fake.approvals(7, 1, 0, &[BOB]);
    fake.add_note(7, BOT, &format!("{}\nplan", marker("d1").render()));
    fake
}

async fn gate(fake: &FakeGitLab, digest: &str, extra: &[(&str, &str)]) -> Result<skuctl::gitlab::Approved, Refusal> {
    let vars = vars(fake, extra);
    let lookup = |k: &str| vars.get(k).cloned();
    let request = ApprovalRequest::from_lookup(digest, lookup)?;
    require_approval("SKUCTL_GITLAB_TOKEN", &request, lookup).await
}

#[tokio::test]
async fn approved_merge_request_passes_the_gate() {
    let fake = approved_setup().await;
    let approved = gate(&fake, "d1", &[("GITLAB_USER_LOGIN", CAROL.1)])
        .await
        .expect("approved");
    assert_eq!(approved.merge_request, 7);
    assert_eq!(approved.author, "pm-alice");
    assert_eq!(approved.approvers, ["bob"]);
    assert_eq!(approved.plan_digest, "d1");
}

fn assert_refused(result: Result<skuctl::gitlab::Approved, Refusal>, kind: &str, says: &str) {
    let refusal = result.expect_err("refused");
    let message = refusal.to_string();
    assert_eq!(refusal.kind(), kind, "{message}");
    assert!(message.contains(says), "{message:?} should say {says:?}");
    assert!(
        !message.contains("secret") && !message.contains("job-token-value"),
        "no token in {message:?}"
    );
}

#[tokio::test]
async fn unapproved_merge_request_is_refused() {
    let fake = approved_setup().await;
    fake.approvals(7, 2, 1, &[BOB]);
    assert_refused(
        gate(&fake, "d1", &[]).await,
        "approvals-left",
        "merge request !7 still needs 1 approval(s)",
    );
    fake.approvals(7, 0, 0, &[]);
    assert_refused(gate(&fake, "d1", &[]).await, "no-approvals", "has no approvals");
}

#[tokio::test]
async fn self_approval_is_refused() {
    let fake = approved_setup().await;
    fake.approvals(7, 1, 0, &[BOB, ALICE]);
    assert_refused(
        gate(&fake, "d1", &[]).await,
        "self-approval",
        "approved by its own author pm-alice",
    );
}

#[tokio::test]
async fn an_approver_running_the_apply_is_refused() {
    let fake = approved_setup().await;
    assert_refused(
        gate(&fake, "d1", &[("GITLAB_USER_LOGIN", "bob")]).await,
        "runner-approved",
        "bob approved merge request !7 and is also running the apply",
    );
    assert_refused(
        gate(&fake, "d1", &[("GITLAB_USER_LOGIN", "")]).await,
        "runner-unknown",
        "GITLAB_USER_LOGIN is not set",
    );
}

#[tokio::test]
async fn a_digest_mismatch_is_refused() {
    let fake = approved_setup().await;
    assert_refused(
        gate(&fake, "d2", &[]).await,
        "digest-mismatch",
        "the plan to apply has digest d2, but merge request !7 reviewed digest d1",
    );
}

#[tokio::test]
async fn a_plan_note_by_someone_else_is_not_trusted() {
    let fake = fake().await;
    fake.merge_request(7, "merged", ALICE, MERGE_SHA);
    fake.approvals(7, 1, 0, &[BOB]);
    fake.add_note(7, MALLORY, &format!("{}\nplan", marker("d1").render()));
    assert_refused(gate(&fake, "d1", &[]).await, "no-plan-note", "has no skuctl plan note");
}

#[tokio::test]
async fn unmerged_or_unknown_merge_requests_are_refused() {
    let fake = fake().await;
    fake.merge_request(8, "opened", ALICE, MERGE_SHA);
    fake.approvals(8, 1, 0, &[BOB]);
    assert_refused(
        gate(&fake, "d1", &[]).await,
        "not-merged",
        "merge request !8 is opened, not merged",
    );
    assert_refused(
        gate(&fake, "d1", &[("CI_COMMIT_SHA", "0ther")]).await,
        "no-merge-request",
        "no merge request introduced commit 0ther",
    );
}

#[tokio::test]
async fn missing_job_and_rejected_tokens_are_refused() {
    let fake = approved_setup().await;
    assert_refused(
        gate(&fake, "d1", &[("SKUCTL_GITLAB_TOKEN", "")]).await,
        "missing-token",
        "SKUCTL_GITLAB_TOKEN is not set",
    );
    assert_refused(
        gate(&fake, "d1", &[("SKUCTL_GITLAB_TOKEN", "glcbt-64_job-token-value")]).await,
        "job-token",
        "is a CI job token",
    );
    let requests_before = fake.state().requests.len();
    assert_eq!(requests_before, 0, "nothing was sent with a missing or job token");
    assert_refused(
        gate(&fake, "d1", &[("SKUCTL_GITLAB_TOKEN", "glpat-wrong-secret")]).await,
        "gitlab-unavailable",
        "GitLab answered 401",
    );
}

#[tokio::test]
async fn rate_limits_and_unavailability_are_retried_but_a_create_is_not_repeated() {
    let fake = fake().await;
    let client = client(&fake);
    fake.state().fail_next = vec![429, 503];
    let created = upsert_plan_note(&client, 5, &marker("d"), "plan")
        .await
        .expect("retried");
    assert!(matches!(created, NoteUpsert::Created { .. }));
    assert_eq!(fake.notes(5).len(), 1);

    // A 502 to the POST: GitLab may have created the note, so skuctl reports instead of posting again.
    fake.state().fail_next_post = Some(502);
    let err = upsert_plan_note(&client, 6, &marker("d"), "plan")
        .await
        .expect_err("the 502 is reported");
    let message = err.to_string();
    assert!(
        message.contains("GitLab answered 502 to create the merge request note"),
        "{message}"
    );
    let posts = fake
        .state()
        .requests
        .iter()
        .filter(|r| r.starts_with("POST notes !6"))
        .count();
    assert_eq!(posts, 1, "a create is never repeated");
}
