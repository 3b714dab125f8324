//! 问卷快速录入: anonymous questionnaires keyed from paper, one question at a
//! time, one digit per answer (0 or Space: 未答, left unanswered). The open
//! questions come last: typed, ended with Enter (Enter alone skips them).
//! Then the questionnaire is saved and the next one starts; Backspace goes
//! back one question. Leaving offers to finalise the complete ones.

use super::super::action::{Action, Cmd, Effect, QuickData};
use super::super::model::{Confirmed, Flash, Model, Popup, QuickState, Screen};
use super::back;
use super::outline::pick_options;
use crate::domain::Entry;
use crate::form::ItemType;
use crate::i18n;

/// How many recent questionnaires stay visible.
const RECENT: usize = 5;

/// The quick-entry screen for a unit's questionnaire form: the choices
/// first, one key each, then the open questions, typed and ended with Enter.
pub fn open(data: QuickData) -> QuickState {
    let keyed = |i: &&crate::form::Item| {
        data.form.repeat_of(&i.id).is_none() && data.form.relevant(&i.id).is_none()
    };
    let all = || data.form.def.all_items().filter(keyed);
    let items: Vec<String> = all()
        .filter(|i| matches!(i.kind, ItemType::Choice | ItemType::Yesno | ItemType::Scale))
        .chain(all().filter(|i| i.kind == ItemType::Text))
        .map(|i| i.id.clone())
        .collect();
    let answers = vec![None; items.len()];
    QuickState {
        unit: data.unit,
        form: data.form,
        items,
        pos: 0,
        last: answers.clone(),
        answers,
        count: data.count,
        recent: Vec::new(),
        saving: false,
        saved: 0,
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

/// Whether the question at `pos` is an open one (typed text).
pub fn is_text(q: &QuickState, pos: usize) -> bool {
    q.items
        .get(pos)
        .and_then(|id| q.form.item(id))
        .is_some_and(|i| i.kind == ItemType::Text)
}

/// Whether `c` leaves the current choice unanswered (未答): Space, or 0
/// unless 0 is a value of the scale asked.
fn is_no_answer(q: &QuickState, c: char) -> bool {
    let Some(id) = q.items.get(q.pos) else {
        return false;
    };
    match c {
        ' ' => true,
        '0' => !pick_options(&q.form, id).iter().any(|o| o == "0"),
        _ => false,
    }
}

/// Handles a key in quick entry.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(q) = quick_mut(model) else {
        return vec![];
    };
    if is_text(q, q.pos) {
        return text_key(model, input);
    }
    match input {
        Action::Char(c) if is_no_answer(q, c) => {
            if let Some(slot) = q.answers.get_mut(q.pos) {
                *slot = None;
            }
            advance(q)
        }
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
            advance(q)
        }
        Action::Cmd(Cmd::Backspace | Cmd::Up | Cmd::Left) => {
            go_back(q);
            vec![]
        }
        Action::Cmd(Cmd::Back) => leave_asking(model),
        _ => vec![],
    }
}

/// Keys on an open question: text is typed, Enter ends it (empty skips
/// it) and saves the questionnaire when it is the last; Backspace deletes a
/// character, or goes back a question when nothing is typed.
fn text_key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(q) = quick_mut(model) else {
        return vec![];
    };
    let Some(slot) = q.answers.get_mut(q.pos) else {
        return vec![];
    };
    match input {
        Action::Char(c) => slot.get_or_insert_default().push(c),
        Action::Paste(s) => slot.get_or_insert_default().push_str(&s.replace('\r', "")),
        Action::Cmd(Cmd::Enter | Cmd::Commit | Cmd::Next) => {
            if slot.as_deref().is_some_and(|t| t.trim().is_empty()) {
                *slot = None;
            }
            return advance(q);
        }
        Action::Cmd(Cmd::Backspace) if slot.is_some() => {
            if let Some(t) = slot.as_mut() {
                t.pop();
            }
            if slot.as_deref() == Some("") {
                *slot = None;
            }
        }
        Action::Cmd(Cmd::Backspace | Cmd::Up | Cmd::Prev) => go_back(q),
        Action::Cmd(Cmd::Back) => return leave_asking(model),
        _ => {}
    }
    vec![]
}

/// On to the next question; after the last, the questionnaire is saved.
fn advance(q: &mut QuickState) -> Vec<Effect> {
    q.pos += 1;
    if q.pos < q.items.len() {
        return vec![];
    }
    complete(q)
}

/// Back one question, clearing its answer.
fn go_back(q: &mut QuickState) {
    q.pos = q.pos.saturating_sub(1);
    if let Some(slot) = q.answers.get_mut(q.pos) {
        *slot = None;
    }
}

/// Esc: a half-keyed questionnaire is discarded only when confirmed.
fn leave_asking(model: &mut Model) -> Vec<Effect> {
    if has_partial(model) {
        model.popup = Some(Popup::Confirm {
            title: i18n::ui_quick_title(),
            body: vec![i18n::ui_discard_questionnaire()],
            on_yes: Confirmed::DiscardQuestionnaire,
        });
        return vec![];
    }
    leave(model)
}

/// Leaves quick entry; when questionnaires were saved, offers to finalise
/// the complete ones first (either answer leaves).
pub fn leave(model: &mut Model) -> Vec<Effect> {
    let offer = match model.screen() {
        Screen::Quick(q) if q.saved > 0 => Some((
            i18n::ui_quick_leave_finalize(q.saved),
            q.unit.id.clone(),
            q.form.def.id.clone(),
        )),
        _ => None,
    };
    let Some((body, unit, form)) = offer else {
        return back(model);
    };
    model.popup = Some(Popup::Confirm {
        title: i18n::ui_finalize_complete_title(),
        body: vec![body],
        on_yes: Confirmed::FinalizeComplete {
            unit,
            form,
            leave: true,
        },
    });
    vec![]
}

/// Every question answered: save the questionnaire, start the next.
fn complete(q: &mut QuickState) -> Vec<Effect> {
    let sets: Vec<(String, String)> = q
        .items
        .iter()
        .zip(&q.answers)
        .filter_map(|(id, a)| Some((id.clone(), a.clone()?)))
        .collect();
    let digits: String = q
        .items
        .iter()
        .enumerate()
        .zip(&q.answers)
        .filter_map(|((i, id), a)| {
            if is_text(q, i) {
                return a.as_ref().map(|_| "✎".to_string());
            }
            let options = pick_options(&q.form, id);
            Some(
                a.as_ref()
                    .and_then(|v| options.iter().position(|o| o == v))
                    .map_or("·".to_string(), |i| (i + 1).to_string()),
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    q.recent.push(digits);
    if q.recent.len() > RECENT {
        q.recent.remove(0);
    }
    q.pos = 0;
    q.last = std::mem::replace(&mut q.answers, vec![None; q.items.len()]);
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
        q.saved += 1;
    }
}

/// Saving failed: the answers of the last questionnaire come back, on its
/// last question (a choice to key again, or the text to end with Enter).
pub fn failed(model: &mut Model) {
    let Some(q) = quick_mut(model) else { return };
    if !q.saving {
        return;
    }
    q.saving = false;
    q.recent.pop();
    q.answers = std::mem::replace(&mut q.last, vec![None; q.items.len()]);
    q.pos = q.items.len().saturating_sub(1);
    if !is_text(q, q.pos)
        && let Some(slot) = q.answers.get_mut(q.pos)
    {
        *slot = None;
    }
}
