//! Snapshots of every screen of the terminal app, drawn with ratatui's
//! `TestBackend` at 80×24 and 120×40 (and the smallest sizes). The model is
//! driven through `dispatch` with a real `App` on a temporary data dir, so
//! the data on screen is what the store holds.

mod common;

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw};
use kaocha::app::workspace::Workspace;
use kaocha::tui::action::{Action, Cmd, Effect};
use kaocha::tui::model::{Field, Model, Popup, Screen};
use ratatui::layout::Position;

/// The character shown at display column `col` of a line of screen text;
/// `None` when a double-width character covers that column from the left.
fn at_col(line: &str, col: usize) -> Option<char> {
    let mut at = 0;
    for c in line.chars() {
        if at == col {
            return Some(c);
        }
        at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if at > col {
            return None;
        }
    }
    None
}

/// Every screen's body is boxed from the first to the last column: the
/// box edges must not be overwritten (by wide characters spilling over).
fn assert_body_framed(name: &str, text: &str, w: u16) {
    let lines: Vec<&str> = text.lines().collect();
    let last = usize::from(w) - 1;
    // Row 0 is the top bar; the last two are the message line and keys.
    for (y, line) in lines.iter().enumerate().take(lines.len() - 2).skip(1) {
        let left = at_col(line, 0);
        let right = at_col(line, last);
        assert!(
            matches!(left, Some('┌' | '│' | '└')),
            "{name}: left edge of row {y} is {left:?}:\n{text}"
        );
        assert!(
            matches!(right, Some('┐' | '│' | '┘')),
            "{name}: right edge of row {y} is {right:?}:\n{text}"
        );
    }
}

/// Checks that the popup titled `title` is a whole box centred on a
/// `w`×`h` screen.
fn assert_popup_box(text: &str, title: &str, w: u16, h: u16) {
    let lines: Vec<&str> = text.lines().collect();
    let (top, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains(&format!("{title}─")))
        .unwrap_or_else(|| panic!("no popup titled {title}:\n{text}"));
    let before = &line[..line.find(&format!("{title}─")).unwrap()];
    let title_col = unicode_width::UnicodeWidthStr::width(before);
    let left = title_col - 1;
    assert_eq!(
        at_col(line, left),
        Some('┌'),
        "popup's top-left corner is hidden:\n{text}"
    );
    let right = (left + 1..usize::from(w))
        .find(|&c| at_col(line, c) == Some('┐'))
        .unwrap_or_else(|| panic!("no top-right corner:\n{text}"));
    let bottom = (top + 1..lines.len())
        .find(|&y| at_col(lines[y], left) == Some('└'))
        .unwrap_or_else(|| panic!("no bottom-left corner:\n{text}"));
    assert_eq!(at_col(lines[bottom], right), Some('┘'), "{text}");
    for (y, line) in lines.iter().enumerate().take(bottom).skip(top + 1) {
        assert_eq!(at_col(line, left), Some('│'), "row {y}:\n{text}");
        assert_eq!(at_col(line, right), Some('│'), "row {y}:\n{text}");
    }
    let (pw, ph) = (right - left + 1, bottom - top + 1);
    assert_eq!(left, (usize::from(w) - pw) / 2, "not centred:\n{text}");
    assert_eq!(top, (usize::from(h) - ph) / 2, "not centred:\n{text}");
}

fn screen_text(model: &Model, w: u16, h: u16) -> String {
    buffer_text(draw(model, w, h).backend().buffer())
}

/// Snapshots the screen at `w`×`h` with clock times, dates, UUIDs and row
/// ids filtered out.
fn snap(name: &str, model: &Model, w: u16, h: u16) -> String {
    let text = screen_text(model, w, h);
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= usize::from(w),
            "{name}: a line is wider than {w} columns: {line:?}"
        );
    }
    if w >= kaocha::tui::view::MIN_WIDTH && h >= kaocha::tui::view::MIN_HEIGHT {
        assert_body_framed(name, &text, w);
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix(format!("{w}x{h}"));
    // Placeholders as wide as what they replace, so columns stay aligned.
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "UUUUUUUU-UUUU-UUUU-UUUU-UUUUUUUUUUUU",
    );
    settings.add_filter(r"r[0-9a-f]{10}", "rROWROWROW_");
    settings.add_filter(
        r"[0-9a-f]{4}([- ])[0-9a-f]{4}[- ][0-9a-f]{4}[- ][0-9a-f]{4}",
        "ffff${1}ffff${1}ffff${1}ffff",
    );
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD");
    // A date the outline shows cut by a popup over it.
    settings.add_filter(r"\d{4}-\d{2}", "YYYY-MM");
    settings.add_filter(r"\d{2}:\d{2}:\d{2}", "HH:MM:SS");
    settings.add_filter(r"\d{2}:\d{2}", "HH:MM");
    settings.bind(|| insta::assert_snapshot!(name, text));
    text
}

