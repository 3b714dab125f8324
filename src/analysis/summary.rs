//! The campaign summary (汇总): one line per unit (核定/实有 per 编制类别,
//! findings by category, rules that could not be decided, questionnaires,
//! score and grade), each unit followed by the units listed under it (as a
//! county lists a 主管部门 and its 下属单位), then findings by category and
//! units by grade.

use std::collections::BTreeMap;

use serde::Serialize;

use super::UnitAnalysis;
use super::quota::Ranked;
use crate::domain::{Campaign, FINDING_CATEGORIES};

/// The grades in order.
pub const GRADES: &[&str] = &["A", "B", "C", "D"];

/// The summary of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub campaign: String,
    pub name: String,
    pub demo: bool,
    /// The labels of the 编制类别 columns (核定/实有 each).
    pub staff: Vec<String>,
    pub units: Vec<UnitLine>,
    /// Categories with at least one finding, in the canonical order.
    pub categories: Vec<CategoryLine>,
    /// A, B, C (and D when any unit has it), with scored units only.
    pub grades: Vec<GradeLine>,
    /// Findings the 问题清单s record (问题), over every unit.
    pub findings_total: usize,
    /// Automatic findings still to be decided (待确认), over every unit.
    pub open_total: usize,
    /// Rules that could not be decided for want of a figure (无法判断),
    /// over every unit; no findings.
    pub gaps_total: usize,
    /// Units with at least one rule that could not be decided.
    pub gap_units: usize,
    /// Units with a score.
    pub scored: usize,
}

/// One unit's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitLine {
    pub unit: String,
    pub name: String,
    pub team: Option<String>,
    /// The name of the unit it is listed under (上级单位).
    pub parent: Option<String>,
    /// How deep under other units it is listed (0: under none).
    pub depth: usize,
    /// Whether a registration entry was read.
    pub registered: bool,
    /// 核定 and 实有 of each 编制类别, in `Summary::staff` order.
    pub staff: Vec<StaffCell>,
    /// Recorded findings by category.
    pub findings: BTreeMap<String, usize>,
    /// Recorded findings (问题).
    pub findings_total: usize,
    /// Automatic findings still to be decided (待确认).
    pub open: usize,
    /// Recorded findings whose numbers changed or no longer hold.
    pub stale: usize,
    /// Rules that could not be decided for want of a figure (无法判断).
    pub gaps: usize,
    pub questionnaires: usize,
    pub score: Option<f64>,
    /// The final grade: by the lines, then the campaign's quotas.
    pub grade: Option<String>,
    /// Why a quota moved the unit from its grade by the lines (确定等次).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade_note: Option<String>,
}

/// 核定 and 实有 of one 编制类别.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StaffCell {
    pub quota: Option<f64>,
    pub actual: Option<f64>,
}

/// How many recorded findings of a category, at how many units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryLine {
    pub category: String,
    pub findings: usize,
    pub units: usize,
}

/// How many units got a grade, and their share of scored units (%).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeLine {
    pub grade: String,
    pub units: usize,
    pub percent: f64,
}

/// One unit's line of the summary, `depth` under other units.
fn unit_line(campaign: &Campaign, u: &UnitAnalysis, depth: usize) -> UnitLine {
    let mut findings = BTreeMap::new();
    let recorded: Vec<_> = u
        .findings
        .iter()
        .filter(|f| f.state.is_recorded())
        .collect();
    for f in &recorded {
        *findings.entry(f.category.clone()).or_insert(0) += 1;
    }
    UnitLine {
        unit: u.unit.id.clone(),
        name: u.unit.name.clone(),
        team: u
            .unit
            .team
            .as_deref()
            .map(|t| campaign.team(t).map_or(t, |t| t.name.as_str()).to_string()),
        parent: campaign.parent_of(&u.unit).map(|p| p.name.clone()),
        depth,
        registered: u.registration.is_some(),
        staff: u
            .table
            .iter()
            .filter(|l| l.staff)
            .map(|l| StaffCell {
                quota: l.quota,
                actual: l.actual,
            })
            .collect(),
        findings_total: recorded.len(),
        open: u.findings.len() - recorded.len(),
        stale: recorded.iter().filter(|f| f.state.is_stale()).count(),
        gaps: u.gaps.len(),
        findings,
        questionnaires: u.questionnaires,
        score: u.score.as_ref().map(|s| s.total),
        grade: u.score.as_ref().map(|s| s.grade.clone()),
        grade_note: None,
    }
}

