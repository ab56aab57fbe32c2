//! A loopback fake of the GitLab REST API (the parts skuctl uses): users by token, merge-request notes (paginated,
//! recorded), merge requests, the commit -> merge request lookup and approvals. Authenticates `PRIVATE-TOKEN` like
//! GitLab: an unknown token gets 401, editing someone else's note 403.

#![allow(dead_code, clippy::result_large_err)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

/// The fake's data; tests set it up and inspect it through [`FakeGitLab::state`].
#[derive(Debug, Default)]
pub struct FakeState {
    /// token -> (user id, username)
    pub tokens: BTreeMap<String, (u64, String)>,
    /// The project id or path the fake answers for (as GitLab sees it after URL decoding).
    pub project: String,
    /// iid -> notes (GitLab note objects), in creation order.
    pub notes: BTreeMap<u64, Vec<Value>>,
    pub next_note_id: u64,
    /// iid -> merge request object
    pub merge_requests: BTreeMap<u64, Value>,
    /// commit sha -> iids of the merge requests that introduced it
    pub commits: BTreeMap<String, Vec<u64>>,
    /// iid -> approvals object
    pub approvals: BTreeMap<u64, Value>,
    /// Largest page the notes endpoint serves (small, to exercise pagination).
    pub max_page_size: usize,
    /// Every request as "METHOD /path".
    pub requests: Vec<String>,
    /// Statuses to answer the next requests with (first first), each with `Retry-After: 0`.
    pub fail_next: Vec<u16>,
    /// Status to answer the next POST with.
    pub fail_next_post: Option<u16>,
}

type Shared = Arc<Mutex<FakeState>>;

/// A running fake; the server stops when the test's runtime ends.
pub struct FakeGitLab {
    pub api_root: String,
    state: Shared,
}

impl FakeGitLab {
    /// Starts the fake on 127.0.0.1 with a random port, answering for `project`.
    pub async fn start(project: &str) -> Self {
        let state: Shared = Arc::new(Mutex::new(FakeState {
            project: project.into(),
            next_note_id: 100,
            max_page_size: 2,
            ..FakeState::default()
        }));
        let app = Router::new()
            .route("/api/v4/user", get(current_user))
            .route(
                "/api/v4/projects/{project}/merge_requests/{iid}/notes",
                get(list_notes).post(create_note),
            )
            .route(
                "/api/v4/projects/{project}/merge_requests/{iid}/notes/{note}",
                get(get_note).put(edit_note).delete(delete_note),
            )
            .route("/api/v4/projects/{project}/merge_requests/{iid}", get(merge_request))
            .route(
                "/api/v4/projects/{project}/merge_requests/{iid}/approvals",
                get(approvals),
            )
            .route(
                "/api/v4/projects/{project}/repository/commits/{sha}/merge_requests",
                get(commit_mrs),
            )
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            api_root: format!("http://{addr}/api/v4"),
            state,
        }
    }

    pub fn state(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().expect("fake state")
    }

    /// Registers a user with a token.
    pub fn user(&self, id: u64, username: &str, token: &str) {
        self.state().tokens.insert(token.into(), (id, username.into()));
    }

    /// Adds a note as if `author` had written it.
    pub fn add_note(&self, iid: u64, author: (u64, &str), body: &str) -> u64 {
        let mut s = self.state();
        s.next_note_id += 1;
        let id = s.next_note_id;
        let note = note_json(id, author.0, author.1, body);
        s.notes.entry(iid).or_default().push(note);
        id
    }

    pub fn notes(&self, iid: u64) -> Vec<Value> {
        self.state().notes.get(&iid).cloned().unwrap_or_default()
    }

    /// A merge request with `state`, by `author`, introduced by `commit` (its merge commit).
    pub fn merge_request(&self, iid: u64, state: &str, author: (u64, &str), commit: &str) {
        let mut s = self.state();
        s.merge_requests.insert(
            iid,
            json!({
                "id": 9000 + iid, "iid": iid, "project_id": 1, "title": format!("Catalog change {iid}"),
                "state": state, "author": {"id": author.0, "username": author.1, "name": author.1},
                "sha": format!("head{iid}"), "merge_commit_sha": if state == "merged" { json!(commit) } else { Value::Null },
                "squash_commit_sha": null, "web_url": format!("https://gitlab.example/g/p/-/merge_requests/{iid}"),
            }),
        );
        s.commits.entry(commit.into()).or_default().push(iid);
    }

    /// Sets the approvals of a merge request.
    pub fn approvals(&self, iid: u64, required: u32, left: u32, approvers: &[(u64, &str)]) {
        let by: Vec<Value> = approvers
            .iter()
            .map(|(id, name)| json!({"user": {"id": id, "username": name, "name": name}}))
            .collect();
        self.state().approvals.insert(
            iid,
            json!({"approvals_required": required, "approvals_left": left, "approved_by": by}),
        );
    }
}