/// Snapshots at both standard sizes; returns the 80×24 text.
fn snap_both(name: &str, model: &Model) -> String {
    let small = snap(name, model, 80, 24);
    snap(name, model, 120, 40);
    small
}

#[test]
fn first_run() {
    let h = Harness::empty();
    assert!(matches!(h.model.screen(), Screen::FirstRun(_)));
    let text = snap_both("first_run", &h.model);
    assert!(text.contains("考察"), "{text}");
}

#[test]
fn home() {
    let h = Harness::demo();
    assert!(matches!(h.model.screen(), Screen::Home(_)));
    let text = snap_both("home", &h.model);
    for unit in [
        "县安监局",
        "县药监局",
        "县科技局",
        "县审计局",
        "县人口和计划生育局",
    ] {
        assert!(text.contains(unit), "{unit} missing:\n{text}");
    }
}

#[test]
fn unit_screen() {
    let mut h = Harness::demo();
    h.open_ajj();
    let text = snap_both("unit", &h.model);
    assert!(text.contains("县安监局"), "{text}");
    assert!(text.contains("调查登记表"), "{text}");
}

#[test]
fn form_numeric_item() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("admin_actual", None);
    assert!(matches!(h.form().field, Field::Text { .. }));
    let text = snap_both("form_numeric", &h.model);
    assert!(text.contains("行政编制实有人数"), "{text}");
    assert!(text.contains("14"), "{text}");
}

/// A new interview of 县安监局 with a multi-line answer typed into q4.
fn interview_with_q4_answer() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    assert_eq!(h.form().form.def.id, "jgbz.interview");
    h.goto_item("q4", None);
    h.type_text("办公室人员紧张，");
    h.go(Action::Paste(
        "综合协调股只有一人。\n执法大队常年借用乡镇安监站人员".into(),
    ));
    h.cmd(Cmd::Enter);
    h.type_text("建议增加行政编制2名");
    h
}

#[test]
fn form_interview_multiline_answer() {
    let h = interview_with_q4_answer();
    let Field::Text { input, dirty, .. } = &h.form().field else {
        panic!("q4 has no text editor");
    };
    assert!(*dirty);
    assert_eq!(
        input.lines(),
        [
            "[10:32] 办公室人员紧张，综合协调股只有一人。",
            "执法大队常年借用乡镇安监站人员",
            "[10:32] 建议增加行政编制2名",
        ]
    );
    let text = snap("form_interview_q4", &h.model, 120, 40);
    assert!(text.contains("执法大队常年借用乡镇安监站人员"), "{text}");
}

/// At 80 columns the label of q4 is one column wider than the detail box;
/// its last (double-width) character spills over the box's right border.
#[test]
fn form_interview_multiline_answer_80x24() {
    let h = interview_with_q4_answer();
    let text = snap("form_interview_q4", &h.model, 80, 24);
    assert!(text.contains("执法大队常年借用乡镇安监站人员"), "{text}");
}

#[test]
fn form_repeat_row() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("body_actual", Some("r02"));
    let text = snap_both("form_repeat_row", &h.model);
    assert!(text.contains("▶   ✓ 实有人数"), "{text}");
    assert!(text.contains("2 监督"), "{text}");
}

#[test]
fn form_choice_item() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("level", None);
    assert!(matches!(h.form().field, Field::Pick { highlight: 2, .. }));
    let text = snap_both("form_choice", &h.model);
    for label in ["正处级", "副处级", "正科级", "副科级", "股级"] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}

