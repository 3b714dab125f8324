//! 表单: the outline (`outline`) on the left, the current item (label,
//! hint, editor, options, message, its table) on the right. The terminal
//! cursor sits in the editor, in display columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use serde_json::Value;

use super::super::model::{Field, FormState, Row};
use super::super::update::minutes;
use super::text::{fit, pad, wrap};
use crate::form::display::value_text;
use crate::form::eval::Answers;
use crate::form::{Item, ItemType};
use crate::i18n;

/// Draws the form screen.
pub fn render(s: &FormState, hits: &super::super::mouse::Hits, frame: &mut Frame, area: Rect) {
    let answers = Answers::new(&s.form, &s.entry.answers, &s.baseline);
    if area.width >= 64 {
        let left_w = (area.width * 2 / 5).min(40);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
        super::outline::render(s, &answers, hits, frame, left);
        detail(s, &answers, frame, right);
    } else {
        detail(s, &answers, frame, area);
    }
}

fn detail(s: &FormState, answers: &Answers<'_>, frame: &mut Frame, area: Rect) {
    let position = s
        .rows
        .iter()
        .take(s.cursor + 1)
        .filter(|r| matches!(r, Row::Item { .. }))
        .count();
    let total = s
        .rows
        .iter()
        .filter(|r| matches!(r, Row::Item { .. }))
        .count();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!("{} · {position}/{total}", s.unit_name));
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    if let Some(review) = &s.review {
        // HQ's review stays in sight while the entry is corrected.
        let lines: Vec<Line> = wrap(review, w)
            .into_iter()
            .take(usize::from(inner.height / 3).max(1))
            .map(|l| {
                Line::from(Span::styled(
                    l,
                    Style::default().add_modifier(Modifier::BOLD),
                ))
            })
            .collect();
        let h = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), Rect { height: h, ..inner });
        inner.y += h;
        inner.height = inner.height.saturating_sub(h);
    }
    match s.rows.get(s.cursor) {
        Some(Row::Item { id, row, path }) => {
            if let Some(item) = s.form.item(id) {
                item_detail(s, answers, item, row.as_deref(), path, frame, inner);
            }
        }
        Some(Row::RowHead { repeat, n, .. }) => {
            let label = repeat_label(s, repeat);
            let lines = vec![
                Line::from(Span::styled(
                    format!("{label} · {}", i18n::ui_row_n(*n)),
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                Line::from(fit(&i18n::ui_row_help(), w)),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
            table(s, repeat, None, frame, inner, 3);
        }
        Some(Row::AddRow { repeat }) => {
            let label = repeat_label(s, repeat);
            let lines = vec![
                Line::from(Span::styled(
                    label.to_string(),
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                Line::from(fit(&i18n::ui_add_row_help(), w)),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
            table(s, repeat, None, frame, inner, 3);
        }
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn item_detail(
    s: &FormState,
    answers: &Answers<'_>,
    item: &Item,
    row: Option<&str>,
    path: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let w = usize::from(area.width);
    let required = if item.required {
        format!("  ({})", i18n::required_mark())
    } else {
        String::new()
    };
    let mut head: Vec<Line> = Vec::new();
    let mut add = |text: &str, style: Style| {
        for l in wrap(text, w) {
            head.push(Line::from(Span::styled(l, style)));
        }
    };
    add(
        &format!("{}{required}", item.ui_label()),
        Style::default().add_modifier(Modifier::BOLD),
    );
    if let Some(h) = item.ui_hint() {
        add(h, Style::default().add_modifier(Modifier::DIM));
    }
    if let Some(n) = item
        .prefill
        .as_deref()
        .and_then(|p| p.strip_prefix("roster."))
        .and_then(|k| s.roster.and_then(|r| r.get(k)))
    {
        let saved = s
            .entry
            .answers
            .get(path)
            .and_then(serde_json::Value::as_u64);
        let differs = saved.is_some_and(|v| v != u64::from(n));
        add(
            &i18n::ui_from_roster(n, differs),
            Style::default().add_modifier(Modifier::DIM),
        );
    }
    if let Some(m) = minutes::help(&s.form).filter(|_| minutes::cursor_in(s) == Some(true)) {
        let tags: Vec<String> = m.tags.iter().map(|t| format!("#{t}")).collect();
        add(
            &i18n::ui_minutes_hint(&tags.join(" ")),
            Style::default().add_modifier(Modifier::DIM),
        );
    }
    if let Some(note) = section_note(s) {
        add(
            &format!("i {note}"),
            Style::default().add_modifier(Modifier::ITALIC),
        );
    }
    let cap = usize::from(area.height / 3).max(1);
    if head.len() > cap {
        head.truncate(cap);
        if let Some(last) = head.last_mut() {
            let text: String = last.spans.iter().map(|sp| sp.content.as_ref()).collect();
            let style = last.spans.first().map(|sp| sp.style).unwrap_or_default();
            *last = Line::from(Span::styled(
                format!("{}…", fit(&text, w.saturating_sub(1)).trim_end_matches('…')),
                style,
            ));
        }
    }
    let head_h = head.len().max(1) as u16;
    let [head_area, body] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(head), head_area);
    let saved = s.entry.answers.get(path);
    let used = match &s.field {
        Field::Text { input, fresh, .. } => editor(input, *fresh, item, frame, body),
        Field::Pick { highlight, typed } => options(item, saved, *highlight, *typed, frame, body),
        Field::Multi {
            chosen, highlight, ..
        } => multi(item, chosen, *highlight, frame, body),
        Field::None if item.is_attachment() => super::attach::item_files(s, path, frame, body),
        Field::None => {
            let text = match item.kind {
                ItemType::Calc => {
                    let v = answers.value(&item.id, row);
                    format!("= {}", value_text(item, &v))
                }
                _ => String::new(),
            };
            frame.render_widget(Paragraph::new(text), body);
            1
        }
    };
    if let (Some(repeat), Some(row)) = (s.form.repeat_of(&item.id), row) {
        table(s, &repeat.id, Some((row, &item.id)), frame, body, used + 1);
    }
}

/// The guidance note right before the current item, if there is one: it
/// belongs to what follows it, not to every later item (the outline shows
/// it in its place).
fn section_note(s: &FormState) -> Option<&str> {
    match s.rows.get(s.cursor.checked_sub(1)?)? {
        Row::Show { id, .. } => s
            .form
            .item(id)
            .filter(|i| i.kind == ItemType::Note)
            .map(Item::ui_label),
        _ => None,
    }
}

/// The text editor, bordered; places the terminal cursor. Returns the lines used.
/// A fresh one-line value shows reversed: typing replaces it.
fn editor(
    input: &TextArea<'static>,
    fresh: bool,
    item: &Item,
    frame: &mut Frame,
    area: Rect,
) -> u16 {
    let height = if item.is_multiline() {
        area.height.saturating_sub(2).clamp(3, 10) + 2
    } else {
        3
    };
    let rect = Rect {
        height: height.min(area.height),
        ..area
    };
    let unit = item.ui_unit().map(|u| format!(" {u} ")).unwrap_or_default();
    let block = Block::default().borders(Borders::ALL).title_bottom(unit);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let marked;
    let input = if fresh && !item.is_multiline() && !input.is_empty() {
        let mut m = input.clone();
        m.set_style(Style::default().add_modifier(Modifier::REVERSED));
        marked = m;
        &marked
    } else {
        input
    };
    frame.render_widget(input, inner);
    let sc = input.screen_cursor();
    let (top, left) = input.scroll_offset();
    let x = inner.x
        + (sc.col as u16)
            .saturating_sub(left)
            .min(inner.width.saturating_sub(1));
    let y = inner.y
        + (sc.row as u16)
            .saturating_sub(top)
            .min(inner.height.saturating_sub(1));
    frame.set_cursor_position(Position { x, y });
    rect.height
}

/// A repeat's label (its id if the form lacks it).
fn repeat_label<'a>(s: &'a FormState, repeat: &'a str) -> &'a str {
    s.form.item(repeat).map_or(repeat, Item::ui_label)
}

fn options(
    item: &Item,
    saved: Option<&Value>,
    highlight: usize,
    typed: Option<u8>,
    frame: &mut Frame,
    area: Rect,
) -> u16 {
    let labels: Vec<(String, bool)> = match item.kind {
        ItemType::Yesno => vec![
            (i18n::yes_no(true), saved == Some(&Value::Bool(true))),
            (i18n::yes_no(false), saved == Some(&Value::Bool(false))),
        ],
        ItemType::Scale => item
            .scale_values()
            .enumerate()
            .map(|(i, v)| {
                let label = item
                    .ui_step_label(i)
                    .map_or(v.to_string(), |l| format!("{v} {l}"));
                (label, saved.and_then(Value::as_i64) == Some(v))
            })
            .collect(),
        _ => item
            .choices()
            .iter()
            .map(|c| {
                (
                    c.ui_label().to_string(),
                    saved.and_then(Value::as_str) == Some(c.value.as_str()),
                )
            })
            .collect(),
    };
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .map(|(i, (label, chosen))| {
            let number = if item.kind == ItemType::Scale {
                String::new()
            } else {
                format!("{} ", i + 1)
            };
            let dot = if *chosen { "●" } else { "○" };
            let style = if i == highlight {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                fit(&format!(" {dot} {number}{label}"), w),
                style,
            ))
        })
        .collect();
    if let Some(d) = typed {
        lines.push(Line::from(i18n::ui_second_digit(u32::from(d))));
    }
    lines.extend(wrap(&i18n::ui_pick_hint(), w).into_iter().map(|l| {
        Line::from(Span::styled(
            l,
            Style::default().add_modifier(Modifier::DIM),
        ))
    }));
    let h = (lines.len() as u16).min(area.height);
    frame.render_widget(Paragraph::new(lines), area);
    h
}

fn multi(item: &Item, chosen: &[String], highlight: usize, frame: &mut Frame, area: Rect) -> u16 {
    let w = usize::from(area.width);
    let mut lines: Vec<Line> = item
        .choices()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mark = if chosen.contains(&c.value) {
                "[x]"
            } else {
                "[ ]"
            };
            let style = if i == highlight {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(Span::styled(
                fit(&format!(" {mark} {} {}", i + 1, c.ui_label()), w),
                style,
            ))
        })
        .collect();
    lines.extend(wrap(&i18n::ui_multi_hint(), w).into_iter().map(|l| {
        Line::from(Span::styled(
            l,
            Style::default().add_modifier(Modifier::DIM),
        ))
    }));
    let h = (lines.len() as u16).min(area.height);
    frame.render_widget(Paragraph::new(lines), area);
    h
}

/// The repeat as a grid under the editor, the current cell marked.
fn table(
    s: &FormState,
    repeat: &str,
    current: Option<(&str, &str)>,
    frame: &mut Frame,
    area: Rect,
    skip: u16,
) {
    let Some(rep) = s.form.item(repeat) else {
        return;
    };
    if area.height <= skip + 2 {
        return;
    }
    let rect = Rect {
        y: area.y + skip,
        height: area.height - skip,
        ..area
    };
    let answers = Answers::new(&s.form, &s.entry.answers, &s.baseline);
    let rows = answers.rows(repeat);
    let cols: Vec<&Item> = rep
        .children()
        .iter()
        .filter(|c| c.kind != ItemType::Note)
        .collect();
    let w = usize::from(rect.width);
    let col_w = (w.saturating_sub(4) / cols.len().max(1)).clamp(4, 16);
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "    {}",
                cols.iter()
                    .map(|c| format!("{} ", pad(c.ui_label(), col_w - 1)))
                    .collect::<String>()
            ),
            w,
        ),
        Style::default().add_modifier(Modifier::DIM),
    ))];
    for (n, row) in rows.iter().enumerate() {
        let mut spans = vec![Span::raw(format!("{:>3} ", n + 1))];
        for c in &cols {
            let v = answers.value(&c.id, Some(row));
            let text = if v.is_null() {
                "·".to_string()
            } else {
                value_text(c, &v)
            };
            let here = current == Some((row.as_str(), c.id.as_str()));
            let style = if here {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            spans.push(Span::styled(pad(&text, col_w - 1), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), rect);
}
