//! What inspectors hit in the field, driven through `dispatch` with a real
//! `App` on a temporary data dir: input the way a Chinese IME types it,
//! and refused input told apart from a failed save.

mod common;

use common::harness::{AJJ_REGISTRATION, Harness, flash};
use kaocha::domain::UnitField;
use kaocha::tui::action::{Cmd, Effect};
use kaocha::tui::model::SaveState;
use serde_json::json;

/// The stored answer of the 县安监局 registration.
fn stored(h: &Harness, item: &str) -> Option<serde_json::Value> {
    let entry = h.app.ws.store.entry(AJJ_REGISTRATION).unwrap().unwrap();
    entry.answers.get(item).cloned()
}

#[test]
fn full_width_digits_and_chinese_dates_are_what_they_mean() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("fill_date", None);
    h.type_text("2013年11月26日");
    h.cmd(Cmd::Save);
    assert_eq!(
        stored(&h, "fill_date"),
        Some(json!("2013-11-26")),
        "{}",
        flash(&h)
    );
    h.goto_item("admin_actual", None);
    h.type_text("１２");
    h.cmd(Cmd::Save);
    assert_eq!(stored(&h, "admin_actual"), Some(json!(12)), "{}", flash(&h));
}

#[test]
fn a_refused_value_names_the_item_by_its_label_only() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("fill_date", None);
    h.type_text("明天");
    h.cmd(Cmd::Save);
    let problem = h.form().problem.clone().unwrap_or_default();
    assert!(problem.contains("填表日期"), "{problem}");
    assert!(!problem.contains("fill_date"), "{problem}");
    assert!(!flash(&h).contains("fill_date"), "{}", flash(&h));
}

#[test]
fn a_refused_unit_value_is_no_failed_save() {
    let mut h = Harness::demo();
    let before = h.model.save.clone();
    h.effect(Effect::SetUnitField {
        unit: "u-ajj".into(),
        field: UnitField::AdminQuota,
        value: "十二个半".into(),
    });
    assert_eq!(h.model.save, before, "a refusal is not a save state");
    assert_eq!(h.model.unsaved, 0, "nothing is left unsaved");
    let text = flash(&h);
    assert!(text.contains("十二个半"), "{text}");
    assert!(h.model.flash.as_ref().unwrap().error);
    // Quitting asks nothing: there is nothing unsaved.
    h.cmd(Cmd::Quit);
    assert!(h.model.popup.is_none());
    assert!(h.model.quit);
}

#[test]
fn chinese_numerals_set_a_units_quota() {
    let mut h = Harness::demo();
    h.effect(Effect::SetUnitField {
        unit: "u-ajj".into(),
        field: UnitField::AdminQuota,
        value: "十二".into(),
    });
    assert!(matches!(h.model.save, SaveState::Saved(_)), "{}", flash(&h));
    let campaign = h.app.ws.campaign().unwrap();
    let unit = campaign.unit("u-ajj").unwrap();
    assert_eq!(unit.baseline.admin_quota, Some(12));
}

/// A new 个别访谈 of 县安监局 open on the form screen.
fn new_interview() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    h
}

/// The id of the item under the form's cursor.
fn at(h: &Harness) -> String {
    let st = h.form();
    match st.rows.get(st.cursor) {
        Some(kaocha::tui::model::Row::Item { id, .. }) => id.clone(),
        other => panic!("not on an item: {other:?}"),
    }
}

#[test]
fn every_interview_question_is_reached_by_jumping() {
    let mut h = new_interview();
    h.cmd(Cmd::Jump(9));
    assert_eq!(at(&h), "q9", "Alt+9");
    h.cmd(Cmd::Jump(8));
    assert_eq!(at(&h), "q8", "Alt+8");
    h.cmd(Cmd::JumpNext);
    assert_eq!(at(&h), "q9", "Ctrl+↓ from question 8");
    h.cmd(Cmd::JumpNext);
    assert_eq!(at(&h), "summary", "Ctrl+↓ from question 9");
    h.cmd(Cmd::JumpPrev);
    assert_eq!(at(&h), "q9", "Ctrl+↑ from the summary");
    h.cmd(Cmd::Jump(1));
    assert_eq!(at(&h), "q1", "Alt+1");
}

