//! Entries through the real binary on the demo campaign: create, set, repeat
//! rows, refused values, constraints, history, finalise, lists, Chinese text
//! and the English switch.

mod common;

use common::{Kaocha, has, rows, sorted};
use serde_json::{Value, json};

const REG: &str = "jgbz.registration";

/// A registration of 县药监局 (baseline: 行政 10, 事业 12, 工勤 2).
fn registration(k: &Kaocha, sets: &str) -> String {
    k.new_entry("县药监局", REG, sets)
}

#[test]
fn new_prints_only_the_id_and_computes_from_the_baseline() {
    let k = Kaocha::demo("zh");
    let out = k.line("entry new --unit 县药监局 --form jgbz.registration --set admin_actual=11");
    let out = out.ok();
    assert_eq!(out.stdout.lines().count(), 1, "stdout: {:?}", out.stdout);
    let id = out.stdout.trim();
    let uuid = uuid::Uuid::parse_str(id).expect("the only output is a UUID");
    assert_eq!(uuid.hyphenated().to_string(), id);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);

    // admin_actual as set; quotas and level prefilled from the baseline.
    let want = json!({
        "id": id, "unit": "u-yjj", "form": REG, "status": "draft", "revisions": 1,
        "answers": {"admin_actual": 11, "admin_quota": 10, "inst_quota": 12, "level": "zk"},
        "computed": {"admin_over": 1, "staff_quota_total": 24},
    });
    has(&k.show(id), want);

    k.set(id, "admin_actual=9").stdout_has(&["已保存"]);
    let want =
        json!({"revisions": 2, "answers": {"admin_actual": 9}, "computed": {"admin_vacant": 1}});
    has(&k.show(id), want);
}

#[test]
fn computed_leaves_out_irrelevant_calcs() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "admin_actual=11");
    assert!(k.show(&id)["computed"].get("admin_vacant").is_none());
    k.set(&id, "admin_actual=9");
    let computed = k.show(&id)["computed"].clone();
    assert_eq!(computed["admin_vacant"], json!(1));
    assert!(computed.get("admin_over").is_none(), "{computed}");
}

#[test]
fn repeat_rows_are_added_edited_and_deleted() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "admin_actual=10");
    let cell = |row: &str, item: &str| format!("bodies[{row}].{item}");

    k.set(&id, "bodies[+].body_name=办公室 bodies[+].body_actual=3");
    let e = k.show(&id);
    let first = rows(&e, "bodies");
    assert_eq!(
        first.len(),
        1,
        "both `+` of one call are one row: {}",
        e["answers"]
    );
    let r1 = first[0].clone();
    let want = json!({"answers": {cell(&r1, "body_name"): "办公室", cell(&r1, "body_actual"): 3}});
    has(&e, want);

    k.set(&id, "bodies[+].body_name=稽查大队 bodies[+].body_actual=5");
    let e = k.show(&id);
    let both = rows(&e, "bodies");
    assert_eq!(both.len(), 2);
    assert_eq!(both[0], r1, "the first row keeps its id and place");
    let r2 = both[1].clone();
    let want =
        json!({"answers": {cell(&r2, "body_name"): "稽查大队", cell(&r2, "body_actual"): 5}});
    has(&e, want);

    k.set(&id, "bodies[1].body_actual=4");
    let want = json!({
        "answers": {cell(&r1, "body_actual"): 4, cell(&r2, "body_actual"): 5},
        "computed": {"bodies_count": 2, "bodies_staff_total": 9},
    });
    has(&k.show(&id), want);

    let bad_row = format!("entry set {id} bodies[3].body_actual=1");
    k.refused(&bad_row, &["bodies[3]", "没有这一行"]);

    k.set(&id, &format!("bodies[{r1}]="));
    let e = k.show(&id);
    assert_eq!(rows(&e, "bodies"), vec![r2.clone()]);
    let answers = e["answers"].as_object().unwrap();
    let left: Vec<&String> = answers.keys().filter(|k| k.contains(&r1)).collect();
    assert!(left.is_empty(), "deleted row left {left:?}");
    let want = json!({"computed": {"bodies_count": 1, "bodies_staff_total": 5}});
    has(&e, want);

    // The remaining row is now row 1.
    k.set(&id, "bodies[1].body_actual=6");
    let want = json!({"answers": {cell(&r2, "body_actual"): 6}});
    has(&k.show(&id), want);

    let steps = k.history(&id);
    let deletion = steps[steps.len() - 2]["changes"].clone();
    let marker = json!({"path": format!("bodies[{r1}]"), "old": 1, "new": null});
    let deletion = deletion.as_array().unwrap();
    assert!(deletion.contains(&marker), "{deletion:?}");
}

