//! A form's words in the UI language: the one place that picks a form's
//! English text (`title_en`, `label_en`, `hint_en`, …) when the UI is
//! English, and its own (Chinese) text otherwise or where the English is
//! missing. Stored answers never change with the language: they keep the
//! option values, and rules match values or the Chinese category labels.

use super::schema::{Choice, FormDef, Item, ItemType, Section};
use crate::domain::ids::{MAX_LABEL_CHARS, is_control, is_control_in_text};
use crate::i18n::{self, Lang};

/// Longest English label, hint, description or message (a note's label
/// is a paragraph); titles, option and step labels and units are names and
/// get `MAX_LABEL_CHARS`.
const MAX_EN_TEXT_CHARS: usize = 1000;

/// `en` when the UI is English and the form has it, else `zh`.
fn pick<'a>(zh: &'a str, en: Option<&'a str>) -> &'a str {
    match (i18n::lang(), en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en,
        _ => zh,
    }
}

impl FormDef {
    /// The form's title in the UI language.
    pub fn ui_title(&self) -> &str {
        pick(&self.title, self.title_en.as_deref())
    }

    /// The form's description in the UI language.
    pub fn ui_description(&self) -> Option<&str> {
        let zh = self.description.as_deref()?;
        Some(pick(zh, self.description_en.as_deref()))
    }
}

impl Section {
    /// The section's title in the UI language.
    pub fn ui_title(&self) -> &str {
        pick(&self.title, self.title_en.as_deref())
    }
}

impl Choice {
    /// The option's label in the UI language.
    pub fn ui_label(&self) -> &str {
        pick(&self.label, self.label_en.as_deref())
    }
}

impl Item {
    /// The item's label in the UI language.
    pub fn ui_label(&self) -> &str {
        pick(&self.label, self.label_en.as_deref())
    }

    /// The item's hint in the UI language.
    pub fn ui_hint(&self) -> Option<&str> {
        let zh = self.hint.as_deref()?;
        Some(pick(zh, self.hint_en.as_deref()))
    }

    /// The unit of a number (人, 个) in the UI language.
    pub fn ui_unit(&self) -> Option<&str> {
        let zh = self.unit.as_deref()?;
        Some(pick(zh, self.unit_en.as_deref()))
    }

    /// What a refused constraint says, in the UI language.
    pub fn ui_constraint_message(&self) -> Option<&str> {
        let zh = self.constraint_message.as_deref()?;
        Some(pick(zh, self.constraint_message_en.as_deref()))
    }

    /// The label of a scale's `n`-th step (0 for the lowest), in the UI
    /// language; the English labels are used only when there is one for
    /// every step.
    pub fn ui_step_label(&self, n: usize) -> Option<&str> {
        let zh = self.labels.as_ref()?.get(n)?;
        let en = self
            .labels_en
            .as_ref()
            .filter(|en| Some(en.len()) == self.labels.as_ref().map(Vec::len))
            .and_then(|en| en.get(n));
        Some(pick(zh, en.map(String::as_str)))
    }

    /// The label of option `value` in the UI language, if it is one.
    pub fn ui_choice_label(&self, value: &str) -> Option<&str> {
        self.choices()
            .iter()
            .find(|c| c.value == value)
            .map(Choice::ui_label)
    }
}

/// What is wrong with a text of a form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TextFault {
    Empty,
    Control,
    TooLong(usize),
}

/// A problem of a form's English texts.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum EnglishProblem {
    /// `key` is blank, holds a control character or is too long.
    Text { key: String, fault: TextFault },
    /// A scale's `labels_en` do not match its `labels` one to one.
    StepCount,
}

/// What is wrong with the English texts of a form: each problem with the
/// item it is in (none for the form's and the sections' own).
pub(super) fn english_problems(def: &FormDef) -> Vec<(Option<String>, EnglishProblem)> {
    let mut out = Vec::new();
    let mut check = |item: Option<&str>, key: String, text: Option<&str>, long: bool| {
        if let Some(fault) = text.and_then(|t| text_fault(t, long)) {
            out.push((
                item.map(str::to_string),
                EnglishProblem::Text { key, fault },
            ));
        }
    };
    check(None, "title_en".into(), def.title_en.as_deref(), false);
    check(
        None,
        "description_en".into(),
        def.description_en.as_deref(),
        true,
    );
    for section in &def.sections {
        let key = format!("{}.title_en", section.id);
        check(None, key, section.title_en.as_deref(), false);
    }
    for item in def.all_items() {
        let id = Some(item.id.as_str());
        check(id, "label_en".into(), item.label_en.as_deref(), true);
        check(id, "hint_en".into(), item.hint_en.as_deref(), true);
        check(id, "unit_en".into(), item.unit_en.as_deref(), false);
        let message = item.constraint_message_en.as_deref();
        check(id, "constraint_message_en".into(), message, true);
        for c in item.choices() {
            let key = format!("options[{}].label_en", c.value);
            check(id, key, c.label_en.as_deref(), false);
        }
        for (n, l) in item.labels_en.iter().flatten().enumerate() {
            check(id, format!("labels_en[{n}]"), Some(l), false);
        }
    }
    for item in def.all_items().filter(|i| i.kind == ItemType::Scale) {
        if let Some(en) = &item.labels_en
            && Some(en.len()) != item.labels.as_ref().map(Vec::len)
        {
            out.push((Some(item.id.clone()), EnglishProblem::StepCount));
        }
    }
    out
}

/// Why an English text is refused: blank, a control character (line
/// breaks allowed in `long` texts), or too long.
fn text_fault(text: &str, long: bool) -> Option<TextFault> {
    let max = if long {
        MAX_EN_TEXT_CHARS
    } else {
        MAX_LABEL_CHARS
    };
    if text.trim().is_empty() {
        Some(TextFault::Empty)
    } else if text.chars().any(|c| {
        if long {
            is_control_in_text(c)
        } else {
            is_control(c)
        }
    }) {
        Some(TextFault::Control)
    } else if text.chars().count() > max {
        Some(TextFault::TooLong(max))
    } else {
        None
    }
}
