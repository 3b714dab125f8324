//! The form screen's outline (left pane): sections, and each item with its
//! mark (✓ answered, ! does not fit, · empty, * required) and its answer
//! after the label — option labels, 是/否, numbers and dates as typed, a
//! long text's first line, a table's row count — cut to the pane. The
//! label comes first: where the pane is narrow the answer is cut or left
//! out, never the label pushed out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::Value;

use super::super::model::{FormState, Row};
use super::lists::scroll_top;
use super::text::{fit, width};
use crate::form::display::{answer_line, status_text, value_text};
use crate::form::eval::Answers;
use crate::form::validate::check_value;
use crate::form::{Item, ItemType};
use crate::i18n;

/// Columns an answer needs at least to be worth showing (a character and
/// `…`); with less room it is left out.
const MIN_ANSWER: usize = 4;

/// ✓ answered, ! does not fit, · empty (and * when required).
fn mark(
    item: &Item,
    value: Option<&Value>,
    answers: &Answers<'_>,
    row: Option<&str>,
) -> &'static str {
    match (item.kind, value) {
        (ItemType::Calc, _) => "=",
        (ItemType::Note, _) => "i",
        (_, None) => "·",
        (_, Some(v))
            if check_value(item, v).is_err() || !answers.constraint_holds(item, row, v) =>
        {
            "!"
        }
        _ => "✓",
    }
}

/// An outline line: `head` (pointer, mark, label) whole when it fits,
/// then the answer after a space, cut to what is left.
fn with_answer(head: &str, answer: &str, w: usize, style: Style) -> Line<'static> {
    let head = fit(head, w);
    let room = w.saturating_sub(width(&head) + 1);
    if answer.is_empty() || room < MIN_ANSWER.min(width(answer)) {
        return Line::from(Span::styled(head, style));
    }
    Line::from(vec![
        Span::styled(format!("{head} "), style),
        Span::styled(fit(answer, room), style.add_modifier(Modifier::DIM)),
    ])
}

/// Draws the outline in `area`, the cursor's line reversed and in view.
pub fn render(
    s: &FormState,
    answers: &Answers<'_>,
    hits: &super::super::mouse::Hits,
    frame: &mut Frame,
    area: Rect,
) {
    let status = format!(" [{}]", status_text(s.entry.status));
    let room = usize::from(area.width.saturating_sub(2)).saturating_sub(width(&status));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!("{}{status}", fit(s.form.def.ui_title(), room)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let height = usize::from(inner.height);
    let top = scroll_top(s.cursor, s.rows.len(), height);
    hits.rows(
        inner,
        inner.y,
        top,
        s.rows.len().saturating_sub(top).min(height),
    );
    let mut lines = Vec::new();
    for (i, row) in s.rows.iter().enumerate().skip(top).take(height) {
        let on = i == s.cursor;
        let style = if on {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let pointer = if on { "▶" } else { " " };
        let line = match row {
            Row::Section(title) => Line::from(Span::styled(
                fit(&format!("— {title} —"), w),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Row::RepeatHead { id } => {
                let label = s.form.item(id).map_or(id.as_str(), |i| i.ui_label());
                let n = answers.rows(id).len();
                let count = if n > 0 {
                    i18n::ui_rows_count(n)
                } else {
                    String::new()
                };
                with_answer(&format!(" {label}"), &count, w, style)
            }
            Row::Item { id, row, path } => {
                let Some(item) = s.form.item(id) else {
                    continue;
                };
                let value = s.entry.answers.get(path).filter(|v| !v.is_null());
                let m = mark(item, value, answers, row.as_deref());
                let star = if item.required { "*" } else { "" };
                let indent = if row.is_some() { "   " } else { "" };
                let answer = match value {
                    // The files are listed beside the item, not here.
                    Some(v) if item.is_attachment() => crate::domain::attachment::list(v)
                        .map_or_else(|| answer_line(item, v), |l| i18n::ui_at_count(l.len())),
                    Some(v) => answer_line(item, v),
                    None => String::new(),
                };
                with_answer(
                    &format!("{pointer}{indent}{m} {}{star}", item.ui_label()),
                    &answer,
                    w,
                    style,
                )
            }
            Row::Show { id, row } => {
                let Some(item) = s.form.item(id) else {
                    continue;
                };
                let indent = if row.is_some() { "   " } else { "" };
                let text = if item.kind == ItemType::Calc {
                    let v = answers.value(id, row.as_deref());
                    format!(" {indent}= {} {}", item.ui_label(), value_text(item, &v))
                } else {
                    format!(" {indent}i {}", item.ui_label())
                };
                Line::from(Span::styled(
                    fit(&text, w),
                    Style::default().add_modifier(Modifier::DIM),
                ))
            }
            Row::RowHead { repeat, row, n } => {
                let first = s
                    .form
                    .item(repeat)
                    .and_then(|r| r.children().first())
                    .and_then(|c| {
                        s.entry
                            .answers
                            .get(&format!("{repeat}[{row}].{}", c.id))
                            .map(|v| answer_line(c, v))
                    })
                    .unwrap_or_default();
                with_answer(&format!("{pointer} ▸ {n}."), &first, w, style)
            }
            Row::AddRow { .. } => Line::from(Span::styled(
                fit(&format!("{pointer}   ＋ {}", i18n::ui_add_row()), w),
                style,
            )),
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_label_stays_whole_and_the_answer_takes_what_is_left() {
        let st = Style::default();
        // Room for both.
        assert_eq!(
            text(&with_answer(" ✓ 机构规格", "正科级", 30, st)),
            " ✓ 机构规格 正科级"
        );
        // The answer is cut to the room left.
        let l = text(&with_answer(
            " ✓ 单位名称*",
            "东阿县安全生产监督管理局",
            24,
            st,
        ));
        assert_eq!(l, " ✓ 单位名称* 东阿县安全…");
        assert_eq!(width(&l), 24);
        // Too little room: the answer is left out, the label kept.
        let l = text(&with_answer(" ✓ 机关其他编制实有人数", "12", 25, st));
        assert_eq!(l, " ✓ 机关其他编制实有人数");
        // A short answer in little room still shows.
        assert_eq!(text(&with_answer(" ✓ 甲", "是", 8, st)), " ✓ 甲 是");
        // A label wider than the pane is cut, with no answer.
        let l = text(&with_answer(" ✓ 一个非常非常长的标签", "是", 10, st));
        assert_eq!(width(&l), 10);
        assert!(l.ends_with('…'), "{l}");
    }
}
