//! 帮助 (F1): every key of the screen it was opened from, and the workflow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::model::{HelpState, ScreenKind};
use crate::i18n;

/// The keys of a screen, with what they do.
pub fn keys_of(kind: ScreenKind) -> Vec<(&'static str, String)> {
    use i18n::*;
    let mut keys = vec![
        ("F1", h_help()),
        ("F5", h_sync()),
        ("F10 / Ctrl+Q", h_quit()),
        ("Esc", h_back()),
    ];
    match kind {
        ScreenKind::FirstRun => keys.extend([("↑ ↓", h_move()), ("Enter / 1", h_start_demo())]),
        ScreenKind::Home => keys.extend([
            ("↑ ↓ PgUp PgDn", h_move()),
            ("Enter", h_open_unit()),
            ("s", h_summary()),
            ("e", h_edit_unit()),
            ("t", h_assign()),
            ("T", h_new_team()),
            ("a", h_add_unit()),
            ("1-9", h_open_unit_n()),
        ]),
        ScreenKind::Unit => keys.extend([
            ("↑ ↓", h_move()),
            ("Tab / Shift+Tab", h_next_stage()),
            ("Enter", h_open_entry()),
            ("n / F7", h_new_entry()),
            ("q", h_quick()),
            ("f", h_findings()),
            ("Del / F8", h_delete_entry()),
            ("v", h_approve()),
            ("r", h_return()),
            ("e", h_edit_unit()),
        ]),
        ScreenKind::Findings => keys.extend([
            ("↑ ↓", h_move()),
            ("Enter", h_accept()),
            ("d", h_dismiss()),
            ("n / F7", h_new_finding()),
        ]),
        ScreenKind::Form => keys.extend([
            ("Tab / Enter / ↓", h_next_item()),
            ("Shift+Tab / ↑", h_prev_item()),
            ("Ctrl+↑ / Ctrl+↓", h_jump()),
            ("Alt+1…9", h_jump_n()),
            ("1-9", h_pick()),
            ("Ctrl+Enter", h_commit_multiline()),
            ("F2 / Ctrl+S", h_save()),
            ("F8", h_clear()),
            ("F9", h_finalize()),
            ("Ctrl+Z", h_undo()),
            ("PgUp / PgDn", h_page()),
        ]),
        ScreenKind::Quick => {
            keys.extend([("1-9", h_quick_answer()), ("Backspace", h_quick_back())])
        }
        ScreenKind::Help => keys.extend([("↑ ↓ PgUp PgDn", h_scroll())]),
        ScreenKind::Summary => keys.extend([
            ("↑ ↓", h_move()),
            ("← →", h_chart()),
            ("x", h_export_reports()),
        ]),
        ScreenKind::Sync => keys.extend([
            ("↑ ↓ Tab", h_move()),
            ("Enter", h_sync_run()),
            ("Space", h_sync_toggle()),
        ]),
    }
    keys
}

/// Draws help.
pub fn render(h: &HelpState, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled(
        i18n::ui_help_keys(),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    for (key, what) in keys_of(h.of) {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {key:<18}"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(what),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        i18n::ui_help_workflow_title(),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    let w = usize::from(area.width.saturating_sub(4));
    for l in i18n::ui_help_workflow().lines() {
        for part in super::text::wrap(l, w) {
            lines.push(Line::from(format!("  {part}")));
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(i18n::ui_help());
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((h.scroll, 0)),
        area,
    );
}