#[test]
fn quick_entry_after_two_questionnaires() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Quick);
    // Nine digits, then Enter for the open question 9 (left empty).
    h.type_text("123412312");
    h.cmd(Cmd::Enter);
    h.type_text("234123421");
    h.cmd(Cmd::Enter);
    let Screen::Quick(q) = h.model.screen() else {
        panic!("not in quick entry");
    };
    assert_eq!(q.count, 2);
    assert_eq!(q.recent.len(), 2);
    assert_eq!(q.pos, 0);
    assert!(!q.saving);
    let text = snap_both("quick", &h.model);
    assert!(text.contains("填写人类别"), "{text}");
}

/// Fills a new 问题清单 entry (the form is open): 超编 and its facts, then
/// Esc back.
fn fill_finding(h: &mut Harness) {
    assert_eq!(h.form().form.def.id, "findings");
    // 问题类型: 3 = 超编; the cursor moves on to 事实描述.
    h.type_text("3");
    h.goto_item("facts", None);
    h.type_text("行政编制核定12名，实有14名，超编2名。");
    h.cmd(Cmd::Back);
}

fn findings_count(data: &kaocha::tui::action::UnitData) -> usize {
    data.stages
        .iter()
        .filter(|s| s.stage.form == "findings")
        .map(|s| s.entries.len())
        .sum()
}

#[test]
fn findings_list_with_one_finding() {
    let mut h = Harness::demo();
    h.open_ajj();
    // The 问题清单 stage is the last line of the unit screen.
    h.cmd(Cmd::End);
    h.cmd(Cmd::New);
    fill_finding(&mut h);
    let Screen::Unit(u) = h.model.screen() else {
        panic!("not back on the unit screen");
    };
    assert_eq!(findings_count(&u.data), 1);
    h.cmd(Cmd::Findings);
    let Screen::Findings(f) = h.model.screen() else {
        panic!("not on the findings list");
    };
    assert_eq!(findings_count(&f.data), 1);
    let text = snap_both("findings", &h.model);
    assert!(text.contains("超编") || text.contains("行政编制"), "{text}");
}

/// A finding added from the findings list shows in that list once saved.
#[test]
fn findings_list_refreshes_after_a_new_finding() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Findings);
    assert!(matches!(h.model.screen(), Screen::Findings(_)));
    h.cmd(Cmd::New);
    fill_finding(&mut h);
    let Screen::Findings(f) = h.model.screen() else {
        panic!("not back on the findings list");
    };
    assert_eq!(findings_count(&f.data), 1);
}

/// A `keys.json` too large to be a keymap is not read: the defaults hold
/// and the person is told.
#[test]
fn an_oversized_keys_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap();
    let big = format!("{{\"f4\": \"help\", \"pad\": \"{}\"}}", "x".repeat(70_000));
    std::fs::write(dir.path().join("keys.json"), big).unwrap();
    let (keymap, problem) = kaocha::tui::load_keymap(&ws);
    assert!(problem.is_some_and(|p| p.contains("64 KiB")));
    assert!(keymap.names(Cmd::Help, kaocha::tui::model::Mode::Edit) == ["F1"]);
}

/// A user's `keys.json` is what F1 and the key bar show: keys moved to
/// other commands disappear from their old lines, added keys appear.
#[test]
fn help_and_key_bar_show_the_users_keys() {
    let mut h = Harness::demo();
    let (keymap, bad) = kaocha::tui::keymap::Keymap::with_overrides(
        r#"{"f4": "help", "f1": "undo", "f12": "finalize"}"#,
    )
    .unwrap();
    assert!(bad.is_empty());
    h.model.keymap = keymap;
    h.open_ajj_registration();
    let form = screen_text(&h.model, 120, 40);
    let bar = form.lines().last().unwrap_or_default().to_string();
    assert!(bar.contains("F4 帮助"), "{bar}");
    assert!(bar.contains("F9/F12 定稿"), "{bar}");
    assert!(bar.contains("Ctrl+Z/F1 撤销"), "{bar}");
    h.cmd(Cmd::Help);
    let help = screen_text(&h.model, 120, 40);
    let line = |start: &str| {
        help.lines()
            .map(|l| l.trim_start_matches('│').trim())
            .find(|l| l.starts_with(start))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("F4").contains(&kaocha::i18n::h_help()), "{help}");
    assert!(
        line("F9 / F12").contains(&kaocha::i18n::h_finalize()),
        "{help}"
    );
    assert!(
        line("Ctrl+Z / F1").contains(&kaocha::i18n::h_undo()),
        "{help}"
    );
    assert!(!help.contains("  F1  "), "{help}");
}

