//! What the store reads: settings, campaigns, forms, entries, revisions
//! (from their journal lines), counts, and the arrival log.

use std::sync::Arc;

use serde_json::Value;

use super::journal::{self, Pos};
use super::{
    Change, Counts, Result, Store, StoreError, UnitCounts, all_json, apply, decode, get_json,
    located, unit_index,
};
use crate::domain::{Campaign, Entry, Revision, Roster};
use crate::form::FormDef;

impl Store {
    /// A setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<Value>> {
        get_json(&self.trees.meta, apply::setting_key(key).as_bytes())
    }

    /// Every setting whose key starts with `prefix`, in key order.
    pub fn settings_with_prefix(&self, prefix: &str) -> Result<Vec<(String, Value)>> {
        let full = apply::setting_key(prefix);
        let mut out = Vec::new();
        for kv in self.trees.meta.scan_prefix(full.as_bytes()) {
            let (k, v) = kv?;
            let key = String::from_utf8_lossy(&k)
                .trim_start_matches("set:")
                .to_string();
            out.push((key, decode(&v)?));
        }
        Ok(out)
    }

    /// The roster of a unit, if HQ imported one.
    pub fn roster(&self, campaign: &str, unit: &str) -> Result<Option<Roster>> {
        let key = format!("{}{campaign}:{unit}", super::change::ROSTER);
        Ok(self
            .setting(&key)?
            .and_then(|v| serde_json::from_value(v).ok()))
    }

    /// Every roster of a campaign, by unit id.
    pub fn rosters(&self, campaign: &str) -> Result<Vec<Roster>> {
        let prefix = format!("{}{campaign}:", super::change::ROSTER);
        Ok(self
            .settings_with_prefix(&prefix)?
            .into_iter()
            .filter_map(|(_, v)| serde_json::from_value(v).ok())
            .collect())
    }

    /// Where the arrival log (the journal) ends now: the cursor an
    /// incremental export keeps. Grows with every write.
    pub fn log_seq(&self) -> Result<u64> {
        Ok(self.journal_guard()?.end().to_seq())
    }

    /// Revisions that arrived after cursor `seq` (a `log_seq`), in arrival
    /// order, read from the journal.
    pub fn revisions_since(&self, seq: u64) -> Result<Vec<Revision>> {
        let _guard = self.journal_guard()?;
        let mut out = Vec::new();
        journal::read_from(&self.dir.join("journal"), Pos::from_seq(seq), |r, _| {
            if let Change::Revision { revision } = r {
                out.push(revision);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Ids of every entry of a campaign (deleted ones too).
    pub fn entry_ids(&self, campaign: &str) -> Result<Vec<String>> {
        Ok(
            unit_index::scan::<unit_index::Brief>(&self.trees.unit_index, campaign)?
                .into_iter()
                .flat_map(|(_, items)| items.into_keys())
                .collect(),
        )
    }

    /// A campaign by id (decoded once, then shared until it changes).
    pub fn campaign(&self, id: &str) -> Result<Option<Arc<Campaign>>> {
        let mut cache = self.campaigns.lock().map_err(|_| StoreError::Poisoned)?;
        if let Some(c) = cache.get(id) {
            return Ok(Some(Arc::clone(c)));
        }
        let Some(campaign) = get_json::<Campaign>(&self.trees.campaigns, id.as_bytes())? else {
            return Ok(None);
        };
        let campaign = Arc::new(campaign);
        cache.insert(id.to_string(), Arc::clone(&campaign));
        Ok(Some(campaign))
    }

    /// Every campaign.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        all_json(&self.trees.campaigns)
    }

    /// Forms stored from plan bundles (built-ins are not stored).
    pub fn stored_forms(&self) -> Result<Vec<FormDef>> {
        all_json(&self.trees.forms)
    }

    /// Whether an entry is stored (its head neither decoded nor folded).
    pub fn has_entry(&self, id: &str) -> Result<bool> {
        self.trees.entries.contains_key(id.as_bytes())
    }

    /// An entry's head.
    pub fn entry(&self, id: &str) -> Result<Option<Entry>> {
        self.trees
            .entries
            .get(id.as_bytes())?
            .map(|v| self.head_of(id, &v))
            .transpose()
    }

    /// The head of entry `id` from its stored value: kept there, or folded
    /// from its revisions' journal lines (an entry a large import created;
    /// the DAG merge a replay uses, so merges and conflicts come out as
    /// they were stored).
    pub(super) fn head_of(&self, id: &str, value: &[u8]) -> Result<Entry> {
        let dir = self.dir.join("journal");
        self.head_with(&mut journal::Lines::new(&dir), id, value)
    }

    /// `head_of`, reading through `lines` (kept open over many entries).
    pub(super) fn head_with(
        &self,
        lines: &mut journal::Lines<'_>,
        id: &str,
        value: &[u8],
    ) -> Result<Entry> {
        if located::has_head(value) {
            return located::head(value);
        }
        fold(id, read_revisions(lines, id, &located::revs(value)?)?)
    }

    /// Entries of a campaign, or of one unit of it, in creation order.
    pub fn entries(&self, campaign: &str, unit: Option<&str>) -> Result<Vec<Entry>> {
        let ids: Vec<String> = match unit {
            Some(u) => unit_index::read::<unit_index::Brief>(&self.trees.unit_index, campaign, u)?
                .into_keys()
                .collect(),
            None => self.entry_ids(campaign)?,
        };
        let dir = self.dir.join("journal");
        let mut lines = journal::Lines::new(&dir);
        let mut out = Vec::new();
        for id in ids {
            if let Some(v) = self.trees.entries.get(id.as_bytes())? {
                out.push(self.head_with(&mut lines, &id, &v)?);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// For every unit of a campaign, how many entries that are not deleted
    /// it has per form id: one pass over the counts tree the first time (no
    /// entry and no index value loaded), then kept up to date in memory.
    pub fn campaign_counts(&self, campaign: &str) -> Result<UnitCounts> {
        let mut cache = self.counts.lock().map_err(|_| StoreError::Poisoned)?;
        if let Some(counts) = cache.get(campaign) {
            return Ok(counts.clone());
        }
        let counts: UnitCounts = unit_index::scan_counts(&self.trees.unit_counts, campaign)?;
        cache.insert(campaign.to_string(), counts.clone());
        Ok(counts)
    }

    /// How many entries that are not deleted a unit has, per form id; read
    /// from the counts tree alone.
    pub fn unit_counts(&self, campaign: &str, unit: &str) -> Result<Counts> {
        Ok(
            get_json(&self.trees.unit_counts, &unit_index::key(campaign, unit))?
                .unwrap_or_default(),
        )
    }

    /// Every entry head.
    pub fn all_entries(&self) -> Result<Vec<Entry>> {
        let dir = self.dir.join("journal");
        let mut lines = journal::Lines::new(&dir);
        self.trees
            .entries
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                self.head_with(&mut lines, &String::from_utf8_lossy(&k), &v)
            })
            .collect()
    }

    /// Every entry head, in id order, in one pass over the entries:
    /// `wanted` sees each head's compact JSON first, and only the heads it
    /// wants are decoded and handed to `f` (a search of the whole store
    /// skips most entries that way); stops when `f` returns false.
    ///
    /// An entry whose head is folded from the journal is first shown to
    /// `wanted` as its revisions' lines, one after the other: they hold
    /// every text of its head (each answer as a line set it, the campaign
    /// in the root's), so `wanted` must be a test of what a text contains,
    /// and an entry whose lines it turns down is neither parsed nor folded.
    pub fn scan_entries(
        &self,
        mut wanted: impl FnMut(&[u8]) -> bool,
        mut f: impl FnMut(Entry) -> bool,
    ) -> Result<()> {
        let dir = self.dir.join("journal");
        let mut lines = journal::Lines::new(&dir);
        let mut text = Vec::new();
        for kv in self.trees.entries.iter_sorted()? {
            let (key, value) = kv?;
            let go_on = if located::has_head(&value) {
                let json = located::head_json(&value);
                !wanted(json) || f(decode(json)?)
            } else {
                let id = String::from_utf8_lossy(&key);
                let places = located::revs(&value)?;
                let mut read = Vec::with_capacity(places.len());
                text.clear();
                for place in &places {
                    let line = read_line(&mut lines, &id, place)?;
                    text.extend_from_slice(&line);
                    read.push(line);
                }
                if !wanted(&text) {
                    continue;
                }
                let revs = read
                    .iter()
                    .zip(&places)
                    .map(|(line, place)| revision_at(line, &id, place))
                    .collect::<Result<Vec<_>>>()?;
                // Folded, then seen as JSON like a kept head (not decoded
                // back).
                let head = fold(&id, revs)?;
                let json = serde_json::to_vec(&head).map_err(|e| StoreError::Corrupt {
                    detail: e.to_string(),
                })?;
                !wanted(&json) || f(head)
            };
            if !go_on {
                break;
            }
        }
        Ok(())
    }

    /// Where an entry's revisions are in the journal (none for an entry
    /// not stored).
    fn places(&self, entry: &str) -> Result<Vec<located::RevLoc>> {
        match self.trees.entries.get(entry.as_bytes())? {
            Some(v) => located::revs(&v),
            None => Ok(Vec::new()),
        }
    }

    /// An entry's revisions, parents before children, read from the
    /// journal.
    pub fn revisions(&self, entry: &str) -> Result<Vec<Revision>> {
        let dir = self.dir.join("journal");
        let revs = read_revisions(&mut journal::Lines::new(&dir), entry, &self.places(entry)?)?;
        Ok(crate::domain::topo_order(revs))
    }

    /// Whether a revision of an entry is stored (its id looked for in the
    /// entry's places as they are stored, none of them decoded).
    pub fn has_revision(&self, entry: &str, rev: &str) -> Result<bool> {
        Ok(self.revision_presence(entry, rev)?.unwrap_or(false))
    }

    /// Whether an entry is stored and, if it is, whether it holds a
    /// revision (`None`: no such entry): one lookup for both.
    pub fn revision_presence(&self, entry: &str, rev: &str) -> Result<Option<bool>> {
        self.trees
            .entries
            .get(entry.as_bytes())?
            .map(|v| located::holds_revision(&v, rev))
            .transpose()
    }

    /// SHA-256 over every entry head and revision id (canonical JSON, in key
    /// order): equal digests mean equal data, whatever order it arrived in.
    pub fn digest(&self) -> Result<String> {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        let mut revisions = Vec::new();
        let dir = self.dir.join("journal");
        let mut lines = journal::Lines::new(&dir);
        for kv in self.trees.entries.iter_sorted()? {
            let (k, v) = kv?;
            let value: Value = if located::has_head(&v) {
                decode(located::head_json(&v))?
            } else {
                let head = self.head_with(&mut lines, &String::from_utf8_lossy(&k), &v)?;
                serde_json::to_value(head).map_err(|e| StoreError::Corrupt {
                    detail: e.to_string(),
                })?
            };
            h.update(&k);
            h.update(crate::domain::canonical_json(&value).as_bytes());
            let mut ids: Vec<String> = located::revs(&v)?.into_iter().map(|r| r.0).collect();
            ids.sort_unstable();
            revisions.extend(ids.into_iter().map(|id| (k.clone(), id)));
        }
        for (entry, id) in revisions {
            h.update(&entry);
            h.update([0]);
            h.update(id.as_bytes());
        }
        Ok(format!("{:x}", h.finalize()))
    }

    /// How many entries keep their head in the database (the others' are
    /// folded from the journal when read; tests).
    #[doc(hidden)]
    pub fn kept_heads(&self) -> Result<usize> {
        let mut n = 0;
        for kv in self.trees.entries.iter() {
            n += usize::from(located::has_head(&kv?.1));
        }
        Ok(n)
    }

    /// How many entries have a key of their own (the others are items of
    /// the buckets; tests).
    #[doc(hidden)]
    pub fn own_keys(&self) -> usize {
        self.trees.entries.kept.len()
    }

    /// How many revisions are stored.
    pub fn revision_count(&self) -> Result<usize> {
        let mut n = 0;
        for kv in self.trees.entries.iter() {
            n += located::revs(&kv?.1)?.len();
        }
        Ok(n)
    }
}

/// The revisions of `entry` at `places`, in that order.
fn read_revisions(
    lines: &mut journal::Lines<'_>,
    entry: &str,
    places: &[located::RevLoc],
) -> Result<Vec<Revision>> {
    places
        .iter()
        .map(|place| read_revision(lines, entry, place))
        .collect()
}

/// The head of `entry` folded from its revisions (in the order stored):
/// a root and a chain, the usual case, straight; anything else through
/// the DAG merge a replay uses, so merges and conflicts come out as they
/// were stored.
fn fold(entry: &str, revs: Vec<Revision>) -> Result<Entry> {
    let chain = revs.first().is_some_and(|r| r.body.parents.is_empty())
        && revs
            .windows(2)
            .all(|w| w[1].body.parents.len() == 1 && w[1].body.parents[0] == w[0].id);
    if chain {
        let refs: Vec<&Revision> = revs.iter().collect();
        return super::fresh::fold(entry, &refs);
    }
    crate::domain::dag::materialize(&revs)
        .map(|m| m.entry)
        .ok_or_else(|| StoreError::MissingParents {
            entry: entry.to_string(),
        })
}

/// The revision of `entry` at `place`, checked to be that revision.
fn read_revision(
    lines: &mut journal::Lines<'_>,
    entry: &str,
    place: &located::RevLoc,
) -> Result<Revision> {
    revision_at(&read_line(lines, entry, place)?, entry, place)
}

/// Why the line of `entry`'s revision at `place` cannot be read.
fn line_failed(entry: &str, place: &located::RevLoc, detail: String) -> StoreError {
    StoreError::JournalLine {
        entry: entry.to_string(),
        revision: place.id().to_string(),
        detail,
    }
}

/// The line of `entry`'s revision at `place`, as it is (an entry's lines
/// are apart in the journal: each is read alone).
fn read_line(
    lines: &mut journal::Lines<'_>,
    entry: &str,
    place: &located::RevLoc,
) -> Result<Vec<u8>> {
    lines
        .read_one_or_say(place.loc())
        .map_err(|detail| line_failed(entry, place, detail))
}

/// The revision a line read at `place` holds, checked (its checksum, and
/// that it is `entry`'s revision of that id).
fn revision_at(line: &[u8], entry: &str, place: &located::RevLoc) -> Result<Revision> {
    let failed = |detail: String| line_failed(entry, place, detail);
    let revision: Revision = match journal::parse(line).map_err(failed)? {
        Change::Revision { revision } => revision,
        _ => return Err(failed(crate::i18n::journal_not_there())),
    };
    if revision.id != place.id() || revision.body.entry != entry {
        return Err(failed(crate::i18n::journal_not_there()));
    }
    Ok(revision)
}
