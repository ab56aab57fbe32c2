//! A small async GitLab REST client (API v4) for notes, merge requests, commits and approvals.
//!
//! Authentication is the `PRIVATE-TOKEN` header; the token never appears in URLs, so it cannot leak through a
//! transport error's URL. Lists are paginated with `X-Next-Page` (bounded). A 429 is retried (honouring
//! `Retry-After`), and so is a 502/503/504 except for POST, where a retry could create a second note.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use url::Url;

use super::{Approvals, GitLabError, GitLabSettings, MergeRequest, Note, Token, User};

/// Items per page for list endpoints (GitLab's maximum).
const PER_PAGE: u32 = 100;
/// Upper bound on pages followed (100,000 notes), so a misbehaving server cannot loop us forever.
const MAX_PAGES: u32 = 1_000;
/// Retries of a rate-limited (429) or temporarily unavailable (502-504) request.
const MAX_RETRIES: u32 = 3;
/// Longest wait honoured from `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(20);
/// Longest GitLab error message quoted in an error.
const MAX_MESSAGE: usize = 300;

/// Installs rustls' ring crypto provider once per process (reqwest is built with `rustls-no-provider`).
pub(crate) fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // An Err means another provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A client for one project on one GitLab instance.
#[derive(Debug, Clone)]
pub struct GitLabClient {
    http: reqwest::Client,
    api_root: Url,
    project: String,
    token: Token,
}

impl GitLabClient {
    /// Builds a client (30 s timeout per request).
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(settings: GitLabSettings) -> Result<Self, GitLabError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("skuctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|source| GitLabError::Client { source })?;
        Ok(Self {
            http,
            api_root: settings.api_root,
            project: settings.project,
            token: settings.token,
        })
    }

    /// `GET /user`: the user the token belongs to.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn current_user(&self) -> Result<User, GitLabError> {
        self.get("read the token's user (GET /user)", self.url(&["user"], false))
            .await
    }

    /// All notes of a merge request, oldest first, following pagination.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn merge_request_notes(&self, iid: u64) -> Result<Vec<Note>, GitLabError> {
        let mut notes = Vec::new();
        let mut page = 1;
        for _ in 0..MAX_PAGES {
            let url = self.mr_url(iid, &["notes"]);
            let query = [
                ("sort", "asc".to_owned()),
                ("order_by", "created_at".to_owned()),
                ("per_page", PER_PAGE.to_string()),
                ("page", page.to_string()),
            ];
            let req = self.request(Method::GET, url).query(&query);
            let (batch, headers): (Vec<Note>, _) = self.json("list merge request notes", req).await?;
            let count = batch.len();
            notes.extend(batch);
            match next_page(&headers) {
                Some(next) if next > page => page = next,
                Some(_) => break,
                // Without pagination headers: a full page may have more after it.
                None if count == PER_PAGE as usize && !headers.contains_key("x-next-page") => page += 1,
                None => break,
            }
        }
        Ok(notes)
    }

    /// Creates a note on a merge request.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn create_merge_request_note(&self, iid: u64, body: &str) -> Result<Note, GitLabError> {
        let req = self
            .request(Method::POST, self.mr_url(iid, &["notes"]))
            .json(&serde_json::json!({ "body": body }));
        self.json("create the merge request note", req).await.map(|(v, _)| v)
    }

    /// Replaces a note's body.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn edit_merge_request_note(&self, iid: u64, note_id: u64, body: &str) -> Result<Note, GitLabError> {
        let url = self.mr_url(iid, &["notes", &note_id.to_string()]);
        let req = self
            .request(Method::PUT, url)
            .json(&serde_json::json!({ "body": body }));
        self.json("edit the merge request note", req).await.map(|(v, _)| v)
    }

    /// Deletes a note.
    ///
    /// # Errors
    /// Transport or status errors.
    pub async fn delete_merge_request_note(&self, iid: u64, note_id: u64) -> Result<(), GitLabError> {
        let url = self.mr_url(iid, &["notes", &note_id.to_string()]);
        self.send(
            "delete a duplicate merge request note",
            self.request(Method::DELETE, url),
        )
        .await
        .map(|_| ())
    }

    /// `GET /projects/:id/repository/commits/:sha/merge_requests`: the merge requests that introduced a commit.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn merge_requests_for_commit(&self, sha: &str) -> Result<Vec<MergeRequest>, GitLabError> {
        self.get(
            "find the merge request of the commit",
            self.url(&["repository", "commits", sha, "merge_requests"], true),
        )
        .await
    }

    /// `GET /projects/:id/merge_requests/:iid`.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn merge_request(&self, iid: u64) -> Result<MergeRequest, GitLabError> {
        self.get("read the merge request", self.mr_url(iid, &[])).await
    }

    /// `GET /projects/:id/merge_requests/:iid/approvals`.
    ///
    /// # Errors
    /// Transport, status or decode errors.
    pub async fn merge_request_approvals(&self, iid: u64) -> Result<Approvals, GitLabError> {
        self.get("read the merge request approvals", self.mr_url(iid, &["approvals"]))
            .await
    }

    /// `<root>/projects/<project>/merge_requests/<iid>/<rest...>`.
    fn mr_url(&self, iid: u64, rest: &[&str]) -> Url {
        let iid = iid.to_string();
        let segments: Vec<&str> = ["merge_requests", iid.as_str()]
            .into_iter()
            .chain(rest.iter().copied())
            .collect();
        self.url(&segments, true)
    }

    async fn get<T: DeserializeOwned>(&self, operation: &'static str, url: Url) -> Result<T, GitLabError> {
        self.json(operation, self.request(Method::GET, url))
            .await
            .map(|(v, _)| v)
    }

    /// `<root>/[projects/<project>/]<segments...>`, every segment percent-encoded (a project path's `/` too).
    fn url(&self, segments: &[&str], in_project: bool) -> Url {
        let mut url = self.api_root.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            if in_project {
                path.push("projects").push(&self.project);
            }
            path.extend(segments);
        }
        url
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .header("PRIVATE-TOKEN", self.token.expose())
    }

    /// Sends, retrying (at most [`MAX_RETRIES`] times) a 429, and a 502/503/504 unless the request creates something.
    async fn send(&self, operation: &'static str, mut req: RequestBuilder) -> Result<reqwest::Response, GitLabError> {
        let method = req.try_clone().and_then(|r| r.build().ok()).map(|r| r.method().clone());
        let mut attempt = 0;
        loop {
            let retry = req.try_clone();
            let response = req
                .send()
                .await
                .map_err(|source| GitLabError::Transport { operation, source })?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let retryable = status.as_u16() == 429
                || (matches!(status.as_u16(), 502..=504) && method.as_ref() != Some(&Method::POST));
            if let Some(next) = retry.filter(|_| retryable && attempt < MAX_RETRIES) {
                tokio::time::sleep(retry_delay(response.headers(), attempt)).await;
                attempt += 1;
                req = next;
                continue;
            }
            let text = response.text().await.unwrap_or_default();
            return Err(GitLabError::Status {
                operation,
                status: status.as_u16(),
                message: error_message(&text, self.token.expose()),
                hint: status_hint(status.as_u16()),
            });
        }
    }

    async fn json<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        req: RequestBuilder,
    ) -> Result<(T, HeaderMap), GitLabError> {
        let response = self.send(operation, req).await?;
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(|source| GitLabError::Transport { operation, source })?;
        let value = serde_json::from_slice(&bytes).map_err(|e| GitLabError::Decode {
            operation,
            reason: e.to_string(),
        })?;
        Ok((value, headers))
    }
}

