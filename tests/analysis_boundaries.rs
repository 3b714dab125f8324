//! Every counting rule at its boundary: a registration with the actual
//! figure equal to the quota raises nothing, one more raises exactly that
//! rule (so `>` cannot quietly become `>=`, and a rule cannot fire on the
//! wrong figure). The quota comes from the entry, or from the unit's 三定
//! when the entry leaves it empty. Pure: entries are folded revisions, no
//! store.

use std::collections::BTreeMap;

use kaocha::analysis::{Rules, UnitData, findings};
use kaocha::domain::{Author, Baseline, Entry, EntryInit, RevisionDraft, Status, Unit};
use kaocha::form::Form;
use serde_json::{Value, json};

/// A registration of unit `u` with these answers.
fn registration(answers: Value) -> Entry {
    let changes: BTreeMap<String, Value> = match answers {
        Value::Object(m) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    let root = RevisionDraft {
        entry: "0190e1c4-3a00-7000-8000-0000000000b1".into(),
        parents: vec![],
        author: Author {
            device: "test".into(),
            person: "测试员".into(),
        },
        at: "2013-11-26T10:32:05+08:00".into(),
        init: Some(EntryInit {
            campaign: "c".into(),
            unit: "u".into(),
            form: "jgbz.registration".into(),
            form_version: 1,
            finding: None,
        }),
        changes: changes.into(),
        status: Some(Status::Draft),
        reason: None,
    }
    .seal();
    Entry::from_root(&root).expect("a root")
}

/// The rules that fire for a unit with `baseline` and one registration.
fn fired(baseline: Baseline, answers: Value) -> Vec<String> {
    let forms = kaocha::form::builtin::forms().expect("built-in forms");
    let rules = Rules::builtin().expect("built-in rules");
    let unit = Unit {
        id: "u".into(),
        name: "县测试局".into(),
        team: None,
        parent: None,
        baseline,
    };
    let entries = vec![registration(answers)];
    let find = |id: &str, v: u32| -> Option<&Form> {
        forms.iter().find(|f| f.def.id == id && f.def.version == v)
    };
    let data = UnitData {
        unit: &unit,
        entries: &entries,
        roster: None,
        roster_names: false,
        forms: &find,
        deleted_why: &|_: &str| String::new(),
    };
    findings(&rules, &data)
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

/// Answers that fire nothing: every count at its quota (5), no bodies.
fn quiet() -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    for (quota, actual) in COUNTS.iter().map(|c| (c.1, c.2)) {
        m.insert(quota.into(), json!(5));
        m.insert(actual.into(), json!(5));
    }
    m.insert("bodies_quota".into(), json!(2));
    m.insert("mixed_posts".into(), json!(0));
    m
}

/// Rule, quota item, actual item, the 三定 key of the quota.
const COUNTS: [(&str, &str, &str, &str); 6] = [
    (
        "overstaff_admin",
        "admin_quota",
        "admin_actual",
        "admin_quota",
    ),
    ("overstaff_inst", "inst_quota", "inst_actual", "inst_quota"),
    (
        "overstaff_worker",
        "worker_quota",
        "worker_actual",
        "worker_quota",
    ),
    (
        "overstaff_other",
        "other_quota",
        "other_actual",
        "other_quota",
    ),
    (
        "overlead_dept",
        "leader_posts_quota",
        "leader_posts_actual",
        "leader_posts",
    ),
    (
        "overlead_body",
        "body_leader_posts_quota",
        "body_leader_posts_actual",
        "body_leader_posts",
    ),
];

fn baseline_with(key: &str, n: u32) -> Baseline {
    let mut b = serde_json::to_value(Baseline::default()).expect("baseline");
    b[key] = json!(n);
    serde_json::from_value(b).expect("baseline")
}

#[test]
fn a_quiet_registration_raises_nothing() {
    assert_eq!(
        fired(Baseline::default(), Value::Object(quiet())),
        Vec::<String>::new()
    );
}

#[test]
fn each_count_rule_fires_one_over_its_quota_and_not_at_it() {
    for (rule, quota, actual, key) in COUNTS {
        // Quota in the entry.
        let mut at = quiet();
        at.insert(actual.into(), json!(5));
        assert_eq!(
            fired(Baseline::default(), Value::Object(at.clone())),
            Vec::<String>::new(),
            "{rule} at quota"
        );
        let mut over = at.clone();
        over.insert(actual.into(), json!(6));
        assert_eq!(
            fired(Baseline::default(), Value::Object(over)),
            [rule],
            "{rule} one over"
        );
        // Quota left empty in the entry: the 三定's.
        let mut from_baseline = at;
        from_baseline.remove(quota);
        from_baseline.insert(actual.into(), json!(7));
        assert_eq!(
            fired(baseline_with(key, 7), Value::Object(from_baseline.clone())),
            Vec::<String>::new(),
            "{rule} at the 三定 quota"
        );
        from_baseline.insert(actual.into(), json!(8));
        assert_eq!(
            fired(baseline_with(key, 7), Value::Object(from_baseline)),
            [rule],
            "{rule} one over the 三定 quota"
        );
    }
}

#[test]
fn mixed_posts_and_bodies_fire_one_over_their_limit() {
    let mut one = quiet();
    one.insert("mixed_posts".into(), json!(1));
    assert_eq!(
        fired(Baseline::default(), Value::Object(one)),
        ["mixed_posts"]
    );
    let body = |row: &str, n: u32| {
        [
            (format!("bodies[{row}]"), json!(n)),
            (
                format!("bodies[{row}].body_name"),
                json!(format!("第{n}股")),
            ),
            (format!("bodies[{row}].body_approved"), json!(true)),
            (format!("bodies[{row}].body_actual"), json!(3)),
        ]
    };
    let mut two = quiet();
    two.extend(body("r1", 1).into_iter().chain(body("r2", 2)));
    assert_eq!(
        fired(Baseline::default(), Value::Object(two.clone())),
        Vec::<String>::new()
    );
    let mut three = two;
    three.extend(body("r3", 3));
    assert_eq!(
        fired(Baseline::default(), Value::Object(three)),
        ["bodies_over"]
    );
}

#[test]
fn a_body_is_a_shell_with_nobody_or_only_its_head() {
    let with_body = |actual: u32, head: bool| {
        let mut m = quiet();
        m.extend([
            ("bodies[r1]".to_string(), json!(1)),
            ("bodies[r1].body_name".to_string(), json!("科技情报所")),
            ("bodies[r1].body_approved".to_string(), json!(true)),
            ("bodies[r1].body_actual".to_string(), json!(actual)),
            ("bodies[r1].body_head_in_place".to_string(), json!(head)),
        ]);
        fired(Baseline::default(), Value::Object(m))
    };
    assert_eq!(with_body(0, false), ["shell_body"]);
    assert_eq!(with_body(1, true), ["shell_body"]);
    assert_eq!(with_body(1, false), Vec::<String>::new());
    assert_eq!(with_body(2, true), Vec::<String>::new());
}
