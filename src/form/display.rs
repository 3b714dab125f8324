//! How answers, items, statuses and times read as text, for the command
//! line and the screens alike.

use serde_json::Value;

use crate::domain::{Entry, Status, attachment};
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::{Form, Item, ItemType};
use crate::i18n;

/// `2013-11-26 10:32` from an RFC 3339 time (as recorded, in its offset).
pub fn time_text(rfc3339: &str) -> String {
    match (rfc3339.get(0..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => rfc3339.to_string(),
    }
}

/// A value as the inspector reads it, in the UI language: option labels,
/// 是/否, units.
pub fn value_text(item: &Item, value: &Value) -> String {
    text_of(item, value, true)
}

/// A value in the form's own (Chinese) words whatever the UI language:
/// for reports, which are official documents, and the search index.
pub fn record_text(item: &Item, value: &Value) -> String {
    text_of(item, value, false)
}

fn text_of(item: &Item, value: &Value, ui: bool) -> String {
    let choice = |s: &str| {
        let label = if ui {
            item.ui_choice_label(s)
        } else {
            item.choice_label(s)
        };
        label.unwrap_or(s).to_string()
    };
    match (item.kind, value) {
        (_, Value::Null) => "—".into(),
        (ItemType::Photo | ItemType::File, v) => attachments_text(v),
        (ItemType::Choice, Value::String(s)) => choice(s),
        (ItemType::Multi, Value::Array(vs)) => vs
            .iter()
            .map(|v| choice(v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(if ui && i18n::lang() == i18n::Lang::En {
                ", "
            } else {
                "、"
            }),
        (_, Value::Bool(b)) => i18n::yes_no(*b),
        (ItemType::Scale, Value::Number(n)) => {
            let step = n
                .as_f64()
                .zip(item.min)
                .filter(|(v, lo)| v >= lo)
                .map(|(v, lo)| (v - lo) as usize);
            let label = step.and_then(|i| {
                if ui {
                    item.ui_step_label(i)
                } else {
                    item.labels.as_ref()?.get(i).map(String::as_str)
                }
            });
            match label {
                Some(l) => format!("{n} {l}"),
                None => n.to_string(),
            }
        }
        (_, Value::Number(n)) => {
            let unit = if ui {
                item.ui_unit()
            } else {
                item.unit.as_deref()
            };
            match unit {
                Some(u) => format!("{n} {u}"),
                None => n.to_string(),
            }
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// Attachments as people read them: `岗位牌.jpg（2.1 MB，拍摄于
/// 2013-11-26 10:32，“门口”）；…`. Names and captions are checked when
/// stored; control characters are dropped here again all the same.
pub fn attachments_text(value: &Value) -> String {
    let Some(list) = attachment::list(value) else {
        return crate::domain::ids::clean_label(&value.to_string());
    };
    let clean = crate::domain::ids::clean_label;
    list.iter()
        .map(|a| {
            let mut details = vec![attachment::size_text(a.size)];
            if let Some(t) = &a.taken_at {
                details.push(i18n::at_taken(&t.replacen('T', " ", 1)));
            }
            if let Some(g) = a.gps {
                details.push(i18n::at_gps(
                    &format!("{:.5}", g.lat),
                    &format!("{:.5}", g.lon),
                ));
            }
            if let Some(c) = a.caption.as_deref().filter(|c| !c.trim().is_empty()) {
                details.push(i18n::at_caption(&clean(c)));
            }
            i18n::at_item(&clean(&a.name), &details.join(&i18n::at_detail_sep()))
        })
        .collect::<Vec<_>>()
        .join(&i18n::at_sep())
}

/// An answer on one line, for the outline and the history: option labels,
/// 是/否, numbers and dates as typed, a long text's first line (`…` when
/// more follows); control characters dropped, tabs as spaces.
pub fn answer_line(item: &Item, value: &Value) -> String {
    let text = value_text(item, value);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = crate::domain::ids::clean_label(lines.next().unwrap_or_default());
    if lines.next().is_some() {
        format!("{first}…")
    } else {
        first
    }
}

/// One line about an item for `forms show`.
pub fn item_summary(item: &Item) -> String {
    let kind = format!("{:?}", item.kind).to_lowercase();
    let mut extra = Vec::new();
    if item.required {
        extra.push(i18n::required_mark());
    }
    if !item.choices().is_empty() {
        let opts: Vec<String> = item
            .choices()
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {}={}", i + 1, c.value, c.ui_label()))
            .collect();
        extra.push(opts.join(" "));
    }
    if let (Some(lo), Some(hi)) = (item.min, item.max) {
        extra.push(format!("{lo}–{hi}"));
    } else if let Some(hi) = item.max {
        extra.push(format!("≤ {hi}"));
    }
    if let Some(e) = &item.expr {
        extra.push(format!("= {e}"));
    }
    if let Some(p) = &item.prefill {
        extra.push(format!("← {p}"));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("  ({})", extra.join("; "))
    };
    format!("{:<24} [{kind}] {}{extra}", item.id, item.ui_label())
}

/// The word for a status.
pub fn status_text(status: Status) -> String {
    i18n::status(match status {
        Status::Draft => 0,
        Status::Final => 1,
        Status::Deleted => 2,
    })
}

/// What names an entry in a list: its `title_item` answer, else the first
/// text answer in form order, else the form title.
pub fn entry_title(form: &Form, entry: &Entry) -> String {
    let pick = |item: &Item| entry.answers.get(&item.id).map(|v| value_text(item, v));
    if form.def.anonymous {
        // No names in questionnaires: the answers, as option numbers.
        let digits: Vec<String> = form
            .def
            .all_items()
            .filter(|i| i.kind == ItemType::Choice)
            .map(|i| {
                let v = entry.answers.get(&i.id).and_then(Value::as_str);
                v.and_then(|v| i.choices().iter().position(|c| c.value == v))
                    .map_or("·".to_string(), |n| (n + 1).to_string())
            })
            .collect();
        return digits.join(" ");
    }
    if let Some(item) = form.def.title_item.as_deref().and_then(|t| form.item(t)) {
        return pick(item).unwrap_or_else(|| form.def.ui_title().to_string());
    }
    form.def
        .all_items()
        .filter(|i| i.kind == ItemType::Text && form.repeat_of(&i.id).is_none())
        .find_map(pick)
        .unwrap_or_else(|| form.def.ui_title().to_string())
}

/// `label (path)` for messages: the item's label (in the UI language, as
/// every label here), plus the row for rows.
pub fn path_label(form: &Form, path: &str) -> String {
    let label = |id: &str| form.item(id).map_or(id, Item::ui_label).to_string();
    match FieldPath::parse(path) {
        Some(FieldPath::Item(id)) => label(&id),
        // Without the answers the row's number is not known: the table and
        // the item, never the row's id.
        Some(FieldPath::Row { repeat, .. }) => i18n::row_of(&label(&repeat)),
        Some(FieldPath::RowItem { repeat, item, .. }) => {
            i18n::row_of_item(&label(&repeat), &label(&item))
        }
        None => path.to_string(),
    }
}

/// `issue_label` where the row is among the answers, else `path_label`.
pub fn change_label(answers: &Answers<'_>, path: &str) -> String {
    let in_rows = match FieldPath::parse(path) {
        Some(FieldPath::Row { repeat, row } | FieldPath::RowItem { repeat, row, .. }) => {
            answers.rows(&repeat).contains(&row)
        }
        _ => true,
    };
    if in_rows {
        issue_label(answers, path)
    } else {
        path_label(answers.form, path)
    }
}

/// An item as a list of what is missing names it, for people: its label,
/// and for an item in a row the table's label and the row's number
/// (`发言摘要第3行·发言要点`), never a path or a row id.
pub fn issue_label(answers: &Answers<'_>, path: &str) -> String {
    let form = answers.form;
    let label = |id: &str| form.item(id).map_or(id, Item::ui_label).to_string();
    let (repeat, row, item) = match FieldPath::parse(path) {
        None => return path.to_string(),
        Some(FieldPath::Item(id)) => return label(&id),
        Some(FieldPath::Row { repeat, row }) => (repeat, row, None),
        Some(FieldPath::RowItem { repeat, row, item }) => (repeat, row, Some(item)),
    };
    let n = answers
        .rows(&repeat)
        .iter()
        .position(|r| *r == row)
        .map_or(0, |i| i + 1);
    match item {
        Some(item) => i18n::row_item_label(&label(&repeat), n, &label(&item)),
        None => i18n::row_label(&label(&repeat), n),
    }
}

/// A text as a terminal may show it: control characters (escape sequences,
/// carriage returns, C1 controls, bidirectional overrides) written out as
/// `\u{1b}` instead of acted on. Line breaks and tabs stay.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = crate::domain::ids::is_control_in_text;
    if !crate::domain::ids::has_control_in_text(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text with every control character that JSON itself leaves raw (C1
/// controls, DEL, bidirectional overrides) written as a `\uXXXX` escape:
/// the same value, safe on a terminal.
pub fn json_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if crate::domain::ids::is_control(c) && c != '\n' {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Baseline;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[test]
    fn labels_never_show_a_row_id() {
        let forms = crate::form::builtin::forms().unwrap();
        let form = forms
            .iter()
            .find(|f| f.id() == "jgbz.registration")
            .unwrap();
        let path = "bodies[r58bc7ab612].body_duties";
        let by_path = path_label(form, path);
        assert!(!by_path.contains("r58bc7ab612"), "{by_path}");
        assert!(by_path.contains("主要职责"), "{by_path}");
        // With the answers, the row's number.
        let answers: BTreeMap<String, Value> = [
            ("bodies[r1]".to_string(), json!(1)),
            ("bodies[r58bc7ab612]".to_string(), json!(2)),
        ]
        .into();
        let baseline = Baseline::default();
        let a = Answers::new(form, &answers, &baseline);
        let numbered = change_label(&a, path);
        assert!(
            numbered.contains("第2行") && numbered.contains("主要职责"),
            "{numbered}"
        );
        // A row no longer among them: the table and the item.
        assert_eq!(change_label(&a, "bodies[rgone].body_duties"), by_path);
    }

    #[test]
    fn an_answer_line_is_one_clean_line_of_words() {
        let forms = crate::form::builtin::forms().unwrap();
        let form = forms
            .iter()
            .find(|f| f.id() == "jgbz.registration")
            .unwrap();
        let level = form.item("level").unwrap();
        assert_eq!(answer_line(level, &json!("zk")), "正科级");
        let name = form.item("unit_name").unwrap();
        assert_eq!(
            answer_line(name, &json!("\n第一行\t甲\n第二行")),
            "第一行 甲…"
        );
        assert_eq!(answer_line(name, &json!("a\u{1b}[31mb")), "a[31mb");
        let over = form.item("over_level").unwrap();
        assert_eq!(answer_line(over, &json!(true)), "是");
    }
}
