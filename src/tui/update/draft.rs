//! The draft of the field being typed (`app::draft`): kept at every tick
//! while the text differs from what was last kept, cleared once nothing is
//! left unsaved, and put back into its field when the app starts after a
//! close or a kill that left one.

use super::super::action::Effect;
use super::super::model::{Field, Flash, Model, Row};
use super::commit::{live_check, move_to};
use super::out::{current_item, form_mut};
use super::outline::text_area;
use crate::domain::Draft;
use crate::domain::Status;
use crate::i18n;

/// The draft the screen holds now: the dirty text field's, if any.
fn current(model: &Model) -> Option<Draft> {
    let super::super::model::Screen::Form(st) = model.screen() else {
        return None;
    };
    let Field::Text {
        input, dirty: true, ..
    } = &st.field
    else {
        return None;
    };
    let Some(Row::Item { path, .. }) = st.rows.get(st.cursor) else {
        return None;
    };
    Some(Draft {
        entry: st.entry.id.clone(),
        path: path.clone(),
        text: input.lines().join("\n"),
    })
}

/// Keeps or clears the draft file so that it matches the screen.
pub fn sync(model: &mut Model) -> Vec<Effect> {
    let now = current(model);
    if now == model.drafted {
        return vec![];
    }
    model.drafted.clone_from(&now);
    match now {
        Some(draft) => vec![Effect::KeepDraft(draft)],
        None => vec![Effect::ClearDraft],
    }
}

/// The entry of a draft left by the last run is open: the text goes back
/// into its field (unsaved, so the usual autosave or a key saves it).
pub fn restored(model: &mut Model, draft: Draft) -> Vec<Effect> {
    let Some(st) = form_mut(model).filter(|st| st.entry.id == draft.entry) else {
        return vec![Effect::ClearDraft];
    };
    let row = st
        .rows
        .iter()
        .find(|r| matches!(r, Row::Item { path, .. } if *path == draft.path))
        .cloned();
    let Some(row) = row.filter(|_| st.entry.status != Status::Deleted) else {
        // Its item is gone (a row deleted, a condition no longer true):
        // the text is shown so it can be copied, and the draft let go.
        model.flash = Some(Flash {
            text: i18n::ui_draft_lost(&draft.text),
            error: true,
        });
        return vec![Effect::ClearDraft];
    };
    move_to(st, &super::super::model::AfterSave::To(row));
    if let Field::Text { input, .. } = &st.field
        && input.lines().join("\n") == draft.text
    {
        // Saved before the app stopped: nothing to take back, and the
        // entry opened for it closes again.
        model.stack.pop();
        return vec![Effect::ClearDraft];
    }
    if !matches!(st.field, Field::Text { .. }) {
        model.flash = Some(Flash {
            text: i18n::ui_draft_lost(&draft.text),
            error: true,
        });
        return vec![Effect::ClearDraft];
    }
    let multiline = current_item(st).is_some_and(|(item, _)| item.is_multiline());
    st.field = Field::Text {
        input: Box::new(text_area(&draft.text, multiline)),
        dirty: true,
        fresh: false,
    };
    live_check(st);
    model.drafted = Some(draft);
    model.flash = Some(Flash {
        text: i18n::ui_draft_restored(),
        error: false,
    });
    vec![]
}
