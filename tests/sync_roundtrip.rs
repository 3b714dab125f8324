//! Sync end to end through the real binary: HQ hands plans to field
//! laptops, laptops send signed results back (plain, incremental,
//! encrypted), a team leader merges two laptops, conflicts are resolved,
//! and imports are idempotent and independent of order. Every installation
//! has its own data dir; bundles travel through a shared "USB stick"
//! folder.

mod common;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use common::{Kaocha, Out, output};
use kaocha::app::workspace::Workspace;
use kaocha::domain::{Revision, Status};
use kaocha::store::Store;
use serde_json::{Value, json};

const REG: &str = "jgbz.registration";
const INTERVIEW: &str = "jgbz.interview";

/// Keeps this test process from spawning `kaocha` while it has a store open
/// itself (digest, delete): a child spawned by another test's thread then
/// inherits the descriptor of the data dir's lock file until it execs, so
/// the (flock) lock outlives the store here for a moment, and the next
/// `kaocha` on that dir would be refused as "already open in another
/// kaocha window". Spawns share the lock; opening a store in process takes
/// it alone.
static SPAWNS: RwLock<()> = RwLock::new(());

/// Held while a `kaocha` process is spawned and runs.
fn spawning() -> RwLockReadGuard<'static, ()> {
    SPAWNS.read().unwrap_or_else(PoisonError::into_inner)
}

/// Held while this process has a store open (no `kaocha` may be spawned).
fn in_process() -> RwLockWriteGuard<'static, ()> {
    SPAWNS.write().unwrap_or_else(PoisonError::into_inner)
}

/// One installation: a private data dir, a language and the person who
/// works on it (`--user`).
struct Site {
    k: Kaocha,
    user: &'static str,
}

impl Site {
    /// An installation without any data.
    fn laptop(lang: &'static str, user: &'static str) -> Site {
        Site {
            k: Kaocha::new(lang),
            user,
        }
    }

    /// HQ: an installation seeded with the (deterministic) demo campaign.
    fn hq(lang: &'static str) -> Site {
        let s = Site::laptop(lang, "考核委");
        s.run(["demo", "--no-tui"]).ok();
        s
    }

    /// A field laptop that imported `plan` after confirming HQ's
    /// fingerprint `hq_fp`.
    fn field(lang: &'static str, user: &'static str, plan: &Path, hq_fp: &str) -> Site {
        let s = Site::laptop(lang, user);
        s.import(plan, &["--trust", hq_fp]).ok();
        s
    }

    fn dir(&self) -> &Path {
        self.k.dir()
    }

    /// `kaocha --user USER ARGS`.
    fn run<I, S>(&self, args: I) -> Out
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut all: Vec<OsString> = vec!["--user".into(), self.user.into()];
        all.extend(args.into_iter().map(Into::into));
        let _spawning = spawning();
        self.k.run(all)
    }

    /// This installation's key fingerprint, from `keys show`.
    #[track_caller]
    fn fingerprint(&self) -> String {
        let out = self.run(["keys", "show"]).ok();
        fingerprints(&out.stdout)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no fingerprint in {:?}", out.stdout))
    }

    /// This installation's public key, from `keys show`.
    #[track_caller]
    fn public_key(&self) -> String {
        let out = self.run(["keys", "show"]).ok();
        let at = out
            .stdout
            .find("ed25519:")
            .unwrap_or_else(|| panic!("no public key in {:?}", out.stdout));
        out.stdout[at..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// `keys list --json`.
    #[track_caller]
    fn keys(&self) -> Vec<Value> {
        match self.run(["keys", "list", "--json"]).ok().json() {
            Value::Array(keys) => keys,
            other => panic!("keys list is not an array: {other}"),
        }
    }

    /// `entry new --unit UNIT --form FORM --set S…`: the new id.
    #[track_caller]
    fn new_entry(&self, unit: &str, form: &str, sets: &[&str]) -> String {
        let mut args = vec!["entry", "new", "--unit", unit, "--form", form];
        for s in sets {
            args.extend(["--set", s]);
        }
        let id = self.run(args).ok().stdout.trim().to_string();
        assert_eq!(id.len(), 36, "not an entry id: {id:?}");
        id
    }

    /// `entry set ID S…`, which must succeed.
    #[track_caller]
    fn set(&self, id: &str, sets: &[&str]) -> Out {
        let mut args = vec!["entry", "set", id];
        args.extend_from_slice(sets);
        self.run(args).ok()
    }

    /// `entry show ID --json`.
    #[track_caller]
    fn show(&self, id: &str) -> Value {
        self.run(["entry", "show", id, "--json"]).ok().json()
    }

    /// `entry history ID --json`.
    #[track_caller]
    fn history(&self, id: &str) -> Value {
        self.run(["entry", "history", id, "--json"]).ok().json()
    }

    /// Ids of `entry list --json`, sorted.
    #[track_caller]
    fn ids(&self) -> Vec<String> {
        let list = self.run(["entry", "list", "--json"]).ok().json();
        let mut ids: Vec<String> = list
            .as_array()
            .expect("entry list is an array")
            .iter()
            .map(|e| e["id"].as_str().expect("id").to_string())
            .collect();
        ids.sort();
        ids
    }

    /// `export -o FILE FLAGS…` (not checked).
    fn export(&self, file: &Path, flags: &[&str]) -> Out {
        let mut args: Vec<OsString> = vec!["export".into(), "-o".into(), file.into()];
        args.extend(flags.iter().map(OsString::from));
        self.run(args)
    }

    /// `plan export --team TEAM -o FILE`, which must succeed.
    #[track_caller]
    fn plan(&self, team: &str, file: &Path) -> Out {
        let args: Vec<OsString> = vec![
            "plan".into(),
            "export".into(),
            "--team".into(),
            team.into(),
            "-o".into(),
            file.into(),
        ];
        self.run(args).ok()
    }

    /// `import FILE FLAGS…` (not checked).
    fn import(&self, file: &Path, flags: &[&str]) -> Out {
        let mut args: Vec<OsString> = vec!["import".into(), file.into()];
        args.extend(flags.iter().map(OsString::from));
        self.run(args)
    }

    /// `import FILE FLAGS… --json`, which must succeed: the one report.
    #[track_caller]
    fn import_report(&self, file: &Path, flags: &[&str]) -> Value {
        let mut all = flags.to_vec();
        all.push("--json");
        let v = self.import(file, &all).ok().json();
        assert_eq!(v[0]["ok"], json!(true), "{v}");
        assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
        v[0]["report"].clone()
    }

    /// This installation's device label, which bundle origins name. Read
    /// from `device.json` without opening the store (and taking its lock).
    #[track_caller]
    fn device_label(&self) -> String {
        let bytes = std::fs::read(self.dir().join("device.json")).expect("device.json");
        let device: Value = serde_json::from_slice(&bytes).expect("device.json is JSON");
        device["label"]
            .as_str()
            .unwrap_or_else(|| panic!("no label in {device}"))
            .to_string()
    }

    /// `Store::digest` of the data dir (no CLI process may be running on it).
    #[track_caller]
    fn digest(&self) -> String {
        let _alone = in_process();
        let store = Store::open(self.dir()).expect("open the store in the test");
        let digest = store.digest().expect("digest");
        drop(store);
        digest
    }

    /// Deletes an entry through the library (the CLI has no delete).
    #[track_caller]
    fn delete(&self, id: &str) {
        let _alone = in_process();
        let ws = Workspace::open(self.dir(), Some(self.user.to_string())).expect("workspace");
        let e = ws.find_entry(id).expect("entry");
        let after = ws.set_status(&e, Status::Deleted, None).expect("delete");
        assert_eq!(after.status, Status::Deleted);
    }
}

/// Every `xxxx-xxxx-xxxx-xxxx` fingerprint in a text, in order.
fn fingerprints(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 19 <= chars.len() {
        let cand: String = chars[i..i + 19].iter().collect();
        let shaped = cand.char_indices().all(|(n, c)| {
            if n % 5 == 4 {
                c == '-'
            } else {
                c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
            }
        });
        let starts = i == 0 || !chars[i - 1].is_ascii_hexdigit();
        if shaped && starts {
            out.push(cand);
            i += 19;
        } else {
            i += 1;
        }
    }
    out
}

/// The demo's sample registration of a unit (by unit id), which HQ holds
/// and a plan for the unit's team carries: one revision, by 演示数据.
#[track_caller]
fn sample(unit: &str) -> Revision {
    let found: Vec<Revision> = kaocha::app::demo::sample_entries()
        .into_iter()
        .filter(|r| r.body.init.as_ref().is_some_and(|i| i.unit == unit))
        .collect();
    assert_eq!(found.len(), 1, "one sample entry for {unit}");
    assert_eq!(found[0].body.init.as_ref().unwrap().form, REG);
    found[0].clone()
}

/// Asserts that `field` holds exactly the sample entry of `unit` as HQ
/// holds it (same id, heads, answers and history), as the first thing
/// `entry list --json` shows after the plan import. Returns its id.
#[track_caller]
fn carried_sample(hq: &Site, field: &Site, unit: &str, unit_name: &str) -> String {
    let rev = sample(unit);
    let id = rev.body.entry.clone();
    let list = field.run(["entry", "list", "--json"]).ok().json();
    let list = list.as_array().expect("entry list is an array");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], json!(id));
    assert_eq!(list[0]["unit"], json!(unit));
    assert_eq!(list[0]["unit_name"], json!(unit_name));
    assert_eq!(list[0]["form"], json!(REG));
    assert_eq!(list[0]["updated_by"], json!("演示数据"));
    assert_eq!(list[0]["conflicted"], json!(false));
    let (here, there) = (field.show(&id), hq.show(&id));
    assert_eq!(here["heads"], json!([rev.id]), "{here}");
    assert_eq!(here["heads"], there["heads"]);
    assert_eq!(here["revisions"], json!(1));
    same_entry(hq, field, &id);
    id
}

