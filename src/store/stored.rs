//! Stored revisions as their JSON, read in bulk for an export: one pass
//! over the revisions tree in key order (two halves on two threads), each
//! revision kept as the bytes sled holds, with only what ordering needs read
//! out of it.

use std::collections::HashSet;
use std::ops::Bound;

use super::{Result, Store, StoreError, apply, decode};
use crate::domain::{Revision, topo_order};

/// A stored revision as its JSON, with what ordering and counting need.
#[derive(Debug)]
pub struct StoredRevision {
    pub entry: String,
    pub id: String,
    pub parents: Vec<String>,
    pub at: String,
    /// The device that made it.
    pub device: String,
    pub json: Box<serde_json::value::RawValue>,
}

impl StoredRevision {
    /// A revision in this form.
    pub fn of(revision: &Revision) -> Result<StoredRevision> {
        let json = serde_json::value::to_raw_value(revision).map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
        })?;
        Ok(StoredRevision {
            entry: revision.body.entry.clone(),
            id: revision.id.clone(),
            parents: revision.body.parents.clone(),
            at: revision.body.at.clone(),
            device: revision.body.author.device.clone(),
            json,
        })
    }

    fn read(bytes: &[u8]) -> Result<StoredRevision> {
        #[derive(serde::Deserialize)]
        struct By {
            device: String,
        }
        #[derive(serde::Deserialize)]
        struct Head {
            entry: String,
            id: String,
            #[serde(default)]
            parents: Vec<String>,
            at: String,
            author: By,
        }
        let head: Head = decode(bytes)?;
        let text = std::str::from_utf8(bytes).map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
        })?;
        let json = serde_json::value::RawValue::from_string(text.to_string()).map_err(|e| {
            StoreError::Corrupt {
                detail: e.to_string(),
            }
        })?;
        Ok(StoredRevision {
            entry: head.entry,
            id: head.id,
            parents: head.parents,
            at: head.at,
            device: head.author.device,
            json,
        })
    }
}

impl crate::domain::Ordered for StoredRevision {
    fn id(&self) -> &str {
        &self.id
    }
    fn parents(&self) -> &[String] {
        &self.parents
    }
    fn at(&self) -> &str {
        &self.at
    }
}

impl Store {
    /// Every revision of a campaign's entries, entry by entry (parents
    /// before children), as stored JSON: a pass over the revisions in key
    /// order costs far less than one lookup per entry, and no revision is
    /// decoded whole.
    pub fn campaign_revisions(&self, campaign: &str) -> Result<Vec<StoredRevision>> {
        let mut ids = self.entry_ids(campaign)?;
        ids.sort_unstable();
        let Some(middle) = ids.get(ids.len() / 2) else {
            return Ok(Vec::new());
        };
        // An entry's keys all start with its id and NUL: the two halves
        // never split an entry.
        let middle = apply::entry_prefix(middle);
        let ids: HashSet<&[u8]> = ids.iter().map(|id| id.as_bytes()).collect();
        let tree = &self.trees.revisions;
        std::thread::scope(|s| {
            let first = s.spawn(|| {
                read_range(
                    tree,
                    &ids,
                    (Bound::Unbounded, Bound::Excluded(middle.clone())),
                )
            });
            let second = read_range(
                tree,
                &ids,
                (Bound::Included(middle.clone()), Bound::Unbounded),
            );
            let mut out = first.join().map_err(|_| StoreError::Poisoned)??;
            out.extend(second?);
            Ok(out)
        })
    }
}

/// The revisions of the given entries in a key range, each entry's in
/// parents-first order.
fn read_range(
    tree: &sled::Tree,
    ids: &HashSet<&[u8]>,
    range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
) -> Result<Vec<StoredRevision>> {
    let mut out = Vec::new();
    let mut group: Vec<StoredRevision> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for kv in tree.range(range) {
        let (k, v) = kv?;
        let entry = k.split(|&b| b == 0).next().unwrap_or_default();
        if entry != current.as_slice() {
            out.extend(topo_order(std::mem::take(&mut group)));
            current = entry.to_vec();
        }
        if ids.contains(entry) {
            group.push(StoredRevision::read(&v)?);
        }
    }
    out.extend(topo_order(group));
    Ok(out)
}
