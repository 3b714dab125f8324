//! Sync against an attacker (the README's threat model): hand-built bundles
//! signed with real keys — HQ's, an enrolled laptop's, a stranger's — that
//! try to take HQ over, reach outside a team, forge authors, roll a laptop
//! back, smuggle ids or control characters, or exhaust memory. Every one is
//! refused with a message that says what happened, and the data is exactly
//! as before; the honest bundle next to it still imports.
//!
//! The lab: a demo HQ (第一组: 县安监局, 县药监局; 第二组: 县科技局, 县审计局,
//! 县人口和计划生育局); laptop A of 第一组, enrolled at HQ, with an interview
//! at 县安监局; laptop B of 第二组 with an interview at 县科技局.

use std::path::{Path, PathBuf};

use kaocha::app::demo;
use kaocha::app::workspace::Workspace;
use kaocha::domain::{Author, EntryInit, Revision, RevisionDraft, Status};
use kaocha::store::Change;
use kaocha::sync::SyncError;
use kaocha::sync::bundle::{self, Header, Payload};
use kaocha::sync::export;
use kaocha::sync::import::{Options, Report, import};
use kaocha::sync::keys::{DeviceKey, fingerprint};
use serde_json::{Value, json};
use tempfile::TempDir;

mod sync_lab;

use sync_lab::{open, state};

const INTERVIEW: &str = "jgbz.interview";
/// The demo's sample registration of 县科技局 (第二组), which HQ holds.
const KJJ_SAMPLE: &str = "0190e1c4-3a00-7000-8000-00000000a002";

fn key_of(dir: &Path) -> DeviceKey {
    DeviceKey::load_or_create(dir).expect("key")
}

fn confirming(fp: &str) -> Options {
    Options {
        trust: vec![fp.to_string()],
        ..Options::default()
    }
}