#[test]
fn a_window_too_small_takes_no_keys_and_the_text_shows_again_after() {
    use common::harness::{buffer_text, draw};
    use kaocha::tui::action::Action;
    let mut h = new_interview();
    h.cmd(Cmd::Jump(4));
    assert_eq!(at(&h), "q4");
    let paragraphs: Vec<String> = (1..=6).map(|n| format!("第{n}段记录")).collect();
    h.go(Action::Paste(paragraphs.join("\n")));
    // Drawn at 40×12 the editor shows only its last lines.
    h.go(Action::Resize(40, 12));
    let small = buffer_text(draw(&h.model, 40, 12).backend().buffer());
    assert!(!small.contains("第1段记录"), "{small}");

    // At 30×8 nothing shows, and keys do nothing.
    h.go(Action::Resize(30, 8));
    let text = |h: &Harness| match &h.form().field {
        kaocha::tui::model::Field::Text { input, .. } => input.lines().join("\n"),
        _ => panic!("no text editor"),
    };
    let before = text(&h);
    h.type_text("测试");
    h.cmd(Cmd::Down);
    assert_eq!(text(&h), before);
    assert_eq!(at(&h), "q4");

    // Back to 120×40: the text shows from its first paragraph.
    h.go(Action::Resize(120, 40));
    let big = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    assert!(big.contains("第1段记录"), "{big}");
    assert!(big.contains("第6段记录"), "{big}");
    h.type_text("补");
    assert!(text(&h).ends_with("第6段记录补"), "{}", text(&h));
}

/// The unit screen's line of a stage, as drawn at 120×40.
fn stage_text(h: &Harness, title: &str) -> String {
    use common::harness::{buffer_text, draw};
    let text = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    text.lines()
        .find(|l| l.contains(title) && l.contains('/'))
        .unwrap_or_else(|| panic!("no stage {title}:\n{text}"))
        .to_string()
}

/// 县安监局's interview counts as the store keeps them.
fn interviews(h: &Harness) -> kaocha::store::FormCount {
    h.app
        .ws
        .store
        .unit_counts(kaocha::app::demo::CAMPAIGN_ID, "u-ajj")
        .unwrap()
        .get("jgbz.interview")
        .copied()
        .unwrap_or_default()
}

#[test]
fn progress_counts_final_entries_and_an_empty_new_one_is_not_kept() {
    let mut h = Harness::demo();
    h.open_ajj();
    let before = stage_text(&h, "个别访谈");
    // `n`, then straight back: nothing is kept, the progress is as it was.
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    h.cmd(Cmd::Back);
    assert_eq!(stage_text(&h, "个别访谈"), before);
    assert!(flash(&h).contains("未保留"), "{}", flash(&h));
    let live = interviews(&h);

    // With a name typed it is kept, as a draft beside the final ones.
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    h.type_text("张三");
    h.cmd(Cmd::Back);
    let after = interviews(&h);
    assert_eq!((after.live, after.done), (live.live + 1, live.done));
    let line = stage_text(&h, "个别访谈");
    let drafts = after.live - after.done;
    assert!(
        line.contains(&format!("{}/3 +{drafts}草稿", after.done)),
        "{line}"
    );
}

#[test]
fn undo_says_what_it_undid_goes_there_and_redo_makes_it_again() {
    let mut h = new_interview();
    let id = h.form().entry.id.clone();
    let q1 = |h: &Harness| {
        h.app
            .ws
            .store
            .entry(&id)
            .unwrap()
            .unwrap()
            .answers
            .get("q1")
            .cloned()
    };
    h.cmd(Cmd::Jump(1));
    h.type_text("职责清楚");
    // Moving on saves Q1; the cursor is elsewhere when Ctrl+Z comes.
    h.cmd(Cmd::Jump(5));
    assert_eq!(at(&h), "q5");
    assert!(q1(&h).is_some_and(|v| v.as_str().unwrap().ends_with("职责清楚")));

    h.cmd(Cmd::Undo);
    assert_eq!(q1(&h), None, "Q1 taken back");
    let said = flash(&h);
    assert!(said.contains("已撤销"), "{said}");
    assert!(said.contains("1. 本单位"), "names the item: {said}");
    assert!(said.contains("职责清楚 → —"), "old → new: {said}");
    assert_eq!(at(&h), "q1", "the cursor goes to what changed");

    h.cmd(Cmd::Redo);
    assert!(q1(&h).is_some_and(|v| v.as_str().unwrap().ends_with("职责清楚")));
    assert!(flash(&h).contains("已重做"), "{}", flash(&h));
    h.cmd(Cmd::Redo);
    assert!(flash(&h).contains("没有可重做"), "{}", flash(&h));
    // Undo again, then a new change: the redo is forgotten.
    h.cmd(Cmd::Undo);
    assert_eq!(q1(&h), None);
    h.cmd(Cmd::Jump(2));
    h.type_text("无交叉");
    h.cmd(Cmd::Jump(3));
    h.cmd(Cmd::Redo);
    assert!(flash(&h).contains("没有可重做"), "{}", flash(&h));
    assert_eq!(q1(&h), None);
}

