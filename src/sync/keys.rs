//! Keys: this installation's ed25519 signing key and HQ's age encryption
//! identity (each made on first use, owner-only, optionally under a
//! passphrase: see `protect`), fingerprints, and device certificates (a
//! key's signed statement of the device id it signs for, so that a team
//! leader can relay a member's revisions).

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SyncError;
use super::protect::{self, key_path, write_key_file};

/// This installation's signing key.
pub struct DeviceKey {
    signing: SigningKey,
}

/// The secret text of a key file: plain, else under the passphrase, else
/// made now by `make` (and written plain: `keys protect` covers it later).
fn read_or_create(
    data_dir: &Path,
    name: &str,
    make: impl FnOnce() -> Result<String, SyncError>,
) -> Result<String, SyncError> {
    let path = key_path(data_dir, name);
    match std::fs::read_to_string(&path) {
        Ok(text) => return Ok(text.trim().to_string()),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(SyncError::io(&path, e)),
        Err(_) => {}
    }
    if let Some(text) = protect::read_protected(data_dir, name)? {
        return Ok(text);
    }
    let text = make()?;
    write_key_file(&path, &text)?;
    Ok(text)
}

/// `keys protect`: makes the device key if there is none (so that it is
/// never written in clear later), then puts every key file under
/// `passphrase`. Returns how many files it protected.
pub fn protect_keys(data_dir: &Path, passphrase: &str) -> Result<usize, SyncError> {
    protect::check_passphrase(passphrase)?;
    DeviceKey::load_or_create(data_dir)?;
    protect::protect(data_dir, passphrase)
}

impl DeviceKey {
    /// `keys/device.key` in the data dir, made on first use (asks for the
    /// passphrase once per process when the key is protected).
    pub fn load_or_create(data_dir: &Path) -> Result<DeviceKey, SyncError> {
        let text = read_or_create(data_dir, "device.key", || {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| SyncError::Key(e.to_string()))?;
            Ok(B64.encode(secret))
        })?;
        let bytes: [u8; 32] = B64
            .decode(text.as_bytes())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                SyncError::Key(key_path(data_dir, "device.key").display().to_string())
            })?;
        let key = DeviceKey {
            signing: SigningKey::from_bytes(&bytes),
        };
        let public = key_path(data_dir, "device.pub");
        if !public.exists() {
            write_key_file(&public, &key.public())?;
        }
        Ok(key)
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

    /// This key's certificate for a device id.
    pub fn cert(&self, device: &str) -> DeviceCert {
        DeviceCert {
            device: device.to_string(),
            key: self.public(),
            signature: self.sign(&DeviceCert::statement(device)),
        }
    }
}

/// This installation's public key without its secret (no passphrase
/// needed once `device.pub` exists; made with the key otherwise).
pub fn own_public(data_dir: &Path) -> Result<String, SyncError> {
    let path = key_path(data_dir, "device.pub");
    match std::fs::read_to_string(&path) {
        Ok(text) if parse_key(text.trim()).is_some() => Ok(text.trim().to_string()),
        _ => Ok(DeviceKey::load_or_create(data_dir)?.public()),
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
    let text = read_or_create(data_dir, "age.key", || {
        Ok(age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string())
    })?;
    text.parse()
        .map_err(|_| SyncError::Key(key_path(data_dir, "age.key").display().to_string()))
}

/// Whether this installation has an age identity (plain or protected).
pub fn has_age_identity(data_dir: &Path) -> bool {
    key_path(data_dir, "age.key").exists() || protect::protected_path(data_dir, "age.key").exists()
}

/// A key's signed statement that it signs for a device id. Results
/// bundles carry the certificates of the devices whose revisions they
/// hold, so the receiver can check each author against its enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceCert {
    pub device: String,
    pub key: String,
    pub signature: String,
}

impl DeviceCert {
    fn statement(device: &str) -> Vec<u8> {
        format!("kaocha-device\n{device}").into_bytes()
    }

    /// Whether the key really signed this device id.
    pub fn verifies(&self) -> bool {
        verify(&self.key, &Self::statement(&self.device), &self.signature)
    }

    /// The certifying key's fingerprint.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_verifies_only_for_its_device_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = DeviceKey::load_or_create(dir.path()).unwrap();
        let cert = key.cert("dev-1");
        assert!(cert.verifies());
        let mut other = cert.clone();
        other.device = "dev-2".into();
        assert!(!other.verifies());
        let dir2 = tempfile::tempdir().unwrap();
        let stranger = DeviceKey::load_or_create(dir2.path()).unwrap();
        let mut swapped = cert.clone();
        swapped.key = stranger.public();
        assert!(!swapped.verifies());
        assert_eq!(own_public(dir.path()).unwrap(), key.public());
    }

    #[test]
    fn fingerprints_read_in_groups() {
        assert_eq!(
            crate::domain::ids::spoken_fingerprint("3f2a-91c0-77de-0b14"),
            "3f2a 91c0 77de 0b14"
        );
        assert_eq!(
            normalize_fingerprint("3F2A 91C0-77de0b14"),
            "3f2a-91c0-77de-0b14"
        );
    }
}