#[test]
fn help_on_the_form() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.cmd(Cmd::Help);
    assert!(matches!(h.model.screen(), Screen::Help(_)));
    let text = snap_both("help_form", &h.model);
    assert!(text.contains("F9"), "{text}");
}

#[test]
fn popup_not_ready_to_finalise() {
    let mut h = Harness::demo();
    h.effect(Effect::LoadUnit("u-yjj".into()));
    h.effect(Effect::NewEntry {
        unit: "u-yjj".into(),
        form: "jgbz.registration".into(),
    });
    h.cmd(Cmd::Finalize);
    assert!(
        matches!(&h.model.popup, Some(Popup::Issues { title, .. }) if title == "还不能定稿"),
        "{:?}",
        h.model.popup
    );
    for (w, ht) in [(80, 24), (120, 40)] {
        assert_popup_box(&screen_text(&h.model, w, ht), "还不能定稿", w, ht);
    }
    let text = snap_both("popup_not_ready", &h.model);
    assert!(text.contains("工勤编制实有人数：必填项尚未填写"), "{text}");
}

/// The unit screen with the demo registration selected and Del pressed.
fn delete_popup() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Down);
    h.cmd(Cmd::Delete);
    h
}

#[test]
fn popup_delete_entry_asks_first() {
    let h = delete_popup();
    assert!(matches!(
        &h.model.popup,
        Some(Popup::Confirm { on_yes: kaocha::tui::model::Confirmed::DeleteEntry(id), .. })
            if id == AJJ_REGISTRATION
    ));
    for (w, ht) in [(80, 24), (120, 40)] {
        let text = screen_text(&h.model, w, ht);
        assert!(
            text.contains("删除记录“东阿县安全生产监督管理局”？"),
            "{text}"
        );
        assert!(text.contains("Enter 确定 · Esc 取消"), "{text}");
    }
}

/// The popup's left edge falls on the second half of a CJK character of
/// the unit screen beneath; that character hides the popup's border.
#[test]
fn popup_delete_entry_over_cjk_text() {
    let h = delete_popup();
    for (w, ht) in [(80, 24), (120, 40)] {
        assert_popup_box(&screen_text(&h.model, w, ht), "删除", w, ht);
    }
    snap_both("popup_delete", &h.model);
}

#[test]
fn window_too_small() {
    let h = Harness::demo();
    let text = snap("too_small", &h.model, 30, 8);
    assert!(text.contains("窗口太小"), "{text}");
    assert!(text.contains("30×8"), "{text}");
}

#[test]
fn smallest_usable_size_home() {
    let h = Harness::demo();
    let text = snap("home", &h.model, 40, 12);
    assert!(!text.contains("窗口太小"), "{text}");
    assert!(text.contains("县安监局"), "{text}");
}

#[test]
fn smallest_usable_size_form() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("admin_actual", None);
    let text = snap("form_numeric", &h.model, 40, 12);
    assert!(!text.contains("窗口太小"), "{text}");
    assert!(text.contains("14"), "{text}");
}

/// The terminal cursor sits where the next character goes, in display
/// columns: after 7 CJK characters it is 14 columns into the editor.
#[test]
fn cursor_follows_cjk_text_in_display_columns() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("reviewer", None);
    h.type_text("办公室人员紧张");
    for (w, ht) in [(80, 24), (120, 40)] {
        let mut terminal = draw(&h.model, w, ht);
        let buffer = terminal.backend().buffer().clone();
        // The editor line: where the typed text starts.
        let (text_x, text_y) = (0..ht)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .find(|&(x, y)| {
                buffer[(x, y)].symbol() == "办" && x + 2 < w && buffer[(x + 2, y)].symbol() == "公"
            })
            .expect("typed text not on screen");
        // The editor box's left border, right before the text.
        let border_x = (0..text_x)
            .rev()
            .find(|&x| buffer[(x, text_y)].symbol() == "│")
            .expect("no editor border left of the text");
        let inner_x = border_x + 1;
        assert_eq!(inner_x, text_x, "text does not start at the editor's edge");
        assert_eq!(
            buffer[(border_x, text_y - 1)].symbol(),
            "┌",
            "the text is not on the editor's first line"
        );
        let cursor = terminal.get_cursor_position().unwrap();
        assert_eq!(cursor, Position::new(inner_x + 14, text_y), "at {w}×{ht}");
        assert!(terminal.backend().cursor_visible());
    }
    h.cmd(Cmd::Left);
    h.cmd(Cmd::Left);
    for (w, ht) in [(80, 24), (120, 40)] {
        let mut terminal = draw(&h.model, w, ht);
        let buffer = terminal.backend().buffer().clone();
        let (text_x, text_y) = (0..ht)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .find(|&(x, y)| buffer[(x, y)].symbol() == "办")
            .unwrap();
        let cursor = terminal.get_cursor_position().unwrap();
        assert_eq!(cursor, Position::new(text_x + 10, text_y), "at {w}×{ht}");
    }
}

