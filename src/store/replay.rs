//! Start-up replay: journal records past the database's position (a crash
//! between the journal and sled, or a deleted database) are applied again;
//! a batch a crash cut short is cut, whole.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use super::journal::{self, Loc, Pos};
use super::{Change, Result, Source, Store, StoreError, apply};

impl Store {
    /// Applies journal records past the database's journal position.
    pub(super) fn catch_up(&self) -> Result<()> {
        let from = self.applied_pos()?;
        let end = self.journal_guard()?.end();
        if from > end {
            self.behind.store(true, Ordering::SeqCst);
        }
        if from >= end {
            return Ok(());
        }
        // A batch a crash cut short was never acknowledged: it goes, whole.
        let io = |e| StoreError::io("journal", e);
        if let Some(short) = journal::short_batch(&self.dir.join("journal"), from).map_err(io)? {
            self.journal_guard()?.cut(short).map_err(io)?;
        }
        // A merge the replay derives is journaled after the lines being
        // read, and read back (as known) by a second round, which moves the
        // position past it; there is no third (a bound all the same).
        for _ in 0..4 {
            let from = self.applied_pos()?;
            if from >= self.journal_guard()?.end() {
                break;
            }
            let mut batch = Vec::new();
            let mut last = from;
            journal::read_from(&self.dir.join("journal"), from, |record, loc| {
                batch.push((record, loc));
                last = loc.end();
                if batch.len() >= 1000 {
                    self.redo(std::mem::take(&mut batch), last)?;
                }
                Ok(())
            })?;
            self.redo(batch, last)?;
        }
        // A rebuild's entries that keep no head go into the buckets now,
        // each bucket written once.
        self.trees.entries.add_held(apply::BUCKETS_PER_BATCH)?;
        self.sync()
    }

    /// Applies records read back from the journal, up to `pos` (which
    /// becomes the database's position). A merge revision the replay
    /// derives anew is journaled first (a revision is stored only where
    /// the journal has it).
    fn redo(&self, read: Vec<(Change, Loc)>, pos: Pos) -> Result<()> {
        let mut places: HashMap<String, Loc> = HashMap::new();
        let records = read
            .into_iter()
            .map(|(record, loc)| {
                if let Change::Revision { revision } = &record {
                    places.insert(revision.id.clone(), loc);
                }
                record
            })
            .collect();
        let mut prepared = apply::prepare(self, records, Source::Redo)?;
        let place = |r: &Change| match r {
            Change::Revision { revision } => places.get(&revision.id).copied(),
            _ => Some(Loc::default()),
        };
        let new: Vec<Change> = prepared
            .records
            .iter()
            .filter(|r| place(r).is_none())
            .cloned()
            .collect();
        let mut appended = Vec::new().into_iter();
        if !new.is_empty() {
            let mut journal = self.journal_guard()?;
            appended = journal
                .append(&new)
                .map_err(|e| StoreError::io("journal", e))?
                .into_iter();
        }
        let mut locs = Vec::with_capacity(prepared.records.len());
        for r in &prepared.records {
            locs.push(place(r).or_else(|| appended.next()).unwrap_or_default());
        }
        self.apply(&mut prepared, &locs, pos, None)
    }

    pub(super) fn applied_pos(&self) -> Result<Pos> {
        Ok(self
            .trees
            .meta
            .get("journal_pos")?
            .and_then(|b| Pos::from_bytes(&b))
            .unwrap_or(Pos {
                segment: 1,
                offset: 0,
            }))
    }
}
