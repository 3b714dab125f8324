//! Applying journal records to sled: checks before anything is written, then
//! one transaction that writes revisions, heads, the unit index, the arrival
//! log and the journal position together.

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
pub fn prepare(known: &dyn Known, records: &[Record]) -> Result<Prepared, StoreError> {
    let mut out = Prepared::default();
    let mut fresh_revs: HashMap<String, Vec<Revision>> = HashMap::new();
    let mut dag_entries: BTreeSet<String> = BTreeSet::new();
    for record in records {
        let Record::Revision { revision } = record else {
            out.records.push(record.clone());
            continue;
        };
        let entry = revision.body.entry.clone();
        let batch = fresh_revs.entry(entry.clone()).or_default();
        if batch.iter().any(|r| r.id == revision.id) || known.has(&entry, &revision.id)? {
            continue;
        }
        if !revision.id_matches() {
            return Err(StoreError::BadRevision {
                id: revision.id.clone(),
            });
        }
        batch.push(revision.clone());
        out.records.push(record.clone());
        if dag_entries.contains(&entry) {
            continue;
        }
        let before = match out.heads.get(&entry) {
            Some(h) => Some(h.clone()),
            None => known.head(&entry)?,
        };
        match before {
            None if revision.body.parents.is_empty() => {
                let head = Entry::from_root(revision).ok_or_else(|| StoreError::UnknownEntry {
                    entry: entry.clone(),
                })?;
                out.heads.insert(entry, head);
            }
            Some(mut head) if head.heads == revision.body.parents && head.conflicts.is_empty() => {
                head.apply(revision);
                out.heads.insert(entry, head);
            }
            _ => {
                dag_entries.insert(entry);
            }
        }
    }
    for entry in dag_entries {
        let mut all = known.revisions(&entry)?;
        all.extend(fresh_revs.remove(&entry).unwrap_or_default());
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

impl Store {
    /// Writes prepared records and heads in one sled transaction (no
    /// journal, no flush).
    pub(super) fn apply(&self, prepared: &Prepared, pos: Pos) -> Result<(), StoreError> {
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
                    for record in &prepared.records {
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
                    for head in prepared.heads.values() {
                        entries.insert(head.id.as_bytes(), to_json(head)?)?;
                        let mut index = unit_prefix(&head.campaign, &head.unit);
                        index.extend_from_slice(head.id.as_bytes());
                        by_unit.insert(index, index_value(head))?;
                    }
                    meta.insert("log_seq", &seq.to_be_bytes())?;
                    meta.insert("journal_pos", pos.to_bytes())?;
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
