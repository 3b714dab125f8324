//! Keys while a dialog is open: confirm, information, the list of what
//! keeps an entry from being finalised, input, pick, reason.

use ratatui_textarea::TextArea;

use super::super::action::{Action, Cmd, Effect};
use super::super::model::{
    Confirmed, Flash, InputFor, Model, Pending, PickFor, Popup, Row, Screen,
};
use super::line::edit_line;
use super::{back, commit};
use crate::domain::Status;
use crate::i18n;

/// Handles a key while a popup is open. The popup is taken out of the
/// model; a key that does not close it puts it (or its follow-up) back.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(popup) = model.popup.take() else {
        return vec![];
    };
    match popup {
        Popup::Info { .. } => vec![],
        Popup::Issues {
            title,
            head,
            items,
            selected,
        } => issues_key(model, input, title, head, items, selected),
        Popup::Confirm {
            title,
            body,
            on_yes,
        } => confirm_key(model, input, title, body, on_yes),
        Popup::Input {
            title,
            prompt,
            input: text,
            then,
        } => input_key(model, input, title, prompt, text, then),
        pick @ Popup::Pick { .. } => pick_key(model, input, pick),
        Popup::Reason { input: text, then } => reason_key(model, input, text, then),
        Popup::History(view) => super::history::key(model, input, view),
        Popup::Page(view) => super::page::key(model, input, view),
        Popup::Attach(dialog) => super::attach::key(model, input, *dialog),
        // Its keys go to `chooser::key` (see `update`).
        chooser @ Popup::Chooser(_) => {
            model.popup = Some(chooser);
            vec![]
        }
    }
}

/// Enter or y/是 confirms, Esc or n/否 declines, other keys keep asking.
fn confirm_key(
    model: &mut Model,
    input: Action,
    title: String,
    body: Vec<String>,
    on_yes: Confirmed,
) -> Vec<Effect> {
    match input {
        Action::Cmd(Cmd::Enter) | Action::Char('y' | 'Y' | '是') => confirmed(model, on_yes),
        Action::Cmd(Cmd::Back) | Action::Char('n' | 'N' | '否') => match on_yes {
            // Leaving quick entry: declining the offer still leaves.
            Confirmed::FinalizeComplete { leave: true, .. } => back(model),
            _ => vec![],
        },
        _ => {
            model.popup = Some(Popup::Confirm {
                title,
                body,
                on_yes,
            });
            vec![]
        }
    }
}

/// The list of what keeps an entry from being finalised: ↑/↓ (Home/End)
/// choose a line, Enter goes to its item, Esc closes, other keys wait.
fn issues_key(
    model: &mut Model,
    input: Action,
    title: String,
    head: String,
    items: Vec<(String, Row)>,
    selected: usize,
) -> Vec<Effect> {
    let last = items.len().saturating_sub(1);
    let selected = match input {
        Action::Cmd(Cmd::Back) => return vec![],
        Action::Cmd(Cmd::Enter) => {
            return match items.into_iter().nth(selected) {
                Some((_, row)) => super::finalize::go_to(model, row),
                None => vec![],
            };
        }
        Action::Cmd(Cmd::Up | Cmd::Prev) => selected.saturating_sub(1),
        Action::Cmd(Cmd::Down | Cmd::Next) => (selected + 1).min(last),
        Action::Cmd(Cmd::Home) => 0,
        Action::Cmd(Cmd::End) => last,
        _ => selected,
    };
    model.popup = Some(Popup::Issues {
        title,
        head,
        items,
        selected,
    });
    vec![]
}

/// Enter takes the typed line, Esc drops it, other keys edit it.
fn input_key(
    model: &mut Model,
    input: Action,
    title: String,
    prompt: String,
    mut text: Box<TextArea<'static>>,
    then: InputFor,
) -> Vec<Effect> {
    match input {
        Action::Cmd(Cmd::Back) => vec![],
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let value = text.lines().join(" ").trim().to_string();
            input_done(model, value, then)
        }
        other => {
            edit_line(&mut text, other);
            model.popup = Some(Popup::Input {
                title,
                prompt,
                input: text,
                then,
            });
            vec![]
        }
    }
}

/// ↑/↓ move the highlight and Enter picks it; a digit picks its option.
/// With ten options or more, a first digit that could start a two-digit
/// number waits for the second (Enter then takes the first alone), as a
/// choice in a form does.
fn pick_key(model: &mut Model, input: Action, pick: Popup) -> Vec<Effect> {
    let Popup::Pick {
        title,
        options,
        then,
        mut highlight,
        typed,
    } = pick
    else {
        return vec![];
    };
    let len = options.len();
    let mut waiting = None;
    // `Some(None)`: a digit that picks nothing.
    let picked: Option<Option<usize>> = match input {
        Action::Cmd(Cmd::Back) => return vec![],
        Action::Cmd(Cmd::Enter) => Some(Some(
            typed.map_or(highlight, |d| usize::from(d).saturating_sub(1)),
        )),
        Action::Cmd(Cmd::Up) => {
            highlight = highlight.saturating_sub(1);
            None
        }
        Action::Cmd(Cmd::Down) => {
            highlight = (highlight + 1).min(len.saturating_sub(1));
            None
        }
        Action::Cmd(Cmd::Home) => {
            highlight = 0;
            None
        }
        Action::Cmd(Cmd::End) => {
            highlight = len.saturating_sub(1);
            None
        }
        Action::Char(c) => match (c.to_digit(10).map(|d| d as usize), typed) {
            (Some(d), Some(first)) => Some((usize::from(first) * 10 + d).checked_sub(1)),
            (Some(d), None) if len >= 10 && d > 0 && d * 10 <= len => {
                waiting = u8::try_from(d).ok();
                highlight = d - 1;
                None
            }
            (Some(d), None) => Some(d.checked_sub(1)),
            (None, _) => None,
        },
        _ => None,
    };
    let chosen = match picked {
        None => None,
        Some(i) => match i.and_then(|i| options.get(i)) {
            Some((_, carried)) => Some(carried.clone()),
            None => {
                model.flash = Some(Flash {
                    text: i18n::ui_pick_by_digit(len),
                    error: true,
                });
                None
            }
        },
    };
    match chosen {
        Some(carried) => pick_done(model, carried, then),
        None => {
            model.popup = Some(Popup::Pick {
                title,
                options,
                then,
                highlight,
                typed: waiting,
            });
            vec![]
        }
    }
}

