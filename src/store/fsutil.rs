//! Owner-only folders and files, and folder fsync, the same on every system
//! (Unix permissions are set only on Unix).

use std::fs::{self, File, OpenOptions};
use std::path::Path;

/// Creates a folder (and its parents) readable only by its owner.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes every file and folder this process creates from now on owner-only
/// (umask 077): sled creates its own files, with the process's umask. A
/// no-op where the system has no umask.
pub fn owner_only_from_now() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file creation mask; it cannot
    // fail and touches no memory.
    unsafe {
        libc::umask(0o077);
    }
}

/// Takes group and other permissions off a folder and, of its entries,
/// those `ours` names (with everything in them): what an earlier build, or
/// sled before the umask, left readable. Other entries are left alone (a
/// data dir may be a folder of the user's).
pub fn tighten(dir: &Path, ours: impl Fn(&str) -> bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d)? {
                let entry = entry?;
                let meta = entry.file_type()?;
                let top = d == dir;
                if meta.is_symlink() || (top && !ours(&entry.file_name().to_string_lossy())) {
                    continue;
                }
                let path = entry.path();
                let mode = fs::metadata(&path)?.permissions().mode();
                if mode & 0o077 != 0 {
                    fs::set_permissions(&path, fs::Permissions::from_mode(mode & 0o700))?;
                }
                if meta.is_dir() {
                    stack.push(path);
                }
            }
        }
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, ours);
    }
    Ok(())
}

/// Reads exactly `buf.len()` bytes at `offset` of `file`, without moving
/// a reader's position (`pread`; on Windows its file pointer moves, which
/// callers that share the handle must not rely on).
pub fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let at = offset + done as u64;
            match std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}

/// Opens (creating) a file for reading and writing, owner-only when created.
pub fn open_private(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Which fsync of the durability protocol a sync is (see `SyncFn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPoint {
    /// The journal segment after an append (`sync_data`).
    Journal,
    /// The database file after sled's flush (`sync_all`).
    Database,
    /// A folder after a file was created in it (`sync_all`).
    Folder,
    /// An attachment's temp file before it is renamed to its hash
    /// (`sync_all`).
    Attachment,
}

/// How the store makes a file durable: `real_sync` always, except in tests
/// that count the syncs or make one fail.
pub type SyncFn = fn(SyncPoint, &File) -> std::io::Result<()>;

/// The real syncs: `sync_data` for the journal (its size is data too),
/// `sync_all` for the rest.
pub fn real_sync(point: SyncPoint, file: &File) -> std::io::Result<()> {
    match point {
        SyncPoint::Journal => file.sync_data(),
        SyncPoint::Database | SyncPoint::Folder | SyncPoint::Attachment => file.sync_all(),
    }
}

/// Makes a folder's entries (a new or renamed file) durable. A no-op where
/// the system has no such call.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    sync_dir_with(dir, real_sync)
}

/// `sync_dir` through `sync` (a no-op, `sync` not called, where the system
/// has no folder fsync).
pub fn sync_dir_with(dir: &Path, sync: SyncFn) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        sync(SyncPoint::Folder, &File::open(dir)?)?;
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, sync);
    }
    Ok(())
}

/// Writes a file atomically: a temp file beside it, fsync, rename, fsync of
/// the folder. A failure leaves nothing under the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    write_atomic_with(path, |f| f.write_all(bytes), |e| e)
}

/// `write_atomic` of what `write` writes into the temp file (a stream too
/// large to hold); `io` turns the I/O errors of the rest into `E`.
pub fn write_atomic_with<E>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<(), E>,
    io: impl Fn(std::io::Error) -> E,
) -> Result<(), E> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = open_private(&tmp).map_err(&io)?;
        f.set_len(0).map_err(&io)?;
        write(&mut f)?;
        f.sync_all().map_err(&io)?;
        drop(f);
        fs::rename(&tmp, path).map_err(&io)?;
        sync_dir(dir).map_err(&io)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A reader opening the file while it is rewritten again and again sees
    /// one whole version or the other, never a half-written file.
    #[test]
    fn a_reader_never_sees_a_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.xlsx");
        let a = vec![b'a'; 4 << 20];
        let b = vec![b'b'; 6 << 20];
        write_atomic(&path, &a).unwrap();
        let done = AtomicBool::new(false);
        let mut reads = 0;
        std::thread::scope(|s| {
            s.spawn(|| {
                for i in 0..20 {
                    write_atomic(&path, if i % 2 == 0 { &b } else { &a }).unwrap();
                }
                done.store(true, Ordering::SeqCst);
            });
            while !done.load(Ordering::SeqCst) {
                let got = fs::read(&path).unwrap();
                assert!(
                    got == a || got == b,
                    "a partial file of {} bytes was seen",
                    got.len()
                );
                reads += 1;
            }
        });
        assert!(reads > 0);
        // Nothing but the file is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
