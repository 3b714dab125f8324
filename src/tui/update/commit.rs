//! Committing the form screen's field: what the editor holds as a change,
//! saving it (asking for a reason on a final entry), leaving the item, the
//! autosave tick, and taking the new head once a save is durable.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::action::Effect;
use super::super::model::{
    AfterSave, Confirmed, Field, Flash, FormState, Model, Pending, Popup, Row, SaveState, Screen,
};
use super::back;
use super::out::{Out, apply, current_item, form_mut};
use super::outline::{field_for, input_text, next_selectable, outline};
use crate::domain::Status;
use crate::form::plan::{Fresh, plan_changes};
use crate::i18n;

/// Ticks (of a quarter second) of no typing before a dirty field autosaves.
const AUTOSAVE_TICKS: u8 = 8;

/// Shows, while typing, what is wrong with the value so far.
pub(super) fn live_check(st: &mut FormState) {
    st.problem = pending_sets(st).err();
}

/// Typed text not saved yet: what to set, and the answers once it is.
pub(super) struct Typed {
    pub sets: Vec<(String, String)>,
    pub working: BTreeMap<String, Value>,
}

/// The change the current editor holds: `Ok(None)` when there is nothing
/// to save, `Err` with the reason when the value does not fit.
pub(super) fn pending_sets(st: &FormState) -> Result<Option<Typed>, String> {
    let Some((_, path)) = current_item(st) else {
        return Ok(None);
    };
    let text = match &st.field {
        Field::Text {
            input, dirty: true, ..
        } => input.lines().join("\n"),
        Field::Multi {
            chosen,
            dirty: true,
            ..
        } => chosen.join(","),
        _ => return Ok(None),
    };
    let sets = vec![(path.to_string(), text)];
    let mut working = st.entry.answers.clone();
    match plan_changes(
        &st.form,
        &Fresh::check_only(),
        &st.baseline,
        &st.entry.answers,
        &mut working,
        &sets,
    ) {
        Ok(changes) if changes.is_empty() => Ok(None),
        Ok(_) => Ok(Some(Typed { sets, working })),
        Err(e) => Err(e.for_screen()),
    }
}

/// Saves `sets`, asking for a reason first on a finalised entry.
pub(super) fn save(st: &mut FormState, sets: Vec<(String, String)>, after: AfterSave) -> Out {
    if st.entry.status == Status::Deleted {
        return Out::error(i18n::edit_deleted());
    }
    st.after_save = Some(after);
    if st.entry.status == Status::Final && st.reason.is_none() {
        return Out {
            reason: Some(Pending::Sets(sets)),
            ..Out::default()
        };
    }
    Out {
        effects: vec![Effect::Save {
            entry: st.entry.id.clone(),
            sets,
            reason: st.reason.clone(),
        }],
        saving: true,
        ..Out::default()
    }
}

/// Leaves the current item: commits it if changed, then moves.
pub(super) fn leave(st: &mut FormState, after: AfterSave) -> Out {
    match pending_sets(st) {
        Err(message) => {
            if after == AfterSave::Back && st.discard_armed {
                return Out {
                    back: true,
                    ..Out::default()
                };
            }
            st.discard_armed = after == AfterSave::Back;
            st.problem = Some(message.clone());
            let text = if st.discard_armed {
                i18n::ui_esc_discards(&message)
            } else {
                message
            };
            Out::error(text)
        }
        Ok(Some(p)) => save(st, p.sets, after),
        Ok(None) => {
            if after == AfterSave::Back {
                return Out {
                    back: true,
                    ..Out::default()
                };
            }
            move_to(st, &after);
            Out::default()
        }
    }
}

/// Moves the cursor and gives the new line its editor.
pub(super) fn move_to(st: &mut FormState, after: &AfterSave) {
    let target = match after {
        AfterSave::Stay | AfterSave::Back => return,
        AfterSave::Next => next_selectable(&st.rows, st.cursor + 1, true),
        AfterSave::Prev => st
            .cursor
            .checked_sub(1)
            .and_then(|c| next_selectable(&st.rows, c, false)),
        AfterSave::To(row) => st.rows.iter().position(|r| r == row),
    };
    if let Some(t) = target {
        st.cursor = t;
    }
    reset_field(st);
}

pub(super) fn reset_field(st: &mut FormState) {
    st.field = field_for(&st.form, &st.entry.answers, st.rows.get(st.cursor));
    st.problem = None;
    st.idle = 0;
    st.discard_armed = false;
}

/// The reason for changing a finalised entry was given: save the change.
pub fn with_reason(model: &mut Model, reason: String, pending: Pending) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    st.reason = Some(reason.clone());
    let id = st.entry.id.clone();
    model.save = SaveState::Saving;
    match pending {
        Pending::Sets(sets) => vec![Effect::Save {
            entry: id,
            sets,
            reason: Some(reason),
        }],
        Pending::Changes(changes) => vec![Effect::Apply {
            entry: id,
            changes,
            reason: Some(reason),
        }],
        Pending::Attach(target, op) => vec![Effect::Attach {
            target,
            op,
            reason: Some(reason),
        }],
    }
}

