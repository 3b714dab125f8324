//! The 座谈 live minutes as a tester meets them in a real terminal, driven
//! through `dispatch` with a real `App` on a temporary data dir: Enter
//! after the last remark no longer blocks 定稿, the list of what is missing
//! names rows by number and goes to them, and F6, `#标签` and what Enter
//! does in a remark are shown where the inspector looks.

mod common;

use common::harness::{Harness, buffer_text, draw, flash};
use kaocha::domain::Status;
use kaocha::form::eval::Answers;
use kaocha::tui::action::{Cmd, Effect};
use kaocha::tui::model::{Confirmed, Popup, Row};
use serde_json::{Value, json};

/// A new 座谈会 entry of 县安监局 on the form screen, on its first item.
fn symposium() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.symposium".into(),
    });
    assert_eq!(h.form().entry.form, "jgbz.symposium");
    h
}

/// Moves down to the "add row" line of `repeat` and adds a row: the
/// cursor lands on the new row's first item.
fn add_row(h: &mut Harness, repeat: &str) {
    for _ in 0..200 {
        let st = h.form();
        if matches!(st.rows.get(st.cursor), Some(Row::AddRow { repeat: r }) if r == repeat) {
            h.cmd(Cmd::Enter);
            return;
        }
        let before = st.cursor;
        h.cmd(Cmd::Down);
        assert_ne!(h.form().cursor, before, "stuck before the add-row line");
    }
    panic!("no add-row line of {repeat}");
}

