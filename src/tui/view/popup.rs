//! Dialogs over the screen: confirm, information, the list of what keeps
//! an entry from being finalised, input, pick (its highlighted option
//! marked), reason.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::super::model::Popup;
use super::centered;
use super::lists::marker;
use super::text::{fit, width, wrap};
use crate::i18n;

/// Draws a popup centred over `area`. A list (what keeps an entry from
/// being finalised, a pick) marks its chosen line and scrolls to keep it
/// in view.
pub fn render(p: &Popup, frame: &mut Frame, area: Rect) {
    let (title, body, hint, chosen) = contents(p);
    let widest = body
        .iter()
        .map(|l| width(l))
        .chain([width(&title), width(&hint)])
        .max()
        .unwrap_or(20);
    let w = (widest as u16 + 4).clamp(24, area.width.saturating_sub(2).max(24));
    // Each wrapped line with the body line it belongs to.
    let body: Vec<(usize, String)> = body
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            wrap(l, usize::from(w.saturating_sub(2)))
                .into_iter()
                .map(move |part| (i, part))
        })
        .collect();
    let input_h = if matches!(p, Popup::Reason { .. } | Popup::Input { .. }) {
        3
    } else {
        0
    };
    let h = (body.len() as u16 + 4 + input_h).min(area.height);
    let room = usize::from(h.saturating_sub(4 + input_h));
    let top = chosen
        .and_then(|c| {
            let first = body.iter().position(|(i, _)| *i == c)?;
            let last = body.iter().rposition(|(i, _)| *i == c)?;
            Some((last + 1).saturating_sub(room).min(first))
        })
        .unwrap_or(0);
    let rect = centered(area, w, h);
    clear_wide_edge(frame, rect);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        title,
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = body
        .into_iter()
        .skip(top)
        .take(room)
        .map(|(i, l)| {
            if Some(i) == chosen {
                Line::from(Span::styled(
                    l,
                    Style::default().add_modifier(Modifier::REVERSED),
                ))
            } else {
                Line::from(l)
            }
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        hint,
        Style::default().add_modifier(Modifier::DIM),
    )));
    let text_rect = Rect {
        height: inner.height.saturating_sub(input_h),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), text_rect);
    if let Popup::Reason { input, .. } | Popup::Input { input, .. } = p {
        render_input(input, frame, inner);
    }
}

/// A popup's title, body lines, key hint, and the body line chosen in a
/// list.
fn contents(p: &Popup) -> (String, Vec<String>, String, Option<usize>) {
    match p {
        Popup::Confirm { title, body, .. } => {
            (title.clone(), body.clone(), i18n::ui_confirm_hint(), None)
        }
        Popup::Info { title, body } => (title.clone(), body.clone(), i18n::ui_info_hint(), None),
        Popup::Issues {
            title,
            head,
            items,
            selected,
        } => {
            let mut body = vec![head.clone()];
            body.extend(items.iter().enumerate().map(|(i, (line, _))| {
                let mark = if i == *selected { "▶" } else { "·" };
                format!("{mark} {line}")
            }));
            (
                title.clone(),
                body,
                i18n::ui_issues_hint(),
                Some(selected + 1),
            )
        }
        Popup::Input { title, prompt, .. } => (
            title.clone(),
            vec![prompt.clone()],
            i18n::ui_confirm_hint(),
            None,
        ),
        Popup::Pick {
            title,
            options,
            highlight,
            typed,
            ..
        } => (
            title.clone(),
            options
                .iter()
                .enumerate()
                .map(|(i, (label, _))| format!("{}{:>2} {label}", marker(i == *highlight), i + 1))
                .chain(typed.map(|d| i18n::ui_second_digit(u32::from(d))))
                .collect(),
            i18n::ui_pick_hint_short(),
            Some(*highlight),
        ),
        Popup::Reason { .. } => (
            i18n::ui_reason_title(),
            vec![i18n::ui_reason_body()],
            i18n::ui_confirm_hint(),
            None,
        ),
        // Drawn by `history::render` (see `view::render`).
        Popup::History(_) => (i18n::ui_history_title(), vec![], String::new(), None),
        Popup::Page(v) => (i18n::ui_page_title(&v.title), vec![], String::new(), None),
        // Drawn by `chooser::render` and `attach::render`.
        Popup::Chooser(_) | Popup::Attach(_) => (String::new(), vec![], String::new(), None),
    }
}

/// The popup's text input, boxed at the bottom of `inner`, with the
/// cursor in it.
fn render_input(input: &TextArea<'static>, frame: &mut Frame, inner: Rect) {
    let r = Rect {
        y: inner.y + inner.height.saturating_sub(3),
        height: 3.min(inner.height),
        ..inner
    };
    let b = Block::default().borders(Borders::ALL);
    let field = b.inner(r);
    frame.render_widget(b, r);
    frame.render_widget(input, field);
    let sc = input.screen_cursor();
    let (_, left) = input.scroll_offset();
    frame.set_cursor_position(Position {
        x: field.x
            + (sc.col as u16)
                .saturating_sub(left)
                .min(field.width.saturating_sub(1)),
        y: field.y,
    });
}

/// A double-width character just left of the popup would cover its left
/// border: blank it.
pub(super) fn clear_wide_edge(frame: &mut Frame, rect: Rect) {
    if rect.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut((rect.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// A popup's key hint, dimmed, on the last line inside its border.
pub(super) fn bottom_hint(frame: &mut Frame, inner: Rect, text: &str) {
    let hint = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1.min(inner.height),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(text, usize::from(inner.width)),
            Style::default().add_modifier(Modifier::DIM),
        )),
        hint,
    );
}
