//! The attachments folder: files of `photo` and `file` answers, stored by
//! content as `attachments/<first 2 hex>/<sha256>` in the data folder,
//! owner-only. A file is written once (the same content is the same file),
//! never modified afterwards, and made durable before the revision that
//! names it is saved: copied to a temp file in its folder, synced, renamed,
//! the folder synced. A crash before the revision leaves at most an
//! unreferenced file, which is harmless (`doctor` counts them).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::fsutil::{self, SyncFn, SyncPoint};
use crate::domain::attachment::{is_sha256, size_text};
use crate::i18n;

/// The folder of attachments, in the data folder.
pub const FOLDER: &str = "attachments";
/// Largest file accepted as an attachment.
pub const MAX_FILE_BYTES: u64 = 50 << 20;
/// Temp files start with this (never a hash).
const TEMP_PREFIX: &str = ".tmp-";

/// Why a file was not stored. Nothing the entry refers to changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AttachError {
    #[error("{}", i18n::at_not_found(.0))]
    NotFound(String),
    #[error("{}", i18n::at_not_a_file(.0))]
    NotAFile(String),
    #[error("{}", i18n::at_too_large(name, &size_text(*size), &size_text(*limit)))]
    TooLarge { name: String, size: u64, limit: u64 },
    #[error("{}", i18n::at_changed(.0))]
    Changed(String),
    #[error("{}", i18n::at_read_failed(name, why))]
    Read { name: String, why: String },
    #[error("{}", i18n::at_write_failed(.0))]
    Write(String),
}

/// Why `entry attach` attached nothing: a file refused, or the item,
/// the arguments or the count. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AttachRefused {
    #[error(transparent)]
    File(#[from] AttachError),
    #[error("{}", i18n::at_not_attachment_item(.0, .1))]
    NotAttachmentItem(String, String),
    #[error("{}", i18n::at_no_files())]
    NoFiles,
    #[error("{}", i18n::at_no_images(.0))]
    NoImages(String),
    #[error("{}", i18n::at_too_many(.0, *.1))]
    TooMany(String, usize),
    /// The attachment changed or removed is no longer in the item (the
    /// label of the item).
    #[error("{}", i18n::at_not_in_item(.0))]
    NotInItem(String),
}

/// A file as stored: its hash and size, and whether this call wrote it
/// (false: the same content was already there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    pub written: bool,
}

/// Where the file of `sha` is kept (`None` when `sha` is not a hash).
pub fn path_of(data_dir: &Path, sha: &str) -> Option<PathBuf> {
    if !is_sha256(sha) {
        return None;
    }
    Some(data_dir.join(FOLDER).join(&sha[..2]).join(sha))
}

/// Checks a file before anything is written: it exists, is a regular file
/// and is at most `limit` bytes. Returns its size. `name` is how messages
/// name it (already cleaned of control characters).
pub fn check_source(src: &Path, name: &str, limit: u64) -> Result<u64, AttachError> {
    let meta = fs::metadata(src).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AttachError::NotFound(name.to_string()),
        _ => read_error(name, &e),
    })?;
    if !meta.is_file() {
        return Err(AttachError::NotAFile(name.to_string()));
    }
    if meta.len() > limit {
        return Err(AttachError::TooLarge {
            name: name.to_string(),
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
}

fn read_error(name: &str, e: &std::io::Error) -> AttachError {
    AttachError::Read {
        name: name.to_string(),
        why: e.to_string(),
    }
}

fn write_error(e: std::io::Error) -> AttachError {
    AttachError::Write(e.to_string())
}

/// SHA-256 and length of what `reader` gives, copying it to `out` as it
/// goes; stops as soon as more than `limit` bytes came (the length is
/// then `limit + 1`).
fn digest(
    mut reader: impl Read,
    mut out: Option<&mut dyn Write>,
    limit: u64,
) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 << 10];
    let mut total: u64 = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        total = total.saturating_add(n as u64);
        if total > limit {
            return Ok((String::new(), limit.saturating_add(1)));
        }
        hasher.update(chunk);
        if let Some(f) = out.as_deref_mut() {
            f.write_all(chunk)?;
        }
    }
    Ok((hex(&hasher.finalize()), total))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies what `reader` gives to `out`, returning its SHA-256 and length;
/// stops as soon as more than `limit` bytes came (the length is then
/// `limit + 1`, the hash empty). Memory: one buffer, whatever the size.
pub fn copy_hashed(
    reader: impl Read,
    out: &mut dyn Write,
    limit: u64,
) -> std::io::Result<(String, u64)> {
    digest(reader, Some(out), limit)
}

/// SHA-256 and length of a file, reading at most `limit + 1` bytes.
pub fn hash_file(path: &Path, limit: u64) -> std::io::Result<(String, u64)> {
    digest(File::open(path)?, None, limit)
}

