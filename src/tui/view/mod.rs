//! Views: draw the model, never change it. Every screen has a top bar
//! (where you are, save state), its body, a message line and a key bar.
//! Widths are display columns (CJK is two wide); the real terminal cursor
//! is placed where text goes in, so an IME composes at the right spot.

mod attach;
mod bars;
mod chooser;
mod form;
mod help;
mod history;
mod lists;
mod outline;
mod page;
mod popup;
mod quick;
mod search;
mod summary;
mod sync;
pub mod text;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::model::{Model, Screen};
use crate::i18n;

pub use super::model::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the whole screen.
pub fn render(model: &Model, frame: &mut Frame) {
    model.hits.clear();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(vec![
            Line::from(i18n::ui_too_small()),
            Line::from(format!("{}×{}", area.width, area.height)),
        ])
        .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let [top, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    bars::top(model, frame, top);
    match model.screen() {
        Screen::FirstRun(s) => lists::first_run(s, frame, body),
        Screen::Home(s) => lists::home(s, &model.hits, frame, body),
        Screen::Unit(s) => lists::unit(s, &model.hits, frame, body),
        Screen::Findings(s) => lists::findings(s, &model.hits, frame, body),
        Screen::Form(s) => form::render(s, &model.hits, frame, body),
        Screen::Quick(s) => quick::render(s, frame, body),
        Screen::Help(s) => help::render(s, &model.keymap, frame, body),
        Screen::Sync(s) => sync::render(s, frame, body),
        Screen::Summary(s) => summary::render(s, &model.hits, frame, body),
        Screen::Search(s) => search::render(s, &model.hits, frame, body),
    }
    bars::status(model, frame, status);
    bars::keys(model, frame, keys);
    match &model.popup {
        Some(super::model::Popup::History(v)) => history::render(v, frame, area),
        Some(super::model::Popup::Page(v)) => page::render(v, frame, area),
        Some(super::model::Popup::Chooser(c)) => chooser::render(c, frame, area),
        Some(super::model::Popup::Attach(d)) => attach::render(d, model, frame, area),
        Some(p) => popup::render(p, frame, area),
        None => {}
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