/// 确定等次: the campaign's quotas over the units' grades by the lines.
fn apply_quotas(campaign: &Campaign, units: &[UnitAnalysis], lines: &mut [UnitLine]) {
    let grading = campaign.grading.clone().unwrap_or_default();
    let mut ranked: Vec<Ranked> = units
        .iter()
        .filter_map(|u| {
            let s = u.score.as_ref()?;
            Some(Ranked {
                unit: u.unit.id.clone(),
                name: u.unit.name.clone(),
                total: s.total,
                common: s.common_total,
                specific: s.specific_total,
                grade: s.grade.clone(),
            })
        })
        .collect();
    for m in super::quota::apply_quotas(&mut ranked, &grading) {
        if let Some(line) = lines.iter_mut().find(|l| l.unit == m.unit) {
            line.grade = Some(m.to);
            line.grade_note = Some(m.why);
        }
    }
}

/// Summarises analysed units: in the campaign's order, each unit followed
/// by the units listed under it (units the campaign does not have last, in
/// the given order).
pub fn summary(campaign: &Campaign, units: &[UnitAnalysis]) -> Summary {
    let staff = units
        .first()
        .map(|u| {
            u.table
                .iter()
                .filter(|l| l.staff)
                .map(|l| l.label.clone())
                .collect()
        })
        .unwrap_or_default();
    let order = campaign.tree_order();
    let place = |u: &UnitAnalysis| {
        order
            .iter()
            .position(|(o, _)| o.id == u.unit.id)
            .map_or((order.len(), 0), |i| (i, order.get(i).map_or(0, |o| o.1)))
    };
    let mut placed: Vec<((usize, usize), &UnitAnalysis)> =
        units.iter().map(|u| (place(u), u)).collect();
    placed.sort_by_key(|((i, _), _)| *i);
    let mut lines: Vec<UnitLine> = placed
        .into_iter()
        .map(|((_, depth), u)| unit_line(campaign, u, depth))
        .collect();
    apply_quotas(campaign, units, &mut lines);
    let categories = FINDING_CATEGORIES
        .iter()
        .map(|c| CategoryLine {
            category: c.to_string(),
            findings: lines.iter().filter_map(|l| l.findings.get(*c)).sum(),
            units: lines.iter().filter(|l| l.findings.contains_key(*c)).count(),
        })
        .filter(|c| c.findings > 0)
        .collect();
    let scored = lines.iter().filter(|l| l.grade.is_some()).count();
    let grades = GRADES
        .iter()
        .map(|g| {
            let n = lines
                .iter()
                .filter(|l| l.grade.as_deref() == Some(*g))
                .count();
            GradeLine {
                grade: g.to_string(),
                units: n,
                percent: super::tally::percent(n, scored),
            }
        })
        .filter(|g| g.grade != "D" || g.units > 0)
        .collect();
    Summary {
        campaign: campaign.id.clone(),
        name: campaign.name.clone(),
        demo: campaign.demo,
        staff,
        findings_total: lines.iter().map(|l| l.findings_total).sum(),
        open_total: lines.iter().map(|l| l.open).sum(),
        gaps_total: lines.iter().map(|l| l.gaps).sum(),
        gap_units: lines.iter().filter(|l| l.gaps > 0).count(),
        units: lines,
        categories,
        grades,
        scored,
    }
}
