//! The GitLab API objects skuctl reads (only the fields it uses; unknown fields are ignored).

use serde::{Deserialize, Serialize};

/// A GitLab user as embedded in notes, merge requests and approvals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub username: String,
}

/// A merge-request note (comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: u64,
    pub body: String,
    pub author: User,
    /// System notes ("added 1 commit", ...) are never ours.
    #[serde(default)]
    pub system: bool,
    /// `null` for plain comments; `DiffNote`/`DiscussionNote` for threads.
    #[serde(default, rename = "type")]
    pub note_type: Option<String>,
}

/// A merge request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRequest {
    /// The project-level number (`!iid`).
    pub iid: u64,
    /// `opened`, `closed`, `locked` or `merged`.
    pub state: String,
    pub author: User,
    #[serde(default)]
    pub title: String,
    /// Head commit of the source branch.
    #[serde(default)]
    pub sha: Option<String>,
    #[serde(default)]
    pub merge_commit_sha: Option<String>,
    #[serde(default)]
    pub squash_commit_sha: Option<String>,
    #[serde(default)]
    pub web_url: Option<String>,
}

impl MergeRequest {
    /// Whether the merge request is merged.
    #[must_use]
    pub fn is_merged(&self) -> bool {
        self.state == "merged"
    }

    /// Whether `sha` is this merge request's merge or squash commit.
    #[must_use]
    pub fn landed_as(&self, sha: &str) -> bool {
        [&self.merge_commit_sha, &self.squash_commit_sha]
            .iter()
            .any(|s| s.as_deref() == Some(sha))
    }
}

/// `GET /projects/:id/merge_requests/:iid/approvals`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Approvals {
    #[serde(default)]
    pub approvals_required: u32,
    #[serde(default)]
    pub approvals_left: u32,
    #[serde(default)]
    pub approved_by: Vec<ApprovedBy>,
}

/// One entry of `approved_by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedBy {
    pub user: User,
}
