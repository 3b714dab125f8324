//! Durability of the store, step by step: a torn journal tail is cut and
//! costs nothing acknowledged; the journal rolls over into new segments and
//! every record reads back across them; every commit syncs the journal
//! before the database, and a failed fsync is never acknowledged (a failed
//! journal sync leaves no trace, a large batch's too, a failed database
//! sync poisons the store and the journal brings the save back on the next
//! start).
//!
//! The fsyncs go through `StoreOptions::sync`; the hook here records them
//! per thread (each test runs on its own thread) and can make one fail. A
//! large batch's journal sync runs on a thread of its own: one test arms a
//! hook of its own for it.

mod common;

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::journal_segments;
use kaocha::domain::{Author, EntryInit, Revision, RevisionDraft, Status};
use kaocha::store::Change;
use kaocha::store::fsutil::real_sync;
use kaocha::store::{Store, StoreError, StoreOptions, SyncPoint, rebuild};
use serde_json::Value;

thread_local! {
    /// The syncs this thread's stores made, in order.
    static SYNCS: RefCell<Vec<SyncPoint>> = const { RefCell::new(Vec::new()) };
    /// The sync that fails (without syncing) on this thread, if any.
    static FAIL_AT: Cell<Option<SyncPoint>> = const { Cell::new(None) };
}

/// The test hook: records the sync, then fails it or does it for real.
fn recording_sync(point: SyncPoint, file: &File) -> std::io::Result<()> {
    SYNCS.with_borrow_mut(|s| s.push(point));
    if FAIL_AT.get() == Some(point) {
        return Err(std::io::Error::other(format!(
            "injected {point:?} fsync failure"
        )));
    }
    real_sync(point, file)
}

/// The syncs recorded since the last call, and a fresh record.
fn take_syncs() -> Vec<SyncPoint> {
    SYNCS.with_borrow_mut(std::mem::take)
}

/// Options with the recording hook (and no failure yet on this thread).
fn recording(segment_bytes: Option<u64>) -> StoreOptions {
    take_syncs();
    FAIL_AT.set(None);
    let default = StoreOptions::default();
    StoreOptions {
        segment_bytes: segment_bytes.unwrap_or(default.segment_bytes),
        sync: recording_sync,
        ..default
    }
}

/// A revision of an interview of the demo campaign setting `q4` (a root,
/// `init` and all, when `parents` is empty).
fn rev(entry: &str, parents: &[&str], text: &str) -> Revision {
    let root = parents.is_empty();
    RevisionDraft {
        entry: entry.into(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        author: Author {
            device: "durability".into(),
            person: "测试员".into(),
        },
        at: "2026-11-26T10:00:00+08:00".into(),
        init: root.then(|| EntryInit {
            campaign: kaocha::app::demo::CAMPAIGN_ID.into(),
            unit: "u-ajj".into(),
            form: "jgbz.interview".into(),
            form_version: 1,
            finding: None,
        }),
        changes: [("q4".to_string(), Value::from(text))].into(),
        status: root.then_some(Status::Draft),
        reason: None,
    }
    .seal()
}

/// Opens a store (right after a drop too: the store waits out sled's own
/// lock, which sled 0.34 releases a moment after the `Db` is dropped).
fn open(dir: &Path, options: StoreOptions) -> Store {
    Store::open_with(dir, options).unwrap()
}

/// A store seeded with the demo campaign (a campaign, settings, entries).
fn seeded(dir: &Path, options: StoreOptions) -> Store {
    let store = open(dir, options);
    kaocha::app::demo::seed(&store).unwrap();
    store
}

/// A change as its journal line: its JSON, a tab, the CRC-32 of the JSON
/// in eight hex digits, a newline.
fn journal_line(change: &Change) -> Vec<u8> {
    let mut out = serde_json::to_vec(change).unwrap();
    let sum = crc32fast::hash(&out);
    out.extend_from_slice(format!("\t{sum:08x}\n").as_bytes());
    out
}

/// The JSON of a journal line, once its checksum is checked.
#[track_caller]
fn line_json(line: &[u8]) -> &[u8] {
    let text = std::str::from_utf8(line).unwrap();
    let (json, sum) = text.trim_end_matches('\n').rsplit_once('\t').unwrap();
    let sum = u32::from_str_radix(sum, 16).unwrap();
    assert_eq!(crc32fast::hash(json.as_bytes()), sum, "checksum of {json}");
    json.as_bytes()
}

/// Asserts that every segment is whole lines, each a record or the frame
/// of a batch followed by as many records as it announces.
#[track_caller]
fn assert_whole_lines(dir: &Path) {
    for path in journal_segments(dir) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.is_empty() || bytes.ends_with(b"\n"),
            "{} ends in a partial line",
            path.display()
        );
        let mut due = 0;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            if let Some(n) = batch_frame(line) {
                assert_eq!(due, 0, "{}: a batch began inside another", path.display());
                due = n;
                continue;
            }
            serde_json::from_slice::<Change>(line_json(line)).unwrap_or_else(|e| {
                panic!("{}: {e}: {}", path.display(), String::from_utf8_lossy(line))
            });
            due = due.saturating_sub(1);
        }
        assert_eq!(due, 0, "{}: the last batch is short", path.display());
    }
}

