//! Applying journal records to sled: checks before anything is written, then
//! the writes of revisions, heads, the unit index and the journal position
//! (one transaction for a save, one batch per tree for a large import).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::journal::{Pos, Record};
use super::{Store, StoreError, Trees};
use crate::domain::{Entry, Revision, dag};

/// Key of a revision: entry id, NUL, revision id.
pub fn rev_key(entry: &str, rev: &str) -> Vec<u8> {
    let mut k = entry_prefix(entry);
    k.extend_from_slice(rev.as_bytes());
    k
}

/// Prefix of all revision keys of an entry.
pub fn entry_prefix(entry: &str) -> Vec<u8> {
    format!("{entry}\0").into_bytes()
}

/// Prefix of the unit index for one unit.
pub fn unit_prefix(campaign: &str, unit: &str) -> Vec<u8> {
    format!("{campaign}\0{unit}\0").into_bytes()
}

/// Value of the unit index: form id, NUL, status.
pub fn index_value(entry: &Entry) -> Vec<u8> {
    let status = match entry.status {
        crate::domain::Status::Draft => "draft",
        crate::domain::Status::Final => "final",
        crate::domain::Status::Deleted => "deleted",
    };
    format!("{}\0{status}", entry.form).into_bytes()
}

/// Meta key of a user setting.
pub fn setting_key(key: &str) -> String {
    format!("set:{key}")
}

/// Where `prepare` reads what is already stored: sled, or the doctor's
/// model of the journal.
pub trait Known {
    /// The stored head of an entry.
    fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError>;
    /// Every stored revision of an entry.
    fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError>;
    /// Whether a revision is stored.
    fn has(&self, entry: &str, rev: &str) -> Result<bool, StoreError>;
}

/// Records ready to write: the new ones (known ones dropped, deterministic
/// merge revisions added) and the resulting head of every entry touched.
#[derive(Debug, Default)]
pub struct Prepared {
    pub records: Vec<Record>,
    pub heads: BTreeMap<String, Entry>,
}

/// Where records come from, for `prepare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A save: every revision id is checked against its content.
    Save,
    /// An import, which checked every revision id before (in parallel).
    Import,
    /// Replaying the journal after a crash, when sled may hold part of the
    /// batch: every entry touched is recomputed from all its revisions
    /// (stored or replayed), so a stored revision whose head was never
    /// written still counts.
    Redo,
}

/// Checks records against what is known and computes the heads they lead
/// to. A revision continuing a clean head is applied directly; anything
/// else (a fork, a merge, a conflict) goes through the revision DAG.
pub fn prepare(
    known: &dyn Known,
    records: Vec<Record>,
    source: Source,
) -> Result<Prepared, StoreError> {
    let redo = source == Source::Redo;
    let mut out = Prepared::default();
    // Revision ids of this batch, per entry (to drop repeats).
    let mut fresh: HashMap<String, HashSet<String>> = HashMap::new();
    let mut dag_entries: BTreeSet<String> = BTreeSet::new();
    for record in records {
        let Record::Revision { revision } = &record else {
            out.records.push(record);
            continue;
        };
        let entry = revision.body.entry.clone();
        let ids = fresh.entry(entry.clone()).or_default();
        if ids.contains(&revision.id) || known.has(&entry, &revision.id)? {
            if redo {
                out.heads.remove(&entry);
                dag_entries.insert(entry);
            }
            continue;
        }
        if source != Source::Import && !revision.id_matches() {
            return Err(StoreError::BadRevision {
                id: revision.id.clone(),
            });
        }
        ids.insert(revision.id.clone());
        if redo {
            out.heads.remove(&entry);
            dag_entries.insert(entry);
        } else if !dag_entries.contains(&entry) {
            let before = match out.heads.remove(&entry) {
                Some(h) => Some(h),
                None => known.head(&entry)?,
            };
            match before {
                None if revision.body.parents.is_empty() => {
                    let head =
                        Entry::from_root(revision).ok_or_else(|| StoreError::UnknownEntry {
                            entry: entry.clone(),
                        })?;
                    out.heads.insert(entry, head);
                }
                Some(mut head)
                    if head.heads == revision.body.parents && head.conflicts.is_empty() =>
                {
                    head.apply(revision);
                    out.heads.insert(entry, head);
                }
                other => {
                    if let Some(h) = other {
                        out.heads.insert(entry.clone(), h);
                    }
                    dag_entries.insert(entry);
                }
            }
        }
        out.records.push(record);
    }
    // The batch's revisions of the entries that need the DAG, in one pass.
    let mut batch_revs: HashMap<&str, Vec<Revision>> = HashMap::new();
    for r in &out.records {
        if let Record::Revision { revision } = r
            && dag_entries.contains(&revision.body.entry)
        {
            batch_revs
                .entry(revision.body.entry.as_str())
                .or_default()
                .push(revision.clone());
        }
    }
    let mut merged_all = Vec::new();
    for entry in &dag_entries {
        let mut all = known.revisions(entry)?;
        all.extend(batch_revs.remove(entry.as_str()).unwrap_or_default());
        merged_all.push((entry.clone(), all));
    }
    drop(batch_revs);
    for (entry, all) in merged_all {
        let merged = dag::materialize(&all).ok_or_else(|| StoreError::MissingParents {
            entry: entry.clone(),
        })?;
        for m in merged.merges {
            out.records.push(Record::Revision { revision: m });
        }
        out.heads.insert(entry, merged.entry);
    }
    Ok(out)
}

