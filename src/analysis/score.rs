//! Scores and grades of a scoring entry (`jx.scoring`): each indicator,
//! the 共性/个性 totals, the bonus (加分项: the same award counts once, at
//! its highest points, and the sum is capped by the campaign), the total and
//! the grade by the campaign's lines.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::review::{Aggregate, aggregate};
use super::social::Social;
use crate::domain::{Baseline, Entry, Grading};
use crate::form::eval::Answers;
use crate::form::{Form, ItemType};

/// The section of common indicators (共性指标); every other section with
/// score items holds specific ones (个性指标).
pub const COMMON_SECTION: &str = "s_common";
/// The repeat child that names a bonus award.
pub const BONUS_ITEM: &str = "bonus_item";
/// The repeat child with a bonus row's points.
pub const BONUS_POINTS: &str = "bonus_points";
/// The repeat child with a bonus row's level.
pub const BONUS_LEVEL: &str = "bonus_level";

/// The score of one scoring entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub form: String,
    pub entry: String,
    pub sections: Vec<SectionScore>,
    /// 共性指标 total.
    pub common_total: f64,
    /// 个性指标 total.
    pub specific_total: f64,
    /// Every indicator added up.
    pub indicators_total: f64,
    /// The most the indicators can give.
    pub indicators_max: f64,
    pub bonus_rows: Vec<BonusRow>,
    /// Every bonus row added up, before anything is dropped.
    pub bonus_claimed: f64,
    /// After the same award is counted once.
    pub bonus_counted: f64,
    pub bonus_cap: f64,
    /// What the bonus adds to the total (capped).
    pub bonus: f64,
    pub total: f64,
    /// `A`, `B`, `C` or (with a fail line) `D`.
    pub grade: String,
    /// Whether every indicator has a score.
    pub complete: bool,
}

/// One section's indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore {
    pub id: String,
    pub title: String,
    pub common: bool,
    pub max: f64,
    pub score: f64,
    pub indicators: Vec<Indicator>,
}

/// One indicator (a `score` item).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub item: String,
    pub label: String,
    pub max: f64,
    pub score: Option<f64>,
    /// The 扣分说明 (`<item>_note`), when written.
    pub note: Option<String>,
    /// The raters' scores and their aggregate, when the indicator is a
    /// specific one reviewed by raters (专业评审): its score then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Aggregate>,
    /// The 社会评价 of the unit's questionnaires, when this is the
    /// indicator the campaign's rule fills: its score then, unless the
    /// sample is too small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social: Option<Social>,
}

/// One bonus row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BonusRow {
    pub row: String,
    pub item: String,
    pub level: String,
    pub points: f64,
    /// False when the same award is counted in another row.
    pub counted: bool,
}

/// Rounds to two decimals, so 89.5 + 0.5 is exactly 90.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The grade of a total by the campaign's lines.
pub fn grade(total: f64, grading: &Grading) -> String {
    let total = round2(total);
    if total >= grading.a_line {
        "A"
    } else if total >= grading.b_line {
        "B"
    } else if grading.fail_line.is_some_and(|f| total < f) {
        "D"
    } else {
        "C"
    }
    .to_string()
}

