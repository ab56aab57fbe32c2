//! Where the GitLab API is and how to authenticate, read from CI variables through an injectable lookup.

use url::Url;

use super::{GitLabError, Token};

/// The variable holding the bot token when the config names none.
pub const DEFAULT_TOKEN_VARIABLE: &str = "SKUCTL_GITLAB_TOKEN";

/// Prefix of GitLab CI job tokens (GitLab 16.x and later) when they are shown in full.
const JOB_TOKEN_PREFIX: &str = "glcbt-";

/// API root, project and token for [`super::GitLabClient`].
#[derive(Debug, Clone)]
pub struct GitLabSettings {
    /// The API root, e.g. `https://gitlab.example.com/api/v4` (from `CI_API_V4_URL`).
    pub api_root: Url,
    /// Numeric project id or `group/project` path (from `CI_PROJECT_ID`).
    pub project: String,
    /// The token (from the variable the config names).
    pub token: Token,
    /// The name of the variable the token came from, for messages.
    pub token_variable: String,
}

impl GitLabSettings {
    /// Reads the settings from the process environment; `token_variable` is the NAME of the variable with the token.
    ///
    /// # Errors
    /// Missing `CI_API_V4_URL`/`CI_PROJECT_ID`, an unusable API root, a missing token, or a CI job token.
    pub fn from_env(token_variable: &str) -> Result<Self, GitLabError> {
        Self::from_lookup(token_variable, |name| std::env::var(name).ok())
    }

    /// Like [`Self::from_env`] with an injected variable lookup (tests).
    ///
    /// # Errors
    /// As [`Self::from_env`].
    pub fn from_lookup(token_variable: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, GitLabError> {
        let token = token_from_lookup(token_variable, &lookup)?;
        let root = non_empty(&lookup, "CI_API_V4_URL").ok_or(GitLabError::MissingVariable {
            name: "CI_API_V4_URL".into(),
            purpose: "the GitLab API root, e.g. https://gitlab.example.com/api/v4",
        })?;
        let project = non_empty(&lookup, "CI_PROJECT_ID").ok_or(GitLabError::MissingVariable {
            name: "CI_PROJECT_ID".into(),
            purpose: "the project id",
        })?;
        Ok(Self {
            api_root: parse_api_root(&root)?,
            project,
            token,
            token_variable: token_variable.to_owned(),
        })
    }
}

/// Reads the token from the variable named `variable`, refusing job tokens.
///
/// # Errors
/// [`GitLabError::MissingToken`] when unset or empty, [`GitLabError::JobToken`] when it is a CI job token (the
/// variable is `CI_JOB_TOKEN`, its value equals `CI_JOB_TOKEN`'s, or it has the job-token prefix `glcbt-`).
pub fn token_from_lookup(variable: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<Token, GitLabError> {
    if variable == "CI_JOB_TOKEN" {
        return Err(GitLabError::JobToken {
            variable: variable.into(),
        });
    }
    let value = non_empty(&lookup, variable).ok_or_else(|| GitLabError::MissingToken {
        variable: variable.into(),
    })?;
    let same_as_job_token = non_empty(&lookup, "CI_JOB_TOKEN").is_some_and(|job| job == value);
    if same_as_job_token || value.starts_with(JOB_TOKEN_PREFIX) {
        return Err(GitLabError::JobToken {
            variable: variable.into(),
        });
    }
    Ok(Token::new(value))
}

fn non_empty(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn parse_api_root(value: &str) -> Result<Url, GitLabError> {
    let invalid = |reason: String| GitLabError::InvalidApiRoot {
        value: value.to_owned(),
        reason,
    };
    let url = Url::parse(value).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https".into()));
    }
    if url.cannot_be_a_base() || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "expected a plain URL like https://gitlab.example.com/api/v4".into(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(GitLabError::InvalidApiRoot {
            value: "(redacted: contains credentials)".into(),
            reason: "credentials do not belong in the API root".into(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |k| map.get(k).cloned()
    }

    const BASE: &[(&str, &str)] = &[
        ("CI_API_V4_URL", "https://gitlab.example.com/api/v4"),
        ("CI_PROJECT_ID", "42"),
    ];

    #[test]
    fn reads_root_project_and_named_token() {
        let mut vars = BASE.to_vec();
        vars.push(("BOT", "glpat-abc"));
        let s = GitLabSettings::from_lookup("BOT", lookup(&vars)).expect("settings");
        assert_eq!(s.api_root.as_str(), "https://gitlab.example.com/api/v4");
        assert_eq!(s.project, "42");
        assert_eq!(s.token.expose(), "glpat-abc");
    }

    #[test]
    fn missing_or_empty_token_is_refused_naming_the_variable() {
        for vars in [BASE.to_vec(), [BASE, &[("BOT", "  ")]].concat()] {
            let err = GitLabSettings::from_lookup("BOT", lookup(&vars)).expect_err("refused");
            assert!(matches!(err, GitLabError::MissingToken { .. }), "{err}");
            assert!(err.to_string().contains("BOT"));
        }
    }

    #[test]
    fn job_tokens_are_refused() {
        let by_name = [BASE, &[("CI_JOB_TOKEN", "glcbt-64_xyz")]].concat();
        let by_value = [BASE, &[("CI_JOB_TOKEN", "same"), ("BOT", "same")]].concat();
        let by_prefix = [BASE, &[("BOT", "glcbt-64_xyz")]].concat();
        for (var, vars) in [("CI_JOB_TOKEN", by_name), ("BOT", by_value), ("BOT", by_prefix)] {
            let err = GitLabSettings::from_lookup(var, lookup(&vars)).expect_err("refused");
            assert!(matches!(err, GitLabError::JobToken { .. }), "{err}");
            assert!(
                !err.to_string().contains("xyz") && !err.to_string().contains("same"),
                "{err}"
            );
        }
    }

    #[test]
    fn api_root_must_be_a_plain_http_url_and_credentials_are_not_echoed() {
        for bad in ["not a url", "ftp://x/api/v4", "https://user:hunter2@x/api/v4"] {
            let vars = [("CI_API_V4_URL", bad), ("CI_PROJECT_ID", "1"), ("BOT", "t")];
            let err = GitLabSettings::from_lookup("BOT", lookup(&vars)).expect_err("invalid");
            assert!(matches!(err, GitLabError::InvalidApiRoot { .. }), "{err}");
            assert!(!err.to_string().contains("hunter2"));
        }
    }
}
