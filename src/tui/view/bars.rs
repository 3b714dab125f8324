//! The top bar (breadcrumb, save state), the message line and the key bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::model::{Model, SaveState, Screen, ScreenKind};
use super::text::{fit, width};
use crate::i18n;

fn breadcrumb(model: &Model) -> Vec<String> {
    let mut parts = vec![i18n::ui_app_name()];
    for screen in std::iter::once(&model.base).chain(model.stack.iter()) {
        match screen {
            Screen::Home(h) => parts.push(h.data.campaign.name.clone()),
            Screen::Unit(u) => parts.push(u.data.unit.name.clone()),
            Screen::Findings(_) => parts.push(i18n::ui_findings()),
            Screen::Form(f) => {
                if !parts.contains(&f.unit_name) {
                    parts.push(f.unit_name.clone());
                }
                parts.push(f.form.def.title.clone());
            }
            Screen::Quick(q) => {
                if !parts.contains(&q.unit.name) {
                    parts.push(q.unit.name.clone());
                }
                parts.push(i18n::ui_quick_title());
            }
            Screen::Help(_) => parts.push(i18n::ui_help()),
            Screen::Sync(_) => parts.push(i18n::ui_sync_title()),
            Screen::Summary(_) => parts.push(i18n::ui_summary_title()),
            Screen::FirstRun(_) => {}
        }
    }
    parts
}

/// The breadcrumb in `room` columns: the campaign name (the longest part)
/// gives way first, so the current screen stays readable.
fn breadcrumb_in(model: &Model, room: usize) -> String {
    let mut parts = breadcrumb(model);
    let full = parts.join(" › ");
    if width(&full) <= room || parts.len() < 3 {
        return fit(&full, room);
    }
    let others = width(&full) - width(&parts[1]);
    parts[1] = fit(&parts[1], room.saturating_sub(others).max(4));
    fit(&parts.join(" › "), room)
}

/// The top line: where you are, and whether your work is saved.
pub fn top(model: &Model, frame: &mut Frame, area: Rect) {
    let (state, style) = match &model.save {
        SaveState::Idle => (String::new(), Style::default()),
        SaveState::Saving => (i18n::ui_saving(), Style::default().fg(Color::Yellow)),
        SaveState::Saved(t) => (i18n::ui_saved(t), Style::default().fg(Color::Green)),
        SaveState::Failed(why) => (
            i18n::ui_save_failed(why),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
    };
    let total = usize::from(area.width);
    let state = fit(&state, total / 2);
    let left = breadcrumb_in(model, total.saturating_sub(width(&state) + 1));
    let gap = total.saturating_sub(width(&left) + width(&state));
    let line = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(gap)),
        Span::styled(state, style),
    ]);
    frame.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// The message line: a flash, else the current field's problem.
pub fn status(model: &Model, frame: &mut Frame, area: Rect) {
    let problem = match model.screen() {
        Screen::Form(f) => f.problem.clone(),
        _ => None,
    };
    let (text, error) = match (&model.flash, problem) {
        (Some(f), _) => (f.text.clone(), f.error),
        (None, Some(p)) => (p, true),
        (None, None) => return,
    };
    let (mark, style) = if error {
        ("✗ ", Style::default().fg(Color::Red))
    } else {
        ("ℹ ", Style::default().fg(Color::Cyan))
    };
    let line = Line::from(Span::styled(
        fit(
            &format!("{mark}{}", text.replace('\n', " ")),
            usize::from(area.width),
        ),
        style,
    ));
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys of the current screen, as htop and mc show them.
pub fn keys(model: &Model, frame: &mut Frame, area: Rect) {
    let pairs = key_pairs(model);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, what) in pairs {
        let w = width(&key) + width(&what) + 2;
        if used + w > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(
            key,
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!("{what} ")));
        used += w;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys worth showing now, most useful first.
pub fn key_pairs(model: &Model) -> Vec<(String, String)> {
    use i18n::*;
    let k = |key: &str, what: String| (key.to_string(), what);
    if model.popup.is_some() {
        return vec![k("Enter", k_confirm()), k("Esc", k_cancel())];
    }
    match model.screen().kind() {
        ScreenKind::FirstRun => vec![k("Enter", k_open()), k("F1", k_help()), k("F10", k_quit())],
        ScreenKind::Home => vec![
            k("↑↓", k_move()),
            k("Enter", k_open()),
            k("F1", k_help()),
            k("F10", k_quit()),
            k("s", k_summary()),
            k("e", k_edit()),
            k("t", k_assign()),
            k("T", k_new_team()),
            k("a", k_add_unit()),
        ],
        ScreenKind::Unit => vec![
            k("Enter", k_open()),
            k("n/F7", k_new()),
            k("Esc", k_back()),
            k("F1", k_help()),
            k("q", k_quick()),
            k("f", k_findings()),
            k("Del", k_delete()),
            k("Tab", k_next_stage()),
            k("v", k_approve()),
            k("r", k_return()),
            k("e", k_edit()),
        ],
        ScreenKind::Findings => vec![
            k("Enter", k_open()),
            k("n/F7", k_new()),
            k("d", k_dismiss()),
            k("Esc", k_back()),
            k("F1", k_help()),
        ],
        ScreenKind::Form => vec![
            k("Tab", k_next_item()),
            k("Esc", k_back()),
            k("F1", k_help()),
            k("F9", k_finalize()),
            k("F8", k_clear()),
            k("Ctrl+Z", k_undo()),
            k("Ctrl+↑↓", k_jump()),
            k("F10", k_quit()),
        ],
        ScreenKind::Quick => vec![
            k("1-9", k_answer()),
            k("Backspace", k_go_back()),
            k("Esc", k_finish()),
            k("F1", k_help()),
        ],
        ScreenKind::Help => vec![k("↑↓", k_scroll()), k("Esc", k_back())],
        ScreenKind::Summary => vec![
            k("↑↓", k_move()),
            k("← →", k_jump()),
            k("x", k_export()),
            k("Esc", k_back()),
            k("F1", k_help()),
        ],
        ScreenKind::Sync => vec![
            k("↑↓", k_move()),
            k("Enter", k_run()),
            k("Space", k_toggle()),
            k("Esc", k_back()),
            k("F1", k_help()),
        ],
    }
}
