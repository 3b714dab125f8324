//! Rules that cannot be decided (无法判断): an entry gives a figure a rule
//! compares, but the figure it is compared with, a number that reads the
//! unit's baseline (核定数), is empty on the form and in the baseline. Such
//! a gap says nothing about the unit: it is missing data for HQ, kept apart
//! from the findings and never counted as a 问题.
//!
//! Worked out from the rule's own numbers, for every `entry` and `rows`
//! rule: a number that uses no other number is an *input*; an input that
//! reads `baseline.KEY` is a *baseline number*, the others are read from the
//! entry. A rule whose `when` does not hold leaves a gap when one of its
//! baseline numbers is empty while an entry number has a value the entry
//! gave (an answered item, a repeat with rows). Nothing entered yet is no
//! gap, and neither is a figure still to be typed on the form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::UnitData;
use super::env::RuleEnv;
use super::rules::{Rule, RuleKind, Rules};
use crate::domain::Entry;
use crate::form::Form;
use crate::form::eval::Answers;
use crate::form::expr::{Env, Expr, Ref, Val};
use crate::i18n;

/// A rule that could not be decided for a unit, for want of a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// Stable id (rule + unit + entry/row), as a finding's.
    pub key: String,
    /// The rule that could not be decided.
    pub rule: String,
    /// The rule's title.
    pub title: String,
    /// The unit id.
    pub unit: String,
    /// The entry that gives the other figure.
    pub entry: String,
    /// The rule's empty numbers, by name (`quota`).
    pub numbers: Vec<String>,
    /// What is missing, in the form's words (行政编制核定数).
    pub missing: Vec<String>,
    /// The baseline keys those numbers read, all empty (`admin_quota`).
    pub baseline: Vec<String>,
    /// The sentence: 无法判断“…”：缺少…, and what to do.
    pub text: String,
}

/// Every gap of the rules over one unit, in rule order.
pub fn gaps(rules: &Rules, data: &UnitData) -> Vec<Gap> {
    let baseline = &data.unit.baseline;
    let mut out = Vec::new();
    for rule in &rules.rules {
        match &rule.kind {
            RuleKind::Entry {
                form,
                numbers,
                when,
            } => {
                for (entry, f) in data.entries_of(form) {
                    let answers = Answers::new(f, &entry.answers, baseline);
                    let env = RuleEnv::new(Some(&answers), baseline, None, numbers);
                    let key = format!("{}:{}:{}", rule.id, data.unit.id, entry.id);
                    let at = At {
                        rule,
                        unit: &data.unit.id,
                        form: f,
                        entry,
                    };
                    out.extend(gap(&at, key, &env, numbers, when));
                }
            }
            RuleKind::Rows {
                form,
                repeat,
                numbers,
                when,
            } => {
                for (entry, f) in data.entries_of(form) {
                    let answers = Answers::new(f, &entry.answers, baseline);
                    for row in answers.rows(repeat) {
                        let env = RuleEnv::new(Some(&answers), baseline, Some(&row), numbers);
                        let key = format!("{}:{}:{}:{row}", rule.id, data.unit.id, entry.id);
                        let at = At {
                            rule,
                            unit: &data.unit.id,
                            form: f,
                            entry,
                        };
                        out.extend(gap(&at, key, &env, numbers, when));
                    }
                }
            }
            RuleKind::Roster { check } => {
                if let Some((field, key)) = super::roster::missing_posts(*check, data) {
                    let missing = field.label();
                    out.push(Gap {
                        key: format!("{}:{}:roster", rule.id, data.unit.id),
                        rule: rule.id.clone(),
                        title: rule.title.clone(),
                        unit: data.unit.id.clone(),
                        entry: String::new(),
                        numbers: vec!["quota".into()],
                        text: i18n::a_gap_roster(&rule.title, &missing),
                        missing: vec![missing],
                        baseline: vec![key.into()],
                    });
                }
            }
            RuleKind::Share { .. } | RuleKind::Tagged { .. } => {}
        }
    }
    out
}

/// Where a rule is being decided.
struct At<'a> {
    rule: &'a Rule,
    unit: &'a str,
    form: &'a Form,
    entry: &'a Entry,
}

fn is_null(v: &Val) -> bool {
    matches!(v, Val::Null)
}

/// The gap of one evaluation of a rule, if it leaves one.
fn gap(
    at: &At,
    key: String,
    env: &RuleEnv,
    numbers: &BTreeMap<String, Expr>,
    when: &Expr,
) -> Option<Gap> {
    if when.eval(env).truthy() {
        return None;
    }
    let mut given = false;
    let mut empty = Vec::new();
    for (name, expr) in numbers {
        let refs = expr.refs();
        let uses_number = refs
            .iter()
            .any(|r| matches!(r, Ref::Field { name, .. } if numbers.contains_key(name)));
        if uses_number {
            continue;
        }
        let value = env.field(name);
        if refs.iter().any(|r| matches!(r, Ref::Baseline { .. })) {
            if is_null(&value) {
                empty.push((name.clone(), refs));
            }
        } else if !is_null(&value) && refs.iter().any(|r| answered(env, r)) {
            given = true;
        }
    }
    if !given || empty.is_empty() {
        return None;
    }
    let mut missing = Vec::new();
    let mut keys = Vec::new();
    for (_, refs) in &empty {
        let mut labels = Vec::new();
        for r in refs {
            match r {
                Ref::Field { name, .. } if is_null(&env.field(name)) => {
                    labels.extend(at.form.item(name).map(|i| i.label.clone()));
                }
                Ref::Baseline { key, .. } if is_null(&env.baseline(key)) => {
                    keys.push(key.clone());
                }
                _ => {}
            }
        }
        if labels.is_empty() {
            // No item of the form names it: the baseline's words do.
            labels.extend(refs.iter().filter_map(|r| {
                match r {
                    Ref::Baseline { key, .. } => i18n::baseline_labels()
                        .into_iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, label)| label),
                    _ => None,
                }
            }));
        }
        missing.extend(labels);
    }
    missing.dedup();
    keys.dedup();
    let names: Vec<String> = empty.into_iter().map(|(n, _)| n).collect();
    let what = if missing.is_empty() {
        names.join("、")
    } else {
        missing.join("、")
    };
    Some(Gap {
        key,
        rule: at.rule.id.clone(),
        title: at.rule.title.clone(),
        unit: at.unit.to_string(),
        entry: at.entry.id.clone(),
        numbers: names,
        text: i18n::a_gap(&at.rule.title, &what),
        missing,
        baseline: keys,
    })
}

/// Whether the entry gave what `r` reads: an answered item, a repeat with
/// rows, a column with an answer in some row.
fn answered(env: &RuleEnv, r: &Ref) -> bool {
    match r {
        Ref::Field { name, .. } => !is_null(&env.field(name)),
        Ref::Rows { repeat, .. } => env.row_count(repeat) > 0,
        Ref::Column { repeat, field, .. } => env.column(repeat, field).iter().any(|v| !is_null(v)),
        Ref::Baseline { .. } | Ref::SelfValue { .. } => false,
    }
}
