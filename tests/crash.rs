//! Crash test: a child process saves revisions and reports each one only
//! after the save returned; the parent SIGKILLs it at pseudo-random moments,
//! reopens the data dir and checks that every reported revision is there
//! and that heads, indexes and journal agree.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use kaocha::app::workspace::Workspace;
use kaocha::domain::{Author, EntryInit, Revision, RevisionDraft, Status};
use kaocha::store::Change;
use kaocha::store::{Source, Store};

const CHILD_ENV: &str = "KAOCHA_CRASH_CHILD_DIR";

/// A fixed-seed generator: the same moments on every run.
fn moments(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// This test binary re-run as one ignored child test, its output lines
/// coming in on a channel.
struct Child {
    process: std::process::Child,
    lines: mpsc::Receiver<String>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// A child left by a failed assertion is killed, not left running.
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Child {
    fn start(test: &str, env: &str, dir: &std::path::Path) -> Child {
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                test,
                "--nocapture",
                "--test-threads=1",
            ])
            .env(env, dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = process.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        Child {
            process,
            lines,
            reader: Some(reader),
        }
    }

    /// The next line, waiting up to a minute.
    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the child printed nothing")
    }

    /// SIGKILL; the lines printed before it.
    fn kill(mut self) -> Vec<String> {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        self.lines.try_iter().collect()
    }
}

/// Opens a data dir, waiting while it is locked. The two tests here run on
/// two threads, each spawning children: a child forked by one thread holds
/// a copy of the other thread's lock file until it execs, so a lock may
/// outlive its store by a moment. (Only this test's own processes share the
/// dir; the app itself is never raced.)
fn open_retrying<T>(what: &str, open: impl Fn() -> Result<T, kaocha::store::StoreError>) -> T {
    let start = std::time::Instant::now();
    loop {
        match open() {
            Ok(x) => return x,
            Err(kaocha::store::StoreError::Locked { .. })
                if start.elapsed() < Duration::from_secs(10) =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

/// An "entry revision" line of a child, as the pair.
fn reported_line(line: &str) -> Option<(String, String)> {
    let (e, r) = line.split_once(' ')?;
    (r.len() == 64).then(|| (e.to_string(), r.to_string()))
}

/// A data dir with the demo campaign.
fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    kaocha::app::demo::seed(&store).unwrap();
    dir
}

/// A rebuild after a kill moves the killed process's database aside byte
/// for byte as it was. sled recovers a database a crash left in place when
/// it opens it (a new snapshot, a torn tail zeroed), so a rebuild cut off
/// while reading the old database could damage the only one there is: it
/// reads a copy.
#[test]
fn a_rebuild_after_a_kill_leaves_the_old_database_as_it_was() {
    let dir = demo_dir();
    let child = Child::start("crash_child", CHILD_ENV, dir.path());
    let mut saved = 0;
    while saved < 20 {
        saved += usize::from(reported_line(&child.next_line()).is_some());
    }
    child.kill();
    let db = common::snapshot(&dir.path().join("db"));
    let report = kaocha::store::rebuild(dir.path(), false).unwrap();
    let aside = report.moved_aside.unwrap();
    assert!(
        common::snapshot(&aside) == db,
        "the old database was written"
    );
}

/// Reopens the data dir after a kill: every revision reported saved is
/// there, every stored head is the fold of its revisions, and the doctor
/// finds sled and the journal in agreement.
fn check_after_kill(dir: &std::path::Path, round: usize, reported: &[(String, String)]) {
    let store = open_retrying("reopen after the kill", || Store::open(dir));
    for (entry, rev) in reported {
        let revs = store.revisions(entry).unwrap();
        assert!(
            revs.iter().any(|r| &r.id == rev),
            "round {round}: reported revision {rev} of {entry} is missing"
        );
    }
    for head in store.all_entries().unwrap() {
        let revs = store.revisions(&head.id).unwrap();
        assert_eq!(
            Some(head),
            kaocha::domain::fold(&revs),
            "round {round}: head is not the fold"
        );
    }
    let report = store.doctor().unwrap();
    assert!(
        report.ok(),
        "round {round}: {} problems, first: {:?}",
        report.problems.len(),
        &report.problems[..report.problems.len().min(5)]
    );
    assert_eq!(report.revisions, store.revision_count().unwrap());
}

/// The child: runs only when the parent re-executes this test binary.
#[test]
#[ignore = "run by crash_kill_at_random_moments as a child process"]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let ws = open_retrying("the child's workspace", || {
        Workspace::open(dir.as_ref(), Some("测试员".into())).map_err(|e| match e {
            kaocha::app::workspace::WorkError::Store(s) => s,
            other => panic!("{other}"),
        })
    });
    let campaign = ws.campaign().unwrap();
    let unit = campaign.units[0].clone();
    let form = ws.latest_form("jgbz.interview").unwrap().clone();
    for i in 0u64.. {
        let entry = ws
            .new_entry(
                &campaign,
                &unit,
                &form,
                &[("interviewee".into(), format!("受访人{i}"))],
            )
            .unwrap();
        println!("{} {}", entry.id, entry.heads[0]);
        let mut head = entry;
        for j in 0..5 {
            let text = format!("第{i}份第{j}次记录：人员紧张，借调两人。");
            head = ws.set_answers(&head, &[("q4".into(), text)], None).unwrap();
            println!("{} {}", head.id, head.heads[0]);
        }
    }
}