/// A shared folder standing in for the USB stick.
struct Usb(tempfile::TempDir);

impl Usb {
    fn new() -> Usb {
        Usb(tempfile::tempdir().expect("tempdir"))
    }

    /// `NAME` on the stick (sub-folders are created).
    fn file(&self, name: &str) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        p
    }
}

/// A bundle's envelope (only for plain, unencrypted bundles).
#[track_caller]
fn envelope(file: &Path) -> Value {
    let bytes = std::fs::read(file).expect("read bundle");
    serde_json::from_slice(&bytes).expect("bundle is JSON")
}

/// The `counts` of a bundle file.
#[track_caller]
fn counts(file: &Path) -> (u64, u64, u64) {
    let c = &envelope(file)["counts"];
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("counts.{k}: {c}"));
    (n("revisions"), n("entries"), n("forms"))
}

/// Asserts that a bundle lists every revision after those of its parents
/// it carries.
#[track_caller]
fn assert_parents_first(file: &Path) {
    let env = envelope(file);
    let revisions = env["payload"]["revisions"].as_array().expect("revisions");
    let ids: BTreeSet<&str> = revisions.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut parents_carried = 0;
    for r in revisions {
        // A root has none (and no `parents` field).
        let parents = r["parents"].as_array().map_or(&[][..], Vec::as_slice);
        for p in parents {
            let p = p.as_str().expect("a parent id");
            if ids.contains(p) {
                parents_carried += 1;
                assert!(seen.contains(p), "{} before its parent {p}", r["id"]);
            }
        }
        seen.insert(r["id"].as_str().expect("id"));
    }
    assert!(parents_carried > 0, "no revision's parent is in the bundle");
}

/// Asserts that two installations hold the same entry: the same answers,
/// status, heads, revisions, form and conflicts, and the same history.
#[track_caller]
fn same_entry(a: &Site, b: &Site, id: &str) {
    let (x, y) = (a.show(id), b.show(id));
    for key in [
        "answers",
        "status",
        "heads",
        "revisions",
        "form",
        "conflicts",
    ] {
        assert_eq!(x[key], y[key], "entry {id}: {key} differs");
    }
    assert!(x["heads"].as_array().is_some_and(|h| !h.is_empty()), "{x}");
    assert_eq!(a.history(id), b.history(id), "entry {id}: history differs");
}

/// Asserts that an entry (`entry show --json`) has no conflicts.
#[track_caller]
fn assert_no_conflicts(entry: &Value) {
    let c = &entry["conflicts"];
    assert!(c.is_null() || *c == json!({}), "conflicts: {c}");
}

/// The persons named in an entry's history.
fn persons(history: &Value) -> BTreeSet<String> {
    history
        .as_array()
        .expect("history is an array")
        .iter()
        .map(|s| s["author"]["person"].as_str().expect("person").to_string())
        .collect()
}

/// The device of 李红's steps in a history.
fn b_steps_device(history: &Value) -> Value {
    history
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["author"]["person"] == json!("李红"))
        .map(|s| s["author"]["device"].clone())
        .expect("a step by 李红")
}

/// The total of `revisions` over some entries.
fn revision_total(site: &Site, ids: &[&str]) -> u64 {
    ids.iter()
        .map(|id| site.show(id)["revisions"].as_u64().expect("revisions"))
        .sum()
}

/// HQ, a plan for 第一组 and two laptops of that team (王建国 the leader on
/// A, 李红 on B), both from that plan.
struct Team {
    usb: Usb,
    hq: Site,
    a: Site,
    b: Site,
}

impl Team {
    fn new(lang: &'static str) -> Team {
        let usb = Usb::new();
        let hq = Site::hq(lang);
        let plan = usb.file("plan-t1.json");
        hq.plan("第一组", &plan);
        let hq_fp = hq.fingerprint();
        let a = Site::field(lang, "王建国", &plan, &hq_fp);
        let b = Site::field(lang, "李红", &plan, &hq_fp);
        Team { usb, hq, a, b }
    }

    /// A registration of 县药监局 made on A and carried to B (B trusts A).
    fn shared_registration(&self) -> String {
        let reg = self.a.new_entry(
            "县药监局",
            REG,
            &[
                "unit_name=东阿县食品药品监督管理局",
                "admin_actual=11",
                "inst_actual=12",
                "worker_actual=2",
            ],
        );
        let a1 = self.usb.file("a/a1.json");
        self.a.export(&a1, &[]).ok();
        let fp = self.a.fingerprint();
        self.b.import(&a1, &["--trust", &fp]).ok();
        reg
    }
}

