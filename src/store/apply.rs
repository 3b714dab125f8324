//! Applying journal records to sled: checks before anything is written, then
//! the writes of revisions, heads, the unit index and the journal position
//! (one transaction for a save, one batch per tree for a large import).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::Change;
use super::journal::{self, Pos};
use super::{Store, StoreError, unit_index};
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
    pub records: Vec<Change>,
    pub heads: BTreeMap<String, Entry>,
    /// How many merge revisions were added (the last of `records`).
    pub merges: usize,
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
    records: Vec<Change>,
    source: Source,
) -> Result<Prepared, StoreError> {
    let redo = source == Source::Redo;
    let mut out = Prepared::default();
    // Revision ids of this batch, per entry (to drop repeats).
    let mut fresh: HashMap<String, HashSet<String>> = HashMap::new();
    let mut dag_entries: BTreeSet<String> = BTreeSet::new();
    for record in records {
        let Change::Revision { revision } = &record else {
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
            if redo {
                // A damaged line costs its own revision, not the replay
                // (the doctor names it).
                continue;
            }
            return Err(StoreError::BadRevision {
                id: revision.id.clone(),
            });
        }
        ids.insert(revision.id.clone());
        if redo {
            out.heads.remove(&entry);
            dag_entries.insert(entry);
        } else if !dag_entries.contains(&entry) && !advance_head(known, &mut out, revision)? {
            dag_entries.insert(entry);
        }
        out.records.push(record);
    }
    merge_through_dag(known, &mut out, &dag_entries, redo)?;
    Ok(out)
}

/// Moves an entry's head on by a revision that is its root, or whose parents
/// are exactly the head's (the common case: no DAG needed). `false` when the
/// entry needs the DAG (a fork, a merge, a conflict).
fn advance_head(
    known: &dyn Known,
    out: &mut Prepared,
    revision: &Revision,
) -> Result<bool, StoreError> {
    let entry = &revision.body.entry;
    let before = match out.heads.remove(entry) {
        Some(h) => Some(h),
        None => known.head(entry)?,
    };
    match before {
        None if revision.body.parents.is_empty() => {
            let head = Entry::from_root(revision).ok_or_else(|| StoreError::UnknownEntry {
                entry: entry.clone(),
            })?;
            out.heads.insert(entry.clone(), head);
            Ok(true)
        }
        Some(mut head) if head.heads == revision.body.parents && head.conflicts.is_empty() => {
            head.apply(revision);
            out.heads.insert(entry.clone(), head);
            Ok(true)
        }
        other => {
            if let Some(h) = other {
                out.heads.insert(entry.clone(), h);
            }
            Ok(false)
        }
    }
}

/// Entries the fast path could not advance: each is materialised from all
/// its revisions (stored and in this batch), adding the merge revisions
/// every machine derives alike.
fn merge_through_dag(
    known: &dyn Known,
    out: &mut Prepared,
    dag_entries: &BTreeSet<String>,
    redo: bool,
) -> Result<(), StoreError> {
    // The batch's revisions of the entries that need the DAG, in one pass.
    let mut batch_revs: HashMap<&str, Vec<Revision>> = HashMap::new();
    for r in &out.records {
        if let Change::Revision { revision } = r
            && dag_entries.contains(&revision.body.entry)
        {
            batch_revs
                .entry(revision.body.entry.as_str())
                .or_default()
                .push(revision.clone());
        }
    }
    let mut merged_all = Vec::new();
    for entry in dag_entries {
        let mut all = known.revisions(entry)?;
        all.extend(batch_revs.remove(entry.as_str()).unwrap_or_default());
        merged_all.push((entry.clone(), all));
    }
    drop(batch_revs);
    for (entry, all) in merged_all {
        let merged = match dag::materialize(&all) {
            Some(m) => m,
            None if !redo => return Err(StoreError::MissingParents { entry }),
            // Replaying: an ancestor's line was damaged or unreadable. What
            // still has all its ancestors is kept; the rest is left out.
            None => {
                let placed = with_ancestors(all);
                let ids: HashSet<&str> = placed.iter().map(|r| r.id.as_str()).collect();
                let merged = dag::materialize(&placed);
                let keep = |r: &Revision| merged.is_some() && ids.contains(r.id.as_str());
                out.records.retain(|c| match c {
                    Change::Revision { revision } => revision.body.entry != entry || keep(revision),
                    _ => true,
                });
                let Some(merged) = merged else { continue };
                merged
            }
        };
        out.merges += merged.merges.len();
        for m in merged.merges {
            out.records.push(Change::Revision { revision: m });
        }
        out.heads.insert(entry, merged.entry);
    }
    Ok(())
}

/// The revisions whose every ancestor is among them (in one pass when
/// parents come first, as in the journal).
fn with_ancestors(mut left: Vec<Revision>) -> Vec<Revision> {
    let mut placed: Vec<Revision> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    loop {
        let before = placed.len();
        left.retain(|r| {
            let ready = r.body.parents.iter().all(|p| ids.contains(p));
            if ready {
                ids.insert(r.id.clone());
                placed.push(r.clone());
            }
            !ready
        });
        if placed.len() == before || left.is_empty() {
            return placed;
        }
    }
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

type Kv<'a> = (Vec<u8>, Cow<'a, [u8]>);

