//! The shape of the 自评表 (self-check workbook) that the template writes
//! and the reader reads back: the form's indicators by section, the
//! column headers each block is recognised by (Chinese and English), and
//! how cells are read (scores written as text, labels with or without
//! numbering and 满分, texts capped and cleaned).

use std::collections::BTreeMap;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::domain::ids::clean_label;
use crate::domain::{Baseline, typed};
use crate::form::eval::Answers;
use crate::form::{Choice, Form, ItemType};
use crate::i18n;

/// The self-check form.
pub const FORM: &str = "jx.selfcheck";
/// The repeat child naming a bonus award (as in the scoring form).
pub const BONUS_ITEM: &str = "bonus_item";
pub const BONUS_LEVEL: &str = "bonus_level";
pub const BONUS_POINTS: &str = "bonus_points";
pub const BONUS_PROOF: &str = "bonus_proof";
/// The repeat children of a supporting document.
pub const MATERIAL_NAME: &str = "material_name";
pub const MATERIAL_NOTE: &str = "material_note";
/// Longest 自评说明 or note kept, in characters.
pub const MAX_NOTE: usize = 2_000;
/// Longest name (an award, a document, its proof), in characters.
pub const MAX_NAME: usize = 200;
/// Most bonus rows and document rows read.
pub const MAX_BONUS_ROWS: usize = 50;
pub const MAX_MATERIAL_ROWS: usize = 300;
/// How much of a refused cell an error shows.
const SHOWN_CHARS: usize = 24;

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
    Id,
    No,
    Indicator,
    Max,
    Score,
    Note,
    Award,
    Level,
    Points,
    Proof,
    Material,
    MaterialNote,
}

/// The kinds of block a workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    Indicators,
    Bonus,
    Materials,
}

/// Header names of each block's columns, compared NFKC, lower case,
/// without spaces; the template writes the first (Chinese) or the
/// English one.
pub(super) const INDICATOR_COLS: &[(Col, &[&str])] = &[
    (Col::Id, &["编号", "指标编号", "id"]),
    (Col::No, &["序号", "no", "no."]),
    (
        Col::Indicator,
        &["指标", "指标名称", "考核指标", "评价指标", "indicator"],
    ),
    (Col::Max, &["满分", "分值", "标准分", "max", "maxpoints"]),
    (
        Col::Score,
        &["自评分", "自评得分", "自评分数", "selfscore", "self-score"],
    ),
    (
        Col::Note,
        &["自评说明", "自评情况", "说明", "备注", "notes", "selfnotes"],
    ),
];
pub(super) const BONUS_COLS: &[(Col, &[&str])] = &[
    (Col::No, &["序号", "no", "no."]),
    (
        Col::Award,
        &[
            "项目",
            "加分项目",
            "事项",
            "表彰奖励",
            "表彰名称",
            "item",
            "award",
        ],
    ),
    (Col::Level, &["级别", "level"]),
    (Col::Points, &["分值", "加分", "申报分值", "points"]),
    (Col::Proof, &["证明材料", "证明", "文号", "proof"]),
];
pub(super) const MATERIAL_COLS: &[(Col, &[&str])] = &[
    (Col::No, &["序号", "no", "no."]),
    (
        Col::Material,
        &["材料名称", "佐证材料", "材料", "document", "documents"],
    ),
    (Col::MaterialNote, &["说明", "备注", "note", "notes"]),
];

/// A text as headers and labels compare: NFKC, lower case, no spaces,
/// no `*`.
pub fn norm(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

/// A label without its `（满分10分）` / ` (max 10)` tail.
pub fn short_label(label: &str) -> String {
    let cut = label.find(['（', '(']).unwrap_or(label.len());
    label.get(..cut).unwrap_or(label).trim().to_string()
}

/// A label without leading numbering (`1.`, `（一）`, `一、`).
pub(super) fn unnumbered(s: &str) -> &str {
    let t = s.trim_start();
    let digit =
        |c: char| c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c);
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let inner = rest.trim_start_matches(digit);
        return match inner.strip_prefix(['）', ')']) {
            Some(r) if inner.len() < rest.len() => r.trim_start(),
            _ => t,
        };
    }
    let rest = t.trim_start_matches(digit);
    match rest.strip_prefix(['、', '.', '．', ')', '）']) {
        Some(r) if rest.len() < t.len() => r.trim_start(),
        _ => t,
    }
}

/// One indicator as the workbook lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIndicator {
    pub id: String,
    /// Its label in the UI language, without the 满分 tail.
    pub label: String,
    pub max: f64,
    /// Every way a row may name it (normalised).
    pub(super) names: Vec<String>,
}

/// A section with indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSection {
    pub id: String,
    pub title: String,
    pub indicators: Vec<SheetIndicator>,
}