#[test]
fn hq_plan_to_field_and_results_back() {
    let usb = Usb::new();
    let hq = Site::hq("zh");
    let hq_fp = hq.fingerprint();
    let plan = usb.file("plan.json");
    hq.plan("第一组", &plan)
        .stdout_has(&["已导出", "1 个修订，1 条记录，6 个表单", &hq_fp]);
    let env = envelope(&plan);
    assert_eq!(env["kind"], json!("plan"));
    let hq_origin = format!("{} · 考核委", hq.device_label());
    assert_eq!(env["origin"]["label"], json!(hq_origin));
    // The plan carries HQ's one registration of 第一组's units (县安监局).
    assert_eq!(counts(&plan), (1, 1, 6));

    // The field laptop refuses a first plan whose HQ fingerprint nobody
    // confirmed: it shows the file's fingerprint to compare over the phone.
    let field = Site::laptop("zh", "李红");
    let out = field.import(&plan, &[]).failed();
    out.stderr_has(&["第一次从考核委导入任务包", "电话", &hq_fp, "--trust"]);
    assert!(field.keys().is_empty(), "{:?}", field.keys());
    // HQ reads its fingerprint (kaocha keys show) over the phone; with it
    // confirmed, the plan imports and pins HQ's key.
    let out = field.import(&plan, &["--trust", &hq_fp]).ok();
    out.stdout_has(&[
        &format!("已信任 {hq_origin} 的密钥，指纹 {hq_fp}。"),
        &format!("（任务包，来自 {hq_origin}）：新增 1 个修订，已有 0 个，涉及 1 条记录；自动合并 0 条，冲突 0 条"),
    ]);
    // HQ's registration of 县安监局 came along, exactly as HQ holds it.
    let carried = carried_sample(&hq, &field, "u-ajj", "县安监局");
    let keys = field.keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(keys[0]["fingerprint"], json!(hq_fp));
    assert_eq!(keys[0]["role"], json!("hq"));
    assert_eq!(keys[0]["revoked"], json!(false));
    assert_eq!(keys[0]["key"], json!(hq.public_key()));
    field
        .run(["keys", "list"])
        .ok()
        .stdout_has(&[&format!("{hq_fp}  考核委")]);

    // Only 第一组's units came along.
    let units = field.run(["units", "--json"]).ok().json();
    let names: Vec<&str> = units
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["县安监局", "县药监局"]);
    assert!(
        units
            .as_array()
            .expect("units")
            .iter()
            .all(|u| u["team_name"] == json!("第一组")),
        "{units}"
    );
    field
        .run(["entry", "new", "--unit", "县科技局", "--form", REG])
        .failed();
    // A second registration of 县安监局 is refused: the field continues
    // HQ's.
    let out = field
        .run(["entry", "new", "--unit", "县安监局", "--form", REG])
        .failed();
    out.stderr_has(&["该单位已有一份《机构编制评估调查登记表》，每个单位只填一份。"]);
    assert_eq!(field.ids(), [carried.as_str()]);
    field.set(&carried, &["admin_actual=13"]);

    // Field work: a registration with numbers and rows, an interview in
    // Chinese (finalised), and a mistaken entry that is deleted.
    let reg = field.new_entry(
        "县药监局",
        REG,
        &[
            "unit_name=东阿县食品药品监督管理局",
            "admin_actual=11",
            "inst_actual=12",
            "worker_actual=2",
            "bodies[+].body_name=办公室",
            "bodies[+].body_actual=4",
        ],
    );
    field.set(
        &reg,
        &["bodies[+].body_name=稽查大队", "bodies[+].body_actual=5"],
    );
    field.set(&reg, &["bodies[1].body_actual=3"]);
    let answer = "执法大队人员紧张，编制缺口约三人；借调乡镇安监站两人。";
    let interview = field.new_entry(
        "县安监局",
        INTERVIEW,
        &[
            "interviewee=张主任",
            "position=副局长",
            &format!("q4={answer}"),
        ],
    );
    field
        .run(["entry", "finalize", &interview])
        .ok()
        .stdout_has(&["已定稿"]);
    let gone = field.new_entry("县安监局", INTERVIEW, &["interviewee=误建记录"]);
    field.delete(&gone);

    let shown = field.show(&carried);
    assert_eq!(shown["answers"]["admin_actual"], json!(13));
    assert_eq!(shown["revisions"], json!(2));
    assert_eq!(shown["heads"].as_array().map(Vec::len), Some(1));
    let shown = field.show(&reg);
    assert_eq!(shown["revisions"], json!(3));
    assert_eq!(shown["computed"]["bodies_staff_total"], json!(8));
    assert_eq!(shown["computed"]["admin_over"], json!(1));
    assert_eq!(field.show(&interview)["status"], json!("final"));
    assert_eq!(field.show(&interview)["answers"]["q4"], json!(answer));
    assert_eq!(field.show(&gone)["status"], json!("deleted"));

    let results = usb.file("r.json");
    let total = revision_total(&field, &[&carried, &reg, &interview, &gone]);
    assert_eq!(total, 2 + 3 + 2 + 2);
    let field_fp = field.fingerprint();
    field
        .export(&results, &[])
        .ok()
        .stdout_has(&["9 个修订，4 条记录，0 个表单", &field_fp]);
    assert_eq!(counts(&results), (total, 4, 0));
    let env = envelope(&results);
    assert_eq!(env["kind"], json!("results"));
    assert_eq!(env["origin"]["team"], json!("t1"));
    let field_origin = format!("第一组 · {} · 李红", field.device_label());
    assert_eq!(env["origin"]["label"], json!(field_origin));

    // HQ refuses a results bundle from a key it does not know.
    let hq_ids = hq.ids();
    let hq_digest = hq.digest();
    let out = hq.import(&results, &[]).failed();
    out.stderr_has(&[
        "未登记的设备",
        &field_fp,
        &format!("--trust {field_fp} --team"),
    ]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_eq!(hq.digest(), hq_digest);
    assert_eq!(hq.ids(), hq_ids);

    // Trusting it needs its team: HQ enrols it for one.
    hq.import(&results, &["--trust", &field_fp])
        .failed()
        .stderr_has(&["--team", &field_fp]);
    assert_eq!(hq.digest(), hq_digest);
    // … enrolled for 第一组, it is accepted.
    let out = hq
        .import(&results, &["--trust", &field_fp, "--team", "第一组"])
        .ok();
    out.stdout_has(&[
        &format!("已信任 {field_origin} 的密钥，指纹 {field_fp}"),
        &format!("（成果数据包，来自 {field_origin}）：新增 8 个修订，已有 1 个，涉及 4 条记录；自动合并 0 条，冲突 0 条"),
    ]);
    assert!(
        hq.keys().iter().any(|k| k["fingerprint"] == json!(field_fp)
            && k["role"] == json!("device")
            && k["teams"] == json!(["t1"])),
        "{:?}",
        hq.keys()
    );
    let mut want: Vec<String> = hq_ids.clone();
    want.extend([reg.clone(), interview.clone(), gone.clone()]);
    want.sort();
    assert_eq!(hq.ids(), want);
    assert!(hq_ids.contains(&carried), "{hq_ids:?}");
    for id in [&carried, &reg, &interview, &gone] {
        same_entry(&field, &hq, id);
    }
    assert_eq!(hq.show(&interview)["answers"]["q4"], json!(answer));
    assert_eq!(
        persons(&hq.history(&reg)),
        BTreeSet::from(["李红".to_string()])
    );
    // HQ's own registration simply moved on: no second head, no merge.
    let shown = hq.show(&carried);
    assert_eq!(shown["answers"]["admin_actual"], json!(13));
    assert_eq!(shown["heads"].as_array().map(Vec::len), Some(1));
    assert_eq!(shown["revisions"], json!(2));
    assert_eq!(shown["updated_by"]["person"], json!("李红"));
    assert_eq!(
        persons(&hq.history(&carried)),
        BTreeSet::from(["演示数据".to_string(), "李红".to_string()])
    );
}

