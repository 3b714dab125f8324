//! 同步: export (folder, incremental, encrypted), import a file, trust a key
//! by fingerprint, and the conflicted entries with their sides.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::TextArea;

use super::super::action::ConflictEntry;
use super::super::model::{Resolving, SYNC_ROWS, SyncState};
use super::text::{fit, pad, width, wrap};
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
    // Each message wrapped, not cut: a path or a fingerprint is read whole.
    let log = wrapped_log(&s.log, usize::from(inner.width));
    let log_h = (log.len() as u16).clamp(1, inner.height / 2);
    let [top, log_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(log_h)]).areas(inner);
    let w = usize::from(top.width);
    let mut rows = Rows {
        s,
        w,
        label_w: 16.min(w / 3),
        lines: Vec::new(),
        cursor: None,
    };
    rows.settings();
    rows.conflicts();
    rows.render(frame, top);
    render_log(&log, frame, log_area);
}

/// The lines of the sync screen as they are built, and where the cursor
/// goes.
struct Rows<'a> {
    s: &'a SyncState,
    w: usize,
    /// The width of a text input's label.
    label_w: usize,
    lines: Vec<Line<'static>>,
    /// The text input under the cursor: its line and the text before the
    /// cursor.
    cursor: Option<(usize, String)>,
}

impl Rows<'_> {
    /// Whether settings row `row` is selected (none is while resolving).
    fn on(&self, row: usize) -> bool {
        self.s.row == row && self.s.resolving.is_none()
    }

    /// The settings: where to export, how, where to import from, a key to
    /// trust; then this device's key and the number of conflicts.
    fn settings(&mut self) {
        let s = self.s;
        self.choose(
            0,
            &i18n::ui_export_bundle(),
            &i18n::ui_export_choose(&s.data.folder),
        );
        self.toggle(1, s.incremental, i18n::ui_incremental(), String::new());
        let enc_note = if s.data.can_encrypt {
            String::new()
        } else {
            format!("  {}", i18n::ui_no_hq_key())
        };
        self.toggle(2, s.encrypt, i18n::ui_encrypt(), enc_note);
        self.choose(3, &i18n::ui_import_bundle(), &i18n::ui_import_choose());
        self.input(4, &i18n::ui_trust_fp(), &s.trust_fp);
        self.lines.push(Line::from(Span::styled(
            fit(
                &i18n::ui_own_key(&s.data.fingerprint, s.data.trusted),
                self.w,
            ),
            Style::default().add_modifier(Modifier::DIM),
        )));
        self.lines.push(Line::from(Span::styled(
            fit(&i18n::ui_conflicts_count(s.data.conflicts.len()), self.w),
            Style::default().add_modifier(Modifier::BOLD),
        )));
    }

    /// A labelled text input on settings row `row`.
    fn input(&mut self, row: usize, label: &str, t: &TextArea<'static>) {
        let on = self.on(row);
        let text: String = t.lines().join("");
        if on {
            self.cursor = Some((self.lines.len(), text.chars().take(t.cursor().1).collect()));
        }
        let marker = if on { "▶ " } else { "  " };
        self.lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}", pad(label, self.label_w)), style(on)),
            Span::raw(fit(&text, self.w.saturating_sub(self.label_w + 2))),
        ]));
    }

    /// A row whose Enter opens the chooser: its label and what Enter does
    /// (a folder in it wrapped, never cut).
    fn choose(&mut self, row: usize, label: &str, note: &str) {
        let on = self.on(row);
        let marker = if on { "▶ " } else { "  " };
        let room = self.w.saturating_sub(self.label_w + 2).max(8);
        for (i, part) in wrap(note, room).into_iter().enumerate() {
            let head = if i == 0 {
                format!("{marker}{}", pad(label, self.label_w))
            } else {
                " ".repeat(self.label_w + 2)
            };
            self.lines.push(Line::from(vec![
                Span::styled(head, style(on && i == 0)),
                Span::raw(part),
            ]));
        }
    }

    /// A check box on settings row `row`.
    fn toggle(&mut self, row: usize, on_off: bool, label: String, note: String) {
        let on = self.on(row);
        let marker = if on { "▶ " } else { "  " };
        self.lines.push(Line::from(Span::styled(
            fit(
                &format!("{marker}  {} {label}{note}", check(on_off)),
                self.w,
            ),
            style(on),
        )));
    }

    /// The conflicted entries; the one being resolved with its fields.
    fn conflicts(&mut self) {
        let s = self.s;
        for (i, c) in s.data.conflicts.iter().enumerate() {
            let on = s.row == SYNC_ROWS + i;
            let marker = if on { "▶ " } else { "  " };
            self.lines.push(Line::from(Span::styled(
                fit(&format!("{marker}！{}", c.title), self.w),
                style(on && s.resolving.is_none()),
            )));
            if let Some(r) = s.resolving.as_ref().filter(|r| r.entry == i) {
                self.resolving(c, r);
            }
        }
    }

    /// The fields of a conflicted entry being resolved, each with its
    /// numbered sides and the one picked.
    fn resolving(&mut self, c: &ConflictEntry, r: &Resolving) {
        let w = self.w;
        for (fi, f) in c.fields.iter().enumerate() {
            let here = fi == r.field;
            let picked = r.picks.get(fi).copied().flatten();
            self.lines.push(Line::from(Span::styled(
                fit(
                    &format!("    {} {}", if here { "▸" } else { " " }, f.label),
                    w,
                ),
                style(here).add_modifier(Modifier::BOLD),
            )));
            for (si, side) in f.sides.iter().enumerate() {
                let mark = if picked == Some(si + 1) { "●" } else { "○" };
                self.lines.push(Line::from(fit(
                    &format!("        {mark} {} {side}", si + 1),
                    w,
                )));
            }
        }
    }

    /// Draws the lines into `top`, scrolled to show the last ones, with
    /// the cursor in the selected text input.
    fn render(self, frame: &mut Frame, top: Rect) {
        let height = usize::from(top.height);
        let skip = self.lines.len().saturating_sub(height);
        let shown: Vec<Line> = self.lines.into_iter().skip(skip).collect();
        frame.render_widget(Paragraph::new(shown), top);
        if let Some((row, before)) = self.cursor
            && row >= skip
        {
            let x =
                top.x + (2 + self.label_w + width(&before)).min(self.w.saturating_sub(1)) as u16;
            frame.set_cursor_position(Position {
                x,
                y: top.y + (row - skip) as u16,
            });
        }
    }
}

/// The log's messages as screen lines `w` columns wide.
fn wrapped_log(log: &[String], w: usize) -> Vec<String> {
    log.iter().flat_map(|l| wrap(l, w)).collect()
}

/// The last lines of the log that fit, dimmed.
fn render_log(log: &[String], frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = log
        .iter()
        .rev()
        .take(usize::from(area.height))
        .rev()
        .map(|l| Line::from(l.as_str()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).style(Style::default().add_modifier(Modifier::DIM)),
        area,
    );
}