/// The stored remarks in order: (row id, speaker, remark, tags).
fn remarks(h: &Harness) -> Vec<(String, Value, Value, Value)> {
    let st = h.form();
    let entry = h.app.ws.store.entry(&st.entry.id).unwrap().unwrap();
    let answers = Answers::new(&st.form, &entry.answers, &st.baseline);
    let get = |row: &str, item: &str| {
        entry
            .answers
            .get(&format!("remarks[{row}].{item}"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    answers
        .rows("remarks")
        .into_iter()
        .map(|r| {
            let (s, t, g) = (
                get(&r, "speaker"),
                get(&r, "remark"),
                get(&r, "remark_tags"),
            );
            (r, s, t, g)
        })
        .collect()
}

fn status(h: &Harness) -> Status {
    let id = h.form().entry.id.clone();
    h.app.ws.store.entry(&id).unwrap().unwrap().status
}

/// The outline line under the cursor.
fn cursor_row(h: &Harness) -> Row {
    let st = h.form();
    st.rows[st.cursor].clone()
}

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    buffer_text(draw(&h.model, w, ht).backend().buffer())
}

/// The topic typed, then one remark of 张局长 recorded with Enter: the
/// cursor is in the remark of the second row, which Enter opened.
fn one_remark(h: &mut Harness, topic: &str) {
    if !topic.is_empty() {
        h.type_text(topic);
    }
    h.cmd(Cmd::Next);
    add_row(h, "remarks");
    h.type_text("张局长");
    h.goto_item("remark", None);
    h.type_text("人手不够，加班多");
    h.cmd(Cmd::Enter);
}

#[test]
fn enter_after_the_last_remark_does_not_block_finalising() {
    let mut h = symposium();
    one_remark(&mut h, "机构编制工作座谈");
    h.type_text("与县应急办职责交叉");
    h.cmd(Cmd::Enter);
    // Enter after the last remark opened a third row, for 张局长 again.
    let before = remarks(&h);
    assert_eq!(before.len(), 3, "{before:?}");
    assert_eq!(before[2].1, json!("张局长"));
    assert_eq!(before[2].2, Value::Null);

    h.cmd(Cmd::Finalize);
    assert!(
        matches!(
            &h.model.popup,
            Some(Popup::Confirm {
                on_yes: Confirmed::Finalize(_),
                ..
            })
        ),
        "F9 asks to finalise, nothing is missing: {:?}",
        h.model.popup
    );
    h.cmd(Cmd::Enter);
    assert_eq!(status(&h), Status::Final);
    let after: Vec<(Value, Value)> = remarks(&h).into_iter().map(|(_, s, t, _)| (s, t)).collect();
    assert_eq!(
        after,
        vec![
            (json!("张局长"), json!("人手不够，加班多")),
            (json!("张局长"), json!("与县应急办职责交叉")),
        ],
        "the empty row at the end is gone, the remarks stay"
    );
}

#[test]
fn the_not_ready_list_names_rows_by_number_and_enter_goes_there() {
    let mut h = symposium();
    // No topic; row 2 is left without its remark; row 3 has one; Enter
    // after it opens row 4.
    one_remark(&mut h, "");
    add_row(&mut h, "remarks");
    h.type_text("李科长");
    h.goto_item("remark", None);
    h.type_text("编制太少");
    h.cmd(Cmd::Enter);
    assert_eq!(remarks(&h).len(), 4);

    h.cmd(Cmd::Finalize);
    assert_eq!(status(&h), Status::Draft);
    let rows = remarks(&h);
    assert_eq!(rows.len(), 3, "only the empty row at the end is dropped");
    let second = rows[1].0.clone();
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = screen(&h, w, ht);
        let lines: Vec<&str> = text.lines().collect();
        let wanted = [
            "还有 2 项需要补充或更正：",
            "▶ 座谈主题：必填项尚未填写",
            "· 发言摘要第2行·发言要点：必填项尚未填写",
            "↑ ↓ 选择 · Enter 转到该项 · Esc 关闭",
        ];
        for want in wanted {
            assert!(
                lines.iter().any(|l| l.contains(&format!("│{want}"))),
                "{want} at {w}×{ht}:\n{text}"
            );
        }
        assert!(!text.contains("remarks["), "no path on screen:\n{text}");
        assert!(!text.contains(&second), "no row id on screen:\n{text}");
        assert!(!text.contains("按任意键关闭"), "{text}");
        assert_eq!(
            lines.last().copied(),
            Some("↑↓ 选择 Enter 转到 Esc 关闭"),
            "the key bar says what the keys do:\n{text}"
        );
    }

    // ↓ chooses the second line, Enter goes to its row's remark.
    h.cmd(Cmd::Down);
    let text = screen(&h, 120, 40);
    assert!(
        text.contains("│▶ 发言摘要第2行·发言要点：必填项尚未填写"),
        "{text}"
    );
    h.cmd(Cmd::Enter);
    assert!(h.model.popup.is_none(), "{:?}", h.model.popup);
    assert_eq!(
        cursor_row(&h),
        Row::Item {
            id: "remark".into(),
            row: Some(second.clone()),
            path: format!("remarks[{second}].remark"),
        }
    );

    // Up goes back to the topic; Esc closes the list where the cursor is.
    h.cmd(Cmd::Finalize);
    h.cmd(Cmd::Down);
    h.cmd(Cmd::Up);
    h.cmd(Cmd::Enter);
    assert!(matches!(cursor_row(&h), Row::Item { id, .. } if id == "topic"));
    h.cmd(Cmd::Finalize);
    h.cmd(Cmd::Back);
    assert!(h.model.popup.is_none());
    assert!(matches!(cursor_row(&h), Row::Item { id, .. } if id == "topic"));
}

#[test]
fn the_cli_names_a_missing_remark_by_its_row() {
    let h = symposium();
    let id = h.form().entry.id.clone();
    let ws = &h.app.ws;
    let entry = ws.store.entry(&id).unwrap().unwrap();
    let entry = ws
        .set_answers(
            &entry,
            &[
                ("topic".into(), "座谈".into()),
                ("remarks[+].speaker".into(), "张局长".into()),
            ],
            None,
        )
        .unwrap();
    let message = ws.finalize(&entry).unwrap_err().to_string();
    assert!(
        message.contains("发言摘要第1行·发言要点：必填项尚未填写"),
        "{message}"
    );
    assert!(!message.contains("remarks["), "{message}");
}

#[test]
fn an_info_popup_has_a_key_bar_that_says_any_key_closes_it() {
    let mut h = symposium();
    // Information only: the key bar offers no choice it does not have.
    h.model.popup = Some(Popup::Info {
        title: "说明".into(),
        body: vec!["只供阅读。".into()],
    });
    let text = screen(&h, 80, 24);
    assert_eq!(text.lines().last(), Some("Enter/Esc 关闭"), "{text}");
}

#[test]
fn f6_and_tags_are_in_the_key_bar_and_the_pane_of_a_remark() {
    let mut h = symposium();
    one_remark(&mut h, "座谈");
    assert!(matches!(cursor_row(&h), Row::Item { id, .. } if id == "remark"));
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = screen(&h, w, ht);
        let bar = text.lines().last().unwrap_or_default().to_string();
        assert!(
            bar.starts_with("Enter 记下发言 F6 换发言人 # 标签 Tab 下一项"),
            "{bar}"
        );
        assert!(text.contains("F6 或 Alt+数字 换发言人"), "{text}");
        assert!(text.contains("#标签 勾选问题标"), "{text}");
        assert!(text.contains("#超职数配备领导干部"), "{text}");
    }
    // On the speaker of a row: F6 and tags, Enter is not a remark's.
    h.cmd(Cmd::Up);
    h.cmd(Cmd::Up);
    assert!(matches!(cursor_row(&h), Row::Item { id, .. } if id == "speaker"));
    let bar = screen(&h, 80, 24)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(bar.starts_with("F6 换发言人 # 标签 Tab 下一项"), "{bar}");
    // Outside the minutes, neither.
    h.goto_item("issues", None);
    let bar = screen(&h, 80, 24)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(bar.starts_with("Tab 下一项"), "{bar}");
}

