//! The tables of the reports, format-neutral: what XLSX writes as sheets
//! and CSV as sections. Markdown and HTML lay the same data out as pages
//! (a unit's tables by name through `UnitSheets`, the rest from `sections`).
//! The campaign report's tables are in `campaign_sheets`.

use super::evidence::Evidence;
use super::sections::{finding_columns, finding_views, tally_header, tally_row};
use super::{Cell, Sheet};
use crate::analysis::{UnitAnalysis, number_text};
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