/// The number of lines a batch frame (`{"kind":"batch","lines":N}`)
/// announces.
fn batch_frame(line: &[u8]) -> Option<usize> {
    let v: serde_json::Value = serde_json::from_slice(line_json(line)).ok()?;
    (v["kind"] == "batch")
        .then(|| v["lines"].as_u64())?
        .map(|n| n as usize)
}

/// The `q4` answer of an entry, if the entry exists.
fn q4(store: &Store, entry: &str) -> Option<Value> {
    store
        .entry(entry)
        .unwrap()
        .map(|e| e.answers.get("q4").cloned().unwrap_or(Value::Null))
}

/// Asserts the doctor finds sled and the journal in agreement.
#[track_caller]
fn assert_doctor_ok(store: &Store) {
    let report = store.doctor().unwrap();
    assert!(report.ok(), "doctor: {:?}", report.problems);
    assert_eq!(report.revisions, store.revision_count().unwrap());
}

/// Rebuilds the database from the journal alone; asserts it went well.
#[track_caller]
fn assert_rebuild_ok(dir: &Path) {
    let report = rebuild(dir, false).unwrap();
    assert!(report.ok(), "rebuild: {:?}", report.problems);
    assert!(report.moved_aside.is_some());
}

/// A crash in the middle of an append leaves half a line at the end of the
/// last segment. The next start cuts it (the save never returned, so it was
/// never acknowledged), the next save starts on a clean line, and
/// everything saved before and after is there, in the database, to the
/// doctor and in a rebuild from the journal.
#[test]
fn a_torn_tail_is_cut_and_every_saved_revision_survives() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = rev("e-a", &[], "第一次记录");
    let a2 = rev("e-a", &[&a1.id], "第二次记录：人员紧张");
    let b1 = rev("e-b", &[], "另一份访谈");
    {
        let store = seeded(dir.path(), StoreOptions::default());
        for r in [&a1, &a2, &b1] {
            store.save(r).unwrap();
        }
    }
    // Half of a long line (longer than the next save's line): a save of
    // entry C that never returned.
    let torn = rev("e-c", &[], &"借调两人，".repeat(200));
    let line = journal_line(&Change::Revision {
        revision: torn.clone(),
    });
    let half = &line[..line.len() / 2];
    assert!(!half.contains(&b'\n'));
    let last = journal_segments(dir.path()).pop().unwrap();
    let before = std::fs::read(&last).unwrap();
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&last)
            .unwrap();
        f.write_all(half).unwrap();
        f.sync_all().unwrap();
    }

    let a3 = rev("e-a", &[&a2.id], "第三次记录：核对后更正");
    {
        let store = open(dir.path(), StoreOptions::default());
        let now = std::fs::read(&last).unwrap();
        assert!(
            now == before,
            "the torn tail is still in the journal after the start: {} bytes, {} before the tear",
            now.len(),
            before.len()
        );
        store.save(&a3).unwrap();
    }
    // The journal is what it was plus exactly the new line.
    let after = std::fs::read(&last).unwrap();
    assert!(after.starts_with(&before), "earlier lines changed");
    let added = journal_line(&Change::Revision {
        revision: a3.clone(),
    });
    assert!(
        after[before.len()..] == added[..],
        "the journal's new bytes are not exactly the new line: {} bytes for a line of {}",
        after.len() - before.len(),
        added.len()
    );
    assert_whole_lines(dir.path());

    let check = |store: &Store| {
        assert_eq!(
            q4(store, "e-a"),
            Some(Value::from("第三次记录：核对后更正"))
        );
        assert_eq!(q4(store, "e-b"), Some(Value::from("另一份访谈")));
        assert_eq!(q4(store, "e-c"), None, "the torn save came back");
        let ids: Vec<String> = store
            .revisions("e-a")
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, [a1.id.as_str(), &a2.id, &a3.id]);
        assert_eq!(store.entry("e-a").unwrap().unwrap().heads, [a3.id.as_str()]);
        assert_doctor_ok(store);
    };
    check(&open(dir.path(), StoreOptions::default()));
    assert_rebuild_ok(dir.path());
    check(&open(dir.path(), StoreOptions::default()));
}

