//! Recovery: `kaocha doctor --rebuild` moves the database aside and
//! rebuilds it from the journal alone, and never leaves the folder worse
//! than it found it. (The check itself is `doctor`.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::journal;
use super::{Store, StoreError, located};

/// What `doctor` found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DoctorReport {
    pub campaigns: usize,
    pub entries: usize,
    pub revisions: usize,
    /// Where the database moved aside by a rebuild went.
    pub moved_aside: Option<PathBuf>,
    /// Disagreements, in words; empty when all is well.
    pub problems: Vec<String>,
}

impl DoctorReport {
    /// Whether sled and the journal agree.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// `kaocha doctor --rebuild`: rebuilds the database from the journal alone,
/// and never leaves the folder worse than it found it. The old database is
/// moved aside (never deleted) and the new one built in its place; if the
/// build fails, or would hold fewer entries than the old database without
/// `force`, the new one goes and the old one comes back. A journal with no
/// records beside a database with entries is refused outright.
pub fn rebuild(dir: &Path, force: bool) -> Result<DoctorReport, StoreError> {
    let lock = super::lock::lock(dir)?;
    let db_dir = dir.join("db");
    let old = old_entries(&db_dir);
    let has_entries = old.as_ref().is_some_and(|o| !o.is_empty());
    if has_entries && !journal_has_records(&dir.join("journal"))? {
        return Err(StoreError::JournalMissing);
    }
    let mut moved = None;
    if db_dir.exists() {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let mut aside = dir.join(format!("db.broken-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = dir.join(format!("db.broken-{stamp}-{n}"));
        }
        // sled may still be closing the old database it just read.
        retrying(|| std::fs::rename(&db_dir, &aside))?;
        moved = Some(aside);
    }
    let built = Store::open_locked(dir, lock).and_then(|store| {
        let lost = lost_entries(old.as_ref(), &store)?;
        if !lost.is_empty() && !force {
            return Err(StoreError::RebuildLoses { lost });
        }
        let report = store.doctor()?;
        Ok(report)
    });
    match built {
        Ok(mut report) => {
            report.moved_aside = moved;
            Ok(report)
        }
        Err(e) => {
            put_back(&db_dir, moved.as_deref())?;
            Err(e)
        }
    }
}

/// Removes a database a rebuild left half made and moves the old one back.
fn put_back(db_dir: &Path, aside: Option<&Path>) -> Result<(), StoreError> {
    let Some(aside) = aside else {
        return Ok(());
    };
    // sled may still be finishing the files of the store just dropped.
    retrying(|| match std::fs::remove_dir_all(db_dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    })?;
    retrying(|| std::fs::rename(aside, db_dir))
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

/// The entries of the database as it is (`entry (unit, form)` by id), when
/// it opens at all; a database sled cannot open has nothing to compare.
fn old_entries(db_dir: &Path) -> Option<BTreeMap<String, String>> {
    if !db_dir.exists() {
        return None;
    }
    let db = sled::Config::new().path(db_dir).open().ok()?;
    let entries = db.open_tree("entries").ok()?;
    let mut out = BTreeMap::new();
    for kv in entries.iter() {
        let (_, v) = kv.ok()?;
        let e = located::head(&v).ok()?;
        out.insert(e.id.clone(), format!("{} ({}, {})", e.id, e.unit, e.form));
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
        if store.entry(id)?.is_none() {
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