#[test]
fn coming_back_to_a_question_starts_a_new_stamped_paragraph() {
    use common::harness::{buffer_text, draw};
    use kaocha::tui::action::{Action, Clock};
    let mut h = new_interview();
    let id = h.form().entry.id.clone();
    h.cmd(Cmd::Jump(1));
    // The intro note shows with the first question only.
    let note = "访谈前说明来意";
    let screen = |h: &Harness| buffer_text(draw(&h.model, 120, 40).backend().buffer());
    let pane = |s: &str| -> String {
        s.lines()
            .map(|l| l.split_once("││").map_or("", |(_, r)| r))
            .collect()
    };
    assert!(pane(&screen(&h)).contains(note));
    h.type_text("编制紧");
    h.cmd(Cmd::Jump(2));
    assert!(!pane(&screen(&h)).contains(note), "{}", screen(&h));

    // Eight minutes later the talk comes back to question 1.
    h.cmd(Cmd::Jump(1));
    h.model.now = Clock {
        date: "2013-11-26".into(),
        time: "10:40:00".into(),
    };
    kaocha::tui::dispatch(&mut h.model, &mut h.app, Action::Char('补'));
    h.cmd(Cmd::Save);
    let q1 = h.app.ws.store.entry(&id).unwrap().unwrap().answers["q1"].clone();
    assert_eq!(q1, json!("[10:32] 编制紧\n[10:40] 补"));
}

#[test]
fn a_returned_entry_shows_hqs_comment_while_it_is_corrected() {
    use common::harness::{buffer_text, draw};
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::Review {
        entry: AJJ_REGISTRATION.into(),
        approve: false,
        comment: Some("超编人数请核对".into()),
    });
    h.effect(Effect::OpenEntry(AJJ_REGISTRATION.into()));
    // The detail pane's text, its wrapped lines joined.
    let pane = |h: &Harness, w, ht| -> String {
        let text = buffer_text(draw(&h.model, w, ht).backend().buffer());
        text.lines()
            .filter_map(|l| {
                l.split_once("││")
                    .map(|(_, r)| r.trim_end_matches('│').trim_end().to_string())
            })
            .collect()
    };
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = pane(&h, w, ht);
        assert!(
            text.contains("退回") && text.contains("超编人数请核对"),
            "{w}×{ht}:\n{text}"
        );
    }
    // Moving through the items keeps it in sight.
    h.goto_item("admin_actual", None);
    let text = pane(&h, 120, 40);
    assert!(text.contains("超编人数请核对"), "{text}");
}

#[test]
fn sync_messages_wrap_instead_of_being_cut() {
    use common::harness::{buffer_text, draw};
    use kaocha::tui::action::Action;
    let mut h = Harness::demo();
    h.effect(Effect::LoadSync);
    let message = "已导出到 /media/inspector/KINGSTON/考察数据/第一组-2013-11-26-结果包-增量.json：12 个修订，5 条记录。";
    h.go(Action::SyncDone(vec![message.to_string()]));
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = buffer_text(draw(&h.model, w, ht).backend().buffer());
        let joined: String = text
            .lines()
            .map(|l| l.trim_start_matches('│').trim_end_matches('│').trim_end())
            .collect();
        assert!(joined.contains(message), "{w}×{ht}:\n{text}");
    }
}

#[test]
fn a_new_record_names_who_is_working_and_an_inspection_the_team() {
    // 访谈人 and 记录人 are the person working (`--user`).
    let h = new_interview();
    let answers = &h.form().entry.answers;
    assert_eq!(answers.get("interviewer"), Some(&json!("测试员")));
    assert_eq!(answers.get("recorder"), Some(&json!("测试员")));
    // 考察人: the person first, then the unit's team (县安监局 is 第一组's).
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "inspection".into(),
    });
    assert_eq!(
        h.form().entry.answers.get("inspectors"),
        Some(&json!("测试员、王建国、李红、赵磊"))
    );
}
