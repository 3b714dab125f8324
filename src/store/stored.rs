//! Stored revisions as their JSON, read in bulk for an export: the lines of
//! a campaign's revisions in journal order, each revision kept as the bytes
//! the journal holds, with only what an export counts read out of it.

use std::borrow::Cow;

use serde::de::IgnoredAny;

use super::journal::{self, Loc, Pos};
use super::{Result, Store, StoreError, unit_index};
use crate::domain::Revision;

/// A stored revision as its JSON, with what an export counts and lists.
#[derive(Debug)]
pub struct StoredRevision {
    pub entry: String,
    pub id: String,
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
            device: revision.body.author.device.clone(),
            json,
        })
    }

    /// The revision at `range` of a journal `line`: only its entry, id and
    /// author are read out, but serde reads the whole text to do it
    /// (every value, and nothing after the object), so the text is kept as
    /// it is, in the line's own buffer, without checking it a second time.
    fn read(mut line: Vec<u8>, range: std::ops::Range<usize>) -> Result<StoredRevision> {
        #[derive(serde::Deserialize)]
        struct By<'a> {
            #[serde(borrow)]
            device: Cow<'a, str>,
        }
        #[derive(serde::Deserialize)]
        struct Head<'a> {
            #[serde(borrow)]
            entry: Cow<'a, str>,
            #[serde(borrow)]
            id: Cow<'a, str>,
            #[serde(borrow)]
            author: By<'a>,
        }
        let bytes = line.get(range.clone()).unwrap_or_default();
        let head: Head<'_> = serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
        })?;
        let (entry, id) = (head.entry.into_owned(), head.id.into_owned());
        let device = head.author.device.into_owned();
        line.truncate(range.end);
        line.drain(..range.start);
        let json = String::from_utf8(line).map_err(|e| StoreError::Corrupt {
            detail: e.to_string(),
        })?;
        Ok(StoredRevision {
            entry,
            id,
            device,
            json,
        })
    }
}

impl Store {
    /// Every revision of a campaign's entries, as stored JSON, in journal
    /// order (the order they were stored in, so a revision comes after the
    /// parents this store had before it): the places come from the unit
    /// index (one value per unit, of which only the places are decoded),
    /// the lines are read in journal order (two halves on two threads, each
    /// one pass forward), and no revision is decoded whole.
    pub fn campaign_revisions(&self, campaign: &str) -> Result<Vec<StoredRevision>> {
        type Placed = (IgnoredAny, IgnoredAny, unit_index::Places);
        let mut ids = Vec::new();
        let mut places: Vec<(Loc, usize)> = Vec::new();
        for (_, items) in unit_index::scan::<Placed>(&self.trees.unit_index, campaign)? {
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
        let mut out = first.map_err(|_| StoreError::Poisoned)??;
        out.extend(second?);
        Ok(out)
    }
}

/// The revisions at `places` (in journal order), each checked to be a
/// whole revision line of its entry (the index in `ids`).
fn read_lines(
    dir: &std::path::Path,
    ids: &[String],
    places: &[(Loc, usize)],
) -> Result<Vec<StoredRevision>> {
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
        out.push(stored);
    }
    Ok(out)
}
