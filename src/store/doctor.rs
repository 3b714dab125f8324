//! `kaocha doctor`: checks that sled and the journal agree, in two passes
//! that never hold the journal in memory. The first reads every line once
//! and keeps where each entry's revisions are (and the few campaigns,
//! forms and settings); the second takes the entries one by one, reads
//! their revisions back, replays them exactly as a rebuild would, and
//! compares the head and the places with the database's. Journal lines a
//! rebuild dropped (it says which in a setting) are named as known, not as
//! problems.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::apply::{prepare, setting_key};
use super::journal::{self, Loc, Pos};
use super::prepared::{Known, Source};
use super::{Change, Store, StoreError, all_json, located, unit_index};
use crate::domain::{Campaign, Entry, Revision};
use crate::i18n;

/// What `doctor` found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DoctorReport {
    pub campaigns: usize,
    pub entries: usize,
    pub revisions: usize,
    /// Where the database moved aside by a rebuild went.
    pub moved_aside: Option<PathBuf>,
    /// Disagreements, in words; empty when all is well.
    pub problems: Vec<String>,
    /// The journal lines among the problems (a rebuild that goes ahead
    /// drops them, and records that it did).
    pub(super) damaged: Vec<Dropped>,
    /// Journal lines a rebuild already dropped, in words: known, not
    /// problems.
    pub dropped: Vec<String>,
    /// Attachments whose file is missing or altered, in words.
    pub attachments: Vec<String>,
    /// Files in the attachments folder no answer refers to (harmless).
    pub orphans: usize,
}

impl DoctorReport {
    /// Whether sled and the journal agree and every attachment is whole.
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && self.attachments.is_empty()
    }
}

/// What the first pass keeps: all but the revisions themselves.
#[derive(Default)]
struct Outline {
    campaigns: BTreeMap<String, Campaign>,
    forms: BTreeSet<String>,
    settings: BTreeMap<String, Value>,
    /// Each entry's revision lines, in journal order.
    entries: BTreeMap<String, Vec<(String, Loc)>>,
    end: Pos,
}

/// The part of a revision line the first pass reads.
#[derive(Deserialize)]
struct Peek {
    revision: PeekRevision,
}

#[derive(Deserialize)]
struct PeekRevision {
    id: String,
    entry: String,
}

/// Revisions by id and where their lines are.
type Places = BTreeSet<(String, Loc)>;

/// The setting (written by a rebuild) that lists the journal lines it
/// dropped: the doctor names them as known, not as problems, so a folder a
/// rebuild has mended reads as sound again.
pub(super) const DROPPED: &str = "doctor.dropped_lines";

/// A journal line a rebuild dropped (damaged, or a revision a damaged line
/// cut off): where it is and the CRC-32 of its bytes, so a line changed
/// again since is a problem again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Dropped {
    segment: u32,
    offset: u64,
    len: u32,
    crc: u32,
}

impl Dropped {
    fn of(loc: Loc, line: &[u8]) -> Dropped {
        Dropped {
            segment: loc.segment,
            offset: loc.offset,
            len: loc.len,
            crc: crc32fast::hash(line),
        }
    }
}

/// Adds journal lines to those a rebuild dropped (a setting, so in the
/// journal: a later rebuild keeps knowing them).
pub(super) fn record_dropped(store: &Store, lines: &[Dropped]) -> Result<(), StoreError> {
    let mut all: BTreeSet<Dropped> = store
        .setting(DROPPED)?
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    all.extend(lines.iter().copied());
    let value = serde_json::to_value(&all).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })?;
    store.set_setting(DROPPED, value)
}

/// A problem of one journal line, in words.
type LineProblem = (Dropped, String);

/// Nothing stored: an entry is replayed from its own lines alone.
pub(super) struct Nothing;

impl Known for Nothing {
    fn head(&self, _: &str) -> Result<Option<Entry>, StoreError> {
        Ok(None)
    }
    fn revisions(&self, _: &str) -> Result<Vec<Revision>, StoreError> {
        Ok(Vec::new())
    }
    fn presence(&self, _: &str, _: &str) -> Result<Option<bool>, StoreError> {
        Ok(None)
    }
}