fn pairs(sets: &[(&str, &str)]) -> Vec<(String, String)> {
    sets.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn new_entry(ws: &Workspace, unit: &str, form: &str, sets: &[(&str, &str)]) -> String {
    let campaign = ws.campaign().expect("campaign");
    let unit = ws.unit(&campaign, unit).expect("unit");
    let form = ws.latest_form(form).expect("form");
    ws.new_entry(&campaign, &unit, form, &pairs(sets))
        .expect("new entry")
        .id
}

/// Imports at `ws`, which must refuse with every fragment in the message
/// and write nothing. Returns the error.
#[track_caller]
fn refused(ws: &Workspace, bytes: &[u8], opts: &Options, fragments: &[&str]) -> SyncError {
    let before = state(ws);
    let err = match import(&ws.store, bytes, opts) {
        Ok(r) => panic!("import should have been refused, got {r:?}"),
        Err(e) => e,
    };
    let message = err.to_string();
    for f in fragments {
        assert!(message.contains(f), "message lacks {f:?}: {message}");
    }
    assert_eq!(state(ws), before, "a refused import wrote: {message}");
    err
}

struct Lab {
    tmp: TempDir,
    hq_dir: PathBuf,
    hq: Workspace,
    hq_fp: String,
    /// HQ's plans for 第一组 (number 1) and 第二组 (number 2).
    plan1: Vec<u8>,
    plan2: Vec<u8>,
    a_dir: PathBuf,
    a_fp: String,
    /// A's honest results bundle (not imported yet).
    a_results: Vec<u8>,
    /// A's interview at 县安监局.
    a_interview: String,
    b_dir: PathBuf,
    /// B's honest results bundle.
    b_results: Vec<u8>,
    /// B's interview at 县科技局.
    b_interview: String,
}

impl Lab {
    fn new() -> Lab {
        let tmp = tempfile::tempdir().expect("tempdir");
        let hq_dir = tmp.path().join("hq");
        let hq = open(&hq_dir, "考核委");
        demo::seed(&hq.store).expect("demo");
        let hq_fp = key_of(&hq_dir).fingerprint();
        let plan = |team: &str, name: &str| {
            let file = tmp.path().join(name);
            export::plan(&hq.store, &hq.author.person, team, &file).expect("plan export");
            std::fs::read(&file).expect("read plan")
        };
        let plan1 = plan("t1", "plan1.json");
        let plan2 = plan("t2", "plan2.json");
        let laptop = |dir: &Path, person: &str, plan: &[u8], unit: &str, who: &str| {
            let ws = open(dir, person);
            import(&ws.store, plan, &confirming(&hq_fp)).expect("plan import");
            let id = new_entry(&ws, unit, INTERVIEW, &[("interviewee", who)]);
            let file = dir.with_extension("results.json");
            export::results(&ws.store, &ws.author.person, &file, false, false).expect("export");
            (std::fs::read(&file).expect("read results"), id)
        };
        let a_dir = tmp.path().join("a");
        let (a_results, a_interview) = laptop(&a_dir, "王建国", &plan1, "u-ajj", "张主任");
        let b_dir = tmp.path().join("b");
        let (b_results, b_interview) = laptop(&b_dir, "刘洋", &plan2, "u-kjj", "周平");
        let a_fp = key_of(&a_dir).fingerprint();
        kaocha::sync::trust::trust_typed(&hq.store, &a_fp, None, &["第一组".to_string()])
            .expect("enrol A");
        Lab {
            tmp,
            hq_dir,
            hq,
            hq_fp,
            plan1,
            plan2,
            a_dir,
            a_fp,
            a_results,
            a_interview,
            b_dir,
            b_results,
            b_interview,
        }
    }

    fn a_key(&self) -> DeviceKey {
        key_of(&self.a_dir)
    }

    /// The device id of laptop A.
    fn a_device(&self) -> String {
        bundle::open(&self.a_results)
            .expect("A's bundle")
            .header
            .origin
            .device
            .clone()
    }

    /// A's honest bundle, changed by `edit` and signed again with `key` (as
    /// a bundle of its own id).
    fn forged(&self, key: &DeviceKey, edit: impl FnOnce(&mut Header, &mut Payload)) -> Vec<u8> {
        let env = bundle::open(&self.a_results).expect("A's bundle");
        let mut header = env.header.clone();
        let mut payload = bundle::payload(&env).expect("payload");
        edit(&mut header, &mut payload);
        header.id = uuid::Uuid::now_v7().to_string();
        payload.bundle.id = header.id.clone();
        header.origin.key = key.public();
        header.counts.revisions = payload.revisions.len();
        payload.bundle.origin = header.origin.clone();
        payload.bundle.counts = header.counts.clone();
        bundle::write(header, &payload, key).expect("write bundle")
    }

    /// A's honest bundle plus `extra` revisions, signed by A.
    fn with_revisions(&self, extra: Vec<Revision>) -> Vec<u8> {
        self.forged(&self.a_key(), |_, p| p.revisions.extend(extra))
    }

    /// A revision as laptop A would make it.
    fn by_a(&self, entry: &str, parents: Vec<String>, changes: Value) -> RevisionDraft {
        RevisionDraft {
            entry: entry.into(),
            parents,
            author: Author {
                device: self.a_device(),
                person: "王建国".into(),
            },
            at: "2013-11-27T10:00:00+08:00".into(),
            init: None,
            changes: serde_json::from_value(changes).expect("changes"),
            status: None,
            reason: None,
        }
    }

    /// The honest bundle of A imports at HQ (what a refusal must not break).
    #[track_caller]
    fn honest_still_imports(&self) -> Report {
        let r =
            import(&self.hq.store, &self.a_results, &Options::default()).expect("honest bundle");
        assert!(
            self.hq
                .store
                .entry(&self.a_interview)
                .expect("read")
                .is_some()
        );
        r
    }

    /// HQ's head of an entry.
    fn head_at_hq(&self, entry: &str) -> String {
        self.hq
            .store
            .entry(entry)
            .expect("read")
            .expect("entry")
            .heads[0]
            .clone()
    }
}

// ---- HQ cannot be taken over ------------------------------------------------

#[test]
fn hq_never_imports_a_plan_not_even_its_own_with_trust() {
    let lab = Lab::new();
    for plan in [&lab.plan1, &lab.plan2] {
        for opts in [Options::default(), confirming(&lab.hq_fp)] {
            refused(&lab.hq, plan, &opts, &["任务包", "考核委不导入任务包"]);
        }
    }
    assert_eq!(lab.hq.campaign().expect("campaign").units.len(), 5);
    lab.honest_still_imports();
}

/// A stranger's HQ for a campaign with `id` (made HQ of it), its plan for
/// 第一组 signed by the stranger's key.
fn stranger_plan(lab: &Lab, id: &str) -> (Vec<u8>, String) {
    let dir = lab.tmp.path().join(format!("stranger-{id}"));
    let ws = open(&dir, "冒充者");
    let mut c = demo::campaign();
    c.id = id.into();
    c.demo = false;
    c.units.retain(|u| u.id == "u-ajj");
    c.units[0].baseline.admin_quota = Some(999);
    ws.store
        .commit(&[
            Change::Campaign { campaign: c },
            Change::current_campaign(id),
            Change::hq_role(id),
        ])
        .expect("stranger's campaign");
    let file = dir.with_extension("plan.json");
    export::plan(&ws.store, &ws.author.person, "t1", &file).expect("stranger's plan");
    (
        std::fs::read(&file).expect("read"),
        key_of(&dir).fingerprint(),
    )
}

#[test]
fn a_strangers_plan_is_never_trusted_on_first_use() {
    let lab = Lab::new();
    // At HQ, for a campaign HQ does not have: no silent first use.
    let (plan, fp) = stranger_plan(&lab, "stranger-2013");
    refused(&lab.hq, &plan, &Options::default(), &["第一次", &fp]);
    // For HQ's own campaign, not even with the stranger's fingerprint.
    let (takeover, fp2) = stranger_plan(&lab, demo::CAMPAIGN_ID);
    refused(
        &lab.hq,
        &takeover,
        &confirming(&fp2),
        &["考核委不导入任务包"],
    );
    assert_eq!(*lab.hq.campaign().expect("campaign"), demo::campaign());
    // A fresh laptop takes no plan without a confirmed fingerprint.
    let fresh = open(&lab.tmp.path().join("fresh"), "赵磊");
    let err = refused(&fresh, &plan, &Options::default(), &["电话", &fp]);
    assert!(matches!(err, SyncError::HqUnconfirmed { .. }), "{err:?}");
    assert!(fresh.campaign().is_err(), "the laptop has no campaign");
    // A fingerprint confirmed ahead (`keys trust FP` before any plan) is
    // the same confirmation: the real HQ's plan then imports, the
    // stranger's still does not.
    kaocha::sync::trust::trust_typed(&fresh.store, &lab.hq_fp, None, &[]).expect("confirm HQ");
    refused(&fresh, &plan, &Options::default(), &["第一次", &fp]);
    let r = import(&fresh.store, &lab.plan1, &Options::default()).expect("HQ's plan");
    assert!(r.newly_trusted, "{r:?}");
    assert_eq!(fresh.campaign().expect("campaign").units.len(), 2);
    lab.honest_still_imports();
}

#[test]
fn a_key_trusted_as_hq_elsewhere_sends_no_results_to_hq() {
    let lab = Lab::new();
    // HQ confirmed the stranger as HQ of another campaign (say, a plan
    // from the province); that key still has no say in HQ's own campaign.
    let (plan, fp) = stranger_plan(&lab, "province-2013");
    import(&lab.hq.store, &plan, &confirming(&fp)).expect("a plan of another campaign");
    lab.hq
        .store
        .set_setting(
            kaocha::store::CURRENT_CAMPAIGN,
            Value::from(demo::CAMPAIGN_ID),
        )
        .expect("back to HQ's campaign");
    let stranger = key_of(&lab.tmp.path().join("stranger-province-2013"));
    let bytes = lab.forged(&stranger, |_, _| {});
    refused(&lab.hq, &bytes, &Options::default(), &["未登记的设备", &fp]);
}

// ---- a device has a scope ---------------------------------------------------

#[test]
fn a_device_cannot_change_another_teams_units() {
    let lab = Lab::new();
    let head = lab.head_at_hq(KJJ_SAMPLE);
    let before = lab.hq.store.entry(KJJ_SAMPLE).expect("read");
    let edit = lab
        .by_a(KJJ_SAMPLE, vec![head.clone()], json!({"admin_actual": 99}))
        .seal();
    let mut delete = lab.by_a(KJJ_SAMPLE, vec![head.clone()], json!({}));
    delete.status = Some(Status::Deleted);
    let mut finalise = lab.by_a(KJJ_SAMPLE, vec![head], json!({}));
    finalise.status = Some(Status::Final);
    let mut create = lab.by_a(
        "0190e1c4-3a00-7000-8000-0000000bad01",
        vec![],
        json!({"interviewee": "冒名"}),
    );
    create.init = Some(EntryInit {
        campaign: demo::CAMPAIGN_ID.into(),
        unit: "u-kjj".into(),
        form: INTERVIEW.into(),
        form_version: 1,
        finding: None,
    });
    for r in [edit, delete.seal(), finalise.seal(), create.seal()] {
        let bytes = lab.with_revisions(vec![r]);
        refused(
            &lab.hq,
            &bytes,
            &Options::default(),
            &["县科技局", "第二组", "没有登记为该组"],
        );
    }
    assert_eq!(lab.hq.store.entry(KJJ_SAMPLE).expect("read"), before);
    // The same edit of a unit of A's own team is accepted.
    let own = lab.head_at_hq("0190e1c4-3a00-7000-8000-00000000a001");
    let ok = lab
        .by_a(
            "0190e1c4-3a00-7000-8000-00000000a001",
            vec![own],
            json!({"admin_actual": 15}),
        )
        .seal();
    import(
        &lab.hq.store,
        &lab.with_revisions(vec![ok]),
        &Options::default(),
    )
    .expect("in scope");
}

#[test]
fn a_device_cannot_write_as_another_device() {
    let lab = Lab::new();
    let own = lab.head_at_hq("0190e1c4-3a00-7000-8000-00000000a001");
    // Another device that is not enrolled, named by its id alone.
    let mut stranger = lab.by_a(
        "0190e1c4-3a00-7000-8000-00000000a001",
        vec![own.clone()],
        json!({"admin_actual": 20}),
    );
    stranger.author = Author {
        device: "0190e1c4-3a00-7000-8000-00000000dead".into(),
        person: "张局长".into(),
    };
    refused(
        &lab.hq,
        &lab.with_revisions(vec![stranger.seal()]),
        &Options::default(),
        &["作者设备", "未在本机登记"],
    );
    // 第二组's laptop B, enrolled at HQ, with its certificate copied from
    // one of its bundles: still not a device of 第一组.
    let b = bundle::open(&lab.b_results).expect("B's bundle");
    let b_device = b.header.origin.device.clone();
    let b_cert = bundle::payload(&b).expect("payload").devices[0].clone();
    assert_eq!(b_cert.device, b_device);
    kaocha::sync::trust::trust_typed(&lab.hq.store, &b_cert.fingerprint(), None, &["t2".into()])
        .expect("enrol B");
    let mut as_b = lab.by_a(
        "0190e1c4-3a00-7000-8000-00000000a001",
        vec![own],
        json!({"admin_actual": 21}),
    );
    as_b.author = Author {
        device: b_device,
        person: "刘洋".into(),
    };
    let bytes = lab.forged(&lab.a_key(), |_, p| {
        p.revisions.push(as_b.seal());
        p.devices.push(b_cert);
    });
    refused(
        &lab.hq,
        &bytes,
        &Options::default(),
        &["县安监局", "没有登记为该组"],
    );
}

#[test]
fn results_carry_revisions_only() {
    let lab = Lab::new();
    let a = lab.a_key();
    let mut bigger = demo::campaign();
    bigger.units[0].baseline.admin_quota = Some(999);
    let form = lab.hq.latest_form(INTERVIEW).expect("form").def.clone();
    let review = kaocha::domain::Review {
        entry: lab.a_interview.clone(),
        state: kaocha::domain::ReviewState::Approved,
        comment: None,
        by: "王建国".into(),
        at: "2013-11-27T10:00:00+08:00".into(),
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            lab.forged(&a, |_, p| p.campaign = Some(bigger.clone())),
            "campaign",
        ),
        (lab.forged(&a, |_, p| p.forms = vec![form.clone()]), "forms"),
        (
            lab.forged(&a, |_, p| p.reviews = vec![review.clone()]),
            "reviews",
        ),
    ];
    for (bytes, what) in cases {
        refused(
            &lab.hq,
            &bytes,
            &Options::default(),
            &["成果数据包只能带修订", what],
        );
    }
    assert_eq!(*lab.hq.campaign().expect("campaign"), demo::campaign());
    lab.honest_still_imports();
}