#[test]
fn crash_kill_at_random_moments() {
    let dir = demo_dir();
    let mut reported: Vec<(String, String)> = Vec::new();
    let mut next = moments(0x9e37_79b9_7f4a_7c15);
    let kills = 24;
    for round in 0..kills {
        let child = Child::start("crash_child", CHILD_ENV, dir.path());
        // Wait for the child to start saving, then kill it a little later.
        loop {
            if let Some(first) = reported_line(&child.next_line()) {
                reported.push(first);
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(next() % 150));
        reported.extend(child.kill().iter().filter_map(|l| reported_line(l)));

        check_after_kill(dir.path(), round, &reported);
    }
    assert!(
        reported.len() > kills,
        "only {} saves reported",
        reported.len()
    );
}

const BULK_CHILD_ENV: &str = "KAOCHA_CRASH_BULK_CHILD_DIR";

fn draft(entry: String, parents: Vec<String>, init: bool, text: String) -> Revision {
    RevisionDraft {
        entry,
        parents,
        author: Author {
            device: "crash".into(),
            person: "测试员".into(),
        },
        at: "2026-11-26T10:00:00+08:00".into(),
        init: init.then(|| EntryInit {
            campaign: kaocha::app::demo::CAMPAIGN_ID.into(),
            unit: "u-ajj".into(),
            form: "jgbz.interview".into(),
            form_version: 1,
            finding: None,
        }),
        changes: [("q4".to_string(), serde_json::Value::from(text))].into(),
        status: init.then_some(Status::Draft),
        reason: None,
    }
    .seal()
}

/// The bulk child: commits batches large enough for the store's batch path
/// (an import's path), each of 700 new entries (a root and an edit) and an
/// edit of every entry of the batch before; reports each entry's head after
/// the commit returned.
#[test]
#[ignore = "run by crash_kill_during_large_batches as a child process"]
fn crash_bulk_child() {
    let Ok(dir) = std::env::var(BULK_CHILD_ENV) else {
        return;
    };
    let store = open_retrying("the bulk child's store", || Store::open(dir.as_ref()));
    let mut previous: Vec<(String, String)> = Vec::new();
    for batch in 0u64.. {
        let mut records = Vec::new();
        let mut heads = Vec::new();
        for (entry, head) in &previous {
            let r = draft(
                entry.clone(),
                vec![head.clone()],
                false,
                format!("第{batch}批补充"),
            );
            heads.push((entry.clone(), r.id.clone()));
            records.push(Change::Revision { revision: r });
        }
        let mut fresh = Vec::new();
        for i in 0..700 {
            let entry = kaocha::domain::new_entry_id();
            let root = draft(entry.clone(), vec![], true, format!("第{batch}批第{i}份"));
            let edit = draft(
                entry.clone(),
                vec![root.id.clone()],
                false,
                format!("第{batch}批第{i}份改"),
            );
            fresh.push((entry, edit.id.clone()));
            records.push(Change::Revision { revision: root });
            records.push(Change::Revision { revision: edit });
        }
        println!("begin");
        store.commit_owned(records, Source::Save, None).unwrap();
        for (entry, rev) in heads.iter().chain(&fresh) {
            println!("{entry} {rev}");
        }
        previous = fresh;
    }
}

#[test]
fn crash_kill_during_large_batches() {
    let dir = demo_dir();
    let mut reported: Vec<(String, String)> = Vec::new();
    let mut next = moments(0x2545_f491_4f6c_dd1d);
    // Six rounds at least; on a busy machine, where fewer batches finish
    // before the kill, more (so the check is never vacuous), up to 30.
    let mut round = 0;
    while round < 6 || (reported.len() <= 700 && round < 30) {
        round += 1;
        let child = Child::start("crash_bulk_child", BULK_CHILD_ENV, dir.path());
        // Kill somewhere in the first or second batch's commit.
        while child.next_line() != "begin" {}
        std::thread::sleep(Duration::from_millis(next() % 1500));
        reported.extend(child.kill().iter().filter_map(|l| reported_line(l)));

        check_after_kill(dir.path(), round, &reported);
    }
    assert!(
        reported.len() > 700,
        "only {} heads reported",
        reported.len()
    );
}

const BATCH_CHILD_ENV: &str = "KAOCHA_CRASH_BATCH_CHILD_DIR";
/// Entries per batch of the batch child.
const BATCH: usize = 150;

/// The entry ids of batch `b` of the batch child.
fn batch_entries(b: usize) -> impl Iterator<Item = String> {
    (0..BATCH).map(move |i| format!("e-batch-{b:04}-{i:03}"))
}

/// The batch child: commits batches as a large import does (new entries,
/// about 1 KB each), writing the journal in 4 KiB pieces so that a kill
/// can fall between the writes of one batch; says "begin B" before and
/// "done B" after each commit.
#[test]
#[ignore = "run by crash_kill_during_imports as a child process"]
fn crash_batch_child() {
    let Ok(dir) = std::env::var(BATCH_CHILD_ENV) else {
        return;
    };
    // Written the way a large import is (its new entries as bucket
    // items, sled in batches after the journal), not as one transaction.
    let options = kaocha::store::StoreOptions {
        write_chunk: 4096,
        bulk: 50,
        ..Default::default()
    };
    let store = open_retrying("the batch child's store", || {
        Store::open_with(dir.as_ref(), options)
    });
    // Batches of an earlier child in this folder keep their numbers.
    let first = store.revision_count().unwrap();
    for b in first.. {
        let records = batch_entries(b)
            .map(|e| {
                let text = format!("{e}：{}", "人员紧张，长期借调。".repeat(30));
                Change::Revision {
                    revision: draft(e, vec![], true, text),
                }
            })
            .collect();
        println!("begin {b}");
        store.commit_owned(records, Source::Import, None).unwrap();
        println!("done {b}");
    }
}

/// Kills imports at 200 moments: after every kill each batch is either all
/// there or not there at all, and every batch reported done is there.
#[test]
fn crash_kill_during_imports() {
    let mut next = moments(0x9e37_79b9_7f4a_7c15);
    let mut partial_moments = 0;
    let mut dir = demo_dir();
    for round in 0..200 {
        if round % 25 == 0 {
            dir = demo_dir();
        }
        let child = Child::start("crash_batch_child", BATCH_CHILD_ENV, dir.path());
        let first = loop {
            let line = child.next_line();
            if line.starts_with("begin") {
                break line;
            }
        };
        std::thread::sleep(Duration::from_micros(next() % 40_000));
        let mut lines = child.kill();
        lines.push(first);
        let store = open_retrying("reopen after the kill", || Store::open(dir.path()));
        let mut begun: Vec<usize> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("begin ")?.parse().ok())
            .collect();
        let done: Vec<usize> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("done ")?.parse().ok())
            .collect();
        begun.sort_unstable();
        begun.dedup();
        for b in begun {
            let visible = batch_entries(b)
                .filter(|e| store.entry(e).unwrap().is_some())
                .count();
            assert!(
                visible == 0 || visible == BATCH,
                "round {round}: batch {b} is half there ({visible} of {BATCH})"
            );
            if done.contains(&b) {
                assert_eq!(visible, BATCH, "round {round}: batch {b} was done");
            }
            if visible == 0 && !done.contains(&b) {
                partial_moments += 1;
            }
        }
        // The database agrees with the journal (every eighth round: a
        // doctor is most of a round's time), and lists each entry once (one
        // revision each), wherever a replay put it.
        if round % 8 == 7 {
            let report = store.doctor().unwrap();
            assert!(report.ok(), "round {round}: {:?}", report.problems);
        }
        assert_eq!(
            store.revision_count().unwrap(),
            store.all_entries().unwrap().len(),
            "round {round}"
        );
    }
    // The kills fell inside commits, not only between them.
    assert!(
        partial_moments > 20,
        "only {partial_moments} kills inside a commit"
    );
}

