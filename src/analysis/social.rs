//! 社会评价: the questionnaires of a unit become its 社会评价 indicator by
//! the campaign's rule (`SocialRule`): each final questionnaire's answer to
//! the rule's item counts its choice's weight, the satisfaction is their
//! mean, and the score is the satisfaction times the indicator's 满分 (or
//! the points of the first band it reaches). Answers without a weight (不了
//! 解, unanswered) are not counted. Fewer counted answers than the rule's
//! sample give no score: the indicator keeps the team's own, and the
//! shortfall is reported, never scored silently.

use serde::Serialize;
use serde_json::Value;

use crate::domain::{Entry, SocialRule, Status};
use crate::form::Form;

/// How many chose one option of the rule's item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub count: usize,
    /// `None`: not counted (不了解).
    pub weight: Option<f64>,
}

/// The 社会评价 of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Social {
    /// The scoring form's indicator it fills.
    pub indicator: String,
    /// Final questionnaires of the rule's form.
    pub questionnaires: usize,
    /// Of them, the answers with a weight: the sample.
    pub counted: usize,
    /// The sample the rule asks for.
    pub min_sample: u32,
    pub choices: Vec<Choice>,
    /// The mean weight, 0 to 1, to four decimals; `None` with no sample.
    pub satisfaction: Option<f64>,
    /// The points, rounded to 0.01; `None` when the sample is too small.
    pub score: Option<f64>,
    /// The band applied, as (lowest satisfaction, points).
    pub band: Option<(f64, f64)>,
}

impl Social {
    /// Whether the sample is smaller than the rule asks.
    pub fn too_few(&self) -> bool {
        self.counted < self.min_sample as usize
    }
}

