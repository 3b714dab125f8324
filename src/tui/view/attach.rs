//! Attachments on the form screen: the files of a `photo` or `file` item
//! beside it (name, size, EXIF time, caption; as many as fit), and the
//! dialogs over the screen: the attach prompt, a folder's photos to
//! choose, the item's list, a caption being edited. Names and captions
//! are cleaned of control characters before they are drawn.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;

use super::centered;
use super::lists::{marker, scroll_top, selected_style};
use super::popup::{bottom_hint, clear_wide_edge};
use super::text::{fit, wrap};
use crate::domain::attachment::{Attachment, size_text};
use crate::domain::ids::clean_label;
use crate::i18n;
use crate::tui::attach::Dialog;
use crate::tui::chooser::safe_name;
use crate::tui::model::{FormState, Model, Screen};
use crate::tui::update::attach::list_of;

/// One attachment as a line: `1. 岗位牌.jpg  2.1 MB，拍摄于 …，“门口”`.
pub fn line_of(n: usize, a: &Attachment) -> String {
    let mut details = vec![size_text(a.size)];
    if let Some(t) = &a.taken_at {
        // To the minute, as times are shown everywhere on screen.
        let t = t.replacen('T', " ", 1);
        details.push(i18n::at_taken(t.get(..16).unwrap_or(&t)));
    }
    if let Some(c) = a.caption.as_deref().filter(|c| !c.trim().is_empty()) {
        details.push(i18n::at_caption(&clean_label(c)));
    }
    i18n::ui_at_line(
        n,
        &clean_label(&a.name),
        &details.join(&i18n::at_detail_sep()),
    )
}

