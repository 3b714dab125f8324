//! Entries an import creates: a root and a chain of revisions each
//! continuing the one before, all in the batch. `prepare` only follows
//! their tip; their heads are made from the batch's revisions when they are
//! written, a few thousand at a time, so a large import never holds every
//! head at once beside the revisions it came with.

use std::collections::BTreeMap;

use super::journal::Loc;
use super::prepared::Prepared;
use super::unit_index::{self, Placed};
use super::{Change, StoreError};
use super::{entries, located};
use crate::domain::idmap::IdMap;
use crate::domain::{Entry, Revision, Status};

/// What following a revision as a fresh entry's did.
pub enum Advance {
    /// It is a fresh entry's root or continues its tip.
    Fresh,
    /// A fresh entry forks or merges: it needs the DAG.
    Dag,
    /// Not a fresh entry's (stored, or not a root): the usual way.
    Not,
}

/// Follows `revision` if it starts a fresh entry or continues one. It is
/// kept at position `at` of the records, before which `records` holds
/// the records kept so far (each fresh entry's tip among them: `fresh`
/// maps each fresh entry to its tip's position); `stored`: whether its
/// entry is stored already.
pub fn advance(
    out: &mut Prepared,
    records: &[Change],
    revision: &Revision,
    at: usize,
    stored: bool,
) -> Result<Advance, StoreError> {
    let entry = &revision.body.entry;
    if let Some(tip) = out.fresh.get_mut(entry) {
        let continues = match (revision.body.parents.as_slice(), records.get(*tip)) {
            ([parent], Some(Change::Revision { revision: last })) => *parent == last.id,
            _ => false,
        };
        if continues {
            *tip = at;
            return Ok(Advance::Fresh);
        }
        out.fresh.remove(entry);
        return Ok(Advance::Dag);
    }
    if !revision.body.parents.is_empty() || out.heads.contains_key(entry) || stored {
        return Ok(Advance::Not);
    }
    if revision.body.init.is_none() {
        return Err(StoreError::UnknownEntry {
            entry: entry.clone(),
        });
    }
    out.fresh.insert(entry.clone(), at);
    Ok(Advance::Fresh)
}

/// A fresh entry as the unit index takes it, with what is stored of it:
/// its places only, as JSON (its head is folded from them when read; the
/// entry goes into a bucket, or under a key of its own, `entries`). What
/// the index needs of the head
/// (the root's unit and form, the status the chain ends in) is read off
/// the revisions; no answer is folded.
pub fn place_only(
    entry: &str,
    revisions: &[(usize, &Revision)],
    places: &[(&str, u64, u32)],
) -> Result<(Vec<u8>, Placed), StoreError> {
    let init = revisions
        .first()
        .and_then(|(_, r)| r.body.init.as_ref())
        .ok_or_else(|| StoreError::UnknownEntry {
            entry: entry.to_string(),
        })?;
    let status = revisions
        .iter()
        .rev()
        .find_map(|(_, r)| r.body.status)
        .unwrap_or(Status::Draft);
    let placed = unit_index::placed_as(
        (entry, &init.campaign, &init.unit, &init.form),
        status,
        unit_index::places_of(places.iter().map(|&(_, at, len)| (at, len))),
    );
    Ok((located::places_json(places)?, placed))
}

/// A fresh entry's head: its root, then each revision after it.
pub fn fold(entry: &str, revisions: &[&Revision]) -> Result<Entry, StoreError> {
    let unknown = || StoreError::UnknownEntry {
        entry: entry.to_string(),
    };
    let (root, rest) = revisions.split_first().ok_or_else(unknown)?;
    let mut head = Entry::from_root(root).ok_or_else(unknown)?;
    for r in rest {
        head.apply(r);
    }
    Ok(head)
}

impl Prepared {
    /// Each fresh entry's revisions, with their positions in the records,
    /// in the records' order; the entries in the order of their first
    /// revision (so what goes through them reads the records in order, not
    /// at random).
    pub fn fresh_revisions(&self) -> Vec<(&str, Vec<(usize, &Revision)>)> {
        let mut out: Vec<(&str, Vec<(usize, &Revision)>)> = Vec::new();
        let mut at: IdMap<&str, usize> = IdMap::default();
        for (i, record) in self.records.iter().enumerate() {
            if let Change::Revision { revision } = record
                && self.fresh.contains_key(&revision.body.entry)
            {
                let entry = revision.body.entry.as_str();
                let group = *at.entry(entry).or_insert_with(|| {
                    out.push((entry, Vec::new()));
                    out.len() - 1
                });
                if let Some((_, revisions)) = out.get_mut(group) {
                    revisions.push((i, revision));
                }
            }
        }
        out
    }

    /// Every head the batch leads to, the fresh entries' made from their
    /// revisions.
    pub fn all_heads(&self) -> Result<BTreeMap<String, Entry>, StoreError> {
        let mut heads = self.heads.clone();
        for (entry, revisions) in self.fresh_revisions() {
            let revisions: Vec<&Revision> = revisions.into_iter().map(|(_, r)| r).collect();
            heads.insert(entry.to_string(), fold(entry, &revisions)?);
        }
        Ok(heads)
    }
}

/// What the entries a batch creates write: bucket items (entry id, places
/// JSON), values under keys of their own, and their unit index items.
#[derive(Default)]
pub(super) struct Placement {
    pub(super) items: Vec<(String, Vec<u8>)>,
    pub(super) own: Vec<(Vec<u8>, Vec<u8>)>,
    pub(super) placed: Vec<Placed>,
}