#[test]
fn final_entries_keep_their_rules_in_bundles() {
    let lab = Lab::new();
    lab.honest_still_imports();
    let head = lab.head_at_hq(&lab.a_interview);
    // Finalised while clearing the one required item (访谈对象姓名).
    let mut cleared = lab.by_a(
        &lab.a_interview,
        vec![head.clone()],
        json!({"interviewee": null}),
    );
    cleared.status = Some(Status::Final);
    refused(
        &lab.hq,
        &lab.with_revisions(vec![cleared.seal()]),
        &Options::default(),
        &["定稿时仍有 1 项"],
    );
    // Properly finalised, then changed without a reason: refused; with one,
    // accepted.
    let mut done = lab.by_a(&lab.a_interview, vec![head], json!({}));
    done.status = Some(Status::Final);
    let done = done.seal();
    let mut change = lab.by_a(
        &lab.a_interview,
        vec![done.id.clone()],
        json!({"q1": "定稿后改的"}),
    );
    refused(
        &lab.hq,
        &lab.with_revisions(vec![done.clone(), change.clone().seal()]),
        &Options::default(),
        &["没有说明原因"],
    );
    change.reason = Some("补充访谈内容".into());
    import(
        &lab.hq.store,
        &lab.with_revisions(vec![done, change.seal()]),
        &Options::default(),
    )
    .expect("a change with a reason");
    let e = lab
        .hq
        .store
        .entry(&lab.a_interview)
        .expect("read")
        .expect("entry");
    assert_eq!(e.status, Status::Final);
    assert_eq!(e.answers.get("q1"), Some(&json!("定稿后改的")));
}