const REBUILD_CHILD_ENV: &str = "KAOCHA_CRASH_REBUILD_CHILD_DIR";

/// The rebuild child: runs `doctor --rebuild` (without `--force`) over and
/// over, saying "begin" before the first.
#[test]
#[ignore = "run by crash_kill_during_rebuilds as a child process"]
fn crash_rebuild_child() {
    let Ok(dir) = std::env::var(REBUILD_CHILD_ENV) else {
        return;
    };
    // The test harness's "test … " has no newline of its own.
    println!("\nbegin");
    loop {
        // Refused (an entry would be lost) or done: either way, again.
        let _ = kaocha::store::rebuild(dir.as_ref(), false);
    }
}

/// Every entry's head, by id.
fn heads(dir: &std::path::Path) -> Vec<kaocha::domain::Entry> {
    let store = open_retrying("reopen after the kill", || Store::open(dir));
    store.all_entries().unwrap()
}

/// Kills `doctor --rebuild` at 40 moments, half of them over a journal with
/// one damaged line (the rebuild would drop that entry, so it is refused
/// at its end), half over a sound one (the rebuild succeeds and swaps the
/// new database in): after every kill the folder opens with every entry
/// as before — a rebuild cut off never replaces the database with a half
/// or lossy one — and nothing half built is left behind.
#[test]
fn crash_kill_during_rebuilds() {
    let mut next = moments(0x5851_f42d_4c95_7f2d);
    let mut mid_build = 0;
    // More rounds for a stress run: KAOCHA_CRASH_ROUNDS=500 cargo test …
    let rounds = std::env::var("KAOCHA_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    for damaged in [true, false] {
        let dir = demo_dir();
        {
            let store = Store::open(dir.path()).unwrap();
            for b in 0..3 {
                let records = batch_entries(b)
                    .map(|e| Change::Revision {
                        revision: draft(e, vec![], true, "人员紧张，长期借调。".repeat(20)),
                    })
                    .collect();
                store.commit_owned(records, Source::Import, None).unwrap();
            }
        }
        if damaged {
            // One byte of one entry's only revision: its checksum fails.
            let segment = std::fs::read_dir(dir.path().join("journal"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .max()
                .unwrap();
            let text = std::fs::read_to_string(&segment).unwrap();
            let at = text.find("e-batch-0001-007").unwrap();
            let line_end = at + text[at..].find('\n').unwrap();
            let flip = text[at..line_end].find("长期").unwrap() + at;
            let mut bytes = text.into_bytes();
            bytes[flip] ^= 0x01;
            std::fs::write(&segment, bytes).unwrap();
        }
        let before = heads(dir.path());
        let demo = kaocha::app::demo::sample_entries().len()
            + kaocha::app::demo_jx::sample_entries().len();
        assert_eq!(before.len(), 3 * BATCH + demo, "the demos' and 3 batches");
        for round in 0..rounds {
            let child = Child::start("crash_rebuild_child", REBUILD_CHILD_ENV, dir.path());
            while child.next_line() != "begin" {}
            std::thread::sleep(Duration::from_micros(next() % 600_000));
            child.kill();
            if dir.path().join("db.rebuilding").exists() {
                mid_build += 1;
            }
            assert_eq!(
                heads(dir.path()),
                before,
                "round {round} (damaged journal: {damaged}): the entries changed"
            );
            for half in ["db.rebuilding", "db.reading"] {
                assert!(
                    !dir.path().join(half).exists(),
                    "round {round}: {half} was left behind"
                );
            }
        }
    }
    assert!(mid_build > 10, "only {mid_build} kills fell inside a build");
}
