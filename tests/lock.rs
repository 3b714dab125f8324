//! One kaocha per data dir: while this test process holds the store open
//! (through the library), a `kaocha` child on the same dir is refused with a
//! clear message and changes nothing; once the store is dropped it works.

mod common;

use common::{Kaocha, has, snapshot};
use kaocha::store::Store;
use serde_json::json;

const LOCKED_ZH: &str = "数据已被另一个 kaocha 窗口打开";
const NEW: &str = "entry new --unit 县药监局 --form jgbz.registration --set admin_actual=11";

/// Folders a `doctor --rebuild` would have moved the database to.
fn moved_aside(k: &Kaocha) -> usize {
    let names = std::fs::read_dir(k.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name());
    names
        .filter(|n| n.to_string_lossy().starts_with("db.broken"))
        .count()
}

#[test]
fn a_second_process_is_refused_while_the_store_is_open() {
    let k = Kaocha::demo("zh");
    let interview = k.new_entry("县科技局", "jgbz.interview", "interviewee=张三");
    let ids = k.list_ids(&[]);
    let journal = snapshot(&k.dir().join("journal"));
    assert!(!journal.is_empty());
    let dir = k.dir().display().to_string();

    let store = Store::open(k.dir()).expect("open the store in the test process");
    for cmd in [
        "entry list".to_string(),
        NEW.to_string(),
        format!("entry set {interview} position=局长"),
        format!("entry show {interview} --json"),
    ] {
        k.refused(&cmd, &[LOCKED_ZH, &dir, "请先关闭那个窗口"]);
    }
    for cmd in ["doctor", "doctor --rebuild", "demo --no-tui"] {
        let out = k.line(cmd).failed();
        out.stderr_has(&[LOCKED_ZH, &dir]);
        assert!(
            !out.stdout.contains("已"),
            "{cmd} reported success: {:?}",
            out.stdout
        );
    }
    k.refused(
        "--lang en entry list",
        &["already open in another kaocha window"],
    );

    let now = snapshot(&k.dir().join("journal"));
    assert_eq!(now, journal, "the journal changed while locked");
    assert!(
        k.dir().join("db").join("db").is_file(),
        "the database was moved"
    );
    assert_eq!(
        moved_aside(&k),
        0,
        "`doctor --rebuild` moved the database while locked"
    );
    let held = store.entry(&interview).unwrap().expect("the interview");
    assert_eq!(held.answers.get("position"), None);
    drop(store);

    assert_eq!(k.list_ids(&[]), ids, "no entry appeared");
    let id = k.line(NEW).ok().stdout.trim().to_string();
    has(&k.show(&id), json!({"answers": {"admin_actual": 11}}));
    k.set(&interview, "position=局长");
    has(
        &k.show(&interview),
        json!({"answers": {"position": "局长"}}),
    );
    let after = snapshot(&k.dir().join("journal"));
    assert_ne!(after, journal, "the journal grew once the lock was gone");
}

#[test]
fn the_lock_goes_with_the_store_value() {
    let k = Kaocha::demo("zh");
    for _ in 0..2 {
        let store = Store::open(k.dir()).unwrap();
        k.refused("entry list", &[LOCKED_ZH]);
        // A second store in the same process is refused too.
        match Store::open(k.dir()) {
            Ok(_) => panic!("a second Store::open on the same dir succeeded"),
            Err(e) => assert!(e.to_string().contains(LOCKED_ZH), "{e}"),
        }
        drop(store);
        k.line("entry list").ok().stdout_has(&["县安监局"]);
    }
}
