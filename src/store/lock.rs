//! Who may open a data folder: the folder's lock file (one kaocha process at
//! a time, with a clear message), and sled's own lock on its database.

use std::fs::File;
use std::path::Path;

use super::{CACHE_BYTES, Result, StoreError, fsutil};

/// Takes the data dir's lock, or says that another kaocha has it.
pub(super) fn lock(dir: &Path) -> Result<File> {
    let path = dir.join("kaocha.lock");
    let file =
        fsutil::open_private(&path).map_err(|e| StoreError::io(path.display().to_string(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
            dir: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::io(path.display().to_string(), e)),
    }
}

/// Opens sled. This process holds the folder's lock, so a sled lock held
/// elsewhere can only be its own, lingering for a moment after a database
/// was dropped (sled lets go of it from a background thread): that is
/// waited out for up to a second.
pub(super) fn open_sled(db_dir: &Path) -> Result<sled::Db> {
    let mut tries = 0;
    loop {
        match sled::Config::new()
            .path(db_dir)
            .cache_capacity(CACHE_BYTES)
            .open()
        {
            Ok(db) => return Ok(db),
            // sled reports it as `Other` with this text (sled 0.34.7).
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock") && tries < 50 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => {
                return Err(StoreError::CannotOpen {
                    detail: e.to_string(),
                });
            }
        }
    }
}
