//! Reading a bundle within a size limit: a file larger than the limit is
//! refused before it is read, a stream that grows past it (a pipe, a
//! device) is cut off, and an age-encrypted bundle is decrypted as a stream
//! into the same limit, so a hostile file never costs more memory than the
//! limit allows. A bundle whose files follow its envelope (version 2 or 4) is
//! split: the envelope line within the limit, and the files as a stream
//! (`sync::files` checks each against its signed hash and size).

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::OnceLock;

use super::SyncError;
use super::bundle;
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

/// A bundle as read: its envelope's bytes, and the stream of files that
/// follows them (empty but for a bundle of version 2 or 4).
pub struct Opened<'a> {
    pub head: Cow<'a, [u8]>,
    pub rest: Box<dyn Read + 'a>,
}

/// How `bundle::write` begins a bundle: its format, then its version (one
/// digit) and a comma.
const WRITTEN: &[u8] = b"{\"format\":\"kaocha-bundle\",\"version\":";
/// Bytes enough to read that beginning.
const PREFIX_LEN: usize = WRITTEN.len() + 2;

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The version a file's first bytes name (after a BOM), when they begin
/// as `bundle::write` begins a bundle.
pub(crate) fn written_version(start: &[u8]) -> Option<u32> {
    let body = start.strip_prefix(BOM).unwrap_or(start);
    match body.strip_prefix(WRITTEN)? {
        [d @ b'0'..=b'9', b',', ..] => Some(u32::from(d - b'0')),
        _ => None,
    }
}

/// Whether a file's first bytes are those of a bundle with files (versions
/// 2 and 4): any other file is read whole, within the limit.
fn with_files(body: &[u8]) -> bool {
    matches!(
        written_version(body),
        Some(bundle::LEGACY_FILES | bundle::VERSION_FILES)
    )
}

/// Splits a plain stream: a bundle with files into its envelope line
/// (within `max`) and the rest; any other bundle read whole within `max`.
/// `size` is the stream's size when known: over `max`, only a bundle with
/// files is read on.
fn split<'a>(
    mut reader: impl BufRead + 'a,
    max: u64,
    size: Option<u64>,
) -> std::io::Result<Result<Opened<'a>, SyncError>> {
    let mut probe = Vec::new();
    (&mut reader)
        .take((BOM.len() + PREFIX_LEN) as u64)
        .read_to_end(&mut probe)?;
    let body = probe.strip_prefix(BOM).unwrap_or(&probe);
    let with_files = with_files(body);
    let mut whole = Cursor::new(probe).chain(reader);
    if !with_files {
        if let Some(size) = size.filter(|s| *s > max) {
            return Ok(Err(too_large(Some(size), max)));
        }
        return Ok(read_capped(whole, max, size.unwrap_or(0))?
            .map(|head| Opened {
                head: Cow::Owned(head),
                rest: Box::new(std::io::empty()),
            })
            .ok_or_else(|| too_large(None, max)));
    }
    let mut head = Vec::new();
    (&mut whole)
        .take(max.saturating_add(1))
        .read_until(b'\n', &mut head)?;
    if head.len() as u64 > max {
        return Ok(Err(too_large(None, max)));
    }
    Ok(Ok(Opened {
        head: Cow::Owned(head),
        rest: Box::new(whole),
    }))
}

/// Decrypts an age stream: with the passphrase asked for when it was
/// encrypted under one, else with this installation's identity. `size` is
/// the encrypted file's: over `max`, a file that does not decrypt to a
/// bundle with files is refused as too large.
fn decrypt<'a>(
    data_dir: &Path,
    reader: impl BufRead + 'a,
    max: u64,
    size: u64,
) -> Result<Opened<'a>, SyncError> {
    let over = |e: SyncError| {
        if size > max {
            too_large(Some(size), max)
        } else {
            e
        }
    };
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|_| over(SyncError::NotForUs))?;
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
            return Err(over(SyncError::NotForUs));
        }
        let identity = age_identity(data_dir)?;
        decryptor
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|_| over(SyncError::NotForUs))?
    };
    split(BufReader::with_capacity(1 << 20, plain), max, Some(size))
        .map_err(|_| over(SyncError::NotForUs))?
        .map_err(|e| match e {
            SyncError::TooLarge { .. } => too_large(None, max),
            e => e,
        })
}

/// Opens a bundle file: its envelope and the files that follow (decrypted
/// as a stream when it is encrypted).
pub fn bundle_file(data_dir: &Path, path: &Path, max: u64) -> Result<Opened<'static>, SyncError> {
    let file = std::fs::File::open(path).map_err(|e| SyncError::io(path, e))?;
    let size = file.metadata().map_err(|e| SyncError::io(path, e))?.len();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let head = reader.fill_buf().map_err(|e| SyncError::io(path, e))?;
    if head.starts_with(AGE_MAGIC) {
        return decrypt(data_dir, reader, max, size);
    }
    split(reader, max, Some(size)).map_err(|e| SyncError::io(path, e))?
}

/// A bundle from memory (decrypted when it is encrypted).
pub fn bundle_bytes<'a>(
    data_dir: &Path,
    bytes: &'a [u8],
    max: u64,
) -> Result<Opened<'a>, SyncError> {
    let size = bytes.len() as u64;
    if bytes.starts_with(AGE_MAGIC) {
        return decrypt(data_dir, bytes, max, size);
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let cut = with_files(body)
        .then(|| bytes.iter().position(|b| *b == b'\n'))
        .flatten();
    let (head, rest) = match cut {
        Some(nl) => bytes.split_at(nl + 1),
        None => (bytes, &[][..]),
    };
    if head.len() as u64 > max {
        return Err(too_large((cut.is_none()).then_some(size), max));
    }
    Ok(Opened {
        head: Cow::Borrowed(head),
        rest: Box::new(rest),
    })
}