/// With 4 KiB segments, saves fill several segments; every revision reads
/// back after a reopen and after a rebuild from the journal, in the order
/// saved, and the doctor finds nothing wrong.
#[test]
fn the_journal_rolls_over_into_new_segments_and_reads_back_whole() {
    const SEGMENT: u64 = 4096;
    let dir = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        segment_bytes: SEGMENT,
        ..StoreOptions::default()
    };
    let mut saved = Vec::new();
    let mut expected = Vec::new();
    let seq = {
        let store = seeded(dir.path(), options);
        let seq = store.log_seq().unwrap();
        for i in 0..30 {
            let entry = format!("e-{i:02}");
            let root = rev(&entry, &[], &format!("第{i}份访谈"));
            let edit = rev(&entry, &[&root.id], &format!("第{i}份访谈：补充记录"));
            if i % 3 == 0 {
                // A batch of two records in one commit.
                store
                    .commit(&[
                        Change::Revision {
                            revision: root.clone(),
                        },
                        Change::Revision {
                            revision: edit.clone(),
                        },
                    ])
                    .unwrap();
            } else {
                store.save(&root).unwrap();
                store.save(&edit).unwrap();
            }
            expected.push((entry, format!("第{i}份访谈：补充记录")));
            saved.extend([root.id, edit.id]);
        }
        seq
    };
    let files = journal_segments(dir.path());
    assert!(files.len() >= 3, "only {} segment(s)", files.len());
    for closed in &files[..files.len() - 1] {
        let len = std::fs::metadata(closed).unwrap().len();
        assert!(len >= SEGMENT, "{} closed at {len} bytes", closed.display());
    }
    assert_whole_lines(dir.path());

    let check = |store: &Store| {
        for (entry, text) in &expected {
            assert_eq!(
                q4(store, entry),
                Some(Value::from(text.as_str())),
                "{entry}"
            );
            assert_eq!(store.revisions(entry).unwrap().len(), 2, "{entry}");
        }
        let since: Vec<String> = store
            .revisions_since(seq)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(since, saved, "the journal read across segments");
        assert_doctor_ok(store);
    };
    check(&open(dir.path(), options));
    assert_rebuild_ok(dir.path());
    check(&open(dir.path(), StoreOptions::default()));
}

