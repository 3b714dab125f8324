//! Digests of interviews and symposia for reports: each answered item as a
//! label and a text, each repeat row (a remark, an attendee) as one line.

use serde::Serialize;
use serde_json::Value;

use crate::domain::{Baseline, Entry, Status};
use crate::form::display::{entry_title, record_text};
use crate::form::eval::Answers;
use crate::form::{Form, FormKind, Item, ItemType};

/// One entry in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub entry: String,
    pub form: String,
    pub form_title: String,
    pub kind: FormKind,
    /// What names the entry (the interviewee, the topic).
    pub title: String,
    pub status: Status,
    pub lines: Vec<DigestLine>,
}

/// One answered item or one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestLine {
    pub label: String,
    pub text: String,
}

/// The digest of one entry.
pub fn digest(form: &Form, entry: &Entry, baseline: &Baseline) -> Digest {
    let answers = Answers::new(form, &entry.answers, baseline);
    let mut lines = Vec::new();
    for item in form.def.sections.iter().flat_map(|s| s.items.iter()) {
        if !answers.is_relevant(item, None) {
            continue;
        }
        match item.kind {
            ItemType::Note | ItemType::Calc => {}
            ItemType::Repeat => {
                for row in answers.rows(&item.id) {
                    if let Some(line) = row_line(item, &answers, &row) {
                        lines.push(line);
                    }
                }
            }
            _ => {
                if let Some(v) = entry.answers.get(&item.id)
                    && !is_blank(v)
                {
                    lines.push(DigestLine {
                        label: item.label.clone(),
                        text: record_text(item, v),
                    });
                }
            }
        }
    }
    Digest {
        entry: entry.id.clone(),
        form: form.def.id.clone(),
        form_title: form.def.title.clone(),
        kind: form.def.kind,
        title: entry_title(form, entry),
        status: entry.status,
        lines,
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A row: with a long text (a remark), the short texts name it and the long
/// text (with its ticked tags) is the line; otherwise every answer, joined.
fn row_line(repeat: &Item, answers: &Answers, row: &str) -> Option<DigestLine> {
    let mut short = Vec::new();
    let mut long = Vec::new();
    let mut tags = Vec::new();
    let mut all = Vec::new();
    for child in repeat.children() {
        let v = answers.value(&child.id, Some(row));
        if is_blank(&v) || matches!(child.kind, ItemType::Time | ItemType::Date) {
            continue;
        }
        let text = record_text(child, &v);
        match child.kind {
            ItemType::Text if child.is_multiline() => long.push(text.clone()),
            ItemType::Text => short.push(text.clone()),
            ItemType::Multi => tags.push(text.clone()),
            _ => {}
        }
        all.push(text);
    }
    if all.is_empty() {
        return None;
    }
    if long.is_empty() {
        return Some(DigestLine {
            label: repeat.label.clone(),
            text: all.join(" · "),
        });
    }
    let mut text = long.join(" ");
    if !tags.is_empty() {
        text.push_str(&format!(" 〔{}〕", tags.join("；")));
    }
    let label = if short.is_empty() {
        repeat.label.clone()
    } else {
        short.join(" · ")
    };
    Some(DigestLine { label, text })
}