#[test]
fn findings_with_automatic_ones_accepted_and_dismissed() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Findings);
    // The demo's 县安监局 has 超编, 超职数 and 混岗混编 by the rules.
    let text = screen_text(&h.model, 120, 40);
    assert!(
        text.contains("〔自动·待确认〕 超编：行政编制核定12名，实有14名，超编2名。"),
        "{text}"
    );
    h.cmd(Cmd::Enter); // accept 超编: a findings entry opens, filled in
    assert_eq!(h.form().entry.answers["finding_type"], "overstaff");
    h.cmd(Cmd::Back);
    // The accepted one is an entry now, listed after the two still open.
    h.cmd(Cmd::Down);
    h.cmd(Cmd::Dismiss);
    h.type_text("借调系临时安排");
    h.cmd(Cmd::Enter);
    let text = snap_both("findings_auto", &h.model);
    assert!(text.contains("• [草稿] 超编"), "{text}");
    assert!(!text.contains("〔自动·待确认〕 超编"), "{text}");
    assert!(
        text.contains("〔不采纳：借调系临时安排〕 混岗混编"),
        "{text}"
    );
}

#[test]
fn summary_screen() {
    let mut h = Harness::demo();
    h.cmd(Cmd::Summary);
    let text = snap_both("summary", &h.model);
    assert!(text.contains("县安监局"), "{text}");
    // 县安监局: 核定 12+8+2+0 = 22, 实有 14+8+2+0 = 24, no finding
    // recorded, three automatic ones to decide.
    assert!(text.contains("22    24     0      3"), "{text}");
}

/// A demo HQ elsewhere with a fixed device label, and its plan for 第一组:
/// the plan's file and HQ's fingerprint.
fn hq_plan(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let hq_dir = dir.join("hq");
    std::fs::create_dir_all(&hq_dir).unwrap();
    std::fs::write(
        hq_dir.join("device.json"),
        r#"{"id": "0190e1c4-3a00-7000-8000-0000000000a0", "label": "考核委电脑"}"#,
    )
    .unwrap();
    let hq = Workspace::open(&hq_dir, Some("考核委".into())).unwrap();
    kaocha::app::demo::seed(&hq.store).unwrap();
    let plan = dir.join("plan-第一组.json");
    kaocha::sync::export::plan(&hq.store, &hq.author.person, "t1", &plan).unwrap();
    let fp = kaocha::sync::keys::DeviceKey::load_or_create(&hq_dir)
        .unwrap()
        .fingerprint();
    (plan, fp)
}

#[test]
fn popup_confirm_hq_fingerprint_then_import() {
    let mut h = Harness::empty();
    let elsewhere = tempfile::tempdir().unwrap();
    let (plan, fp) = hq_plan(elsewhere.path());
    h.effect(Effect::Import {
        path: plan.display().to_string(),
        trust: None,
        team: None,
        switch_team: false,
    });
    assert!(
        matches!(&h.model.popup, Some(Popup::Confirm { .. })),
        "{:?}",
        h.model.popup
    );
    let text = snap_both("popup_confirm_hq", &h.model);
    assert!(text.contains(&fp.replace('-', " ")), "{text}");
    assert!(text.contains("考核委电脑"), "{text}");
    // Nothing was imported before the operator confirmed.
    assert!(h.app.ws.campaign().is_err());
    h.cmd(Cmd::Enter);
    let c = h.app.ws.campaign().expect("the plan's campaign");
    assert_eq!(c.units.len(), 2);
    let pin = kaocha::sync::trust::pinned_hq(&h.app.ws.store, &c.id)
        .unwrap()
        .expect("HQ pinned");
    assert_eq!(pin.fingerprint, fp);
}
