//! 问卷快速录入: one big question, numbered options (or the text typed for
//! the open question), the counter and the last five questionnaires entered.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::model::QuickState;
use super::text::fit;
use crate::form::ItemType;
use crate::i18n;

/// Draws quick entry.
pub fn render(q: &QuickState, frame: &mut Frame, area: Rect) {
    let title = format!(
        "{} · {} · {}",
        q.unit.name,
        q.form.def.ui_title(),
        i18n::ui_quick_counter(q.count + 1)
    );
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        title,
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let recent_h = (q.recent.len() as u16 + 1).min(inner.height / 3);
    let [main, recent] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(recent_h)]).areas(inner);
    let w = usize::from(main.width);
    let mut lines = Vec::new();
    if let Some(item) = q.items.get(q.pos).and_then(|id| q.form.item(id)) {
        lines.push(Line::from(Span::styled(
            i18n::ui_question_of(q.pos + 1, q.items.len()),
            Style::default().add_modifier(Modifier::DIM),
        )));
        lines.push(Line::from(Span::styled(
            item.ui_label().to_string(),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::from(""));
        if item.kind == ItemType::Text {
            let typed = q.answers.get(q.pos).cloned().flatten().unwrap_or_default();
            lines.push(Line::from(format!("   {}▏", typed.replace('\n', " "))));
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                i18n::ui_quick_text_hint(),
                Style::default().add_modifier(Modifier::DIM),
            )));
        }
        let labels: Vec<String> = match item.kind {
            ItemType::Text => vec![],
            ItemType::Yesno => vec![i18n::yes_no(true), i18n::yes_no(false)],
            ItemType::Scale => item
                .scale_values()
                .enumerate()
                .map(|(i, v)| {
                    item.ui_step_label(i)
                        .map_or_else(|| v.to_string(), str::to_string)
                })
                .collect(),
            _ => item
                .choices()
                .iter()
                .map(|c| c.ui_label().to_string())
                .collect(),
        };
        for (i, label) in labels.iter().enumerate() {
            lines.push(Line::from(fit(&format!("   {}  {label}", i + 1), w)));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), main);
    let mut done = vec![Line::from(Span::styled(
        i18n::ui_recent(),
        Style::default().add_modifier(Modifier::DIM),
    ))];
    let first = q.count + 1 - q.recent.len().min(q.count + 1);
    for (i, r) in q.recent.iter().enumerate() {
        done.push(Line::from(fit(
            &format!(
                "{}  {r}",
                super::text::pad(&i18n::ui_quick_counter(first + i), 10)
            ),
            usize::from(recent.width),
        )));
    }
    frame.render_widget(Paragraph::new(done), recent);
}
