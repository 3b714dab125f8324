//! Applying journal records to sled: checks before anything is written, then
//! the writes of heads (with where their revisions are in the journal), the
//! unit index and the journal position (one transaction for a save, batches
//! tree by tree for a large import).

use std::collections::{BTreeSet, HashMap, HashSet};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::Change;
use super::entries::{self, Entries};
use super::journal::{Loc, Pos};
use super::located::{self, RevLoc};
use super::prepared::{Known, Prepared, Source};
use super::{Store, StoreError, fresh, unit_index};
use crate::domain::idmap::{IdMap, IdSet};
use crate::domain::{Entry, Revision, dag};

/// Meta key of a user setting.
pub fn setting_key(key: &str) -> String {
    format!("set:{key}")
}

/// Checks records against what is known and computes the heads they lead
/// to. A revision continuing a clean head is applied directly; anything
/// else (a fork, a merge, a conflict) goes through the revision DAG.
pub fn prepare(
    known: &dyn Known,
    records: Vec<Change>,
    source: Source,
) -> Result<Prepared, StoreError> {
    prepare_with(known, records, source, &[])
}

/// `prepare`, the record at position `i` being a root whose entry is not
/// stored when `unstored[i]` says so (found out before, `Unstored`).
pub fn prepare_with(
    known: &dyn Known,
    records: Vec<Change>,
    source: Source,
    unstored: &[bool],
) -> Result<Prepared, StoreError> {
    let redo = source == Source::Redo;
    let mut out = Prepared::default();
    // Revision ids of this batch (to drop repeats; an id is its content's
    // hash, entry included, so one set serves every entry). Not kept for
    // an import, which holds no id twice (`sync::check` refuses a bundle
    // that does; the doctor takes a revision written twice once).
    let mut seen: IdSet<String> = IdSet::default();
    let track = source != Source::Import;
    let mut dag_entries: BTreeSet<String> = BTreeSet::new();
    // The records are kept in place (a large import's would otherwise be
    // held twice while their list is copied): record `i` is still where it
    // came, as every record moved so far is moved to an earlier place.
    let mut records = records;
    let mut kept = 0;
    for i in 0..records.len() {
        let Change::Revision { revision } = &records[i] else {
            keep(&mut records, &mut kept, i);
            continue;
        };
        let entry = revision.body.entry.as_str();
        // A repeat within the batch counts as stored.
        let presence = match seen.contains(&revision.id) {
            true => Some(true),
            false if unstored.get(i) == Some(&true) => None,
            false => known.presence(entry, &revision.id)?,
        };
        if presence == Some(true) {
            if redo {
                out.heads.remove(entry);
                dag_entries.insert(entry.to_string());
            }
            continue;
        }
        if source != Source::Import && !revision.id_matches() {
            if redo {
                // A damaged line costs its own revision, not the replay
                // (the doctor names it).
                continue;
            }
            return Err(StoreError::BadRevision {
                id: revision.id.clone(),
            });
        }
        if track {
            seen.insert(revision.id.clone());
        }
        if redo {
            out.heads.remove(entry);
            dag_entries.insert(entry.to_string());
        } else if !dag_entries.contains(entry) {
            let advance = match source {
                Source::Import => {
                    fresh::advance(&mut out, &records, revision, kept, presence.is_some())?
                }
                _ => fresh::Advance::Not,
            };
            let advanced = match advance {
                fresh::Advance::Fresh => true,
                fresh::Advance::Dag => false,
                fresh::Advance::Not => advance_head(known, &mut out, revision)?,
            };
            if !advanced {
                dag_entries.insert(entry.to_string());
            }
        }
        keep(&mut records, &mut kept, i);
    }
    records.truncate(kept);
    out.records = records;
    merge_through_dag(known, &mut out, &dag_entries, redo)?;
    out.count();
    Ok(out)
}