/// The item's files under its label, then how to add and list them.
/// Returns the lines used.
pub fn item_files(st: &FormState, path: &str, frame: &mut Frame, area: Rect) -> u16 {
    let w = usize::from(area.width);
    let list = list_of(st, path);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let help = wrap(&i18n::ui_at_item_help(), w);
    let room = usize::from(area.height)
        .saturating_sub(help.len() + 1)
        .max(1);
    let mut lines: Vec<Line> = Vec::new();
    if list.is_empty() {
        lines.push(Line::from(i18n::ui_at_none()));
    } else {
        lines.push(Line::from(Span::styled(
            i18n::ui_at_count(list.len()),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        // Each file wrapped whole, while they fit (a line is kept for
        // "… n more").
        let mut shown = 0;
        for (i, a) in list.iter().enumerate() {
            let parts = wrap(&line_of(i + 1, a), w);
            let last = i + 1 == list.len();
            let reserve = usize::from(!last);
            if lines.len() + parts.len() + reserve > room {
                break;
            }
            lines.extend(parts.into_iter().map(Line::from));
            shown += 1;
        }
        if shown < list.len() {
            lines.push(Line::from(Span::styled(
                fit(&i18n::ui_at_more(list.len() - shown), w),
                dim,
            )));
        }
    }
    lines.extend(help.into_iter().map(|l| Line::from(Span::styled(l, dim))));
    let h = (lines.len() as u16).min(area.height);
    frame.render_widget(Paragraph::new(lines), area);
    h
}

/// Draws an attachment dialog over `area`.
pub fn render(d: &Dialog, model: &Model, frame: &mut Frame, area: Rect) {
    match d {
        Dialog::Prompt {
            target,
            path,
            caption,
            on_caption,
        } => {
            let body = i18n::ui_at_prompt_body(&i18n::ui_at_prompt_folder());
            let inner = frame_box(
                frame,
                area,
                &i18n::ui_at_prompt_title(&target.label),
                10 + wrap(&body, usize::from(area.width.saturating_sub(6))).len() as u16,
            );
            let w = usize::from(inner.width);
            let mut y = inner.y;
            for l in wrap(&body, w) {
                text_at(frame, inner, &mut y, &l, Style::default());
            }
            input_box(frame, inner, &mut y, path, !on_caption);
            text_at(
                frame,
                inner,
                &mut y,
                &i18n::ui_at_caption_label(),
                Style::default(),
            );
            input_box(frame, inner, &mut y, caption, *on_caption);
            bottom_hint(frame, inner, &i18n::ui_at_prompt_hint());
        }
        Dialog::Caption { name, input, .. } => {
            let inner = frame_box(
                frame,
                area,
                &i18n::ui_at_caption_title(&clean_label(name)),
                7,
            );
            let mut y = inner.y;
            text_at(
                frame,
                inner,
                &mut y,
                &i18n::ui_at_caption_body(),
                Style::default(),
            );
            input_box(frame, inner, &mut y, input, true);
            bottom_hint(frame, inner, &i18n::ui_confirm_hint());
        }
        Dialog::Folder { load, selected } => {
            let chosen = load.photos.iter().filter(|p| p.chosen).count();
            let rows: Vec<String> = load
                .photos
                .iter()
                .map(|p| {
                    let mark = if p.chosen { "[x]" } else { "[ ]" };
                    format!("{mark} {}  {}", safe_name(&p.name), size_text(p.size))
                })
                .collect();
            list_box(
                frame,
                area,
                &i18n::ui_at_folder_title(&load.folder),
                &i18n::ui_at_folder_head(chosen, load.photos.len()),
                &rows,
                *selected,
                &i18n::ui_at_folder_hint(),
            );
        }
        Dialog::List { target, selected } => {
            let list = match model.screen() {
                Screen::Form(st) => list_of(st, &target.path),
                _ => Vec::new(),
            };
            let rows: Vec<String> = list
                .iter()
                .enumerate()
                .map(|(i, a)| line_of(i + 1, a))
                .collect();
            list_box(
                frame,
                area,
                &i18n::ui_at_list_title(&target.label, list.len()),
                "",
                &rows,
                *selected,
                &i18n::ui_at_list_hint(),
            );
        }
    }
}

/// A cleared, bordered box of about `h` lines centred in `area`; its inside.
fn frame_box(frame: &mut Frame, area: Rect, title: &str, h: u16) -> Rect {
    let w = area.width.saturating_sub(4).min(100);
    let rect = centered(area, w, h);
    clear_wide_edge(frame, rect);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(title, usize::from(w.saturating_sub(2))),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// One line of text at `y` (moved on), when it fits above the hint.
fn text_at(frame: &mut Frame, inner: Rect, y: &mut u16, text: &str, style: Style) {
    if *y + 1 >= inner.bottom() {
        return;
    }
    let r = Rect {
        y: *y,
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(Span::styled(fit(text, usize::from(inner.width)), style)),
        r,
    );
    *y += 1;
}

/// A one-line text box at `y` (moved on); the cursor in it when focused.
fn input_box(
    frame: &mut Frame,
    inner: Rect,
    y: &mut u16,
    input: &TextArea<'static>,
    focused: bool,
) {
    if *y + 3 >= inner.bottom() {
        return;
    }
    let r = Rect {
        y: *y,
        height: 3,
        ..inner
    };
    let style = if focused {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::DIM)
    };
    let b = Block::default().borders(Borders::ALL).border_style(style);
    let field = b.inner(r);
    frame.render_widget(b, r);
    frame.render_widget(input, field);
    if focused {
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
    *y += 3;
}

/// A list dialog: a head line, the rows (the selected one marked,
/// scrolled into view), the keys at the bottom.
fn list_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    head: &str,
    rows: &[String],
    selected: usize,
    hint: &str,
) {
    let extra = u16::from(!head.is_empty());
    let want = (rows.len() as u16).saturating_add(4 + extra);
    let inner = frame_box(frame, area, title, want.min(area.height.saturating_sub(2)));
    let w = usize::from(inner.width);
    let mut y = inner.y;
    if !head.is_empty() {
        text_at(frame, inner, &mut y, head, Style::default());
    }
    let room = usize::from(inner.bottom().saturating_sub(y).saturating_sub(2));
    let top = scroll_top(selected, rows.len(), room);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(room)
        .map(|(i, r)| {
            let on = i == selected;
            Line::from(Span::styled(
                fit(&format!("{}{r}", marker(on)), w),
                selected_style(on),
            ))
        })
        .collect();
    let r = Rect {
        y,
        height: room as u16,
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), r);
    bottom_hint(frame, inner, hint);
}