#[test]
fn a_merge_revision_must_be_the_merge_every_machine_derives() {
    let lab = Lab::new();
    let id = "0190e1c4-3a00-7000-8000-00000000a001";
    let own = lab.head_at_hq(id);
    let left = lab
        .by_a(id, vec![own.clone()], json!({"admin_actual": 15}))
        .seal();
    let right = lab.by_a(id, vec![own], json!({"inst_actual": 9})).seal();
    let forged = RevisionDraft {
        author: kaocha::domain::dag::merge_author(),
        ..lab.by_a(
            id,
            vec![left.id.clone(), right.id.clone()],
            json!({"inst_actual": 9, "admin_actual": 1}),
        )
    }
    .seal();
    refused(
        &lab.hq,
        &lab.with_revisions(vec![left, right, forged]),
        &Options::default(),
        &["合并修订"],
    );
}

// ---- identifiers ------------------------------------------------------------

#[test]
fn a_nul_suffixed_entry_id_is_refused() {
    let lab = Lab::new();
    let victim = KJJ_SAMPLE;
    let before = lab.hq.store.entry(victim).expect("read");
    let mut r = lab.by_a(
        &format!("{victim}\0x"),
        vec![],
        json!({"interviewee": "冒名"}),
    );
    r.init = Some(EntryInit {
        campaign: demo::CAMPAIGN_ID.into(),
        unit: "u-ajj".into(),
        form: INTERVIEW.into(),
        form_version: 1,
        finding: None,
    });
    refused(
        &lab.hq,
        &lab.with_revisions(vec![r.seal()]),
        &Options::default(),
        &["编号格式不对"],
    );
    assert_eq!(lab.hq.store.entry(victim).expect("read"), before);
    // An id with an escape sequence in a plan, signed by HQ itself.
    let env = bundle::open(&lab.plan1).expect("plan");
    let mut header = env.header.clone();
    let mut payload = bundle::payload(&env).expect("payload");
    if let Some(c) = payload.campaign.as_mut() {
        c.units[0].id = "u\u{1b}[2J".into();
    }
    header.id = uuid::Uuid::now_v7().to_string();
    payload.bundle.id = header.id.clone();
    let bytes = bundle::write(header, &payload, &key_of(&lab.hq_dir)).expect("write");
    let fresh = open(&lab.tmp.path().join("fresh"), "赵磊");
    refused(&fresh, &bytes, &confirming(&lab.hq_fp), &["编号"]);
}