#[test]
fn refused_values_change_nothing() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "admin_actual=11");
    let before = k.show(&id);
    let steps = k.history(&id).len();
    #[rustfmt::skip]
    let cases: &[(&str, &[&str])] = &[
        ("admin_actual=abc", &["admin_actual", "行政编制实有人数", "请输入整数", "未作任何修改"]),
        ("level=9", &["level", "机构规格", "“9”不是可选项", "zk 正科级"]),
        ("admin_actual=-1", &["admin_actual", "不能小于 0"]),
        ("admin_actual=1.5", &["admin_actual", "整数"]),
        ("fill_date=2013-02-30", &["fill_date", "请输入日期"]),
        ("nosuch=1", &["nosuch", "没有可填写的项目"]),
        ("admin_over=3", &["admin_over", "没有可填写的项目"]),
        ("admin_actual", &["admin_actual", "项目=值"]),
    ];
    for (set, fragments) in cases {
        // Together with a valid value: the whole call is refused.
        k.refused(&format!("entry set {id} filler=李四 {set}"), fragments);
        assert_eq!(k.history(&id).len(), steps, "{set} added a revision");
        assert_eq!(k.show(&id), before, "{set} changed the entry");
    }

    // A refused `entry new` creates nothing.
    let new = "entry new --unit 县审计局 --form jgbz.registration --set admin_actual=abc";
    k.refused(new, &["admin_actual", "请输入整数"]);
    assert!(k.list_ids(&["--unit", "县审计局"]).is_empty());
}

#[test]
fn minimum_of_an_integer_item_reads_as_an_integer() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "");
    let set = format!("entry set {id} admin_actual=-1");
    k.refused(&set, &["不能小于 0。"]);
}

#[test]
fn violated_constraint_is_refused_with_its_message() {
    let k = Kaocha::demo("zh");
    let sym = "jgbz.symposium";
    let id = k.new_entry("县药监局", sym, "topic=编制使用情况座谈 expected=5");
    let before = k.show(&id);
    let steps = k.history(&id).len();

    let rule = "实到人数不能多于应到人数";
    let set = format!("entry set {id} present=6");
    k.refused(&set, &["present", "实到人数", rule]);
    assert_eq!(k.history(&id).len(), steps);
    assert_eq!(k.show(&id), before);

    // Within one `entry new` the same rule holds, and nothing is created.
    let new = format!("entry new --unit 县药监局 --form {sym} --set expected=3 --set present=4");
    k.refused(&new, &[rule]);
    assert_eq!(k.list_ids(&["--unit", "县药监局"]), vec![id.clone()]);

    k.set(&id, "present=5");
    has(&k.show(&id), json!({"answers": {"present": 5}}));

    // A registration rule reading a calc: 借出人数 ≤ 实有在编人员合计 (9 + 3 + 1).
    let reg = registration(&k, "admin_actual=9 inst_actual=3 worker_actual=1");
    let rule = "借出人数不能超过实有在编人员合计";
    k.refused(&format!("entry set {reg} lent_out=14"), &["lent_out", rule]);
    k.set(&reg, "lent_out=13");
    has(&k.show(&reg), json!({"answers": {"lent_out": 13}}));
}