#[test]
fn two_teams_into_one_hq() {
    let usb = Usb::new();
    let hq = Site::hq("en");
    let (p1, p2) = (usb.file("plan1.json"), usb.file("plan2.json"));
    hq.plan("第一组", &p1)
        .stdout_has(&["1 revisions, 1 entries, 6 forms"]);
    hq.plan("t2", &p2)
        .stdout_has(&["1 revisions, 1 entries, 6 forms"]);
    let hq_fp = hq.fingerprint();
    let f1 = Site::field("en", "王建国", &p1, &hq_fp);
    let f2 = Site::field("en", "刘洋", &p2, &hq_fp);
    // Each plan carries HQ's registration of its own team's unit only.
    let s1 = carried_sample(&hq, &f1, "u-ajj", "县安监局");
    let s2 = carried_sample(&hq, &f2, "u-kjj", "县科技局");
    assert_ne!(s1, s2);

    let names = |s: &Site| -> Vec<String> {
        s.run(["units", "--json"])
            .ok()
            .json()
            .as_array()
            .expect("units")
            .iter()
            .map(|u| u["name"].as_str().expect("name").to_string())
            .collect()
    };
    assert_eq!(names(&f1), ["县安监局", "县药监局"]);
    assert_eq!(names(&f2), ["县科技局", "县审计局", "县人口和计划生育局"]);

    let mut e1 = vec![
        f1.new_entry("县药监局", REG, &["admin_actual=9", "inst_actual=12"]),
        f1.new_entry(
            "县安监局",
            INTERVIEW,
            &["interviewee=王科长", "q3=办公室人手不足"],
        ),
    ];
    f1.set(&e1[0], &["worker_actual=3"]);
    let mut e2 = vec![
        f2.new_entry(
            "县审计局",
            REG,
            &["admin_actual=15", "bodies[+].body_name=办公室"],
        ),
        f2.new_entry("县科技局", INTERVIEW, &["interviewee=周平"]),
        f2.new_entry("县人口和计划生育局", INTERVIEW, &["interviewee=孙局长"]),
    ];
    f2.run(["entry", "finalize", &e2[1]]).ok();

    let (r1, r2) = (usb.file("r1.json"), usb.file("r2.json"));
    // Full exports: the field's own revisions and the carried sample.
    f1.export(&r1, &[])
        .ok()
        .stdout_has(&["4 revisions, 3 entries, 0 forms"]);
    f2.export(&r2, &[])
        .ok()
        .stdout_has(&["5 revisions, 4 entries, 0 forms"]);
    assert_eq!(counts(&r1), (4, 3, 0));
    assert_eq!(counts(&r2), (5, 4, 0));
    assert_eq!(envelope(&r1)["origin"]["team"], json!("t1"));
    assert_eq!(envelope(&r2)["origin"]["team"], json!("t2"));
    let o1 = format!("第一组 · {} · 王建国", f1.device_label());
    let o2 = format!("第二组 · {} · 刘洋", f2.device_label());
    assert_eq!(envelope(&r1)["origin"]["label"], json!(o1));
    assert_eq!(envelope(&r2)["origin"]["label"], json!(o2));

    let before = hq.ids();
    let (fp1, fp2) = (f1.fingerprint(), f2.fingerprint());
    // HQ enrols each laptop for its team.
    hq.run(["keys", "trust", &fp1, "--team", "第一组"])
        .ok()
        .stdout_has(&[&format!("Enrolled the device {fp1} for 第一组")]);
    hq.run(["keys", "trust", &fp2, "--team", "t2"])
        .ok()
        .stdout_has(&[&format!("Enrolled the device {fp2} for 第二组")]);
    let args: Vec<OsString> = vec!["import".into(), r1.clone().into(), r2.clone().into()];
    let out = hq.run(args).ok();
    out.stdout_has(&[
        &format!(
            "(results, from {o1}): 3 new revisions, 1 known, 3 entries; 0 merged, 0 in conflict"
        ),
        &format!(
            "(results, from {o2}): 4 new revisions, 1 known, 4 entries; 0 merged, 0 in conflict"
        ),
    ]);

    let mut want = before.clone();
    want.append(&mut e1.clone());
    want.append(&mut e2.clone());
    want.sort();
    assert_eq!(hq.ids(), want);
    assert_eq!(want.len(), 2 + 5);
    for id in &e1 {
        same_entry(&f1, &hq, id);
    }
    for id in &e2 {
        same_entry(&f2, &hq, id);
    }
    // The samples came back unchanged.
    same_entry(&f1, &hq, &s1);
    same_entry(&f2, &hq, &s2);
    assert_eq!(hq.show(&s1)["revisions"], json!(1));
    assert_eq!(hq.show(&s2)["revisions"], json!(1));
    let listed = hq
        .run(["entry", "list", "--unit", "县审计局", "--json"])
        .ok()
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["id"], json!(e2[0]));
    assert_eq!(listed[0]["updated_by"], json!("刘洋"));

    let doctor = hq.run(["doctor"]).ok();
    // HQ seeded the demo, the 绩效考核 one too.
    let jx = kaocha::app::demo_jx::sample_entries().len();
    doctor.stdout_has(&[&format!(
        "Database and journal agree: 2 campaigns, {} entries, {} revisions.",
        7 + jx,
        9 + jx
    )]);

    // Nothing went to the other team's laptop, of course: each holds its
    // own entries and its own team's sample.
    e1.push(s1);
    e2.push(s2);
    e1.sort();
    e2.sort();
    assert_eq!(f1.ids(), e1);
    assert_eq!(f2.ids(), e2);
}