/// Keeps record `i` as the next of the `kept` kept so far (records not
/// kept are left behind it; a large import keeps nearly every record, and
/// a record is not swapped with itself).
fn keep(records: &mut [Change], kept: &mut usize, i: usize) {
    if *kept != i {
        records.swap(*kept, i);
    }
    *kept += 1;
}

/// Moves an entry's head on by a revision that is its root, or whose parents
/// are exactly the head's (the common case: no DAG needed). `false` when the
/// entry needs the DAG (a fork, a merge, a conflict).
fn advance_head(
    known: &dyn Known,
    out: &mut Prepared,
    revision: &Revision,
) -> Result<bool, StoreError> {
    let entry = &revision.body.entry;
    let before = match out.heads.remove(entry) {
        Some(h) => Some(h),
        None => known.head(entry)?,
    };
    match before {
        None if revision.body.parents.is_empty() => {
            let head = Entry::from_root(revision).ok_or_else(|| StoreError::UnknownEntry {
                entry: entry.clone(),
            })?;
            out.heads.insert(entry.clone(), head);
            Ok(true)
        }
        Some(mut head) if head.heads == revision.body.parents && head.conflicts.is_empty() => {
            head.apply(revision);
            out.heads.insert(entry.clone(), head);
            Ok(true)
        }
        other => {
            if let Some(h) = other {
                out.heads.insert(entry.clone(), h);
            }
            Ok(false)
        }
    }
}

/// Entries the fast path could not advance: each is materialised from all
/// its revisions (stored and in this batch), adding the merge revisions
/// every machine derives alike.
fn merge_through_dag(
    known: &dyn Known,
    out: &mut Prepared,
    dag_entries: &BTreeSet<String>,
    redo: bool,
) -> Result<(), StoreError> {
    // The batch's revisions of the entries that need the DAG, in one pass.
    let mut batch_revs: HashMap<&str, Vec<Revision>> = HashMap::new();
    for r in &out.records {
        if let Change::Revision { revision } = r
            && dag_entries.contains(&revision.body.entry)
        {
            batch_revs
                .entry(revision.body.entry.as_str())
                .or_default()
                .push(revision.clone());
        }
    }
    let mut merged_all = Vec::new();
    for entry in dag_entries {
        let mut all = known.revisions(entry)?;
        all.extend(batch_revs.remove(entry.as_str()).unwrap_or_default());
        merged_all.push((entry.clone(), all));
    }
    drop(batch_revs);
    for (entry, all) in merged_all {
        let merged = match dag::materialize(&all) {
            Some(m) => m,
            None if !redo => return Err(StoreError::MissingParents { entry }),
            // Replaying: an ancestor's line was damaged or unreadable. What
            // still has all its ancestors is kept; the rest is left out.
            None => {
                let placed = with_ancestors(all);
                let ids: HashSet<&str> = placed.iter().map(|r| r.id.as_str()).collect();
                let merged = dag::materialize(&placed);
                let keep = |r: &Revision| merged.is_some() && ids.contains(r.id.as_str());
                out.records.retain(|c| match c {
                    Change::Revision { revision } => revision.body.entry != entry || keep(revision),
                    _ => true,
                });
                let Some(merged) = merged else { continue };
                merged
            }
        };
        out.merges += merged.merges.len();
        for m in merged.merges {
            out.records.push(Change::Revision { revision: m });
        }
        out.heads.insert(entry, merged.entry);
    }
    Ok(())
}

/// The revisions whose every ancestor is among them (in one pass when
/// parents come first, as in the journal).
fn with_ancestors(mut left: Vec<Revision>) -> Vec<Revision> {
    let mut placed: Vec<Revision> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    loop {
        let before = placed.len();
        left.retain(|r| {
            let ready = r.body.parents.iter().all(|p| ids.contains(p));
            if ready {
                ids.insert(r.id.clone());
                placed.push(r.clone());
            }
            !ready
        });
        if placed.len() == before || left.is_empty() {
            return placed;
        }
    }
}

