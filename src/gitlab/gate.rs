//! The IO side of the approval gate: reads the CI variables, finds the merge request that introduced the commit,
//! its approvals and our plan note's digest, then calls the pure [`check_approval`].

use super::note::find_plan_note_marker;
use super::{Approved, GitLabClient, GitLabError, GitLabSettings, MergeRequest, Refusal, check_approval};

/// What the apply is about to do, and who runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRequest {
    /// The commit being applied (`CI_COMMIT_SHA`).
    pub commit: String,
    /// Who runs the apply (`GITLAB_USER_LOGIN`).
    pub runner_login: Option<String>,
    /// Digest of the plan about to be applied.
    pub plan_digest: String,
}

impl ApprovalRequest {
    /// `CI_COMMIT_SHA` and `GITLAB_USER_LOGIN` from `lookup`, plus the plan's digest.
    ///
    /// # Errors
    /// [`Refusal::Misconfigured`] when `CI_COMMIT_SHA` is not set.
    pub fn from_lookup(plan_digest: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Refusal> {
        let commit = lookup("CI_COMMIT_SHA")
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| Refusal::Misconfigured {
                message: "CI_COMMIT_SHA is not set, so the merge request that introduced the change cannot be found"
                    .into(),
            })?;
        Ok(Self {
            commit: commit.trim().into(),
            runner_login: lookup("GITLAB_USER_LOGIN"),
            plan_digest: plan_digest.into(),
        })
    }
}

/// Reads settings from `lookup` (token from the variable named `token_variable`) and checks the approval.
///
/// # Errors
/// A [`Refusal`]: nothing may be applied.
pub async fn require_approval(
    token_variable: &str,
    request: &ApprovalRequest,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Approved, Refusal> {
    let settings = GitLabSettings::from_lookup(token_variable, lookup).map_err(refusal)?;
    let client = GitLabClient::new(settings).map_err(refusal)?;
    check_with_client(&client, request).await
}

/// Checks the approval with an existing client.
///
/// # Errors
/// A [`Refusal`]: nothing may be applied.
pub async fn check_with_client(client: &GitLabClient, request: &ApprovalRequest) -> Result<Approved, Refusal> {
    let candidates = client
        .merge_requests_for_commit(&request.commit)
        .await
        .map_err(refusal)?;
    let mr = pick_merge_request(candidates, &request.commit).ok_or_else(|| Refusal::NoMergeRequest {
        commit: request.commit.clone(),
    })?;
    // Re-read the MR itself: the commit listing may be abbreviated or cached.
    let mr = client.merge_request(mr.iid).await.map_err(refusal)?;
    let approvals = client.merge_request_approvals(mr.iid).await.map_err(refusal)?;
    let marker = find_plan_note_marker(client, mr.iid).await.map_err(refusal)?;
    check_approval(
        &mr,
        &approvals,
        request.runner_login.as_deref(),
        &request.plan_digest,
        marker.as_ref().map(|m| m.digest.as_str()),
    )
}

/// The MR that landed as `sha`, else the first merged one, else the first one.
fn pick_merge_request(mut candidates: Vec<MergeRequest>, sha: &str) -> Option<MergeRequest> {
    let index = candidates
        .iter()
        .position(|m| m.is_merged() && m.landed_as(sha))
        .or_else(|| candidates.iter().position(MergeRequest::is_merged))
        .unwrap_or(0);
    (index < candidates.len()).then(|| candidates.swap_remove(index))
}

fn refusal(error: GitLabError) -> Refusal {
    match error {
        GitLabError::MissingToken { variable } => Refusal::MissingToken { variable },
        GitLabError::JobToken { variable } => Refusal::JobToken { variable },
        e @ (GitLabError::MissingVariable { .. } | GitLabError::InvalidApiRoot { .. }) => {
            Refusal::Misconfigured { message: e.to_string() }
        }
        e => Refusal::GitLab { message: e.to_string() },
    }
}
