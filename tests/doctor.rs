//! `kaocha doctor`: the journal alone rebuilds the database, byte for byte as
//! the commands show it; a damaged database is refused with the way out; a
//! healthy data dir is reported with its counts.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Kaocha, journal_segments, last_segment, snapshot};

/// The 绩效考核 demo's entries, each one revision: `kaocha demo` seeds
/// them beside the 机构编制评估 demo's.
fn jx() -> usize {
    kaocha::app::demo_jx::sample_entries().len()
}

/// The demo plus a few entries with answers, one of them final: 5 entries,
/// 10 revisions (demo 2 + 1 change; registration new, rows, finalise,
/// reasoned change; interview 1; symposium 2).
fn filled() -> Kaocha {
    let k = Kaocha::demo("zh");
    let staff = "unit_name=东阿县食品药品监督管理局 admin_actual=11 inst_actual=12 worker_actual=2";
    let reg = k.new_entry("县药监局", "jgbz.registration", staff);
    k.set(
        &reg,
        "bodies[+].body_name=办公室 bodies[+].body_actual=3 bodies[+].body_approved=是",
    );
    k.run(["entry", "finalize", &reg]).ok();
    k.set(&reg, "admin_actual=10 --reason 核对花名册后更正");
    let talk = "interviewee=张三 q4=办公室人员紧张，长期借调两人。";
    k.new_entry("县科技局", "jgbz.interview", talk);
    let sym = k.new_entry(
        "县审计局",
        "jgbz.symposium",
        "topic=编制使用情况座谈 expected=8",
    );
    k.set(&sym, "present=7 participant_kinds=领导班子,一般干部");
    // A demo entry changed too.
    k.set("0190e1c4-3a00-7000-8000-00000000a001", "admin_actual=13");
    k
}

/// Every entry's `show --json` and `history --json`, plus the list, as
/// printed.
fn everything(k: &Kaocha) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(
        "list".to_string(),
        k.run(["entry", "list", "--json"]).ok().stdout,
    );
    for id in k.list_ids(&[]) {
        out.insert(
            format!("history {id}"),
            k.run(["entry", "history", &id, "--json"]).ok().stdout,
        );
        out.insert(format!("show {id}"), k.show_raw(&id));
    }
    out
}

fn assert_same(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (key, text) in before {
        assert_eq!(&after[key], text, "{key} differs after the rebuild");
    }
}

/// What a refused rebuild leaves: every list and head as before, and the
/// history of each entry in `unreadable` (whose journal lines are damaged
/// or gone: revisions live only in the journal) refused with a message
/// naming the entry and the journal; every other history as before.
fn assert_same_but_history_of(k: &Kaocha, before: &BTreeMap<String, String>, unreadable: &[&str]) {
    for (key, text) in before {
        let id = key.trim_start_matches("history ");
        if key.starts_with("history ") && unreadable.contains(&id) {
            let out = k.run(["entry", "history", id, "--json"]).failed();
            out.stderr_has(&[id, "在日志中读不出来", "journal"]);
            continue;
        }
        let now = match key.strip_prefix("show ") {
            Some(id) => k.show_raw(id),
            None if key == "list" => k.run(["entry", "list", "--json"]).ok().stdout,
            None => k.run(["entry", "history", id, "--json"]).ok().stdout,
        };
        assert_eq!(&now, text, "{key} changed");
    }
}

/// The folders `doctor --rebuild` moved aside.
fn moved_aside(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("db.broken-"))
        .collect()
}

/// Overwrites the first 4 KiB of the sled file with garbage.
fn scribble(dir: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("db").join("db"))
        .unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(&[0xA5; 4096]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn rebuild_from_the_journal_after_deleting_the_database() {
    let k = filled();
    let before = everything(&k);
    assert_eq!(before.len(), 1 + 2 * 5, "five entries");
    let list: serde_json::Value = serde_json::from_str(&before["list"]).unwrap();
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "final").count(),
        1,
        "{statuses:?}"
    );

    std::fs::remove_dir_all(k.dir().join("db")).unwrap();
    let out = k.run(["doctor", "--rebuild"]).ok();
    out.stdout_has(&[
        "已从日志重建数据库。",
        &format!(
            "数据库与日志一致：2 个任务，{} 条记录，{} 个修订。",
            5 + jx(),
            10 + jx()
        ),
    ]);
    assert!(moved_aside(k.dir()).is_empty(), "nothing to move aside");
    assert!(k.dir().join("db").join("db").is_file());

    assert_same(&before, &everything(&k));
    k.run(["doctor"]).ok().stdout_has(&["数据库与日志一致"]);
}

