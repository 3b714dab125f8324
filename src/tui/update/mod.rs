//! The pure update: `update(&mut Model, Action) -> Vec<Effect>`. It never
//! touches the store or files; what needs them is returned as effects.

pub mod attach;
mod chooser;
mod commit;
mod draft;
mod finalize;
mod form;
mod history;
mod line;
mod lists;
pub mod minutes;
mod out;
mod outline;
mod page;
mod popup;
mod quick;
mod review;
mod search;
mod sync;
mod undo;

use super::action::{Action, Cmd, Effect, Loaded};
use super::model::{
    Confirmed, Flash, HelpState, HomeState, Model, Popup, SaveState, Screen, UnitState,
};
use crate::i18n;

pub use form::open_form;
pub use lists::FINDINGS_FORM;
pub use quick::is_text as quick_is_text;

/// Applies one action to the model; returns the effects to perform.
pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            model.size = (w, h);
            form::refit(model);
            vec![]
        }
        Action::Tick(now) => {
            model.now = now;
            let mut effects = commit::tick(model);
            effects.extend(draft::sync(model));
            effects.extend(search::tick(model));
            effects
        }
        Action::Closing => {
            model.quit = true;
            commit::commit_pending(model)
        }
        Action::DraftRestored(d) => draft::restored(model, d),
        Action::Attached(done) => attach::attached(model, *done),
        Action::Loaded(Loaded::AttachFolder(load)) => {
            attach::folder(model, *load);
            vec![]
        }
        Action::Loaded(Loaded::Chooser(load)) => chooser::loaded(model, *load),
        Action::Loaded(loaded) => {
            loaded_data(model, loaded);
            vec![]
        }
        Action::Saved(entry) => {
            model.save = SaveState::Saved(model.now.time.clone());
            model.unsaved = 0;
            let mut effects = commit::saved(model, entry);
            if model.quit_after_save {
                model.quit = true;
            }
            effects.extend(draft::sync(model));
            effects
        }
        Action::QuickSaved(entry) => {
            model.save = SaveState::Saved(model.now.time.clone());
            model.unsaved = 0;
            quick::saved(model, entry);
            vec![]
        }
        Action::Done(text) => {
            model.save = SaveState::Saved(model.now.time.clone());
            model.flash = Some(Flash { text, error: false });
            vec![]
        }
        Action::SyncDone(lines) => {
            sync::done(model, lines);
            vec![]
        }
        Action::ImportAsks(ask) => {
            sync::import_asks(model, ask);
            vec![]
        }
        Action::TrustNeedsTeam { fingerprint, teams } => {
            sync::trust_needs_team(model, fingerprint, teams);
            vec![]
        }
        Action::Refused(message) => {
            not_done(model, message);
            vec![]
        }
        Action::Failed(message) => {
            // Only a failed write leaves something unsaved.
            model.save = SaveState::Failed(message.clone());
            model.unsaved += 1;
            not_done(model, message);
            vec![]
        }
        input if model.too_small() && !matches!(input, Action::Cmd(Cmd::Quit)) => {
            // Nothing of the screen shows: no key may act blind.
            vec![]
        }
        input => {
            model.flash = None;
            if let Some(Popup::Chooser(c)) = model.popup.take_if(|p| matches!(p, Popup::Chooser(_)))
            {
                return chooser::key(model, input, c);
            }
            if model.popup.is_some() {
                return popup::key(model, input);
            }
            global(model, input)
        }
    }
}

/// An effect did not happen: nothing waits for it, and the message says
/// why and what to do.
fn not_done(model: &mut Model, message: String) {
    model.quit_after_save = false;
    commit::failed(model);
    quick::failed(model);
    model.flash = Some(Flash {
        text: message,
        error: true,
    });
}

fn global(model: &mut Model, input: Action) -> Vec<Effect> {
    match input {
        Action::Cmd(Cmd::Help) => {
            if !matches!(model.screen(), Screen::Help(_)) {
                let of = model.screen().kind();
                let minutes = match model.screen() {
                    Screen::Form(st) => minutes::help(&st.form),
                    _ => None,
                };
                model.stack.push(Screen::Help(HelpState {
                    of,
                    scroll: 0,
                    minutes,
                }));
            }
            vec![]
        }
        Action::Cmd(Cmd::Quit) => quit(model),
        Action::Click { x, y } => click(model, x, y),
        Action::Cmd(Cmd::Page) if matches!(model.screen(), Screen::Form(_)) => page::open(model),
        Action::Cmd(Cmd::Search) if !matches!(model.screen(), Screen::Search(_)) => {
            search::open(model)
        }
        Action::Cmd(Cmd::Sync) => {
            if matches!(model.screen(), Screen::Sync(_)) {
                return vec![];
            }
            // What is being typed is saved before sync.
            let mut effects = commit::commit_pending(model);
            effects.push(Effect::LoadSync);
            effects
        }
        input => match model.screen().kind() {
            super::model::ScreenKind::Form => form::key(model, input),
            super::model::ScreenKind::Quick => quick::key(model, input),
            super::model::ScreenKind::Sync => sync::key(model, input),
            super::model::ScreenKind::Search => search::key(model, input),
            _ => lists::key(model, input),
        },
    }
}

