//! The form outline: which lines the form screen lists (sections, relevant
//! items, repeat rows and their items, "add row"), and the editor each
//! item starts with.

use std::collections::BTreeMap;

use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use serde_json::Value;

use super::super::model::{Field, Row};
use crate::domain::Baseline;
use crate::form::eval::Answers;
use crate::form::path::row_item_path;
use crate::form::{Form, ItemType};

/// The outline of a form for the given answers: hidden items left out.
pub fn outline(form: &Form, answers: &BTreeMap<String, Value>, baseline: &Baseline) -> Vec<Row> {
    let view = Answers::new(form, answers, baseline);
    let mut rows = Vec::new();
    for section in &form.def.sections {
        let start = rows.len();
        for item in &section.items {
            if !view.is_relevant(item, None) {
                continue;
            }
            if matches!(item.kind, ItemType::Calc | ItemType::Note) {
                rows.push(Row::Show {
                    id: item.id.clone(),
                    row: None,
                });
                continue;
            }
            if item.kind != ItemType::Repeat {
                rows.push(Row::Item {
                    id: item.id.clone(),
                    row: None,
                    path: item.id.clone(),
                });
                continue;
            }
            rows.push(Row::RepeatHead {
                id: item.id.clone(),
            });
            for (n, row) in view.rows(&item.id).into_iter().enumerate() {
                rows.push(Row::RowHead {
                    repeat: item.id.clone(),
                    row: row.clone(),
                    n: n + 1,
                });
                for child in item.children() {
                    if !view.is_relevant(child, Some(&row)) {
                        continue;
                    }
                    if matches!(child.kind, ItemType::Calc | ItemType::Note) {
                        rows.push(Row::Show {
                            id: child.id.clone(),
                            row: Some(row.clone()),
                        });
                    } else {
                        rows.push(Row::Item {
                            id: child.id.clone(),
                            row: Some(row.clone()),
                            path: row_item_path(&item.id, &row, &child.id),
                        });
                    }
                }
            }
            rows.push(Row::AddRow {
                repeat: item.id.clone(),
            });
        }
        if rows.len() > start {
            rows.insert(start, Row::Section(section.ui_title().to_string()));
        }
    }
    rows
}

/// Whether the cursor may rest on a line.
pub fn selectable(row: &Row) -> bool {
    !matches!(
        row,
        Row::Section(_) | Row::RepeatHead { .. } | Row::Show { .. }
    )
}

/// The text an item's value is edited as.
pub fn input_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// A text editor holding `text`, the cursor at its end; long text wraps.
/// The terminal's own cursor marks the insertion point (for the IME), so
/// the editor draws none.
pub fn text_area(text: &str, multiline: bool) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_string).collect()
    };
    let mut input = TextArea::new(lines);
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.set_cursor_style(ratatui::style::Style::default());
    input.set_wrap_mode(if multiline {
        WrapMode::WordOrGlyph
    } else {
        WrapMode::None
    });
    input.move_cursor(CursorMove::Bottom);
    input.move_cursor(CursorMove::End);
    input
}

/// The editor an outline line starts with.
pub fn field_for(form: &Form, answers: &BTreeMap<String, Value>, row: Option<&Row>) -> Field {
    let Some(Row::Item { id, path, .. }) = row else {
        return Field::None;
    };
    let Some(item) = form.item(id) else {
        return Field::None;
    };
    let value = answers.get(path);
    match item.kind {
        ItemType::Text
        | ItemType::Integer
        | ItemType::Decimal
        | ItemType::Date
        | ItemType::Time
        | ItemType::Score => Field::Text {
            input: Box::new(text_area(&input_text(value), item.is_multiline())),
            dirty: false,
            fresh: true,
        },
        ItemType::Choice => {
            let highlight = value
                .and_then(Value::as_str)
                .and_then(|v| item.choices().iter().position(|c| c.value == v))
                .unwrap_or(0);
            Field::Pick {
                highlight,
                typed: None,
            }
        }
        ItemType::Yesno => Field::Pick {
            highlight: usize::from(value == Some(&Value::Bool(false))),
            typed: None,
        },
        ItemType::Scale => {
            let lo = *item.scale_values().start() as f64;
            let highlight = value
                .and_then(Value::as_f64)
                .map_or(0, |v| (v - lo).max(0.0) as usize);
            Field::Pick {
                highlight,
                typed: None,
            }
        }
        ItemType::Multi => {
            let chosen = value
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            Field::Multi {
                chosen,
                highlight: 0,
                dirty: false,
            }
        }
        // Attachments are added with `kaocha entry attach` for now.
        ItemType::Calc | ItemType::Repeat | ItemType::Note | ItemType::Photo | ItemType::File => {
            Field::None
        }
    }
}

/// How many options a pick field offers, and the text that chooses the
/// `n`-th (0-based) for `validate::parse_input`.
pub fn pick_options(form: &Form, id: &str) -> Vec<String> {
    let Some(item) = form.item(id) else {
        return vec![];
    };
    match item.kind {
        ItemType::Choice => item.choices().iter().map(|c| c.value.clone()).collect(),
        // Input for the parser, never shown: the screen shows 是/否 (or
        // Yes/No) through `i18n::yes_no`.
        ItemType::Yesno => vec!["yes".into(), "no".into()],
        ItemType::Scale => item.scale_values().map(|v| v.to_string()).collect(),
        _ => vec![],
    }
}

/// The index of the first selectable line at or after `from` (or before it
/// when `forward` is false).
pub fn next_selectable(rows: &[Row], from: usize, forward: bool) -> Option<usize> {
    if forward {
        (from..rows.len()).find(|&i| rows.get(i).is_some_and(selectable))
    } else {
        (0..=from.min(rows.len().saturating_sub(1)))
            .rev()
            .find(|&i| rows.get(i).is_some_and(selectable))
    }
}
