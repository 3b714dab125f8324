//! 问卷快速录入: anonymous questionnaires keyed from paper, one question at a
//! time, one digit per answer. After the last question the questionnaire is
//! saved and the next one starts; Backspace goes back one question.

use super::super::action::{Action, Cmd, Effect, QuickData};
use super::super::model::{Confirmed, Flash, Model, Popup, QuickState, Screen};
use super::back;
use super::outline::pick_options;
use crate::domain::Entry;
use crate::form::ItemType;
use crate::i18n;

/// How many recent questionnaires stay visible.
const RECENT: usize = 5;

/// The quick-entry screen for a unit's questionnaire form.
pub fn open(data: QuickData) -> QuickState {
    let items: Vec<String> = data
        .form
        .def
        .all_items()
        .filter(|i| matches!(i.kind, ItemType::Choice | ItemType::Yesno | ItemType::Scale))
        .filter(|i| data.form.repeat_of(&i.id).is_none() && data.form.relevant(&i.id).is_none())
        .map(|i| i.id.clone())
        .collect();
    let answers = vec![None; items.len()];
    QuickState {
        unit: data.unit,
        form: data.form,
        items,
        pos: 0,
        answers,
        count: data.count,
        recent: Vec::new(),
        saving: false,
    }
}

fn quick_mut(model: &mut Model) -> Option<&mut QuickState> {
    match model.stack.last_mut() {
        Some(Screen::Quick(q)) => Some(q),
        _ => None,
    }
}

/// Whether a questionnaire is half keyed in.
pub fn has_partial(model: &Model) -> bool {
    matches!(model.screen(), Screen::Quick(q) if q.answers.iter().any(Option::is_some))
}

/// Handles a key in quick entry.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(q) = quick_mut(model) else {
        return vec![];
    };
    match input {
        Action::Char(c) => {
            let Some(id) = q.items.get(q.pos).cloned() else {
                return vec![];
            };
            let options = pick_options(&q.form, &id);
            let kind = q.form.item(&id).map(|i| i.kind);
            let index = match (kind, c) {
                (Some(ItemType::Scale), d) => options.iter().position(|o| o == &d.to_string()),
                (_, d) => d.to_digit(10).and_then(|d| (d as usize).checked_sub(1)),
            };
            let Some(value) = index.and_then(|i| options.get(i)).cloned() else {
                model.flash = Some(Flash {
                    text: i18n::ui_pick_by_digit(options.len()),
                    error: true,
                });
                return vec![];
            };
            if let Some(slot) = q.answers.get_mut(q.pos) {
                *slot = Some(value);
            }
            q.pos += 1;
            if q.pos < q.items.len() {
                return vec![];
            }
            complete(q)
        }
        Action::Cmd(Cmd::Backspace | Cmd::Up | Cmd::Left) => {
            q.pos = q.pos.saturating_sub(1);
            if let Some(slot) = q.answers.get_mut(q.pos) {
                *slot = None;
            }
            vec![]
        }
        Action::Cmd(Cmd::Back) => {
            if q.answers.iter().any(Option::is_some) {
                model.popup = Some(Popup::Confirm {
                    title: i18n::ui_quick_title(),
                    body: vec![i18n::ui_discard_questionnaire()],
                    on_yes: Confirmed::DiscardQuestionnaire,
                });
                vec![]
            } else {
                back(model)
            }
        }
        _ => vec![],
    }
}

/// Every question answered: save the questionnaire, start the next.
fn complete(q: &mut QuickState) -> Vec<Effect> {
    let sets: Vec<(String, String)> = q
        .items
        .iter()
        .cloned()
        .zip(q.answers.iter().map(|a| a.clone().unwrap_or_default()))
        .collect();
    let digits: String = q
        .items
        .iter()
        .zip(&q.answers)
        .map(|(id, a)| {
            let options = pick_options(&q.form, id);
            a.as_ref()
                .and_then(|v| options.iter().position(|o| o == v))
                .map_or("·".to_string(), |i| (i + 1).to_string())
        })
        .collect::<Vec<_>>()
        .join(" ");
    q.recent.push(digits);
    if q.recent.len() > RECENT {
        q.recent.remove(0);
    }
    q.pos = 0;
    q.answers = vec![None; q.items.len()];
    q.saving = true;
    vec![Effect::CreateQuestionnaire {
        unit: q.unit.id.clone(),
        form: q.form.def.id.clone(),
        sets,
    }]
}

/// A questionnaire is durable: count it.
pub fn saved(model: &mut Model, _entry: Entry) {
    if let Some(q) = quick_mut(model) {
        q.saving = false;
        q.count += 1;
    }
}

/// Saving failed: the answers of the last questionnaire come back.
pub fn failed(model: &mut Model) {
    let Some(q) = quick_mut(model) else { return };
    if !q.saving {
        return;
    }
    q.saving = false;
    if let Some(last) = q.recent.pop() {
        let answers: Vec<Option<String>> = q
            .items
            .iter()
            .zip(last.split(' '))
            .map(|(id, d)| {
                let options = pick_options(&q.form, id);
                d.parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| options.get(i).cloned())
            })
            .collect();
        q.pos = q.items.len().saturating_sub(1);
        if let Some(slot) = q.answers.get_mut(q.pos) {
            *slot = None;
        }
        let mut restored = answers;
        if let Some(slot) = restored.get_mut(q.pos) {
            *slot = None;
        }
        q.answers = restored;
    }
}