fn note_json(id: u64, author_id: u64, username: &str, body: &str) -> Value {
    json!({
        "id": id, "type": null, "body": body, "system": false, "noteable_type": "MergeRequest", "resolvable": false,
        "author": {"id": author_id, "username": username, "name": username},
    })
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// Records the request and authenticates it; Err is the response to send.
type Reply = Result<Response, Response>;

/// Records the request, authenticates it and checks the project (`None`: not a project endpoint).
fn auth<'a>(
    state: &'a Shared,
    headers: &HeaderMap,
    what: String,
    project: Option<&str>,
) -> Result<(MutexGuard<'a, FakeState>, (u64, String)), Response> {
    let mut s = state
        .lock()
        .map_err(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "poisoned"))?;
    s.requests.push(what);
    let injected = if s.requests.last().is_some_and(|r| r.starts_with("POST")) {
        s.fail_next_post.take()
    } else {
        None
    };
    if let Some(status) = injected.or_else(|| (!s.fail_next.is_empty()).then(|| s.fail_next.remove(0))) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Err((status, [("retry-after", "0")], Json(json!({"message": "try again"}))).into_response());
    }
    let token = headers
        .get("private-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let user = s
        .tokens
        .get(token)
        .cloned()
        .ok_or_else(|| error(StatusCode::UNAUTHORIZED, "401 Unauthorized"))?;
    if project.is_some_and(|p| p != s.project) {
        return Err(error(StatusCode::NOT_FOUND, "404 Project Not Found"));
    }
    Ok((s, user))
}

async fn current_user(State(state): State<Shared>, headers: HeaderMap) -> Reply {
    let (_state, (id, username)) = auth(&state, &headers, "GET /user".into(), None)?;
    Ok(Json(json!({"id": id, "username": username, "name": username, "state": "active"})).into_response())
}

async fn list_notes(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, u64)>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Reply {
    let (s, _) = auth(&state, &headers, format!("GET notes !{iid}"), Some(&project))?;
    let per_page: usize = query
        .get("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .min(s.max_page_size)
        .max(1);
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let all = s.notes.get(&iid).cloned().unwrap_or_default();
    let items: Vec<Value> = all.iter().skip((page - 1) * per_page).take(per_page).cloned().collect();
    let next = if page * per_page < all.len() {
        (page + 1).to_string()
    } else {
        String::new()
    };
    Ok(([("x-next-page", next), ("x-total", all.len().to_string())], Json(items)).into_response())
}

async fn create_note(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, u64)>,
    Json(body): Json<Value>,
) -> Reply {
    let (mut s, (uid, username)) = auth(&state, &headers, format!("POST notes !{iid}"), Some(&project))?;
    let Some(text) = body.get("body").and_then(Value::as_str) else {
        return Err(error(StatusCode::BAD_REQUEST, "400 (Bad request) \"body\" not given"));
    };
    s.next_note_id += 1;
    let note = note_json(s.next_note_id, uid, &username, text);
    s.notes.entry(iid).or_default().push(note.clone());
    Ok((StatusCode::CREATED, Json(note)).into_response())
}

async fn get_note(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid, id)): Path<(String, u64, u64)>,
) -> Reply {
    let (s, _) = auth(&state, &headers, format!("GET note !{iid}/{id}"), Some(&project))?;
    let found = s
        .notes
        .get(&iid)
        .and_then(|ns| ns.iter().find(|n| n["id"] == json!(id)).cloned());
    found
        .map(|n| Json(n).into_response())
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "404 Not found"))
}

async fn edit_note(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid, id)): Path<(String, u64, u64)>,
    Json(body): Json<Value>,
) -> Reply {
    let (mut s, (uid, _)) = auth(&state, &headers, format!("PUT note !{iid}/{id}"), Some(&project))?;
    let Some(text) = body.get("body").and_then(Value::as_str).map(str::to_owned) else {
        return Err(error(StatusCode::BAD_REQUEST, "body missing"));
    };
    let Some(note) = s
        .notes
        .get_mut(&iid)
        .and_then(|ns| ns.iter_mut().find(|n| n["id"] == json!(id)))
    else {
        return Err(error(StatusCode::NOT_FOUND, "404 Not found"));
    };
    if note["author"]["id"] != json!(uid) {
        return Err(error(StatusCode::FORBIDDEN, "403 Forbidden"));
    }
    note["body"] = json!(text);
    Ok(Json(note.clone()).into_response())
}

async fn delete_note(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid, id)): Path<(String, u64, u64)>,
) -> Reply {
    let (mut s, (uid, _)) = auth(&state, &headers, format!("DELETE note !{iid}/{id}"), Some(&project))?;
    let notes = s.notes.entry(iid).or_default();
    match notes.iter().position(|n| n["id"] == json!(id)) {
        Some(i) if notes[i]["author"]["id"] == json!(uid) => {
            notes.remove(i);
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        Some(_) => Err(error(StatusCode::FORBIDDEN, "403 Forbidden")),
        None => Err(error(StatusCode::NOT_FOUND, "404 Not found")),
    }
}

async fn merge_request(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, u64)>,
) -> Reply {
    let (s, _) = auth(&state, &headers, format!("GET mr !{iid}"), Some(&project))?;
    s.merge_requests
        .get(&iid)
        .map(|m| Json(m.clone()).into_response())
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "404 Not found"))
}

async fn approvals(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, u64)>,
) -> Reply {
    let (s, _) = auth(&state, &headers, format!("GET approvals !{iid}"), Some(&project))?;
    let default = json!({"approvals_required": 0, "approvals_left": 0, "approved_by": []});
    Ok(Json(s.approvals.get(&iid).cloned().unwrap_or(default)).into_response())
}

async fn commit_mrs(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((project, sha)): Path<(String, String)>,
) -> Reply {
    let (s, _) = auth(&state, &headers, format!("GET commit {sha} mrs"), Some(&project))?;
    let mrs: Vec<Value> = s
        .commits
        .get(&sha)
        .map(|iids| iids.iter().filter_map(|i| s.merge_requests.get(i).cloned()).collect())
        .unwrap_or_default();
    Ok(Json(mrs).into_response())
}
