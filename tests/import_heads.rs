//! The entries a large import creates keep no head in the database, nor a
//! key of their own (they are items of buckets): their heads are folded
//! from the journal when read. For random chains of
//! revisions (roots, edits, finalising, deleting, restoring), a store that
//! took them as an import (the batch path: heads not kept) and one that
//! took them as saves (heads kept) read back the same entries and the same
//! digest, equal to the DAG's fold of each entry's revisions, before and
//! after a restart, and the doctor finds both consistent; an entry
//! continued after the import keeps its head again, equal on both and to
//! the head its save made; a rebuild from the journal gives the same
//! again, keeping heads where they were kept. A rebuild that would lose
//! imported entries names them and asks first.

use std::path::Path;

use kaocha::domain::dag::materialize;
use kaocha::domain::{Author, EntryInit, Revision, RevisionDraft, Status, new_entry_id};
use kaocha::store::{Change, Source, Store, StoreError, StoreOptions, rebuild};
use proptest::prelude::*;
use serde_json::Value;

const CAMPAIGN: &str = "c-import";

/// A store whose batch path takes every commit of two records or more.
fn open(dir: &Path) -> Store {
    Store::open_with(
        dir,
        StoreOptions {
            bulk: 1,
            ..StoreOptions::default()
        },
    )
    .expect("open")
}

/// One revision of a chain: its text (none when empty, but for a root),
/// and the status it sets if any.
type Step = (String, Option<Status>);

fn revision(entry: &str, parent: Option<&Revision>, unit: usize, step: &Step) -> Revision {
    RevisionDraft {
        entry: entry.to_string(),
        parents: parent.map(|p| vec![p.id.clone()]).unwrap_or_default(),
        author: Author {
            device: "field-1".into(),
            person: "张三".into(),
        },
        at: format!("2026-11-26T10:0{}:00+08:00", parent.map_or(0, |_| 1)),
        init: parent.is_none().then(|| EntryInit {
            campaign: CAMPAIGN.into(),
            unit: format!("u-{unit}"),
            form: "jgbz.interview".into(),
            form_version: 1,
            finding: None,
        }),
        // An empty text after the root changes no answer (the head's
        // text then comes from an earlier line).
        changes: match (step.0.is_empty(), parent) {
            (true, Some(_)) => Default::default(),
            _ => [("q4".to_string(), Value::from(step.0.clone()))].into(),
        },
        status: step.1,
        reason: None,
    }
    .seal()
}

fn step() -> impl Strategy<Value = Step> {
    (
        "[人员紧张借调a-z ]{0,8}",
        prop::option::of(prop_oneof![
            Just(Status::Draft),
            Just(Status::Final),
            Just(Status::Deleted)
        ]),
    )
}