/// Stores a copy of `src` (the original is only read) and returns its
/// hash. Refused before anything is written when it is missing, not a
/// file, or over `limit`. When a file of that content is already kept (and
/// whole: hashed again), nothing is written. Otherwise: a temp file in the target's
/// folder, synced, renamed to the hash, the folder synced; only then does
/// this return.
pub fn put(
    data_dir: &Path,
    src: &Path,
    name: &str,
    limit: u64,
    sync: SyncFn,
) -> Result<Stored, AttachError> {
    check_source(src, name, limit)?;
    let too_large = |size| AttachError::TooLarge {
        name: name.to_string(),
        size,
        limit,
    };
    let (sha, size) = hash_file(src, limit).map_err(|e| read_error(name, &e))?;
    if size > limit {
        return Err(too_large(size));
    }
    let target = path_of(data_dir, &sha).ok_or_else(|| AttachError::Changed(name.to_string()))?;
    // Kept already: written once. A kept file found altered is replaced.
    if fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == size)
        && hash_file(&target, limit).is_ok_and(|(got, _)| got == sha)
    {
        return Ok(Stored {
            sha256: sha,
            size,
            written: false,
        });
    }
    let folder = target
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| AttachError::Write(target.display().to_string()))?;
    make_folder(data_dir, &folder, sync).map_err(write_error)?;
    let tmp = folder.join(format!("{TEMP_PREFIX}{sha}-{}", std::process::id()));
    let copied = (|| {
        let mut out = create_private(&tmp).map_err(write_error)?;
        let source = File::open(src).map_err(|e| read_error(name, &e))?;
        let (again, n) =
            digest(source, Some(&mut out as &mut dyn Write), limit).map_err(write_error)?;
        if n > limit {
            return Err(too_large(n));
        }
        if again != sha || n != size {
            return Err(AttachError::Changed(name.to_string()));
        }
        sync(SyncPoint::Attachment, &out).map_err(write_error)?;
        drop(out);
        fs::rename(&tmp, &target).map_err(write_error)?;
        fsutil::sync_dir_with(&folder, sync).map_err(write_error)
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(Stored {
        sha256: sha,
        size,
        written: true,
    })
}

/// A file received from a bundle: written to a temp file in the folder of
/// its hash and synced, not yet under its hash. `install` puts it there;
/// dropped without that, the temp file is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    installed: bool,
}

/// Why a received file was not kept.
#[derive(Debug)]
pub enum Received {
    /// The stream ended before the file's size.
    Short,
    /// The bytes are not what the hash names.
    Mismatch,
    /// Writing it failed (disk full, permissions).
    Write(std::io::Error),
}

/// Reads exactly `size` bytes of `reader`, checking they hash to `sha`.
/// With `keep`, they are written to a temp file beside where `sha` is
/// kept, synced, and returned staged; without it (a dry run, or a file
/// kept already), only checked. Nothing is ever put under the hash here.
pub fn receive(
    data_dir: &Path,
    sha: &str,
    size: u64,
    reader: &mut dyn Read,
    keep: bool,
    sync: SyncFn,
) -> Result<Option<Staged>, Received> {
    let target = path_of(data_dir, sha).ok_or(Received::Mismatch)?;
    let mut limited = reader.take(size);
    if !keep {
        let (got, n) = digest(&mut limited, None, size).map_err(Received::Write)?;
        return match (n == size, got == sha) {
            (false, _) => Err(Received::Short),
            (true, false) => Err(Received::Mismatch),
            (true, true) => Ok(None),
        };
    }
    let folder = target
        .parent()
        .map(Path::to_path_buf)
        .ok_or(Received::Mismatch)?;
    make_folder(data_dir, &folder, sync).map_err(Received::Write)?;
    let staged = Staged {
        tmp: folder.join(format!("{TEMP_PREFIX}in-{sha}-{}", std::process::id())),
        target,
        installed: false,
    };
    let mut out = create_private(&staged.tmp).map_err(Received::Write)?;
    let (got, n) =
        digest(&mut limited, Some(&mut out as &mut dyn Write), size).map_err(Received::Write)?;
    if n != size {
        return Err(Received::Short);
    }
    if got != sha {
        return Err(Received::Mismatch);
    }
    sync(SyncPoint::Attachment, &out).map_err(Received::Write)?;
    Ok(Some(staged))
}

