//! Start-up and the connection loop: load (or seed) the state, bind, optionally wrap connections in TLS, and serve
//! each request through the fault/concurrency front (`handle`) into the router, and answer only once the state the
//! request read or wrote is durable (`App::durable`, group commit). Prints `listening on URL` as the first stdout
//! line (the real port when `--listen 127.0.0.1:0`).

use std::convert::Infallible;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tower::ServiceExt;

use super::app::{App, Family, Handling, lock};
use super::faults::{self, Decision};
use super::options::SandboxOptions;
use super::persist::{self, PersistError};
use super::state::State;
use super::statelog::StateLog;
use super::zuora::seed;

/// Why the sandbox could not start or keep serving.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Persist(#[from] PersistError),
    #[error("cannot read seed file {path}: {message}")]
    Seed { path: PathBuf, message: String },
    #[error(transparent)]
    Tls(#[from] super::tls::TlsError),
}

/// The connection was dropped on purpose (`--rate-drop`).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// Loads the state file and applies its log, or builds a fresh state (seeded when asked); opens the log.
fn initial_state(opts: &SandboxOptions) -> Result<(State, Option<StateLog>), SandboxError> {
    let snapshot = match &opts.state {
        Some(path) => persist::read_if_exists(path)?
            .map(|bytes| {
                serde_json::from_slice::<State>(&bytes).map_err(|e| PersistError::Parse {
                    path: path.clone(),
                    message: e.to_string(),
                })
            })
            .transpose()?,
        None => None,
    };
    let had_snapshot = snapshot.is_some();
    let mut state = match snapshot {
        Some(s) => s,
        None => fresh_state(opts)?,
    };
    let log = match &opts.state {
        Some(path) => Some(StateLog::open(path, &mut state, had_snapshot)?),
        None => None,
    };
    Ok((state, log))
}

/// A fresh tenant and org, seeded when asked.
fn fresh_state(opts: &SandboxOptions) -> Result<State, SandboxError> {
    let now = App::now_zuora();
    let mut state = State::new(&App::now_salesforce());
    if let Some(path) = &opts.seed {
        let err = |message: String| SandboxError::Seed {
            path: path.clone(),
            message,
        };
        let text = std::fs::read(path).map_err(|e| err(e.to_string()))?;
        let doc: serde_json::Value = serde_json::from_slice(&text).map_err(|e| err(e.to_string()))?;
        seed::load(&mut state.zuora, &doc, &now, &opts.behaviour.default_currency).map_err(|e| err(e.to_string()))?;
    }
    Ok(state)
}

fn family_of(path: &str) -> Family {
    if path.starts_with("/services/") {
        Family::Salesforce
    } else {
        Family::Zuora
    }
}

/// The response, once every change made so far (this request's included) is in the state file; a 500 in the
/// family's error shape when it cannot be saved (the request is then not acknowledged).
async fn when_durable(app: &Arc<App>, family: Option<Family>, resp: Response<Body>) -> Response<Body> {
    match app.durable().await {
        Ok(()) => resp,
        Err(e) => match family {
            Some(Family::Zuora) => super::zuora::errors::persist_failed(app, &e),
            Some(Family::Salesforce) => super::salesforce::sobjects::persist_failed(&e),
            None => super::zuora::errors::json_response(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                &serde_json::json!({"error": e.to_string()}),
            ),
        },
    }
}