/// Every commit syncs the journal, then the database file, nothing else;
/// a commit that starts a new segment first syncs the journal folder, and
/// so does creating the journal (where the system has folder fsync).
#[test]
fn each_commit_syncs_the_journal_before_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), recording(Some(4096)));
    let at_open = take_syncs();
    if cfg!(unix) {
        assert!(
            at_open.contains(&SyncPoint::Folder),
            "the new journal segment's folder was not synced: {at_open:?}"
        );
    }
    kaocha::app::demo::seed(&store).unwrap();
    take_syncs();
    let mut parent: Option<String> = None;
    let mut rollovers = 0;
    for i in 0..40 {
        let segment = journal_segments(dir.path()).len();
        let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
        let r = rev(
            "e-a",
            &parents,
            &format!("第{i}次记录：人员紧张，借调两人。"),
        );
        store.save(&r).unwrap();
        parent = Some(r.id);
        let syncs = take_syncs();
        let rolled = journal_segments(dir.path()).len() != segment;
        rollovers += usize::from(rolled);
        let expected: &[SyncPoint] = if rolled && cfg!(unix) {
            &[SyncPoint::Folder, SyncPoint::Journal, SyncPoint::Database]
        } else {
            &[SyncPoint::Journal, SyncPoint::Database]
        };
        assert_eq!(syncs, expected, "save {i} (new segment: {rolled})");
    }
    assert!(rollovers >= 2, "only {rollovers} new segment(s)");
}

/// A journal sync that fails: the save is refused, its bytes are cut from
/// the journal, nothing of it shows, and the store goes on (nothing reached
/// sled, so it is not poisoned). After a restart with real syncs the
/// refused revision is nowhere, the later one is there.
#[test]
fn a_failed_journal_sync_is_not_acknowledged_and_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = rev("e-a", &[], "第一次记录");
    let a2 = rev("e-a", &[&a1.id], "保存失败的记录");
    let b1 = rev("e-b", &[], "失败之后的记录");
    {
        let store = seeded(dir.path(), recording(None));
        store.save(&a1).unwrap();
        let last = journal_segments(dir.path()).pop().unwrap();
        let before = std::fs::read(&last).unwrap();

        FAIL_AT.set(Some(SyncPoint::Journal));
        let refused = store.save(&a2);
        assert!(
            matches!(refused, Err(StoreError::Io { .. })),
            "a save whose journal sync failed returned {refused:?}"
        );
        let now = std::fs::read(&last).unwrap();
        assert!(
            now == before,
            "the refused line was left in the journal: {} bytes, {} before",
            now.len(),
            before.len()
        );
        assert_eq!(q4(&store, "e-a"), Some(Value::from("第一次记录")));
        assert!(!store.has_revision("e-a", &a2.id).unwrap());

        FAIL_AT.set(None);
        store.save(&b1).unwrap();
        assert_doctor_ok(&store);
    }
    assert_whole_lines(dir.path());
    let check = |store: &Store| {
        assert_eq!(q4(store, "e-a"), Some(Value::from("第一次记录")));
        assert!(!store.has_revision("e-a", &a2.id).unwrap());
        assert_eq!(q4(store, "e-b"), Some(Value::from("失败之后的记录")));
        assert_doctor_ok(store);
    };
    check(&open(dir.path(), StoreOptions::default()));
    assert_rebuild_ok(dir.path());
    check(&open(dir.path(), StoreOptions::default()));
}

/// Armed by the one test that opens a store with `armed_sync`: the journal
/// syncs fail, on whichever thread they run (a large batch's runs on a
/// thread of its own, which the thread-local hook above does not see).
static JOURNAL_SYNC_FAILS: AtomicBool = AtomicBool::new(false);
/// The journal syncs `armed_sync` refused.
static JOURNAL_SYNCS_REFUSED: AtomicUsize = AtomicUsize::new(0);

