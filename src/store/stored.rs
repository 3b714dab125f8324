//! Stored revisions as their JSON, read in bulk for an export: the lines of
//! a campaign's revisions in journal order, each revision kept as the bytes
//! the journal holds, with only what ordering needs read out of it.

use super::journal::{self, Loc};
use super::located::RevLoc;
use super::{Result, Store, StoreError, decode};
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
    /// before children), as stored JSON: the lines are read in journal
    /// order (one pass forward), and no revision is decoded whole.
    pub fn campaign_revisions(&self, campaign: &str) -> Result<Vec<StoredRevision>> {
        let mut ids = self.entry_ids(campaign)?;
        ids.sort_unstable();
        let mut places: Vec<(Loc, usize, RevLoc)> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            places.extend(self.places(id)?.into_iter().map(|p| (p.loc(), i, p)));
        }
        places.sort_unstable_by_key(|(loc, ..)| *loc);
        let dir = self.dir.join("journal");
        let mut lines = journal::Lines::new(&dir);
        let mut by_entry: Vec<Vec<StoredRevision>> = ids.iter().map(|_| Vec::new()).collect();
        for (loc, i, place) in places {
            let entry = ids.get(i).map_or("", String::as_str);
            let failed = |detail: String| StoreError::JournalLine {
                entry: entry.to_string(),
                revision: place.id().to_string(),
                detail,
            };
            let line = lines.read_or_say(loc).map_err(failed)?;
            let json = journal::revision_json(&line).ok_or_else(|| {
                failed(match journal::body(&line) {
                    None => crate::i18n::journal_checksum(),
                    Some(_) => crate::i18n::journal_not_there(),
                })
            })?;
            let stored = StoredRevision::read(json)?;
            if stored.id != place.id() || stored.entry != entry {
                return Err(failed(crate::i18n::journal_not_there()));
            }
            if let Some(group) = by_entry.get_mut(i) {
                group.push(stored);
            }
        }
        Ok(by_entry.into_iter().flat_map(topo_order).collect())
    }
}
