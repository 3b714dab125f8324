//! The page popup (Ctrl+P on the form screen): the whole entry as a
//! printable page (`report::entry`), read-only; ↑/↓, pages, Home/End
//! scroll it, Esc (or Enter, or Ctrl+P again) closes it.

use super::super::action::{Action, Cmd, Effect};
use super::super::model::{Model, Popup, Screen};
use super::super::page::{PageView, page_area};

/// Ctrl+P: what is typed is saved first, then the page is asked for.
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    let Screen::Form(st) = model.screen() else {
        return vec![];
    };
    let id = st.entry.id.clone();
    let mut effects = super::commit::commit_pending(model);
    effects.push(Effect::LoadPage(id));
    effects
}

/// The page arrived: shown over the form of its entry.
pub(super) fn loaded(model: &mut Model, view: PageView) {
    let Screen::Form(st) = model.screen() else {
        return;
    };
    if st.entry.id != view.entry || model.popup.is_some() {
        return;
    }
    model.popup = Some(Popup::Page(Box::new(view)));
}

/// A key while the page is open.
pub(super) fn key(model: &mut Model, input: Action, mut view: Box<PageView>) -> Vec<Effect> {
    let (_, (_, rows)) = page_area(model.size);
    match input {
        Action::Cmd(Cmd::Back | Cmd::Enter | Cmd::Page) => return vec![],
        Action::Cmd(Cmd::Up) => view.scroll = view.scroll.saturating_sub(1),
        Action::Cmd(Cmd::Down) => view.scroll = view.scroll.saturating_add(1),
        Action::Cmd(Cmd::PageUp) => view.scroll = view.scroll.saturating_sub(rows),
        Action::Cmd(Cmd::PageDown) => view.scroll = view.scroll.saturating_add(rows),
        Action::Cmd(Cmd::Home) => view.scroll = 0,
        Action::Cmd(Cmd::End) => view.scroll = usize::MAX / 2,
        _ => {}
    }
    // Never past the last page.
    view.scroll = view.top(model.size);
    model.popup = Some(Popup::Page(view));
    vec![]
}
