//! 搜索: the query being typed (with the terminal cursor in it), a line
//! saying what was found, and the hits, two lines each: where (unit ·
//! form · entry · item) and an excerpt with the match in 【】 and in bold
//! underlined type (never colour alone). The selected hit is marked by ▶
//! and reverse video.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::mouse::Hits;
use super::lists::{marker, scroll_top, selected_style};
use super::text::{fit, width};
use crate::analysis::search::{Hit, MAX_HITS};
use crate::i18n;
use crate::tui::model::SearchState;

/// Lines each hit takes.
const HIT_LINES: usize = 2;

/// Draws the search screen.
pub fn render(s: &SearchState, hits: &Hits, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        i18n::ui_search_title(),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    // The query.
    let prompt = i18n::ui_search_prompt();
    let prompt_w = u16::try_from(width(&prompt)).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(Span::styled(
            fit(&prompt, w),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Rect { height: 1, ..inner },
    );
    let field = Rect {
        x: inner.x + prompt_w.min(inner.width),
        y: inner.y,
        width: inner.width.saturating_sub(prompt_w),
        height: 1,
    };
    if field.width > 0 {
        frame.render_widget(&*s.input, field);
        let sc = s.input.screen_cursor();
        let (_, left) = s.input.scroll_offset();
        frame.set_cursor_position(Position {
            x: field.x
                + u16::try_from(sc.col)
                    .unwrap_or(u16::MAX)
                    .saturating_sub(left)
                    .min(field.width.saturating_sub(1)),
            y: field.y,
        });
    }
    // What was found.
    let mut lines = vec![Line::from(Span::styled(
        fit(&summary(s), w),
        Style::default().add_modifier(Modifier::DIM),
    ))];
    let room = usize::from(inner.height).saturating_sub(2) / HIT_LINES;
    let found = &s.found.hits;
    let top = scroll_top(s.selected, found.len(), room);
    // Under the query line and the summary line, two lines per hit.
    let shown = found.len().saturating_sub(top).min(room);
    let lines_per = u16::try_from(HIT_LINES).unwrap_or(2);
    hits.rows_of(inner, inner.y + 2, top, shown, lines_per);
    for (i, hit) in found.iter().enumerate().skip(top).take(room) {
        let on = i == s.selected;
        lines.push(Line::from(Span::styled(
            fit(&format!("{}{}", marker(on), place(hit)), w),
            selected_style(on),
        )));
        lines.push(excerpt_line(hit, w));
    }
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), list);
}

/// The line under the query: a hint, how many were found, or that the
/// hits are capped.
fn summary(s: &SearchState) -> String {
    let typed = s.input.lines().join(" ");
    let typed = typed.trim();
    match &s.searched {
        None if typed.is_empty() => i18n::ui_search_hint(),
        Some(q) if q == typed => {
            let n = s.found.hits.len();
            if n == 0 {
                i18n::ui_search_none(q)
            } else if s.found.more {
                i18n::ui_search_capped(MAX_HITS.min(n))
            } else {
                i18n::ui_search_count(q, n)
            }
        }
        _ => i18n::ui_search_pending(),
    }
}

/// Where a hit is, in words: unit · form · entry · item.
pub fn place(hit: &Hit) -> String {
    let mut parts = vec![hit.unit_name.as_str()];
    for p in [&hit.form, &hit.entry_title] {
        if !p.is_empty() && !parts.contains(&p.as_str()) {
            parts.push(p);
        }
    }
    parts.push(&hit.label);
    parts.join(" · ")
}

/// The excerpt, indented, the match in 【】 and bold underlined.
fn excerpt_line(hit: &Hit, w: usize) -> Line<'static> {
    let e = &hit.excerpt;
    let indent = "    ";
    let found = format!("【{}】", e.found);
    let room = w.saturating_sub(width(indent));
    // The match stays visible: the text before it gives way first.
    let after_room = room.saturating_sub(width(&found));
    let before_room = after_room.saturating_sub(width(&e.after).min(after_room / 2));
    let before = tail(&e.before, before_room);
    let after = fit(&e.after, after_room.saturating_sub(width(&before)));
    Line::from(vec![
        Span::raw(indent),
        Span::raw(before),
        Span::styled(
            fit(&found, room),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ),
        Span::raw(after),
    ])
}

/// The end of `s` in at most `w` columns, starting with `…` when cut.
fn tail(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        kept.push(c);
        used += cw;
    }
    if w == 0 {
        return String::new();
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
