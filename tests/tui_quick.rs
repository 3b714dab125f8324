//! 问卷快速录入 driven through `dispatch` with a real `App` on a temporary
//! data dir: 未答, the open question typed last, and finalising the complete
//! questionnaires of a unit at once.

mod common;

use std::collections::BTreeMap;

use common::harness::{Harness, buffer_text, draw, flash};
use kaocha::domain::{Entry, Status};
use kaocha::tui::action::{Action, Cmd, Effect};
use kaocha::tui::model::{Popup, Screen};
use serde_json::{Value, json};

const FORM: &str = "jgbz.questionnaire";

/// The questionnaires of 县安监局 as stored.
fn questionnaires(h: &Harness) -> Vec<Entry> {
    let campaign = h.app.ws.campaign().unwrap();
    h.app
        .ws
        .store
        .entries(&campaign.id, Some("u-ajj"))
        .unwrap()
        .into_iter()
        .filter(|e| e.form == FORM)
        .collect()
}

/// Keys one questionnaire (`keys` as typed, then `text` and Enter for the
/// open question) and returns the id of the entry it made.
fn key_one(h: &mut Harness, keys: &str, text: &str) -> String {
    let before: Vec<String> = questionnaires(h).into_iter().map(|e| e.id).collect();
    h.type_text(keys);
    h.type_text(text);
    h.cmd(Cmd::Enter);
    let made: Vec<String> = questionnaires(h)
        .into_iter()
        .map(|e| e.id)
        .filter(|id| !before.contains(id))
        .collect();
    assert_eq!(made.len(), 1, "one questionnaire saved: {}", flash(h));
    made[0].clone()
}

fn stored(h: &Harness, id: &str) -> Entry {
    h.app.ws.store.entry(id).unwrap().unwrap()
}

fn answers(e: &Entry) -> BTreeMap<String, Value> {
    e.answers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// 县安监局's unit screen, then quick entry.
fn quick(h: &mut Harness) {
    h.open_ajj();
    h.effect(Effect::OpenQuick {
        unit: "u-ajj".into(),
        form: FORM.into(),
    });
    assert!(matches!(h.model.screen(), Screen::Quick(_)));
}

/// The answers of `123412312`: respondent and q1–q8.
fn keyed(q1: Option<&str>) -> BTreeMap<String, Value> {
    let mut m: BTreeMap<String, Value> = [
        ("respondent", "leader"),
        ("q2", "tight"),
        ("q3", "unsure"),
        ("q4", "none"),
        ("q5", "mostly"),
        ("q6", "few"),
        ("q7", "no"),
        ("q8", "fair"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), json!(v)))
    .collect();
    if let Some(v) = q1 {
        m.insert("q1".into(), json!(v));
    }
    m
}

#[test]
fn zero_or_space_leaves_a_question_unanswered_and_moves_on() {
    let mut h = Harness::demo();
    quick(&mut h);
    let bar = buffer_text(draw(&h.model, 100, 24).backend().buffer());
    assert!(bar.contains("0 未答"), "the key bar names 0:\n{bar}");
    // q1 未答 with 0, then the rest; Enter skips the open question.
    h.type_text("10");
    let Screen::Quick(q) = h.model.screen() else {
        panic!("left quick entry");
    };
    assert_eq!(q.pos, 2, "0 moved on to q2");
    assert_eq!(flash(&h), "", "0 is no wrong digit");
    let zero = key_one(&mut h, "3412312", "");
    // Space does the same: q1 未答 again.
    let space = key_one(&mut h, "1 3412312", "");
    for id in [zero, space] {
        let e = stored(&h, &id);
        assert_eq!(answers(&e), keyed(None), "q1 is left out: 未答");
        assert_eq!(e.status, Status::Draft);
    }
    let Screen::Quick(q) = h.model.screen() else {
        panic!("left quick entry");
    };
    assert_eq!(q.recent, ["1 · 3 4 1 2 3 1 2", "1 · 3 4 1 2 3 1 2"]);
    let mut help = Harness::demo();
    quick(&mut help);
    help.cmd(Cmd::Help);
    let text = buffer_text(draw(&help.model, 120, 40).backend().buffer());
    assert!(
        text.contains("未答：本题不作答，进入下一题"),
        "F1 says 0 / Space:\n{text}"
    );
}

#[test]
fn the_open_question_is_typed_last_or_skipped_with_enter() {
    let mut h = Harness::demo();
    quick(&mut h);
    let before = questionnaires(&h).len();
    h.type_text("123412312");
    // The ninth digit no longer saves: the open question 9 is asked.
    assert_eq!(questionnaires(&h).len(), before);
    let screen = buffer_text(draw(&h.model, 100, 24).backend().buffer());
    assert!(screen.contains("第 10 题 / 共 10 题"), "{screen}");
    assert!(screen.contains("意见和建议"), "{screen}");
    assert!(screen.contains("Enter 保存本份"), "key bar:\n{screen}");
    // Digits are text here; Backspace deletes a character; a paste (IME)
    // is taken whole.
    h.type_text("编制1");
    h.cmd(Cmd::Backspace);
    h.go(Action::Paste("偏紧，建议增编".into()));
    let typed = key_one(&mut h, "", "");
    // The next one skips it with Enter alone.
    let skipped = key_one(&mut h, "123412312", "");
    let mut with_text = keyed(Some("well"));
    with_text.insert("q9".into(), json!("编制偏紧，建议增编"));
    assert_eq!(answers(&stored(&h, &typed)), with_text);
    assert_eq!(answers(&stored(&h, &skipped)), keyed(Some("well")));
    let Screen::Quick(q) = h.model.screen() else {
        panic!("left quick entry");
    };
    assert_eq!(q.count, before + 2, "the counter counts both");
    assert_eq!(q.recent, ["1 2 3 4 1 2 3 1 2 ✎", "1 2 3 4 1 2 3 1 2"]);
    // Backspace on an empty open question goes back to q8.
    h.type_text("123412312");
    h.cmd(Cmd::Backspace);
    let Screen::Quick(q) = h.model.screen() else {
        panic!("left quick entry");
    };
    assert_eq!((q.pos, q.answers[8].clone()), (8, None));
}

