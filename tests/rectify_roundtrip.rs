//! 整改 follow-up through the real binary (issue 16): HQ sets a recorded
//! finding's deadline and who is responsible, the field records the unit's
//! reply and marks it done at the same time, and after plan and results go
//! both ways both laptops hold all of it; `kaocha rectify` lists it with its
//! state, 逾期 when past the deadline and not done.

mod common;

use std::path::Path;

use common::Kaocha;
use serde_json::Value;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn answers(k: &Kaocha, id: &str) -> Value {
    k.show(id)["answers"].clone()
}

#[test]
fn rectify_fields_travel_both_ways_and_concurrent_edits_merge() {
    let stick = tempfile::tempdir().unwrap();
    let hq = Kaocha::new("zh");
    hq.run([
        "campaign",
        "new",
        "--name",
        "2014年东阿县机构编制评估",
        "--kind",
        "jgbz",
    ])
    .ok();
    hq.run(["teams", "add", "第一组"]).ok();
    let list = stick.path().join("单位.csv");
    std::fs::write(&list, "单位名称,行政编制,考核组\r\n县审计局,10,第一组\r\n").unwrap();
    hq.run(["units", "import", arg(&list)]).ok();
    let plan1 = stick.path().join("plan1.json");
    hq.run(["plan", "export", "--team", "t1", "-o", arg(&plan1)])
        .ok();

    // The field records a finding and sends it to HQ.
    let field = Kaocha::new("zh");
    field
        .run(["import", arg(&plan1), "--trust", &hq.fingerprint()])
        .ok();
    let id = field.new_entry(
        "县审计局",
        "findings",
        "finding_type=overstaff facts=行政编制核定10名，实有12名，超编2名。",
    );
    let res1 = stick.path().join("res1.json");
    field.run(["export", "-o", arg(&res1)]).ok();
    hq.run([
        "import",
        arg(&res1),
        "--trust",
        &field.fingerprint(),
        "--team",
        "t1",
    ])
    .ok();

    // At the same time: HQ sets the deadline and who answers for it …
    hq.set(
        &id,
        "rectify_deadline=2000-03-31 responsible=王局长 rectify_req=两年内消化超编人员",
    );
    // … and the field records the unit's reply and marks it done.
    field.set(&id, "rectify_status=done rectify_reply=已调出2人");

    // HQ → field: the next plan carries HQ's revision; the field merges.
    let plan2 = stick.path().join("plan2.json");
    hq.run(["plan", "export", "--team", "t1", "-o", arg(&plan2)])
        .ok();
    field.run(["import", arg(&plan2)]).ok();
    // Field → HQ: the results carry the field's revision and the merge.
    let res2 = stick.path().join("res2.json");
    field.run(["export", "-o", arg(&res2)]).ok();
    hq.run(["import", arg(&res2)]).ok();

    for (site, k) in [("HQ", &hq), ("field", &field)] {
        let a = answers(k, &id);
        assert_eq!(a["rectify_deadline"], "2000-03-31", "{site}: {a}");
        assert_eq!(a["responsible"], "王局长", "{site}: {a}");
        assert_eq!(a["rectify_status"], "done", "{site}: {a}");
        assert_eq!(a["rectify_reply"], "已调出2人", "{site}: {a}");
    }
    // Done before the deadline passed or not, done is done.
    let listed: Value = hq.run(["rectify", "--json"]).ok().json();
    assert_eq!(listed[0]["items"][0]["state"], "done", "{listed}");
}

#[test]
fn rectify_lists_each_state_and_overdue_ones_apart() {
    let k = Kaocha::demo("zh");
    let overdue = k.new_entry(
        "县审计局",
        "findings",
        "finding_type=overstaff facts=超编2名 rectify_deadline=2000-01-31 rectify_status=doing",
    );
    let later = k.new_entry(
        "县审计局",
        "findings",
        "finding_type=mixed facts=混岗1人 rectify_deadline=2999-12-31 rectify_status=doing responsible=李主任",
    );
    let done = k.new_entry(
        "县审计局",
        "findings",
        "finding_type=shell facts=空壳1个 rectify_deadline=2000-01-31 rectify_status=done",
    );
    let listed: Value = k
        .run(["rectify", "--unit", "县审计局", "--json"])
        .ok()
        .json();
    let states: Vec<(String, String)> = listed[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["entry"].as_str().unwrap().to_string(),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = |id: &str, s: &str| (id.to_string(), s.to_string());
    assert!(states.contains(&want(&overdue, "overdue")), "{states:?}");
    assert!(states.contains(&want(&later, "doing")), "{states:?}");
    assert!(states.contains(&want(&done, "done")), "{states:?}");
    let only: Value = k.run(["rectify", "--overdue", "--json"]).ok().json();
    let ids: Vec<&str> = only
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["items"].as_array().unwrap().iter())
        .map(|r| r["entry"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [overdue.as_str()]);
    let text = k.run(["rectify", "--unit", "县审计局"]).ok();
    text.stdout_has(&[
        "[逾期] 期限 2000-01-31",
        "[整改中] 期限 2999-12-31",
        "责任人：李主任",
    ]);
    // A deleted (dismissed) 问题清单 entry is no 整改.
    k.run(["entry", "delete", &done, "--reason", "重复记录"])
        .ok();
    let after: Value = k
        .run(["rectify", "--unit", "县审计局", "--json"])
        .ok()
        .json();
    assert_eq!(after[0]["items"].as_array().unwrap().len(), 2, "{after}");
}
