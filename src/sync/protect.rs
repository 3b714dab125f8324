//! Keys at rest: `kaocha keys protect` puts the device key and HQ's age
//! identity under a passphrase (age's scrypt recipient), `keys unprotect`
//! takes them out again. A protected key is asked for once per process
//! (the CLI and the TUI say how to ask: `set_asker`) and never written in
//! clear; the public key stays readable in `keys/device.pub`, so showing the
//! fingerprint needs no passphrase.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use age::secrecy::{ExposeSecret, SecretString};

use super::SyncError;
use crate::store::fsutil;

/// The key files a passphrase protects.
const SECRET_FILES: [&str; 2] = ["device.key", "age.key"];
/// scrypt work factor (2^16: about 64 MiB and a fraction of a second).
const WORK_FACTOR: u8 = 16;
/// Highest work factor accepted when reading (a hostile file cannot make
/// start-up take minutes).
const MAX_WORK_FACTOR: u8 = 20;
/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 6;
/// Largest protected key file read.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// `keys/NAME` in a data dir.
pub(crate) fn key_path(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join("keys").join(name)
}

/// Writes a key file (owner-only, atomically).
pub(crate) fn write_key_file(path: &Path, text: &str) -> Result<(), SyncError> {
    if let Some(dir) = path.parent() {
        fsutil::create_private_dir(dir).map_err(|e| SyncError::io(path, e))?;
    }
    fsutil::write_atomic(path, format!("{text}\n").as_bytes()).map_err(|e| SyncError::io(path, e))
}

/// How the running program asks for the passphrase (none: it cannot).
type Asker = Box<dyn Fn() -> Option<String> + Send + Sync>;

static ASKER: OnceLock<Asker> = OnceLock::new();
/// The passphrase once it opened a key, and the secrets it opened, by file.
static UNLOCKED: Mutex<Unlocked> = Mutex::new(Unlocked {
    passphrase: None,
    secrets: BTreeMap::new(),
});

struct Unlocked {
    passphrase: Option<SecretString>,
    secrets: BTreeMap<PathBuf, SecretString>,
}

/// Says how this process asks for the passphrase (the first call wins).
pub fn set_asker(ask: impl Fn() -> Option<String> + Send + Sync + 'static) {
    let _ = ASKER.set(Box::new(ask));
}

/// `keys/NAME.age`: a key file under the passphrase.
pub(crate) fn protected_path(data_dir: &Path, name: &str) -> PathBuf {
    key_path(data_dir, &format!("{name}.age"))
}

/// Whether a key file is still in clear (something left to protect).
pub fn has_plain_keys(data_dir: &Path) -> bool {
    SECRET_FILES
        .iter()
        .any(|name| key_path(data_dir, name).exists())
}

/// Whether this installation's device key is under a passphrase.
pub fn is_protected(data_dir: &Path) -> bool {
    protected_path(data_dir, "device.key").exists()
}

fn read_key_file(path: &Path) -> Result<Vec<u8>, SyncError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| SyncError::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SyncError::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SyncError::Key(path.display().to_string()));
    }
    Ok(bytes)
}

fn decrypt(bytes: &[u8], passphrase: &SecretString) -> Option<String> {
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let plain = age::decrypt(&identity, bytes).ok()?;
    String::from_utf8(plain).ok().map(|s| s.trim().to_string())
}

/// The secret text of a protected key file, `None` when it is not
/// protected. Asks for the passphrase at most once per process.
pub(crate) fn read_protected(data_dir: &Path, name: &str) -> Result<Option<String>, SyncError> {
    let path = protected_path(data_dir, name);
    if !path.exists() {
        return Ok(None);
    }
    let mut unlocked = UNLOCKED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(secret) = unlocked.secrets.get(&path) {
        return Ok(Some(secret.expose_secret().to_string()));
    }
    let bytes = read_key_file(&path)?;
    let passphrase = match &unlocked.passphrase {
        Some(p) => p.clone(),
        None => {
            let typed = ASKER
                .get()
                .and_then(|ask| ask())
                .ok_or(SyncError::NeedPassphrase)?;
            SecretString::from(typed)
        }
    };
    let text = decrypt(&bytes, &passphrase).ok_or(SyncError::WrongPassphrase)?;
    unlocked.passphrase = Some(passphrase);
    unlocked
        .secrets
        .insert(path, SecretString::from(text.clone()));
    Ok(Some(text))
}