/// `Retry-After` seconds (capped), else exponential backoff from 250 ms.
fn retry_delay(headers: &HeaderMap, attempt: u32) -> Duration {
    let after = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    after.map_or_else(
        || Duration::from_millis(250 << attempt),
        |s| Duration::from_secs(s).min(MAX_RETRY_AFTER),
    )
}

fn next_page(headers: &HeaderMap) -> Option<u32> {
    headers.get("x-next-page")?.to_str().ok()?.trim().parse().ok()
}

/// GitLab's `message`/`error` field, else the body's start; truncated, and scrubbed of the token just in case.
fn error_message(body: &str, token: &str) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let text = parsed
        .as_ref()
        .and_then(|v| v.get("message").or_else(|| v.get("error")))
        .map_or_else(
            || body.trim().to_owned(),
            |m| m.as_str().map_or_else(|| m.to_string(), str::to_owned),
        );
    let text = if token.is_empty() {
        text
    } else {
        text.replace(token, "***")
    };
    let mut text: String = text.chars().take(MAX_MESSAGE).collect();
    if text.is_empty() {
        text.push_str("(no message)");
    }
    text
}

fn status_hint(status: u16) -> &'static str {
    match status {
        401 => " (the token was rejected: is it valid and unexpired?)",
        403 => {
            " (the token lacks permission: it needs scope `api` and at least Reporter access; Developer to post notes)"
        }
        404 => " (not found, or the token cannot see the project)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_prefers_gitlab_message_and_scrubs_the_token() {
        assert_eq!(
            error_message(r#"{"message":"401 Unauthorized"}"#, "t0k"),
            "401 Unauthorized"
        );
        assert_eq!(
            error_message(r#"{"message":{"body":["is too long"]}}"#, "t0k"),
            r#"{"body":["is too long"]}"#
        );
        assert_eq!(error_message("bad t0k here", "t0k"), "bad *** here");
        assert_eq!(error_message("", "t0k"), "(no message)");
        assert_eq!(error_message(&"x".repeat(1000), "t0k").len(), MAX_MESSAGE);
    }

    #[test]
    fn urls_encode_a_project_path() {
        let settings = GitLabSettings {
            api_root: Url::parse("https://gl.example/api/v4/").expect("url"),
            project: "group/sub project".into(),
            token: Token::new("t"),
            token_variable: "T".into(),
        };
        let client = GitLabClient::new(settings).expect("client");
        assert_eq!(
            client.url(&["merge_requests", "7", "notes"], true).as_str(),
            "https://gl.example/api/v4/projects/group%2Fsub%20project/merge_requests/7/notes"
        );
        assert_eq!(client.url(&["user"], false).as_str(), "https://gl.example/api/v4/user");
    }
}
