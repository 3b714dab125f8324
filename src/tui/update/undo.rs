//! Ctrl+Z and Ctrl+Y on the form screen: this session's saved changes of
//! the entry taken back and made again, one save at a time, each saying
//! what it changed (item, old → new) and moving the cursor there, so an
//! undo never changes an item out of sight without a word.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::action::Effect;
use super::super::model::{AfterSave, FormState, Pending, Row};
use super::out::Out;
use crate::domain::Status;
use crate::form::display::{change_label, value_text};
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::i18n;

/// How many changed items a message names (the rest are counted).
const NAMED: usize = 3;
/// Longest value shown, in characters.
const VALUE_CHARS: usize = 24;

/// Takes back the last saved change (`redo`: makes the last taken back
/// change again).
pub fn replay(st: &mut FormState, redo: bool) -> Out {
    let stack = if redo { &mut st.redo } else { &mut st.undo };
    let Some(changes) = stack.pop() else {
        return Out::info(if redo {
            i18n::ui_nothing_to_redo()
        } else {
            i18n::ui_nothing_to_undo()
        });
    };
    let what = describe(st, &changes);
    st.undoing = !redo;
    st.redoing = redo;
    // Where the change is: the cursor goes there once it is saved.
    st.after_save = Some(
        changes
            .keys()
            .find_map(|p| {
                st.rows
                    .iter()
                    .find(|r| matches!(r, Row::Item { path, .. } if path == p))
            })
            .cloned()
            .map_or(AfterSave::Stay, AfterSave::To),
    );
    let flash = Out::info(if redo {
        i18n::ui_redone(&what)
    } else {
        i18n::ui_undone(&what)
    })
    .flash;
    if st.entry.status == Status::Final && st.reason.is_none() {
        return Out {
            reason: Some(Pending::Changes(changes)),
            flash,
            ..Out::default()
        };
    }
    Out {
        effects: vec![Effect::Apply {
            entry: st.entry.id.clone(),
            changes,
            reason: st.reason.clone(),
        }],
        saving: true,
        flash,
        ..Out::default()
    }
}

/// Takes in a durable save's inverse: onto the undo stack (a new change
/// also forgets what was taken back), or, for an undo, onto the redo one.
pub fn saved(st: &mut FormState, inverse: BTreeMap<String, Value>) {
    if !inverse.is_empty() {
        if st.undoing {
            st.redo.push(inverse);
        } else {
            st.undo.push(inverse);
            if !st.redoing {
                st.redo.clear();
            }
        }
    }
    st.undoing = false;
    st.redoing = false;
}

/// `主要职责：甲 → 乙；…` for the changes, as people read them.
fn describe(st: &FormState, changes: &BTreeMap<String, Value>) -> String {
    let value = |path: &str, v: Option<&Value>| -> String {
        let v = v.unwrap_or(&Value::Null);
        let text = match FieldPath::parse(path).and_then(|p| st.form.item(p.item_id())) {
            Some(item) => value_text(item, v),
            None if v.is_null() => "—".to_string(),
            None => v.to_string(),
        };
        let one_line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if one_line.chars().count() > VALUE_CHARS {
            let cut: String = one_line.chars().take(VALUE_CHARS).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let mut parts: Vec<String> = changes
        .iter()
        .take(NAMED)
        .map(|(path, new)| {
            i18n::ui_change(
                &change_label(
                    &Answers::new(&st.form, &st.entry.answers, &st.baseline),
                    path,
                ),
                &value(path, st.entry.answers.get(path)),
                &value(path, Some(new)),
            )
        })
        .collect();
    if changes.len() > NAMED {
        parts.push(i18n::ui_more_changes(changes.len() - NAMED));
    }
    parts.join("；")
}
