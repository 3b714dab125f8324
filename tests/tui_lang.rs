//! `--lang en` inside forms: with English on, the form screen shows the
//! forms' English titles, labels, hints and options (falling back to the
//! form's own text where it has none), the key bar keeps a space between
//! key and word, and Chinese stays the default. Every built-in form has
//! English for everything it shows.
//!
//! The UI language is one setting of the process: the tests here take a
//! lock, and those that switch to English switch back when they end (even
//! by a panic).

mod common;

use std::sync::{Mutex, MutexGuard};

use common::harness::{Harness, buffer_text, draw};
use kaocha::form::display::{record_text, value_text};
use kaocha::form::{Item, Problem, TextFault};
use kaocha::i18n::{self, Lang};
use kaocha::tui::action::Effect;
use kaocha::tui::model::Model;

static LANG_LOCK: Mutex<()> = Mutex::new(());

/// The lock, and the language set to `lang` until the guard drops.
struct LangGuard {
    _lock: MutexGuard<'static, ()>,
}

impl LangGuard {
    fn set(lang: Option<Lang>) -> LangGuard {
        let lock = LANG_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(lang) = lang {
            i18n::set_lang(lang);
        }
        LangGuard { _lock: lock }
    }
}

impl Drop for LangGuard {
    fn drop(&mut self) {
        i18n::set_lang(Lang::Zh);
    }
}

fn screen(model: &Model) -> String {
    buffer_text(draw(model, 80, 24).backend().buffer())
}

fn key_bar(text: &str) -> String {
    text.lines().last().unwrap_or_default().to_string()
}

#[test]
fn an_english_registration_shows_english_sections_labels_and_options() {
    let _en = LangGuard::set(Some(Lang::En));
    let mut h = Harness::demo();
    h.open_ajj_registration();
    let text = screen(&h.model);
    // The breadcrumb and the outline: the form's title, section and labels.
    assert!(text.contains("Evaluation registration form"), "{text}");
    assert!(text.contains("— Basics —"), "{text}");
    assert!(text.contains("Unit name"), "{text}");
    assert!(!text.contains("单位名称"), "{text}");
    assert!(!text.contains("基本情况"), "{text}");
    // The answer of a choice reads as its English option.
    h.goto_item("level", None);
    let text = screen(&h.model);
    for option in ["Division", "Deputy division", "Deputy section"] {
        assert!(text.contains(option), "{option}:\n{text}");
    }
    assert!(!text.contains("正处级"), "{text}");
    assert!(!text.contains("机构规格"), "{text}");
    // The hint of an item.
    h.goto_item("sanding_doc", None);
    let text = screen(&h.model);
    assert!(
        text.contains("Add the numbers of later approvals"),
        "{text}"
    );
    // Key and word apart.
    let bar = key_bar(&text);
    assert!(bar.starts_with("Tab next item Esc back F1 help"), "{bar}");
    // A number's unit.
    h.goto_item("admin_actual", None);
    let text = screen(&h.model);
    assert!(text.contains(" people "), "{text}");
    assert!(!text.contains(" 人 "), "{text}");
}

#[test]
fn an_english_interview_shows_english_questions_scale_and_notes() {
    let _en = LangGuard::set(Some(Lang::En));
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "jgbz.interview".into(),
    });
    h.goto_item("category", None);
    let text = screen(&h.model);
    assert!(text.contains("— Interview —"), "{text}");
    assert!(text.contains("Section head"), "{text}");
    assert!(!text.contains("科室负责人"), "{text}");
    h.goto_item("q1", None);
    let text = screen(&h.model);
    assert!(text.contains("— Questions —"), "{text}");
    assert!(text.contains("Explain the purpose first"), "{text}");
    assert!(!text.contains("访谈提纲"), "{text}");
    assert!(!text.contains("三定”规定的主要职责"), "{text}");
    h.goto_item("q9", None);
    let text = screen(&h.model);
    assert!(text.contains("1 Very good"), "{text}");
    assert!(!text.contains("很了解"), "{text}");
}

/// Whatever a form does not say in English reads in its own words.
#[test]
fn english_falls_back_to_the_forms_own_words() {
    let _en = LangGuard::set(Some(Lang::En));
    let item: Item = serde_json::from_value(serde_json::json!({
        "id": "q", "type": "scale", "label": "了解程度", "hint": "由访谈人判断",
        "min": 1, "max": 2, "labels": ["了解", "不了解"], "labels_en": ["Well"]
    }))
    .unwrap();
    assert_eq!(item.ui_label(), "了解程度");
    assert_eq!(item.ui_hint(), Some("由访谈人判断"));
    // English for some steps only is no English.
    assert_eq!(item.ui_step_label(1), Some("不了解"));
    assert_eq!(value_text(&item, &serde_json::json!(1)), "1 了解");
    let choice: Item = serde_json::from_value(serde_json::json!({
        "id": "c", "type": "choice", "label": "类别", "label_en": " ",
        "options": [{"value": "a", "label": "甲", "label_en": "A"}, {"value": "b", "label": "乙"}]
    }))
    .unwrap();
    assert_eq!(
        choice.ui_label(),
        "类别",
        "a blank English label falls back"
    );
    assert_eq!(value_text(&choice, &serde_json::json!("a")), "A");
    assert_eq!(value_text(&choice, &serde_json::json!("b")), "乙");
    // Reports and the search index keep the form's own words.
    assert_eq!(record_text(&choice, &serde_json::json!("a")), "甲");
}