/// A left click picks the row drawn there (`Model::hits`); a click on the
/// row already picked opens it, as Enter does. On the form a click goes to
/// the item, saving what is typed first, as a jump does.
fn click(model: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    let Some(i) = model.hits.at(x, y) else {
        return vec![];
    };
    let pick = |selected: &mut usize| std::mem::replace(selected, i) != i;
    let moved = match model.screen_mut() {
        Screen::Home(h) => pick(&mut h.selected),
        Screen::Unit(u) => pick(&mut u.selected),
        Screen::Findings(f) => pick(&mut f.selected),
        Screen::Summary(s) => pick(&mut s.selected),
        Screen::Search(s) => pick(&mut s.selected),
        Screen::Form(_) => return form::click(model, i),
        _ => return vec![],
    };
    if moved {
        vec![]
    } else {
        global(model, Action::Cmd(Cmd::Enter))
    }
}

/// F10 / Ctrl+Q: commit what is being typed, then quit; ask first only if
/// something failed to save.
fn quit(model: &mut Model) -> Vec<Effect> {
    if model.unsaved > 0 {
        model.popup = Some(Popup::Confirm {
            title: i18n::ui_quit_title(),
            body: vec![i18n::ui_quit_unsaved()],
            on_yes: Confirmed::Quit,
        });
        return vec![];
    }
    if let Some(effects) = commit::commit_for_quit(model) {
        model.quit_after_save = true;
        return effects;
    }
    if quick::has_partial(model) {
        model.popup = Some(Popup::Confirm {
            title: i18n::ui_quit_title(),
            body: vec![i18n::ui_discard_questionnaire()],
            on_yes: Confirmed::Quit,
        });
        return vec![];
    }
    model.quit = true;
    vec![]
}

/// Puts loaded data where it belongs: a fresh screen, or the screen it
/// refreshes (keeping the selection).
fn loaded_data(model: &mut Model, loaded: Loaded) {
    match loaded {
        Loaded::FirstRun => {
            model.stack.clear();
            model.base = Screen::FirstRun(Default::default());
        }
        Loaded::Home(data) => {
            let focus = data
                .focus
                .as_ref()
                .and_then(|id| data.units.iter().position(|u| &u.unit.id == id));
            let selected = match (focus, &model.base) {
                (Some(i), _) => i,
                (None, Screen::Home(h)) => h.selected.min(data.units.len().saturating_sub(1)),
                (None, _) => 0,
            };
            model.base = Screen::Home(HomeState {
                data: *data,
                selected,
            });
        }
        Loaded::UnitRefresh(data) => {
            refresh_unit(model, &data);
        }
        Loaded::Unit(data) => {
            // Refresh every screen of this unit; open it when none is shown.
            if !refresh_unit(model, &data) {
                model.stack.push(Screen::Unit(UnitState {
                    data: *data,
                    selected: 0,
                }));
            }
        }
        Loaded::Entry(data) => {
            let state = open_form(*data);
            model.stack.push(Screen::Form(Box::new(state)));
            model.save = SaveState::Idle;
            search::opened(model);
        }
        Loaded::Sync(data) => sync::loaded(model, *data),
        Loaded::Search(data) => search::loaded(model, *data),
        Loaded::Chooser(load) => {
            chooser::loaded(model, *load);
        }
        Loaded::AttachFolder(load) => attach::folder(model, *load),
        Loaded::Auto {
            unit,
            findings,
            stale,
            gaps,
        } => {
            for screen in model.stack.iter_mut() {
                if let Screen::Findings(f) = screen
                    && f.data.unit.id == unit
                {
                    f.auto = findings.clone();
                    f.stale = stale.clone();
                    f.gaps = gaps.clone();
                    f.selected = f.selected.min(lists::findings_rows(f).saturating_sub(1));
                }
            }
        }
        Loaded::Summary(data) => {
            if let Some(Screen::Summary(s)) = model.stack.last_mut() {
                s.data = *data;
            } else {
                model
                    .stack
                    .push(Screen::Summary(Box::new(super::model::SummaryState {
                        data: *data,
                        selected: 0,
                        chart: 0,
                    })));
            }
        }
        Loaded::History(data) => history::loaded(model, *data),
        Loaded::Page(view) => page::loaded(model, *view),
        Loaded::Quick(data) => {
            model
                .stack
                .push(Screen::Quick(Box::new(quick::open(*data))));
            model.save = SaveState::Idle;
        }
    }
}

/// Refreshes the open screens of a unit; true when there were any.
fn refresh_unit(model: &mut Model, data: &super::action::UnitData) -> bool {
    let mut found = false;
    for screen in model.stack.iter_mut() {
        match screen {
            Screen::Unit(u) if u.data.unit.id == data.unit.id => {
                u.data = data.clone();
                u.selected = u.selected.min(u.lines().len().saturating_sub(1));
                found = true;
            }
            Screen::Findings(f) if f.data.unit.id == data.unit.id => {
                f.data = data.clone();
                let n = lists::findings_rows(f);
                f.selected = f.selected.min(n.saturating_sub(1));
                found = true;
            }
            _ => {}
        }
    }
    found
}

/// Leaves the current screen; the one below reloads its data.
pub(super) fn back(model: &mut Model) -> Vec<Effect> {
    if model.stack.pop().is_none() {
        return vec![];
    }
    match model.screen() {
        Screen::Home(_) | Screen::FirstRun(_) => vec![Effect::LoadHome],
        Screen::Unit(u) => vec![Effect::LoadUnit(u.data.unit.id.clone())],
        Screen::Findings(f) => vec![
            Effect::LoadUnit(f.data.unit.id.clone()),
            Effect::LoadAuto(f.data.unit.id.clone()),
        ],
        Screen::Search(s) => search::again(s),
        _ => vec![],
    }
}
