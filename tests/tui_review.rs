//! Reviewing while entering: the outline shows each answer in words (cut
//! to the pane, the label kept), F4 goes to the next empty required item,
//! and F12 lists the entry's history (old → new, who, when, the reason),
//! for the whole entry or only the item under the cursor. Driven through
//! `dispatch` with a real `App` on a temporary data dir, and through the
//! pure `update` for a form of our own.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw, flash};
use kaocha::domain::{Author, Entry, EntryInit, RevisionDraft, Status};
use kaocha::tui::action::{Action, Cmd, Effect, EntryData, Loaded};
use kaocha::tui::model::{Model, Popup, Row, Screen};
use kaocha::tui::update::update;
use serde_json::{Value, json};

fn screen_text(model: &Model, w: u16, h: u16) -> String {
    buffer_text(draw(model, w, h).backend().buffer())
}

/// The outline pane of a form screen's text: each body line up to the end
/// of the left box (the second `│`).
fn outline_pane(text: &str) -> Vec<String> {
    text.lines()
        .skip(2)
        .filter_map(|l| {
            let rest = l.strip_prefix('│')?;
            let end = rest.find('│')?;
            Some(rest[..end].to_string())
        })
        .collect()
}

/// Whether a text holds something that looks like an id: an entry's UUID,
/// a row id (`r` and ten hex digits), or any run of eight or more hex
/// digits mixing letters and digits (a device id, a revision hash).
fn has_id_like(text: &str) -> Option<String> {
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        let letters = run.chars().any(|c| c.is_ascii_alphabetic());
        let digits = run.chars().any(|c| c.is_ascii_digit());
        if run.len() >= 8 && letters && digits {
            return Some(run);
        }
        run.clear();
    }
    None
}

/// Snapshots the screen at `w`×`h`, times, dates and ids filtered out.
fn snap(name: &str, model: &Model, w: u16, h: u16) -> String {
    let text = screen_text(model, w, h);
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= usize::from(w),
            "{name}: a line is wider than {w} columns: {line:?}"
        );
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix(format!("{w}x{h}"));
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "UUUUUUUU-UUUU-UUUU-UUUU-UUUUUUUUUUUU",
    );
    settings.add_filter(r"r[0-9a-f]{10}", "rROWROWROW_");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD");
    settings.add_filter(r"\d{2}:\d{2}:\d{2}", "HH:MM:SS");
    settings.add_filter(r"\d{2}:\d{2}", "HH:MM");
    settings.bind(|| insta::assert_snapshot!(name, text));
    text
}