#[test]
fn a_deleted_database_is_replayed_on_the_next_open() {
    let k = filled();
    let before = everything(&k);
    std::fs::remove_dir_all(k.dir().join("db")).unwrap();
    assert_same(&before, &everything(&k));
    k.run(["doctor"]).ok().stdout_has(&[&format!(
        "数据库与日志一致：2 个任务，{} 条记录，",
        5 + jx()
    )]);
}

#[test]
fn a_damaged_database_points_to_rebuild_and_rebuild_restores_it() {
    let k = filled();
    let before = everything(&k);
    let list = before["list"].clone();
    scribble(k.dir());

    for args in [vec!["entry", "list", "--json"], vec!["doctor"]] {
        let out = k.run(&args);
        if out.success() {
            // Recovered on its own: then it must say what it said before.
            if args[0] == "entry" {
                assert_eq!(
                    out.stdout, list,
                    "a recovered database lists the same entries"
                );
            } else {
                out.stdout_has(&["数据库与日志一致"]);
            }
        } else {
            out.stderr_has(&["kaocha doctor --rebuild"]);
        }
    }

    let out = k.run(["doctor", "--rebuild"]).ok();
    out.stdout_has(&[
        "已从日志重建数据库；旧数据库已移至",
        &format!("数据库与日志一致：2 个任务，{} 条记录，", 5 + jx()),
    ]);
    let aside = moved_aside(k.dir());
    assert_eq!(aside.len(), 1, "the damaged database is kept: {aside:?}");
    assert!(out.stdout.contains(&aside[0]), "{}", out.stdout);
    assert!(k.dir().join(&aside[0]).join("db").is_file());

    assert_same(&before, &everything(&k));
    k.run(["doctor"]).ok();
}

#[test]
fn a_damaged_database_is_refused_in_english_too() {
    let k = filled();
    scribble(k.dir());
    let out = k.run(["--lang", "en", "entry", "list"]);
    if !out.success() {
        out.stderr_has(&["kaocha doctor --rebuild", "journal"]);
    }
    k.run(["--lang", "en", "doctor", "--rebuild"])
        .ok()
        .stdout_has(&[
            "Rebuilt the database from the journal; the old one was moved to",
            "Database and journal agree",
        ]);
}

#[test]
fn a_truncated_database_is_rebuilt() {
    let k = filled();
    let before = everything(&k);
    let db = k.dir().join("db").join("db");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(1000)
        .unwrap();

    let out = k.run(["entry", "list", "--json"]);
    if out.success() {
        assert_eq!(out.stdout, before["list"]);
    } else {
        out.stderr_has(&["kaocha doctor --rebuild"]);
    }
    k.run(["doctor", "--rebuild"]).ok();
    assert_same(&before, &everything(&k));
}

#[test]
fn doctor_reports_agreement_with_counts() {
    let k = Kaocha::demo("zh");
    k.run(["doctor"]).ok().stdout_has(&[&format!(
        "数据库与日志一致：2 个任务，{} 条记录，{} 个修订。",
        2 + jx(),
        2 + jx()
    )]);

    let id = k.new_entry("县药监局", "jgbz.interview", "interviewee=王五");
    k.set(&id, "position=局长");
    // A refused change adds nothing.
    k.run(["entry", "set", &id, "q9=9"]).failed();
    k.run(["doctor"]).ok().stdout_has(&[&format!(
        "数据库与日志一致：2 个任务，{} 条记录，{} 个修订。",
        3 + jx(),
        4 + jx()
    )]);
    k.run(["--lang", "en", "doctor"])
        .ok()
        .stdout_has(&[&format!(
            "Database and journal agree: 2 campaigns, {} entries, {} revisions.",
            3 + jx(),
            4 + jx()
        )]);

    // Seeding the demo again writes nothing.
    k.run(["demo", "--no-tui"]).ok().stdout_has(&["已存在"]);
    k.run(["doctor"])
        .ok()
        .stdout_has(&[&format!("，{} 个修订", 4 + jx())]);
}