impl Known for Store {
    fn head(&self, entry: &str) -> Result<Option<Entry>, StoreError> {
        self.entry(entry)
    }
    fn revisions(&self, entry: &str) -> Result<Vec<Revision>, StoreError> {
        Store::revisions(self, entry)
    }
    fn presence(&self, entry: &str, rev: &str) -> Result<Option<bool>, StoreError> {
        self.revision_presence(entry, rev)
    }
}

/// Above this many records plus heads a batch is written tree by tree
/// (an import, a replay): one sled transaction over hundreds of thousands
/// of writes costs more than twice the writes themselves.
pub(super) const BULK: usize = 2_000;
/// Writes per sled batch on that path: sled's memory grows with the size
/// of the batch it applies (one batch of everything holds gigabytes; an
/// import of 100 000 entries peaked at 360 MiB with 4 000, 286 MiB with
/// 1 000, and no lower with 250).
const BULK_BATCH: usize = 1_000;
/// Buckets per sled batch: a bucket holds dozens of entries.
pub(super) const BUCKETS_PER_BATCH: usize = BULK_BATCH / 4;

type Kv = (Vec<u8>, Vec<u8>);

/// The writes of the records that are not revisions, per tree: campaigns,
/// forms, meta. (Revisions live in the journal; their places go with the
/// heads.)
fn record_writes(records: &[Change]) -> Result<[Vec<Kv>; 3], StoreError> {
    let [mut campaigns, mut forms, mut meta] = [(); 3].map(|()| Vec::new());
    for record in records {
        match record {
            Change::Campaign { campaign } => {
                campaigns.push((campaign.id.clone().into_bytes(), json(campaign)?));
            }
            Change::Form { form } => {
                let key = format!("{}@{}", form.id, form.version);
                forms.push((key.into_bytes(), json(form)?));
            }
            Change::Setting { key, value } => {
                meta.push((setting_key(key).into_bytes(), json(value)?));
            }
            Change::Revision { .. } => {}
        }
    }
    Ok([campaigns, forms, meta])
}

/// Where the records' revisions are in the journal, by entry, for the
/// entries `of` says (`locs` are the records' lines, in order).
fn new_places<'a>(
    records: &'a [Change],
    locs: &[Loc],
    of: impl Fn(&str) -> bool,
) -> IdMap<&'a str, Vec<RevLoc>> {
    let mut out: IdMap<&str, Vec<RevLoc>> = IdMap::default();
    for (record, loc) in records.iter().zip(locs) {
        if let Change::Revision { revision } = record
            && of(&revision.body.entry)
        {
            out.entry(revision.body.entry.as_str())
                .or_default()
                .push(RevLoc::new(&revision.id, *loc));
        }
    }
    out
}

/// The writes of heads to the entries tree: each head with the places of
/// its revisions, those already stored (under its own key or in a bucket)
/// and the new ones; each head and its places go to `placed` too (for the
/// unit index). An entry `headless` names keeps only its places, held back
/// for the buckets when its id fits in one (a rebuild's replay).
fn head_writes<'a>(
    entries: &Entries,
    heads: impl Iterator<Item = &'a Entry>,
    places: &IdMap<&str, Vec<RevLoc>>,
    headless: &IdSet<String>,
    placed: &mut Vec<unit_index::Placed>,
) -> Result<Vec<Kv>, StoreError> {
    let mut out = Vec::new();
    for head in heads {
        let new = places.get(head.id.as_str()).map_or(0, Vec::len);
        // An entry whose every revision is new has nothing stored to read.
        let mut revs = match new == head.revisions as usize {
            true => Vec::new(),
            false => match entries.get(head.id.as_bytes())? {
                Some(v) => located::revs(&v)?,
                None => Vec::new(),
            },
        };
        if let Some(new) = places.get(head.id.as_str()) {
            let known: HashSet<String> = revs.iter().map(|r| r.id().to_string()).collect();
            revs.extend(new.iter().filter(|r| !known.contains(r.id())).cloned());
        }
        let key = || head.id.clone().into_bytes();
        match headless.contains(&head.id) {
            true => {
                let places = located::places_json(&revs)?;
                match entries::fits(&head.id) {
                    true => entries.hold(&head.id, places)?,
                    false => out.push((key(), located::without_head(&places))),
                }
            }
            false => out.push((key(), located::encode(head, &revs)?)),
        }
        placed.push(unit_index::placed(head, unit_index::places(&revs)));
    }
    Ok(out)
}