/// The item id under the form's cursor.
fn at(h: &Harness) -> String {
    let st = h.form();
    match st.rows.get(st.cursor) {
        Some(Row::Item { id, .. }) => id.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_outline_shows_answers_in_words_never_codes_or_ids() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    // Tall enough for the whole first sections.
    let text = screen_text(&h.model, 120, 60);
    let pane = outline_pane(&text);
    let line = |label: &str| {
        pane.iter()
            .find(|l| l.contains(label))
            .cloned()
            .unwrap_or_else(|| panic!("no line of {label}:\n{text}"))
    };
    // A choice by its label, never its code (zk, full).
    assert!(line("机构规格").contains("正科级"), "{text}");
    assert!(!line("机构规格").contains("zk"), "{text}");
    assert!(line("经费形式").contains("全额拨款"), "{text}");
    // A text, a number with its unit, a date as typed.
    assert!(
        line("单位名称").contains("东阿县安全生产监督管理局"),
        "{text}"
    );
    assert!(line("行政编制实有人数").contains("14 人"), "{text}");
    // A table as its row count; yes/no as 是/否.
    assert!(
        pane.iter().any(|l| l.trim_end() == " 内设机构 5行"),
        "{text}"
    );
    assert!(line("是否经批准设立").contains('是'), "{text}");
    for l in &pane {
        assert_eq!(has_id_like(l), None, "{l}");
    }
    snap("review_outline", &h.model, 120, 40);
}

#[test]
fn at_80x24_the_label_stays_and_a_long_answer_is_cut() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    let text = snap("review_outline", &h.model, 80, 24);
    let pane = outline_pane(&text);
    // 单位名称 is cut after its label, with `…`.
    let name = pane
        .iter()
        .find(|l| l.contains("单位名称*"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(name.contains("东阿县") && name.contains('…'), "{name}");
    // The longest label is whole: its answer gives way.
    assert!(
        pane.iter().any(|l| l.contains("机关其他编制实有人数")),
        "{text}"
    );
    // A long answer never pushes a label out: every answered line
    // starts with its mark and label.
    for l in pane.iter().filter(|l| l.contains('✓')) {
        let after = l.split('✓').nth(1).unwrap_or_default();
        assert!(after.starts_with(' '), "{l}");
        assert!(after.trim().chars().next().is_some(), "{l}");
    }
}

#[test]
fn a_multiline_answer_shows_its_first_line_only() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    // 访谈人小结: a long answer with a short label (a question's label
    // fills the pane, and its answer gives way).
    h.goto_item("summary", None);
    h.go(Action::Paste("第一段：人员紧张\n第二段：不应出现".into()));
    h.cmd(Cmd::Save);
    assert!(
        h.form().entry.answers.contains_key("summary"),
        "{}",
        flash(&h)
    );
    let text = screen_text(&h.model, 120, 40);
    let pane = outline_pane(&text).join("\n");
    assert!(pane.contains("第一段"), "{text}");
    assert!(!pane.contains("第二段"), "{text}");
}

/// A form of our own: 丙 is required only when 乙 is 是.
const FORM: &str = r#"{
  "id": "t.review", "version": 1, "title": "测试表", "kind": "registration", "per_unit": "many",
  "sections": [
    {"id": "s1", "title": "一", "items": [
      {"id": "a", "type": "text", "label": "甲", "required": true},
      {"id": "b", "type": "yesno", "label": "乙"},
      {"id": "c", "type": "text", "label": "丙", "required": true, "relevant": "b = true"}
    ]},
    {"id": "s2", "title": "二", "items": [
      {"id": "d", "type": "choice", "label": "丁", "required": true,
       "options": [{"value": "x1", "label": "第一种"}, {"value": "x2", "label": "第二种"}]},
      {"id": "e", "type": "text", "label": "戊"}
    ]}
  ]
}"#;

/// The pure model on the form of our own with `answers`.
fn own_form(answers: Value) -> Model {
    let form = kaocha::form::load_form("t.json", FORM).unwrap();
    let changes: BTreeMap<String, Value> =
        answers.as_object().unwrap().clone().into_iter().collect();
    let root = RevisionDraft {
        entry: "0190e1c4-3a00-7000-8000-0000000000e9".into(),
        parents: vec![],
        author: Author {
            device: "t".into(),
            person: "测试员".into(),
        },
        at: "2013-11-26T10:32:05+08:00".into(),
        init: Some(EntryInit {
            campaign: "c".into(),
            unit: "u".into(),
            form: "t.review".into(),
            form_version: 1,
            finding: None,
        }),
        changes: changes.into(),
        status: Some(Status::Draft),
        reason: None,
    }
    .seal();
    let mut model = Model::new((80, 24), common::harness::fixed_clock());
    update(
        &mut model,
        Action::Loaded(Loaded::Entry(Box::new(EntryData {
            form: Arc::new(form),
            entry: Entry::from_root(&root).unwrap(),
            unit_name: "单位".into(),
            baseline: Default::default(),
            roster: None,
            new: false,
            review: None,
        }))),
    );
    model
}

fn model_at(model: &Model) -> String {
    match model.screen() {
        Screen::Form(st) => match st.rows.get(st.cursor) {
            Some(Row::Item { id, .. }) => id.clone(),
            other => format!("{other:?}"),
        },
        _ => "not on the form".into(),
    }
}