/// A database of the earlier layout (one unit-index key per entry in
/// `by_unit`, an arrival `log` tree) opens with its index rebuilt: the same
/// lists and counts, and the doctor agrees.
#[test]
fn a_database_of_the_earlier_layout_is_brought_up_to_date() {
    let k = filled();
    let before = everything(&k);
    let home_before = k.run(["units", "--json"]).ok().stdout;
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        db.drop_tree("unit_index").unwrap();
        let entries = db.open_tree("entries").unwrap();
        let by_unit = db.open_tree("by_unit").unwrap();
        let log = db.open_tree("log").unwrap();
        for (n, kv) in entries.iter().enumerate() {
            let (id, v) = kv.unwrap();
            let head = v.split(|&b| b == b'\n').next().unwrap();
            let e: serde_json::Value = serde_json::from_slice(head).unwrap();
            let key = format!(
                "{}\0{}\0{}",
                e["campaign"].as_str().unwrap(),
                e["unit"].as_str().unwrap(),
                String::from_utf8_lossy(&id)
            );
            let value = format!(
                "{}\0{}",
                e["form"].as_str().unwrap(),
                e["status"].as_str().unwrap()
            );
            by_unit.insert(key, value.as_bytes()).unwrap();
            log.insert((n as u64 + 1).to_be_bytes(), &*id).unwrap();
        }
        db.flush().unwrap();
    }
    assert_same(&before, &everything(&k));
    assert_eq!(k.run(["units", "--json"]).ok().stdout, home_before);
    k.run(["doctor"]).ok().stdout_has(&["数据库与日志一致"]);
    let db = sled::open(k.dir().join("db")).unwrap();
    let names: Vec<String> = db
        .tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n == "by_unit" || n == "log"),
        "{names:?}"
    );
}

/// A deleted journal: a rebuild would give an empty database, so it is
/// refused and the database is left exactly as it was.
#[test]
fn a_rebuild_without_a_journal_is_refused_and_changes_nothing() {
    let k = filled();
    let before = everything(&k);
    std::fs::remove_dir_all(k.dir().join("journal")).unwrap();
    k.run(["doctor", "--rebuild"])
        .failed()
        .stderr_has(&["日志是空的或已不在", "数据库保持原样"]);
    assert!(moved_aside(k.dir()).is_empty(), "the database was moved");
    let ids = k.list_ids(&[]);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_same_but_history_of(&k, &before, &ids);
    // Nothing is written over a journal that lost lines the database
    // refers to.
    k.run(["entry", "set", ids[0], "admin_actual=99"])
        .failed()
        .stderr_has(&["日志比数据库短", "不能保存"]);
    assert_same_but_history_of(&k, &before, &ids);
}

/// A damaged first revision (its line no longer matches its id) would cost
/// a rebuild that whole entry: the rebuild is refused, names the entry, and
/// puts the database back as it was; every command still works.
#[test]
fn a_rebuild_that_would_drop_a_damaged_entry_puts_the_database_back() {
    let k = filled();
    let before = everything(&k);
    let (segment, text) = last_segment(k.dir());
    assert!(text.contains("办公室人员紧张"));
    std::fs::write(&segment, text.replace("办公室人员紧张", "办公室人员充足")).unwrap();
    k.run(["doctor"])
        .failed()
        .stdout_has(&["无法读取", "校验和不符"]);
    let db = snapshot(&k.dir().join("db"));
    k.run(["doctor", "--rebuild"])
        .failed()
        .stderr_has(&["会丢失数据库中的 1 条记录", "jgbz.interview"]);
    assert!(moved_aside(k.dir()).is_empty(), "the database stayed aside");
    // The rebuild read a copy of the database: sled, opening one, writes
    // to it, and a rebuild cut off then must not have touched it.
    assert!(
        snapshot(&k.dir().join("db")) == db,
        "the database was written"
    );
    for name in ["db.reading", "db.rebuilding"] {
        assert!(!k.dir().join(name).exists(), "{name} was left behind");
    }
    let talk = k.list_ids(&["--form", "jgbz.interview"]);
    let talk: Vec<&str> = talk.iter().map(String::as_str).collect();
    assert_same_but_history_of(&k, &before, &talk);
}