// ---- no rollback, no silent team switch --------------------------------------

#[test]
fn an_older_plan_is_refused_naming_both_numbers() {
    let lab = Lab::new();
    let a = open(&lab.a_dir, "王建国");
    let plan = |name: &str| {
        let file = lab.tmp.path().join(name);
        export::plan(&lab.hq.store, &lab.hq.author.person, "t1", &file).expect("plan");
        std::fs::read(&file).expect("read")
    };
    // Plan 3 still has 县药监局; then HQ moves it to 第二组 (plan 4).
    let plan3 = plan("plan1-3.json");
    kaocha::hq::teams::assign(&lab.hq.store, &["县药监局".to_string()], "t2").expect("assign");
    let plan4 = plan("plan1-4.json");
    import(&a.store, &plan4, &Options::default()).expect("plan 4");
    assert_eq!(a.campaign().expect("campaign").units.len(), 1);
    // The stale plan 3 from an old stick would bring it back: refused, both
    // numbers named.
    refused(&a, &plan3, &Options::default(), &["第 3 号", "第 4 号"]);
    assert_eq!(a.campaign().expect("campaign").units.len(), 1);
}

#[test]
fn another_teams_plan_needs_an_explicit_switch_and_keeps_own_entries() {
    let lab = Lab::new();
    let a = open(&lab.a_dir, "王建国");
    let err = refused(
        &a,
        &lab.plan2,
        &Options::default(),
        &["第二组", "第一组", "--switch-team"],
    );
    assert!(matches!(err, SyncError::TeamSwitch { .. }), "{err:?}");
    let switch = Options {
        switch_team: true,
        ..Options::default()
    };
    import(&a.store, &lab.plan2, &switch).expect("switched");
    let units: Vec<String> = a
        .campaign()
        .expect("campaign")
        .units
        .iter()
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(units, ["u-kjj", "u-sjj", "u-jsj"]);
    // A's own entry of its old team is kept, and still exported.
    assert!(a.store.entry(&lab.a_interview).expect("read").is_some());
    let file = lab.tmp.path().join("after-switch.json");
    export::results(&a.store, &a.author.person, &file, false, false).expect("export");
    let bytes = std::fs::read(&file).expect("read");
    let env = bundle::open(&bytes).expect("bundle");
    let p = bundle::payload(&env).expect("payload");
    assert!(p.revisions.iter().any(|r| r.body.entry == lab.a_interview));
    assert_eq!(env.header.origin.team.as_deref(), Some("t2"));
}