/// Enter takes the reason (one is needed) and saves what waited for it;
/// Esc drops both; other keys edit it.
fn reason_key(
    model: &mut Model,
    input: Action,
    mut text: Box<TextArea<'static>>,
    then: Box<Pending>,
) -> Vec<Effect> {
    match input {
        Action::Cmd(Cmd::Back) => vec![],
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let reason = text.lines().join(" ").trim().to_string();
            if reason.is_empty() {
                model.flash = Some(Flash {
                    text: i18n::ui_reason_needed(),
                    error: true,
                });
                model.popup = Some(Popup::Reason { input: text, then });
                return vec![];
            }
            commit::with_reason(model, reason, *then)
        }
        other => {
            edit_line(&mut text, other);
            model.popup = Some(Popup::Reason { input: text, then });
            vec![]
        }
    }
}

fn confirmed(model: &mut Model, what: Confirmed) -> Vec<Effect> {
    match what {
        Confirmed::Quit => {
            model.quit = true;
            vec![]
        }
        Confirmed::Finalize(entry) => vec![Effect::Finalize(entry)],
        Confirmed::DeleteEntry(entry) => {
            model.last_deleted = Some(entry.clone());
            model.flash = Some(Flash {
                text: i18n::ui_deleted_undo(),
                error: false,
            });
            let effects = vec![Effect::SetStatus {
                entry,
                status: Status::Deleted,
                reason: None,
            }];
            if matches!(model.screen(), Screen::Form(_)) {
                let mut all = back(model);
                all.splice(0..0, effects);
                return all;
            }
            effects
        }
        Confirmed::DeleteRow { repeat, row } => commit::delete_row(model, &repeat, &row),
        Confirmed::DiscardQuestionnaire => super::quick::leave(model),
        Confirmed::FinalizeComplete { unit, form, leave } => {
            let mut effects = if leave { back(model) } else { vec![] };
            effects.push(Effect::FinalizeComplete { unit, form });
            effects
        }
        Confirmed::Approve(entry) => vec![Effect::Review {
            entry,
            approve: true,
            comment: None,
        }],
        Confirmed::TrustAndImport {
            path,
            fingerprint,
            team,
        } => vec![Effect::Import {
            path,
            trust: Some(fingerprint),
            team,
            switch_team: false,
        }],
        Confirmed::SwitchAndImport { path } => vec![Effect::Import {
            path,
            trust: None,
            team: None,
            switch_team: true,
        }],
        Confirmed::Detach {
            target,
            sha,
            name,
            selected,
        } => super::attach::detach_confirmed(model, target, sha, name, selected),
    }
}

/// Typed text was confirmed.
fn input_done(model: &mut Model, value: String, then: InputFor) -> Vec<Effect> {
    match then {
        InputFor::ReturnComment { entry } => vec![Effect::Review {
            entry,
            approve: false,
            comment: Some(value),
        }],
        InputFor::NewTeam => vec![Effect::AddTeam(value)],
        InputFor::AddUnit => vec![Effect::AddUnit(value)],
        InputFor::NewCampaign => vec![Effect::NewCampaign(value)],
        InputFor::DismissReason { unit, key } => {
            if value.is_empty() {
                model.flash = Some(Flash {
                    text: i18n::ui_reason_needed(),
                    error: true,
                });
                return vec![];
            }
            vec![Effect::DismissFinding {
                unit,
                key,
                reason: value,
            }]
        }
        InputFor::UnitField { unit, field } => vec![Effect::SetUnitField { unit, field, value }],
    }
}

/// An option was picked.
fn pick_done(model: &mut Model, carried: String, then: PickFor) -> Vec<Effect> {
    match then {
        PickFor::AssignTeam { unit } => vec![Effect::Assign {
            unit,
            team: carried,
        }],
        PickFor::EnrolAndImport { path, fingerprint } => vec![Effect::Import {
            path,
            trust: Some(fingerprint),
            team: Some(carried),
            switch_team: false,
        }],
        PickFor::TrustTeam { fingerprint } => vec![Effect::Trust {
            fingerprint,
            team: Some(carried),
        }],
        PickFor::UnitField { unit } => {
            let (at, current) = carried.split_once('\u{1f}').unwrap_or((&carried, ""));
            let Some(field) = at
                .parse::<usize>()
                .ok()
                .and_then(|i| crate::domain::UnitField::EDITABLE.get(i).copied())
            else {
                return vec![];
            };
            let label = field.label();
            model.popup = Some(super::lists::input_popup(
                i18n::ui_edit_field_title(&label),
                i18n::ui_edit_field_prompt(&label),
                current,
                InputFor::UnitField { unit, field },
            ));
            vec![]
        }
    }
}