#[test]
fn leader_merges_two_laptops_then_sends_on() {
    let t = Team::new("zh");
    let reg = t.shared_registration();
    same_entry(&t.a, &t.b, &reg);

    // B (李红) changes other fields than A (王建国) does later.
    t.b.set(&reg, &["inst_actual=13"]);
    t.b.set(
        &reg,
        &["bodies[+].body_name=稽查大队", "bodies[+].body_actual=6"],
    );
    t.a.set(&reg, &["admin_actual=12"]);

    let b1 = t.usb.file("b/b1.json");
    t.b.export(&b1, &[]).ok();
    let fp_b = t.b.fingerprint();
    let out = t.a.import(&b1, &["--trust", &fp_b]).ok();
    // B's full export also holds the root of the registration and the
    // carried sample of 县安监局, both known to A.
    assert_eq!(counts(&b1), (4, 2, 0));
    out.stdout_has(&[
        &fp_b,
        "新增 2 个修订，已有 2 个，涉及 2 条记录；自动合并 1 条，冲突 0 条",
    ]);

    let merged = t.a.show(&reg);
    assert_eq!(merged["answers"]["admin_actual"], json!(12));
    assert_eq!(merged["answers"]["inst_actual"], json!(13));
    assert_eq!(merged["answers"]["worker_actual"], json!(2));
    let names: Vec<&Value> = merged["answers"]
        .as_object()
        .expect("answers")
        .iter()
        .filter(|(k, _)| k.ends_with(".body_name"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(names, [&json!("稽查大队")]);
    assert_no_conflicts(&merged);
    assert_eq!(merged["heads"].as_array().map(Vec::len), Some(1));
    assert_eq!(merged["revisions"], json!(5), "root, A, B×2, merge");
    assert_eq!(merged["updated_by"]["person"], json!("merge"));
    t.a.run(["conflicts"]).ok().stdout_has(&["没有冲突。"]);

    // The leader sends everything on. B's revisions stay checked against
    // B's own enrolment at HQ: with only the leader enrolled they are
    // refused, naming B's device.
    let a2 = t.usb.file("a/a2.json");
    t.a.export(&a2, &[])
        .ok()
        .stdout_has(&["6 个修订，2 条记录，0 个表单"]);
    // In the order the leader's store took them: B's, then the merge.
    assert_parents_first(&a2);
    let fp_a = t.a.fingerprint();
    let digest = t.hq.digest();
    t.hq.import(&a2, &["--trust", &fp_a, "--team", "第一组"])
        .failed()
        .stderr_has(&["作者设备", "未在本机登记"]);
    assert_eq!(t.hq.digest(), digest);
    // HQ enrols B (its fingerprint read over the phone) for 第一组 too.
    t.hq.run(["keys", "trust", &fp_b, "--team", "第一组"]).ok();
    t.hq.import(&a2, &["--trust", &fp_a, "--team", "第一组"])
        .ok()
        .stdout_has(&["新增 5 个修订，已有 1 个，涉及 2 条记录；自动合并 0 条，冲突 0 条"]);
    same_entry(&t.a, &t.hq, &reg);
    let carried = sample("u-ajj").body.entry;
    same_entry(&t.a, &t.hq, &carried);
    assert_eq!(t.hq.show(&carried)["revisions"], json!(1));
    let history = t.hq.history(&reg);
    assert_eq!(
        persons(&history),
        BTreeSet::from([
            "merge".to_string(),
            "李红".to_string(),
            "王建国".to_string()
        ])
    );
    let b_steps: Vec<&Value> = history
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["author"]["person"] == json!("李红"))
        .collect();
    assert_eq!(b_steps.len(), 2, "{history}");
    assert!(
        b_steps[0]["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["path"] == json!("inst_actual") && c["new"] == json!(13)),
        "{history}"
    );
    // B's enrolment is now bound to B's device, from the certificate the
    // leader's bundle carried.
    let b_key =
        t.hq.keys()
            .into_iter()
            .find(|k| k["fingerprint"] == json!(fp_b))
            .expect("B enrolled");
    assert_eq!(b_key["device"], b_steps_device(&history), "{b_key}");

    // The same bundle again adds nothing.
    t.a.import(&b1, &[]).ok().stdout_has(&["此前已导入"]);
    assert_eq!(t.a.show(&reg)["revisions"], json!(5));
}

#[test]
fn same_field_changed_on_two_laptops_is_a_conflict_until_resolved() {
    let t = Team::new("en");
    let reg = t.shared_registration();
    // Two more entries travel from A to B the same way: HQ's registration
    // of 县安监局 (carried by the plan; A may not start a second one), which
    // A continues, and a new interview.
    let reg2 = sample("u-ajj").body.entry;
    t.a.run(["entry", "new", "--unit", "县安监局", "--form", REG])
        .failed()
        .stderr_has(&["there is one per unit"]);
    t.a.set(&reg2, &["admin_actual=13", "inst_actual=9"]);
    let iv =
        t.a.new_entry("县安监局", INTERVIEW, &["interviewee=张主任"]);
    let a1b = t.usb.file("a/a1b.json");
    t.a.export(&a1b, &["--incremental"])
        .ok()
        .stdout_has(&["2 revisions, 2 entries"]);
    assert_eq!(counts(&a1b), (2, 2, 0));
    t.b.import(&a1b, &[])
        .ok()
        .stdout_has(&["2 new revisions, 0 known, 2 entries; 0 merged, 0 in conflict"]);
    same_entry(&t.a, &t.b, &reg2);
    assert_eq!(t.b.show(&reg2)["answers"]["admin_actual"], json!(13));
    assert_eq!(t.b.show(&reg2)["revisions"], json!(2));

    t.b.set(&reg, &["admin_actual=20", "worker_actual=3"]);
    t.b.set(&reg2, &["admin_actual=15"]);
    t.b.set(&iv, &["q4=B：人员紧张"]);
    t.a.set(&reg, &["admin_actual=30"]);
    t.a.set(&reg2, &["admin_actual=16"]);
    t.a.set(&iv, &["q4=A：人员基本够用"]);

    let b1 = t.usb.file("b/b1.json");
    t.b.export(&b1, &[]).ok();
    let fp_b = t.b.fingerprint();
    // B's full export: B's 3 edits, and the 4 revisions A already has
    // (the sample's root, A's edit of it, and the two other roots).
    assert_eq!(counts(&b1), (7, 3, 0));
    t.a.import(&b1, &["--trust", &fp_b])
        .ok()
        .stdout_has(&["3 new revisions, 4 known, 3 entries; 0 merged, 3 in conflict"]);

    let listed = t.a.run(["conflicts", "--json"]).ok().json();
    let listed = listed.as_array().expect("conflicts");
    let ids: BTreeSet<&str> = listed.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        BTreeSet::from([reg.as_str(), reg2.as_str(), iv.as_str()])
    );
    let sides = |id: &str, path: &str| -> Vec<(Value, String)> {
        let c = listed.iter().find(|c| c["id"] == json!(id)).unwrap();
        let fields: Vec<&String> = c["conflicts"].as_object().unwrap().keys().collect();
        assert_eq!(fields, [path], "{c}");
        c["conflicts"][path]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let person = s["author"]["person"].as_str().unwrap().to_string();
                (s["value"].clone(), person)
            })
            .collect()
    };
    let mut both = sides(&reg, "admin_actual");
    both.sort_by_key(|s| s.0.as_i64());
    assert_eq!(
        both,
        [
            (json!(20), "李红".to_string()),
            (json!(30), "王建国".to_string())
        ]
    );
    let reg2_sides = sides(&reg2, "admin_actual");
    let mut sorted = reg2_sides.clone();
    sorted.sort_by_key(|s| s.0.as_i64());
    assert_eq!(
        sorted,
        [
            (json!(15), "李红".to_string()),
            (json!(16), "王建国".to_string())
        ]
    );
    let iv_sides = sides(&iv, "q4");
    let iv_values: BTreeSet<&str> = iv_sides.iter().filter_map(|s| s.0.as_str()).collect();
    assert_eq!(
        iv_values,
        BTreeSet::from(["A：人员基本够用", "B：人员紧张"])
    );
    // The clean change merged anyway; the entry says it is conflicted.
    let shown = t.a.show(&reg);
    assert_eq!(shown["answers"]["worker_actual"], json!(3));
    assert_eq!(shown["heads"].as_array().map(Vec::len), Some(2));
    let list = t.a.run(["entry", "list", "--json"]).ok().json();
    let flagged: BTreeSet<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["conflicted"] == json!(true))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ids);

    // The sync screen names each side by laptop, not only by person: this
    // laptop, and B as enrolled (its label), whatever users they share.
    {
        let _alone = in_process();
        let ws = Workspace::open(t.a.dir(), Some(t.a.user.to_string())).expect("workspace");
        let mut app = kaocha::tui::app::App::new(ws);
        let data = app
            .perform(kaocha::tui::action::Effect::LoadSync)
            .into_iter()
            .find_map(|a| match a {
                kaocha::tui::action::Action::Loaded(kaocha::tui::action::Loaded::Sync(d)) => {
                    Some(d)
                }
                _ => None,
            })
            .expect("the sync screen's data");
        let c = data.conflicts.iter().find(|c| c.id == reg).expect("reg");
        assert!(!c.title.contains(&reg), "named, not by id: {}", c.title);
        let sides = &c.fields[0].sides;
        let this = kaocha::i18n::ui_this_laptop();
        let mine: Vec<&String> = sides.iter().filter(|s| s.contains(&this)).collect();
        assert_eq!(mine.len(), 1, "{sides:?}");
        assert!(mine[0].contains("王建国"), "{sides:?}");
        let other = sides.iter().find(|s| !s.contains(&this)).expect("B's side");
        assert!(other.contains("李红"), "{sides:?}");
        let unknown = kaocha::i18n::ui_other_laptop("");
        assert!(!other.contains(unknown.trim()), "B is known: {sides:?}");
    }

    // Editing a conflicted entry is refused, in both languages.
    let before = t.a.show(&reg);
    let out = t.a.run(["entry", "set", &reg, "lent_out=1"]).failed();
    out.stderr_has(&["in conflict", "kaocha conflicts"]);
    let out =
        t.a.run(["--lang", "zh", "entry", "set", &reg, "lent_out=1"])
            .failed();
    out.stderr_has(&["冲突"]);
    t.a.run(["entry", "finalize", &reg])
        .failed()
        .stderr_has(&["conflict"]);
    assert_eq!(t.a.show(&reg), before);
    // A pick for a field that is not in conflict is refused.
    t.a.run(["conflicts", "resolve", &reg, "inst_actual=1"])
        .failed()
        .stderr_has(&["inst_actual"]);

    // Resolve: theirs, a side number, a value typed in.
    t.a.run(["conflicts", "resolve", &reg, "admin_actual=theirs"])
        .ok()
        .stdout_has(&["Conflicts resolved"]);
    let n = 1 + reg2_sides
        .iter()
        .position(|s| s.0 == json!(15))
        .expect("B's side");
    t.a.run([
        "conflicts".to_string(),
        "resolve".to_string(),
        reg2.clone(),
        format!("admin_actual={n}"),
    ])
    .ok();
    let typed = "双方核实：人员紧张，缺编三人";
    t.a.run([
        "conflicts".to_string(),
        "resolve".to_string(),
        iv.clone(),
        format!("q4={typed}"),
    ])
    .ok();
    t.a.run(["conflicts"]).ok().stdout_has(&["No conflicts."]);
    assert_eq!(t.a.run(["conflicts", "--json"]).ok().json(), json!([]));
    let shown = t.a.show(&reg);
    assert_eq!(shown["answers"]["admin_actual"], json!(20));
    assert_eq!(shown["answers"]["worker_actual"], json!(3));
    assert_eq!(shown["heads"].as_array().map(Vec::len), Some(1));
    assert_eq!(t.a.show(&reg2)["answers"]["admin_actual"], json!(15));
    assert_eq!(t.a.show(&iv)["answers"]["q4"], json!(typed));
    // Editing works again.
    t.a.set(&reg, &["lent_out=1"]);

    // The other laptop gets the resolution; both hold the same data.
    let a2 = t.usb.file("a/a2.json");
    t.a.export(&a2, &[]).ok();
    t.b.import(&a2, &[])
        .ok()
        .stdout_has(&["0 merged, 0 in conflict"]);
    assert_eq!(t.b.run(["conflicts", "--json"]).ok().json(), json!([]));
    for id in [&reg, &reg2, &iv] {
        same_entry(&t.a, &t.b, id);
    }
    assert_eq!(t.b.show(&reg)["answers"]["lent_out"], json!(1));
    assert_eq!(t.a.digest(), t.b.digest());
}

