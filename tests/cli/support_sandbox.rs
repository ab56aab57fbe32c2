//! Reusable sandbox fixture: start the real `skuctl sandbox` as a child process on a free loopback port (state in
//! a temp dir), read the port from its first stdout line, and kill it on drop. Plus raw-HTTP helpers to get tokens.
//!
//! ```ignore
//! let sb = Sandbox::start(&[]);
//! let token = sb.zuora_token().await;
//! let r = sb.client.get(sb.url("/v1/catalog/products")).bearer_auth(&token).send().await?;
//! ```

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// The default credentials the sandbox accepts.
pub const CLIENT_ID: &str = "5f3c2a10-0000-4000-8000-000000000001";
pub const CLIENT_SECRET: &str = "sandbox-secret-not-for-production";
/// A Salesforce API version the sandbox accepts.
pub const SF: &str = "/services/data/v66.0";

/// A running sandbox.
pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:PORT` (or https).
    pub base: String,
    /// The state file.
    pub state: PathBuf,
    /// The TLS certificate file, when started with `--tls`.
    pub cert: Option<PathBuf>,
    /// A reqwest client (trusting the certificate when TLS is on).
    pub client: reqwest::Client,
    dir: Option<tempfile::TempDir>,
    /// Everything the sandbox printed (stdout after the address lines, and stderr).
    pub output: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Installs the ring crypto provider for reqwest/rustls (idempotent).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A plain reqwest client.
pub fn client() -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

impl Sandbox {
    /// Starts a sandbox with a fresh state file in a temp dir and extra flags.
    pub fn start(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = dir.path().join("state.json");
        let mut s = Self::start_at(&state, extra);
        s.dir = Some(dir);
        s
    }

    /// Starts a sandbox on an existing (or new) state file path; the caller owns the directory.
    pub fn start_at(state: &std::path::Path, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_skuctl"))
            .args(["sandbox", "--listen", "127.0.0.1:0", "--state"])
            .arg(state)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn skuctl sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let tls = extra.contains(&"--tls");
        let (tx, rx) = mpsc::channel();
        let out = output.clone();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok).unwrap_or_default();
            let second = if tls { lines.next().and_then(Result::ok) } else { None };
            let _ = tx.send((first, second));
            for line in lines.map_while(Result::ok) {
                out.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let err = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                err.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (first, second) = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(v) => v,
            Err(_) => {
                let _ = child.kill();
                panic!("sandbox did not print its address in time");
            }
        };
        let base = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
            .to_string();
        let cert = second.and_then(|l| l.strip_prefix("tls certificate: ").map(PathBuf::from));
        install_crypto();
        let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(30));
        if let Some(c) = &cert {
            let pem = std::fs::read(c).expect("read cert");
            builder = builder.add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"));
        }
        let client = builder.build().expect("client");
        Self {
            child,
            base,
            state: state.to_path_buf(),
            cert,
            client,
            dir: None,
            output,
        }
    }

    /// An absolute URL for a path (an absolute URL, e.g. a `nextPage`, is kept as it is).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.base) }
    }

    /// `kill -9` (SIGKILL) and wait.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Keeps the temp dir alive beyond this sandbox (for restart tests).
    pub fn take_dir(&mut self) -> Option<tempfile::TempDir> {
        self.dir.take()
    }

    /// A Zuora access token for the default credentials.
    pub async fn zuora_token(&self) -> String {
        self.token("/oauth/token").await
    }

    /// A Salesforce access token for the default credentials.
    pub async fn salesforce_token(&self) -> String {
        self.token("/services/oauth2/token").await
    }

    /// A Zuora access token for the default client id and `secret`.
    pub async fn zuora_token_with(&self, secret: &str) -> String {
        self.token_with("/oauth/token", secret).await
    }

    async fn token(&self, path: &str) -> String {
        self.token_with(path, CLIENT_SECRET).await
    }

    async fn token_with(&self, path: &str, secret: &str) -> String {
        let r = self
            .client
            .post(self.url(path))
            .form(&[
                ("client_id", CLIENT_ID),
                ("client_secret", secret),
                ("grant_type", "client_credentials"),
            ])
            .send()
            .await
            .expect("token request");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("token json");
        v["access_token"].as_str().expect("access_token").to_string()
    }

    /// Sends a request with a bearer token and a JSON body; returns (status, body as text).
    pub async fn call(&self, method: reqwest::Method, path: &str, token: &str, body: Option<&Value>) -> (u16, String) {
        let mut rb = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(b) = body {
            rb = rb.header("content-type", "application/json").body(b.to_string());
        }
        let r = rb.send().await.expect("request");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// Like `call`, parsing the body as JSON.
    pub async fn json(&self, method: reqwest::Method, path: &str, token: &str, body: Option<&Value>) -> (u16, Value) {
        let (s, text) = self.call(method, path, token, body).await;
        let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
        (s, v)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.kill();
    }
}