#[test]
fn f1_in_a_remark_says_what_enter_f6_and_tags_do() {
    let mut h = symposium();
    one_remark(&mut h, "座谈");
    h.cmd(Cmd::Help);
    let text = screen(&h, 120, 40);
    for (key, what) in [
        (
            "Tab / Enter / ↓",
            "保存并到下一项（多行文字中 Enter 换行，发言要点除外，见下）",
        ),
        (
            "Enter",
            "发言要点中：记下这条发言（记下时间），接着为同一发言人记下一条",
        ),
        ("F6", "发言摘要中：换下一位发言人（按参加人员名单的顺序）"),
        ("Alt+1…9", "发言摘要中：由参加人员名单中的第 n 位发言"),
        ("#标签", "在发言要点中写 #标签 即勾选该问题标签"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("│  {key} ")) && l.contains(&format!(" {what}"))),
            "{key} {what}:\n{text}"
        );
    }
    for tag in ["#职能交叉不顺", "#人员紧张", "#超职数配备领导干部", "#其他"] {
        assert!(text.contains(tag), "{tag}:\n{text}");
    }
    // The registration form's help is as before: no minutes there.
    let mut r = Harness::demo();
    r.open_ajj_registration();
    r.cmd(Cmd::Help);
    let text = screen(&r, 120, 40);
    assert!(!text.contains("F6"), "{text}");
    assert!(
        text.contains("保存并到下一项（多行文字中 Enter 换行）"),
        "{text}"
    );
}

#[test]
fn an_unknown_tag_is_kept_as_text_and_pointed_out() {
    let mut h = symposium();
    h.type_text("座谈");
    h.cmd(Cmd::Next);
    add_row(&mut h, "remarks");
    h.type_text("张局长");
    h.goto_item("remark", None);
    let said = "3#楼会议室太挤，#编制太少 #人员紧张的问题突出";
    h.type_text(said);
    h.cmd(Cmd::Enter);
    let rows = remarks(&h);
    assert_eq!(rows[0].2, json!(said), "the text is kept as typed");
    assert_eq!(rows[0].3, json!(["short"]), "#人员紧张… ticks 人员紧张");
    let text = flash(&h);
    assert!(text.contains("#编制太少 不是问题标签"), "{text}");
    assert!(
        text.contains(
            "#职能交叉不顺 #人员紧张 #职能需强化 #空壳机构 #混岗混编 #超职数配备领导干部 #其他"
        ),
        "{text}"
    );
    assert!(!text.contains("#楼"), "3#楼 is no tag: {text}");
    assert!(!h.model.flash.as_ref().is_some_and(|f| f.error));
    // A known tag alone says nothing.
    h.type_text("#混岗混编");
    h.cmd(Cmd::Enter);
    assert_eq!(remarks(&h)[1].3, json!(["mixed"]));
    assert_eq!(flash(&h), "");
}
