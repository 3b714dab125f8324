//! Recovery: `kaocha doctor --rebuild` builds a new database from the
//! journal alone beside the old one and swaps it in only on success, so it
//! never leaves the folder worse than it found it. (The check itself is
//! `doctor`.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::doctor::DoctorReport;
use super::journal;
use super::{Store, StoreError, StoreOptions, located, unit_index};
use crate::domain::idmap::IdSet;

/// Where a rebuild builds the new database, beside the old one.
pub(super) const BUILDING: &str = "db.rebuilding";

/// Where a rebuild reads a copy of the old database.
pub(super) const READING: &str = "db.reading";

/// `kaocha doctor --rebuild`: rebuilds the database from the journal alone,
/// and never leaves the folder worse than it found it. The new database is
/// built in a folder of its own (`db.rebuilding`) while the old one stays
/// where it is; only a build that succeeded, and holds every entry the old
/// database had (or `force`), is swapped in, the old one moved aside (never
/// deleted). A failed build is removed and nothing else changes. The old
/// database is never opened, only a copy of it (sled writes to a database
/// it opens). A journal with no records beside a database with entries is
/// refused outright. An entry whose head the old database did not keep
/// (one a large import created) keeps none in the new one either.
pub fn rebuild(dir: &Path, force: bool) -> Result<DoctorReport, StoreError> {
    let lock = super::lock::lock(dir)?;
    let (old, headless) = match old_entries(dir)? {
        Some(Old { named, headless }) => (Some(named), headless),
        None => (None, IdSet::default()),
    };
    let has_entries = old.as_ref().is_some_and(|o| !o.is_empty());
    if has_entries && !journal_has_records(&dir.join("journal"))? {
        return Err(StoreError::JournalMissing);
    }
    remove_unfinished(dir)?;
    let built = Store::open_locked_with(dir, BUILDING, lock, StoreOptions::default(), headless)
        .and_then(|store| {
            let lost = lost_entries(old.as_ref(), &store)?;
            if !lost.is_empty() && !force {
                return Err(StoreError::RebuildLoses { lost });
            }
            let mut report = store.doctor()?;
            // The lines this build could not use are dropped: said so in
            // the journal, the doctor names them as known from now on.
            if !report.damaged.is_empty() {
                super::doctor::record_dropped(&store, &report.damaged)?;
                report = store.doctor()?;
            }
            Ok((report, store.into_lock()))
        });
    match built {
        Ok((mut report, _lock)) => {
            report.moved_aside = swap_in(dir)?;
            Ok(report)
        }
        Err(e) => {
            remove_unfinished(dir)?;
            Err(e)
        }
    }
}

/// Puts the database a rebuild built in place of the old one, which moves
/// aside; returns where it went. A crash between the two renames leaves no
/// `db`: the next start builds one from the journal, as the rebuild did.
fn swap_in(dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    let db_dir = dir.join("db");
    let mut moved = None;
    if db_dir.exists() {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let mut aside = dir.join(format!("db.broken-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = dir.join(format!("db.broken-{stamp}-{n}"));
        }
        retrying(|| std::fs::rename(&db_dir, &aside))?;
        moved = Some(aside);
    }
    if let Err(e) = retrying(|| std::fs::rename(dir.join(BUILDING), &db_dir)) {
        if let Some(aside) = &moved {
            retrying(|| std::fs::rename(aside, &db_dir))?;
        }
        return Err(e);
    }
    super::fsutil::sync_dir(dir).map_err(|e| StoreError::io(dir.display().to_string(), e))?;
    Ok(moved)
}

/// Removes what a rebuild that failed or was cut off left half built or
/// half copied (the caller holds the folder's lock, so no rebuild is
/// running).
pub(super) fn remove_unfinished(dir: &Path) -> Result<(), StoreError> {
    for name in [BUILDING, READING] {
        let path = dir.join(name);
        // sled may still be finishing the files of the store just dropped.
        retrying(|| match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        })?;
    }
    Ok(())
}