/// A damaged later revision costs only itself: the rebuild goes ahead, the
/// entry keeps what it had before that revision, the doctor names the
/// damaged revision, and the other entries are as they were.
#[test]
fn a_damaged_line_costs_only_its_own_revision() {
    let k = filled();
    let before = everything(&k);
    let (segment, text) = last_segment(k.dir());
    assert_eq!(text.matches("核对花名册后更正").count(), 1);
    std::fs::write(
        &segment,
        text.replace("核对花名册后更正", "核对花名册后改正"),
    )
    .unwrap();
    // The rebuild drops the line and says so; from then on the doctor
    // names it as known, and the folder as sound.
    let out = k.run(["doctor", "--rebuild"]).ok();
    out.stdout_has(&[
        "已知，重建时已舍弃",
        "无法读取",
        "校验和不符",
        "数据库与日志一致",
    ]);
    assert_eq!(moved_aside(k.dir()).len(), 1);
    let out = k.run(["doctor"]).ok();
    out.stdout_has(&[
        "已知，重建时已舍弃",
        "无法读取",
        "1 行日志",
        "数据库与日志一致",
    ]);
    let after = everything(&k);
    let reg = before
        .iter()
        .find(|(key, text)| key.starts_with("history ") && text.contains("核对花名册后更正"))
        .unwrap()
        .0
        .trim_start_matches("history ")
        .to_string();
    let shown = k.show(&reg);
    assert_eq!(shown["answers"]["admin_actual"], 11, "{shown}");
    assert_eq!(shown["status"], "final");
    for (key, text) in &before {
        if !key.contains(&reg) && key != "list" {
            assert_eq!(&after[key], text, "{key} changed");
        }
    }
}

/// A journal that lost its later lines: the rebuild would drop entries the
/// database has, so it lists them and asks for `--force`; with it, the
/// rebuild goes ahead (the old database kept aside).
#[test]
fn a_rebuild_that_would_lose_entries_asks_for_force() {
    let k = filled();
    let before = everything(&k);
    let (segment, text) = last_segment(k.dir());
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Up to the last line that is not a revision of the symposium.
    let keep = lines
        .iter()
        .rposition(|l| l.contains("编制使用情况座谈"))
        .unwrap();
    std::fs::write(&segment, lines[..keep].concat()).unwrap();
    let list: serde_json::Value = serde_json::from_str(&before["list"]).unwrap();
    let symposium = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["form"] == "jgbz.symposium")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let out = k.run(["doctor", "--rebuild"]).failed();
    out.stderr_has(&["会丢失数据库中的 1 条记录", &symposium, "--force"]);
    assert!(moved_aside(k.dir()).is_empty());
    // The demo entry's last change came after the cut too.
    let demo = "0190e1c4-3a00-7000-8000-00000000a001";
    assert_same_but_history_of(&k, &before, &[&symposium, demo]);
    k.run(["entry", "history", demo])
        .failed()
        .stderr_has(&["日志在它之前就结束了"]);

    k.run(["doctor", "--rebuild", "--force"]).ok();
    assert_eq!(moved_aside(k.dir()).len(), 1);
    let after: serde_json::Value = serde_json::from_str(&everything(&k)["list"]).unwrap();
    assert_eq!(after.as_array().unwrap().len(), 4);
}

