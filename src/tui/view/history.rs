//! The history popup over the form screen: which view it is (the whole
//! entry, or the item under the cursor), the revisions newest first as
//! `tui::history` lays them out, scrolled, and the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::super::history::{HistoryView, LineKind, popup_size};
use super::centered;
use super::text::fit;
use crate::i18n;

/// Draws the history popup centred over `area`.
pub fn render(v: &HistoryView, frame: &mut Frame, area: Rect) {
    let ((pw, ph), (cols, rows)) = popup_size((area.width, area.height));
    let rect = centered(area, pw, ph);
    super::popup::clear_wide_edge(frame, rect);
    frame.render_widget(Clear, rect);
    let title = match (&v.item, v.only_item) {
        (Some((label, _)), true) => i18n::ui_history_of_item(label),
        _ => i18n::ui_history_title(),
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&title, cols),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![switch_line(v, cols), Line::from("")];
    let top = v.top(cols, rows);
    lines.extend(
        v.lines(cols)
            .into_iter()
            .skip(top)
            .take(rows)
            .map(|(kind, text)| {
                let style = match kind {
                    LineKind::Head => Style::default().add_modifier(Modifier::BOLD),
                    LineKind::Reason => Style::default().add_modifier(Modifier::ITALIC),
                    LineKind::Change => Style::default(),
                    LineKind::Note => Style::default().add_modifier(Modifier::DIM),
                };
                Line::from(Span::styled(text, style))
            }),
    );
    frame.render_widget(Paragraph::new(lines), inner);
    super::popup::bottom_hint(frame, inner, &i18n::ui_history_hint());
}

/// `[整条记录]  当前项：机构规格`, the view shown in brackets.
fn switch_line(v: &HistoryView, cols: usize) -> Line<'static> {
    let whole = i18n::ui_history_whole();
    let Some((label, _)) = &v.item else {
        return Line::from(fit(&format!("[{whole}]"), cols));
    };
    let item = i18n::ui_history_only_one(label);
    let text = if v.only_item {
        format!(" {whole}   [{item}]")
    } else {
        format!("[{whole}]   {item}")
    };
    Line::from(fit(&text, cols))
}
