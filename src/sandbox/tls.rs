//! `--tls`: a self-signed certificate for `localhost` / `127.0.0.1` (rcgen, ring), served with rustls. The
//! certificate (PEM) is written to a file so clients can trust it; the private key stays in memory.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A TLS set-up failure.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot generate the self-signed certificate: {0}")]
    Generate(String),
    #[error("cannot configure TLS: {0}")]
    Config(String),
    #[error(transparent)]
    Write(#[from] super::persist::PersistError),
}

/// Generates a certificate, writes its PEM to `cert_out`, and returns the server configuration.
///
/// # Errors
/// `TlsError` when generation, configuration or the write fails.
pub fn server_config(cert_out: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| TlsError::Generate(e.to_string()))?;
    super::persist::write_atomic(cert_out, certified.cert.pem().as_bytes())?;
    let cert: CertificateDer<'static> = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