/// The 社会评价 of a unit from its questionnaires (`entries`: the unit's
/// live entries of any form with their forms); `max` is the indicator's
/// 满分.
pub fn social(rule: &SocialRule, entries: &[(&Entry, &Form)], max: f64) -> Social {
    let of_rule: Vec<&(&Entry, &Form)> = entries
        .iter()
        .filter(|(e, _)| e.form == rule.form && e.status == Status::Final)
        .collect();
    // The options as the newest version of the form names them.
    let newest = of_rule
        .iter()
        .max_by_key(|(e, _)| e.form_version)
        .map(|(_, f)| *f);
    let options: Vec<(String, String)> = newest
        .and_then(|f| f.item(&rule.item))
        .map(|i| {
            i.options
                .iter()
                .flatten()
                .map(|o| (o.value.clone(), o.label.clone()))
                .collect()
        })
        .unwrap_or_default();
    let weight = |value: &str| {
        rule.weights
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, w)| *w)
    };
    let mut choices: Vec<Choice> = options
        .iter()
        .map(|(value, label)| Choice {
            value: value.clone(),
            label: label.clone(),
            count: 0,
            weight: weight(value),
        })
        .collect();
    let mut counted = 0;
    let mut sum = 0.0;
    for (entry, _) in &of_rule {
        let Some(value) = entry.answers.get(&rule.item).and_then(Value::as_str) else {
            continue;
        };
        if let Some(c) = choices.iter_mut().find(|c| c.value == value) {
            c.count += 1;
        }
        if let Some(w) = weight(value) {
            counted += 1;
            sum += w;
        }
    }
    let satisfaction = (counted > 0).then(|| (sum / counted as f64 * 10_000.0).round() / 10_000.0);
    let enough = counted >= rule.min_sample as usize && counted > 0;
    let band = satisfaction
        .filter(|_| enough && !rule.bands.is_empty())
        .map(|s| {
            rule.bands
                .iter()
                .find(|(at, _)| s >= *at)
                .copied()
                .unwrap_or((0.0, 0.0))
        });
    let score = satisfaction.filter(|_| enough).map(|s| {
        let points = band.map_or(s * max, |(_, p)| p.min(max));
        (points * 100.0).round() / 100.0
    });
    Social {
        indicator: rule.indicator.clone(),
        questionnaires: of_rule.len(),
        counted,
        min_sample: rule.min_sample,
        choices,
        satisfaction,
        score,
        band,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::builtin;

    fn answer(form: &Form, n: usize, value: &str, status: Status) -> Entry {
        let who = crate::domain::Author {
            device: "d".into(),
            person: "p".into(),
        };
        Entry {
            id: format!("q{n}-{value}"),
            campaign: "c".into(),
            unit: "u1".into(),
            form: form.def.id.clone(),
            form_version: form.def.version,
            status,
            created_at: String::new(),
            created_by: who.clone(),
            updated_at: String::new(),
            updated_by: who,
            answers: [("overall".to_string(), Value::from(value))].into(),
            heads: vec![],
            conflicts: Default::default(),
            revisions: 1,
            finding: None,
        }
    }

    fn sample(counts: &[(&str, usize)]) -> (Vec<Entry>, Form) {
        let form = builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == "jx.questionnaire")
            .unwrap();
        let mut entries = Vec::new();
        for (value, n) in counts {
            for i in 0..*n {
                entries.push(answer(&form, i, value, Status::Final));
            }
        }
        (entries, form)
    }

    fn run(rule: &SocialRule, entries: &[Entry], form: &Form) -> Social {
        let pairs: Vec<(&Entry, &Form)> = entries.iter().map(|e| (e, form)).collect();
        social(rule, &pairs, 10.0)
    }

    #[test]
    fn satisfaction_times_the_full_points() {
        // 20 × 1 + 12 × 0.8 + 4 × 0.6 + 2 × 0 = 32 over 38 counted (the two
        // 不了解 are not): 0.8421 → 8.42 of 10.
        let (mut entries, form) = sample(&[
            ("very_satisfied", 20),
            ("satisfied", 12),
            ("basic", 4),
            ("unsatisfied", 2),
            ("unknown", 2),
        ]);
        // A draft does not count.
        entries.push(answer(&form, 99, "unsatisfied", Status::Draft));
        let s = run(&SocialRule::default(), &entries, &form);
        assert_eq!((s.questionnaires, s.counted), (40, 38));
        assert_eq!(s.satisfaction, Some(0.8421));
        assert_eq!(s.score, Some(8.42));
        assert!(!s.too_few());
        let unknown = s.choices.iter().find(|c| c.value == "unknown").unwrap();
        assert_eq!((unknown.count, unknown.weight), (2, None));
    }

    #[test]
    fn bands_give_their_points() {
        let (entries, form) = sample(&[("very_satisfied", 20), ("satisfied", 12), ("basic", 8)]);
        // (20 + 9.6 + 4.8) / 40 = 0.86: the 0.8 band.
        let rule = SocialRule {
            bands: vec![(0.9, 10.0), (0.8, 8.0), (0.6, 5.0)],
            ..SocialRule::default()
        };
        let s = run(&rule, &entries, &form);
        assert_eq!(s.satisfaction, Some(0.86));
        assert_eq!((s.score, s.band), (Some(8.0), Some((0.8, 8.0))));
        // Below every band: no points.
        let (entries, form) = sample(&[("unsatisfied", 30), ("basic", 10)]);
        let s = run(&rule, &entries, &form);
        assert_eq!((s.satisfaction, s.score), (Some(0.15), Some(0.0)));
    }

    #[test]
    fn too_few_respondents_give_no_score() {
        let (entries, form) = sample(&[("very_satisfied", 25), ("unknown", 10)]);
        let s = run(&SocialRule::default(), &entries, &form);
        assert_eq!((s.counted, s.min_sample), (25, 30));
        assert!(s.too_few());
        assert_eq!(s.score, None);
        assert_eq!(s.satisfaction, Some(1.0), "still shown, not scored");
        let none = run(&SocialRule::default(), &[], &form);
        assert_eq!((none.satisfaction, none.score), (None, None));
    }
}