/// A unit's new counts per form, for the counts kept in memory.
type NewCounts = Vec<(Vec<u8>, unit_index::Counts)>;

/// The writes of the heads to the unit index (one per unit touched), and
/// the touched units' new counts.
fn index_writes(
    tree: &sled::Tree,
    heads: impl Iterator<Item = unit_index::Placed>,
    counts: &mut NewCounts,
) -> Result<Vec<Kv>, StoreError> {
    let writes = unit_index::writes(tree, heads)?;
    let mut out = Vec::with_capacity(writes.len());
    for (kv, new) in writes {
        counts.push((kv.0.clone(), new));
        out.push(kv);
    }
    Ok(out)
}

/// The writes of the touched units' new counts to the counts tree.
fn count_writes(counts: &NewCounts) -> Result<Vec<Kv>, StoreError> {
    counts
        .iter()
        .map(|(k, c)| Ok((k.clone(), unit_index::encode_counts(c)?)))
        .collect()
}

/// Writes to one tree as one sled batch.
fn write_batch(tree: &sled::Tree, writes: &[Kv]) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for (k, v) in writes {
        batch.insert(k.as_slice(), v.as_slice());
    }
    Ok(tree.apply_batch(batch)?)
}

impl Store {
    /// Writes prepared heads (with the places of their revisions, `locs`
    /// being the records' journal lines in order) and the other records,
    /// and moves the journal position past them (no journal, no flush). An
    /// ordinary save is one sled transaction. A large batch is written in
    /// batches of a few thousand writes, the journal position last: a crash
    /// in between leaves the position before the batch, and the next start
    /// replays it (`catch_up` recomputes the heads of every entry it
    /// touches, so a half-written batch heals).
    ///
    /// `placement`: that of the entries a large batch creates, if made
    /// before (`place`).
    pub(super) fn apply(
        &self,
        prepared: &mut Prepared,
        locs: &[Loc],
        pos: Pos,
        placement: Option<fresh::Placement>,
    ) -> Result<(), StoreError> {
        let position = (b"journal_pos".to_vec(), pos.to_bytes());
        let mut counts = NewCounts::new();
        let t = &self.trees;
        let [campaigns, forms, mut meta] = record_writes(&prepared.records)?;
        if !self.is_bulk(prepared) {
            let places = new_places(&prepared.records, locs, |_| true);
            let mut placed = Vec::new();
            let heads = prepared.all_heads()?;
            let entries = head_writes(
                &t.entries,
                heads.values(),
                &places,
                &self.headless,
                &mut placed,
            )?;
            let index = index_writes(&t.unit_index, placed.into_iter(), &mut counts)?;
            let unit_counts = count_writes(&counts)?;
            meta.push(position);
            self.apply_transaction([
                (&t.entries.kept, entries),
                (&t.unit_index, index),
                (&t.unit_counts, unit_counts),
                (&t.campaigns, campaigns),
                (&t.forms, forms),
                (&t.meta, meta),
            ])?;
            return self.take_counts(counts);
        }
        // The places of the entries whose heads are written; those of the
        // entries the batch creates are gathered entry by entry below.
        let places = new_places(&prepared.records, locs, |entry| {
            prepared.heads.contains_key(entry)
        });
        // Serialised and written a few thousand at a time (little is held).
        // Serialised on this thread while another writes the chunk before.
        let heads: Vec<&Entry> = prepared.heads.values().collect();
        let mut placed = Vec::with_capacity(heads.len());
        std::thread::scope(|s| {
            let (chunks, to_write) = std::sync::mpsc::sync_channel::<Vec<Kv>>(1);
            let writer = s.spawn(move || {
                for writes in to_write {
                    write_batch(&t.entries.kept, &writes)?;
                }
                Ok::<(), StoreError>(())
            });
            for part in heads.chunks(BULK_BATCH) {
                let writes = head_writes(
                    &t.entries,
                    part.iter().copied(),
                    &places,
                    &self.headless,
                    &mut placed,
                )?;
                if chunks.send(writes).is_err() {
                    break;
                }
            }
            drop(chunks);
            writer.join().map_err(|_| StoreError::Poisoned)?
        })?;
        let placement = match placement {
            Some(placement) => placement,
            None => self.place(prepared, locs)?,
        };
        // Nothing more is read from the records: the revisions (a large
        // import's) are let go of before the buckets and the unit index
        // are made.
        prepared.records = Vec::new();
        let fresh::Placement {
            items,
            own,
            placed: fresh_placed,
        } = placement;
        placed.extend(fresh_placed);
        // The buckets are written on one core while the unit index is made
        // on the other.
        let index = std::thread::scope(|s| {
            let buckets = s.spawn(move || {
                for part in own.chunks(BULK_BATCH) {
                    write_batch(&t.entries.kept, part)?;
                }
                t.entries.add_items(&items, BUCKETS_PER_BATCH)
            });
            let index = index_writes(&t.unit_index, placed.into_iter(), &mut counts);
            buckets.join().map_err(|_| StoreError::Poisoned)??;
            index
        })?;
        for part in index.chunks(BULK_BATCH) {
            write_batch(&t.unit_index, part)?;
        }
        for part in count_writes(&counts)?.chunks(BULK_BATCH) {
            write_batch(&t.unit_counts, part)?;
        }
        write_batch(&t.campaigns, &campaigns)?;
        write_batch(&t.forms, &forms)?;
        meta.push(position);
        write_batch(&t.meta, &meta)?;
        self.take_counts(counts)
    }