fn armed_sync(point: SyncPoint, file: &File) -> std::io::Result<()> {
    if point == SyncPoint::Journal && JOURNAL_SYNC_FAILS.load(Ordering::SeqCst) {
        JOURNAL_SYNCS_REFUSED.fetch_add(1, Ordering::SeqCst);
        return Err(std::io::Error::other("injected journal fsync failure"));
    }
    real_sync(point, file)
}

/// A large batch's journal sync that fails (it runs while the batch's new
/// entries are placed): the batch is refused, its lines are cut from the
/// journal, nothing of it reached sled (the store is not poisoned and goes
/// on), and after a restart it is nowhere.
#[test]
fn a_failed_journal_sync_of_a_large_batch_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let batch: Vec<Revision> = (0..30)
        .map(|i| rev(&format!("e-batch-{i:02}"), &[], &format!("导入的第{i}份")))
        .collect();
    let records = || -> Vec<Change> {
        batch
            .iter()
            .map(|r| Change::Revision {
                revision: r.clone(),
            })
            .collect()
    };
    let after = rev("e-after", &[], "失败之后的记录");
    let options = StoreOptions {
        bulk: 2,
        sync: armed_sync,
        ..StoreOptions::default()
    };
    {
        let store = seeded(dir.path(), options);
        let last = journal_segments(dir.path()).pop().unwrap();
        let before = std::fs::read(&last).unwrap();
        JOURNAL_SYNC_FAILS.store(true, Ordering::SeqCst);
        let refused = store.commit_owned(records(), kaocha::store::Source::Import, None);
        JOURNAL_SYNC_FAILS.store(false, Ordering::SeqCst);
        assert!(
            matches!(refused, Err(StoreError::Io { .. })),
            "a batch whose journal sync failed returned {refused:?}"
        );
        assert_eq!(JOURNAL_SYNCS_REFUSED.load(Ordering::SeqCst), 1);
        assert!(
            std::fs::read(&last).unwrap() == before,
            "the refused lines were left"
        );
        for r in &batch {
            assert!(
                store.entry(&r.body.entry).unwrap().is_none(),
                "{}",
                r.body.entry
            );
        }
        store.save(&after).unwrap();
        assert_doctor_ok(&store);
    }
    assert_whole_lines(dir.path());
    let store = open(dir.path(), StoreOptions::default());
    assert_eq!(q4(&store, "e-after"), Some(Value::from("失败之后的记录")));
    for r in &batch {
        assert!(
            store.entry(&r.body.entry).unwrap().is_none(),
            "{}",
            r.body.entry
        );
    }
    assert_doctor_ok(&store);
    // With the sync that works, the same batch is taken whole.
    store
        .commit_owned(records(), kaocha::store::Source::Import, None)
        .unwrap();
    for r in &batch {
        assert!(
            store.entry(&r.body.entry).unwrap().is_some(),
            "{}",
            r.body.entry
        );
    }
}

/// A database sync that fails after the journal sync: the save is refused
/// and the store refuses every later write (sled may hold part of it), but
/// the revision is durable in the journal, so the next start has it, and
/// so does a rebuild from the journal alone.
#[test]
fn a_failed_database_sync_poisons_the_store_and_the_journal_brings_the_save_back() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = rev("e-a", &[], "第一次记录");
    let a2 = rev("e-a", &[&a1.id], "数据库同步失败的记录");
    let b1 = rev("e-b", &[], "中毒之后的记录");
    {
        let store = seeded(dir.path(), recording(None));
        store.save(&a1).unwrap();

        FAIL_AT.set(Some(SyncPoint::Database));
        let refused = store.save(&a2);
        assert!(
            matches!(refused, Err(StoreError::Io { .. })),
            "a save whose database sync failed returned {refused:?}"
        );
        FAIL_AT.set(None);
        let later = store.save(&b1);
        assert!(
            matches!(later, Err(StoreError::Poisoned)),
            "a save after the failure returned {later:?}"
        );
    }
    assert_whole_lines(dir.path());
    let check = |store: &Store| {
        assert_eq!(q4(store, "e-a"), Some(Value::from("数据库同步失败的记录")));
        assert!(store.has_revision("e-a", &a2.id).unwrap());
        assert_eq!(q4(store, "e-b"), None, "a refused save came back");
        assert_doctor_ok(store);
    };
    check(&open(dir.path(), StoreOptions::default()));
    assert_rebuild_ok(dir.path());
    check(&open(dir.path(), StoreOptions::default()));
}