/// The placement of the fresh entries (their revisions' lines `locs`), as
/// bucket items when `to_buckets`. On this thread: its memory is what this
/// thread let go of before (on two threads, the import's peak was higher
/// and it was no faster once the records are read in order).
pub fn place(
    fresh: &[(&str, Vec<(usize, &Revision)>)],
    locs: &[Loc],
    to_buckets: bool,
) -> Result<Placement, StoreError> {
    let mut out = Placement {
        placed: Vec::with_capacity(fresh.len()),
        ..Placement::default()
    };
    for (entry, revisions) in fresh {
        // As `RevLoc`s are written, without a copy of each id.
        let at: Vec<(&str, u64, u32)> = revisions
            .iter()
            .filter_map(|(i, r)| {
                locs.get(*i)
                    .map(|loc| (r.id.as_str(), loc.start().to_seq(), loc.len))
            })
            .collect();
        let (json, index) = place_only(entry, revisions, &at)?;
        out.placed.push(index);
        match to_buckets && entries::fits(entry) {
            true => out.items.push((entry.to_string(), json)),
            false => out
                .own
                .push((entry.as_bytes().to_vec(), located::without_head(&json))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dag::materialize;
    use crate::domain::{Author, EntryInit, RevisionDraft, Status};
    use crate::store::apply::prepare;
    use crate::store::doctor::Nothing;
    use crate::store::prepared::{Known, Source};
    use serde_json::{Value, json};

    fn rev(parents: &[&Revision], minute: u32, who: &str, changes: Value) -> Revision {
        RevisionDraft {
            entry: "e".into(),
            parents: parents.iter().map(|p| p.id.clone()).collect(),
            author: Author {
                device: who.into(),
                person: who.into(),
            },
            at: format!("2013-11-26T09:{minute:02}:00+08:00"),
            init: parents.is_empty().then(|| EntryInit {
                campaign: "c".into(),
                unit: "u".into(),
                form: "f".into(),
                form_version: 1,
                finding: None,
            }),
            changes: serde_json::from_value(changes).unwrap(),
            status: parents.is_empty().then_some(Status::Draft),
            reason: None,
        }
        .seal()
    }

    fn records(revs: &[&Revision]) -> Vec<Change> {
        revs.iter()
            .map(|r| Change::Revision {
                revision: (*r).clone(),
            })
            .collect()
    }

    #[test]
    fn a_chain_is_fresh_and_folds_like_the_dag() {
        let r0 = rev(&[], 0, "a", json!({"x": 1}));
        let r1 = rev(&[&r0], 1, "a", json!({"y": "二"}));
        let r2 = rev(&[&r1], 2, "a", json!({"x": null}));
        let p = prepare(&Nothing, records(&[&r0, &r1, &r2]), Source::Import).unwrap();
        assert!(p.fresh.contains_key("e"));
        assert!(p.heads.is_empty());
        let heads = p.all_heads().unwrap();
        let want = materialize(&[r0, r1, r2.clone()]).unwrap().entry;
        assert_eq!(heads.get("e"), Some(&want));
        assert_eq!(want.heads, vec![r2.id]);
    }

    /// A store holding one entry, `e`, of one revision.
    struct Holding(Revision);

    impl Known for Holding {
        fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError> {
            Ok((entry == "e").then(|| materialize(std::slice::from_ref(&self.0)).unwrap().entry))
        }
        fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError> {
            Ok(if entry == "e" {
                vec![self.0.clone()]
            } else {
                vec![]
            })
        }
        fn presence(&self, entry: &str, rev: &str) -> Result<Option<bool>, StoreError> {
            Ok((entry == "e").then_some(rev == self.0.id))
        }
    }

    #[test]
    fn a_second_root_of_a_stored_entry_is_never_a_fresh_entry() {
        let stored = rev(&[], 0, "a", json!({"x": 1}));
        let second = rev(&[], 1, "b", json!({"x": 2}));
        let next = rev(&[&second], 2, "b", json!({"y": 3}));
        let known = Holding(stored.clone());
        // Folded with what is stored (through the DAG), not written as a
        // new entry beside the stored one.
        let p = prepare(&known, records(&[&second, &next]), Source::Import).unwrap();
        assert!(!p.fresh.contains_key("e"));
        let want = materialize(&[stored, second.clone(), next.clone()])
            .unwrap()
            .entry;
        assert_eq!(p.heads.get("e"), Some(&want));
        let fresh = prepare(&Nothing, records(&[&second, &next]), Source::Import).unwrap();
        assert!(fresh.fresh.contains_key("e"));
    }

    #[test]
    fn a_fork_leaves_the_fresh_path_and_is_merged() {
        let r0 = rev(&[], 0, "a", json!({"x": 1}));
        let a = rev(&[&r0], 5, "a", json!({"x": 2}));
        let b = rev(&[&r0], 6, "b", json!({"y": 3}));
        let p = prepare(&Nothing, records(&[&r0, &a, &b]), Source::Import).unwrap();
        assert!(!p.fresh.contains_key("e"));
        assert_eq!(p.merges, 1);
        let want = materialize(&[r0, a, b]).unwrap().entry;
        assert_eq!(p.all_heads().unwrap().get("e"), Some(&want));
        assert_eq!(want.answers.get("x"), Some(&json!(2)));
        assert_eq!(want.answers.get("y"), Some(&json!(3)));
    }
}
