//! Property tests of the store: for random edit sequences the materialised
//! head equals the fold of its revisions, and a database rebuilt from the
//! journal alone equals the original.

use std::collections::BTreeMap;

use kaocha::app::workspace::Workspace;
use kaocha::domain::{Entry, Status, fold};
use kaocha::store::{Store, rebuild};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    NewInterview(usize),
    SetText(usize, String),
    SetNumber(usize, i64),
    AddRow(usize, String),
    DeleteFirstRow(usize),
    Finalize(usize),
    Delete(usize),
    Restore(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-z中文人员紧张，。 ]{0,12}";
    prop_oneof![
        (0..5usize).prop_map(Op::NewInterview),
        (0..8usize, text).prop_map(|(e, t)| Op::SetText(e, t)),
        (0..8usize, 0..40i64).prop_map(|(e, n)| Op::SetNumber(e, n)),
        (0..8usize, "[办公室股大队]{1,6}").prop_map(|(e, t)| Op::AddRow(e, t)),
        (0..8usize).prop_map(Op::DeleteFirstRow),
        (0..8usize).prop_map(Op::Finalize),
        (0..8usize).prop_map(Op::Delete),
        (0..8usize).prop_map(Op::Restore),
    ]
}

/// Applies an op; refusals (finalising an incomplete entry, editing a
/// deleted one …) are part of the game and change nothing.
fn apply(ws: &Workspace, entries: &mut Vec<String>, op: &Op) {
    let campaign = ws.campaign().unwrap();
    let pick = |i: usize| -> Option<Entry> {
        let id = entries.get(i % entries.len().max(1))?;
        ws.store.entry(id).unwrap()
    };
    let reason = Some("核对后更正");
    match op {
        Op::NewInterview(u) => {
            let unit = campaign.units[*u % campaign.units.len()].clone();
            let form = ws.latest_form("jgbz.interview").unwrap();
            let e = ws
                .new_entry(
                    &campaign,
                    &unit,
                    form,
                    &[("interviewee".into(), format!("访谈对象{u}"))],
                )
                .unwrap();
            entries.push(e.id);
        }
        Op::SetText(i, t) => {
            if let Some(e) = pick(*i) {
                let item = if e.form == "jgbz.interview" {
                    "q4"
                } else {
                    "unit_name"
                };
                let _ = ws.set_answers(&e, &[(item.into(), t.clone())], reason);
            }
        }
        Op::SetNumber(i, n) => {
            if let Some(e) = pick(*i) {
                let (item, v) = if e.form == "jgbz.interview" {
                    ("q9", (n % 5 + 1).to_string())
                } else {
                    ("admin_actual", n.to_string())
                };
                let _ = ws.set_answers(&e, &[(item.into(), v)], reason);
            }
        }
        Op::AddRow(i, name) => {
            if let Some(e) = pick(*i).filter(|e| e.form == "jgbz.registration") {
                let _ = ws.set_answers(
                    &e,
                    &[
                        ("bodies[+].body_name".into(), name.clone()),
                        ("bodies[+].body_actual".into(), "2".into()),
                    ],
                    reason,
                );
            }
        }
        Op::DeleteFirstRow(i) => {
            if let Some(e) = pick(*i).filter(|e| e.answers.keys().any(|k| k.starts_with("bodies[")))
            {
                let _ = ws.set_answers(&e, &[("bodies[1]".into(), String::new())], reason);
            }
        }
        Op::Finalize(i) => {
            if let Some(e) = pick(*i) {
                let _ = ws.finalize(&e);
            }
        }
        Op::Delete(i) => {
            if let Some(e) = pick(*i) {
                ws.set_status(&e, Status::Deleted, Some("重复录入"))
                    .unwrap();
            }
        }
        Op::Restore(i) => {
            if let Some(e) = pick(*i).filter(|e| e.status == Status::Deleted) {
                ws.set_status(&e, Status::Draft, Some("误删恢复")).unwrap();
            }
        }
    }
}

/// The answers and status of a single-device history, worked out here
/// without the library's fold: follow the chain from the root (one parent
/// each), set every changed path, remove those set to null.
fn chain_state(revs: &[kaocha::domain::Revision]) -> (BTreeMap<String, serde_json::Value>, Status) {
    let mut answers = BTreeMap::new();
    let mut status = Status::Draft;
    let mut next = revs.iter().find(|r| r.body.parents.is_empty());
    let mut seen = 0;
    while let Some(r) = next {
        for (path, value) in &r.body.changes {
            if value.is_null() {
                answers.remove(path);
            } else {
                answers.insert(path.clone(), value.clone());
            }
        }
        if let Some(s) = r.body.status {
            status = s;
        }
        seen += 1;
        assert!(seen <= revs.len(), "a cycle in the history");
        next = revs.iter().find(|c| c.body.parents == [r.id.clone()]);
    }
    assert_eq!(seen, revs.len(), "the history is not one chain");
    (answers, status)
}

fn snapshot(store: &Store) -> BTreeMap<String, (Entry, usize)> {
    store
        .all_entries()
        .unwrap()
        .into_iter()
        .map(|e| {
            let n = store.revisions(&e.id).unwrap().len();
            (e.id.clone(), (e, n))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn head_is_fold_and_rebuild_restores_everything(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let before = {
            let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap();
            kaocha::app::demo::seed(&ws.store).unwrap();
            let campaign = ws.campaign().unwrap();
            // The two demo registrations plus the interviews made by the ops.
            let mut entries: Vec<String> = ws.store.entries(&campaign.id, None).unwrap().into_iter().map(|e| e.id).collect();
            // Asked for once before the ops: from here on they are kept in
            // memory, and must end as the index on disk says.
            ws.store.campaign_counts(&campaign.id).unwrap();
            for op in &ops {
                apply(&ws, &mut entries, op);
            }
            for e in ws.store.all_entries().unwrap() {
                let revs = ws.store.revisions(&e.id).unwrap();
                prop_assert_eq!(&e.revisions as &u32, &(revs.len() as u32));
                let (answers, status) = chain_state(&revs);
                prop_assert_eq!(&e.answers, &answers);
                prop_assert_eq!(e.status, status);
                prop_assert_eq!(Some(e), fold(&revs));
            }
            prop_assert!(ws.store.doctor().unwrap().ok());
            let counts = ws.store.campaign_counts(&campaign.id).unwrap();
            (snapshot(&ws.store), ws.store.digest().unwrap(), counts)
        };
        let report = rebuild(dir.path(), false).unwrap();
        prop_assert!(report.ok(), "{:?}", report.problems);
        prop_assert!(report.moved_aside.is_some());
        let store = Store::open(dir.path()).unwrap();
        let counts = store.campaign_counts(kaocha::app::demo::CAMPAIGN_ID).unwrap();
        prop_assert_eq!((snapshot(&store), store.digest().unwrap(), counts), before);
    }
}