/// A crash in the middle of a batch (an import) leaves whole lines of it at
/// the end of the journal. The next start cuts the batch back to where it
/// began: none of it is visible, what came before is untouched, and the
/// journal, the doctor and a rebuild agree.
#[test]
fn a_batch_cut_short_by_a_crash_is_never_half_there() {
    for kept in [0, 1, 7, 29] {
        let dir = tempfile::tempdir().unwrap();
        let before = rev("e-before", &[], "导入前的记录");
        let batch: Vec<Revision> = (0..30)
            .map(|i| rev(&format!("e-batch-{i:02}"), &[], &format!("导入的第{i}份")))
            .collect();
        let clean_len;
        {
            let store = seeded(dir.path(), StoreOptions::default());
            store.save(&before).unwrap();
            clean_len = std::fs::metadata(journal_segments(dir.path()).last().unwrap())
                .unwrap()
                .len();
            let records = batch
                .iter()
                .map(|r| Change::Revision {
                    revision: r.clone(),
                })
                .collect();
            store
                .commit_owned(records, kaocha::store::Source::Import, None)
                .unwrap();
        }
        // The crash: the frame and `kept` of the 30 lines reached the disk.
        let segment = journal_segments(dir.path()).last().cloned().unwrap();
        let bytes = std::fs::read(&segment).unwrap();
        let tail = &bytes[clean_len as usize..];
        let cut: usize = tail
            .split_inclusive(|&b| b == b'\n')
            .take(kept + 1)
            .map(<[u8]>::len)
            .sum();
        std::fs::write(&segment, &bytes[..clean_len as usize + cut]).unwrap();
        // The database never saw the batch either (it is written after the
        // journal): start from the journal alone.
        std::fs::remove_dir_all(dir.path().join("db")).unwrap();

        let store = open(dir.path(), StoreOptions::default());
        let visible = batch
            .iter()
            .filter(|r| store.entry(&r.body.entry).unwrap().is_some())
            .count();
        assert_eq!(visible, 0, "{kept} lines kept: {visible} of 30 visible");
        assert!(q4(&store, "e-before").is_some(), "{kept} lines kept");
        assert_eq!(
            std::fs::metadata(&segment).unwrap().len(),
            clean_len,
            "{kept} lines kept: the short batch is still in the journal"
        );
        assert_doctor_ok(&store);
        let after = rev("e-after", &[], "重启后的记录");
        store.save(&after).unwrap();
        drop(store);
        assert_whole_lines(dir.path());
        assert_rebuild_ok(dir.path());
        let store = open(dir.path(), StoreOptions::default());
        assert!(q4(&store, "e-after").is_some());
        assert!(store.entry("e-batch-00").unwrap().is_none());
        assert_doctor_ok(&store);
    }
}

