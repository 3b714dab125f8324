//! Moving a database of the first layout (schema 1) to this one: revisions
//! lived in a sled tree of their own (`revisions`, keyed `entry NUL
//! revision`); now they live in the journal alone and each entry's value
//! says where (`located`). Every revision of the old tree is found in the
//! journal; one the journal lacks is journaled first. The old tree is
//! dropped last, so a crash midway runs the migration again at the next
//! start.

use std::collections::{BTreeMap, HashMap};

use super::journal::{self, Loc, Pos};
use super::located::{self, RevLoc};
use super::{Change, Result, Store, StoreError, decode, unit_index};
use crate::domain::Revision;

/// The first layout's tree of revisions.
pub const OLD_REVISIONS: &str = "revisions";

/// Migrates the open store if it has the first layout; nothing otherwise.
pub fn revisions_into_journal(store: &Store) -> Result<()> {
    if !store.tree_exists(OLD_REVISIONS) {
        return Ok(());
    }
    let old = store.db.open_tree(OLD_REVISIONS)?;
    // Where the journal has each revision, by entry and id.
    let mut found: HashMap<(String, String), Loc> = HashMap::new();
    journal::read_from(&store.dir.join("journal"), Pos::default(), |record, loc| {
        if let Change::Revision { revision } = record {
            found.insert((revision.body.entry, revision.id), loc);
        }
        Ok(())
    })?;
    let mut places: BTreeMap<String, Vec<RevLoc>> = BTreeMap::new();
    let mut missing: Vec<Change> = Vec::new();
    for kv in old.iter() {
        let (k, v) = kv?;
        let key = String::from_utf8_lossy(&k);
        let (entry, id) = key.split_once('\0').ok_or_else(|| StoreError::Corrupt {
            detail: format!("{OLD_REVISIONS}: {key:?}"),
        })?;
        match found.get(&(entry.to_string(), id.to_string())) {
            Some(loc) => places
                .entry(entry.to_string())
                .or_default()
                .push(RevLoc::new(id, *loc)),
            None => {
                let revision: Revision = decode(&v)?;
                missing.push(Change::Revision { revision });
            }
        }
    }
    drop(found);
    if !missing.is_empty() {
        let locs = store
            .journal_guard()?
            .append(&missing)
            .map_err(|e| StoreError::io("journal", e))?;
        for (record, loc) in missing.iter().zip(locs) {
            if let Change::Revision { revision } = record {
                places
                    .entry(revision.body.entry.clone())
                    .or_default()
                    .push(RevLoc::new(&revision.id, loc));
            }
        }
    }
    let mut batch = sled::Batch::default();
    let mut in_batch = 0;
    for kv in store.trees.entries.kept.iter() {
        let (k, v) = kv?;
        let head = located::head(&v)?;
        let revs = places.remove(&head.id).unwrap_or_default();
        batch.insert(k, located::encode(&head, &revs)?);
        in_batch += 1;
        if in_batch == 4_000 {
            store
                .trees
                .entries
                .kept
                .apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
    }
    store.trees.entries.kept.apply_batch(batch)?;
    // The first layout's index had no places.
    unit_index::rebuild(&store.trees.unit_index, &store.trees.entries.kept)?;
    store.sync()?;
    store.db.drop_tree(OLD_REVISIONS)?;
    store.sync()
}
