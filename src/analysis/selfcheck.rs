//! 自查自评 against the assessment: a unit's own scores (its `jx.selfcheck`
//! entry, scored like a score sheet) beside the scores it was given (its
//! `Score`), indicator by indicator and in total, with the difference and
//! a flag where the two are far apart: |self − assessed| ≥ the campaign's
//! `self_gap` share of the indicator's 满分 (10 % by default), and never
//! less than one point.

use serde::Serialize;

use super::score::Score;
use crate::domain::Grading;

/// The share of an indicator's 满分 a self score may differ by before it
/// is flagged, when the campaign sets none.
pub const DEFAULT_SELF_GAP: f64 = 0.1;
/// The smallest difference ever flagged, in points.
pub const MIN_GAP_POINTS: f64 = 1.0;

/// A unit's self-assessment beside its assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfComparison {
    /// The self-check entry.
    pub entry: String,
    /// The scoring entry compared with, when the unit has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessed_entry: Option<String>,
    /// The share of 满分 that makes a difference large.
    pub self_gap: f64,
    pub indicators: Vec<SelfLine>,
    /// 共性指标, 个性指标, 加分项 and 总分, in that order.
    pub totals: Vec<SelfTotal>,
    /// Indicators the unit left without a self score (their labels).
    pub unscored: Vec<String>,
    /// How many indicators (not totals) differ by a large amount.
    pub flagged: usize,
}

/// One indicator: the unit's score, the assessed score, the difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfLine {
    pub item: String,
    pub label: String,
    /// A 共性指标 (else 个性).
    pub common: bool,
    pub max: f64,
    #[serde(rename = "self")]
    pub self_score: Option<f64>,
    pub assessed: Option<f64>,
    /// self − assessed, when both are there.
    pub diff: Option<f64>,
    /// The difference that is flagged, in points.
    pub threshold: f64,
    /// |diff| ≥ threshold.
    pub flagged: bool,
    /// The unit's 自评说明, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which total a `SelfTotal` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TotalKind {
    Common,
    Specific,
    Bonus,
    Total,
}

/// A total of both sides; the difference only when both are complete.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfTotal {
    pub kind: TotalKind,
    pub max: f64,
    #[serde(rename = "self")]
    pub self_score: f64,
    pub assessed: Option<f64>,
    pub diff: Option<f64>,
    pub threshold: f64,
    pub flagged: bool,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The difference that is flagged for an indicator of `max` points: the
/// gap's share of it, at least `MIN_GAP_POINTS`.
pub fn threshold(max: f64, gap: f64) -> f64 {
    round2((gap * max).max(MIN_GAP_POINTS))
}

/// Whether a difference is large: at or above the threshold (both are
/// rounded to hundredths, so 0.1 × 10 = 1 flags a difference of 1).
pub fn is_large(diff: f64, threshold: f64) -> bool {
    round2(diff.abs()) >= threshold
}

/// The campaign's gap share (`grading.self_gap`), else the default.
pub fn gap_of(grading: &Grading) -> f64 {
    grading
        .self_gap
        .filter(|g| g.is_finite() && *g > 0.0)
        .unwrap_or(DEFAULT_SELF_GAP)
}

/// Compares the self-check's score with the assessed one, indicator by
/// indicator (matched by item id) in the self-check's order; indicators
/// only the scoring form has come after, without a self score.
pub fn compare(own: &Score, assessed: Option<&Score>, grading: &Grading) -> SelfComparison {
    let gap = gap_of(grading);
    let given = |item: &str| {
        assessed.and_then(|a| {
            a.sections
                .iter()
                .flat_map(|s| &s.indicators)
                .find(|i| i.item == item)
        })
    };
    let mut indicators = Vec::new();
    for section in &own.sections {
        for i in &section.indicators {
            let other = given(&i.item).and_then(|a| a.score);
            indicators.push(line(
                &i.item,
                &i.label,
                section.common,
                i.max,
                (i.score, other),
                i.note.clone(),
                gap,
            ));
        }
    }
    for section in assessed.map_or(&[][..], |a| &a.sections[..]) {
        for i in &section.indicators {
            if !indicators.iter().any(|l| l.item == i.item) {
                indicators.push(line(
                    &i.item,
                    &i.label,
                    section.common,
                    i.max,
                    (None, i.score),
                    None,
                    gap,
                ));
            }
        }
    }
    let part_complete = |common: bool| {
        indicators
            .iter()
            .filter(|l| l.common == common)
            .all(|l| l.self_score.is_some() && l.assessed.is_some())
    };
    let common_done = part_complete(true);
    let specific_done = part_complete(false);
    let max_of = |common: bool| -> f64 {
        indicators
            .iter()
            .filter(|l| l.common == common)
            .map(|l| l.max)
            .sum()
    };
    let total = |kind, max: f64, mine: f64, theirs: Option<f64>, done: bool| {
        let diff = theirs.filter(|_| done).map(|t| round2(mine - t));
        let threshold = threshold(max, gap);
        SelfTotal {
            kind,
            max,
            self_score: mine,
            assessed: theirs,
            diff,
            threshold,
            flagged: diff.is_some_and(|d| is_large(d, threshold)),
        }
    };
    let totals = vec![
        total(
            TotalKind::Common,
            max_of(true),
            own.common_total,
            assessed.map(|a| a.common_total),
            common_done,
        ),
        total(
            TotalKind::Specific,
            max_of(false),
            own.specific_total,
            assessed.map(|a| a.specific_total),
            specific_done,
        ),
        total(
            TotalKind::Bonus,
            grading.bonus_cap,
            own.bonus,
            assessed.map(|a| a.bonus),
            true,
        ),
        total(
            TotalKind::Total,
            max_of(true) + max_of(false),
            own.total,
            assessed.map(|a| a.total),
            common_done && specific_done,
        ),
    ];
    SelfComparison {
        entry: own.entry.clone(),
        assessed_entry: assessed.map(|a| a.entry.clone()),
        self_gap: gap,
        unscored: indicators
            .iter()
            .filter(|l| l.self_score.is_none())
            .map(|l| l.label.clone())
            .collect(),
        flagged: indicators.iter().filter(|l| l.flagged).count(),
        indicators,
        totals,
    }
}