fn model_flash(model: &Model) -> String {
    model
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn f4_goes_to_the_next_empty_required_item_skipping_hidden_and_answered_ones() {
    // 乙 is not 是: 丙 is hidden and not asked for; 甲 is answered.
    let mut m = own_form(json!({"a": "有", "b": false}));
    assert_eq!(model_at(&m), "a");
    let effects = update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(model_at(&m), "d");
    assert!(model_flash(&m).contains('1'), "{}", model_flash(&m));
    // 乙 is 是: 丙 is shown, and comes first.
    let mut m = own_form(json!({"a": "有", "b": true}));
    update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert_eq!(model_at(&m), "c");
    update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert_eq!(model_at(&m), "d");
    // Past the last one it wraps around to the top.
    update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert_eq!(model_at(&m), "c");
}

#[test]
fn f4_wraps_from_the_end_and_says_when_none_is_left() {
    let mut m = own_form(json!({"b": false, "d": "x1"}));
    for _ in 0..3 {
        update(&mut m, Action::Cmd(Cmd::Down));
    }
    assert_eq!(model_at(&m), "e");
    update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert_eq!(model_at(&m), "a");
    // Typing the last one and F4: it is saved, and none is left.
    let mut m = own_form(json!({"b": false, "d": "x1"}));
    assert_eq!(model_at(&m), "a");
    update(&mut m, Action::Char('有'));
    let effects = update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert!(
        matches!(effects.as_slice(), [Effect::Save { sets, .. }] if sets[0].1 == "有"),
        "{effects:?}"
    );
    assert_eq!(model_flash(&m), "必填项都已填写。");
    let mut m = own_form(json!({"a": "有", "d": "x2"}));
    let before = model_at(&m);
    update(&mut m, Action::Cmd(Cmd::NextRequired));
    assert_eq!(model_at(&m), before);
    assert_eq!(model_flash(&m), "必填项都已填写。");
    // The outline shows the choice by its label.
    let text = screen_text(&m, 80, 24);
    assert!(text.contains("丁* 第二种"), "{text}");
    assert!(!text.contains("x2"), "{text}");
}

#[test]
fn f4_on_the_demo_registration_counts_what_is_typed_as_filled() {
    let mut h = Harness::demo();
    h.effect(Effect::LoadUnit("u-yjj".into()));
    h.effect(Effect::NewEntry {
        unit: "u-yjj".into(),
        form: "jgbz.registration".into(),
    });
    assert_eq!(at(&h), "unit_name");
    // Typed, not saved yet: F4 saves it and goes on.
    h.type_text("县应急局");
    h.cmd(Cmd::NextRequired);
    assert_eq!(at(&h), "admin_actual", "{}", flash(&h));
    assert!(h.form().entry.answers.contains_key("unit_name"));
    h.type_text("3");
    h.cmd(Cmd::NextRequired);
    assert_eq!(at(&h), "inst_actual", "{}", flash(&h));
    // F4 is on the key bar at 120 columns and in F1.
    let text = screen_text(&h.model, 120, 40);
    assert!(
        text.lines().last().unwrap().contains("F4 下一必填"),
        "{text}"
    );
    h.cmd(Cmd::Help);
    let text = screen_text(&h.model, 120, 40);
    assert!(text.contains("F4 "), "{text}");
    assert!(text.contains("F12 / Ctrl+R"), "{text}");
}

/// The demo registration with 机构规格 changed, then finalised, then
/// 经费形式 changed with a reason.
fn edited_registration() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("level", None);
    h.type_text("2");
    assert_eq!(
        h.form().entry.answers.get("level"),
        Some(&json!("fc")),
        "{}",
        flash(&h)
    );
    h.effect(Effect::Finalize(AJJ_REGISTRATION.into()));
    assert_eq!(h.form().entry.status, Status::Final, "{}", flash(&h));
    h.goto_item("funding", None);
    h.type_text("2");
    assert!(
        matches!(h.model.popup, Some(Popup::Reason { .. })),
        "{:?}",
        h.model.popup
    );
    h.type_text("核对工资花名册后更正");
    h.cmd(Cmd::Enter);
    assert_eq!(
        h.form().entry.answers.get("funding"),
        Some(&json!("diff")),
        "{}",
        flash(&h)
    );
    h
}

fn history_text(h: &Harness, w: u16, ht: u16) -> String {
    assert!(
        matches!(h.model.popup, Some(Popup::History(_))),
        "{:?}",
        h.model.popup
    );
    screen_text(&h.model, w, ht)
}