/// The sections of the self-check form that hold indicators (score items),
/// in its order.
pub fn sections(form: &Form) -> Vec<SheetSection> {
    form.def
        .sections
        .iter()
        .map(|s| SheetSection {
            id: s.id.clone(),
            title: s.ui_title().to_string(),
            indicators: s
                .items
                .iter()
                .filter(|i| i.kind == ItemType::Score)
                .map(|i| {
                    let mut names = vec![norm(&i.label), norm(&short_label(&i.label))];
                    if let Some(en) = &i.label_en {
                        names.extend([norm(en), norm(&short_label(en))]);
                    }
                    SheetIndicator {
                        id: i.id.clone(),
                        label: short_label(i.ui_label()),
                        max: i.max.unwrap_or(0.0),
                        names,
                    }
                })
                .collect(),
        })
        .filter(|s| !s.indicators.is_empty())
        .collect()
}

/// A score as written: `9`, `８.５`, ` 9 `, `9分`, `9 points`.
pub fn score_number(text: &str) -> Option<f64> {
    let s: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let s = s.to_lowercase();
    let s = ["points", "point", "pts", "分"]
        .iter()
        .find_map(|t| s.strip_suffix(t))
        .unwrap_or(&s);
    typed::decimal(s).filter(|n| n.is_finite())
}

/// A number as people read it: `10`, `8.5`, `8.33`.
pub fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A cell's text as an error may show it: no control characters, short.
pub fn shown(text: &str) -> String {
    let clean = clean_label(text);
    if clean.chars().count() > SHOWN_CHARS {
        let mut cut: String = clean.chars().take(SHOWN_CHARS).collect();
        cut.push('…');
        cut
    } else {
        clean
    }
}

/// Text kept from a cell: control characters dropped (line breaks and tabs
/// stay), NFC, trimmed; `Err` when longer than `max`.
pub(super) fn kept_text(text: &str, max: usize) -> Result<Option<String>, String> {
    let t: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !crate::domain::ids::is_control_in_text(*c))
        .collect::<String>()
        .nfc()
        .collect();
    let t = t.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.chars().count() > max {
        Err(i18n::sc_too_long(max))
    } else {
        Ok(Some(t.to_string()))
    }
}

/// The points a bonus level gives, as the form's `bonus_points` computes
/// them.
pub fn option_points(form: &Form, level: &str) -> f64 {
    let Some(repeat) = form.repeat_of(BONUS_LEVEL) else {
        return 0.0;
    };
    let mut values = BTreeMap::new();
    values.insert(format!("{}[r]", repeat.id), Value::from(1));
    values.insert(
        format!("{}[r].{BONUS_LEVEL}", repeat.id),
        Value::from(level),
    );
    let baseline = Baseline::default();
    Answers::new(form, &values, &baseline)
        .value(BONUS_POINTS, Some("r"))
        .as_f64()
        .unwrap_or(0.0)
}

/// The option value a bonus level names (its value, label or short label,
/// Chinese or English); with several (省级 +2 / 省级 +1) the points
/// written pick one, and points written must be the level's. A problem
/// comes with the column it is in.
pub fn resolve_level(form: &Form, level: &str, points: &str) -> Result<String, (Col, String)> {
    let choices = form.item(BONUS_LEVEL).map_or(&[][..], |i| i.choices());
    let options = || {
        let mut names: Vec<String> = Vec::new();
        for c in choices {
            let l = short_label(c.ui_label());
            if !names.contains(&l) {
                names.push(l);
            }
        }
        names.join(&i18n::sc_sep())
    };
    if level.is_empty() {
        return Err((Col::Level, i18n::sc_level_empty(&options())));
    }
    let wanted = norm(level);
    let matching: Vec<&Choice> = choices
        .iter()
        .filter(|c| {
            let mut names = vec![norm(&c.value), norm(&c.label), norm(&short_label(&c.label))];
            if let Some(en) = &c.label_en {
                names.extend([norm(en), norm(&short_label(en))]);
            }
            names.contains(&wanted)
        })
        .collect();
    let written = match points {
        "" => None,
        p => Some(score_number(p).ok_or_else(|| (Col::Points, i18n::sc_not_a_score(&shown(p))))?),
    };
    let worth = |c: &Choice| option_points(form, &c.value);
    let pick = match (matching.as_slice(), written) {
        ([], _) => {
            let problem = i18n::sc_unknown_level(&shown(level), &options());
            return Err((Col::Level, problem));
        }
        ([one], _) => *one,
        (many, Some(p)) => many
            .iter()
            .find(|c| worth(c) == p)
            .copied()
            .unwrap_or(many[0]),
        (many, None) => {
            let each: Vec<String> = many.iter().map(|c| num(worth(c))).collect();
            let problem = i18n::sc_level_needs_points(&shown(level), &each.join(&i18n::sc_sep()));
            return Err((Col::Points, problem));
        }
    };
    match written {
        Some(p) if p != worth(pick) => Err((
            Col::Points,
            i18n::sc_points_differ(&short_label(pick.ui_label()), &num(worth(pick)), &num(p)),
        )),
        _ => Ok(pick.value.clone()),
    }
}
