//! Reading a bundle within a size limit: a file larger than the limit is
//! refused before it is read, a stream that grows past it (a pipe, a
//! device) is cut off, and an age-encrypted bundle is decrypted as a stream
//! into the same limit, so a hostile file never costs more memory than the
//! limit allows.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::OnceLock;

use super::SyncError;
use super::keys::{age_identity, has_age_identity};

/// Start of an age-encrypted file.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// The default limit: well above a 100 000-revision bundle (about 50 MB).
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

fn too_large(size: Option<u64>, max: u64) -> SyncError {
    SyncError::TooLarge { size, max }
}

/// Reads at most `max` bytes; `None` when there is more. `expected` is the
/// size when it is known (a file), so the bytes are held once, not in a
/// buffer grown by doubling.
pub(crate) fn read_capped(
    reader: impl Read,
    max: u64,
    expected: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::with_capacity(usize::try_from(expected.min(max)).unwrap_or(0));
    reader.take(max.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= max).then_some(out))
}

/// How the running program asks for a bundle's passphrase (none: it
/// cannot).
type Asker = Box<dyn Fn() -> Option<String> + Send + Sync>;

static BUNDLE_ASKER: OnceLock<Asker> = OnceLock::new();

/// Says how this process asks for the passphrase of a bundle encrypted
/// under one (a plan with rosters); the first call wins.
pub fn set_bundle_asker(ask: impl Fn() -> Option<String> + Send + Sync + 'static) {
    let _ = BUNDLE_ASKER.set(Box::new(ask));
}

/// Decrypts an age stream, into `max`: with the passphrase asked for when
/// it was encrypted under one, else with this installation's identity.
fn decrypt(data_dir: &Path, reader: impl BufRead, max: u64) -> Result<Vec<u8>, SyncError> {
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|_| SyncError::NotForUs)?;
    let plain = if decryptor.is_scrypt() {
        let passphrase = BUNDLE_ASKER
            .get()
            .and_then(|ask| ask())
            .ok_or(SyncError::NeedBundlePassphrase)?;
        let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase));
        decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|_| SyncError::WrongBundlePassphrase)?
    } else {
        if !has_age_identity(data_dir) {
            return Err(SyncError::NotForUs);
        }
        let identity = age_identity(data_dir)?;
        decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|_| SyncError::NotForUs)?
    };
    read_capped(plain, max, 0)
        .map_err(|_| SyncError::NotForUs)?
        .ok_or_else(|| too_large(None, max))
}

/// A bundle file's plain bytes (decrypted when it is encrypted).
pub fn bundle_file(data_dir: &Path, path: &Path, max: u64) -> Result<Vec<u8>, SyncError> {
    let file = std::fs::File::open(path).map_err(|e| SyncError::io(path, e))?;
    let size = file.metadata().map_err(|e| SyncError::io(path, e))?.len();
    if size > max {
        return Err(too_large(Some(size), max));
    }
    let mut reader = BufReader::new(file);
    let head = reader.fill_buf().map_err(|e| SyncError::io(path, e))?;
    if head.starts_with(AGE_MAGIC) {
        return decrypt(data_dir, reader, max);
    }
    read_capped(reader, max, size)
        .map_err(|e| SyncError::io(path, e))?
        .ok_or_else(|| too_large(None, max))
}

/// A bundle's plain bytes from memory (decrypted when it is encrypted).
pub fn bundle_bytes<'a>(
    data_dir: &Path,
    bytes: &'a [u8],
    max: u64,
) -> Result<Cow<'a, [u8]>, SyncError> {
    if bytes.len() as u64 > max {
        return Err(too_large(Some(bytes.len() as u64), max));
    }
    if bytes.starts_with(AGE_MAGIC) {
        return decrypt(data_dir, bytes, max).map(Cow::Owned);
    }
    Ok(Cow::Borrowed(bytes))
}
