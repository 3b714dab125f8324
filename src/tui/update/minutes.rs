//! Live minutes (座谈 发言摘要): in a meeting form's table of remarks, Enter
//! commits the remark and opens the next row for the same speaker (its time
//! stamped by the row's `now` default); F6 or Alt+digit picks the speaker
//! from the attendance list; `#标签` in the text ticks that finding tag (a
//! word that names no tag is kept as text and said so). The rows Enter left
//! empty at the end are dropped before finalising.

use serde_json::Value;

use super::super::action::Cmd;
use super::super::model::{AfterSave, Field, Flash, FormState, MinutesHelp, Row};
use super::commit::{pending_sets, save};
use super::out::{Out, current_item};
use crate::form::eval::Answers;
use crate::form::path::row_item_path;
use crate::form::{Form, FormKind, Item, ItemType};
use crate::i18n;

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

/// What the `#标签` words of a remark name: the tag option values (those
/// already ticked first), and the words that name no tag.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tags {
    pub values: Vec<String>,
    pub unknown: Vec<String>,
}

/// Where a `#标签` word ends.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || "#＃，。,.;；、!！?？:：()（）\"“”'‘’".contains(c)
}

/// The words after `#` (or `＃`) in `text`. A `#` right after a Latin
/// letter or digit starts none (`3#楼`, `C#`).
fn tag_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let after_word = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(char::is_ascii_alphanumeric);
        if !matches!(c, '#' | '＃') || after_word {
            continue;
        }
        let word: String = chars
            .iter()
            .skip(i + 1)
            .take_while(|c| !ends_word(**c))
            .collect();
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// The tags named by `#标签` words in `text`, added to `current`. A word
/// names the tag whose label it starts with (`#人员紧张的问题`), the
/// longest such, or whose value it is.
pub fn tags_in(form: &Form, tags_item: &str, text: &str, current: &[String]) -> Tags {
    let mut out = Tags {
        values: current.to_vec(),
        unknown: Vec::new(),
    };
    let Some(item) = form.item(tags_item) else {
        return out;
    };
    for word in tag_words(text) {
        let found = item
            .choices()
            .iter()
            .filter(|c| word.starts_with(c.label.as_str()) || word == c.value)
            .max_by_key(|c| c.label.chars().count());
        match found {
            Some(c) if !out.values.contains(&c.value) => out.values.push(c.value.clone()),
            Some(_) => {}
            None if !out.unknown.contains(&word) => out.unknown.push(word),
            None => {}
        }
    }
    out
}

/// The labels of the finding tags a remark may name.
pub fn tag_labels(form: &Form, m: &Minutes) -> Vec<String> {
    m.tags
        .as_deref()
        .and_then(|t| form.item(t))
        .map(|i| i.choices().iter().map(|c| c.label.clone()).collect())
        .unwrap_or_default()
}

/// What F1 says of the live minutes of `form`, if it has them.
pub fn help(form: &Form) -> Option<MinutesHelp> {
    let m = of(form)?;
    let label = |id: &str| form.item(id).map_or(id, Item::ui_label).to_string();
    Some(MinutesHelp {
        table: label(&m.repeat),
        remark: label(&m.text),
        tags: tag_labels(form, &m),
    })
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
/// row for the same speaker, and the `#` words that name no tag.
pub fn commit_and_next(
    st: &FormState,
    m: &Minutes,
    row: &str,
    text: &str,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut sets = vec![(row_item_path(&m.repeat, row, &m.text), text.to_string())];
    let mut unknown = Vec::new();
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
        if found.values != current {
            sets.push((path, found.values.join(",")));
        }
        unknown = found.unknown;
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
    (sets, unknown)
}

/// The rows at the end of the minutes with neither a remark nor a tag
/// (Enter after the last remark opens one; its speaker and time are filled
/// in for it), as `rep[row]=` sets that delete them: finalising drops them,
/// so a row opened for a remark never made cannot block 定稿.
pub fn blank_tail(answers: &Answers<'_>) -> Vec<(String, String)> {
    let Some(m) = of(answers.form) else {
        return vec![];
    };
    let said = |row: &str, item: &str| {
        answers
            .values
            .get(&row_item_path(&m.repeat, row, item))
            .is_some_and(|v| match v {
                Value::Null => false,
                Value::String(s) => !s.trim().is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            })
    };
    answers
        .rows(&m.repeat)
        .iter()
        .rev()
        .take_while(|row| !said(row, &m.text) && !m.tags.as_deref().is_some_and(|t| said(row, t)))
        .map(|row| (format!("{}[{row}]", m.repeat), String::new()))
        .collect()
}

/// Live minutes: Enter in a remark commits it and opens the next row;
/// F6 / Alt+digit pick the speaker. `None` when not in the minutes table
/// (or the key is none of these).
pub(super) fn cmd(st: &mut FormState, cmd: Cmd) -> Option<Out> {
    let (m, row) = here(st)?;
    match cmd {
        Cmd::Enter => {
            let (item, _) = current_item(st)?;
            if item.id != m.text {
                return None;
            }
            let text = match &st.field {
                Field::Text { input, .. } => input.lines().join("\n"),
                _ => return None,
            };
            if text.trim().is_empty() {
                return None;
            }
            let (sets, unknown) = commit_and_next(st, &m, &row, &text);
            st.focus_new_row = Some(m.repeat.clone());
            st.focus_item = Some(m.text.clone());
            let mut out = save(st, sets, AfterSave::Stay);
            if !unknown.is_empty() && out.flash.is_none() {
                let words: Vec<String> = unknown.iter().map(|w| format!("#{w}")).collect();
                let known: Vec<String> = tag_labels(&st.form, &m)
                    .iter()
                    .map(|l| format!("#{l}"))
                    .collect();
                out.flash = Some(Flash {
                    text: i18n::ui_unknown_tags(&words.join(" "), &known.join(" ")),
                    error: false,
                });
            }
            Some(out)
        }
        Cmd::NextSpeaker | Cmd::Jump(_) => {
            let speaker = m.speaker.clone()?;
            let names = attendee_names(st, &m);
            if names.is_empty() {
                return Some(Out::error(i18n::ui_no_attendees()));
            }
            let path = row_item_path(&m.repeat, &row, &speaker);
            let current = st
                .entry
                .answers
                .get(&path)
                .and_then(Value::as_str)
                .map(str::to_string);
            let next = match cmd {
                Cmd::Jump(n) => names.get(usize::from(n).checked_sub(1)?).cloned()?,
                _ => {
                    let at = current.and_then(|c| names.iter().position(|n| *n == c));
                    names
                        .get(at.map_or(0, |i| (i + 1) % names.len()))
                        .cloned()?
                }
            };
            // Keep what is being typed: the speaker change goes with it.
            let mut sets = vec![(path, next)];
            if let Ok(Some(pending)) = pending_sets(st) {
                sets.extend(pending.sets);
            }
            Some(save(st, sets, AfterSave::Stay))
        }
        _ => None,
    }
}

/// Where the cursor is: `None` outside the minutes table, `Some(true)` on
/// a remark (where Enter commits it), `Some(false)` elsewhere in a row.
pub fn cursor_in(st: &FormState) -> Option<bool> {
    let (m, _) = here(st)?;
    Some(matches!(st.rows.get(st.cursor), Some(Row::Item { id, .. }) if *id == m.text))
}
