//! Which long answers get a `[HH:MM]` stamp per paragraph: an interview's
//! questions do, its summary and a meeting's 考核组意见 (`"stamped": false`)
//! do not; `forms check` refuses `stamped` where it means nothing. And the
//! interview's guidance note shows where it stands, not under every
//! question.

mod common;

use common::harness::{Harness, buffer_text, draw};
use common::output;
use kaocha::form::{Item, Problem};
use kaocha::tui::action::{Cmd, Effect};
use kaocha::tui::model::Field;

/// A new entry of `form` for 县安监局, on the form screen.
fn new_entry(form: &str) -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: form.into(),
    });
    assert_eq!(h.form().form.def.id, form);
    h
}

/// The lines in the current item's editor.
fn editor_lines(h: &Harness) -> Vec<String> {
    match &h.form().field {
        Field::Text { input, .. } => input.lines().to_vec(),
        _ => panic!("no text editor here"),
    }
}

/// Types two paragraphs into `item` and gives back the editor's lines.
fn two_paragraphs(h: &mut Harness, item: &str) -> Vec<String> {
    h.goto_item(item, None);
    h.type_text("第一段");
    h.cmd(Cmd::Enter);
    h.type_text("第二段");
    editor_lines(h)
}

#[test]
fn an_interview_question_is_stamped_and_its_summary_is_not() {
    let mut h = new_entry("jgbz.interview");
    assert_eq!(
        two_paragraphs(&mut h, "q4"),
        ["[10:32] 第一段", "[10:32] 第二段"]
    );
    h.cmd(Cmd::Save);
    assert_eq!(two_paragraphs(&mut h, "summary"), ["第一段", "第二段"]);
}

#[test]
fn a_meetings_team_opinion_and_issues_are_not_stamped() {
    let mut h = new_entry("jgbz.symposium");
    assert_eq!(two_paragraphs(&mut h, "issues"), ["第一段", "第二段"]);
    h.cmd(Cmd::Save);
    assert_eq!(two_paragraphs(&mut h, "team_opinion"), ["第一段", "第二段"]);
}

#[test]
fn stamped_true_opts_in_and_false_out_whatever_the_form() {
    let item = |stamped: &str| -> Item {
        serde_json::from_str(&format!(
            r#"{{"id": "a", "type": "text", "label": "意见", "multiline": true {stamped}}}"#
        ))
        .unwrap()
    };
    assert!(item("").is_stamped(true));
    assert!(!item("").is_stamped(false));
    assert!(item(r#", "stamped": true"#).is_stamped(false));
    assert!(!item(r#", "stamped": false"#).is_stamped(true));
}

/// The interview form's text with `from` replaced by `to`.
fn interview_with(from: &str, to: &str) -> String {
    let source = kaocha::form::builtin::SOURCES
        .iter()
        .find(|(name, _)| name.ends_with("jgbz.interview.json"))
        .map(|(_, text)| *text)
        .unwrap();
    assert!(source.contains(from), "{from}");
    source.replacen(from, to, 1)
}

#[test]
fn stamped_is_refused_on_a_choice_and_on_a_single_line_text() {
    // A choice item.
    let text = interview_with(
        "\"label\": \"类别\",",
        "\"label\": \"类别\", \"stamped\": false,",
    );
    let errors = kaocha::form::load_form("x.json", &text).unwrap_err();
    assert!(
        errors.iter().any(|e| e.item.as_deref() == Some("category")
            && matches!(e.problem, Problem::KeyNotForType { key: "stamped", .. })),
        "{errors:?}"
    );
    // A one-line text.
    let text = interview_with(
        "\"label\": \"地点\"",
        "\"label\": \"地点\", \"stamped\": true",
    );
    let errors = kaocha::form::load_form("x.json", &text).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.item.as_deref() == Some("place") && e.problem == Problem::StampedSingleLine),
        "{errors:?}"
    );
    // The same through `kaocha forms check DIR`.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jgbz.interview.json"), &text).unwrap();
    let out = output(
        std::process::Command::new(env!("CARGO_BIN_EXE_kaocha"))
            .args(["forms", "check"])
            .arg(dir.path())
            .env("KAOCHA_LANG", "zh")
            .env_remove("KAOCHA_DATA_DIR"),
    );
    assert_ne!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("项目 place： stamped 只用于多行文本项目"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_guidance_note_shows_before_the_first_question_only() {
    let mut h = new_entry("jgbz.interview");
    let count = |h: &Harness| {
        let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
        text.matches("i 访谈前说明来意").count()
    };
    h.goto_item("q1", None);
    // The outline's line, and the note above the first question.
    assert_eq!(count(&h), 2);
    for q in ["q2", "q4", "q8"] {
        h.goto_item(q, None);
        assert_eq!(count(&h), 1, "{q}: the note is only in the outline");
    }
}
