//! 帮助 (F1): every key of the screen it was opened from, and the workflow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::action::Cmd;
use super::super::keymap::{Key, KeyLine, Keymap};
use super::super::model::{HelpState, ScreenKind};
use crate::i18n;

/// The keys of a screen, with what they do, as the keymap has them: the
/// F1 list of a screen names commands; the keys are the user's.
pub fn keys_of(keymap: &Keymap, kind: ScreenKind) -> Vec<(String, String)> {
    use Cmd::*;
    use Key::{All, First, Text};
    use i18n::*;
    let mut rows: Vec<KeyLine> = vec![
        (&[First(Help)], "", h_help()),
        (&[All(Sync)], " / ", h_sync()),
        (&[All(Quit)], " / ", h_quit()),
        (&[All(Back)], " / ", h_back()),
    ];
    match kind {
        ScreenKind::FirstRun => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Enter), Text("1")], " / ", h_start_demo()),
        ]),
        ScreenKind::Home => rows.extend([
            (
                &[All(Up), All(Down), All(PageUp), All(PageDown)][..],
                " ",
                h_move(),
            ),
            (&[All(Enter)], "", h_open_unit()),
            (&[All(Summary)], " / ", h_summary()),
            (&[All(Edit)], " / ", h_edit_unit()),
            (&[All(Assign)], " / ", h_assign()),
            (&[All(NewTeam)], " / ", h_new_team()),
            (&[All(AddUnit)], " / ", h_add_unit()),
            (&[Text("1-9")], "", h_open_unit_n()),
        ]),
        ScreenKind::Unit => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Next), All(Prev)], " / ", h_next_stage()),
            (&[All(Enter)], "", h_open_entry()),
            (&[All(New)], " / ", h_new_entry()),
            (&[All(Quick)], " / ", h_quick()),
            (&[All(Findings)], " / ", h_findings()),
            (&[All(Delete), All(Clear)], " / ", h_delete_entry()),
            (&[All(Approve)], " / ", h_approve()),
            (&[All(Return)], " / ", h_return()),
            (&[All(Edit)], " / ", h_edit_unit()),
        ]),
        ScreenKind::Findings => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Enter)], "", h_accept()),
            (&[All(Dismiss)], " / ", h_dismiss()),
            (&[All(New)], " / ", h_new_finding()),
        ]),
        ScreenKind::Form => rows.extend([
            (
                &[All(Next), All(Enter), All(Down)][..],
                " / ",
                h_next_item(),
            ),
            (&[All(Prev), All(Up)], " / ", h_prev_item()),
            (&[All(JumpPrev), All(JumpNext)], " / ", h_jump()),
            (&[Text("Alt+1…9")], "", h_jump_n()),
            (&[Text("1-9")], "", h_pick()),
            (&[All(Commit)], " / ", h_commit_multiline()),
            (&[All(Save)], " / ", h_save()),
            (&[All(Clear)], " / ", h_clear()),
            (&[All(Finalize)], " / ", h_finalize()),
            (&[All(Undo)], " / ", h_undo()),
            (&[All(Redo)], " / ", h_redo()),
            (&[All(PageUp), All(PageDown)], " / ", h_page()),
        ]),
        ScreenKind::Quick => rows.extend([
            (&[Text("1-9")][..], "", h_quick_answer()),
            (&[All(Backspace)], " / ", h_quick_back()),
        ]),
        ScreenKind::Help => rows.extend([(
            &[All(Up), All(Down), All(PageUp), All(PageDown)][..],
            " ",
            h_scroll(),
        )]),
        ScreenKind::Summary => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Left), All(Right)], " ", h_chart()),
            (&[All(Export)], " / ", h_export_reports()),
        ]),
        ScreenKind::Sync => rows.extend([
            (&[All(Up), All(Down), All(Next)][..], " ", h_move()),
            (&[All(Enter)], "", h_sync_run()),
            (&[Text("Space")], "", h_sync_toggle()),
        ]),
    }
    keymap.lines(rows, kind.mode())
}

/// Draws help.
pub fn render(h: &HelpState, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled(
        i18n::ui_help_keys(),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    for (key, what) in keys_of(keymap, h.of) {
        lines.push(Line::from(vec![
            Span::styled(
                // At least one space between the keys and what they do.
                format!("  {key:<17} "),
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
