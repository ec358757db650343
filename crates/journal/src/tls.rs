//! Trust roots for the e-journal: the usual web roots plus the Russian Trusted Root CA
//! (Минцифры), which Russian state and regional sites increasingly chain to. The certificate is
//! the one parta-max ships (one file in the repository), built into the binary.

use std::sync::Arc;

use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::JournalError;

/// The Russian Trusted Root CA, PEM, as published by Минцифры.
const RUSSIAN_TRUSTED_ROOT_CA: &[u8] =
    include_bytes!("../../max/certs/russian-trusted-root-ca.pem");

/// A TLS client configuration trusting the web roots and the Russian root, with ring.
pub(crate) fn client_config() -> Result<ClientConfig, JournalError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for certificate in CertificateDer::pem_slice_iter(RUSSIAN_TRUSTED_ROOT_CA) {
        let certificate = certificate.map_err(|error| {
            JournalError::Client(format!("bundled root CA unreadable: {error}"))
        })?;
        roots
            .add(certificate)
            .map_err(|error| JournalError::Client(format!("bundled root CA refused: {error}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| JournalError::Client(format!("TLS set-up failed: {error}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[test]
    fn the_tls_configuration_builds_with_the_bundled_root() {
        super::client_config().unwrap();
    }
}