/// How awards compare: NFKC, lower case, no white space.
pub fn award_key(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Scores one entry of a scoring form; a specific indicator (not in
/// `COMMON_SECTION`) that `reviews` (final 专业评审 entries) score takes
/// their aggregate instead of the entry's own score, and the indicator
/// `social` fills takes its score when the sample sufficed.
pub fn score(
    form: &Form,
    entry: &Entry,
    grading: &Grading,
    reviews: &[&Entry],
    social: Option<&Social>,
) -> Score {
    let trim = grading.review_trim.map_or(0, |t| t.max(0.0) as usize);
    let baseline = Baseline::default();
    let answers = Answers::new(form, &entry.answers, &baseline);
    let number = |id: &str| entry.answers.get(id).and_then(Value::as_f64);
    let mut sections = Vec::new();
    let mut complete = true;
    for section in &form.def.sections {
        let indicators: Vec<Indicator> = section
            .items
            .iter()
            .filter(|i| i.kind == ItemType::Score)
            .map(|i| {
                let note = entry
                    .answers
                    .get(&format!("{}_note", i.id))
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string);
                let rated: Vec<f64> = reviews
                    .iter()
                    .filter_map(|r| r.answers.get(&i.id).and_then(Value::as_f64))
                    .collect();
                let review = (section.id != COMMON_SECTION)
                    .then(|| aggregate(&rated, trim))
                    .flatten();
                let social = social.filter(|s| s.indicator == i.id).cloned();
                let from_social = social.as_ref().and_then(|s| s.score);
                Indicator {
                    item: i.id.clone(),
                    label: i.label.clone(),
                    max: i.max.unwrap_or(0.0),
                    score: review
                        .as_ref()
                        .map(|a| a.value)
                        .or(from_social)
                        .or_else(|| number(&i.id)),
                    note,
                    review,
                    social,
                }
            })
            .collect();
        if indicators.is_empty() {
            continue;
        }
        complete &= indicators.iter().all(|i| i.score.is_some());
        sections.push(SectionScore {
            id: section.id.clone(),
            title: section.title.clone(),
            common: section.id == COMMON_SECTION,
            max: indicators.iter().map(|i| i.max).sum(),
            score: round2(indicators.iter().filter_map(|i| i.score).sum()),
            indicators,
        });
    }
    let common_total = round2(sections.iter().filter(|s| s.common).map(|s| s.score).sum());
    let specific_total = round2(sections.iter().filter(|s| !s.common).map(|s| s.score).sum());
    let indicators_total = round2(common_total + specific_total);
    let indicators_max = sections.iter().map(|s| s.max).sum();
    let bonus_rows = bonus_rows(form, &answers);
    let bonus_claimed = round2(bonus_rows.iter().map(|r| r.points).sum());
    let bonus_counted = round2(
        bonus_rows
            .iter()
            .filter(|r| r.counted)
            .map(|r| r.points)
            .sum(),
    );
    let bonus = bonus_counted.min(grading.bonus_cap).max(0.0);
    let total = round2(indicators_total + bonus);
    Score {
        form: form.def.id.clone(),
        entry: entry.id.clone(),
        sections,
        common_total,
        specific_total,
        indicators_total,
        indicators_max,
        bonus_rows,
        bonus_claimed,
        bonus_counted,
        bonus_cap: grading.bonus_cap,
        bonus,
        total,
        grade: grade(total, grading),
        complete,
    }
}

/// The rows of the bonus repeat (the repeat with a `bonus_item` child);
/// of rows naming the same award, the one with the most points counts.
fn bonus_rows(form: &Form, answers: &Answers) -> Vec<BonusRow> {
    let Some(repeat) = form.repeat_of(BONUS_ITEM) else {
        return Vec::new();
    };
    let text = |id: &str, row: &str| match answers.value(id, Some(row)) {
        Value::String(s) => s,
        _ => String::new(),
    };
    let mut rows: Vec<BonusRow> = answers
        .rows(&repeat.id)
        .into_iter()
        .map(|row| {
            let level = form
                .item(BONUS_LEVEL)
                .and_then(|i| i.choice_label(&text(BONUS_LEVEL, &row)).map(str::to_string))
                .unwrap_or_else(|| text(BONUS_LEVEL, &row));
            BonusRow {
                item: text(BONUS_ITEM, &row).trim().to_string(),
                level,
                points: answers
                    .value(BONUS_POINTS, Some(&row))
                    .as_f64()
                    .unwrap_or(0.0),
                counted: true,
                row,
            }
        })
        .collect();
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let key = award_key(&r.item);
        if key.is_empty() {
            continue;
        }
        match best.get(&key) {
            Some(&j) if rows.get(j).is_some_and(|b| b.points >= r.points) => {}
            _ => {
                best.insert(key, i);
            }
        }
    }
    for (i, r) in rows.iter_mut().enumerate() {
        let key = award_key(&r.item);
        r.counted = key.is_empty() || best.get(&key) == Some(&i);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_lines() {
        let g = Grading::default();
        assert_eq!(grade(90.0, &g), "A");
        assert_eq!(grade(89.999, &g), "A");
        assert_eq!(grade(89.9, &g), "B");
        assert_eq!(grade(75.0, &g), "B");
        assert_eq!(grade(59.0, &g), "C");
        let four = Grading {
            fail_line: Some(60.0),
            ..Grading::default()
        };
        assert_eq!(grade(59.5, &four), "D");
        assert_eq!(grade(60.0, &four), "C");
    }

    #[test]
    fn awards_compare_loosely() {
        assert_eq!(award_key(" 省级 文明单位 "), award_key("省级文明单位"));
        assert_eq!(award_key("ISO 9001 认证"), award_key("iso9001认证"));
        assert_eq!(award_key("ＡＢＣ"), award_key("abc"));
    }
}