#[test]
fn the_history_lists_old_to_new_who_and_the_reason_newest_first() {
    let mut h = edited_registration();
    h.cmd(Cmd::History);
    let text = history_text(&h, 120, 40);
    assert!(text.contains("修改历史"), "{text}");
    let level = text
        .find("机构规格：正科级 → 副处级")
        .unwrap_or_else(|| panic!("{text}"));
    let funding = text
        .find("经费形式：全额拨款 → 差额补贴")
        .unwrap_or_else(|| panic!("{text}"));
    let reason = text
        .find("修改原因：核对工资花名册后更正")
        .unwrap_or_else(|| panic!("{text}"));
    let finalised = text.find("→ 定稿").unwrap_or_else(|| panic!("{text}"));
    // Newest first: the corrected funding, then finalising, then the level.
    assert!(funding < finalised && finalised < level, "{text}");
    assert!(funding < reason && reason < finalised, "{text}");
    // Who: this laptop and its person; the demo's revision by its person.
    assert!(text.contains("本机 · 测试员"), "{text}");
    assert!(text.contains("演示数据"), "{text}");
    assert!(text.contains("新建"), "{text}");
    // Never a code, a path or an id.
    for bad in ["fc", "diff", "funding", "level", AJJ_REGISTRATION, "demo"] {
        assert!(!text.contains(bad), "{bad} shown:\n{text}");
    }
    assert_eq!(has_id_like(&text), None, "{text}");
    let device = h.app.ws.store.device().id.clone();
    assert!(!text.contains(&device), "{text}");
    // Esc closes it, over the form as it was.
    h.cmd(Cmd::Back);
    assert!(h.model.popup.is_none());
    assert!(matches!(h.model.screen(), Screen::Form(_)));
}

#[test]
fn the_history_of_the_item_under_the_cursor_shows_only_its_changes() {
    let mut h = edited_registration();
    for _ in 0..3 {
        h.cmd(Cmd::PageUp);
    }
    h.goto_item("level", None);
    h.cmd(Cmd::History);
    h.cmd(Cmd::Next);
    let text = history_text(&h, 120, 40);
    assert!(text.contains("修改历史 · 机构规格"), "{text}");
    assert!(text.contains("机构规格：正科级 → 副处级"), "{text}");
    // The first answer, from the demo's creation.
    assert!(text.contains("机构规格：— → 正科级"), "{text}");
    assert!(!text.contains("经费形式："), "{text}");
    assert!(!text.contains("修改原因"), "{text}");
    assert!(!text.contains("→ 定稿"), "{text}");
    // Tab again: the whole entry.
    h.cmd(Cmd::Next);
    let text = history_text(&h, 120, 40);
    assert!(text.contains("经费形式：全额拨款 → 差额补贴"), "{text}");
}

#[test]
fn the_history_of_a_row_item_names_its_row_by_number() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("body_actual", None);
    h.type_text("9");
    h.cmd(Cmd::Save);
    h.cmd(Cmd::History);
    h.cmd(Cmd::Next);
    let text = history_text(&h, 120, 40);
    assert!(
        text.contains("内设机构第1行·实有人数：5 人 → 9 人"),
        "{text}"
    );
    assert_eq!(has_id_like(&text), None, "{text}");
}

#[test]
fn the_history_popup_scrolls_and_fits_both_sizes() {
    let mut h = edited_registration();
    h.cmd(Cmd::History);
    let small = snap("review_history", &h.model, 80, 24);
    snap("review_history", &h.model, 120, 40);
    assert!(small.contains("修改原因"), "{small}");
    // The demo's creation lists every answer: its last one is below the
    // popup at 80×24 until End.
    let Some(Popup::History(view)) = &h.model.popup else {
        panic!("no history");
    };
    let (_, (cols, _)) = kaocha::tui::history::popup_size((80, 24));
    let last = view.lines(cols).last().unwrap().1.trim().to_string();
    assert!(!small.contains(&last), "{last}:\n{small}");
    h.cmd(Cmd::End);
    let text = history_text(&h, 80, 24);
    assert!(text.contains(&last), "{last}:\n{text}");
    assert!(!text.contains("修改原因"), "{text}");
    for _ in 0..3 {
        h.cmd(Cmd::Up);
    }
    h.cmd(Cmd::Home);
    assert_eq!(history_text(&h, 80, 24), small);
}
