//! Recovery: `kaocha doctor` checks that sled and the journal agree;
//! `kaocha doctor --rebuild` moves the database aside and rebuilds it from
//! the journal alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Change;
use super::apply::{Known, Prepared, Source, prepare, rev_key, setting_key};
use super::journal::{self, Pos};
use super::{Store, StoreError, all_json, unit_index};
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
    end: Pos,
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
        |record, pos| {
            m.end = pos;
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

    let entries: Vec<Entry> = all_json(&t.entries)?;
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

    let db_revs: BTreeSet<Vec<u8>> = t
        .revisions
        .iter()
        .keys()
        .map(|k| k.map(|k| k.to_vec()))
        .collect::<Result<_, _>>()?;
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

/// Moves the database aside (`db.broken-TIME`) and rebuilds it from the
/// journal, then verifies the result. Nothing is deleted.
pub fn rebuild(dir: &Path) -> Result<DoctorReport, StoreError> {
    let lock = super::lock(dir)?;
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
        std::fs::rename(&db_dir, &aside).map_err(|e| StoreError::io("db", e))?;
        moved = Some(aside);
    }
    let store = Store::open_locked(dir, lock)?;
    let mut report = store.doctor()?;
    report.moved_aside = moved;
    Ok(report)
}