impl Known for Store {
    fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError> {
        self.entry(entry)
    }
    fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError> {
        Store::revisions(self, entry)
    }
    fn has(&self, entry: &str, rev: &str) -> Result<bool, StoreError> {
        Ok(self.trees.revisions.contains_key(rev_key(entry, rev))?)
    }
}

/// Above this many records plus heads a batch is written tree by tree
/// (an import, a replay): one sled transaction over hundreds of thousands
/// of writes costs more than twice the writes themselves.
const BULK: usize = 2_000;
/// Writes per sled batch on that path (one batch of everything holds
/// gigabytes while sled applies it).
const BULK_BATCH: usize = 4_000;

type Kv = (Vec<u8>, Vec<u8>);

/// A prepared batch as the key/value writes of each tree.
#[derive(Default)]
struct Writes {
    meta: Vec<Kv>,
    forms: Vec<Kv>,
    campaigns: Vec<Kv>,
    revisions: Vec<Kv>,
    entries: Vec<Kv>,
    by_unit: Vec<Kv>,
}

impl Writes {
    /// Everything but the journal position.
    fn of(prepared: &Prepared) -> Result<Writes, StoreError> {
        let mut w = Writes::default();
        for record in &prepared.records {
            match record {
                Record::Campaign { campaign } => {
                    w.campaigns
                        .push((campaign.id.clone().into_bytes(), json(campaign)?));
                }
                Record::Form { form } => {
                    let key = format!("{}@{}", form.id, form.version);
                    w.forms.push((key.into_bytes(), json(form)?));
                }
                Record::Meta { key, value } => {
                    w.meta.push((setting_key(key).into_bytes(), json(value)?));
                }
                Record::Revision { revision } => {
                    let key = rev_key(&revision.body.entry, &revision.id);
                    w.revisions.push((key, json(revision)?));
                }
            }
        }
        for head in prepared.heads.values() {
            w.entries.push((head.id.clone().into_bytes(), json(head)?));
            let mut index = unit_prefix(&head.campaign, &head.unit);
            index.extend_from_slice(head.id.as_bytes());
            w.by_unit.push((index, index_value(head)));
        }
        Ok(w)
    }

    /// Tree and writes, in the order they are applied: the journal
    /// position (last in `meta`) goes last of all.
    fn per_tree<'a>(&'a self, t: &'a Trees) -> [(&'a sled::Tree, &'a [Kv]); 6] {
        [
            (&t.revisions, &self.revisions),
            (&t.entries, &self.entries),
            (&t.by_unit, &self.by_unit),
            (&t.campaigns, &self.campaigns),
            (&t.forms, &self.forms),
            (&t.meta, &self.meta),
        ]
    }
}

impl Store {
    /// Writes prepared records and heads and moves the journal position
    /// past them (no journal, no flush). An ordinary save is one sled
    /// transaction. A large batch is written in batches of a few thousand
    /// writes, the journal position last: a crash in between leaves the
    /// position before the batch, and the next start replays it
    /// (`catch_up` recomputes the heads of every entry it touches, so a
    /// half-written batch heals).
    pub(super) fn apply(&self, prepared: &Prepared, pos: Pos) -> Result<(), StoreError> {
        let mut w = Writes::of(prepared)?;
        w.meta.push((b"journal_pos".to_vec(), pos.to_bytes()));
        if prepared.records.len() + prepared.heads.len() <= BULK {
            return self.apply_transaction(&w);
        }
        for (tree, writes) in w.per_tree(&self.trees) {
            for part in writes.chunks(BULK_BATCH) {
                let mut batch = sled::Batch::default();
                for (k, v) in part {
                    batch.insert(k.as_slice(), v.as_slice());
                }
                tree.apply_batch(batch)?;
            }
        }
        Ok(())
    }

    fn apply_transaction(&self, w: &Writes) -> Result<(), StoreError> {
        let t = &self.trees;
        let result = (
            &t.revisions,
            &t.entries,
            &t.by_unit,
            &t.campaigns,
            &t.forms,
            &t.meta,
        )
            .transaction(|trees| {
                let (a, b, c, d, e, f) = trees;
                for (tree, writes) in [
                    (a, &w.revisions),
                    (b, &w.entries),
                    (c, &w.by_unit),
                    (d, &w.campaigns),
                    (e, &w.forms),
                    (f, &w.meta),
                ] {
                    for (k, v) in writes {
                        tree.insert(k.as_slice(), v.as_slice())?;
                    }
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}