/// A data folder of the first layout (schema 1): revisions in a sled tree
/// of their own (`revisions`, keyed `entry NUL revision`, the revision's
/// JSON), entries holding their head alone, journal lines without
/// checksums. Made here from a folder of today's layout, byte for byte as
/// the first release wrote it; `drop_last` revision lines are left out of
/// the journal (the database has revisions the journal lacks).
fn to_first_layout(dir: &Path, drop_last: usize) {
    let mut revisions: Vec<(String, String, Vec<u8>)> = Vec::new();
    let mut end = (0u32, 0u64);
    let segments = journal_segments(dir);
    for (n, segment) in segments.iter().enumerate() {
        let text = std::fs::read_to_string(segment).unwrap();
        let mut old = String::new();
        for line in text.lines() {
            let (json, sum) = line.rsplit_once('\t').unwrap();
            assert_eq!(sum.len(), 8, "{line}");
            let record: serde_json::Value = serde_json::from_str(json).unwrap();
            if record["kind"] == "revision" {
                let r = &record["revision"];
                let (entry, id) = (r["entry"].as_str().unwrap(), r["id"].as_str().unwrap());
                revisions.push((entry.into(), id.into(), serde_json::to_vec(r).unwrap()));
            }
            old.push_str(json);
            old.push('\n');
        }
        if n + 1 == segments.len() {
            let keep: Vec<&str> = old.split_inclusive('\n').collect();
            let mut dropped = 0;
            let cut = keep
                .iter()
                .rposition(|l| {
                    dropped += usize::from(l.contains("\"kind\":\"revision\""));
                    dropped == drop_last
                })
                .unwrap_or(keep.len());
            old = keep[..cut].concat();
            let name = segment.file_stem().unwrap().to_string_lossy();
            end = (name.parse().unwrap(), old.len() as u64);
        }
        std::fs::write(segment, old).unwrap();
    }
    let db = sled::open(dir.join("db")).unwrap();
    let tree = db.open_tree("revisions").unwrap();
    for (entry, id, json) in &revisions {
        tree.insert(format!("{entry}\0{id}"), json.as_slice())
            .unwrap();
    }
    let entries = db.open_tree("entries").unwrap();
    for kv in entries.iter() {
        let (k, v) = kv.unwrap();
        let head = v.split(|&b| b == b'\n').next().unwrap().to_vec();
        entries.insert(k, head).unwrap();
    }
    db.drop_tree("unit_counts").unwrap();
    let meta = db.open_tree("meta").unwrap();
    meta.insert("schema_version", &1u32.to_be_bytes()).unwrap();
    let mut pos = end.0.to_be_bytes().to_vec();
    pos.extend_from_slice(&end.1.to_be_bytes());
    meta.insert("journal_pos", pos).unwrap();
    db.flush().unwrap();
}

/// A folder of the first layout opens with its revisions found in the
/// journal (one the journal lacked is journaled): every list, head and
/// history as before, the doctor agrees, the old tree is gone and the
/// layout's version is 3; a save and a rebuild work after it.
#[test]
fn a_folder_of_the_first_layout_moves_its_revisions_into_the_journal() {
    let k = filled();
    let before = everything(&k);
    let lacking = {
        let (_, text) = last_segment(k.dir());
        let last = text
            .lines()
            .rev()
            .find(|l| l.contains("\"kind\":\"revision\""))
            .unwrap();
        let json = last.rsplit_once('\t').unwrap().0;
        let record: serde_json::Value = serde_json::from_str(json).unwrap();
        record["revision"]["id"].as_str().unwrap().to_string()
    };
    to_first_layout(k.dir(), 1);
    let journal = |k: &Kaocha| {
        journal_segments(k.dir())
            .iter()
            .map(|s| std::fs::read_to_string(s).unwrap())
            .collect::<String>()
    };
    assert!(!journal(&k).contains(&lacking));

    assert_same(&before, &everything(&k));
    k.run(["doctor"])
        .ok()
        .stdout_has(&["数据库与日志一致", &format!("{} 个修订", 10 + jx())]);
    assert!(
        journal(&k).contains(&lacking),
        "the revision was not journaled"
    );
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        assert!(!db.tree_names().iter().any(|n| n.as_ref() == b"revisions"));
        let version = db.open_tree("meta").unwrap().get("schema_version").unwrap();
        assert_eq!(
            version.unwrap().as_ref(),
            &kaocha::store::SCHEMA_VERSION.to_be_bytes()
        );
    }
    let id = k.list_ids(&["--form", "jgbz.interview"]).pop().unwrap();
    k.set(&id, "q4=借调已归还");
    assert_eq!(k.show(&id)["answers"]["q4"], "借调已归还");
    let after = everything(&k);
    std::fs::remove_dir_all(k.dir().join("db")).unwrap();
    assert_same(&after, &everything(&k));
}