#[test]
fn leaving_quick_entry_offers_to_finalise_the_complete_ones() {
    let mut h = Harness::demo();
    quick(&mut h);
    let ids = [
        key_one(&mut h, "123412312", ""),
        key_one(&mut h, "103412312", ""),
        key_one(&mut h, "123412312", "好"),
    ];
    h.cmd(Cmd::Back);
    let Some(Popup::Confirm { body, .. }) = &h.model.popup else {
        panic!("no offer: {:?}", h.model.popup);
    };
    assert!(body[0].starts_with("本次录入了 3 份问卷。"), "{body:?}");
    h.cmd(Cmd::Enter);
    assert!(matches!(h.model.screen(), Screen::Unit(_)), "left");
    assert_eq!(
        flash(&h),
        "已定稿 2 份问卷。1 份留作草稿：1 份有未答的必填题。"
    );
    let statuses: Vec<Status> = ids.iter().map(|id| stored(&h, id).status).collect();
    assert_eq!(statuses, [Status::Final, Status::Draft, Status::Final]);
    let unit = buffer_text(draw(&h.model, 100, 30).backend().buffer());
    assert!(unit.contains("2/10 +1草稿"), "{unit}");

    // Declining leaves too, and finalises nothing.
    quick(&mut h);
    let last = key_one(&mut h, "123412312", "");
    h.cmd(Cmd::Back);
    assert!(h.model.popup.is_some());
    h.cmd(Cmd::Back);
    assert!(matches!(h.model.screen(), Screen::Unit(_)));
    assert_eq!(stored(&h, &last).status, Status::Draft);
    assert_eq!(stored(&h, &ids[1]).status, Status::Draft);
}

#[test]
fn f9_on_the_questionnaire_stage_finalises_the_complete_drafts() {
    let mut h = Harness::demo();
    quick(&mut h);
    let ids: Vec<String> = ["123412312", "1 3412312", "234123421"]
        .iter()
        .map(|d| key_one(&mut h, d, ""))
        .collect();
    // Leave without finalising.
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Back);
    // F9 elsewhere on the unit screen does nothing.
    h.cmd(Cmd::Finalize);
    assert!(h.model.popup.is_none());
    for _ in 0..10 {
        if let Screen::Unit(u) = h.model.screen()
            && u.stage().is_some_and(|s| s.quick)
        {
            break;
        }
        h.cmd(Cmd::Next);
    }
    let bar = buffer_text(draw(&h.model, 160, 30).backend().buffer());
    assert!(bar.contains("F9 问卷定稿"), "{bar}");
    h.cmd(Cmd::Finalize);
    let Some(Popup::Confirm { body, .. }) = &h.model.popup else {
        panic!("F9 asks first: {:?}", h.model.popup);
    };
    assert!(body[0].starts_with("本单位有 3 份问卷草稿。"), "{body:?}");
    h.cmd(Cmd::Enter);
    assert_eq!(
        flash(&h),
        "已定稿 2 份问卷。1 份留作草稿：1 份有未答的必填题。"
    );
    let statuses: Vec<Status> = ids.iter().map(|id| stored(&h, id).status).collect();
    assert_eq!(statuses, [Status::Final, Status::Draft, Status::Final]);
    // The draft left is unchanged: one revision, its answers as keyed.
    let left = stored(&h, &ids[1]);
    assert_eq!((left.revisions, answers(&left)), (1, keyed(None)));
    // Again: nothing more to finalise, the draft still left.
    h.cmd(Cmd::Finalize);
    h.cmd(Cmd::Enter);
    assert_eq!(
        flash(&h),
        "已定稿 0 份问卷。1 份留作草稿：1 份有未答的必填题。"
    );
}

#[test]
fn the_cli_finalises_the_complete_questionnaires_of_a_unit() {
    let k = common::Kaocha::demo("zh");
    let q = "jgbz.questionnaire";
    let full = "respondent=1 q1=1 q2=1 q3=1 q4=1 q5=1 q6=1 q7=1 q8=1";
    let complete = k.new_entry("县药监局", q, full);
    let missing = k.new_entry("县药监局", q, "respondent=1");
    k.line("entry finalize --all --unit 县药监局 --form jgbz.questionnaire")
        .ok()
        .stdout_has(&["已定稿 1 份问卷。1 份留作草稿：1 份有未答的必填题。"]);
    common::has(&k.show(&complete), json!({"status": "final"}));
    common::has(
        &k.show(&missing),
        json!({"status": "draft", "revisions": 1}),
    );
}
