//! The history popup's keys (F12 on the form screen): asking `App` for the
//! entry's history, opening it over the form it was asked from with the
//! item under the cursor, ↑/↓ (pages, Home/End) to scroll, Tab to switch
//! between the whole entry and that item, Esc (or F12 again) to close.

use super::super::action::{Action, Cmd, Effect};
use super::super::history::{HistoryData, HistoryView, popup_size};
use super::super::model::{Model, Popup, Row, Screen};
use crate::form::display::issue_label;
use crate::form::eval::Answers;

/// The history arrived: shown over the form of its entry, filtered to the
/// item under the cursor when there is one (a row heading: its row; an
/// "add row" line: its table).
pub(super) fn loaded(model: &mut Model, data: HistoryData) {
    let Screen::Form(st) = model.screen() else {
        return;
    };
    if st.entry.id != data.entry || model.popup.is_some() {
        return;
    }
    let answers = Answers::new(&st.form, &st.entry.answers, &st.baseline);
    let item = match st.rows.get(st.cursor) {
        Some(Row::Item { path, .. }) => Some(path.clone()),
        Some(Row::RowHead { repeat, row, .. }) => Some(format!("{repeat}[{row}]")),
        Some(Row::AddRow { repeat }) => Some(repeat.clone()),
        _ => None,
    }
    .map(|path| (issue_label(&answers, &path), path));
    model.popup = Some(Popup::History(Box::new(HistoryView {
        data,
        item,
        only_item: false,
        scroll: 0,
    })));
}

/// A key while the history is open.
pub(super) fn key(model: &mut Model, input: Action, mut view: Box<HistoryView>) -> Vec<Effect> {
    let (_, (cols, rows)) = popup_size(model.size);
    let page = rows.max(1);
    match input {
        Action::Cmd(Cmd::Back | Cmd::History) => return vec![],
        Action::Cmd(Cmd::Next | Cmd::Prev) if view.item.is_some() => {
            view.only_item = !view.only_item;
            view.scroll = 0;
        }
        Action::Cmd(Cmd::Up) => view.scroll = view.scroll.saturating_sub(1),
        Action::Cmd(Cmd::Down) => view.scroll = view.scroll.saturating_add(1),
        Action::Cmd(Cmd::PageUp) => view.scroll = view.scroll.saturating_sub(page),
        Action::Cmd(Cmd::PageDown) => view.scroll = view.scroll.saturating_add(page),
        Action::Cmd(Cmd::Home) => view.scroll = 0,
        Action::Cmd(Cmd::End) => view.scroll = usize::MAX / 2,
        _ => {}
    }
    // Never past the last page.
    view.scroll = view.top(cols, rows);
    model.popup = Some(Popup::History(view));
    vec![]
}