/// A database whose place for a revision is wrong (a line moved under it):
/// the entry's history says so instead of showing another revision, the
/// doctor names the revision, and a rebuild finds every line again.
#[test]
fn a_wrong_place_in_the_database_is_named_and_a_rebuild_finds_the_line() {
    let k = filled();
    let before = everything(&k);
    let id = k.list_ids(&["--form", "jgbz.interview"]).pop().unwrap();
    let other = k.list_ids(&["--form", "jgbz.symposium"]).pop().unwrap();
    let rev = {
        let db = sled::open(k.dir().join("db")).unwrap();
        let entries = db.open_tree("entries").unwrap();
        let split = |value: &[u8]| {
            let (head, places) = value.split_at(value.iter().position(|&b| b == b'\n').unwrap());
            let places: Vec<(String, u64, u32)> = serde_json::from_slice(&places[1..]).unwrap();
            (head.to_vec(), places)
        };
        let (head, mut places) = split(&entries.get(&id).unwrap().unwrap());
        // The place of a whole revision line of another entry.
        let (_, elsewhere) = split(&entries.get(&other).unwrap().unwrap());
        (places[0].1, places[0].2) = (elsewhere[0].1, elsewhere[0].2);
        let mut moved = head;
        moved.push(b'\n');
        moved.extend(serde_json::to_vec(&places).unwrap());
        entries.insert(&id, moved).unwrap();
        db.flush().unwrap();
        places[0].0.clone()
    };
    k.run(["entry", "history", &id]).failed().stderr_has(&[
        &id,
        &rev,
        "在日志中读不出来",
        "该位置上不是这个修订",
    ]);
    k.run(["doctor"])
        .failed()
        .stdout_has(&[&id, &rev, "日志位置不对"]);
    k.run(["doctor", "--rebuild"]).ok();
    assert_same(&before, &everything(&k));
}

/// A damaged line in the middle of an entry's history: the doctor names
/// the line and every later revision of that entry that no longer has its
/// ancestors (what a rebuild would leave out), and nothing else.
#[test]
fn the_doctor_names_the_revisions_a_damaged_ancestor_cuts_off() {
    let k = filled();
    let (segment, text) = last_segment(k.dir());
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.contains(".body_name\":\"办公室\"")
                && l.contains("\"parents\"")
                && l.contains("测试员")
        })
        .collect();
    assert_eq!(rows.len(), 1, "the registration's rows are one line");
    let damaged = rows[0].replace(".body_actual\":3,", ".body_actual\":4,");
    std::fs::write(&segment, text.replace(rows[0], &damaged)).unwrap();
    let out = k.run(["doctor"]).failed();
    out.stdout_has(&["无法读取", "校验和不符"]);
    // The finalisation and the reasoned change came after the rows.
    assert_eq!(out.stdout.matches("无法应用").count(), 2, "{}", out.stdout);
    // A rebuild drops the three lines (the entry keeps what came before):
    // known from then on, each named, and the folder sound.
    k.run(["doctor", "--rebuild"]).ok();
    let out = k.run(["doctor"]).ok();
    assert_eq!(
        out.stdout.matches("已知，重建时已舍弃").count(),
        3,
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stdout.matches("无法应用：").count(),
        2,
        "{}",
        out.stdout
    );
    // The damaged line changed again is a problem again; the two it cuts
    // off stay known.
    let (segment, text) = last_segment(k.dir());
    std::fs::write(
        &segment,
        text.replace(
            &damaged,
            &damaged.replace(".body_actual\":4,", ".body_actual\":5,"),
        ),
    )
    .unwrap();
    let out = k.run(["doctor"]).failed();
    out.stdout_has(&["无法读取", "发现 1 处问题"]);
    assert_eq!(
        out.stdout.matches("已知，重建时已舍弃").count(),
        2,
        "{}",
        out.stdout
    );
}

