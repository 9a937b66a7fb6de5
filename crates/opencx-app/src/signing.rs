//! Signed tokens for the respondent page: a form carries a random token and its HMAC, so a
//! forged or altered form is recognised and refused. The secret is generated on first start and
//! kept in the database, so every server of one installation agrees on it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use opencx_store::Store;
use rand::RngCore;
use sha2::Sha256;

use crate::AppResult;

type HmacSha256 = Hmac<Sha256>;

/// Signs and checks respondent-page tokens.
#[derive(Clone)]
pub struct Signer {
    secret: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(<secret>)")
    }
}

/// Random URL-safe text of `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

impl Signer {
    /// Loads the installation's secret, creating it on first start.
    pub async fn load_or_create(store: &Store) -> AppResult<Signer> {
        let secret = store.init_setting("form_secret", &random_token(32)).await?;
        Ok(Signer {
            secret: secret.into_bytes(),
        })
    }

    /// A signer with a fixed secret (tests).
    pub fn with_secret(secret: &[u8]) -> Signer {
        Signer {
            secret: secret.to_vec(),
        }
    }

    fn mac(&self, purpose: &str, value: &str) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        mac
    }

    /// `value.signature` for this purpose.
    pub fn sign(&self, purpose: &str, value: &str) -> String {
        let signature = URL_SAFE_NO_PAD.encode(self.mac(purpose, value).finalize().into_bytes());
        format!("{value}.{signature}")
    }

    /// The value of a signed token, if its signature is right (checked in constant time).
    pub fn verify<'a>(&self, purpose: &str, signed: &'a str) -> Option<&'a str> {
        let (value, signature) = signed.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.mac(purpose, value).verify_slice(&signature).ok()?;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_hold_and_forgeries_fail() {
        let signer = Signer::with_secret(b"k");
        let token = signer.sign("respond", "abc");
        assert_eq!(signer.verify("respond", &token), Some("abc"));
        assert_eq!(signer.verify("other", &token), None);
        assert_eq!(signer.verify("respond", "abd.x"), None);
        assert_eq!(Signer::with_secret(b"j").verify("respond", &token), None);
        assert_eq!(signer.verify("respond", "nodot"), None);
    }
}
