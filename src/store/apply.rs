//! Applying journal records to sled: checks before anything is written, then
//! one transaction that writes revisions, heads, the unit index, the arrival
//! log and the journal position together.

use std::collections::HashMap;

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::journal::{Pos, Record};
use super::{Store, StoreError, decode};
use crate::domain::{Entry, Revision};

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

/// The head an entry has after `rev`, given its head before; `None` means
/// the revision does not apply (reported as an error by the caller).
pub fn next_head(before: Option<Entry>, rev: &Revision) -> Result<Entry, StoreError> {
    if !rev.id_matches() {
        return Err(StoreError::BadRevision { id: rev.id.clone() });
    }
    match before {
        None if rev.body.parents.is_empty() => {
            Entry::from_root(rev).ok_or_else(|| StoreError::UnknownEntry {
                entry: rev.body.entry.clone(),
            })
        }
        None => Err(StoreError::UnknownEntry {
            entry: rev.body.entry.clone(),
        }),
        Some(mut head) if head.heads == rev.body.parents => {
            head.apply(rev);
            Ok(head)
        }
        Some(_) => Err(StoreError::NotHead {
            entry: rev.body.entry.clone(),
        }),
    }
}

impl Store {
    /// Drops records that are already applied and checks the rest apply in
    /// order, without writing anything.
    pub(super) fn precheck(&self, records: &[Record]) -> Result<Vec<Record>, StoreError> {
        let mut heads: HashMap<String, Option<Entry>> = HashMap::new();
        let mut fresh = Vec::new();
        for record in records {
            if let Record::Revision { revision } = record {
                let key = rev_key(&revision.body.entry, &revision.id);
                if self.trees.revisions.contains_key(&key)? {
                    continue;
                }
                let entry = revision.body.entry.clone();
                let before = match heads.remove(&entry) {
                    Some(h) => h,
                    None => self.entry(&entry)?,
                };
                heads.insert(entry, Some(next_head(before, revision)?));
            }
            fresh.push(record.clone());
        }
        Ok(fresh)
    }

    /// Writes records in one sled transaction (no journal, no flush).
    pub(super) fn apply(&self, records: &[Record], pos: Pos) -> Result<(), StoreError> {
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
                    for record in records {
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
                                let before = read_entry(entries, &revision.body.entry)?;
                                let head = next_head(before, revision)
                                    .map_err(ConflictableTransactionError::Abort)?;
                                revisions.insert(key.clone(), to_json(revision)?)?;
                                entries.insert(head.id.as_bytes(), to_json(&head)?)?;
                                let mut index = unit_prefix(&head.campaign, &head.unit);
                                index.extend_from_slice(head.id.as_bytes());
                                by_unit.insert(index, index_value(&head))?;
                                seq += 1;
                                log.insert(&seq.to_be_bytes(), key)?;
                            }
                        }
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

fn read_entry(entries: &TransactionalTree, id: &str) -> TxResult<Option<Entry>> {
    match entries.get(id.as_bytes())? {
        None => Ok(None),
        Some(bytes) => decode(&bytes)
            .map(Some)
            .map_err(ConflictableTransactionError::Abort),
    }
}
