//! Applying journal records to sled: checks before anything is written, then
//! one transaction that writes revisions, heads, the unit index, the arrival
//! log and the journal position together.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::journal::{Pos, Record};
use super::{Store, StoreError};
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

/// Checks records against what is known and computes the heads they lead
/// to. A revision continuing a clean head is applied directly; anything
/// else (a fork, a merge, a conflict) goes through the revision DAG.
pub fn prepare(known: &dyn Known, records: Vec<Record>) -> Result<Prepared, StoreError> {
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
            continue;
        }
        if !revision.id_matches() {
            return Err(StoreError::BadRevision {
                id: revision.id.clone(),
            });
        }
        ids.insert(revision.id.clone());
        if !dag_entries.contains(&entry) {
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

/// Revisions per sled transaction when a batch is large (an import).
const CHUNK: usize = 2_000;

/// One transaction's share of a batch: some entries' revisions and heads.
struct Chunk<'a> {
    records: Vec<&'a Record>,
    heads: Vec<&'a Entry>,
    /// Only the last chunk moves the journal position.
    last: bool,
}

/// Splits a prepared batch into transactions of whole entries (an entry's
/// revisions and head always land together), the other records last.
/// A crash between two of them leaves complete entries only; the journal
/// position moves with the last, so the next start replays the rest.
fn chunks(prepared: &Prepared) -> Vec<Chunk<'_>> {
    let mut by_entry: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    let mut others = Vec::new();
    for r in &prepared.records {
        match r {
            Record::Revision { revision } => by_entry
                .entry(revision.body.entry.as_str())
                .or_default()
                .push(r),
            other => others.push(other),
        }
    }
    let mut out: Vec<Chunk<'_>> = Vec::new();
    let mut cur = Chunk {
        records: Vec::new(),
        heads: Vec::new(),
        last: false,
    };
    for (id, head) in &prepared.heads {
        let revs = by_entry.remove(id.as_str()).unwrap_or_default();
        cur.records.extend(revs);
        cur.heads.push(head);
        if cur.records.len() >= CHUNK {
            out.push(std::mem::replace(
                &mut cur,
                Chunk {
                    records: Vec::new(),
                    heads: Vec::new(),
                    last: false,
                },
            ));
        }
    }
    // Revisions without a head change (none expected) go with the rest.
    for revs in by_entry.into_values() {
        cur.records.extend(revs);
    }
    cur.records.extend(others);
    cur.last = true;
    out.push(cur);
    out
}

impl Store {
    /// Writes prepared records and heads (no journal, no flush): one sled
    /// transaction for an ordinary save, several of whole entries for a
    /// large import.
    pub(super) fn apply(&self, prepared: &Prepared, pos: Pos) -> Result<(), StoreError> {
        for chunk in chunks(prepared) {
            self.apply_chunk(&chunk, pos)?;
        }
        Ok(())
    }

    fn apply_chunk(&self, chunk: &Chunk<'_>, pos: Pos) -> Result<(), StoreError> {
        let t = &self.trees;
        let result = (
            &t.meta,
            &t.forms,
            &t.campaigns,
            &t.revisions,
            &t.entries,
            &t.by_unit,
            &t.log,
        )
            .transaction(
                |(meta, forms, campaigns, revisions, entries, by_unit, log)| {
                    let mut seq = meta
                        .get("log_seq")?
                        .and_then(|b| b.as_ref().try_into().ok().map(u64::from_be_bytes))
                        .unwrap_or(0);
                    for record in &chunk.records {
                        match record {
                            Record::Campaign { campaign } => {
                                campaigns.insert(campaign.id.as_bytes(), to_json(campaign)?)?;
                            }
                            Record::Form { form } => {
                                let key = format!("{}@{}", form.id, form.version);
                                forms.insert(key.as_bytes(), to_json(form)?)?;
                            }
                            Record::Meta { key, value } => {
                                meta.insert(setting_key(key).as_bytes(), to_json(value)?)?;
                            }
                            Record::Revision { revision } => {
                                let key = rev_key(&revision.body.entry, &revision.id);
                                if revisions.get(&key)?.is_some() {
                                    continue;
                                }
                                revisions.insert(key.clone(), to_json(revision)?)?;
                                seq += 1;
                                log.insert(&seq.to_be_bytes(), key)?;
                            }
                        }
                    }
                    for head in &chunk.heads {
                        entries.insert(head.id.as_bytes(), to_json(*head)?)?;
                        let mut index = unit_prefix(&head.campaign, &head.unit);
                        index.extend_from_slice(head.id.as_bytes());
                        by_unit.insert(index, index_value(head))?;
                    }
                    meta.insert("log_seq", &seq.to_be_bytes())?;
                    if chunk.last {
                        meta.insert("journal_pos", pos.to_bytes())?;
                    }
                    Ok(())
                },
            );
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn to_json<T: serde::Serialize>(value: &T) -> TxResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| {
        ConflictableTransactionError::Abort(StoreError::Corrupt {
            detail: e.to_string(),
        })
    })
}