// ---- keys --------------------------------------------------------------------

#[test]
fn a_revoked_or_copied_key_signs_nothing_at_hq() {
    let lab = Lab::new();
    lab.honest_still_imports();
    // A's key copied into another installation (its own device id).
    let copy_dir = lab.tmp.path().join("copy");
    std::fs::create_dir_all(copy_dir.join("keys")).expect("mkdir");
    std::fs::copy(
        lab.a_dir.join("keys").join("device.key"),
        copy_dir.join("keys").join("device.key"),
    )
    .expect("copy the key");
    let copy = open(&copy_dir, "冒充者");
    import(&copy.store, &lab.plan1, &confirming(&lab.hq_fp)).expect("plan");
    new_entry(&copy, "u-ajj", INTERVIEW, &[("interviewee", "假访谈")]);
    let file = lab.tmp.path().join("copy.json");
    export::results(&copy.store, &copy.author.person, &file, false, false).expect("export");
    let bytes = std::fs::read(&file).expect("read");
    assert_eq!(
        fingerprint(&bundle::open(&bytes).expect("bundle").header.origin.key),
        lab.a_fp
    );
    refused(
        &lab.hq,
        &bytes,
        &Options::default(),
        &["已登记为设备", "复制"],
    );
    // HQ revokes A: its own next bundle is refused too.
    kaocha::sync::trust::revoke_typed(&lab.hq.store, &lab.a_fp).expect("revoke");
    let a = open(&lab.a_dir, "王建国");
    new_entry(&a, "u-yjj", INTERVIEW, &[("interviewee", "李四")]);
    let again = lab.tmp.path().join("a2.json");
    export::results(&a.store, &a.author.person, &again, false, false).expect("export");
    refused(
        &lab.hq,
        &std::fs::read(&again).expect("read"),
        &Options::default(),
        &["未登记的设备", &lab.a_fp],
    );
}