/// Entries: each a unit and a chain of one to four steps.
fn chains() -> impl Strategy<Value = Vec<(usize, Vec<Step>)>> {
    prop::collection::vec((0..3usize, prop::collection::vec(step(), 1..5)), 3..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn imported_entries_read_back_as_saved_ones(chains in chains()) {
        let mut records = Vec::new();
        let mut tips = Vec::new();
        // Each entry's head as the DAG folds its revisions.
        let mut want = Vec::new();
        for (unit, steps) in &chains {
            let id = new_entry_id();
            let mut last: Option<Revision> = None;
            let mut revs = Vec::new();
            for s in steps {
                let r = revision(&id, last.as_ref(), *unit, s);
                records.push(Change::Revision { revision: r.clone() });
                revs.push(r.clone());
                last = Some(r);
            }
            want.push(materialize(&revs).expect("a chain folds").entry);
            tips.push((id, last.expect("a chain")));
        }
        let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let a = open(a_dir.path());
        let b = open(b_dir.path());
        let count = records.len();
        let made = a.commit_owned(records.clone(), Source::Import, None).unwrap();
        // A bulk commit lets its records go once written, and says what
        // they were (what an import's report counts).
        prop_assert!(made.records.is_empty());
        prop_assert_eq!((made.revisions, made.merges, made.merged_entries), (count, 0, 0));
        b.commit_owned(records, Source::Save, None).unwrap();
        prop_assert_eq!(a.kept_heads().unwrap(), 0, "the import kept heads");
        prop_assert_eq!(a.own_keys(), 0, "the import gave entries keys of their own");
        prop_assert_eq!(b.kept_heads().unwrap(), chains.len());
        for ((id, _), want) in tips.iter().zip(&want) {
            prop_assert_eq!(a.entry(id).unwrap(), Some(want.clone()));
        }
        let same = |a: &Store, b: &Store| -> Result<(), TestCaseError> {
            for (id, _) in &tips {
                let got = a.entry(id).unwrap();
                prop_assert!(got.is_some());
                prop_assert_eq!(got, b.entry(id).unwrap());
            }
            prop_assert_eq!(a.entries(CAMPAIGN, None).unwrap(), b.entries(CAMPAIGN, None).unwrap());
            prop_assert_eq!(a.entries(CAMPAIGN, Some("u-1")).unwrap(), b.entries(CAMPAIGN, Some("u-1")).unwrap());
            prop_assert_eq!(a.campaign_counts(CAMPAIGN).unwrap(), b.campaign_counts(CAMPAIGN).unwrap());
            prop_assert_eq!(a.digest().unwrap(), b.digest().unwrap());
            // Every entry once (an imported entry continued since is
            // listed by its own key, not again from its bucket).
            let all = |s: &Store| {
                let mut all = s.all_entries().unwrap();
                all.sort_by(|x, y| x.id.cmp(&y.id));
                all
            };
            prop_assert_eq!(all(a), all(b));
            prop_assert_eq!(a.revision_count().unwrap(), b.revision_count().unwrap());
            // What a search sees: the entries whose JSON holds a character
            // (an imported entry is first tested on its journal lines,
            // which must not turn away one whose head holds it; texts
            // left out after the root make the head's text an earlier
            // line's).
            let found = |s: &Store| {
                let mut out = Vec::new();
                s.scan_entries(
                    |json| json.windows(3).any(|w| w == "紧".as_bytes()),
                    |e| {
                        out.push(e);
                        true
                    },
                )
                .unwrap();
                out
            };
            prop_assert_eq!(found(a), found(b));
            let (da, db) = (a.doctor().unwrap(), b.doctor().unwrap());
            prop_assert!(da.ok(), "{:?}", da.problems);
            prop_assert!(db.ok(), "{:?}", db.problems);
            prop_assert_eq!((da.entries, da.revisions), (db.entries, db.revisions));
            Ok(())
        };
        same(&a, &b)?;
        // After a restart, the same.
        drop(a);
        let a = open(a_dir.path());
        same(&a, &b)?;
        // An entry continued keeps its head again: the head the commit
        // made, equal on both (two revisions: the batch path, which reads
        // the imported entry's places from its bucket).
        let (id, tip) = &tips[0];
        let next = revision(id, Some(tip), 0, &("补充".to_string(), None));
        let after = revision(id, Some(&next), 0, &("再补充".to_string(), None));
        for s in [&a, &b] {
            let made = s
                .commit(&[
                    Change::Revision { revision: next.clone() },
                    Change::Revision { revision: after.clone() },
                ])
                .unwrap();
            let made = made.heads.get(id.as_str()).cloned();
            prop_assert!(made.is_some());
            prop_assert_eq!(s.entry(id).unwrap(), made);
        }
        prop_assert_eq!(a.kept_heads().unwrap(), 1);
        same(&a, &b)?;
        // Rebuilt from the journal alone: the same again, and the heads
        // kept where they were (the imported entries' not: they are
        // bucket items again; the continued one's and every saved entry's
        // yes, under keys of their own).
        drop(a);
        rebuild(a_dir.path(), false).unwrap();
        let a = open(a_dir.path());
        same(&a, &b)?;
        prop_assert_eq!(a.kept_heads().unwrap(), 1);
        prop_assert_eq!(a.own_keys(), 1);
        drop(b);
        rebuild(b_dir.path(), false).unwrap();
        let b = open(b_dir.path());
        same(&a, &b)?;
        prop_assert_eq!(b.kept_heads().unwrap(), chains.len());
        prop_assert_eq!(b.own_keys(), chains.len());
    }
}

/// The import's revisions cut from the journal: a rebuild would lose the
/// entries it created, so it is refused with their ids, units and forms
/// (from the unit index: their heads are folded from the journal being
/// rebuilt from) and the folder is left as it was.
/// A rebuild of `dir` that is refused because it would lose entries: those
/// it names (sorted), and the refusal in words.
fn refused_losing(dir: &Path) -> (Vec<String>, String) {
    let err = rebuild(dir, false).expect_err("refused");
    let StoreError::RebuildLoses { lost } = &err else {
        panic!("{err:?}");
    };
    let mut lost = lost.clone();
    lost.sort();
    (lost, err.to_string())
}

#[test]
fn a_rebuild_that_would_lose_imported_entries_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    // Something before the import, so the journal is not empty once cut.
    store
        .set_setting("current_campaign", Value::from(CAMPAIGN))
        .unwrap();
    let mut records = Vec::new();
    let mut ids = Vec::new();
    for unit in 0..6 {
        let id = new_entry_id();
        let root = revision(&id, None, unit % 3, &("原文".into(), None));
        let edit = revision(
            &id,
            Some(&root),
            unit % 3,
            &("改".into(), Some(Status::Final)),
        );
        records.push(Change::Revision { revision: root });
        records.push(Change::Revision { revision: edit });
        ids.push(format!("{id} (u-{}, jgbz.interview)", unit % 3));
    }
    store.commit_owned(records, Source::Import, None).unwrap();
    assert_eq!(store.kept_heads().unwrap(), 0);
    let digest = store.digest().unwrap();
    drop(store);
    // The journal without the import (its batch and every line after).
    let segments: Vec<_> = std::fs::read_dir(dir.path().join("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert_eq!(segments.len(), 1);
    let text = std::fs::read_to_string(&segments[0]).unwrap();
    let cut = text
        .find("{\"kind\":\"batch\"")
        .expect("the import's batch");
    std::fs::write(&segments[0], &text[..cut]).unwrap();
    let (lost, err) = refused_losing(dir.path());
    ids.sort();
    assert_eq!(lost, ids, "{err}");
    // Nothing was swapped in: the database is the one before.
    std::fs::write(&segments[0], &text).unwrap();
    assert_eq!(open(dir.path()).digest().unwrap(), digest);
    // A damaged unit index value names its entries by id alone, and the
    // rebuild is still refused.
    {
        let db = sled::open(dir.path().join("db")).unwrap();
        // The import's entries are a few buckets' items, no key each.
        assert_eq!(db.open_tree("entries").unwrap().len(), 0);
        let buckets = db.open_tree("imported").unwrap().len();
        assert!((1..=6).contains(&buckets), "{buckets}");
        let index = db.open_tree("unit_index").unwrap();
        index
            .insert(format!("{CAMPAIGN}\0u-0"), &b"{damaged"[..])
            .unwrap();
        db.flush().unwrap();
    }
    std::fs::write(&segments[0], &text[..cut]).unwrap();
    let (lost, err) = refused_losing(dir.path());
    let mut want: Vec<String> = ids
        .iter()
        .map(|n| match n.strip_suffix(" (u-0, jgbz.interview)") {
            Some(id) => id.to_string(),
            None => n.clone(),
        })
        .collect();
    want.sort();
    assert_eq!(lost, want, "{err}");
}

/// A folder of schema 5, whose imported entries each have a key of their
/// own holding only their places, reads as it did: the same entries and
/// digest, a sound doctor, and a later import goes into buckets beside it.
#[test]
fn imported_entries_under_keys_of_their_own_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let chain = |unit: usize| {
        let id = new_entry_id();
        let root = revision(&id, None, unit, &("原文".into(), None));
        let edit = revision(&id, Some(&root), unit, &("改".into(), None));
        vec![
            Change::Revision { revision: root },
            Change::Revision { revision: edit },
        ]
    };
    let records: Vec<Change> = (0..5).flat_map(chain).collect();
    store.commit_owned(records, Source::Import, None).unwrap();
    let digest = store.digest().unwrap();
    let entries = store.entries(CAMPAIGN, None).unwrap();
    drop(store);
    // As schema 5 wrote them: a key each, the value a newline and places.
    {
        let db = sled::open(dir.path().join("db")).unwrap();
        let (kept, imported) = (
            db.open_tree("entries").unwrap(),
            db.open_tree("imported").unwrap(),
        );
        for kv in imported.iter() {
            let (_, bucket) = kv.unwrap();
            for line in bucket.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let tab = line.iter().position(|&b| b == b'\t').unwrap();
                let value = [&b"\n"[..], &line[tab + 1..]].concat();
                kept.insert(&line[..tab], value).unwrap();
            }
        }
        imported.clear().unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &5u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let store = open(dir.path());
    assert_eq!(store.digest().unwrap(), digest);
    assert_eq!(store.entries(CAMPAIGN, None).unwrap(), entries);
    assert!(store.doctor().unwrap().ok());
    let more: Vec<Change> = (0..3).flat_map(chain).collect();
    store.commit_owned(more, Source::Import, None).unwrap();
    assert_eq!(store.entries(CAMPAIGN, None).unwrap().len(), 8);
    assert_eq!(store.revision_count().unwrap(), 16);
    let report = store.doctor().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    drop(store);
    let db = sled::open(dir.path().join("db")).unwrap();
    assert_eq!(db.open_tree("entries").unwrap().len(), 5);
    assert!(!db.open_tree("imported").unwrap().is_empty());
}

/// An import brings its new entries into the buckets only while they are
/// at least half as many as the buckets hold (each bucket is rewritten
/// whole); a smaller one gives them keys of their own. Either way they
/// read back alike.
#[test]
fn a_small_import_into_full_buckets_gives_its_entries_keys_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let roots = |n: usize| -> (Vec<Change>, Vec<String>) {
        let ids: Vec<String> = (0..n).map(|_| new_entry_id()).collect();
        let records = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Change::Revision {
                revision: revision(id, None, i % 3, &(format!("第{i}份"), None)),
            })
            .collect();
        (records, ids)
    };
    let (first, _) = roots(3000);
    store.commit_owned(first, Source::Import, None).unwrap();
    let (small, small_ids) = roots(600);
    store.commit_owned(small, Source::Import, None).unwrap();
    let (large, _) = roots(4000);
    store.commit_owned(large, Source::Import, None).unwrap();
    assert_eq!(store.entries(CAMPAIGN, None).unwrap().len(), 7600);
    assert_eq!(store.revision_count().unwrap(), 7600);
    assert_eq!(store.kept_heads().unwrap(), 0);
    let report = store.doctor().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    drop(store);
    let db = sled::open(dir.path().join("db")).unwrap();
    let kept = db.open_tree("entries").unwrap();
    let mut own: Vec<String> = kept
        .iter()
        .keys()
        .map(|k| String::from_utf8(k.unwrap().to_vec()).unwrap())
        .collect();
    own.sort();
    let mut want = small_ids;
    want.sort();
    assert_eq!(own, want, "the small import's entries, and only those");
}