/// The first pass: every line once; bad lines go to `problems`.
fn outline(dir: &std::path::Path, problems: &mut Vec<LineProblem>) -> Result<Outline, StoreError> {
    let mut o = Outline::default();
    let io = |e| StoreError::io("journal", e);
    let segments = journal::segments(dir).map_err(io)?;
    for segment in segments {
        journal::read_lines(dir, segment, |line, loc, number| {
            o.end = loc.end();
            let json = match journal::body(line) {
                Some(json) if !journal::is_frame(line) => json,
                Some(_) => return,
                None => {
                    problems.push((
                        Dropped::of(loc, line),
                        i18n::doctor_bad_line(segment, number, &i18n::journal_checksum()),
                    ));
                    return;
                }
            };
            if json.starts_with(journal::REVISION_START) {
                match serde_json::from_slice::<Peek>(json) {
                    Ok(p) => o
                        .entries
                        .entry(p.revision.entry)
                        .or_default()
                        .push((p.revision.id, loc)),
                    Err(e) => problems.push((
                        Dropped::of(loc, line),
                        i18n::doctor_bad_line(segment, number, &e.to_string()),
                    )),
                }
                return;
            }
            match serde_json::from_slice::<Change>(json) {
                Ok(Change::Campaign { campaign }) => {
                    o.campaigns.insert(campaign.id.clone(), campaign);
                }
                Ok(Change::Form { form }) => {
                    o.forms.insert(format!("{}@{}", form.id, form.version));
                }
                Ok(Change::Setting { key, value }) => {
                    o.settings.insert(key, value);
                }
                Ok(Change::Revision { revision }) => o
                    .entries
                    .entry(revision.body.entry.clone())
                    .or_default()
                    .push((revision.id, loc)),
                Err(e) => problems.push((
                    Dropped::of(loc, line),
                    i18n::doctor_bad_line(segment, number, &e.to_string()),
                )),
            }
        })
        .map_err(io)?;
    }
    Ok(o)
}

/// The second pass for one entry: its head as a rebuild makes it (none
/// when nothing of it replays) and the places of the revisions it keeps.
fn replay_entry(
    lines: &mut journal::Lines<'_>,
    id: &str,
    places: &[(String, Loc)],
    problems: &mut Vec<LineProblem>,
) -> Result<(Option<Entry>, Places), StoreError> {
    let mut records = Vec::with_capacity(places.len());
    let mut at: HashMap<&str, Loc> = HashMap::new();
    let mut crcs: BTreeMap<Loc, Dropped> = BTreeMap::new();
    for (rev, loc) in places {
        let line = lines
            .read_or_say(*loc)
            .map_err(|detail| StoreError::JournalLine {
                entry: id.to_string(),
                revision: rev.clone(),
                detail,
            })?;
        let dropped = Dropped::of(*loc, &line);
        crcs.insert(*loc, dropped);
        let revision = match journal::parse(&line) {
            Ok(Change::Revision { revision }) => revision,
            Ok(_) => continue,
            Err(error) => {
                problems.push((dropped, i18n::doctor_journal_revision(rev, &error)));
                continue;
            }
        };
        if !revision.id_matches() {
            let error = StoreError::BadRevision { id: rev.clone() }.to_string();
            problems.push((dropped, i18n::doctor_journal_revision(rev, &error)));
            continue;
        }
        // A revision written twice (imported again after a rebuild
        // dropped it) is taken once, as `Source::Import` asks.
        if at.insert(rev, *loc).is_some() {
            continue;
        }
        records.push(Change::Revision { revision });
    }
    // Ids are checked: in journal order, the common case is a chain that
    // advances the head; anything else (a lost ancestor) is replayed the
    // way a rebuild does, through the DAG, keeping what still has its
    // ancestors.
    let prepared = match prepare(&Nothing, records.clone(), Source::Import) {
        Ok(prepared) => prepared,
        Err(_) => prepare(&Nothing, records, Source::Redo)?,
    };
    let mut kept = BTreeSet::new();
    for r in &prepared.records {
        if let Change::Revision { revision } = r
            && let Some(loc) = at.get(revision.id.as_str())
        {
            kept.insert((revision.id.clone(), *loc));
        }
    }
    for (rev, loc) in places {
        if at.contains_key(rev.as_str())
            && !kept.iter().any(|(k, _)| k == rev)
            && let Some(dropped) = crcs.get(loc)
        {
            let error = StoreError::MissingParents {
                entry: id.to_string(),
            }
            .to_string();
            problems.push((*dropped, i18n::doctor_journal_revision(rev, &error)));
        }
    }
    Ok((prepared.all_heads()?.into_values().next(), kept))
}

/// What the second pass found in some of the entries.
#[derive(Default)]
struct Checked {
    problems: Vec<String>,
    lines: Vec<LineProblem>,
    /// The unit index their heads make.
    index: BTreeMap<Vec<u8>, unit_index::Expected>,
    entries: usize,
    revisions: usize,
}

/// The second pass over some entries (with their revision lines).
fn check_entries(
    t: &super::Trees,
    dir: &std::path::Path,
    entries: &[(&String, &Vec<(String, Loc)>)],
) -> Result<Checked, StoreError> {
    let mut lines = journal::Lines::new(dir);
    let mut c = Checked::default();
    for &(id, places) in entries {
        let (head, kept) = replay_entry(&mut lines, id, places, &mut c.lines)?;
        let Some(head) = head else {
            if t.entries.contains_key(id.as_bytes())? {
                c.problems.push(i18n::doctor_extra_entry(id));
            }
            continue;
        };
        c.entries += 1;
        c.revisions += kept.len();
        let mut lines: unit_index::Places = kept
            .iter()
            .map(|(_, l)| (l.start().to_seq(), l.len))
            .collect();
        lines.sort_unstable();
        unit_index::expect(&mut c.index, &head, lines)?;
        let Some(value) = t.entries.get(id.as_bytes())? else {
            c.problems.push(i18n::doctor_missing_entry(id));
            continue;
        };
        // An entry that keeps no head is its fold, which was just made.
        if located::has_head(&value) && located::head(&value)? != head {
            c.problems.push(i18n::doctor_entry_differs(id));
        }
        let stored: Places = located::revs(&value)?
            .into_iter()
            .map(|p| (p.id().to_string(), p.loc()))
            .collect();
        if stored != kept {
            for (rev, _) in stored.difference(&kept) {
                c.problems.push(i18n::doctor_misplaced(id, rev));
            }
            if stored.len() != kept.len() {
                c.problems
                    .push(i18n::doctor_revisions_differ(stored.len(), kept.len()));
            }
        }
    }
    Ok(c)
}