/// A laptop that trusts another laptop takes only revisions of its own
/// team's units (a leader's relay to HQ is tested end to end in
/// `sync_roundtrip::leader_merges_two_laptops_then_sends_on`).
#[test]
fn a_laptop_takes_no_revisions_of_another_teams_units() {
    let lab = Lab::new();
    let a = open(&lab.a_dir, "王建国");
    let b_fp = key_of(&lab.b_dir).fingerprint();
    // B's interview is of 县科技局 (第二组): A (第一组) does not have the unit.
    refused(&a, &lab.b_results, &confirming(&b_fp), &["u-kjj"]);
    assert!(a.store.entry(&lab.b_interview).expect("read").is_none());
}

// ---- limits ------------------------------------------------------------------

#[test]
fn bundles_over_the_limit_are_refused_before_they_are_read() {
    let lab = Lab::new();
    // 300 MB of nothing (a sparse file): refused by its size alone.
    let big = lab.tmp.path().join("big.json");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(300 << 20).expect("grow");
    drop(f);
    let before = state(&lab.hq);
    let err = kaocha::sync::import::import_file(&lab.hq.store, &big, &Options::default())
        .expect_err("too large");
    let message = err.to_string();
    assert!(
        matches!(err, SyncError::TooLarge { size: Some(s), .. } if s == 300 << 20),
        "{err:?}"
    );
    assert!(
        message.contains("300 MB") && message.contains("256 MB"),
        "{message}"
    );
    // The same with an age header (encrypted garbage): never decrypted.
    let sealed = lab.tmp.path().join("big.age");
    std::fs::write(&sealed, b"age-encryption.org/v1\n").expect("write");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&sealed)
        .and_then(|f| f.set_len(1 << 30))
        .expect("grow");
    let err = kaocha::sync::import::import_file(&lab.hq.store, &sealed, &Options::default())
        .expect_err("too large");
    assert!(matches!(err, SyncError::TooLarge { .. }), "{err:?}");
    // A lower limit refuses the honest bundle too, and the in-memory API
    // keeps the same limit.
    let small = Options {
        max_bytes: 1024,
        ..Options::default()
    };
    let honest = lab.tmp.path().join("honest.json");
    std::fs::write(&honest, &lab.a_results).expect("write");
    let err = kaocha::sync::import::import_file(&lab.hq.store, &honest, &small).expect_err("limit");
    assert!(matches!(err, SyncError::TooLarge { .. }), "{err:?}");
    refused(&lab.hq, &lab.a_results, &small, &["MB"]);
    assert_eq!(state(&lab.hq), before);
    // A stream with no size (a device) is cut off at the limit.
    #[cfg(unix)]
    {
        let err = kaocha::sync::import::import_file(&lab.hq.store, Path::new("/dev/zero"), &small)
            .expect_err("endless");
        assert!(
            matches!(err, SyncError::TooLarge { size: None, .. }),
            "{err:?}"
        );
    }
    lab.honest_still_imports();
}

// ---- folders of earlier builds -------------------------------------------------