/// An import hands its commit the roots it found unstored, and the commit
/// does not look them up again; a commit that came after they were looked
/// up makes the commit look again.
#[test]
fn roots_found_unstored_are_not_looked_up_again_unless_a_commit_came_since() {
    use kaocha::store::Unstored;
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let id = new_entry_id();
    let root = revision(&id, None, 0, &("原文".into(), None));
    let records = || {
        vec![Change::Revision {
            revision: root.clone(),
        }]
    };
    let before = store.commits();
    store.commit_owned(records(), Source::Import, None).unwrap();
    assert_eq!(store.commits(), before + 1);
    // Said unstored as of now (wrongly, to show it is believed): the root
    // would be written again.
    let now = Unstored {
        commits: store.commits(),
        roots: vec![true],
    };
    let dry = store
        .dry_run(records(), Source::Import, Some(&now))
        .unwrap();
    assert_eq!(dry.revisions, 1);
    // Said unstored before the commit that stored it: looked up again,
    // found, and nothing is written.
    let stale = Unstored {
        commits: before,
        roots: vec![true],
    };
    let dry = store
        .dry_run(records(), Source::Import, Some(&stale))
        .unwrap();
    assert_eq!(dry.revisions, 0);
    let done = store
        .commit_owned(records(), Source::Import, Some(&stale))
        .unwrap();
    assert_eq!(done.revisions, 0);
    assert_eq!(store.revisions(&id).unwrap().len(), 1);
}

