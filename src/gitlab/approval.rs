//! The approval gate for `apply --require-approval`, as a pure function over facts read from GitLab.
//!
//! Rules (segregation of duties): the merge request must be merged, with no approvals left and at least one
//! approver; no approver may be the MR's author or the person running the apply (`GITLAB_USER_LOGIN`); and the digest
//! of the plan about to be applied must equal the digest in the MR's plan note (what was reviewed is what runs).

use serde::Serialize;
use thiserror::Error;

use super::{Approvals, MergeRequest};

/// The gate passed: the facts to record in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approved {
    /// The merge request number.
    pub merge_request: u64,
    /// Its author's username.
    pub author: String,
    /// Approvers' usernames, sorted.
    pub approvers: Vec<String>,
    /// The plan digest that was reviewed and will be applied.
    pub plan_digest: String,
    /// The merge request's URL, when GitLab gave one.
    pub web_url: Option<String>,
}

/// Why an apply is refused. Every refusal means nothing is applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// No token configured.
    #[error(
        "refused: no GitLab token: the variable {variable} is not set or empty (a token with scope `api` is needed to check approvals)"
    )]
    MissingToken { variable: String },
    /// The token is a CI job token.
    #[error(
        "refused: the token in {variable} is a CI job token, which cannot read merge-request approvals or notes; use a project access token or bot token with scope `api`"
    )]
    JobToken { variable: String },
    /// Something the gate needs is not configured (CI variables).
    #[error("refused: {message}")]
    Misconfigured { message: String },
    /// GitLab could not be asked.
    #[error("refused: could not check the approval with GitLab: {message}")]
    GitLab { message: String },
    /// The person running the apply is unknown.
    #[error(
        "refused: GITLAB_USER_LOGIN is not set, so the person running the apply is unknown (segregation of duties cannot be checked)"
    )]
    RunnerUnknown,
    /// No merge request introduced the commit.
    #[error(
        "refused: no merge request introduced commit {commit}: only changes merged through an approved merge request may be applied"
    )]
    NoMergeRequest { commit: String },
    /// The merge request is not merged.
    #[error("refused: merge request !{iid} is {state}, not merged")]
    NotMerged { iid: u64, state: String },
    /// Approvals are still required.
    #[error("refused: merge request !{iid} still needs {left} approval(s)")]
    ApprovalsLeft { iid: u64, left: u32 },
    /// Nobody approved.
    #[error(
        "refused: merge request !{iid} has no approvals: at least one approver other than the author and the person applying is required"
    )]
    NoApprovals { iid: u64 },
    /// The author approved their own merge request.
    #[error("refused: merge request !{iid} was approved by its own author {username} (segregation of duties)")]
    SelfApproval { iid: u64, username: String },
    /// The person running the apply approved the merge request.
    #[error(
        "refused: {username} approved merge request !{iid} and is also running the apply (segregation of duties): someone else must run it"
    )]
    RunnerApproved { iid: u64, username: String },
    /// The merge request has no plan note of ours.
    #[error(
        "refused: merge request !{iid} has no skuctl plan note, so there is no reviewed plan digest to compare with"
    )]
    NoPlanNote { iid: u64 },
    /// The plan to apply is not the plan that was reviewed.
    #[error(
        "refused: the plan to apply has digest {plan_digest}, but merge request !{iid} reviewed digest {note_digest}: re-plan on the merge request and have it reviewed again"
    )]
    DigestMismatch {
        iid: u64,
        plan_digest: String,
        note_digest: String,
    },
}

impl Refusal {
    /// A stable kebab-case name for machine output and the audit log.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MissingToken { .. } => "missing-token",
            Self::JobToken { .. } => "job-token",
            Self::Misconfigured { .. } => "misconfigured",
            Self::GitLab { .. } => "gitlab-unavailable",
            Self::RunnerUnknown => "runner-unknown",
            Self::NoMergeRequest { .. } => "no-merge-request",
            Self::NotMerged { .. } => "not-merged",
            Self::ApprovalsLeft { .. } => "approvals-left",
            Self::NoApprovals { .. } => "no-approvals",
            Self::SelfApproval { .. } => "self-approval",
            Self::RunnerApproved { .. } => "runner-approved",
            Self::NoPlanNote { .. } => "no-plan-note",
            Self::DigestMismatch { .. } => "digest-mismatch",
        }
    }
}