#[test]
fn chinese_stays_the_default() {
    // Whatever ran before, no one set the language here.
    let _zh = LangGuard::set(None);
    assert_eq!(i18n::lang(), Lang::Zh);
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("level", None);
    let text = screen(&h.model);
    assert!(text.contains("— 基本情况 —"), "{text}");
    assert!(text.contains("正处级"), "{text}");
    assert!(!text.contains("Division"), "{text}");
    let bar = key_bar(&text);
    assert!(bar.starts_with("Tab 下一项 Esc 返回 F1 帮助"), "{bar}");
}

#[test]
fn snapshot_of_the_english_form_screen() {
    let _en = LangGuard::set(Some(Lang::En));
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("level", None);
    let text = screen(&h.model);
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix("80x24");
    settings.bind(|| insta::assert_snapshot!("form_choice_en", text));
}

/// A form item, its options and scale steps, all with English; the fields
/// named in what is missing.
fn missing_english(item: &Item, out: &mut Vec<String>) {
    let mut need = |has: bool, what: &str| {
        if !has {
            out.push(format!("{} {what}", item.id));
        }
    };
    need(item.label_en.is_some(), "label_en");
    need(item.hint.is_none() || item.hint_en.is_some(), "hint_en");
    need(item.unit.is_none() || item.unit_en.is_some(), "unit_en");
    need(
        item.constraint_message.is_none() || item.constraint_message_en.is_some(),
        "constraint_message_en",
    );
    need(
        item.labels.as_ref().map(Vec::len) == item.labels_en.as_ref().map(Vec::len),
        "labels_en",
    );
    for c in item.choices() {
        need(
            c.label_en.is_some(),
            &format!("options[{}].label_en", c.value),
        );
    }
}

#[test]
fn every_builtin_form_has_english_for_everything_it_shows() {
    let forms = kaocha::form::builtin::forms().unwrap();
    // Every form file of the repository is built in, under its file's name
    // (`rules.json` holds the finding rules, not a form).
    let on_disk: std::collections::BTreeSet<String> = std::fs::read_dir("forms")
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "rules")
        .collect();
    let built_in: std::collections::BTreeSet<String> =
        forms.iter().map(|f| f.id().to_string()).collect();
    assert_eq!(built_in, on_disk);
    let mut missing = Vec::new();
    for f in &forms {
        if f.def.title_en.is_none() {
            missing.push(format!("{} title_en", f.id()));
        }
        if f.def.description_en.is_none() {
            missing.push(format!("{} description_en", f.id()));
        }
        for s in &f.def.sections {
            if s.title_en.is_none() {
                missing.push(format!("{} section {} title_en", f.id(), s.id));
            }
        }
        for item in f.def.all_items() {
            let mut of_item = Vec::new();
            missing_english(item, &mut of_item);
            missing.extend(of_item.into_iter().map(|m| format!("{} {m}", f.id())));
        }
    }
    assert!(
        missing.is_empty(),
        "no English for:\n{}",
        missing.join("\n")
    );
}

/// `forms check` refuses English text that could not be shown.
#[test]
fn forms_check_refuses_bad_english_text() {
    let source = kaocha::form::builtin::SOURCES
        .iter()
        .find(|(name, _)| name.ends_with("jgbz.interview.json"))
        .map(|(_, text)| *text)
        .unwrap();
    let fault = |from: &str, to: &str| {
        assert!(source.contains(from), "{from}");
        let errors = kaocha::form::load_form("x.json", &source.replacen(from, to, 1))
            .expect_err("a bad English text is refused");
        errors
            .into_iter()
            .find_map(|e| match e.problem {
                Problem::BadText { key, fault } => Some((e.item, key, fault)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no BadText for {to}"))
    };
    let (item, key, f) = fault(
        "\"label_en\": \"Interviewee\"",
        "\"label_en\": \"Inter\\u001b[31mviewee\"",
    );
    assert_eq!(
        (item.as_deref(), key.as_str(), f),
        (Some("interviewee"), "label_en", TextFault::Control)
    );
    let long = "x".repeat(201);
    let (_, key, f) = fault(
        "\"label_en\": \"Leadership\"",
        &format!("\"label_en\": \"{long}\""),
    );
    assert_eq!(
        (key.as_str(), f),
        ("options[leader].label_en", TextFault::TooLong(200))
    );
    let (_, key, f) = fault("\"title_en\": \"Interview\"", "\"title_en\": \"  \"");
    assert_eq!((key.as_str(), f), ("s_header.title_en", TextFault::Empty));
    // Scale labels one for one.
    let errors = kaocha::form::load_form("x.json", &source.replacen("\"Very good\",", "", 1))
        .expect_err("four English labels for five steps");
    assert!(
        errors.iter().any(|e| e.problem == Problem::BadLabelsEn),
        "{errors:?}"
    );
}
