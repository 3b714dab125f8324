//! The page popup over the form screen: the whole entry as a printable
//! page, its title and facts first, section headings in bold, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::super::page::{PageView, page_area};
use super::centered;
use super::text::fit;
use crate::i18n;

/// Draws the page popup centred over `area`.
pub fn render(v: &PageView, frame: &mut Frame, area: Rect) {
    let ((pw, ph), (cols, rows)) = page_area((area.width, area.height));
    let rect = centered(area, pw, ph);
    super::popup::clear_wide_edge(frame, rect);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&i18n::ui_page_title(&v.title), cols),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let top = v.top((area.width, area.height));
    let lines: Vec<Line> = v
        .wrapped(cols)
        .into_iter()
        .skip(top)
        .take(rows)
        .map(|l| {
            if l.starts_with('【') {
                Line::from(Span::styled(
                    l,
                    Style::default().add_modifier(Modifier::BOLD),
                ))
            } else {
                Line::from(l)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    super::popup::bottom_hint(frame, inner, &i18n::ui_page_hint());
}
