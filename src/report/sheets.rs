//! The tables of the reports, format-neutral: what XLSX writes as sheets
//! and CSV as sections. Markdown and HTML lay the same data out as pages
//! (a unit's tables by name through `UnitSheets`, the rest from `sections`).

use super::evidence::Evidence;
use super::sections::{finding_columns, finding_views, tally_header, tally_row};
use super::{Cell, Sheet};
use crate::analysis::summary::UnitLine;
use crate::analysis::{Summary, UnitAnalysis, number_text};
use crate::domain::Campaign;
use crate::form::FormKind;
use crate::i18n;

/// The name of a unit's team.
pub(crate) fn team_name(campaign: &Campaign, a: &UnitAnalysis) -> String {
    a.unit
        .team
        .as_deref()
        .map(|t| campaign.team(t).map_or(t, |t| t.name.as_str()).to_string())
        .unwrap_or_default()
}

/// How many digests of a kind.
pub(crate) fn digest_count(a: &UnitAnalysis, kind: FormKind) -> usize {
    a.digests.iter().filter(|d| d.kind == kind).count()
}

/// The overview lines of a unit: label and value.
fn info_lines(campaign: &Campaign, a: &UnitAnalysis, generated: &str) -> Vec<(String, String)> {
    let mut name = campaign.name.clone();
    if campaign.demo {
        name.push_str(&i18n::rep_demo());
    }
    let mut lines = vec![
        (i18n::rep_info_campaign(), name),
        (i18n::rep_info_unit(), a.unit.name.clone()),
    ];
    // 上级单位, for a unit listed under another.
    lines.extend(
        campaign
            .parent_of(&a.unit)
            .map(|p| (i18n::rep_info_parent(), p.name.clone())),
    );
    lines.extend([
        (i18n::rep_info_team(), team_name(campaign, a)),
        (
            i18n::rep_info_doc(),
            a.unit.baseline.sanding_doc.clone().unwrap_or_default(),
        ),
        (
            i18n::rep_info_registration(),
            if a.registration.is_some() {
                i18n::rep_registered()
            } else {
                i18n::rep_registration_none()
            },
        ),
        (
            i18n::rep_info_questionnaires(),
            i18n::rep_copies(a.questionnaires),
        ),
        (
            i18n::rep_info_interviews(),
            i18n::rep_copies(digest_count(a, FormKind::Interview)),
        ),
        (
            i18n::rep_info_symposia(),
            i18n::rep_copies(digest_count(a, FormKind::Symposium)),
        ),
        (
            i18n::rep_info_findings(),
            i18n::rep_findings_count(
                a.findings.iter().filter(|f| f.state.is_recorded()).count(),
                a.findings.iter().filter(|f| !f.state.is_recorded()).count(),
            ),
        ),
    ]);
    if !a.gaps.is_empty() {
        lines.push((i18n::rep_info_gaps(), i18n::rep_gaps_count(a.gaps.len())));
    }
    // 绩效考核: each step of the procedure, its state and date.
    lines.extend(a.steps.iter().map(|s| (s.step.name(), step_text(s))));
    lines.push((i18n::rep_info_generated(), generated.to_string()));
    lines
}