/// One fresh HQ importing `bundles` in order, trusting `trust`; a bundle
/// refused for a missing parent is retried once the others are in. Returns
/// the digest and the names of the bundles refused on the first pass.
fn import_in_order(bundles: &[(&str, &Path)], trust: &[&str]) -> (String, Vec<String>) {
    let hq = Site::hq("en");
    let mut flags = vec!["--team", "第一组"];
    for fp in trust {
        flags.extend(["--trust", *fp]);
    }
    let mut later = Vec::new();
    for (name, file) in bundles {
        let before = hq.digest();
        let out = hq.import(file, &flags);
        if !out.success() {
            out.stderr_has(&["needs earlier revisions", "Nothing was imported"]);
            assert_eq!(hq.digest(), before, "a refused import wrote something");
            later.push((name.to_string(), *file));
        }
    }
    for (_, file) in &later {
        hq.import(file, &flags).ok();
    }
    let conflicted: Vec<Value> = match hq.run(["conflicts", "--json"]).ok().json() {
        Value::Array(list) => list.iter().map(|c| c["id"].clone()).collect(),
        other => panic!("conflicts: {other}"),
    };
    assert_eq!(conflicted.len(), 1, "{conflicted:?}");
    (hq.digest(), later.into_iter().map(|(n, _)| n).collect())
}

#[test]
fn idempotent_and_order_independent() {
    let t = Team::new("en");
    let fp_a = t.a.fingerprint();
    let fp_b = t.b.fingerprint();

    // P: A's full export (registration and interview, and the sample of
    // 县安监局 the plan carried).
    let reg = t.a.new_entry("县药监局", REG, &["admin_actual=11"]);
    let iv = t.a.new_entry("县安监局", INTERVIEW, &["interviewee=张三"]);
    let p = t.usb.file("a/p.json");
    t.a.export(&p, &[]).ok();
    assert_eq!(counts(&p), (3, 3, 0));

    // Q: B's full export: the sample, P's entries (both edited on B) and a
    // new one.
    t.b.import(&p, &["--trust", &fp_a]).ok();
    t.b.set(&reg, &["inst_actual=13"]);
    t.b.set(&iv, &["q1=职责基本履行到位"]);
    let iv_b = t.b.new_entry("县药监局", INTERVIEW, &["interviewee=李四"]);
    let q = t.usb.file("b/q.json");
    t.b.export(&q, &[]).ok();
    assert_eq!(counts(&q), (6, 4, 0));

    // R: A's incremental export to the same folder as P: A's own later
    // edits (the registration: a fork of B's that merges; the interview:
    // the same item as B, a conflict) and a new interview.
    t.a.set(&reg, &["admin_actual=12"]);
    t.a.set(&iv, &["q1=职责履行不充分"]);
    let iv_a = t.a.new_entry("县安监局", INTERVIEW, &["interviewee=王五"]);
    t.a.set(&iv_a, &["position=科长"]);
    let r = t.usb.file("a/r.json");
    t.a.export(&r, &["--incremental"]).ok();
    assert_eq!(counts(&r), (4, 3, 0));

    let bundles = [("P", p.as_path()), ("Q", q.as_path()), ("R", r.as_path())];
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut digests = BTreeSet::new();
    let mut retried = Vec::new();
    for order in orders {
        let seq: Vec<(&str, &Path)> = order.iter().map(|&i| bundles[i]).collect();
        let (digest, later) = import_in_order(&seq, &[&fp_a, &fp_b]);
        digests.insert(digest);
        retried.push(later);
    }
    // R continues P's registration: alone it cannot come first.
    assert_eq!(
        retried,
        [vec![], vec![], vec![], vec![], vec!["R"], vec!["R"]],
        "bundles that needed a retry, per order"
    );

    // Each bundle twice: the second time is a no-op, said so.
    let twice = Site::hq("en");
    let empty = twice.digest();
    for (_, file) in bundles {
        twice
            .import(
                file,
                &["--trust", &fp_a, "--trust", &fp_b, "--team", "第一组"],
            )
            .ok();
        let before = twice.digest();
        assert_ne!(before, empty);
        let out = twice.import(file, &[]).ok();
        out.stdout_has(&["imported before, nothing changed"]);
        let report = twice.import_report(file, &["--dry-run"]);
        assert_eq!(report["already_imported"], json!(true), "{report}");
        assert_eq!(twice.digest(), before, "a second import changed the data");
    }
    twice
        .run(["--lang", "zh", "import", p.to_str().unwrap()])
        .ok()
        .stdout_has(&["此前已导入"]);
    digests.insert(twice.digest());
    assert_eq!(digests.len(), 1, "digests differ: {digests:?}");
    assert_ne!(digests.first(), Some(&empty));

    // And what they agree on is the merge of both laptops.
    let e = twice.show(&reg);
    assert_eq!(e["answers"]["admin_actual"], json!(12));
    assert_eq!(e["answers"]["inst_actual"], json!(13));
    assert_no_conflicts(&e);
    assert_eq!(e["updated_by"]["person"], json!("merge"));
    for id in [&iv, &iv_b, &iv_a] {
        assert!(twice.ids().contains(id));
    }
    let conflict = &twice.show(&iv)["conflicts"]["q1"];
    let mut values: Vec<&str> = conflict
        .as_array()
        .unwrap_or_else(|| panic!("no conflict on q1: {conflict}"))
        .iter()
        .filter_map(|s| s["value"].as_str())
        .collect();
    values.sort_unstable();
    assert_eq!(values, ["职责基本履行到位", "职责履行不充分"]);
}

