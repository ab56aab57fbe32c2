//! The GitLab token flag shared by `plan --comment` and `apply --require-approval`.

use crate::gitlab;

/// Which variable holds the GitLab token.
#[derive(Debug, Clone, clap::Args)]
pub struct TokenVar {
    /// The NAME of the variable holding the GitLab token (a project access token or bot token with scope `api`;
    /// never `CI_JOB_TOKEN`: it cannot post notes or read approvals).
    #[arg(
        long = "gitlab-token-var",
        value_name = "NAME",
        env = "SKUCTL_GITLAB_TOKEN_VAR",
        default_value = gitlab::DEFAULT_TOKEN_VARIABLE
    )]
    pub name: String,
}