#[test]
fn constraint_message_is_not_doubly_punctuated() {
    let k = Kaocha::demo("zh");
    let id = k.new_entry("县药监局", "jgbz.symposium", "topic=座谈 expected=5");
    let set = format!("entry set {id} present=6");
    let out = k.refused(&set, &["实到人数不能多于应到人数"]);
    assert!(!out.stderr.contains("。。"), "stderr: {}", out.stderr);
}

#[test]
fn history_lists_old_and_new_values() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "admin_actual=11");
    k.set(&id, "admin_actual=9 level=副科级");
    k.set(&id, "over_level=是");

    let human = k.run(["entry", "history", &id]).ok().stdout;
    for line in [
        "新建",
        "行政编制实有人数：— → 11 人",
        "行政编制核定数：— → 10 人",
        "行政编制实有人数：11 人 → 9 人",
        "机构规格：正科级 → 副科级",
        "是否存在高配（领导干部职级高于机构规格）：— → 是",
        common::USER,
    ] {
        assert!(human.contains(line), "history lacks {line:?}:\n{human}");
    }

    let steps = k.history(&id);
    assert_eq!(steps.len(), 3);
    has(&k.show(&id), json!({"revisions": 3}));
    has(&steps[0], json!({"created": true}));
    has(
        &steps[1],
        json!({"created": false, "author": {"person": common::USER}}),
    );
    let mut changes = steps[1]["changes"].as_array().unwrap().clone();
    changes.sort_by_key(|c| c["path"].to_string());
    let want = json!([
        {"path": "admin_actual", "old": 11, "new": 9},
        {"path": "level", "old": "zk", "new": "fk"},
    ]);
    assert_eq!(Value::Array(changes), want);
    let want = json!({"changes": [{"path": "over_level", "old": null, "new": true}]});
    has(&steps[2], want);
}

#[test]
fn finalize_needs_required_items_and_later_changes_need_a_reason() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "admin_actual=9");
    let steps = k.history(&id).len();

    let missing = [
        "还不能定稿",
        "单位名称",
        "事业编制实有人数",
        "工勤编制实有人数",
        "必填项尚未填写",
    ];
    let out = k.refused(&format!("entry finalize {id}"), &missing);
    let filled = "行政编制实有人数";
    assert!(
        !out.stderr.contains(filled),
        "admin_actual is filled:\n{}",
        out.stderr
    );
    has(&k.show(&id), json!({"status": "draft"}));
    assert_eq!(k.history(&id).len(), steps);

    k.set(
        &id,
        "unit_name=东阿县食品药品监督管理局 inst_actual=12 worker_actual=2",
    );
    let done = k.run(["entry", "finalize", &id]).ok();
    done.stdout_has(&["已定稿", &id]);
    let e = k.show(&id);
    has(&e, json!({"status": "final"}));

    k.refused(
        &format!("entry set {id} admin_actual=10"),
        &["已定稿", "--reason"],
    );
    assert_eq!(
        k.show(&id),
        e,
        "a change without a reason changed the entry"
    );
    let blank = k.run(["entry", "set", &id, "admin_actual=10", "--reason", "   "]);
    blank.failed().stderr_has(&["--reason"]);
    assert_eq!(
        k.show(&id),
        e,
        "a change with a blank reason changed the entry"
    );

    k.set(&id, "admin_actual=10 --reason 核对花名册后更正");
    // A reasoned change keeps the entry final.
    let want = json!({"status": "final", "answers": {"admin_actual": 10}});
    has(&k.show(&id), want);

    let steps = k.history(&id);
    has(
        &steps[steps.len() - 2],
        json!({"status": "final", "changes": []}),
    );
    let want = json!({
        "reason": "核对花名册后更正",
        "changes": [{"path": "admin_actual", "old": 9, "new": 10}],
    });
    has(steps.last().unwrap(), want);
    let human = k.run(["entry", "history", &id]).ok().stdout;
    for line in [
        "原因：核对花名册后更正",
        "→ 定稿",
        "行政编制实有人数：9 人 → 10 人",
    ] {
        assert!(human.contains(line), "history lacks {line:?}:\n{human}");
    }
}

