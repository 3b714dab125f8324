//! The file and folder chooser, drawn over the screen: the folder shown
//! (wrapped, never cut silently), the places, `..`, sub-folders and files
//! (size and date), what was left out, the typed path box and its keys.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use super::lists::{marker, scroll_top, selected_style};
use super::popup::clear_wide_edge;
use super::text::{clip, fit, pad, width, wrap};
use crate::i18n;
use crate::tui::chooser::{Chooser, ChooserFor, ChooserRow, MAX_ENTRIES, safe_name, size_text};

fn title(purpose: &ChooserFor) -> String {
    match purpose {
        ChooserFor::Export { .. } => i18n::ui_choose_export_title(),
        ChooserFor::Import => i18n::ui_choose_import_title(),
        ChooserFor::Reports => i18n::ui_choose_reports_title(),
        ChooserFor::UnitReport { .. } => i18n::ui_choose_unit_report_title(),
        ChooserFor::UnitList => i18n::ui_choose_unit_list_title(),
        ChooserFor::Roster => i18n::ui_choose_roster_title(),
        ChooserFor::Attach { target, .. } => i18n::ui_choose_attach_title(&target.label),
    }
}

/// Draws the chooser over `area`.
pub fn render(c: &Chooser, frame: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    );
    clear_wide_edge(frame, rect);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(
            &title(&c.purpose),
            usize::from(rect.width.saturating_sub(2)),
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let folder = i18n::ui_chooser_folder(&safe_name(&c.listing.folder));
    // The whole path, wrapped; only a very long one is clipped (marked).
    let mut lines: Vec<Line> = clip(wrap(&folder, w), 3, w)
        .into_iter()
        .map(|l| {
            Line::from(Span::styled(
                l,
                Style::default().add_modifier(Modifier::BOLD),
            ))
        })
        .collect();
    let notice = notice(c);
    let fixed = lines.len() + usize::from(notice.is_some()) + 1 + 3;
    let height = usize::from(inner.height).saturating_sub(fixed);
    let rows = c.rows();
    let top = scroll_top(c.selected, rows.len(), height);
    for (i, row) in rows.iter().enumerate().skip(top).take(height) {
        let on = i == c.selected && !c.typing;
        lines.push(Line::from(Span::styled(
            fit(
                &format!("{}{}", marker(on), row_text(c, *row, w.saturating_sub(2))),
                w,
            ),
            selected_style(on),
        )));
    }
    let pad_n = usize::from(inner.height)
        .saturating_sub(3 + 1 + usize::from(notice.is_some()))
        .saturating_sub(lines.len());
    lines.extend(std::iter::repeat_n(Line::from(""), pad_n));
    if let Some(n) = notice {
        lines.push(Line::from(Span::styled(
            fit(&n, w),
            Style::default().add_modifier(Modifier::DIM),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // The typed path box, then the keys.
    let box_area = Rect {
        y: inner.y + inner.height.saturating_sub(4),
        height: 3.min(inner.height),
        ..inner
    };
    let b = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&i18n::ui_chooser_path_box(), w.saturating_sub(2)),
        if c.typing {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        },
    ));
    let field = b.inner(box_area);
    frame.render_widget(b, box_area);
    frame.render_widget(&*c.input, field);
    if c.typing {
        // The real cursor where text goes in (an IME composes there).
        let sc = c.input.screen_cursor();
        let (_, left) = c.input.scroll_offset();
        frame.set_cursor_position(Position {
            x: field.x
                + (sc.col as u16)
                    .saturating_sub(left)
                    .min(field.width.saturating_sub(1)),
            y: field.y,
        });
    }
    let hint = if c.typing {
        i18n::ui_chooser_hint_typing()
    } else {
        i18n::ui_chooser_hint_folder()
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&hint, w),
            Style::default().add_modifier(Modifier::DIM),
        )),
        Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1.min(inner.height),
            ..inner
        },
    );
}

/// What is left out, or that nothing is there to pick.
fn notice(c: &Chooser) -> Option<String> {
    if c.listing.more > 0 {
        return Some(i18n::ui_chooser_more(MAX_ENTRIES, c.listing.more));
    }
    let files = c.listing.items.iter().any(|i| !i.folder);
    let folders = c.listing.items.iter().any(|i| i.folder);
    match (c.purpose.picks_file(), files, folders) {
        (true, false, _) => Some(i18n::ui_chooser_empty_files()),
        (false, _, false) => Some(i18n::ui_chooser_empty()),
        _ => None,
    }
}

/// One line of the list, `w` columns wide at most.
fn row_text(c: &Chooser, row: ChooserRow, w: usize) -> String {
    let sep = std::path::MAIN_SEPARATOR;
    match row {
        ChooserRow::Here if matches!(c.purpose, ChooserFor::Attach { .. }) => {
            i18n::ui_chooser_here_photos()
        }
        ChooserRow::Here => i18n::ui_chooser_here(),
        ChooserRow::Up => i18n::ui_chooser_up(),
        ChooserRow::Place(i) => c.listing.places.get(i).map_or_else(String::new, |p| {
            let label = safe_name(&p.label);
            format!(
                "◆ {}  {}",
                pad(&label, 10.max(width(&label))),
                safe_name(&p.path)
            )
        }),
        ChooserRow::Item(i) => match c.listing.items.get(i) {
            Some(it) if it.folder => format!("{}{sep}", it.name),
            Some(it) => {
                let tail = format!(
                    "{:>9}  {}",
                    it.size.map(size_text).unwrap_or_default(),
                    it.modified.as_deref().unwrap_or("")
                );
                let room = w.saturating_sub(width(&tail) + 2);
                if room < 8 {
                    it.name.clone()
                } else {
                    format!("{}  {tail}", pad(&it.name, room))
                }
            }
            None => String::new(),
        },
    }
}
