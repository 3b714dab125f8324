//! 帮助 (F1): every key of the screen it was opened from, and the workflow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::action::Cmd;
use super::super::keymap::{Key, KeyLine, Keymap};
use super::super::model::{HelpState, ScreenKind};
use super::text::pad;
use crate::i18n;

/// The keys of a screen, with what they do, as the keymap has them: the
/// F1 list of a screen names commands; the keys are the user's.
pub fn keys_of(keymap: &Keymap, h: &HelpState) -> Vec<(String, String)> {
    let mut out = keymap.lines(lines_of(h), h.of.mode());
    if let Some(m) = &h.minutes {
        // `#标签` is typed text, no key of the keymap: after the speaker's.
        let tags: Vec<String> = m.tags.iter().map(|t| format!("#{t}")).collect();
        let after = i18n::h_speaker_n(&m.table);
        let at = out
            .iter()
            .position(|(_, what)| *what == after)
            .map_or(out.len(), |i| i + 1);
        out.insert(
            at,
            (i18n::h_tag_key(), i18n::h_tag(&m.remark, &tags.join(" "))),
        );
    }
    out
}

/// The lines of a screen's keys, before the keymap names them.
fn lines_of(h: &HelpState) -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::{All, First, Text};
    use i18n::*;
    let mut rows: Vec<KeyLine> = vec![
        (&[First(Help)], "", h_help()),
        (&[All(Search)], " / ", h_search()),
        (&[All(Sync)], " / ", h_sync()),
        (&[All(Quit)], " / ", h_quit()),
        (&[All(Back)], " / ", h_back()),
    ];
    match h.of {
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
            (&[All(ImportUnits)], " / ", h_import_units()),
            (&[All(ImportRoster)], " / ", h_import_roster()),
            (&[All(SwitchCampaign)], " / ", h_switch_campaign()),
            (&[Text("1-9")], "", h_open_unit_n()),
        ]),
        ScreenKind::Unit => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Next), All(Prev)], " / ", h_next_stage()),
            (&[All(Enter)], "", h_open_entry()),
            (&[All(New)], " / ", h_new_entry()),
            (&[All(Quick)], " / ", h_quick()),
            (&[All(Finalize)], " / ", h_finalize_complete()),
            (&[All(Findings)], " / ", h_findings()),
            (&[All(Delete), All(Clear)], " / ", h_delete_entry()),
            (&[All(Approve)], " / ", h_approve()),
            (&[All(Return)], " / ", h_return()),
            (&[All(Edit)], " / ", h_edit_unit()),
            (&[All(Export)], " / ", h_unit_report()),
        ]),
        ScreenKind::Findings => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Enter)], "", h_accept()),
            (&[All(Right)], "", h_open_source()),
            (&[All(Dismiss)], " / ", h_dismiss()),
            (&[All(New)], " / ", h_new_finding()),
        ]),
        ScreenKind::Form => {
            let next = match &h.minutes {
                Some(m) => h_next_item_minutes(&m.remark),
                None => h_next_item(),
            };
            rows.push((&[All(Next), All(Enter), All(Down)], " / ", next));
            if let Some(m) = &h.minutes {
                rows.extend([
                    (&[All(Enter)][..], "", h_minutes_enter(&m.remark)),
                    (&[All(NextSpeaker)], " / ", h_next_speaker(&m.table)),
                    (&[Text("Alt+1…9")], "", h_speaker_n(&m.table)),
                ]);
            }
            rows.extend(form_lines());
        }
        ScreenKind::Quick => rows.extend([
            (&[Text("1-9")][..], "", h_quick_answer()),
            (&[Text("0 / Space")], "", h_quick_no_answer()),
            (&[All(Enter)], " / ", h_quick_text()),
            (&[All(Backspace)], " / ", h_quick_back()),
        ]),
        ScreenKind::Help => rows.extend([(
            &[All(Up), All(Down), All(PageUp), All(PageDown)][..],
            " ",
            h_scroll(),
        )]),
        ScreenKind::Summary => rows.extend([
            (&[All(Up), All(Down)][..], " ", h_move()),
            (&[All(Enter)], "", h_summary_open_unit()),
            (&[All(Left), All(Right)], " ", h_chart()),
            (&[All(Export)], " / ", h_export_reports()),
        ]),
        ScreenKind::Search => rows.extend([
            (&[All(Enter)][..], " / ", h_search_enter()),
            (
                &[All(Up), All(Down), All(PageUp), All(PageDown)],
                " ",
                h_search_move(),
            ),
            (&[All(Clear)], " / ", h_search_clear()),
        ]),
        ScreenKind::Sync => rows.extend([
            (&[All(Up), All(Down), All(Next)][..], " ", h_move()),
            (&[All(Enter)], "", h_sync_run()),
            (&[Text("Space")], "", h_sync_toggle()),
        ]),
    }
    rows
}

/// The form screen's lines after the first.
fn form_lines() -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::{All, Text};
    use i18n::*;
    vec![
        (&[All(Prev), All(Up)], " / ", h_prev_item()),
        (&[All(JumpPrev), All(JumpNext)], " / ", h_jump()),
        (&[Text("Alt+1…9")], "", h_jump_n()),
        (&[Text("1-9")], "", h_pick()),
        (&[All(Commit)], " / ", h_commit_multiline()),
        (&[All(Save)], " / ", h_save()),
        (&[All(Clear)], " / ", h_clear()),
        (&[All(Finalize)], " / ", h_finalize()),
        (&[All(NextRequired)], " / ", h_next_required()),
        (&[All(History)], " / ", h_history()),
        (&[All(Page)], " / ", h_whole_page()),
        (&[All(Enter)], " / ", h_attach_add()),
        (
            &[All(Right), Text("Space"), All(Clear)],
            " / ",
            h_attach_list(),
        ),
        (&[All(Browse)], " / ", h_attach_browse()),
        // Keys of the list dialog (letters there), not of the field.
        (&[Text("o / e / d / n")], "", h_attach_open()),
        (&[All(Undo)], " / ", h_undo()),
        (&[All(Redo)], " / ", h_redo()),
        (&[All(PageUp), All(PageDown)], " / ", h_page()),
    ]
}

/// Display columns of the keys before what they do.
const KEY_COLUMN: usize = 22;

/// Draws help.
pub fn render(h: &HelpState, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(Span::styled(
        i18n::ui_help_keys(),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    // A long description wraps under itself, past the keys' column.
    let room = usize::from(area.width.saturating_sub(2))
        .saturating_sub(KEY_COLUMN + 2)
        .max(10);
    for (key, what) in keys_of(keymap, h) {
        for (i, part) in super::text::wrap(&what, room).into_iter().enumerate() {
            let key = if i == 0 { key.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(
                    // At least one space between the keys and what they do.
                    format!("  {} ", pad(key, KEY_COLUMN - 1)),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(part),
            ]));
        }
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
