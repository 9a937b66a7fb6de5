//! Workspace API keys: `ocx_<prefix>_<secret>`, shown once, stored as an argon2 hash of the
//! secret. The prefix finds the row; argon2 proves the secret. A successful check is remembered
//! in memory (by a SHA-256 of the whole key) for a minute, so that an integration making many
//! calls pays for argon2 once, not per request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use opencx_store::StoreError;
use sha2::{Digest, Sha256};

use crate::signing::random_token;
use crate::{App, AppError, AppResult};

/// How long a verified key is trusted without asking the database again (revocations take
/// effect on other servers within this time; on this server at once).
const TRUST_MS: i64 = 60_000;

/// What a valid API key grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiPrincipal {
    pub key_id: i64,
    pub workspace_id: i64,
}

/// A verified key's grant and when it was checked, by SHA-256 of the presented key.
type Verified = HashMap<[u8; 32], (ApiPrincipal, i64)>;

/// Verified keys, by SHA-256 of the presented key.
#[derive(Clone, Default)]
pub struct KeyCache {
    verified: Arc<RwLock<Verified>>,
}

/// A newly created key: the full key is shown to the user once and never stored.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub id: i64,
    pub workspace_id: i64,
    pub key: String,
}

fn hash_secret(secret: &str) -> AppResult<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(secret.as_bytes())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))?;
    Ok(hash.to_string())
}

impl App {
    /// Creates an API key for a workspace.
    pub async fn create_api_key(&self, workspace_id: i64, name: &str) -> AppResult<NewApiKey> {
        let prefix = random_token(9).replace(['-', '_'], "x");
        let secret = random_token(24);
        let hash = hash_secret(&secret)?;
        let row = self
            .store
            .insert_api_key(workspace_id, name, &prefix, &hash, self.now())
            .await?;
        Ok(NewApiKey {
            id: row.id,
            workspace_id,
            key: format!("ocx_{prefix}_{secret}"),
        })
    }

    /// Checks a presented key; unknown, malformed, wrong and revoked keys are all refused alike.
    pub async fn authenticate_api_key(&self, presented: &str) -> AppResult<ApiPrincipal> {
        let refused = || AppError::Unauthorized("the API key is not valid".into());
        let fingerprint: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let now = self.now();
        if let Some((principal, checked_at)) = self
            .keys
            .verified
            .read()
            .ok()
            .and_then(|m| m.get(&fingerprint).copied())
            && now - checked_at < TRUST_MS
        {
            return Ok(principal);
        }
        let rest = presented.strip_prefix("ocx_").ok_or_else(refused)?;
        let (prefix, secret) = rest.split_once('_').ok_or_else(refused)?;
        if prefix.len() != 12 || secret.is_empty() || secret.len() > 64 {
            return Err(refused());
        }
        let row = match self.store.find_api_key(prefix).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return Err(refused()),
            Err(e) => return Err(e.into()),
        };
        if row.revoked_at.is_some() {
            return Err(refused());
        }
        let hash = PasswordHash::new(&row.secret_hash)
            .map_err(|e| AppError::Internal(format!("stored key hash: {e}")))?;
        // argon2 is deliberately slow; keep it off the async worker threads.
        let secret = secret.to_owned();
        let hash_string = hash.to_string();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash_string).is_ok_and(|h| {
                Argon2::default()
                    .verify_password(secret.as_bytes(), &h)
                    .is_ok()
            })
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        if !ok {
            return Err(refused());
        }
        let principal = ApiPrincipal {
            key_id: row.id,
            workspace_id: row.workspace_id,
        };
        if let Ok(mut map) = self.keys.verified.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(fingerprint, (principal, now));
        }
        Ok(principal)
    }

    /// Revokes a key; effective at once on this server.
    pub async fn revoke_api_key(&self, workspace_id: i64, key_id: i64) -> AppResult<()> {
        self.store
            .revoke_api_key(workspace_id, key_id, self.now())
            .await?;
        if let Ok(mut map) = self.keys.verified.write() {
            map.retain(|_, (p, _)| p.key_id != key_id);
        }
        Ok(())
    }
}