/// A step's state, date and account on one line: `已完成 · 2013-11-04 ·
/// 评委 3/3 人定稿`.
pub(crate) fn step_text(s: &crate::analysis::steps::StepLine) -> String {
    [Some(s.state.name()), s.date.clone(), Some(s.detail.clone())]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The tables of a unit's report, by name.
pub(crate) struct UnitSheets {
    /// The overview: label and value.
    pub info: Sheet,
    /// 核定与实有.
    pub table: Sheet,
    pub findings: Sheet,
    /// The rules that could not be decided (无法判断); no rows when none.
    pub gaps: Sheet,
    pub tally: Sheet,
    pub digests: Sheet,
    pub score: Sheet,
    /// 佐证材料; no rows when the unit has none.
    pub evidence: Sheet,
}

impl UnitSheets {
    pub(crate) fn new(
        campaign: &Campaign,
        a: &UnitAnalysis,
        ev: &Evidence,
        generated: &str,
    ) -> UnitSheets {
        UnitSheets {
            info: info_sheet(campaign, a, generated),
            table: table_sheet(a),
            findings: findings_sheet(a, ev),
            evidence: ev.sheet(),
            gaps: gaps_sheet(a),
            tally: tally_sheet(a),
            digests: digest_sheet(a),
            score: score_sheet(a),
        }
    }

    /// The sheets in the report's order (无法判断 only when a rule could
    /// not be decided).
    fn into_vec(self) -> Vec<Sheet> {
        let gaps = (!self.gaps.rows.is_empty()).then_some(self.gaps);
        let mut sheets = vec![self.info, self.table, self.findings];
        sheets.extend(gaps);
        sheets.extend([self.tally, self.digests, self.score]);
        if !self.evidence.rows.is_empty() {
            sheets.push(self.evidence);
        }
        sheets
    }
}

/// The sheets of a unit's report.
pub fn unit_sheets(campaign: &Campaign, a: &UnitAnalysis, generated: &str) -> Vec<Sheet> {
    unit_sheets_with(campaign, a, &Evidence::default(), generated)
}

/// The sheets of a unit's report with its evidence (the 佐证材料 sheet,
/// and each finding's count of files).
pub fn unit_sheets_with(
    campaign: &Campaign,
    a: &UnitAnalysis,
    ev: &Evidence,
    generated: &str,
) -> Vec<Sheet> {
    UnitSheets::new(campaign, a, ev, generated).into_vec()
}

fn info_sheet(campaign: &Campaign, a: &UnitAnalysis, generated: &str) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_info(),
        header: vec![i18n::rep_col_item(), i18n::rep_col_value()],
        rows: info_lines(campaign, a, generated)
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(k), Cell::Text(v)])
            .collect(),
    }
}

fn table_sheet(a: &UnitAnalysis) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_table(),
        header: vec![
            i18n::rep_col_item(),
            i18n::rep_col_quota(),
            i18n::rep_col_actual(),
            i18n::rep_col_diff(),
        ],
        rows: a
            .table
            .iter()
            .map(|l| {
                vec![
                    Cell::text(&l.label),
                    Cell::int(l.quota),
                    Cell::int(l.actual),
                    Cell::int(l.diff),
                ]
            })
            .collect(),
    }
}

fn findings_sheet(a: &UnitAnalysis, ev: &Evidence) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_findings(),
        header: finding_columns(),
        rows: finding_views(&a.findings)
            .map(|f| f.counted(ev).into_cells())
            .collect(),
    }
}

/// The rules that could not be decided: number, rule, what is missing, the
/// sentence.
fn gaps_sheet(a: &UnitAnalysis) -> Sheet {
    Sheet {
        name: i18n::rep_sheet_gaps(),
        header: vec![
            i18n::rep_col_no(),
            i18n::rep_col_rule(),
            i18n::rep_col_missing(),
            i18n::rep_col_note(),
        ],
        rows: a
            .gaps
            .iter()
            .enumerate()
            .map(|(n, g)| {
                vec![
                    Cell::Int((n + 1) as f64),
                    Cell::Text(i18n::rep_rule_ref(&g.title, &g.rule)),
                    Cell::Text(g.missing.join("、")),
                    Cell::text(&g.text),
                ]
            })
            .collect(),
    }
}

fn tally_sheet(a: &UnitAnalysis) -> Sheet {
    // Groups are the same for every item of one tally; with several
    // questionnaire forms the first one's groups name the columns.
    let groups = a
        .tallies
        .first()
        .map(|t| t.groups.clone())
        .unwrap_or_default();
    let mut header = vec![i18n::rep_col_question()];
    header.extend(tally_header(&groups));
    let mut rows = Vec::new();
    for t in &a.tallies {
        for item in t.items.iter().filter(|i| i.answered > 0) {
            for (i, o) in item.options.iter().enumerate() {
                let mut row = vec![Cell::text(&item.label)];
                row.extend(tally_row(item, i, o));
                rows.push(row);
            }
            let mut row = vec![
                Cell::text(&item.label),
                Cell::Text(i18n::rep_answered()),
                Cell::Int(item.answered as f64),
                Cell::Empty,
            ];
            for g in &item.by_group {
                row.push(Cell::Int(g.answered as f64));
                row.push(Cell::Empty);
            }
            rows.push(row);
        }
    }
    Sheet {
        name: i18n::rep_sheet_tally(),
        header,
        rows,
    }
}