#[test]
fn list_filters_by_unit_and_form_and_registration_is_one_per_unit() {
    let k = Kaocha::demo("zh");
    assert!(k.list_ids(&["--unit", "县药监局"]).is_empty());
    assert_eq!(k.list_ids(&[]).len(), 2, "the demo seeds two registrations");

    let reg = registration(&k, "admin_actual=10");
    let i1 = k.new_entry("县药监局", "jgbz.interview", "interviewee=王五");
    let i2 = k.new_entry("u-yjj", "jgbz.interview", "interviewee=赵六");
    let other = k.new_entry("县审计局", "jgbz.interview", "interviewee=钱七");

    let mine = sorted(vec![reg.clone(), i1.clone(), i2.clone()]);
    assert_eq!(sorted(k.list_ids(&["--unit", "县药监局"])), mine);
    let by_id = sorted(k.list_ids(&["--unit", "u-yjj"]));
    assert_eq!(by_id, mine, "a unit by id or by name");
    let interviews = k.list_ids(&["--unit", "县药监局", "--form", "jgbz.interview"]);
    assert_eq!(sorted(interviews), sorted(vec![i1, i2]));
    let regs = k.list_ids(&["--unit", "县药监局", "--form", REG]);
    assert_eq!(regs, vec![reg.clone()]);
    assert_eq!(k.list_ids(&["--unit", "县审计局"]), vec![other]);
    assert_eq!(k.list_ids(&[]).len(), 6);

    let list = k.line("entry list --unit 县药监局 --form jgbz.registration --json");
    let want = json!([{
        "id": reg, "unit_name": "县药监局", "status": "draft",
        "form_title": "机构编制评估调查登记表",
    }]);
    has(&list.ok().json(), want);

    let again = "entry new --unit 县药监局 --form jgbz.registration --set admin_actual=3";
    k.refused(again, &["每个单位只填一份", "机构编制评估调查登记表"]);
    let regs = k.list_ids(&["--unit", "县药监局", "--form", REG]);
    assert_eq!(regs, vec![reg]);

    k.refused("entry list --unit 县财政局", &["县财政局", "kaocha units"]);
}

#[test]
fn chinese_text_round_trips_exactly() {
    let k = Kaocha::demo("zh");
    let q4 = "办公室人员紧张，长期借调两人。";
    let new = format!(
        "entry new --unit 县科技局 --form jgbz.interview --set interviewee=张三 --set q4={q4}"
    );
    let id = k.line(&new).ok().stdout.trim().to_string();
    let e = k.show(&id);
    let want = json!({"title": "张三", "answers": {"interviewee": "张三", "q4": q4}});
    has(&e, want);
    assert_eq!(
        e["answers"]["q4"].as_str().unwrap().as_bytes(),
        q4.as_bytes()
    );

    // Decomposed input (e + U+0301) is stored composed (NFC).
    k.run(["entry", "set", &id, "position=Cafe\u{301} 主任"])
        .ok();
    let want = json!({"answers": {"position": "Caf\u{e9} 主任"}});
    has(&k.show(&id), want);

    let list = k.line("entry list --unit 县科技局 --form jgbz.interview --json");
    has(&list.ok().json(), json!([{"id": id, "title": "张三"}]));
    let human = k.run(["entry", "show", &id]).ok().stdout;
    assert!(human.contains(q4), "{human}");
}

#[test]
fn lang_en_switches_messages_to_english() {
    let k = Kaocha::demo("zh");
    let id = registration(&k, "");
    let set = format!("entry set {id} admin_actual=abc");
    k.refused(&set, &["错误", "请输入整数"]);

    let words = [
        "Error",
        "admin_actual",
        "enter a whole number",
        "Nothing was changed",
    ];
    let en = k.refused(&format!("--lang en {set}"), &words);
    assert!(!en.stderr.contains("请输入整数"), "{}", en.stderr);

    let words = ["Cannot finalise yet", "required, still empty"];
    k.refused(&format!("--lang en entry finalize {id}"), &words);
    k.refused(
        "--lang en entry show nosuchentry",
        &["No entry nosuchentry"],
    );
}