/// One request through faults, the concurrency limit and the router.
async fn handle(app: Arc<App>, router: Router, req: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let arrived = std::time::Instant::now();
    let path = req.uri().path().to_string();
    lock(&app.stats).total += 1;
    if path.starts_with("/sandbox/") {
        let resp = router.oneshot(req.map(Body::new)).await.unwrap_or_else(|e| match e {});
        return Ok(when_durable(&app, None, resp).await);
    }
    let family = family_of(&path);
    let decision = faults::decide(&app);
    let latency = Duration::from_millis(app.opts.faults.latency_ms);
    if decision != Decision::Pass {
        faults::sleep_until(arrived + latency).await;
    }
    match decision {
        Decision::Drop => {
            app.count_fault("drop");
            return Err(Dropped);
        }
        Decision::Throttle => {
            app.count_fault("429");
            return Ok(faults::throttled(&app, family, &path, false));
        }
        Decision::ServerError => {
            app.count_fault("5xx");
            return Ok(faults::server_error(family));
        }
        Decision::Pass => {}
    }
    let is_token = path == "/oauth/token" || path == "/services/oauth2/token";
    // The latency is spent holding a concurrency slot, as a slow real request would.
    let slot = if is_token {
        None
    } else {
        Some(faults::acquire(&app, family))
    };
    if matches!(slot, Some(None)) {
        app.count_fault("concurrency");
        return Ok(faults::throttled(&app, family, &path, true));
    }
    faults::sleep_until(arrived + latency).await;
    let track = req.headers().get("zuora-track-id").cloned();
    let handling = Handling::start(&app);
    let resp = router.oneshot(req.map(Body::new)).await.unwrap_or_else(|e| match e {});
    drop(handling);
    let mut resp = when_durable(&app, Some(family), resp).await;
    if family == Family::Zuora && (path.starts_with("/v1/") || is_token) {
        faults::zuora_headers(&app, &mut resp, track);
    }
    drop(slot);
    if app.opts.faults.slow_body_ms > 0 {
        resp = faults::slow_body(resp, Duration::from_millis(app.opts.faults.slow_body_ms)).await;
    }
    Ok(resp)
}

fn default_cert_path(opts: &SandboxOptions, port: u16) -> PathBuf {
    opts.tls_cert_out.clone().unwrap_or_else(|| match &opts.state {
        Some(s) => s.with_extension("cert.pem"),
        None => std::env::temp_dir().join(format!("skuctl-sandbox-{port}.pem")),
    })
}

/// Runs the sandbox until Ctrl-C.
///
/// # Errors
/// `SandboxError` when start-up fails.
pub async fn serve(opts: SandboxOptions) -> Result<(), SandboxError> {
    let (mut state, log) = initial_state(&opts)?;
    state.in_use.extend(opts.in_use.iter().cloned());
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .map_err(|source| SandboxError::Bind {
            addr: opts.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: opts.listen,
        source,
    })?;
    let tls = if opts.tls {
        let cert = default_cert_path(&opts, addr.port());
        Some((tokio_rustls::TlsAcceptor::from(super::tls::server_config(&cert)?), cert))
    } else {
        None
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base_url = format!("{scheme}://{addr}");
    let state_path = opts.state.clone();
    let app = Arc::new(App::new(opts, base_url.clone(), state).with_state_file(state_path, log));
    app.save()?;
    let router = super::router::build(&app);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {base_url}");
        if let Some((_, cert)) = &tls {
            let _ = writeln!(out, "tls certificate: {}", cert.display());
        }
        let _ = out.flush();
    }
    let acceptor = tls.map(|(a, _)| a);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = tokio::signal::ctrl_c() => return Ok(()),
        };
        let Ok((stream, _)) = accepted else { continue };
        let (app, router, acceptor) = (app.clone(), router.clone(), acceptor.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(app.clone(), router.clone(), req));
            let builder = hyper::server::conn::http1::Builder::new();
            match acceptor {
                Some(acc) => {
                    if let Ok(tls_stream) = acc.accept(stream).await {
                        let _ = builder.serve_connection(TokioIo::new(tls_stream), service).await;
                    }
                }
                None => {
                    let _ = builder.serve_connection(TokioIo::new(stream), service).await;
                }
            }
        });
    }
}

/// Keeps `Infallible` in scope for the router's error type.
#[allow(dead_code)]
fn _infallible(e: Infallible) -> ! {
    match e {}
}