fn digest_sheet(a: &UnitAnalysis) -> Sheet {
    let mut rows = Vec::new();
    for d in &a.digests {
        for l in &d.lines {
            rows.push(vec![
                Cell::text(&d.title),
                Cell::text(&d.form_title),
                Cell::text(&l.label),
                Cell::text(&l.text),
            ]);
        }
    }
    Sheet {
        name: i18n::rep_sheet_digests(),
        header: vec![
            i18n::rep_col_entry(),
            i18n::rep_col_kind(),
            i18n::rep_col_item(),
            i18n::rep_col_value(),
        ],
        rows,
    }
}

/// An indicator's note: the 扣分说明, and for one the raters scored, their
/// scores, what was dropped and the spread.
fn indicator_note(i: &crate::analysis::score::Indicator) -> String {
    let review = i.review.as_ref().map(|r| {
        let list = |v: &[f64]| {
            v.iter()
                .map(|n| crate::analysis::number_text(*n))
                .collect::<Vec<_>>()
                .join("、")
        };
        i18n::rep_review_note(
            r.raters.len(),
            &list(&r.raters),
            &list(&r.dropped),
            &crate::analysis::number_text(r.spread),
            r.trimmed,
        )
    });
    let social = i.social.as_ref().map(social_note);
    [i.note.clone(), review, social]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("；")
}

/// How the questionnaires became the 社会评价 score: the sample, each
/// choice's count, the satisfaction, and the band, or why it was not
/// scored.
pub(crate) fn social_note(s: &crate::analysis::social::Social) -> String {
    let counts = s
        .choices
        .iter()
        .map(|c| i18n::rep_social_choice(&c.label, c.count))
        .collect::<Vec<_>>()
        .join("、");
    let satisfaction = s
        .satisfaction
        .map(|x| crate::analysis::number_text((x * 1000.0).round() / 10.0));
    match (s.score, satisfaction) {
        (Some(_), Some(pct)) => {
            let band = s.band.map(|(at, points)| {
                i18n::rep_social_band(
                    &crate::analysis::number_text(at * 100.0),
                    &crate::analysis::number_text(points),
                )
            });
            i18n::rep_social_scored(s.counted, &counts, &pct, &band.unwrap_or_default())
        }
        (_, pct) => i18n::rep_social_too_few(
            s.questionnaires,
            s.counted,
            s.min_sample as usize,
            &pct.unwrap_or_else(|| "—".into()),
        ),
    }
}

fn score_sheet(a: &UnitAnalysis) -> Sheet {
    let mut rows = Vec::new();
    if let Some(s) = &a.score {
        for section in &s.sections {
            for i in &section.indicators {
                rows.push(vec![
                    Cell::text(&i.label),
                    Cell::Num(i.max),
                    i.score.map_or(Cell::Empty, Cell::Num),
                    Cell::Text(indicator_note(i)),
                ]);
            }
        }
        rows.push(vec![
            Cell::Text(i18n::rep_common_total()),
            Cell::Empty,
            Cell::Num(s.common_total),
            Cell::Empty,
        ]);
        rows.push(vec![
            Cell::Text(i18n::rep_specific_total()),
            Cell::Empty,
            Cell::Num(s.specific_total),
            Cell::Empty,
        ]);
        for b in &s.bonus_rows {
            rows.push(vec![
                Cell::Text(i18n::rep_bonus_row(&b.item, &b.level)),
                Cell::Empty,
                Cell::Num(b.points),
                Cell::Text(if b.counted {
                    String::new()
                } else {
                    i18n::rep_bonus_dup()
                }),
            ]);
        }
        rows.push(vec![
            Cell::Text(i18n::rep_bonus_total()),
            Cell::Num(s.bonus_cap),
            Cell::Num(s.bonus),
            Cell::Text(i18n::rep_bonus_note(
                &number_text(s.bonus_claimed),
                &number_text(s.bonus_counted),
                &number_text(s.bonus_cap),
            )),
        ]);
        rows.push(vec![
            Cell::Text(i18n::rep_total()),
            Cell::Num(s.indicators_max + s.bonus_cap),
            Cell::Num(s.total),
            Cell::Text(if s.complete {
                String::new()
            } else {
                i18n::rep_incomplete()
            }),
        ]);
        rows.push(vec![
            Cell::Text(i18n::rep_grade()),
            Cell::Empty,
            Cell::text(&s.grade),
            Cell::Empty,
        ]);
    }
    Sheet {
        name: i18n::rep_sheet_score(),
        header: vec![
            i18n::rep_col_indicator(),
            i18n::rep_col_max(),
            i18n::rep_col_score(),
            i18n::rep_col_note(),
        ],
        rows,
    }
}

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
