//! 汇总: one line per unit (核定, 实有, findings, rules not decided, score,
//! grade; a unit listed under another right after it), a bar chart
//! of one questionnaire item over every unit, and the grades.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::model::SummaryState;
use super::super::mouse::Hits;
use super::lists::scroll_top;
use super::text::{fit, pad, width};
use crate::i18n;

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// Bars of `(label, count)`, scaled to `w` columns, labels padded.
fn bars(items: &[(String, usize)], w: usize) -> Vec<Line<'static>> {
    let max = items.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let label_w = items
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(4)
        .min(w / 3);
    let room = w.saturating_sub(label_w + 8);
    items
        .iter()
        .map(|(label, count)| {
            let len = count * room / max;
            Line::from(vec![
                Span::raw(pad(label, label_w)),
                Span::raw(" "),
                Span::styled("█".repeat(len), Style::default()),
                Span::raw(format!(" {count}")),
            ])
        })
        .collect()
}

/// Draws the summary.
pub fn render(s: &SummaryState, hits: &Hits, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(
            &format!("{} · {}", i18n::ui_summary_title(), s.data.title),
            usize::from(area.width.saturating_sub(4)),
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table, charts] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Min(4)]).areas(inner);
    let w = usize::from(table.width);
    // The name takes what the figures leave, between 18 and 28 columns.
    let name_w = w.saturating_sub(46).clamp(18, 28);
    // 绩效考核: steps done, of seven.
    let progress = s.data.rows.iter().any(|r| r.progress.is_some());
    let mut header = format!(
        "{}{}",
        pad(&i18n::ui_col_unit(), name_w + 2),
        i18n::ui_summary_cols()
    );
    if progress {
        header.push_str(&i18n::ui_summary_progress());
    }
    let mut lines = vec![Line::from(Span::styled(
        fit(&header, w),
        Style::default().add_modifier(Modifier::DIM),
    ))];
    let height = usize::from(table.height).saturating_sub(1);
    let top = scroll_top(s.selected, s.data.rows.len(), height);
    let shown = s.data.rows.len().saturating_sub(top).min(height);
    hits.rows(table, table.y + 1, top, shown);
    for (i, r) in s.data.rows.iter().enumerate().skip(top).take(height) {
        let on = i == s.selected;
        // A unit listed under another follows it, marked └.
        let name = match r.depth {
            0 => r.name.clone(),
            d => format!("{}└ {}", "  ".repeat(d - 1), r.name),
        };
        let mut text = format!(
            "{}{}{:>5} {:>5} {:>5} {:>6} {:>8} {:>5} {:>4}",
            if on { "▶ " } else { "  " },
            pad(&name, name_w),
            num(r.quota),
            num(r.actual),
            r.findings,
            r.open,
            r.gaps,
            r.score.map_or_else(|| "—".into(), |v| format!("{v:.1}")),
            r.grade.clone().unwrap_or_else(|| "—".into())
        );
        if let Some(done) = r.progress {
            text.push_str(&format!(" {:>5}", i18n::st_progress(done)));
        }
        let style = if on {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&text, w), style)));
    }
    frame.render_widget(Paragraph::new(lines), table);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(65), Constraint::Percentage(35)]).areas(charts);
    let lw = usize::from(left.width);
    let mut chart = Vec::new();
    match s.data.charts.get(s.chart) {
        Some((label, items)) => {
            chart.push(Line::from(Span::styled(
                fit(&i18n::ui_summary_chart(label), lw),
                Style::default().add_modifier(Modifier::BOLD),
            )));
            chart.extend(bars(items, lw));
        }
        None => chart.push(Line::from(i18n::ui_no_questionnaires())),
    }
    frame.render_widget(Paragraph::new(chart), left);
    let rw = usize::from(right.width);
    let mut grades = vec![Line::from(Span::styled(
        fit(&i18n::ui_summary_grades(), rw),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    grades.extend(bars(&s.data.grades, rw));
    frame.render_widget(Paragraph::new(grades), right);
}