#[test]
fn encryption_round_trip_and_wrong_key() {
    let usb = Usb::new();
    let hq = Site::hq("zh");
    let plan = usb.file("plan.json");
    hq.plan("第一组", &plan);
    let field = Site::field("zh", "赵磊", &plan, &hq.fingerprint());
    let secret = "局长反映执法大队长期借调乡镇人员";
    let iv = field.new_entry(
        "县安监局",
        INTERVIEW,
        &["interviewee=张主任", &format!("q5={secret}")],
    );

    let sealed = usb.file("e.age");
    field
        .export(&sealed, &["--encrypt"])
        .ok()
        .stdout_has(&["2 个修订，2 条记录，0 个表单，已加密"]);
    let bytes = std::fs::read(&sealed).expect("read");
    assert!(bytes.starts_with(b"age-encryption.org/"));
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    for needle in [
        secret,
        "张主任",
        "kaocha-bundle",
        iv.as_str(),
        "demo-donge-2013",
    ] {
        assert!(!contains(needle), "the encrypted file shows {needle:?}");
    }

    // The HQ whose plan it was reads it.
    let fp = field.fingerprint();
    hq.import(&sealed, &["--trust", &fp, "--team", "第一组"])
        .ok()
        .stdout_has(&["新增 1 个修订，已有 1 个，涉及 2 条记录；自动合并 0 条，冲突 0 条"]);
    same_entry(&field, &hq, &iv);
    same_entry(&field, &hq, &sample("u-ajj").body.entry);
    assert_eq!(hq.show(&iv)["answers"]["q5"], json!(secret));

    // Another HQ cannot, with or without keys of its own.
    let other = Site::hq("zh");
    let check_refused = |other: &Site| {
        let digest = other.digest();
        let ids = other.ids();
        let out = other
            .import(&sealed, &["--trust", &fp, "--team", "第一组"])
            .failed();
        out.stderr_has(&["解密", "e.age"]);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        assert_eq!(other.digest(), digest);
        assert_eq!(other.ids(), ids);
        assert!(other.keys().is_empty(), "{:?}", other.keys());
    };
    check_refused(&other);
    other.plan("第一组", &usb.file("other-plan.json"));
    assert!(other.dir().join("keys").join("age.key").is_file());
    check_refused(&other);
    other
        .run(["--lang", "en", "import", sealed.to_str().unwrap()])
        .failed()
        .stderr_has(&["cannot be decrypted"]);

    // Without a plan there is nobody to encrypt to.
    let lone = Site::hq("zh");
    let nowhere = usb.file("lone.age");
    let out = lone.export(&nowhere, &["--encrypt"]).failed();
    out.stderr_has(&["加密公钥", "任务包"]);
    assert!(!nowhere.exists(), "a refused export wrote a file");
    lone.run([
        "--lang",
        "en",
        "export",
        "-o",
        nowhere.to_str().unwrap(),
        "--encrypt",
    ])
    .failed()
    .stderr_has(&["no HQ encryption key"]);
    assert!(!nowhere.exists());
}

#[test]
fn incremental_export_only_new() {
    let usb = Usb::new();
    let hq = Site::hq("en");
    let plan = usb.file("plan.json");
    hq.plan("第一组", &plan);
    let field = Site::field("en", "李红", &plan, &hq.fingerprint());
    let reg = field.new_entry("县药监局", REG, &["admin_actual=10", "inst_actual=12"]);
    field.set(&reg, &["worker_actual=2"]);
    let iv = field.new_entry("县安监局", INTERVIEW, &["interviewee=张三"]);
    let n = revision_total(&field, &[&reg, &iv]);
    assert_eq!(n, 3);

    // A full export also holds the sample of 县安监局 the plan carried.
    let full = usb.file("stick/full.json");
    field
        .export(&full, &[])
        .ok()
        .stdout_has(&["4 revisions, 3 entries, 0 forms"]);
    assert_eq!(counts(&full), (n + 1, 3, 0));

    field.set(&reg, &["admin_actual=13"]);
    field.set(&iv, &["position=局长"]);
    let second = usb.file("stick/second.json");
    field
        .export(&second, &["--incremental"])
        .ok()
        .stdout_has(&["2 revisions, 2 entries, 0 forms"]);
    assert_eq!(counts(&second), (2, 2, 0));
    let third = usb.file("stick/third.json");
    field
        .export(&third, &["--incremental"])
        .ok()
        .stdout_has(&["0 revisions, 0 entries, 0 forms"]);
    assert_eq!(counts(&third), (0, 0, 0));
    // Another folder has seen nothing yet: everything goes, the sample too.
    let elsewhere = usb.file("other/first.json");
    field
        .export(&elsewhere, &["--incremental"])
        .ok()
        .stdout_has(&["6 revisions, 3 entries, 0 forms"]);
    assert_eq!(counts(&elsewhere), (n + 2 + 1, 3, 0));

    let fp = field.fingerprint();
    hq.import(&full, &["--trust", &fp, "--team", "第一组"])
        .ok()
        .stdout_has(&["3 new revisions, 1 known, 3 entries; 0 merged, 0 in conflict"]);
    hq.import(&second, &[])
        .ok()
        .stdout_has(&["2 new revisions, 0 known, 2 entries"]);
    hq.import(&third, &[])
        .ok()
        .stdout_has(&["0 new revisions, 0 known, 0 entries"]);
    same_entry(&field, &hq, &reg);
    same_entry(&field, &hq, &iv);
    assert_eq!(hq.show(&reg)["answers"]["admin_actual"], json!(13));
    // The full export to another folder brings nothing new.
    hq.import(&elsewhere, &[])
        .ok()
        .stdout_has(&["0 new revisions, 6 known, 3 entries; 0 merged, 0 in conflict"]);
}

#[test]
fn dry_run_writes_nothing() {
    let t = Team::new("zh");
    let reg = t.shared_registration();
    let fp_a = t.a.fingerprint();
    let fp_b = t.b.fingerprint();
    t.hq.import(
        &t.usb.file("a/a1.json"),
        &["--trust", &fp_a, "--team", "第一组"],
    )
    .ok();

    t.b.set(&reg, &["inst_actual=13"]);
    let iv = t.b.new_entry("县安监局", INTERVIEW, &["interviewee=张三"]);
    t.a.set(&reg, &["admin_actual=12"]);
    let a2 = t.usb.file("a/a2.json");
    t.a.export(&a2, &["--incremental"]).ok();
    t.hq.import(&a2, &[]).ok();
    let b1 = t.usb.file("b/b1.json");
    t.b.export(&b1, &[]).ok();

    let digest = t.hq.digest();
    let ids = t.hq.ids();
    let keys = t.hq.keys();
    let shown = t.hq.show(&reg);

    // B's full export: the sample and the registration's root (HQ has
    // both), B's edit of the registration and B's interview.
    assert_eq!(counts(&b1), (4, 3, 0));
    let enrol_b = ["--trust", fp_b.as_str(), "--team", "第一组"];
    let out =
        t.hq.import(&b1, &[&enrol_b[..], &["--dry-run"]].concat())
            .ok();
    out.stdout_has(&[
        "新增 2 个修订，已有 2 个，涉及 3 条记录；自动合并 1 条，冲突 0 条（试运行，未写入）",
    ]);
    let dry =
        t.hq.import_report(&b1, &[&enrol_b[..], &["--dry-run"]].concat());
    assert_eq!(dry["dry_run"], json!(true));
    assert_eq!(dry["newly_trusted"], json!(true));
    assert_eq!(dry["revisions_new"], json!(2));
    assert_eq!(dry["revisions_known"], json!(2));
    assert_eq!(dry["entries"], json!(3));
    assert_eq!(dry["merged"], json!(1));
    assert_eq!(dry["conflicted"], json!(0));
    assert_eq!(dry["kind"], json!("results"));
    assert_eq!(
        dry["origin"],
        json!(format!("第一组 · {} · 李红", t.b.device_label()))
    );
    assert_eq!(t.hq.digest(), digest);
    assert_eq!(t.hq.ids(), ids);
    assert_eq!(t.hq.keys(), keys, "a dry run recorded trust");
    assert_eq!(t.hq.show(&reg), shown);
    // Still untrusted: a dry run without --trust is refused.
    t.hq.import(&b1, &["--dry-run"])
        .failed()
        .stderr_has(&[&fp_b]);

    let real = t.hq.import_report(&b1, &enrol_b);
    let strip = |mut v: Value| {
        v.as_object_mut().expect("report").remove("dry_run");
        v
    };
    assert_eq!(real["dry_run"], json!(false));
    assert_eq!(strip(real), strip(dry));
    assert_ne!(t.hq.digest(), digest);
    let mut want = ids.clone();
    want.push(iv.clone());
    want.sort();
    assert_eq!(t.hq.ids(), want);
    let e = t.hq.show(&reg);
    assert_eq!(e["answers"]["admin_actual"], json!(12));
    assert_eq!(e["answers"]["inst_actual"], json!(13));
    let after = t.hq.import_report(&b1, &["--dry-run"]);
    assert_eq!(after["already_imported"], json!(true));
}

