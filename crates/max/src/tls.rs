//! Trust roots for MAX: the usual web roots plus the Russian Trusted Root CA (Минцифры,
//! 2022–2032), which MAX's servers chain to and which neither Debian's nor webpki's roots hold.
//! The certificate ships inside Парта; nothing is read from the system at run time.

use std::sync::Arc;

use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::MaxError;

/// The Russian Trusted Root CA, PEM, as published by Минцифры.
pub const RUSSIAN_TRUSTED_ROOT_CA: &[u8] = include_bytes!("../certs/russian-trusted-root-ca.pem");

/// The roots Парта trusts for MAX.
pub fn root_store() -> Result<RootCertStore, MaxError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for certificate in CertificateDer::pem_slice_iter(RUSSIAN_TRUSTED_ROOT_CA) {
        let certificate = certificate.map_err(|error| {
            MaxError::protocol(format!("the bundled root CA is unreadable: {error}"))
        })?;
        roots.add(certificate).map_err(|error| {
            MaxError::protocol(format!("the bundled root CA is refused: {error}"))
        })?;
    }
    Ok(roots)
}

/// A TLS client configuration with [`root_store`] and the ring provider.
pub fn client_config() -> Result<Arc<ClientConfig>, MaxError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| MaxError::protocol(format!("TLS set-up failed: {error}")))?
        .with_root_certificates(root_store()?)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_russian_root_is_among_the_trusted() {
        let webpki = webpki_roots::TLS_SERVER_ROOTS.len();
        let roots = super::root_store().unwrap();
        assert_eq!(roots.len(), webpki + 1);
        let russian = roots.roots.last().unwrap();
        let subject = String::from_utf8_lossy(russian.subject.as_ref()).into_owned();
        assert!(subject.contains("Russian Trusted Root CA"), "{subject}");
    }
}
