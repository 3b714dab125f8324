//! Keys: this installation's ed25519 signing key (created on first use,
//! owner-only file), HQ's age encryption identity, fingerprints, and the
//! list of trusted keys (journaled settings, so a rebuild keeps them).

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SyncError;
use crate::store::{Store, fsutil};

/// Prefix of trust settings (`trust:<fingerprint>`).
const TRUST: &str = "trust:";

/// This installation's signing key.
pub struct DeviceKey {
    signing: SigningKey,
}

fn read_or_create(
    path: &Path,
    make: impl FnOnce() -> Result<String, SyncError>,
) -> Result<String, SyncError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.trim().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let text = make()?;
            if let Some(dir) = path.parent() {
                fsutil::create_private_dir(dir).map_err(|e| SyncError::io(path, e))?;
            }
            fsutil::write_atomic(path, format!("{text}\n").as_bytes())
                .map_err(|e| SyncError::io(path, e))?;
            Ok(text)
        }
        Err(e) => Err(SyncError::io(path, e)),
    }
}

impl DeviceKey {
    /// `keys/device.key` in the data dir, made on first use.
    pub fn load_or_create(data_dir: &Path) -> Result<DeviceKey, SyncError> {
        let path = data_dir.join("keys").join("device.key");
        let text = read_or_create(&path, || {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| SyncError::Key(e.to_string()))?;
            Ok(B64.encode(secret))
        })?;
        let bytes: [u8; 32] = B64
            .decode(text.as_bytes())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| SyncError::Key(path.display().to_string()))?;
        Ok(DeviceKey {
            signing: SigningKey::from_bytes(&bytes),
        })
    }

    /// `ed25519:<base64>` of the public key.
    pub fn public(&self) -> String {
        format!(
            "ed25519:{}",
            B64.encode(self.signing.verifying_key().as_bytes())
        )
    }

    /// The public key's fingerprint.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public())
    }

    /// `ed25519:<base64>` signature of `bytes`.
    pub fn sign(&self, bytes: &[u8]) -> String {
        format!(
            "ed25519:{}",
            B64.encode(self.signing.sign(bytes).to_bytes())
        )
    }
}

fn parse_key(key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64
        .decode(key.strip_prefix("ed25519:")?)
        .ok()?
        .try_into()
        .ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Whether `signature` is `key`'s signature of `bytes`.
pub fn verify(key: &str, bytes: &[u8], signature: &str) -> bool {
    let Some(vk) = parse_key(key) else {
        return false;
    };
    let sig: Option<[u8; 64]> = signature
        .strip_prefix("ed25519:")
        .and_then(|s| B64.decode(s).ok())
        .and_then(|b| b.try_into().ok());
    sig.is_some_and(|s| vk.verify(bytes, &Signature::from_bytes(&s)).is_ok())
}

/// A short, readable fingerprint of a public key: 16 hex digits in four
/// groups (`3f2a-91c0-…`), from its SHA-256.
pub fn fingerprint(key: &str) -> String {
    let digest = Sha256::digest(key.trim().as_bytes());
    let hex = format!("{digest:x}");
    let short = hex.get(..16).unwrap_or(&hex);
    short
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A fingerprint as typed (case, spaces, missing dashes forgiven).
pub fn normalize_fingerprint(s: &str) -> String {
    let hex: String = s
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// HQ's age identity (`keys/age.key`), made on first use.
pub fn age_identity(data_dir: &Path) -> Result<age::x25519::Identity, SyncError> {
    use age::secrecy::ExposeSecret;
    let path = data_dir.join("keys").join("age.key");
    let text = read_or_create(&path, || {
        Ok(age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string())
    })?;
    text.parse()
        .map_err(|_| SyncError::Key(path.display().to_string()))
}

/// A key that is trusted (or was, until revoked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trusted {
    pub fingerprint: String,
    /// The key itself, once a bundle signed by it was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default)]
    pub label: String,
    /// `hq` (signs plans) or `device` (signs results).
    pub role: String,
    #[serde(default)]
    pub revoked: bool,
}

/// Every trusted (and revoked) key.
pub fn trusted(store: &Store) -> Result<Vec<Trusted>, SyncError> {
    Ok(store
        .settings_with_prefix(TRUST)?
        .into_iter()
        .filter_map(|(_, v)| serde_json::from_value(v).ok())
        .collect())
}

/// The trust entry of a fingerprint, if any.
pub fn trust_of(store: &Store, fingerprint: &str) -> Result<Option<Trusted>, SyncError> {
    Ok(store
        .setting(&format!("{TRUST}{fingerprint}"))?
        .and_then(|v| serde_json::from_value(v).ok()))
}

/// Trusts the key with a fingerprint (as typed: case and dashes forgiven),
/// keeping what is known of it; returns the fingerprint as stored.
pub fn trust_fingerprint(
    store: &Store,
    typed: &str,
    label: Option<&str>,
) -> Result<String, SyncError> {
    let fp = normalize_fingerprint(typed);
    if fp.len() != 19 {
        return Err(SyncError::BadFingerprint(typed.to_string()));
    }
    let old = trust_of(store, &fp)?;
    let t = Trusted {
        fingerprint: fp.clone(),
        key: old.as_ref().and_then(|o| o.key.clone()),
        label: label
            .map(str::to_string)
            .or(old.as_ref().map(|o| o.label.clone()))
            .unwrap_or_default(),
        role: old.map_or_else(|| "device".to_string(), |o| o.role),
        revoked: false,
    };
    store.commit(&[trust_record(&t)])?;
    Ok(fp)
}

/// The setting record that trusts (or updates) a key.
pub fn trust_record(t: &Trusted) -> crate::store::journal::Record {
    crate::store::journal::Record::Meta {
        key: format!("{TRUST}{}", t.fingerprint),
        value: serde_json::to_value(t).unwrap_or_default(),
    }
}
