//! Live minutes (座谈 发言摘要): in a meeting form's table of remarks, Enter
//! commits the remark and opens the next row for the same speaker (its time
//! stamped by the row's `now` default); F6 or Alt+digit picks the speaker
//! from the attendance list; `#标签` in the text ticks that finding tag.

use serde_json::Value;

use super::super::model::{FormState, Row};
use crate::form::eval::Answers;
use crate::form::path::row_item_path;
use crate::form::{Form, FormKind, Item, ItemType};

/// The remarks table of a meeting form and its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    pub repeat: String,
    /// The long-text remark item.
    pub text: String,
    /// The first short text item: who speaks.
    pub speaker: Option<String>,
    /// A multiple choice of finding tags.
    pub tags: Option<String>,
    /// The attendance table and its name item.
    pub attendees: Option<(String, String)>,
}

fn first_short_text(rep: &Item) -> Option<String> {
    rep.children()
        .iter()
        .find(|c| c.kind == ItemType::Text && !c.is_multiline())
        .map(|c| c.id.clone())
}

/// The minutes table of a symposium form, if it has one.
pub fn of(form: &Form) -> Option<Minutes> {
    if form.def.kind != FormKind::Symposium {
        return None;
    }
    let repeats: Vec<&Item> = form
        .def
        .all_items()
        .filter(|i| i.kind == ItemType::Repeat)
        .collect();
    let rep = repeats
        .iter()
        .find(|r| r.children().iter().any(Item::is_multiline))?;
    let attendees = repeats
        .iter()
        .find(|r| r.id != rep.id)
        .and_then(|r| first_short_text(r).map(|n| (r.id.clone(), n)));
    Some(Minutes {
        repeat: rep.id.clone(),
        text: rep.children().iter().find(|c| c.is_multiline())?.id.clone(),
        speaker: first_short_text(rep),
        tags: rep
            .children()
            .iter()
            .find(|c| c.kind == ItemType::Multi)
            .map(|c| c.id.clone()),
        attendees,
    })
}

/// The minutes table and the row the cursor is in, when it is in one.
pub fn here(st: &FormState) -> Option<(Minutes, String)> {
    let m = of(&st.form)?;
    match st.rows.get(st.cursor)? {
        Row::Item {
            row: Some(row),
            path,
            ..
        } if path.starts_with(&format!("{}[", m.repeat)) => Some((m, row.clone())),
        Row::RowHead { repeat, row, .. } if *repeat == m.repeat => Some((m, row.clone())),
        _ => None,
    }
}

/// Tag option values named by `#标签` words in `text`, added to `current`.
pub fn tags_in(form: &Form, tags_item: &str, text: &str, current: &[String]) -> Vec<String> {
    let Some(item) = form.item(tags_item) else {
        return current.to_vec();
    };
    let mut out = current.to_vec();
    for word in text.split('#').skip(1) {
        let word: String = word
            .chars()
            .take_while(|c| !c.is_whitespace() && !"，。,.;；、!！?？:：)）".contains(*c))
            .collect();
        if let Some(c) = item
            .choices()
            .iter()
            .find(|c| c.label == word || c.value == word)
            && !out.contains(&c.value)
        {
            out.push(c.value.clone());
        }
    }
    out
}

/// The names on the attendance list, in order.
pub fn attendee_names(st: &FormState, m: &Minutes) -> Vec<String> {
    let Some((rep, name)) = &m.attendees else {
        return vec![];
    };
    let answers = Answers::new(&st.form, &st.entry.answers, &st.baseline);
    answers
        .rows(rep)
        .iter()
        .filter_map(|r| {
            st.entry
                .answers
                .get(&row_item_path(rep, r, name))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .filter(|n| !n.trim().is_empty())
        .collect()
}

/// The sets that commit `text` as the remark of `row` and open the next
/// row for the same speaker.
pub fn commit_and_next(
    st: &FormState,
    m: &Minutes,
    row: &str,
    text: &str,
) -> Vec<(String, String)> {
    let mut sets = vec![(row_item_path(&m.repeat, row, &m.text), text.to_string())];
    if let Some(tags) = &m.tags {
        let path = row_item_path(&m.repeat, row, tags);
        let current: Vec<String> = st
            .entry
            .answers
            .get(&path)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let found = tags_in(&st.form, tags, text, &current);
        if found != current {
            sets.push((path, found.join(",")));
        }
    }
    if let Some(speaker) = &m.speaker
        && let Some(who) = st
            .entry
            .answers
            .get(&row_item_path(&m.repeat, row, speaker))
            .and_then(Value::as_str)
    {
        sets.push((format!("{}[+].{speaker}", m.repeat), who.to_string()));
    } else {
        sets.push((format!("{}[+]", m.repeat), String::new()));
    }
    sets
}