/// A whole last line that lost only its newline (a damaged disk, an editor)
/// may have been acknowledged: the next start gives it its newline back,
/// and the doctor and a rebuild keep its revision.
#[test]
fn a_whole_last_line_without_its_newline_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = rev("e-a", &[], "第一次记录");
    let a2 = rev("e-a", &[&a1.id], "第二次记录：人员紧张");
    {
        let store = seeded(dir.path(), StoreOptions::default());
        store.save(&a1).unwrap();
        store.save(&a2).unwrap();
    }
    let segment = journal_segments(dir.path()).pop().unwrap();
    let whole = std::fs::read(&segment).unwrap();
    std::fs::write(&segment, &whole[..whole.len() - 1]).unwrap();

    let store = open(dir.path(), StoreOptions::default());
    assert_eq!(
        std::fs::read(&segment).unwrap(),
        whole,
        "the line is not whole again"
    );
    assert_eq!(q4(&store, "e-a"), Some(Value::from("第二次记录：人员紧张")));
    assert_doctor_ok(&store);
    drop(store);
    assert_rebuild_ok(dir.path());
    let store = open(dir.path(), StoreOptions::default());
    assert_eq!(q4(&store, "e-a"), Some(Value::from("第二次记录：人员紧张")));
}

/// The campaign is decoded once and shared; storing a changed campaign is
/// seen by the next read of the same open store (the cache never serves a
/// campaign older than the database's).
#[test]
fn a_stored_campaign_change_is_seen_by_the_open_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path(), StoreOptions::default());
    let id = kaocha::app::demo::CAMPAIGN_ID;
    let first = store.campaign(id).unwrap().unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &store.current_campaign().unwrap().unwrap()
    ));
    let mut changed = (*first).clone();
    changed.units[0].name = "县应急管理局".into();
    store.put_campaign(&changed).unwrap();
    assert_eq!(
        store.campaign(id).unwrap().unwrap().units[0].name,
        "县应急管理局"
    );
    assert_eq!(*store.current_campaign().unwrap().unwrap(), changed);
    drop(store);
    let store = open(dir.path(), StoreOptions::default());
    assert_eq!(*store.campaign(id).unwrap().unwrap(), changed);
}

/// A rebuild that finds a merge revision's line damaged derives the merge
/// again (it is deterministic), journals it, and ends at the journal's end:
/// the entry is as before, its history readable, and the doctor names only
/// the damaged line, as dropped by the rebuild.
#[test]
fn a_rebuild_journals_a_merge_it_had_to_derive_again() {
    let dir = tempfile::tempdir().unwrap();
    let a1 = rev("e-m", &[], "第一次记录");
    let left = rev("e-m", &[&a1.id], "甲的补充");
    // The other side changes another item: the store merges the fork.
    let mut draft = rev("e-m", &[&a1.id], "乙的补充").body;
    draft.changes = [("interviewee".to_string(), Value::from("乙"))].into();
    let right = draft.seal();
    let before = {
        let store = seeded(dir.path(), StoreOptions::default());
        for r in [&a1, &left, &right] {
            store.save(r).unwrap();
        }
        let head = store.entry("e-m").unwrap().unwrap();
        assert_eq!(head.revisions, 4, "the fork was merged: {head:?}");
        (head, store.revisions("e-m").unwrap())
    };
    let merge = before.1.last().unwrap().id.clone();
    let last = journal_segments(dir.path()).pop().unwrap();
    let text = std::fs::read_to_string(&last).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&format!("\"id\":\"{merge}\"")))
        .unwrap();
    let damaged = line.replacen("\"at\":\"2", "\"at\":\"3", 1);
    assert_ne!(line, damaged);
    std::fs::write(&last, text.replace(line, &damaged)).unwrap();

    // The damaged line is dropped, and named from then on as known.
    let report = rebuild(dir.path(), true).unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.dropped.len(), 1, "{report:?}");
    let store = open(dir.path(), StoreOptions::default());
    assert_eq!(store.entry("e-m").unwrap().unwrap(), before.0);
    assert_eq!(store.revisions("e-m").unwrap(), before.1);
    let after = std::fs::read_to_string(&last).unwrap();
    assert_eq!(after.matches(&format!("\"id\":\"{merge}\"")).count(), 2);
    let report = store.doctor().unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.dropped.len(), 1, "{report:?}");
}