#[test]
fn plan_from_another_hq_is_refused() {
    let usb = Usb::new();
    let hq1 = Site::hq("zh");
    let hq2 = Site::hq("zh");
    let (p1, p2) = (usb.file("hq1.json"), usb.file("hq2.json"));
    hq1.plan("第一组", &p1);
    hq2.plan("第一组", &p2);
    let (fp1, fp2) = (hq1.fingerprint(), hq2.fingerprint());
    assert_ne!(fp1, fp2);

    let field = Site::field("zh", "李红", &p1, &fp1);
    let carried = carried_sample(&hq1, &field, "u-ajj", "县安监局");
    let digest = field.digest();
    // Refused: the message names the pinned key and the signer, and never
    // suggests trusting the signer.
    let out = field.import(&p2, &[]).failed();
    out.stderr_has(&["不是由本机信任的考核委密钥签署的", &fp1, &fp2, "不要导入"]);
    assert!(!out.stderr.contains("--trust"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    field
        .run(["--lang", "en", "import", p2.to_str().unwrap()])
        .failed()
        .stderr_has(&[
            "not signed by the HQ key this installation trusts",
            &fp1,
            &fp2,
        ]);
    // Naming the stranger's fingerprint does not help either.
    field.import(&p2, &["--trust", &fp2]).failed();
    let keys = field.keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(keys[0]["fingerprint"], json!(fp1));
    assert_eq!(field.digest(), digest);

    // Only revoking the pinned key (an explicit step, e.g. HQ's laptop was
    // replaced) lets another HQ key be confirmed, typed in capitals without
    // dashes. Both demo HQs hold the same (deterministic) sample of 县安监局:
    // the second plan's copy is already here.
    field.run(["keys", "revoke", &fp1]).ok();
    field
        .import(&p2, &[])
        .failed()
        .stderr_has(&["第一次从考核委导入任务包"]);
    let typed = fp2.replace('-', "").to_uppercase();
    let origin2 = format!("{} · 考核委", hq2.device_label());
    field.import(&p2, &["--trust", &typed]).ok().stdout_has(&[
        &format!("已信任 {origin2} 的密钥，指纹 {fp2}"),
        &format!("（任务包，来自 {origin2}）：新增 0 个修订，已有 1 个，涉及 1 条记录；自动合并 0 条，冲突 0 条"),
    ]);
    assert_eq!(field.ids(), [carried.as_str()]);
    same_entry(&hq2, &field, &carried);
    let roles: BTreeSet<(String, String, bool)> = field
        .keys()
        .iter()
        .map(|k| {
            (
                k["fingerprint"].as_str().unwrap().to_string(),
                k["role"].as_str().unwrap().to_string(),
                k["revoked"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        BTreeSet::from([
            (fp1.clone(), "hq".to_string(), true),
            (fp2.clone(), "hq".to_string(), false)
        ])
    );
    // Both plans are known; importing either again changes nothing.
    field.import(&p1, &[]).failed().stderr_has(&[&fp1, &fp2]);
    field.import(&p2, &[]).ok().stdout_has(&["此前已导入"]);
}

/// `kaocha ARGS` run in `cwd` (for relative paths).
fn run_in(cwd: &Path, data: &Path, args: &[&str]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaocha"));
    cmd.args(args)
        .current_dir(cwd)
        .env("KAOCHA_DATA_DIR", data)
        .env("KAOCHA_LANG", "en")
        .env("KAOCHA_USER", common::USER);
    let _spawning = spawning();
    output(&mut cmd)
}

#[test]
fn export_to_a_bare_file_name_in_the_current_folder() {
    let hq = Site::hq("en");
    let cwd = tempfile::tempdir().expect("tempdir");
    let out = run_in(
        cwd.path(),
        hq.dir(),
        &["plan", "export", "--team", "第一组", "-o", "plan.json"],
    );
    out.ok()
        .stdout_has(&["Exported plan.json: 1 revisions, 1 entries, 6 forms."]);
    let plan = cwd.path().join("plan.json");
    assert!(plan.is_file());
    assert_eq!(envelope(&plan)["kind"], json!("plan"));
    assert_eq!(counts(&plan), (1, 1, 6));
    // HQ's results: its two sample registrations.
    let out = run_in(cwd.path(), hq.dir(), &["export", "-o", "r.json"]);
    out.ok()
        .stdout_has(&["Exported r.json: 2 revisions, 2 entries, 0 forms."]);
    assert_eq!(counts(&cwd.path().join("r.json")), (2, 2, 0));
    // The cursor of the current folder was saved: nothing new since.
    let out = run_in(
        cwd.path(),
        hq.dir(),
        &["export", "--incremental", "-o", "r2.json"],
    );
    out.ok()
        .stdout_has(&["Exported r2.json: 0 revisions, 0 entries, 0 forms."]);
    assert_eq!(counts(&cwd.path().join("r2.json")), (0, 0, 0));
}

#[test]
fn history_of_a_merge_shows_what_it_replaced() {
    let t = Team::new("en");
    let reg = t.shared_registration();
    t.b.set(&reg, &["inst_actual=13"]);
    t.a.set(&reg, &["admin_actual=12"]);
    let b1 = t.usb.file("b/b1.json");
    t.b.export(&b1, &[]).ok();
    let fp_b = t.b.fingerprint();
    t.a.import(&b1, &["--trust", &fp_b]).ok();
    let history = t.a.history(&reg);
    let merge = history
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["author"]["person"] == json!("merge"))
        .expect("a merge step");
    let shown = t.a.show(&reg);
    assert_eq!(shown["answers"]["admin_actual"], json!(12));
    assert_eq!(shown["answers"]["inst_actual"], json!(13));
    // The merge is made on its first parent, A's or B's edit; its one
    // change is the other side's field, from the value it replaced.
    let merge_id = merge["revision"].as_str().expect("revision id");
    let merge_rev = {
        let _alone = in_process();
        let store = Store::open(t.a.dir()).expect("open the store in the test");
        let revisions = store.revisions(&reg).expect("revisions");
        drop(store);
        revisions
            .into_iter()
            .find(|r| r.id == merge_id)
            .expect("the merge revision")
    };
    assert_eq!(merge_rev.body.parents.len(), 2, "{merge}");
    let first = history
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["revision"] == json!(merge_rev.body.parents[0]))
        .expect("the first parent's step");
    let want = match first["author"]["person"].as_str() {
        Some("王建国") => json!([{"path": "inst_actual", "old": 12, "new": 13}]),
        Some("李红") => json!([{"path": "admin_actual", "old": 11, "new": 12}]),
        other => panic!("first parent by {other:?}: {history}"),
    };
    assert_eq!(merge["changes"], want, "{merge}");
}