#[test]
fn folders_of_earlier_builds_keep_their_roles() {
    let lab = Lab::new();
    // An HQ folder of an earlier build: its campaign, no role recorded.
    let old_hq_dir = lab.tmp.path().join("old-hq");
    let old_hq = open(&old_hq_dir, "考核委");
    let mut c = demo::campaign();
    c.id = "county-2013".into();
    c.demo = false;
    old_hq
        .store
        .commit(&[
            Change::Campaign { campaign: c },
            Change::current_campaign("county-2013"),
        ])
        .expect("an old campaign");
    let plan_file = lab.tmp.path().join("old-plan.json");
    assert!(matches!(
        export::plan(&old_hq.store, &old_hq.author.person, "t1", &plan_file),
        Err(SyncError::NotHqHere(_))
    ));
    kaocha::sync::trust::adopt_earlier_hq(&old_hq.store).expect("adopt");
    export::plan(&old_hq.store, &old_hq.author.person, "t1", &plan_file).expect("HQ again");
    // A laptop of an earlier build: a plan's campaign and HQ's key trusted
    // as earlier builds kept it (no campaign named). It stays a laptop, and
    // takes HQ's next plan without asking again.
    let old_laptop_dir = lab.tmp.path().join("old-laptop");
    let laptop = open(&old_laptop_dir, "李红");
    let env = bundle::open(&lab.plan1).expect("plan");
    let share = bundle::payload(&env)
        .expect("payload")
        .campaign
        .expect("share");
    laptop
        .store
        .commit(&[
            Change::Campaign { campaign: share },
            Change::Setting {
                key: "trust:".to_string() + &lab.hq_fp,
                value: json!({"fingerprint": lab.hq_fp, "key": env.header.origin.key,
                              "label": "考核委", "role": "hq", "revoked": false}),
            },
        ])
        .expect("an old laptop");
    kaocha::sync::trust::adopt_earlier_hq(&laptop.store).expect("adopt");
    assert!(!laptop.store.is_hq_of(demo::CAMPAIGN_ID).expect("role"));
    let r = import(&laptop.store, &lab.plan1, &Options::default()).expect("the next plan");
    assert!(r.newly_trusted, "pinned for its campaign now: {r:?}");
    refused(
        &laptop,
        &stranger_plan(&lab, demo::CAMPAIGN_ID).0,
        &Options::default(),
        &["不是由本机信任的考核委密钥签署"],
    );
}

// ---- a finding's decision travels, a forged reference does not ------------

#[test]
fn a_dismissal_travels_to_hq_and_a_forged_finding_reference_is_refused() {
    use kaocha::domain::FindingRef;
    let lab = Lab::new();
    let key = "mixed_posts:u-ajj:0190e1c4-3a00-7000-8000-00000000a001";
    let facts = "有2名事业编制人员在机关行政岗位工作。";
    let dismissal = |key: &str, facts: &str| {
        let mut d = lab.by_a(
            "0190e1c4-3a00-7000-8000-0000000d1501",
            vec![],
            json!({"finding_type": "mixed", "facts": facts}),
        );
        d.init = Some(EntryInit {
            campaign: demo::CAMPAIGN_ID.into(),
            unit: "u-ajj".into(),
            form: "findings".into(),
            form_version: 1,
            finding: Some(FindingRef {
                key: key.into(),
                facts: facts.into(),
            }),
        });
        d.status = Some(Status::Deleted);
        d.reason = Some("借调人员已返回原单位".into());
        d.seal()
    };
    let forged_key = format!("{key}\u{1b}[2J");
    let forged_facts = format!("{facts}\u{7}");
    let long_key = "k".repeat(400);
    for (r, why) in [
        (dismissal(&forged_key, facts), "编号格式不对"),
        (dismissal(&long_key, facts), "编号格式不对"),
        (dismissal(key, &forged_facts), "控制字符"),
    ] {
        refused(
            &lab.hq,
            &lab.with_revisions(vec![r]),
            &Options::default(),
            &[why],
        );
    }
    import(
        &lab.hq.store,
        &lab.with_revisions(vec![dismissal(key, facts)]),
        &Options::default(),
    )
    .expect("a team's dismissal of its own unit's finding");
    // HQ's register now has it dismissed, with the team's reason.
    let campaign = lab.hq.campaign().expect("campaign");
    let unit = lab.hq.unit(&campaign, "u-ajj").expect("unit");
    let rules = kaocha::analysis::Rules::builtin().expect("rules");
    let a = kaocha::report::analyse_unit(&lab.hq.store, &campaign, &unit, &rules).expect("analyse");
    assert!(a.findings.iter().all(|f| f.key != key));
    let d = a
        .dismissed
        .iter()
        .find(|f| f.key == key)
        .expect("dismissed");
    assert!(
        matches!(&d.state, kaocha::analysis::FindingState::Dismissed { reason, .. } if reason == "借调人员已返回原单位"),
        "{:?}",
        d.state
    );
}
