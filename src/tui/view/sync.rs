//! 同步: export (folder, incremental, encrypted), import a file, trust a key
//! by fingerprint, and the conflicted entries with their sides.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::TextArea;

use super::super::model::{SYNC_ROWS, SyncState};
use super::text::{fit, pad, width};
use crate::i18n;

fn style(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

fn check(b: bool) -> &'static str {
    if b { "[x]" } else { "[ ]" }
}

/// Draws the sync screen.
pub fn render(s: &SyncState, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        i18n::ui_sync_title(),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let log_h = (s.log.len() as u16).clamp(1, inner.height / 3);
    let [top, log] = Layout::vertical([Constraint::Min(3), Constraint::Length(log_h)]).areas(inner);
    let w = usize::from(top.width);
    let label_w = 16.min(w / 3);
    let mut lines: Vec<Line> = Vec::new();
    // The text input under the cursor: its line and the text before the cursor.
    let mut cursor: Option<(usize, String)> = None;
    let inputs: [(usize, String, &TextArea<'static>); 3] = [
        (0, i18n::ui_export_to(), s.export_to.as_ref()),
        (3, i18n::ui_import_from(), s.import_from.as_ref()),
        (4, i18n::ui_trust_fp(), s.trust_fp.as_ref()),
    ];
    let input_line = |row: usize,
                      label: &str,
                      t: &TextArea<'static>,
                      lines: &mut Vec<Line>,
                      cursor: &mut Option<(usize, String)>| {
        let on = s.row == row && s.resolving.is_none();
        let text: String = t.lines().join("");
        if on {
            *cursor = Some((lines.len(), text.chars().take(t.cursor().1).collect()));
        }
        let marker = if on { "▶ " } else { "  " };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(label, label_w)), style(on)),
            Span::raw(fit(&text, w.saturating_sub(label_w + 2))),
        ]));
    };
    let [export_in, import_in, trust_in] = &inputs;
    input_line(
        export_in.0,
        &export_in.1,
        export_in.2,
        &mut lines,
        &mut cursor,
    );
    let toggle = |row: usize, on_off: bool, label: String, note: String| {
        let on = s.row == row && s.resolving.is_none();
        let marker = if on { "▶ " } else { "  " };
        Line::from(Span::styled(
            fit(&format!("{marker}  {} {label}{note}", check(on_off)), w),
            style(on),
        ))
    };
    let enc_note = if s.data.can_encrypt {
        String::new()
    } else {
        format!("  {}", i18n::ui_no_hq_key())
    };
    lines.push(toggle(
        1,
        s.incremental,
        i18n::ui_incremental(),
        String::new(),
    ));
    lines.push(toggle(2, s.encrypt, i18n::ui_encrypt(), enc_note));
    input_line(
        import_in.0,
        &import_in.1,
        import_in.2,
        &mut lines,
        &mut cursor,
    );
    input_line(trust_in.0, &trust_in.1, trust_in.2, &mut lines, &mut cursor);
    lines.push(Line::from(Span::styled(
        fit(&i18n::ui_own_key(&s.data.fingerprint, s.data.trusted), w),
        Style::default().add_modifier(Modifier::DIM),
    )));
    lines.push(Line::from(Span::styled(
        fit(&i18n::ui_conflicts_count(s.data.conflicts.len()), w),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    for (i, c) in s.data.conflicts.iter().enumerate() {
        let on = s.row == SYNC_ROWS + i;
        let marker = if on { "▶ " } else { "  " };
        lines.push(Line::from(Span::styled(
            fit(&format!("{marker}！{}", c.title), w),
            style(on && s.resolving.is_none()),
        )));
        if let Some(r) = s.resolving.as_ref().filter(|r| r.entry == i) {
            for (fi, f) in c.fields.iter().enumerate() {
                let here = fi == r.field;
                let picked = r.picks.get(fi).copied().flatten();
                lines.push(Line::from(Span::styled(
                    fit(
                        &format!("    {} {}", if here { "▸" } else { " " }, f.label),
                        w,
                    ),
                    style(here).add_modifier(Modifier::BOLD),
                )));
                for (si, side) in f.sides.iter().enumerate() {
                    let mark = if picked == Some(si + 1) { "●" } else { "○" };
                    lines.push(Line::from(fit(
                        &format!("        {mark} {} {side}", si + 1),
                        w,
                    )));
                }
            }
        }
    }
    let height = usize::from(top.height);
    let skip = lines.len().saturating_sub(height);
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown), top);
    if let Some((row, before)) = cursor
        && row >= skip
    {
        let x = top.x + (2 + label_w + width(&before)).min(w.saturating_sub(1)) as u16;
        frame.set_cursor_position(Position {
            x,
            y: top.y + (row - skip) as u16,
        });
    }
    let log_lines: Vec<Line> = s
        .log
        .iter()
        .rev()
        .take(usize::from(log.height))
        .rev()
        .map(|l| Line::from(fit(l, usize::from(log.width))))
        .collect();
    frame.render_widget(
        Paragraph::new(log_lines).style(Style::default().add_modifier(Modifier::DIM)),
        log,
    );
}