/// Refuses a passphrase too short to protect anything.
pub fn check_passphrase(passphrase: &str) -> Result<(), SyncError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SyncError::ShortPassphrase(MIN_PASSPHRASE_CHARS));
    }
    Ok(())
}

/// Encrypts the plain key files to `passphrase`, then removes the plain
/// ones (`keys::protect_keys` makes the device key first). Returns how many
/// files it protected.
pub fn protect(data_dir: &Path, passphrase: &str) -> Result<usize, SyncError> {
    check_passphrase(passphrase)?;
    let secret = SecretString::from(passphrase.to_string());
    let mut done = 0;
    for name in SECRET_FILES {
        let plain = key_path(data_dir, name);
        let text = match std::fs::read_to_string(&plain) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(SyncError::io(&plain, e)),
        };
        let mut recipient = age::scrypt::Recipient::new(secret.clone());
        recipient.set_work_factor(WORK_FACTOR);
        let sealed = age::encrypt(&recipient, text.trim().as_bytes())
            .map_err(|e| SyncError::Key(e.to_string()))?;
        let path = protected_path(data_dir, name);
        fsutil::write_atomic(&path, &sealed).map_err(|e| SyncError::io(&path, e))?;
        std::fs::remove_file(&plain).map_err(|e| SyncError::io(&plain, e))?;
        done += 1;
    }
    let dir = data_dir.join("keys");
    fsutil::sync_dir(&dir).map_err(|e| SyncError::io(&dir, e))?;
    let mut unlocked = UNLOCKED.lock().unwrap_or_else(PoisonError::into_inner);
    unlocked.passphrase = Some(secret);
    Ok(done)
}

/// `keys unprotect`: writes the protected key files back in clear (after
/// the passphrase opened them) and removes the protected ones.
pub fn unprotect(data_dir: &Path) -> Result<usize, SyncError> {
    let mut done = 0;
    for name in SECRET_FILES {
        let Some(text) = read_protected(data_dir, name)? else {
            continue;
        };
        write_key_file(&key_path(data_dir, name), &text)?;
        let path = protected_path(data_dir, name);
        std::fs::remove_file(&path).map_err(|e| SyncError::io(&path, e))?;
        done += 1;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::keys::DeviceKey;

    #[test]
    fn a_protected_key_is_never_on_disk_in_clear_and_opens_with_its_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let key = DeviceKey::load_or_create(dir.path()).unwrap();
        let plain = std::fs::read_to_string(key_path(dir.path(), "device.key")).unwrap();
        assert_eq!(protect(dir.path(), "长城长城长城").unwrap(), 1);
        assert!(!key_path(dir.path(), "device.key").exists());
        let sealed = std::fs::read(protected_path(dir.path(), "device.key")).unwrap();
        assert!(sealed.starts_with(b"age-encryption.org/"));
        let needle = plain.trim().as_bytes();
        assert!(!sealed.windows(needle.len()).any(|w| w == needle));
        // The right passphrase opens it, a wrong one does not.
        let right = SecretString::from("长城长城长城".to_string());
        let wrong = SecretString::from("长城长城长".to_string());
        assert_eq!(decrypt(&sealed, &right).as_deref(), Some(plain.trim()));
        assert_eq!(decrypt(&sealed, &wrong), None);
        assert!(is_protected(dir.path()));
        // This process unlocked it while protecting: the same key signs.
        let again = DeviceKey::load_or_create(dir.path()).unwrap();
        assert_eq!(again.public(), key.public());
        assert!(matches!(
            protect(dir.path(), "短"),
            Err(SyncError::ShortPassphrase(_))
        ));
    }
}
