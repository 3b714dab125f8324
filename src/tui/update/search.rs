//! The search screen (F3 everywhere, `/` in lists): the query is typed in
//! a one-line field; the hits follow a short pause in typing (unless a
//! search was slow: then only Enter searches), or Enter;
//! ↑/↓ choose a hit, Enter opens it (the entry's form with the cursor on
//! the item found, or the unit's screen), Esc goes back to where search
//! was opened. Opening it from a form commits the field being typed first,
//! as leaving the field would. The search itself is an effect (it reads
//! the store); this module only decides when to run it.

use super::super::action::{Action, Cmd, Effect, SearchData};
use super::super::model::{AfterSave, Flash, FormState, Model, Row, Screen, SearchState};
use super::commit::{commit_pending, move_to, pending_sets};
use super::out::form_mut;
use super::outline::text_area;
use crate::analysis::search::{Found, Place};
use crate::i18n;

/// Ticks (a quarter second each) of no typing before the hits follow the
/// query.
const SEARCH_TICKS: u8 = 2;

/// F3 or `/`: opens the search screen over the current one (the screen
/// comes with the first, empty, result). A form's field is committed
/// first; a value that does not fit keeps search closed and says why.
pub fn open(model: &mut Model) -> Vec<Effect> {
    if matches!(model.screen(), Screen::Search(_) | Screen::FirstRun(_)) {
        return vec![];
    }
    let mut effects = Vec::new();
    if let Some(st) = form_mut(model) {
        if let Err(message) = pending_sets(st) {
            st.problem = Some(message.clone());
            model.flash = Some(Flash {
                text: message,
                error: true,
            });
            return vec![];
        }
        effects = commit_pending(model);
        if model.popup.is_some() {
            // A final entry asks for a reason first; F3 again afterwards.
            return effects;
        }
    }
    effects.push(Effect::Search {
        query: String::new(),
    });
    effects
}

fn search_mut(model: &mut Model) -> Option<&mut SearchState> {
    match model.stack.last_mut() {
        Some(Screen::Search(st)) => Some(st),
        _ => None,
    }
}

/// The query as typed, trimmed.
fn query(st: &SearchState) -> String {
    st.input.lines().join(" ").trim().to_string()
}

/// Whether the hits shown are not for the query as typed now.
fn stale(st: &SearchState) -> bool {
    if st.edited {
        return true;
    }
    let q = query(st);
    match &st.searched {
        Some(s) => *s != q,
        None => !q.is_empty(),
    }
}

/// Runs the search for the typed query (a blank one just clears the hits).
fn run(st: &mut SearchState) -> Vec<Effect> {
    st.idle = 0;
    st.edited = false;
    let q = query(st);
    if q.is_empty() {
        st.searched = None;
        st.found = Found::default();
        st.selected = 0;
        return vec![];
    }
    vec![Effect::Search { query: q }]
}

/// A key on the search screen.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let page = usize::from(model.size.1.saturating_sub(6) / 2).max(1);
    let Some(st) = search_mut(model) else {
        return vec![];
    };
    let last = st.found.hits.len().saturating_sub(1);
    match input {
        Action::Cmd(Cmd::Back) => super::back(model),
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            if stale(st) || st.found.hits.is_empty() {
                run(st)
            } else {
                open_hit(model)
            }
        }
        Action::Cmd(Cmd::Up | Cmd::Prev) => {
            st.selected = st.selected.saturating_sub(1);
            vec![]
        }
        Action::Cmd(Cmd::Down | Cmd::Next) => {
            st.selected = (st.selected + 1).min(last);
            vec![]
        }
        Action::Cmd(Cmd::PageUp) => {
            st.selected = st.selected.saturating_sub(page);
            vec![]
        }
        Action::Cmd(Cmd::PageDown) => {
            st.selected = (st.selected + page).min(last);
            vec![]
        }
        Action::Cmd(Cmd::Clear) => {
            *st.input = text_area("", false);
            st.idle = 0;
            st.edited = true;
            vec![]
        }
        Action::Paste(text) => {
            // One line, no control characters: the query is shown as typed.
            let line: String = text
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .filter(|c| !crate::domain::ids::is_control(*c))
                .collect();
            super::line::edit_line(&mut st.input, Action::Paste(line));
            st.idle = 0;
            st.edited = true;
            vec![]
        }
        Action::Char(c) if crate::domain::ids::is_control(c) => vec![],
        other @ (Action::Char(_)
        | Action::Cmd(
            Cmd::Backspace | Cmd::DeleteForward | Cmd::Left | Cmd::Right | Cmd::Home | Cmd::End,
        )) => {
            let changes = matches!(
                other,
                Action::Char(_) | Action::Cmd(Cmd::Backspace | Cmd::DeleteForward)
            );
            super::line::edit_line(&mut st.input, other);
            st.idle = 0;
            st.edited |= changes;
            vec![]
        }
        _ => vec![],
    }
}

