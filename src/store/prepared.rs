//! What `apply::prepare` reads and makes: the stored state it checks
//! records against (`Known`), where the records come from (`Source`), and
//! the records and heads ready to write (`Prepared`).

use std::collections::BTreeMap;

use super::{Change, StoreError};
use crate::domain::idmap::IdMap;
use crate::domain::{Entry, Revision};

/// Where `prepare` reads what is already stored: sled, or the doctor's
/// model of the journal.
pub trait Known {
    /// The stored head of an entry.
    fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError>;
    /// Every stored revision of an entry.
    fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError>;
    /// Whether an entry is stored and, if it is, whether it holds a
    /// revision (`None`: no such entry), in one lookup.
    fn presence(&self, entry: &str, rev: &str) -> Result<Option<bool>, StoreError>;
}

/// Records ready to write: the new ones (known ones dropped, deterministic
/// merge revisions added) and the resulting head of every entry touched,
/// but for the entries an import creates whole (`fresh`), whose heads are
/// made from the records as they are written (`all_heads` makes them all).
#[derive(Debug, Default)]
pub struct Prepared {
    /// The records; after a commit of more than `StoreOptions::bulk`, none
    /// (let go of once sled holds what it needs of them: `revisions` and
    /// `merged_entries` say what they were).
    pub records: Vec<Change>,
    pub heads: BTreeMap<String, Entry>,
    /// Entries the batch creates, root and chain (an import only), each
    /// with the position of its last revision in `records`.
    pub fresh: IdMap<String, usize>,
    /// How many merge revisions were added (the last of `records`).
    pub merges: usize,
    /// How many of the records are revisions, merges included.
    pub revisions: usize,
    /// How many entries the merge revisions merge.
    pub merged_entries: usize,
}

impl Prepared {
    /// Counts what the records are (`revisions`, `merged_entries`), once
    /// they are complete.
    pub(super) fn count(&mut self) {
        fn revision(r: &Change) -> Option<&str> {
            match r {
                Change::Revision { revision } => Some(revision.body.entry.as_str()),
                _ => None,
            }
        }
        self.revisions = self.records.iter().filter_map(revision).count();
        let merges = &self.records[self.records.len().saturating_sub(self.merges)..];
        let merged: std::collections::BTreeSet<&str> = merges.iter().filter_map(revision).collect();
        self.merged_entries = merged.len();
    }

    /// Lets go of the revisions' changes (the answers, most of a large
    /// import's memory) once the journal holds them: what sled is written
    /// from is their ids, entries, parents, roots and statuses, and the
    /// heads already made. The records then no longer say what changed.
    pub fn shed_changes(&mut self) {
        for record in &mut self.records {
            if let Change::Revision { revision } = record {
                revision.body.changes = Default::default();
            }
        }
    }
}

/// The roots an import found unstored when it looked them up, by their
/// position among its records, and how many commits the store had made
/// when it began to look (`Store::commits`). `prepare` takes those roots'
/// entries as absent without looking them up again, unless a commit came
/// in between.
#[derive(Debug, Default)]
pub struct Unstored {
    pub commits: u64,
    pub roots: Vec<bool>,
}

/// Where records come from, for `prepare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A save: every revision id is checked against its content.
    Save,
    /// An import, which checked every revision id before (in parallel)
    /// and holds none twice.
    Import,
    /// Replaying the journal after a crash, when sled may hold part of the
    /// batch: every entry touched is recomputed from all its revisions
    /// (stored or replayed), so a stored revision whose head was never
    /// written still counts.
    Redo,
}