/// A rebuild replays the journal a thousand lines at a time: an imported
/// entry whose root and edit fall in different batches is read back,
/// between them, from what the rebuild holds back for the buckets, and
/// ends up a bucket item with no head, as before.
#[test]
fn a_rebuild_reads_imported_entries_across_its_batches() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let ids: Vec<String> = (0..1_200).map(|_| new_entry_id()).collect();
    let roots: Vec<Revision> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| revision(id, None, i % 7, &(format!("原文{i}"), None)))
        .collect();
    let mut records: Vec<Change> = roots
        .iter()
        .map(|r| Change::Revision {
            revision: r.clone(),
        })
        .collect();
    for (i, (id, root)) in ids.iter().zip(&roots).enumerate() {
        let edit = revision(
            id,
            Some(root),
            i % 7,
            &(format!("改{i}"), Some(Status::Final)),
        );
        records.push(Change::Revision { revision: edit });
    }
    store.commit_owned(records, Source::Import, None).unwrap();
    let digest = store.digest().unwrap();
    let counts = store.campaign_counts(CAMPAIGN).unwrap();
    assert_eq!((store.kept_heads().unwrap(), store.own_keys()), (0, 0));
    drop(store);
    let report = rebuild(dir.path(), false).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let store = open(dir.path());
    assert_eq!(store.digest().unwrap(), digest);
    assert_eq!(store.campaign_counts(CAMPAIGN).unwrap(), counts);
    assert_eq!(store.revision_count().unwrap(), 2_400);
    assert_eq!((store.kept_heads().unwrap(), store.own_keys()), (0, 0));
    let last = store.entry(&ids[1_199]).unwrap().unwrap();
    assert_eq!(last.status, Status::Final);
}