/// The hits follow the query once typing pauses.
pub fn tick(model: &mut Model) -> Vec<Effect> {
    let Some(st) = search_mut(model) else {
        return vec![];
    };
    if !st.live || !stale(st) {
        return vec![];
    }
    st.idle = st.idle.saturating_add(1);
    if st.idle < SEARCH_TICKS {
        return vec![];
    }
    run(st)
}

/// A search finished: its hits go to the search screen, which opens if it
/// is not shown.
pub fn loaded(model: &mut Model, data: SearchData) {
    let searched = (!data.query.is_empty()).then_some(data.query);
    if let Some(st) = search_mut(model) {
        if st.searched != searched {
            st.selected = 0;
        }
        st.searched = searched;
        st.found = data.found;
        st.live = !data.slow;
        st.selected = st.selected.min(st.found.hits.len().saturating_sub(1));
        return;
    }
    let input = searched.as_deref().unwrap_or_default();
    model.stack.push(Screen::Search(Box::new(SearchState {
        input: Box::new(text_area(input, false)),
        searched,
        found: data.found,
        selected: 0,
        idle: 0,
        edited: false,
        live: !data.slow,
        opening: None,
    })));
}

/// Back on the search screen (from a hit opened): the hits are searched
/// again, as what was edited may no longer match.
pub fn again(st: &SearchState) -> Vec<Effect> {
    st.searched
        .iter()
        .map(|q| Effect::Search { query: q.clone() })
        .collect()
}

/// Enter on a hit: its entry's form on the item (a form of it already
/// open is gone back to), or its unit's screen.
fn open_hit(model: &mut Model) -> Vec<Effect> {
    let Some(st) = search_mut(model) else {
        return vec![];
    };
    let Some(hit) = st.found.hits.get(st.selected).cloned() else {
        return vec![];
    };
    match hit.place {
        Place::Answer { entry, path } => {
            let open = model
                .stack
                .iter()
                .rposition(|s| matches!(s, Screen::Form(f) if f.entry.id == entry));
            if let Some(i) = open {
                model.stack.truncate(i + 1);
                let mut flash = None;
                if let Some(f) = form_mut(model) {
                    go_to_path(f, &path, &mut flash);
                }
                if flash.is_some() {
                    model.flash = flash;
                }
                return vec![];
            }
            if let Some(st) = search_mut(model) {
                st.opening = Some((entry.clone(), path));
            }
            vec![Effect::OpenEntry(entry)]
        }
        Place::Unit => {
            let open = model
                .stack
                .iter()
                .rposition(|s| matches!(s, Screen::Unit(u) if u.data.unit.id == hit.unit));
            if let Some(i) = open {
                model.stack.truncate(i + 1);
            }
            // Refreshes that unit's screen, or opens it over the hits.
            vec![Effect::LoadUnit(hit.unit)]
        }
    }
}

/// A form was opened: when it is the hit being opened, its cursor goes to
/// the item found.
pub fn opened(model: &mut Model) {
    let n = model.stack.len();
    let Some(Screen::Search(st)) = n.checked_sub(2).and_then(|i| model.stack.get_mut(i)) else {
        return;
    };
    let Some((entry, path)) = st.opening.take() else {
        return;
    };
    let mut flash = None;
    if let Some(f) = form_mut(model).filter(|f| f.entry.id == entry) {
        go_to_path(f, &path, &mut flash);
    }
    if flash.is_some() {
        model.flash = flash;
    }
}

/// Puts the form's cursor on the item at `path`; says so when the item is
/// not shown (its condition is not met).
fn go_to_path(st: &mut FormState, path: &str, flash: &mut Option<Flash>) {
    let row = st
        .rows
        .iter()
        .find(|r| matches!(r, Row::Item { path: p, .. } if p == path))
        .cloned();
    match row {
        Some(row) => move_to(st, &AfterSave::To(row)),
        None => {
            *flash = Some(Flash {
                text: i18n::ui_search_not_shown(),
                error: false,
            })
        }
    }
}