fn line(
    item: &str,
    label: &str,
    common: bool,
    max: f64,
    (mine, theirs): (Option<f64>, Option<f64>),
    note: Option<String>,
    gap: f64,
) -> SelfLine {
    let diff = mine.zip(theirs).map(|(m, t)| round2(m - t));
    let threshold = threshold(max, gap);
    SelfLine {
        item: item.to_string(),
        label: label.to_string(),
        common,
        max,
        self_score: mine,
        assessed: theirs,
        diff,
        threshold,
        flagged: diff.is_some_and(|d| is_large(d, threshold)),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::score::score;
    use crate::domain::Entry;
    use crate::form::Form;
    use serde_json::{Value, json};

    fn form(id: &str) -> Form {
        crate::form::builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == id)
            .unwrap()
    }

    fn entry(id: &str, form: &str, answers: Value) -> Entry {
        let who = json!({"device": "d", "person": "p"});
        serde_json::from_value(json!({
            "id": id, "campaign": "c", "unit": "u", "form": form, "form_version": 1,
            "status": "draft", "created_at": "", "created_by": who, "updated_at": "",
            "updated_by": who, "answers": answers, "heads": [], "revisions": 1,
        }))
        .unwrap()
    }

    fn scores(own: Value, assessed: Value, grading: &Grading) -> (SelfComparison, Score, Score) {
        let mine = score(
            &form("jx.selfcheck"),
            &entry("e-self", "jx.selfcheck", own),
            grading,
            &[],
            None,
        );
        let theirs = score(
            &form("jx.scoring"),
            &entry("e-team", "jx.scoring", assessed),
            grading,
            &[],
            None,
        );
        (compare(&mine, Some(&theirs), grading), mine, theirs)
    }

    /// A total as the tests compare it: kind, self, assessed, diff,
    /// threshold, flagged.
    type TotalRow = (TotalKind, f64, Option<f64>, Option<f64>, f64, bool);

    fn by_item<'a>(c: &'a SelfComparison, item: &str) -> &'a SelfLine {
        c.indicators.iter().find(|l| l.item == item).unwrap()
    }

    #[test]
    fn differences_at_or_above_a_tenth_of_the_maximum_are_flagged() {
        // Thresholds: 登记管理 and 社会评价 (max 10) 1 point, 主体业务
        // (50) 5, 经济社会效益 (20) 2, 管理运行 (10) 1.
        let (c, _, _) = scores(
            json!({"reg_mgmt": 10, "social_eval": 9.5, "main_business": 48,
                   "econ_social": 18, "mgmt_ops": 9, "reg_mgmt_note": "按时年报"}),
            json!({"reg_mgmt": 9, "social_eval": 9, "main_business": 43.5,
                   "econ_social": 16, "mgmt_ops": 8.5}),
            &Grading::default(),
        );
        let got: Vec<(&str, Option<f64>, f64, bool)> = c
            .indicators
            .iter()
            .map(|l| (l.item.as_str(), l.diff, l.threshold, l.flagged))
            .collect();
        assert_eq!(
            got,
            [
                ("reg_mgmt", Some(1.0), 1.0, true),
                ("social_eval", Some(0.5), 1.0, false),
                ("main_business", Some(4.5), 5.0, false),
                ("econ_social", Some(2.0), 2.0, true),
                ("mgmt_ops", Some(0.5), 1.0, false),
            ]
        );
        assert_eq!(c.flagged, 2);
        assert_eq!(by_item(&c, "reg_mgmt").note.as_deref(), Some("按时年报"));
        // Totals: self 19.5 / 75 / 94.5, assessed 18 / 68 / 86.
        let totals: Vec<TotalRow> = c
            .totals
            .iter()
            .map(|t| {
                (
                    t.kind,
                    t.self_score,
                    t.assessed,
                    t.diff,
                    t.threshold,
                    t.flagged,
                )
            })
            .collect();
        assert_eq!(
            totals,
            [
                (TotalKind::Common, 19.5, Some(18.0), Some(1.5), 2.0, false),
                (TotalKind::Specific, 75.0, Some(68.0), Some(7.0), 8.0, false),
                (TotalKind::Bonus, 0.0, Some(0.0), Some(0.0), 1.0, false),
                (TotalKind::Total, 94.5, Some(86.0), Some(8.5), 10.0, false),
            ]
        );
    }

    #[test]
    fn a_lower_self_score_is_flagged_too_and_the_gap_is_a_setting() {
        let grading = Grading {
            self_gap: Some(0.2),
            ..Grading::default()
        };
        // 20 % : 主体业务 10 points, 经济社会效益 4, the others 2.
        let (c, _, _) = scores(
            json!({"reg_mgmt": 7, "social_eval": 9, "main_business": 30,
                   "econ_social": 16, "mgmt_ops": 9}),
            json!({"reg_mgmt": 9, "social_eval": 10, "main_business": 40.5,
                   "econ_social": 19.5, "mgmt_ops": 9}),
            &grading,
        );
        let got: Vec<(Option<f64>, f64, bool)> = c
            .indicators
            .iter()
            .map(|l| (l.diff, l.threshold, l.flagged))
            .collect();
        assert_eq!(
            got,
            [
                (Some(-2.0), 2.0, true),
                (Some(-1.0), 2.0, false),
                (Some(-10.5), 10.0, true),
                (Some(-3.5), 4.0, false),
                (Some(0.0), 2.0, false),
            ]
        );
        // Total: 71 against 88 = −17, threshold 20 % of 100.
        let total = c.totals.last().unwrap();
        assert_eq!(
            (total.diff, total.threshold, total.flagged),
            (Some(-17.0), 20.0, false)
        );
    }

    #[test]
    fn an_indicator_left_blank_is_unscored_and_totals_have_no_difference() {
        let (c, mine, _) = scores(
            json!({"reg_mgmt": 10, "main_business": 50, "econ_social": 20, "mgmt_ops": 10}),
            json!({"reg_mgmt": 8, "social_eval": 9, "main_business": 40,
                   "econ_social": 15, "mgmt_ops": 8}),
            &Grading::default(),
        );
        let blank = by_item(&c, "social_eval");
        assert_eq!(
            (blank.self_score, blank.diff, blank.flagged),
            (None, None, false)
        );
        assert_eq!(c.unscored, ["社会评价（满分10分）"]);
        assert!(!mine.complete);
        // 共性 is not complete on the self side: no difference; 个性 is.
        assert_eq!(c.totals[0].diff, None);
        assert_eq!(c.totals[1].diff, Some(17.0));
        assert!(c.totals[1].flagged, "17 ≥ 8");
        assert_eq!(c.totals[3].diff, None);
    }

    #[test]
    fn bonus_claims_count_once_each_and_up_to_the_cap() {
        let rows = json!({
            "reg_mgmt": 10, "social_eval": 10, "main_business": 50,
            "econ_social": 20, "mgmt_ops": 10,
            "bonus[r1]": 1, "bonus[r1].bonus_item": "全国文明单位", "bonus[r1].bonus_level": "national",
            "bonus[r2]": 2, "bonus[r2].bonus_item": "全国 文明单位", "bonus[r2].bonus_level": "national",
            "bonus[r3]": 3, "bonus[r3].bonus_item": "省级青年文明号", "bonus[r3].bonus_level": "provincial1",
        });
        let (c, mine, _) = scores(
            rows,
            json!({"reg_mgmt": 10, "social_eval": 10, "main_business": 50,
                   "econ_social": 20, "mgmt_ops": 10}),
            &Grading::default(),
        );
        // 2 + 1 (the same award counts once) against none given.
        assert_eq!(mine.bonus, 3.0);
        let bonus = &c.totals[2];
        assert_eq!(
            (bonus.diff, bonus.threshold, bonus.flagged),
            (Some(3.0), 1.0, true)
        );
        assert_eq!(c.totals[3].diff, Some(3.0));
    }

    #[test]
    fn without_an_assessment_nothing_is_compared() {
        let mine = score(
            &form("jx.selfcheck"),
            &entry("e", "jx.selfcheck", json!({"reg_mgmt": 10})),
            &Grading::default(),
            &[],
            None,
        );
        let c = compare(&mine, None, &Grading::default());
        assert!(c.indicators.iter().all(|l| l.diff.is_none() && !l.flagged));
        assert!(c.totals.iter().all(|t| t.diff.is_none()));
        assert_eq!(c.assessed_entry, None);
    }
}