/// The writes of the records (revisions, campaigns, forms, settings), per
/// tree: revisions, campaigns, forms, meta. `lines` are the records'
/// journal lines: a revision's value is cut from its line.
fn record_writes<'a>(
    records: &[Change],
    lines: &'a [Vec<u8>],
) -> Result<[Vec<Kv<'a>>; 4], StoreError> {
    let [mut revisions, mut campaigns, mut forms, mut meta] = [(); 4].map(|()| Vec::new());
    for (record, line) in records.iter().zip(lines) {
        match record {
            Change::Campaign { campaign } => {
                campaigns.push((campaign.id.clone().into_bytes(), json(campaign)?));
            }
            Change::Form { form } => {
                let key = format!("{}@{}", form.id, form.version);
                forms.push((key.into_bytes(), json(form)?));
            }
            Change::Setting { key, value } => {
                meta.push((setting_key(key).into_bytes(), json(value)?));
            }
            Change::Revision { revision } => {
                let key = rev_key(&revision.body.entry, &revision.id);
                let value = match journal::revision_json(line) {
                    Some(v) => Cow::Borrowed(v),
                    None => json(revision)?,
                };
                revisions.push((key, value));
            }
        }
    }
    Ok([revisions, campaigns, forms, meta])
}

/// The writes of the heads to the entries tree.
fn head_writes<'a>(
    heads: impl ExactSizeIterator<Item = &'a Entry>,
) -> Result<Vec<Kv<'static>>, StoreError> {
    let mut entries = Vec::with_capacity(heads.len());
    for head in heads {
        entries.push((head.id.clone().into_bytes(), json(head)?));
    }
    Ok(entries)
}

/// The writes of the heads to the unit index (one per unit touched).
fn index_writes<'a>(
    tree: &sled::Tree,
    heads: impl Iterator<Item = &'a Entry>,
) -> Result<Vec<Kv<'static>>, StoreError> {
    Ok(unit_index::writes(tree, heads)?
        .into_iter()
        .map(|(k, v)| (k, Cow::Owned(v)))
        .collect())
}

/// Writes to one tree as one sled batch.
fn write_batch(tree: &sled::Tree, writes: &[Kv<'_>]) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for (k, v) in writes {
        batch.insert(k.as_slice(), v.as_ref());
    }
    Ok(tree.apply_batch(batch)?)
}

impl Store {
    /// Writes prepared records and heads and moves the journal position
    /// past them (no journal, no flush). An ordinary save is one sled
    /// transaction. A large batch is written in batches of a few thousand
    /// writes (revisions on one thread, heads on another), the journal
    /// position last: a crash in between leaves the position before the
    /// batch, and the next start replays it (`catch_up` recomputes the
    /// heads of every entry it touches, so a half-written batch heals).
    pub(super) fn apply(
        &self,
        prepared: &Prepared,
        lines: &[Vec<u8>],
        pos: Pos,
    ) -> Result<(), StoreError> {
        let position = (b"journal_pos".to_vec(), Cow::Owned(pos.to_bytes()));
        let t = &self.trees;
        if prepared.records.len() + prepared.heads.len() <= BULK {
            let [revisions, campaigns, forms, mut meta] = record_writes(&prepared.records, lines)?;
            let entries = head_writes(prepared.heads.values())?;
            let index = index_writes(&t.unit_index, prepared.heads.values())?;
            meta.push(position);
            return self.apply_transaction([
                (&t.revisions, revisions),
                (&t.entries, entries),
                (&t.unit_index, index),
                (&t.campaigns, campaigns),
                (&t.forms, forms),
                (&t.meta, meta),
            ]);
        }
        // Serialised and written a few thousand at a time (little is held).
        let [campaigns, forms, mut meta] = std::thread::scope(|s| {
            let heads = s.spawn(|| {
                let heads: Vec<&Entry> = prepared.heads.values().collect();
                for part in heads.chunks(BULK_BATCH) {
                    write_batch(&t.entries, &head_writes(part.iter().copied())?)?;
                }
                let index = index_writes(&t.unit_index, heads.iter().copied())?;
                for part in index.chunks(BULK_BATCH) {
                    write_batch(&t.unit_index, part)?;
                }
                Ok::<(), StoreError>(())
            });
            let mut rest = [(); 3].map(|()| Vec::new());
            for (records, lines) in prepared
                .records
                .chunks(BULK_BATCH)
                .zip(lines.chunks(BULK_BATCH))
            {
                let [revisions, campaigns, forms, meta] = record_writes(records, lines)?;
                write_batch(&t.revisions, &revisions)?;
                for (all, part) in rest.iter_mut().zip([campaigns, forms, meta]) {
                    all.extend(part);
                }
            }
            heads.join().map_err(|_| StoreError::Poisoned)??;
            Ok::<_, StoreError>(rest)
        })?;
        write_batch(&t.campaigns, &campaigns)?;
        write_batch(&t.forms, &forms)?;
        meta.push(position);
        write_batch(&t.meta, &meta)
    }

    fn apply_transaction(&self, writes: [(&sled::Tree, Vec<Kv<'_>>); 6]) -> Result<(), StoreError> {
        let [a, b, c, d, e, f] = &writes;
        let result = (a.0, b.0, c.0, d.0, e.0, f.0).transaction(|trees| {
            let (ta, tb, tc, td, te, tf) = trees;
            for (tree, (_, kvs)) in [ta, tb, tc, td, te, tf].into_iter().zip(&writes) {
                for (k, v) in kvs {
                    tree.insert(k.as_slice(), v.as_ref())?;
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

fn json<T: serde::Serialize>(value: &T) -> Result<Cow<'static, [u8]>, StoreError> {
    serde_json::to_vec(value)
        .map(Cow::Owned)
        .map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
        })
}