impl Staged {
    /// Puts the file under its hash and syncs its folder.
    pub fn install(mut self, sync: SyncFn) -> std::io::Result<()> {
        fs::rename(&self.tmp, &self.target)?;
        self.installed = true;
        match self.target.parent() {
            Some(folder) => fsutil::sync_dir_with(folder, sync),
            None => Ok(()),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.installed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Creates the folder of a hash (and the attachments folder), owner-only,
/// syncing the parent of each one created.
fn make_folder(data_dir: &Path, folder: &Path, sync: SyncFn) -> std::io::Result<()> {
    let top = data_dir.join(FOLDER);
    let new_top = !top.is_dir();
    let new_folder = !folder.is_dir();
    fsutil::create_private_dir(folder)?;
    if new_top {
        fsutil::sync_dir_with(data_dir, sync)?;
    }
    if new_folder {
        fsutil::sync_dir_with(&top, sync)?;
    }
    Ok(())
}

/// Whether the file of `sha` is kept here with `size` bytes (its size only:
/// the cheap check an export or import makes; `check` hashes it).
pub fn is_kept(data_dir: &Path, sha: &str, size: u64) -> bool {
    path_of(data_dir, sha)
        .and_then(|p| fs::metadata(p).ok())
        .is_some_and(|m| m.is_file() && m.len() == size)
}

/// A new file, owner-only; refused when the name exists.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// What is found of a referenced file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// There, with the content its hash names.
    Whole,
    Missing,
    /// There, but its content is not what its hash names.
    Altered,
}

/// Checks the file of `sha`: there and whole, missing, or altered.
pub fn check(data_dir: &Path, sha: &str) -> Found {
    let Some(path) = path_of(data_dir, sha) else {
        return Found::Missing;
    };
    match hash_file(&path, u64::MAX) {
        Ok((got, _)) if got == sha => Found::Whole,
        Ok(_) => Found::Altered,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::Missing,
        Err(_) => Found::Altered,
    }
}

/// Every file in the attachments folder, by name (hashes, and temp files
/// a crash left), for counting the ones nothing refers to.
pub fn kept_files(data_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(tops) = fs::read_dir(data_dir.join(FOLDER)) else {
        return out;
    };
    for top in tops.flatten() {
        let Ok(files) = fs::read_dir(top.path()) else {
            continue;
        };
        for f in files.flatten() {
            if f.file_type().is_ok_and(|t| t.is_file()) {
                out.push(f.file_name().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA_ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn source(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn a_file_is_kept_under_its_hash_once() {
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let src = source(files.path(), "a.jpg", b"abc");
        let first = put(data.path(), &src, "a.jpg", 10, fsutil::real_sync).unwrap();
        assert_eq!(
            first,
            Stored {
                sha256: SHA_ABC.into(),
                size: 3,
                written: true
            }
        );
        let kept = data.path().join("attachments/ba").join(SHA_ABC);
        assert_eq!(fs::read(&kept).unwrap(), b"abc");
        let copy = source(files.path(), "b.jpg", b"abc");
        let second = put(data.path(), &copy, "b.jpg", 10, fsutil::real_sync).unwrap();
        assert!(!second.written);
        assert_eq!(kept_files(data.path()), vec![SHA_ABC.to_string()]);
        assert_eq!(fs::read(&src).unwrap(), b"abc");
        assert_eq!(check(data.path(), SHA_ABC), Found::Whole);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&kept), 0o600);
            assert_eq!(mode(kept.parent().unwrap()), 0o700);
            assert_eq!(mode(&data.path().join("attachments")), 0o700);
        }
    }

    #[test]
    fn too_large_or_missing_files_write_nothing() {
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let src = source(files.path(), "big.pdf", b"abcd");
        assert_eq!(
            put(data.path(), &src, "big.pdf", 3, fsutil::real_sync),
            Err(AttachError::TooLarge {
                name: "big.pdf".into(),
                size: 4,
                limit: 3
            })
        );
        assert_eq!(
            put(
                data.path(),
                &files.path().join("no"),
                "no",
                3,
                fsutil::real_sync
            ),
            Err(AttachError::NotFound("no".into()))
        );
        assert_eq!(
            put(data.path(), files.path(), "dir", 3, fsutil::real_sync),
            Err(AttachError::NotAFile("dir".into()))
        );
        assert!(!data.path().join(FOLDER).exists());
    }

    #[test]
    fn a_failed_sync_leaves_no_file_under_the_hash() {
        fn failing(point: SyncPoint, f: &File) -> std::io::Result<()> {
            match point {
                SyncPoint::Attachment => Err(std::io::Error::other("disk full")),
                _ => fsutil::real_sync(point, f),
            }
        }
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let src = source(files.path(), "a.jpg", b"abc");
        let got = put(data.path(), &src, "a.jpg", 10, failing);
        assert_eq!(got, Err(AttachError::Write("disk full".into())));
        assert_eq!(kept_files(data.path()), Vec::<String>::new());
        assert_eq!(check(data.path(), SHA_ABC), Found::Missing);
    }

    #[test]
    fn an_altered_file_is_found_and_replaced_by_a_whole_one() {
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let src = source(files.path(), "a.jpg", b"abc");
        put(data.path(), &src, "a.jpg", 10, fsutil::real_sync).unwrap();
        let kept = path_of(data.path(), SHA_ABC).unwrap();
        fs::write(&kept, b"abd").unwrap();
        assert_eq!(check(data.path(), SHA_ABC), Found::Altered);
        let again = put(data.path(), &src, "a.jpg", 10, fsutil::real_sync).unwrap();
        assert!(again.written);
        assert_eq!(check(data.path(), SHA_ABC), Found::Whole);
        assert_eq!(path_of(data.path(), "../x"), None);
    }
}