/// A file operation on the database folder, tried again for up to a second
/// while sled lets go of the files of a database just dropped.
fn retrying(mut op: impl FnMut() -> std::io::Result<()>) -> Result<(), StoreError> {
    let mut tries = 0;
    loop {
        match op() {
            Ok(()) => return Ok(()),
            Err(e) if tries >= 50 => return Err(StoreError::io("db", e)),
            Err(_) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}

/// The entries of a database: each named (`entry (unit, form)` by id),
/// and those that keep no head.
struct Old {
    named: BTreeMap<String, String>,
    headless: IdSet<String>,
}

/// The entries of the database as it is (`Old`), read from a copy of it
/// (`db.reading`): sled writes to a database it opens (its recovery, a
/// snapshot, its id counter), and a rebuild cut off in the middle of that
/// must not touch the database it would replace. `None`
/// when there is no database, or sled cannot open it (nothing to compare).
fn old_entries(dir: &Path) -> Result<Option<Old>, StoreError> {
    let db_dir = dir.join("db");
    if !db_dir.exists() {
        return Ok(None);
    }
    let copy = dir.join(READING);
    let read = copy_dir(&db_dir, &copy)
        .map_err(|e| StoreError::io("db", e))
        .and_then(|()| match super::lock::open_sled(&copy) {
            Ok(db) => Ok(entries_named(&db)),
            Err(StoreError::CannotOpen { .. }) => Ok(None),
            Err(e) => Err(e),
        });
    remove_unfinished(dir)?;
    read
}

/// Copies a database folder (sled's files, a folder of blobs) file by file.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    super::fsutil::create_private_dir(to)?;
    for item in std::fs::read_dir(from)? {
        let item = item?;
        let target = to.join(item.file_name());
        if item.file_type()?.is_dir() {
            copy_dir(&item.path(), &target)?;
        } else {
            std::fs::copy(item.path(), target)?;
        }
    }
    Ok(())
}

/// The entries of an open database, named: the unit index names an
/// entry's unit and form (its head, folded from the journal being rebuilt
/// from, may be what is lost); an entry it does not list (or whose unit's
/// value is damaged) is named by the head an earlier build kept, or by its
/// id. `None` when sled cannot read its trees.
fn entries_named(db: &sled::Db) -> Option<Old> {
    let mut named = BTreeMap::new();
    for kv in db.open_tree("unit_index").ok()?.iter() {
        let (k, v) = kv.ok()?;
        let Some((_, unit)) = unit_index::split_key(&k) else {
            continue;
        };
        // A damaged value names nothing, but does not stop the comparison.
        let Ok(items) = serde_json::from_slice::<unit_index::Of<unit_index::Brief>>(&v) else {
            continue;
        };
        for (id, (form, _, _)) in items {
            named.insert(id.clone(), format!("{id} ({unit}, {form})"));
        }
    }
    let mut out = Old {
        named: BTreeMap::new(),
        headless: IdSet::default(),
    };
    let entries = super::entries::Entries::open(db).ok()?;
    for kv in entries.iter() {
        let (k, v) = kv.ok()?;
        let id = String::from_utf8_lossy(&k).into_owned();
        let has_head = located::has_head(&v);
        if !has_head {
            out.headless.insert(id.clone());
        }
        let what = match named.remove(&id) {
            Some(what) => what,
            None if has_head => {
                let e = located::head(&v).ok()?;
                format!("{} ({}, {})", e.id, e.unit, e.form)
            }
            None => id.clone(),
        };
        out.named.insert(id, what);
    }
    Some(out)
}

/// Entries of the old database the rebuilt one does not have.
fn lost_entries(
    old: Option<&BTreeMap<String, String>>,
    store: &Store,
) -> Result<Vec<String>, StoreError> {
    let Some(old) = old else {
        return Ok(Vec::new());
    };
    let mut lost = Vec::new();
    for (id, what) in old {
        if !store.has_entry(id)? {
            lost.push(what.clone());
        }
    }
    Ok(lost)
}

/// Whether the journal holds at least one line.
fn journal_has_records(dir: &Path) -> Result<bool, StoreError> {
    let io = |e| StoreError::io("journal", e);
    for segment in journal::segments(dir).map_err(io)? {
        if std::fs::metadata(journal::segment_path(dir, segment))
            .map_err(io)?
            .len()
            > 0
        {
            return Ok(true);
        }
    }
    Ok(false)
}