/// Deletes a repeat row (confirmed).
pub fn delete_row(model: &mut Model, repeat: &str, row: &str) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    let out = save(
        st,
        vec![(format!("{repeat}[{row}]"), String::new())],
        AfterSave::Stay,
    );
    apply(model, out)
}

/// Autosave: a dirty text field saves after a short pause in typing.
pub fn tick(model: &mut Model) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    if !matches!(st.field, Field::Text { dirty: true, .. }) || st.after_save.is_some() {
        return vec![];
    }
    st.idle = st.idle.saturating_add(1);
    if st.idle < AUTOSAVE_TICKS {
        return vec![];
    }
    st.idle = 0;
    match pending_sets(st) {
        Ok(Some(p)) => {
            let out = save(st, p.sets, AfterSave::Stay);
            if out.reason.is_some() {
                // A finalised entry: wait for the inspector to leave the field.
                st.after_save = None;
                return vec![];
            }
            apply(model, out)
        }
        _ => vec![],
    }
}

/// Saves what is being typed, if it is valid (before leaving for sync).
pub fn commit_pending(model: &mut Model) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    match pending_sets(st) {
        Ok(Some(p)) => {
            let out = save(st, p.sets, AfterSave::Stay);
            apply(model, out)
        }
        _ => vec![],
    }
}

/// Commits the field being typed before quitting; `None` when there is
/// nothing to commit.
pub fn commit_for_quit(model: &mut Model) -> Option<Vec<Effect>> {
    let st = form_mut(model)?;
    match pending_sets(st) {
        Ok(Some(p)) => {
            let out = save(st, p.sets, AfterSave::Stay);
            Some(apply(model, out))
        }
        Ok(None) => None,
        Err(message) => {
            model.popup = Some(Popup::Confirm {
                title: i18n::ui_quit_title(),
                body: vec![i18n::ui_quit_invalid(&message)],
                on_yes: Confirmed::Quit,
            });
            Some(vec![])
        }
    }
}

/// A save is durable: take the new head, rebuild the outline, move on.
pub fn saved(model: &mut Model, entry: crate::domain::Entry) -> Vec<Effect> {
    let finalised = entry.status == Status::Final;
    let Some(st) = form_mut(model).filter(|st| st.entry.id == entry.id) else {
        return match model.screen() {
            Screen::Unit(u) => vec![Effect::LoadUnit(u.data.unit.id.clone())],
            _ => vec![],
        };
    };
    let was_final = st.entry.status == Status::Final;
    let inverse = crate::domain::dag::diff(&entry.answers, &st.entry.answers);
    super::undo::saved(st, inverse);
    let old_answers = std::mem::replace(&mut st.entry, entry).answers;
    let here = st.rows.get(st.cursor).cloned();
    st.rows = outline(&st.form, &st.entry.answers, &st.baseline);
    st.cursor = here
        .and_then(|h| st.rows.iter().position(|r| *r == h))
        .or_else(|| {
            next_selectable(
                &st.rows,
                st.cursor.min(st.rows.len().saturating_sub(1)),
                true,
            )
        })
        .unwrap_or(0);
    if let Some(repeat) = st.focus_new_row.take() {
        let new_row = st.rows.iter().position(|r| matches!(r, Row::RowHead { repeat: rep, row, .. } if *rep == repeat && !old_answers.contains_key(&format!("{rep}[{row}]"))));
        let focus = st.focus_item.take();
        if let Some(i) = new_row {
            let item = focus.and_then(|f| {
                st.rows
                    .iter()
                    .skip(i)
                    .position(|r| matches!(r, Row::Item { id, .. } if *id == f))
                    .map(|k| k + i)
            });
            st.cursor = item
                .or_else(|| next_selectable(&st.rows, i + 1, true))
                .unwrap_or(i);
            st.field = Field::None;
        }
    }
    let after = st.after_save.take().unwrap_or(AfterSave::Stay);
    match &after {
        AfterSave::Stay => {
            // Keep the editor (cursor, undo) when the text is what was saved.
            let saved_text =
                current_item(st).map(|(_, path)| input_text(st.entry.answers.get(path)));
            match &mut st.field {
                // What was saved is what the editor holds: keep cursor and undo.
                Field::Text { input, dirty, .. }
                    if Some(input.lines().join("\n")) == saved_text =>
                {
                    *dirty = false
                }
                // Typing not saved yet (say, still invalid): keep it.
                Field::Text { dirty: true, .. } => {}
                _ => reset_field(st),
            }
        }
        AfterSave::Back => {}
        other => move_to(st, other),
    }
    if finalised && !was_final {
        model.flash = Some(Flash {
            text: i18n::ui_finalized(),
            error: false,
        });
    }
    if after == AfterSave::Back {
        back(model)
    } else {
        vec![]
    }
}

/// A save failed: stay where the inspector is, text intact.
pub fn failed(model: &mut Model) {
    if let Some(st) = form_mut(model) {
        st.after_save = None;
        st.undoing = false;
        st.redoing = false;
        st.focus_new_row = None;
    }
}
