//! Stored revisions as their JSON, read in bulk for an export: the lines of
//! a campaign's revisions in journal order, each revision kept as the bytes
//! the journal holds, with only what ordering needs read out of it.

use super::journal::{self, Loc, Pos};
use super::{Result, Store, StoreError, decode, unit_index};
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
    /// The revision's JSON, whole and checked (`read` parsed all of it).
    pub json: String,
}

impl StoredRevision {
    /// A revision in this form.
    pub fn of(revision: &Revision) -> Result<StoredRevision> {
        let json = serde_json::to_string(revision).map_err(|e| StoreError::Corrupt {
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

    /// The revision at `range` of a journal `line`: only what ordering
    /// needs is read out, but serde reads the whole text to do it (every
    /// value, and nothing after the object), so the text is kept as it is,
    /// in the line's own buffer, without checking it a second time.
    fn read(mut line: Vec<u8>, range: std::ops::Range<usize>) -> Result<StoredRevision> {
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
        let bytes = line.get(range.clone()).unwrap_or_default();
        let head: Head = decode(bytes)?;
        line.truncate(range.end);
        line.drain(..range.start);
        let json = String::from_utf8(line).map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
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
    /// before children), as stored JSON: the places come from the unit
    /// index (one value per unit), the lines are read in journal order (two
    /// halves on two threads, each one pass forward), and no revision is
    /// decoded whole.
    pub fn campaign_revisions(&self, campaign: &str) -> Result<Vec<StoredRevision>> {
        let mut ids = Vec::new();
        let mut places: Vec<(Loc, usize)> = Vec::new();
        for (_, items) in unit_index::scan::<unit_index::Item>(&self.trees.unit_index, campaign)? {
            for (id, (.., lines)) in items {
                places.extend(lines.into_iter().map(|(seq, len)| {
                    let Pos { segment, offset } = Pos::from_seq(seq);
                    (
                        Loc {
                            segment,
                            offset,
                            len,
                        },
                        ids.len(),
                    )
                }));
                ids.push(id);
            }
        }
        places.sort_unstable();
        let dir = self.dir.join("journal");
        let (first, second) = places.split_at(places.len() / 2);
        let (first, second) = std::thread::scope(|s| {
            let first = s.spawn(|| read_lines(&dir, &ids, first));
            (first.join(), read_lines(&dir, &ids, second))
        });
        let mut by_entry: Vec<(&String, Vec<StoredRevision>)> =
            ids.iter().map(|id| (id, Vec::new())).collect();
        let first = first.map_err(|_| StoreError::Poisoned)??;
        for (i, stored) in first.into_iter().chain(second?) {
            if let Some((_, group)) = by_entry.get_mut(i) {
                group.push(stored);
            }
        }
        by_entry.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(by_entry
            .into_iter()
            .flat_map(|(_, group)| topo_order(group))
            .collect())
    }
}

/// The revisions at `places` (in journal order), each checked to be a
/// whole revision line of its entry (the index in `ids`).
fn read_lines(
    dir: &std::path::Path,
    ids: &[String],
    places: &[(Loc, usize)],
) -> Result<Vec<(usize, StoredRevision)>> {
    let mut lines = journal::Lines::new(dir);
    let mut out = Vec::with_capacity(places.len());
    for &(loc, i) in places {
        let entry = ids.get(i).map_or("", String::as_str);
        let failed = |detail: String| StoreError::JournalLine {
            entry: entry.to_string(),
            revision: format!("{:06}.jsonl @{}", loc.segment, loc.offset),
            detail,
        };
        let line = lines.read_or_say(loc).map_err(failed)?;
        let json = journal::revision_json(&line).map_err(failed)?;
        // The revision's JSON is the line after `REVISION_START`.
        let start = journal::REVISION_START.len();
        let range = start..start + json.len();
        let stored = StoredRevision::read(line, range)?;
        if stored.entry != entry {
            return Err(failed(crate::i18n::journal_not_there()));
        }
        out.push((i, stored));
    }
    Ok(out)
}
