//! Recovery: `kaocha doctor` checks that sled and the journal agree;
//! `kaocha doctor --rebuild` moves the database aside and rebuilds it from
//! the journal alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Change;
use super::apply::{Known, Prepared, Source, prepare, setting_key};
use super::journal::{self, Loc, Pos};
use super::{Store, StoreError, all_json, located, unit_index};
use crate::domain::{Campaign, Entry, Revision};
use crate::i18n;

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

/// What the journal says the database should hold.
#[derive(Default)]
struct Model {
    campaigns: BTreeMap<String, Campaign>,
    forms: BTreeSet<String>,
    settings: BTreeMap<String, Value>,
    entries: BTreeMap<String, Entry>,
    revisions: BTreeSet<Vec<u8>>,
    by_entry: BTreeMap<String, Vec<Revision>>,
    /// Where each revision's line is.
    places: BTreeMap<String, Loc>,
    end: Pos,
}

/// Key of a revision in the model: entry id, NUL, revision id.
fn rev_key(entry: &str, rev: &str) -> Vec<u8> {
    format!("{entry}\0{rev}").into_bytes()
}

impl Model {
    /// Takes in what `prepare` made of one record.
    fn take(&mut self, prepared: Prepared) {
        for r in prepared.records {
            if let Change::Revision { revision } = r {
                self.revisions
                    .insert(rev_key(&revision.body.entry, &revision.id));
                self.by_entry
                    .entry(revision.body.entry.clone())
                    .or_default()
                    .push(revision);
            }
        }
        self.entries.extend(prepared.heads);
    }
}

impl Known for Model {
    fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError> {
        Ok(self.entries.get(entry).cloned())
    }
    fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError> {
        Ok(self.by_entry.get(entry).cloned().unwrap_or_default())
    }
    fn has(&self, entry: &str, rev: &str) -> Result<bool, StoreError> {
        Ok(self.revisions.contains(&rev_key(entry, rev)))
    }
}

fn replay_journal(dir: &Path, problems: &mut Vec<String>) -> Result<Model, StoreError> {
    let mut m = Model::default();
    let bad = journal::read_from(
        dir,
        Pos {
            segment: 0,
            offset: 0,
        },
        |record, loc| {
            m.end = loc.end();
            match record {
                Change::Campaign { campaign } => {
                    m.campaigns.insert(campaign.id.clone(), campaign);
                }
                Change::Form { form } => {
                    m.forms.insert(format!("{}@{}", form.id, form.version));
                }
                Change::Setting { key, value } => {
                    m.settings.insert(key, value);
                }
                record @ Change::Revision { .. } => {
                    if let Change::Revision { revision } = &record {
                        m.places.insert(revision.id.clone(), loc);
                    }
                    match prepare(&m, vec![record.clone()], Source::Save) {
                        Ok(prepared) => m.take(prepared),
                        Err(e) => {
                            if let Change::Revision { revision } = &record {
                                problems.push(i18n::doctor_journal_revision(
                                    &revision.id,
                                    &e.to_string(),
                                ));
                            }
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    for b in bad {
        problems.push(i18n::doctor_bad_line(b.segment, b.line, &b.error));
    }
    Ok(m)
}

/// Compares the database with the journal.
pub(super) fn verify(store: &Store) -> Result<DoctorReport, StoreError> {
    let mut problems = Vec::new();
    let m = replay_journal(&store.dir.join("journal"), &mut problems)?;
    let t = &store.trees;

    let campaigns: Vec<Campaign> = all_json(&t.campaigns)?;
    let db_campaigns: BTreeMap<_, _> = campaigns.into_iter().map(|c| (c.id.clone(), c)).collect();
    if db_campaigns != m.campaigns {
        problems.push(i18n::doctor_differs("campaigns"));
    }
    let db_forms: BTreeSet<String> = t
        .forms
        .iter()
        .keys()
        .map(|k| k.map(|k| String::from_utf8_lossy(&k).into_owned()))
        .collect::<Result<_, _>>()?;
    if db_forms != m.forms {
        problems.push(i18n::doctor_differs("forms"));
    }
    for (key, value) in &m.settings {
        let stored: Option<Value> = super::get_json(&t.meta, setting_key(key).as_bytes())?;
        if stored.as_ref() != Some(value) {
            problems.push(i18n::doctor_differs(&format!("meta {key}")));
        }
    }

    let entries: Vec<Entry> = store.all_entries()?;
    let db_entries: BTreeMap<_, _> = entries.into_iter().map(|e| (e.id.clone(), e)).collect();
    for (id, head) in &m.entries {
        match db_entries.get(id) {
            None => problems.push(i18n::doctor_missing_entry(id)),
            Some(e) if e != head => problems.push(i18n::doctor_entry_differs(id)),
            Some(_) => {}
        }
    }
    for id in db_entries.keys().filter(|id| !m.entries.contains_key(*id)) {
        problems.push(i18n::doctor_extra_entry(id));
    }

    let mut db_revs: BTreeSet<Vec<u8>> = BTreeSet::new();
    for kv in t.entries.iter() {
        let (k, v) = kv?;
        let entry = String::from_utf8_lossy(&k);
        for place in located::revs(&v)? {
            if m.places.get(place.id()) != Some(&place.loc()) {
                problems.push(i18n::doctor_misplaced(&entry, place.id()));
            }
            db_revs.insert(rev_key(&entry, place.id()));
        }
    }
    if db_revs != m.revisions {
        problems.push(i18n::doctor_revisions_differ(
            db_revs.len(),
            m.revisions.len(),
        ));
    }
    let expected_index = unit_index::expected(m.entries.values());
    let mut db_index = BTreeMap::new();
    for kv in t.unit_index.iter() {
        let (k, v) = kv?;
        db_index.insert(k.to_vec(), super::decode::<unit_index::Items>(&v)?);
    }
    if db_index != expected_index {
        problems.push(i18n::doctor_differs("unit_index"));
    }
    if store.applied_pos()? != m.end && m.end != Pos::default() {
        problems.push(i18n::doctor_differs("journal_pos"));
    }
    Ok(DoctorReport {
        campaigns: m.campaigns.len(),
        entries: m.entries.len(),
        revisions: m.revisions.len(),
        moved_aside: None,
        problems,
    })
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
