//! One entry as a printable page (记录全文): a heading, the unit, the form,
//! the status, who changed it last and when, HQ's review, then every
//! section of the form in order with each item that applies and its
//! answer in the form's own words, repeat tables as tables. Markdown, HTML
//! and Word (`word::entry`) are written from the same page, and the TUI
//! shows its lines.

use serde_json::Value;

use super::Cell;
use crate::domain::{Baseline, Entry};
use crate::form::display::{record_text, status_text, time_text};
use crate::form::eval::Answers;
use crate::form::{Form, ItemType};
use crate::i18n;

/// An entry laid out as a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The form's title and the entry's (《调查登记表》东阿县安全生产监督管理局).
    pub title: String,
    /// Label and value: unit, form, status, last change, review.
    pub facts: Vec<(String, String)>,
    pub sections: Vec<PageSection>,
}

/// A section of the form on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSection {
    pub title: String,
    pub parts: Vec<Part>,
}

/// An item on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// An item and its answer (— when unanswered); text keeps its lines.
    Field { label: String, value: String },
    /// A repeat table: its label, its columns, one row per row.
    Table {
        label: String,
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
}

/// The page of `entry`, filled in `form`, of the unit named `unit`.
pub fn page(
    form: &Form,
    entry: &Entry,
    baseline: &Baseline,
    unit: &str,
    review: Option<&str>,
) -> Page {
    let answers = Answers::new(form, &entry.answers, baseline);
    let mut facts = vec![
        (i18n::rep_col_unit(), unit.to_string()),
        (i18n::pg_form(), form.def.title.clone()),
        (i18n::pg_status(), status_text(entry.status)),
        (
            i18n::pg_changed(),
            i18n::pg_changed_by(&entry.updated_by.person, &time_text(&entry.updated_at)),
        ),
    ];
    if let Some(r) = review {
        facts.push((i18n::pg_review(), r.to_string()));
    }
    let sections = form
        .def
        .sections
        .iter()
        .map(|s| PageSection {
            title: s.title.clone(),
            parts: s
                .items
                .iter()
                .filter(|i| i.kind != ItemType::Note && answers.is_relevant(i, None))
                .map(|item| match item.kind {
                    ItemType::Repeat => {
                        let children: Vec<_> = item
                            .children()
                            .iter()
                            .filter(|c| c.kind != ItemType::Note)
                            .collect();
                        Part::Table {
                            label: item.label.clone(),
                            header: children.iter().map(|c| c.label.clone()).collect(),
                            rows: answers
                                .rows(&item.id)
                                .iter()
                                .map(|row| {
                                    children
                                        .iter()
                                        .map(|c| {
                                            Cell::Text(shown(c, &answers.value(&c.id, Some(row))))
                                        })
                                        .collect()
                                })
                                .collect(),
                        }
                    }
                    _ => Part::Field {
                        label: item.label.clone(),
                        value: shown(item, &answers.value(&item.id, None)),
                    },
                })
                .collect(),
        })
        .filter(|s| !s.parts.is_empty())
        .collect();
    Page {
        title: i18n::pg_title(
            &form.def.title,
            &crate::form::display::entry_title(form, entry),
        ),
        facts,
        sections,
    }
}

/// An answer as the page prints it: the form's words, never a control
/// character (a line break stays).
fn shown(item: &crate::form::Item, value: &Value) -> String {
    let text = match value {
        Value::Null => "—".to_string(),
        Value::String(s) if s.trim().is_empty() => "—".to_string(),
        v => record_text(item, v),
    };
    text.chars()
        .filter(|c| *c == '\n' || !crate::domain::ids::is_control(*c))
        .collect()
}

/// The page as lines of text (the TUI's page view; a table row per line).
pub fn lines(page: &Page) -> Vec<String> {
    let mut out = vec![page.title.clone(), String::new()];
    for (label, value) in &page.facts {
        out.push(format!("{label}：{value}"));
    }
    for s in &page.sections {
        out.push(String::new());
        out.push(format!("【{}】", s.title));
        for p in &s.parts {
            match p {
                Part::Field { label, value } => {
                    let mut values = value.lines();
                    out.push(format!("{label}：{}", values.next().unwrap_or_default()));
                    out.extend(values.map(|l| format!("    {l}")));
                }
                Part::Table {
                    label,
                    header,
                    rows,
                } => {
                    out.push(format!("{label}：{}", i18n::ui_rows_count(rows.len())));
                    for (n, row) in rows.iter().enumerate() {
                        let cells: Vec<String> = header
                            .iter()
                            .zip(row)
                            .map(|(h, c)| format!("{h} {}", c.display().replace('\n', " ")))
                            .collect();
                        out.push(format!("  {}. {}", n + 1, cells.join("；")));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_prints_without_control_characters_but_keeps_its_lines() {
        let forms = crate::form::builtin::forms().unwrap();
        let reg = forms
            .iter()
            .find(|f| f.def.id == "jgbz.registration")
            .unwrap();
        let item = reg.item("unit_name").unwrap();
        let value = Value::from("县\u{1b}[2J审计局\n第二行\u{7}");
        assert_eq!(shown(item, &value), "县[2J审计局\n第二行");
        assert_eq!(shown(item, &Value::from("  ")), "—");
        assert_eq!(shown(item, &Value::Null), "—");
    }
}