/// A unit index that lost an entry's places (an export reads them there):
/// the doctor says the index disagrees, and a rebuild makes it whole.
#[test]
fn a_unit_index_without_an_entrys_places_is_named_and_rebuilt() {
    let k = filled();
    let before = everything(&k);
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        let index = db.open_tree("unit_index").unwrap();
        let (key, value) = index.iter().next().unwrap().unwrap();
        let mut items: serde_json::Value = serde_json::from_slice(&value).unwrap();
        let first = items.as_object_mut().unwrap().values_mut().next().unwrap();
        assert!(!first[2].as_array().unwrap().is_empty(), "{first}");
        first[2] = serde_json::json!([]);
        index
            .insert(key, serde_json::to_vec(&items).unwrap())
            .unwrap();
        db.flush().unwrap();
    }
    k.run(["doctor"])
        .failed()
        .stdout_has(&["数据库与日志不一致：unit_index"]);
    k.run(["doctor", "--rebuild"]).ok();
    k.run(["doctor"]).ok();
    assert_same(&before, &everything(&k));
}

/// A place whose length no journal line can have (a damaged database) is
/// refused as such, before anything that long is read.
#[test]
fn a_place_longer_than_any_line_is_refused_unread() {
    let k = filled();
    let id = k.list_ids(&["--form", "jgbz.interview"]).pop().unwrap();
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        let entries = db.open_tree("entries").unwrap();
        let value = entries.get(&id).unwrap().unwrap();
        let at = value.iter().position(|&b| b == b'\n').unwrap();
        let mut places: Vec<(String, u64, u32)> = serde_json::from_slice(&value[at + 1..]).unwrap();
        places[0].2 = u32::MAX;
        let mut changed = value[..=at].to_vec();
        changed.extend(serde_json::to_vec(&places).unwrap());
        entries.insert(&id, changed).unwrap();
        db.flush().unwrap();
    }
    let out = k.run(["entry", "history", &id]).failed();
    out.stderr_has(&[&id, "在日志中读不出来", "4294967295 bytes"]);
}

/// Each unit's counts per form, as the store gives them to the home screen.
fn counts(dir: &Path) -> kaocha::store::UnitCounts {
    let store = kaocha::store::Store::open(dir).unwrap();
    store
        .campaign_counts(kaocha::app::demo::CAMPAIGN_ID)
        .unwrap()
}

/// A folder of the second layout (no counts tree: the home screen counted
/// from the unit index) gets its counts on open, the same as counted from
/// the entries; the doctor then checks them, and names them when they
/// disagree with the index; a rebuild makes them again.
#[test]
fn a_folder_of_the_second_layout_gets_its_counts_and_the_doctor_checks_them() {
    let k = filled();
    let before = counts(k.dir());
    assert_eq!(before.len(), 4, "{before:?}");
    assert_eq!(before["u-kjj"]["jgbz.interview"].live, 1, "{before:?}");
    assert_eq!(before["u-kjj"]["jgbz.registration"].live, 1, "{before:?}");
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        db.drop_tree("unit_counts").unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.insert("schema_version", &2u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    assert_eq!(counts(k.dir()), before);
    k.run(["doctor"]).ok().stdout_has(&["数据库与日志一致"]);

    // The third layout counted each form with one number, drafts and
    // final entries alike: the fourth counts the final ones too.
    {
        let db = sled::open(k.dir().join("db")).unwrap();
        let tree = db.open_tree("unit_counts").unwrap();
        for kv in tree.iter() {
            let (key, value) = kv.unwrap();
            let new: std::collections::BTreeMap<String, serde_json::Value> =
                serde_json::from_slice(&value).unwrap();
            let old: std::collections::BTreeMap<&String, &serde_json::Value> =
                new.iter().map(|(f, c)| (f, &c["live"])).collect();
            tree.insert(key, serde_json::to_vec(&old).unwrap()).unwrap();
        }
        let meta = db.open_tree("meta").unwrap();
        meta.insert("schema_version", &3u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    assert_eq!(counts(k.dir()), before);
    k.run(["doctor"]).ok().stdout_has(&["数据库与日志一致"]);

    {
        let db = sled::open(k.dir().join("db")).unwrap();
        let tree = db.open_tree("unit_counts").unwrap();
        let key = format!("{}\0u-kjj", kaocha::app::demo::CAMPAIGN_ID);
        tree.insert(
            key,
            br#"{"jgbz.interview":{"live":5,"final":0}}"#.as_slice(),
        )
        .unwrap();
        db.flush().unwrap();
    }
    k.run(["doctor"]).failed().stdout_has(&["unit_counts"]);
    k.run(["doctor", "--rebuild"]).ok();
    assert_eq!(counts(k.dir()), before);
}
