//! 首页, 单位 and 问题清单: lists with a selection marked by ▶ and reverse
//! video (never by colour alone).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::action::{EntryRow, StageEntries};
use super::super::model::{FindingsState, FirstRunState, HomeState, UnitLine, UnitState};
use super::super::mouse::Hits;
use super::text::{clip, fit, pad, wrap};
use crate::analysis::FindingState;
use crate::domain::Status;
use crate::form::display::{status_text, time_text};
use crate::i18n;

pub(super) fn selected_style(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

pub(super) fn marker(on: bool) -> &'static str {
    if on { "▶ " } else { "  " }
}

/// The first line shown so that `selected` stays visible in `height` lines.
pub fn scroll_top(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

/// First run: what to start with.
pub fn first_run(s: &FirstRunState, frame: &mut Frame, area: Rect) {
    let w = usize::from(area.width.saturating_sub(4));
    let mut lines = vec![
        Line::from(Span::styled(
            i18n::ui_welcome(),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
    ];
    let choices = [
        i18n::ui_start_demo(),
        i18n::ui_import_plan_choice(),
        i18n::ui_new_campaign_choice(),
    ];
    for (i, text) in choices.iter().enumerate() {
        let on = s.selected == i;
        lines.push(Line::from(Span::styled(
            fit(&format!("{}{}  {text}", marker(on), i + 1), w),
            selected_style(on),
        )));
    }
    lines.push(Line::from(""));
    for hint in [i18n::ui_first_run_plan(), i18n::ui_first_run_cli()] {
        lines.push(Line::from(Span::styled(
            fit(&hint, w),
            Style::default().add_modifier(Modifier::DIM),
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
        area,
    );
}

fn progress_bar(
    stages: &[(crate::domain::Stage, crate::store::FormCount)],
) -> (String, usize, usize) {
    let done = |(s, n): &(crate::domain::Stage, crate::store::FormCount)| s.done_by(n.done);
    let required: Vec<_> = stages.iter().filter(|(s, _)| s.min > 0).collect();
    let bar: String = required
        .iter()
        .map(|st| if done(st) { '■' } else { '□' })
        .collect();
    let n = required.iter().filter(|st| done(st)).count();
    (bar, n, required.len())
}

/// 首页: the campaign's units and their progress.
pub fn home(s: &HomeState, hits: &Hits, frame: &mut Frame, area: Rect) {
    let c = &s.data.campaign;
    let title = if c.demo {
        format!("{} {}", c.name, i18n::ui_demo_mark())
    } else {
        c.name.clone()
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&title, usize::from(area.width.saturating_sub(4))),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let name_w = (w / 3).clamp(8, 24);
    let team_w = 8.min(w.saturating_sub(name_w + 4));
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "  {}{}{} {}",
                pad(&i18n::ui_col_unit(), name_w),
                pad(&i18n::ui_col_team(), team_w),
                i18n::ui_col_progress(),
                i18n::ui_col_findings()
            ),
            w,
        ),
        Style::default().add_modifier(Modifier::DIM),
    ))];
    let height = usize::from(inner.height).saturating_sub(1);
    let top = scroll_top(s.selected, s.data.units.len(), height);
    let shown = s.data.units.len().saturating_sub(top).min(height);
    hits.rows(inner, inner.y + 1, top, shown);
    for (i, u) in s.data.units.iter().enumerate().skip(top).take(height) {
        let (bar, done, total) = progress_bar(&u.stages);
        let text = format!(
            "{}{}{}{} {done}/{total}  {}",
            marker(i == s.selected),
            pad(&format!("{} {}", i + 1, u.unit.name), name_w),
            pad(u.team.as_deref().unwrap_or("—"), team_w),
            bar,
            i18n::ui_findings_count(u.findings)
        );
        let text = if u.approved + u.returned > 0 {
            format!("{text}  {}", i18n::ui_review_counts(u.approved, u.returned))
        } else {
            text
        };
        lines.push(Line::from(Span::styled(
            fit(&text, w),
            selected_style(i == s.selected),
        )));
    }
    if s.data.units.is_empty() {
        lines.push(Line::from(i18n::ui_no_units()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// An entry of the unit screen or the 问题清单: its status, HQ's review
/// right after it (at most half the line, so a narrow screen still shows
/// it), the title, then who changed it last and when (what gives way
/// first).
fn entry_line(e: &EntryRow, w: usize, on: bool) -> Line<'static> {
    let mut flags = status_text(e.status);
    if e.conflicted {
        flags = format!("{flags} {}", i18n::ui_conflict_mark());
    }
    let review = e
        .review
        .as_deref()
        .map(|r| fit(r, (w / 2).max(8)))
        .unwrap_or_default();
    let files = if e.attachments > 0 {
        format!(" {}", i18n::ui_at_mark(e.attachments))
    } else {
        String::new()
    };
    let text = format!(
        "{}    • [{flags}]{review}{files} {}  {} {}",
        marker(on),
        e.title,
        e.author,
        time_text(&e.updated_at),
    );
    Line::from(Span::styled(fit(&text, w), selected_style(on)))
}

/// 单位: baseline on the left, visit stages and entries on the right.
pub fn unit(s: &UnitState, hits: &Hits, frame: &mut Frame, area: Rect) {
    let right = if area.width >= 70 {
        let [l, r] = Layout::horizontal([Constraint::Length(30), Constraint::Min(20)]).areas(area);
        baseline(s, frame, l);
        r
    } else {
        area
    };
    let title = match &s.data.team {
        Some(t) => format!("{} · {t}", s.data.unit.name),
        None => s.data.unit.name.clone(),
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        title,
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let mut inner = block.inner(right);
    frame.render_widget(block, right);
    let w = usize::from(inner.width);
    // 上级单位, above the stages, for a unit listed under another.
    if let Some(parent) = &s.data.parent {
        let [head, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                fit(&i18n::ui_parent_line(parent), w),
                Style::default().add_modifier(Modifier::DIM),
            ))),
            head,
        );
        inner = rest;
    }
    let lines_all = s.lines();
    let height = usize::from(inner.height);
    let top = scroll_top(s.selected, lines_all.len(), height);
    hits.rows(
        inner,
        inner.y,
        top,
        lines_all.len().saturating_sub(top).min(height),
    );
    let mut lines = Vec::new();
    for (i, l) in lines_all.iter().enumerate().skip(top).take(height) {
        let on = i == s.selected;
        let line = match *l {
            UnitLine::Stage(st) => s.data.stages.get(st).map(|stage| stage_line(stage, w, on)),
            UnitLine::Entry(st, e) => s
                .data
                .stages
                .get(st)
                .and_then(|x| x.entries.get(e))
                .map(|row| entry_line(row, w, on)),
        };
        lines.extend(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The unit's baseline as label/value lines, boxed.
fn baseline(s: &UnitState, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(i18n::ui_baseline());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let pair = |k: &str, v: &str, key: usize| {
        Line::from(vec![
            Span::styled(
                pad(k, key.min(w)),
                Style::default().add_modifier(Modifier::DIM),
            ),
            Span::raw(fit(v, w.saturating_sub(key))),
        ])
    };
    let mut lines: Vec<Line> = s
        .data
        .baseline_text
        .iter()
        .map(|(k, v)| pair(k, v, 14))
        .collect();
    // 绩效考核: the procedure's steps under the baseline.
    if !s.data.steps.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            fit(&i18n::ui_steps_title(), w),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        lines.extend(s.data.steps.iter().map(|(k, v)| pair(k, v, 9)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A stage heading: its title, how many entries of how many needed, ✓
/// once done.
fn stage_line(stage: &StageEntries, w: usize, on: bool) -> Line<'static> {
    let of = |status| stage.entries.iter().filter(|e| e.status == status).count();
    let (finals, drafts) = (of(Status::Final), of(Status::Draft));
    let mut count = i18n::stage_count(finals, stage.stage.min, drafts);
    if stage.pending > 0 {
        count = format!("{count} {}", i18n::ui_pending_findings(stage.pending));
    }
    if stage.gaps > 0 {
        count = format!("{count} {}", i18n::ui_gaps_count(stage.gaps));
    }
    let mark = if stage.stage.done_by(finals) {
        " ✓"
    } else {
        ""
    };
    let text = format!(
        "{}{} {count}{mark}",
        marker(on),
        pad(&stage.stage.title, 12)
    );
    Line::from(Span::styled(
        fit(&text, w),
        selected_style(on).add_modifier(Modifier::BOLD),
    ))
}

/// Most rules that could not be decided listed above the 问题清单 (the
/// last line says how many more, when there are).
const GAPS_SHOWN: usize = 3;

/// The rules that could not be decided, in bold, at most two lines each:
/// data missing, not findings, so nothing to select.
fn gap_lines(gaps: &[String], w: usize) -> Vec<Line<'static>> {
    let shown = if gaps.len() > GAPS_SHOWN {
        GAPS_SHOWN - 1
    } else {
        gaps.len()
    };
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = gaps
        .iter()
        .take(shown)
        .flat_map(|g| clip(wrap(&format!("⚠ {g}"), w), 2, w))
        .map(|l| Line::from(Span::styled(l, bold)))
        .collect();
    if gaps.len() > shown {
        lines.push(Line::from(Span::styled(
            fit(&i18n::ui_more_gaps(gaps.len() - shown), w),
            bold,
        )));
    }
    lines
}

/// 问题清单: the findings entries of a unit.
pub fn findings(s: &FindingsState, hits: &Hits, frame: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!("{} · {}", s.data.unit.name, i18n::ui_findings()),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let entries: Vec<&EntryRow> = s
        .data
        .stages
        .iter()
        .filter(|st| st.stage.form == super::super::update::FINDINGS_FORM)
        .flat_map(|st| st.entries.iter())
        .collect();
    let mut lines = gap_lines(&s.gaps, w);
    if entries.is_empty() && s.auto.is_empty() {
        lines.push(Line::from(fit(&i18n::ui_no_findings(), w)));
    }
    if !s.auto.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(&i18n::ui_auto_help(), w),
            Style::default().add_modifier(Modifier::DIM),
        )));
    }
    // Automatic findings first, then the entries; one selection over both.
    let mut rows: Vec<Line> = s
        .auto
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let on = i == s.selected;
            let dismissed = match &a.state {
                FindingState::Dismissed { reason, .. } => Some(reason),
                _ => None,
            };
            let state = match dismissed {
                Some(r) => i18n::ui_dismissed_mark(r),
                None => i18n::ui_auto_mark(),
            };
            let text = format!("{}{state} {}：{}", marker(on), a.category, a.facts);
            let style = if dismissed.is_some() {
                selected_style(on).add_modifier(Modifier::DIM)
            } else {
                selected_style(on)
            };
            Line::from(Span::styled(fit(&text, w), style))
        })
        .collect();
    let stale = |id: &str| s.stale.iter().find(|(e, _)| e == id).map(|(_, w)| w);
    rows.extend(entries.iter().enumerate().map(|(i, e)| {
        let on = i + s.auto.len() == s.selected;
        match stale(&e.id) {
            Some(_) => {
                let mut e = (*e).clone();
                e.title = format!("{} {}", i18n::ui_stale_mark(), e.title);
                entry_line(&e, w, on)
            }
            None => entry_line(e, w, on),
        }
    }));
    // The selected entry's warning, when it is out of date, at the bottom.
    let warning = s
        .selected
        .checked_sub(s.auto.len())
        .and_then(|i| entries.get(i))
        .and_then(|e| stale(&e.id));
    let footer: Vec<Line> = warning
        .map(|text| clip(wrap(&format!("⚠ {text}"), w), 3, w))
        .unwrap_or_default()
        .into_iter()
        .map(|l| {
            Line::from(Span::styled(
                l,
                Style::default().add_modifier(Modifier::BOLD),
            ))
        })
        .collect();
    let height = usize::from(inner.height).saturating_sub(lines.len() + footer.len());
    let top = scroll_top(s.selected, rows.len(), height);
    let first_y = inner.y + u16::try_from(lines.len()).unwrap_or(u16::MAX);
    hits.rows(
        inner,
        first_y,
        top,
        rows.len().saturating_sub(top).min(height),
    );
    lines.extend(rows.into_iter().skip(top).take(height));
    let pad = usize::from(inner.height).saturating_sub(lines.len() + footer.len());
    lines.extend(std::iter::repeat_n(Line::from(""), pad));
    lines.extend(footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
