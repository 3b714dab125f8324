//! A form printed blank, for paper backup (`kaocha forms print`): every
//! section and item in order, each with its hint in small text and a space
//! to answer by hand: a bordered box for text and numbers, ☐ before each
//! option of a choice, blanks for a date or a time, an empty table with
//! the repeat's columns for a repeat. Word only.

use super::ReportError;
use super::docx::{BODY_FONT, Body, Word, run};
use crate::form::{Form, Item, ItemType};
use crate::i18n;

/// Box heights in twips: a line, a paragraph, a table row.
const LINE_H: u32 = 567;
const PARAGRAPH_H: u32 = 2268;
const ROW_H: u32 = 510;
/// Empty rows of a repeat table when its form asks for fewer.
const ROWS: u32 = 5;

/// Empty rows printed for a repeat: its minimum when larger than
/// `ROWS`, never more than its maximum.
fn rows_of(item: &Item) -> usize {
    let rows = item.min_rows.unwrap_or(0).max(ROWS);
    item.max_rows.map_or(rows, |max| rows.min(max.max(1))) as usize
}

/// A number as the form writes it (10, not 10.0).
fn number(n: f64) -> String {
    crate::analysis::number_text(n)
}

/// What the label says besides the item's words: required, how to answer.
fn label_line(item: &Item) -> String {
    let mut label = item.ui_label().to_string();
    if item.required {
        label.push_str(&i18n::blank_required());
    }
    match item.kind {
        ItemType::Choice | ItemType::Yesno | ItemType::Scale => label.push_str(&i18n::blank_one()),
        ItemType::Multi => label.push_str(&i18n::blank_any()),
        ItemType::Integer | ItemType::Decimal => {
            if let Some(unit) = item.ui_unit() {
                label.push_str(&i18n::blank_unit(unit));
            }
        }
        ItemType::Score => {
            if let (Some(lo), Some(hi)) = (item.min, item.max) {
                label.push_str(&i18n::blank_range(&number(lo), &number(hi)));
            }
        }
        ItemType::Repeat => {
            if let Some(min) = item.min_rows.filter(|m| *m > 0) {
                label.push_str(&i18n::blank_rows(min));
            }
        }
        _ => {}
    }
    label
}

/// The options of a choice as one line: `☐ 正科级　☐ 副科级 …`.
fn options(item: &Item) -> String {
    let labels: Vec<String> = match item.kind {
        ItemType::Yesno => vec![i18n::blank_yes(), i18n::blank_no()],
        ItemType::Scale => item
            .scale_values()
            .enumerate()
            .map(|(n, v)| match item.ui_step_label(n) {
                Some(l) => format!("{v} {l}"),
                None => v.to_string(),
            })
            .collect(),
        _ => item
            .choices()
            .iter()
            .map(|c| c.ui_label().to_string())
            .collect(),
    };
    labels
        .iter()
        .map(|l| format!("☐ {l}"))
        .collect::<Vec<_>>()
        .join("　　")
}

/// One item: its label, its hint, the space to answer.
fn item(w: &mut Word, item: &Item) {
    if item.kind == ItemType::Note {
        w.small(item.ui_label());
        return;
    }
    w.paragraph(
        docx_rs::Paragraph::new()
            .keep_next(true)
            .line_spacing(docx_rs::LineSpacing::new().before(120))
            .add_run(run(&label_line(item), BODY_FONT, 24).bold()),
    );
    if let Some(hint) = item.ui_hint() {
        w.small(hint);
    }
    match item.kind {
        ItemType::Text if item.is_multiline() => {
            w.answer_box(PARAGRAPH_H);
        }
        ItemType::Text | ItemType::Integer | ItemType::Decimal | ItemType::Score => {
            w.answer_box(LINE_H);
        }
        ItemType::Date => {
            w.para(&i18n::blank_date());
        }
        ItemType::Time => {
            w.para(&i18n::blank_time());
        }
        ItemType::Choice | ItemType::Multi | ItemType::Yesno | ItemType::Scale => {
            w.para(&options(item));
        }
        ItemType::Calc => {
            w.small(&i18n::blank_calc());
        }
        ItemType::Repeat => {
            let header: Vec<String> = item
                .children()
                .iter()
                .filter(|c| c.kind != ItemType::Note)
                .map(|c| c.ui_label().to_string())
                .collect();
            w.blank_table(&header, rows_of(item), ROW_H);
        }
        ItemType::Photo | ItemType::File => {
            w.small(&i18n::at_blank());
        }
        ItemType::Note => {}
    }
}

/// `form` as a blank paper form (.docx).
pub fn docx(form: &Form) -> Result<Vec<u8>, ReportError> {
    let mut w = Word::new(Body::Report);
    w.title(form.def.ui_title());
    w.meta(&i18n::blank_subtitle());
    if let Some(d) = form.def.ui_description() {
        w.small(d);
    }
    for section in &form.def.sections {
        w.heading(section.ui_title());
        for i in &section.items {
            item(&mut w, i);
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(id: &str) -> Form {
        crate::form::builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == id)
            .unwrap()
    }

    #[test]
    fn choices_are_boxes_and_repeats_get_empty_rows() {
        let reg = form("jgbz.registration");
        let level = reg
            .def
            .all_items()
            .find(|i| i.kind == ItemType::Choice)
            .unwrap();
        let line = options(level);
        assert_eq!(line.matches('☐').count(), level.choices().len(), "{line}");
        let bodies = reg
            .def
            .all_items()
            .find(|i| i.kind == ItemType::Repeat)
            .unwrap();
        assert!(rows_of(bodies) >= ROWS as usize);
    }
}
