//! The 公示 of a 绩效考核's grades, and where each unit's grade stands:
//! 暂定 until the 公示 starts, 公示中 during it, 有异议待处理 while an
//! objection to it is open, 已确定 once the 公示 has ended and no
//! objection is open (`grade_state`). `publicity` lists the units as the
//! 公示 does: the scored ones with their total, final grade (after the
//! quotas) and notes, the ones without a complete score apart (未评分).
//! Pure: today is passed in.

use serde::Serialize;

use super::{Summary, UnitAnalysis};
use crate::domain::{Campaign, Objection, Procedure};
use crate::i18n;

/// Where a unit's grade stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeState {
    /// 暂定: no complete score yet, or the 公示 has not started (or has no
    /// dates).
    Provisional,
    /// 公示中: the 公示 has started and not ended.
    InPublicity,
    /// 有异议待处理: an objection to it waits for HQ's decision.
    Objected,
    /// 已确定: the 公示 has ended and no objection is open.
    Final,
}

impl GradeState {
    /// Every state, in order.
    pub const ALL: [GradeState; 4] = [
        GradeState::Provisional,
        GradeState::InPublicity,
        GradeState::Objected,
        GradeState::Final,
    ];

    /// The state's name: 暂定, 公示中, 有异议待处理, 已确定.
    pub fn label(self) -> String {
        i18n::pb_grade_state(self as usize)
    }
}

/// Where the grade of `unit` (an id) stands on `today` (`YYYY-MM-DD`):
/// an open objection to it makes it `Objected`; else without a complete
/// score (`scored` false) it is `Provisional`; else `Final` once today is
/// after `publicity_to`, `InPublicity` from `publicity_from` on, and
/// `Provisional` before (or when the procedure sets no dates).
pub fn grade_state(
    procedure: Option<&Procedure>,
    objections: &[Objection],
    unit: &str,
    scored: bool,
    today: &str,
) -> GradeState {
    if objections.iter().any(|o| o.unit == unit && o.is_open()) {
        return GradeState::Objected;
    }
    if !scored {
        return GradeState::Provisional;
    }
    let from = procedure.and_then(|p| p.publicity_from.as_deref());
    let to = procedure.and_then(|p| p.publicity_to.as_deref());
    if to.is_some_and(|to| today > to) {
        GradeState::Final
    } else if from.is_some_and(|from| today >= from) {
        GradeState::InPublicity
    } else {
        GradeState::Provisional
    }
}

/// The 公示 list of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Publicity {
    pub campaign: String,
    pub name: String,
    pub year: Option<i32>,
    /// The 公示 period (`YYYY-MM-DD`), as the procedure sets it.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Where to object, and whom to call.
    pub objections_to: Option<String>,
    pub contact: Option<String>,
    /// The day the states are for.
    pub today: String,
    /// The scored units in the summary's order, then the others.
    pub rows: Vec<PublicityRow>,
    /// Units with a complete score.
    pub scored: usize,
    /// Units without one (未评分), listed last.
    pub unscored: usize,
}

/// One unit of the 公示.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicityRow {
    pub unit: String,
    pub name: String,
    /// The total and the final grade; `None` for a unit without a complete
    /// score.
    pub score: Option<f64>,
    pub grade: Option<String>,
    pub state: GradeState,
    /// Objections to it still open.
    pub open_objections: usize,
    /// Why a quota moved it from its grade by the lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade_note: Option<String>,
}

