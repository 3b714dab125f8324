//! What a key on the form screen did besides changing the form state
//! (`Out`: effects, a popup, a reason to ask, a message, saving, leaving),
//! and applying it to the model. Used by the editor (`form`) and by saving
//! (`commit`) alike.

use super::super::action::Effect;
use super::super::model::{Flash, FormState, Model, Pending, Popup, Row, SaveState, Screen};
use super::back;
use crate::domain::Status;
use crate::i18n;

/// What a key did besides changing the form state.
#[derive(Default)]
pub(super) struct Out {
    pub(super) effects: Vec<Effect>,
    pub(super) popup: Option<Popup>,
    pub(super) reason: Option<Pending>,
    pub(super) flash: Option<Flash>,
    pub(super) saving: bool,
    pub(super) back: bool,
}

impl Out {
    pub(super) fn error(text: String) -> Out {
        Out {
            flash: Some(Flash { text, error: true }),
            ..Out::default()
        }
    }
    pub(super) fn info(text: String) -> Out {
        Out {
            flash: Some(Flash { text, error: false }),
            ..Out::default()
        }
    }
}

pub(super) fn form_mut(model: &mut Model) -> Option<&mut FormState> {
    match model.stack.last_mut() {
        Some(Screen::Form(st)) => Some(st),
        _ => None,
    }
}

pub(super) fn apply(model: &mut Model, out: Out) -> Vec<Effect> {
    if out.saving {
        model.save = SaveState::Saving;
    }
    if let Some(f) = out.flash {
        model.flash = Some(f);
    }
    if let Some(p) = out.popup {
        model.popup = Some(p);
    }
    if let Some(pending) = out.reason {
        model.popup = Some(Popup::Reason {
            input: Box::default(),
            then: Box::new(pending),
        });
    }
    if out.back {
        let mut effects = out.effects;
        if let Some(st) = form_mut(model)
            && st.new
            && st.entry.revisions == 1
            && st.entry.status == Status::Draft
        {
            // Opened with `n` and left with nothing typed: not kept.
            effects.push(Effect::SetStatus {
                entry: st.entry.id.clone(),
                status: Status::Deleted,
                reason: None,
            });
            model.flash = Some(Flash {
                text: i18n::ui_empty_not_kept(),
                error: false,
            });
        }
        effects.extend(back(model));
        return effects;
    }
    out.effects
}

pub(super) fn current_item(st: &FormState) -> Option<(&crate::form::Item, &str)> {
    match st.rows.get(st.cursor)? {
        Row::Item { id, path, .. } => Some((st.form.item(id)?, path.as_str())),
        _ => None,
    }
}