    /// Whether a prepared batch is written tree by tree (`BULK`).
    pub(super) fn is_bulk(&self, prepared: &Prepared) -> bool {
        prepared.records.len() + prepared.heads.len() > self.bulk
    }

    /// The placement of the entries a large batch creates (`locs`: the
    /// records' lines). They keep no head: only their places are written
    /// (the head is folded when read), as bucket items unless the buckets
    /// already hold more than twice as many (each bucket is rewritten
    /// whole): then under keys of their own. Reads sled, writes nothing,
    /// so it is made while the lines are made durable.
    pub(super) fn place(
        &self,
        prepared: &Prepared,
        locs: &[Loc],
    ) -> Result<fresh::Placement, StoreError> {
        let fresh = prepared.fresh_revisions();
        let to_buckets = !fresh.is_empty() && self.trees.entries.worth_buckets(fresh.len())?;
        fresh::place(&fresh, locs, to_buckets)
    }

    /// The counts kept in memory take in what was just written to the unit
    /// index (for campaigns whose counts were asked for).
    fn take_counts(&self, counts: NewCounts) -> Result<(), StoreError> {
        let mut cache = self.counts.lock().map_err(|_| StoreError::Poisoned)?;
        for (key, new) in counts {
            if let Some((campaign, unit)) = unit_index::split_key(&key)
                && let Some(units) = cache.get_mut(&campaign)
            {
                units.insert(unit, new);
            }
        }
        Ok(())
    }

    fn apply_transaction(&self, writes: [(&sled::Tree, Vec<Kv>); 6]) -> Result<(), StoreError> {
        let [a, b, c, d, e, f] = &writes;
        let result = (a.0, b.0, c.0, d.0, e.0, f.0).transaction(|trees| {
            let (ta, tb, tc, td, te, tf) = trees;
            for (tree, (_, kvs)) in [ta, tb, tc, td, te, tf].into_iter().zip(&writes) {
                for (k, v) in kvs {
                    tree.insert(k.as_slice(), v.as_slice())?;
                }
            }
            Ok::<(), ConflictableTransactionError<StoreError>>(())
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(e.into()),
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}