impl Publicity {
    /// How many scored units (those with a grade) are in each state, the
    /// states with none left out.
    pub fn state_counts(&self) -> Vec<(GradeState, usize)> {
        let graded = || self.rows.iter().filter(|r| r.grade.is_some());
        GradeState::ALL
            .iter()
            .map(|s| (*s, graded().filter(|r| r.state == *s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The row of a unit (by id).
    pub fn row(&self, unit: &str) -> Option<&PublicityRow> {
        self.rows.iter().find(|r| r.unit == unit)
    }
}

/// The 公示 of `campaign` from its `summary` (final grades, after the
/// quotas), its units' analyses (whose scores are complete), its
/// objections, on `today`.
pub fn publicity(
    campaign: &Campaign,
    summary: &Summary,
    units: &[UnitAnalysis],
    objections: &[Objection],
    today: &str,
) -> Publicity {
    let procedure = campaign.procedure.as_deref();
    let complete = |unit: &str| {
        units
            .iter()
            .find(|a| a.unit.id == unit)
            .and_then(|a| a.score.as_ref())
            .is_some_and(|s| s.complete)
    };
    let (scored, unscored): (Vec<_>, Vec<_>) =
        summary.units.iter().partition(|l| complete(&l.unit));
    let row = |l: &&super::summary::UnitLine, scored: bool| PublicityRow {
        unit: l.unit.clone(),
        name: l.name.clone(),
        score: l.score.filter(|_| scored),
        grade: l.grade.clone().filter(|_| scored),
        state: grade_state(procedure, objections, &l.unit, scored, today),
        open_objections: objections
            .iter()
            .filter(|o| o.unit == l.unit && o.is_open())
            .count(),
        grade_note: l.grade_note.clone().filter(|_| scored),
    };
    let rows = scored
        .iter()
        .map(|l| row(l, true))
        .chain(unscored.iter().map(|l| row(l, false)))
        .collect();
    Publicity {
        campaign: campaign.id.clone(),
        name: campaign.name.clone(),
        year: campaign.year,
        from: procedure.and_then(|p| p.publicity_from.clone()),
        to: procedure.and_then(|p| p.publicity_to.clone()),
        objections_to: procedure.and_then(|p| p.objections_to.clone()),
        contact: procedure.and_then(|p| p.contact.clone()),
        today: today.to_string(),
        rows,
        scored: scored.len(),
        unscored: unscored.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ObjectionState;

    fn period(from: Option<&str>, to: Option<&str>) -> Procedure {
        Procedure {
            publicity_from: from.map(str::to_string),
            publicity_to: to.map(str::to_string),
            ..Procedure::default()
        }
    }

    fn objection(unit: &str, state: ObjectionState) -> Objection {
        Objection {
            id: 1,
            campaign: "c".into(),
            unit: unit.into(),
            received: "2014-01-08".into(),
            from: None,
            text: "异议".into(),
            state,
            outcome: None,
            decided: None,
        }
    }

    #[test]
    fn the_grade_is_final_only_after_the_publicity_and_without_open_objections() {
        use GradeState::*;
        let p = period(Some("2014-01-06"), Some("2014-01-12"));
        let at = |today: &str, objections: &[Objection]| {
            grade_state(Some(&p), objections, "u1", true, today)
        };
        assert_eq!(at("2014-01-05", &[]), Provisional);
        assert_eq!(at("2014-01-06", &[]), InPublicity);
        assert_eq!(at("2014-01-12", &[]), InPublicity);
        assert_eq!(at("2014-01-13", &[]), Final);
        let open = [objection("u1", ObjectionState::Open)];
        assert_eq!(at("2014-01-08", &open), Objected);
        assert_eq!(at("2014-01-13", &open), Objected);
        // Another unit's objection, and a decided one, change nothing.
        let others = [
            objection("u2", ObjectionState::Open),
            objection("u1", ObjectionState::Rejected),
            objection("u1", ObjectionState::Upheld),
        ];
        assert_eq!(at("2014-01-13", &others), Final);
        assert_eq!(at("2014-01-08", &others), InPublicity);
    }

    #[test]
    fn without_a_score_or_dates_the_grade_stays_provisional() {
        use GradeState::*;
        let p = period(Some("2014-01-06"), Some("2014-01-12"));
        assert_eq!(
            grade_state(Some(&p), &[], "u1", false, "2014-02-01"),
            Provisional
        );
        assert_eq!(
            grade_state(None, &[], "u1", true, "2014-02-01"),
            Provisional
        );
        let open_ended = period(Some("2014-01-06"), None);
        assert_eq!(
            grade_state(Some(&open_ended), &[], "u1", true, "2099-01-01"),
            InPublicity
        );
        let end_only = period(None, Some("2014-01-12"));
        assert_eq!(
            grade_state(Some(&end_only), &[], "u1", true, "2014-01-10"),
            Provisional
        );
        assert_eq!(
            grade_state(Some(&end_only), &[], "u1", true, "2014-01-13"),
            Final
        );
        // An objection counts even before there is a score.
        let open = [objection("u1", ObjectionState::Open)];
        assert_eq!(
            grade_state(Some(&p), &open, "u1", false, "2014-01-08"),
            Objected
        );
    }
}
