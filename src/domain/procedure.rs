//! The 绩效考核 procedure's settings (自查自评 → 考核预告 → 实地考察 →
//! 社会评价 → 专业评审 → 确定等次 → 公示备案): the steps' dates, what the
//! 考核预告 asks units to prepare, how questionnaires become the 社会评价
//! score, who sits on the 专业考核委员会, and the 公示 period.

use serde::{Deserialize, Serialize};

/// A campaign's procedure settings; every field is optional, and a step
/// without its settings still runs (its documents then say 未定).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// 自查自评: the date units return their self-check by (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selfcheck_due: Option<String>,
    /// 实地考察: first and last day of the visits (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_to: Option<String>,
    /// 考核预告: the materials a unit prepares for the visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// 考核预告 and 公示: whom to contact (name and telephone, as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// 专业评审: the members of the 专业考核委员会, by name as they sign
    /// their sheets. A rater listed here sees no other rater's scores of a
    /// unit until their own sheet of it is final.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raters: Vec<String>,
    /// 社会评价: how questionnaires become the indicator's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social: Option<SocialRule>,
    /// 公示: first and last day (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicity_to: Option<String>,
    /// 公示: where and how to object (an address, a telephone, a mailbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objections_to: Option<String>,
}

/// How the questionnaires of a unit become its 社会评价 score: each answer
/// of `item` counts its choice's weight (非常满意 1, 满意 0.8 …); the
/// satisfaction is their mean; the score is satisfaction × the indicator's
/// 满分, or, with `bands`, the points of the first band the satisfaction
/// reaches. Fewer than `min_sample` answers give no score, and say so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialRule {
    /// The questionnaire form.
    #[serde(default = "SocialRule::default_form")]
    pub form: String,
    /// Its choice item that rates satisfaction.
    #[serde(default = "SocialRule::default_item")]
    pub item: String,
    /// The scoring form's indicator (a `score` item) it fills.
    #[serde(default = "SocialRule::default_indicator")]
    pub indicator: String,
    /// Each choice value with its weight (0 to 1); a choice not listed is
    /// not counted (不了解).
    #[serde(default = "SocialRule::default_weights")]
    pub weights: Vec<(String, f64)>,
    /// Fewest answers that make a score.
    #[serde(default = "SocialRule::default_min_sample")]
    pub min_sample: u32,
    /// Bands, highest first: (lowest satisfaction, points). Empty: the
    /// satisfaction times the 满分.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<(f64, f64)>,
}

impl SocialRule {
    fn default_form() -> String {
        "jx.questionnaire".into()
    }
    fn default_item() -> String {
        "overall".into()
    }
    fn default_indicator() -> String {
        "social_eval".into()
    }
    fn default_weights() -> Vec<(String, f64)> {
        vec![
            ("very_satisfied".into(), 1.0),
            ("satisfied".into(), 0.8),
            ("basic".into(), 0.6),
            ("unsatisfied".into(), 0.0),
        ]
    }
    fn default_min_sample() -> u32 {
        30
    }
}

impl Default for SocialRule {
    fn default() -> Self {
        SocialRule {
            form: SocialRule::default_form(),
            item: SocialRule::default_item(),
            indicator: SocialRule::default_indicator(),
            weights: SocialRule::default_weights(),
            min_sample: SocialRule::default_min_sample(),
            bands: Vec::new(),
        }
    }
}