/// Checks the approval facts. `runner_login` is `GITLAB_USER_LOGIN`; `note_digest` the digest in the MR's plan note.
///
/// # Errors
/// The first [`Refusal`] that applies, in the order: merged, approvals left, approvers present, self-approval,
/// approver running the apply, plan note present, digest equal.
pub fn check_approval(
    mr: &MergeRequest,
    approvals: &Approvals,
    runner_login: Option<&str>,
    plan_digest: &str,
    note_digest: Option<&str>,
) -> Result<Approved, Refusal> {
    let iid = mr.iid;
    let runner = runner_login
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or(Refusal::RunnerUnknown)?;
    if !mr.is_merged() {
        return Err(Refusal::NotMerged {
            iid,
            state: mr.state.clone(),
        });
    }
    if approvals.approvals_left > 0 {
        return Err(Refusal::ApprovalsLeft {
            iid,
            left: approvals.approvals_left,
        });
    }
    if approvals.approved_by.is_empty() {
        return Err(Refusal::NoApprovals { iid });
    }
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let approvers: Vec<&super::User> = approvals.approved_by.iter().map(|a| &a.user).collect();
    if let Some(user) = approvers
        .iter()
        .find(|u| u.id == mr.author.id || same(&u.username, &mr.author.username))
    {
        return Err(Refusal::SelfApproval {
            iid,
            username: user.username.clone(),
        });
    }
    if let Some(user) = approvers.iter().find(|u| same(&u.username, runner)) {
        return Err(Refusal::RunnerApproved {
            iid,
            username: user.username.clone(),
        });
    }
    let note_digest = note_digest.ok_or(Refusal::NoPlanNote { iid })?;
    if note_digest != plan_digest {
        return Err(Refusal::DigestMismatch {
            iid,
            plan_digest: plan_digest.into(),
            note_digest: note_digest.into(),
        });
    }
    let mut names: Vec<String> = approvers.iter().map(|u| u.username.clone()).collect();
    names.sort();
    names.dedup();
    Ok(Approved {
        merge_request: iid,
        author: mr.author.username.clone(),
        approvers: names,
        plan_digest: plan_digest.into(),
        web_url: mr.web_url.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{ApprovedBy, User};
    use super::*;

    fn user(id: u64, name: &str) -> User {
        User {
            id,
            username: name.into(),
        }
    }

    fn merged() -> MergeRequest {
        MergeRequest {
            iid: 7,
            state: "merged".into(),
            author: user(1, "pm-alice"),
            title: "Raise Pro price".into(),
            sha: None,
            merge_commit_sha: None,
            squash_commit_sha: None,
            web_url: None,
        }
    }

    fn approved_by(users: &[User]) -> Approvals {
        Approvals {
            approvals_required: 1,
            approvals_left: 0,
            approved_by: users.iter().map(|u| ApprovedBy { user: u.clone() }).collect(),
        }
    }

    #[test]
    fn approved_by_someone_else_passes() {
        let ok = check_approval(
            &merged(),
            &approved_by(&[user(3, "rm-carol"), user(2, "bob")]),
            Some("dave"),
            "d1",
            Some("d1"),
        )
        .expect("approved");
        assert_eq!(ok.approvers, ["bob", "rm-carol"]);
        assert_eq!(ok.author, "pm-alice");
    }

    #[test]
    fn each_rule_refuses() {
        let bob = user(2, "bob");
        let mut open = merged();
        open.state = "opened".into();
        let left = Approvals {
            approvals_left: 1,
            ..approved_by(std::slice::from_ref(&bob))
        };
        let cases: Vec<(Result<Approved, Refusal>, &str)> = vec![
            (
                check_approval(
                    &open,
                    &approved_by(std::slice::from_ref(&bob)),
                    Some("dave"),
                    "d",
                    Some("d"),
                ),
                "not-merged",
            ),
            (
                check_approval(&merged(), &left, Some("dave"), "d", Some("d")),
                "approvals-left",
            ),
            (
                check_approval(&merged(), &approved_by(&[]), Some("dave"), "d", Some("d")),
                "no-approvals",
            ),
            (
                check_approval(
                    &merged(),
                    &approved_by(&[bob.clone(), user(1, "pm-alice")]),
                    Some("dave"),
                    "d",
                    Some("d"),
                ),
                "self-approval",
            ),
            (
                check_approval(
                    &merged(),
                    &approved_by(&[user(99, "PM-Alice")]),
                    Some("dave"),
                    "d",
                    Some("d"),
                ),
                "self-approval",
            ),
            (
                check_approval(
                    &merged(),
                    &approved_by(std::slice::from_ref(&bob)),
                    Some("Bob"),
                    "d",
                    Some("d"),
                ),
                "runner-approved",
            ),
            (
                check_approval(
                    &merged(),
                    &approved_by(std::slice::from_ref(&bob)),
                    Some(" "),
                    "d",
                    Some("d"),
                ),
                "runner-unknown",
            ),
            (
                check_approval(
                    &merged(),
                    &approved_by(std::slice::from_ref(&bob)),
                    Some("dave"),
                    "d",
                    None,
                ),
                "no-plan-note",
            ),
            (
                check_approval(&merged(), &approved_by(&[bob]), Some("dave"), "d2", Some("d1")),
                "digest-mismatch",
            ),
        ];
        for (result, kind) in cases {
            let refusal = result.expect_err(kind);
            assert_eq!(refusal.kind(), kind, "{refusal}");
            assert!(refusal.to_string().starts_with("refused: "), "{refusal}");
        }
    }
}