/// Compares the database with the journal.
pub(super) fn verify(store: &Store) -> Result<DoctorReport, StoreError> {
    let mut problems = Vec::new();
    let mut bad_lines = Vec::new();
    let dir = store.dir.join("journal");
    let o = outline(&dir, &mut bad_lines)?;
    let t = &store.trees;

    let campaigns: Vec<Campaign> = all_json(&t.campaigns)?;
    let db_campaigns: BTreeMap<_, _> = campaigns.into_iter().map(|c| (c.id.clone(), c)).collect();
    if db_campaigns != o.campaigns {
        problems.push(i18n::doctor_differs("campaigns"));
    }
    let db_forms: BTreeSet<String> = t
        .forms
        .iter()
        .keys()
        .map(|k| k.map(|k| String::from_utf8_lossy(&k).into_owned()))
        .collect::<Result<_, _>>()?;
    if db_forms != o.forms {
        problems.push(i18n::doctor_differs("forms"));
    }
    for (key, value) in &o.settings {
        let stored: Option<Value> = super::get_json(&t.meta, setting_key(key).as_bytes())?;
        if stored.as_ref() != Some(value) {
            problems.push(i18n::doctor_differs(&format!("meta {key}")));
        }
    }

    // Entry by entry: replayed, compared, then let go; in the order of
    // their first lines (the reads go forward through the journal), the
    // two halves on two threads.
    let mut order: Vec<(&String, &Vec<(String, Loc)>)> = o.entries.iter().collect();
    order.sort_unstable_by_key(|(_, places)| places.first().map(|p| p.1));
    let (first, second) = order.split_at(order.len() / 2);
    let (first, second) = std::thread::scope(|s| {
        let first = s.spawn(|| check_entries(t, &dir, first));
        (first.join(), check_entries(t, &dir, second))
    });
    let mut checked = first.map_err(|_| StoreError::Poisoned)??;
    let second = second?;
    problems.extend(checked.problems);
    problems.extend(second.problems);
    bad_lines.extend(checked.lines);
    bad_lines.extend(second.lines);
    for (unit, expected) in second.index {
        checked.index.entry(unit).or_default().join(expected);
    }
    let index = checked.index;
    let entries = checked.entries + second.entries;
    let revisions = checked.revisions + second.revisions;
    for kv in t.entries.iter() {
        let id = String::from_utf8_lossy(&kv?.0).into_owned();
        if !o.entries.contains_key(&id) {
            problems.push(i18n::doctor_extra_entry(&id));
        }
    }
    // Compared value by value as the trees are read (a province's index
    // is never held whole).
    let mut want_counts: BTreeMap<Vec<u8>, unit_index::Counts> = index
        .iter()
        .map(|(k, e)| (k.clone(), e.counts.clone()))
        .collect();
    let mut index = index;
    let mut index_differs = false;
    for kv in t.unit_index.iter() {
        let (k, v) = kv?;
        let stored = super::decode::<unit_index::Items>(&v)?;
        index_differs |= match index.remove(k.as_ref()) {
            Some(expected) => !expected.matches(&stored)?,
            None => true,
        };
    }
    if index_differs || !index.is_empty() {
        problems.push(i18n::doctor_differs("unit_index"));
    }
    let mut counts_differ = false;
    for kv in t.unit_counts.iter() {
        let (k, v) = kv?;
        let stored = super::decode::<unit_index::Counts>(&v)?;
        counts_differ |= want_counts.remove(k.as_ref()).as_ref() != Some(&stored);
    }
    if counts_differ || !want_counts.is_empty() {
        problems.push(i18n::doctor_differs("unit_counts"));
    }
    if store.applied_pos()? != o.end && o.end != Pos::default() {
        problems.push(i18n::doctor_differs("journal_pos"));
    }
    // The lines a rebuild dropped are known; any other is a problem, named
    // first.
    let known: BTreeSet<Dropped> = o
        .settings
        .get(DROPPED)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    let (known, bad_lines): (Vec<_>, Vec<_>) =
        bad_lines.into_iter().partition(|(d, _)| known.contains(d));
    let damaged = bad_lines.iter().map(|(d, _)| *d).collect();
    problems.splice(0..0, bad_lines.into_iter().map(|(_, text)| text));
    Ok(DoctorReport {
        campaigns: o.campaigns.len(),
        entries,
        revisions,
        moved_aside: None,
        problems,
        damaged,
        dropped: known.into_iter().map(|(_, text)| text).collect(),
        attachments: Vec::new(),
        orphans: 0,
    })
}
