//! The campaign report's tables, format-neutral (split from `sheets`):
//! one line per unit, findings by category, grades, every finding and, for
//! 绩效考核, each unit's steps. XLSX writes them as sheets, CSV as
//! sections, the pages under `campaign_headings`.

use super::{Cell, Sheet};
use crate::analysis::summary::UnitLine;
use crate::analysis::{Summary, UnitAnalysis};
use crate::i18n;

/// The headings of the campaign document's sections, one per sheet of
/// `campaign_sheets`, in the same order (考核进度 last, for 绩效考核).
pub fn campaign_headings(units: &[UnitAnalysis]) -> Vec<String> {
    let mut out = vec![
        i18n::rep_h_summary(),
        i18n::rep_h_categories(),
        i18n::rep_h_grades(),
        i18n::rep_h_all_findings(),
    ];
    if units.iter().any(|u| !u.steps.is_empty()) {
        out.push(i18n::rep_h_steps());
    }
    out
}

/// The sheets of the campaign report, in the order of `campaign_headings`.
pub fn campaign_sheets(summary: &Summary, units: &[UnitAnalysis]) -> Vec<Sheet> {
    let mut out = vec![
        summary_sheet(summary),
        categories_sheet(summary),
        grades_sheet(summary),
        all_findings_sheet(units),
    ];
    if units.iter().any(|u| !u.steps.is_empty()) {
        out.push(steps_sheet(summary, units));
    }
    out
}

/// 绩效考核: one row per unit (in the summary's order), one column per
/// step with its state and date.
fn steps_sheet(summary: &Summary, units: &[UnitAnalysis]) -> Sheet {
    let mut header = vec![i18n::rep_col_no(), i18n::rep_col_unit()];
    header.extend(
        crate::analysis::steps::StepKind::ALL
            .iter()
            .map(|k| k.name()),
    );
    header.push(i18n::rep_col_steps_done());
    let rows = summary
        .units
        .iter()
        .filter_map(|line| units.iter().find(|a| a.unit.id == line.unit))
        .enumerate()
        .map(|(n, a)| {
            let mut row = vec![Cell::Int((n + 1) as f64), Cell::text(&a.unit.name)];
            row.extend(a.steps.iter().map(|s| {
                let when = s
                    .date
                    .as_deref()
                    .map(|d| format!(" {d}"))
                    .unwrap_or_default();
                Cell::Text(format!("{}{when}", s.state.name()))
            }));
            row.push(Cell::Text(i18n::st_progress(
                crate::analysis::steps::done_count(&a.steps),
            )));
            row
        })
        .collect();
    Sheet {
        name: i18n::rep_sheet_steps(),
        header,
        rows,
    }
}

/// Which optional columns the summary sheet has: 上级单位 when a unit is
/// listed under another, 无法判断 when a rule could not be decided.
#[derive(Clone, Copy)]
struct Optional {
    parent: bool,
    gaps: bool,
}

/// One line per unit (each followed by the units listed under it): number,
/// name, 上级单位, team, quota and actual per staff kind, findings, rules
/// not decided, questionnaires, total and grade.
fn summary_sheet(summary: &Summary) -> Sheet {
    let optional = Optional {
        parent: summary.units.iter().any(|u| u.parent.is_some()),
        gaps: summary.gaps_total > 0,
    };
    let mut header = vec![i18n::rep_col_no(), i18n::rep_col_unit()];
    if optional.parent {
        header.push(i18n::rep_col_parent());
    }
    header.push(i18n::rep_col_team());
    for s in &summary.staff {
        header.push(i18n::rep_col_staff_quota(s));
        header.push(i18n::rep_col_staff_actual(s));
    }
    header.extend([i18n::rep_col_findings(), i18n::rep_col_open()]);
    if optional.gaps {
        header.push(i18n::rep_col_gaps());
    }
    header.extend([
        i18n::rep_col_questionnaires(),
        i18n::rep_col_total(),
        i18n::rep_col_grade(),
    ]);
    Sheet {
        name: i18n::rep_sheet_summary(),
        header,
        rows: summary
            .units
            .iter()
            .enumerate()
            .map(|(n, u)| summary_row(n, u, optional))
            .collect(),
    }
}

/// Unit `n` (from 0) of the summary as a row of the summary sheet.
fn summary_row(n: usize, u: &UnitLine, optional: Optional) -> Vec<Cell> {
    let mut row = vec![Cell::Int((n + 1) as f64), Cell::text(&u.name)];
    if optional.parent {
        row.push(Cell::Text(u.parent.clone().unwrap_or_default()));
    }
    row.push(Cell::Text(u.team.clone().unwrap_or_default()));
    for c in &u.staff {
        row.push(Cell::int(c.quota));
        row.push(Cell::int(c.actual));
    }
    row.push(Cell::Int(u.findings_total as f64));
    row.push(Cell::Int(u.open as f64));
    if optional.gaps {
        row.push(Cell::Int(u.gaps as f64));
    }
    row.push(Cell::Int(u.questionnaires as f64));
    row.push(u.score.map_or(Cell::Empty, Cell::Num));
    row.push(u.grade.clone().map_or(Cell::Empty, Cell::Text));
    row
}

/// Findings by category: how many, and at how many units.
fn categories_sheet(summary: &Summary) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_categories(),
        header: vec![
            i18n::rep_col_category(),
            i18n::rep_col_findings(),
            i18n::rep_col_units_affected(),
        ],
        rows: summary
            .categories
            .iter()
            .map(|c| {
                vec![
                    Cell::text(&c.category),
                    Cell::Int(c.findings as f64),
                    Cell::Int(c.units as f64),
                ]
            })
            .collect(),
    }
}

/// Units by grade, when any unit is scored.
fn grades_sheet(summary: &Summary) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_grades(),
        header: vec![
            i18n::rep_col_grade(),
            i18n::rep_col_units(),
            i18n::rep_col_percent(),
        ],
        rows: summary
            .grades
            .iter()
            .filter(|_| summary.scored > 0)
            .map(|g| {
                vec![
                    Cell::text(&g.grade),
                    Cell::Int(g.units as f64),
                    Cell::Pct(g.percent / 100.0),
                ]
            })
            .collect(),
    }
}

/// Every finding of every unit, with its unit.
fn all_findings_sheet(units: &[UnitAnalysis]) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_all_findings(),
        header: vec![
            i18n::rep_col_unit(),
            i18n::rep_col_category(),
            i18n::rep_col_severity(),
            i18n::rep_col_state(),
            i18n::rep_col_facts(),
            i18n::rep_col_suggestion(),
        ],
        rows: units
            .iter()
            .flat_map(|a| {
                a.findings.iter().map(|f| {
                    vec![
                        Cell::text(&a.unit.name),
                        Cell::text(&f.category),
                        Cell::Text(i18n::severity_label(&f.severity)),
                        Cell::Text(f.state.label()),
                        Cell::text(&f.facts),
                        Cell::text(&f.suggestion),
                    ]
                })
            })
            .collect(),
    }
}
