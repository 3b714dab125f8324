//! Automatic findings: evaluates checked rules over one unit's entries and
//! baseline. Each finding says which rule fired, with which numbers, on
//! which entries, so an inspector can accept or dismiss it.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::UnitData;
use super::check::can_raise;
use super::env::{RuleEnv, fill, number_text, val_text};
use super::register::FindingState;
use super::roster::roster_hit;
use super::rules::{Rule, RuleKind, Rules};
use crate::domain::Entry;
use crate::form::display::entry_title;
use crate::form::eval::Answers;
use crate::form::expr::Val;
use crate::form::path::row_item_path;
use crate::form::{Form, ItemType};
use crate::i18n;

/// Longest quoted excerpt of an answer in a finding's evidence, in characters.
const EXCERPT_CHARS: usize = 80;

/// One automatic finding (问题).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id (rule + unit + entry/row) to remember accept/dismiss by.
    pub key: String,
    /// The rule that fired.
    pub rule: String,
    /// The rule's title.
    pub title: String,
    /// One of `domain::FINDING_CATEGORIES`.
    pub category: String,
    /// The unit id.
    pub unit: String,
    /// A Chinese sentence with the numbers.
    pub facts: String,
    /// The numbers behind the facts, by name.
    pub numbers: BTreeMap<String, Value>,
    /// Ids of the entries the finding rests on.
    pub sources: Vec<String>,
    /// `minor`, `major` or `severe` (the findings form's option values).
    pub severity: String,
    /// The rule's suggestion (意见建议).
    pub suggestion: String,
    /// Where it shows, in words: the entry, the row, quoted answers.
    pub evidence: Vec<String>,
    /// Where it stands (see `register`); a rule's finding is open.
    #[serde(default)]
    pub state: FindingState,
    /// The 问题清单 entry that records (or dismissed) it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
}

/// Every finding of the rules over one unit, in rule order.
pub fn findings(rules: &Rules, data: &UnitData) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &rules.rules {
        match &rule.kind {
            RuleKind::Entry {
                form,
                numbers,
                when,
            } => {
                for (entry, f) in data.entries_of(form) {
                    let answers = Answers::new(f, &entry.answers, &data.unit.baseline);
                    let env = RuleEnv::new(Some(&answers), &data.unit.baseline, None, numbers);
                    if when.eval(&env).truthy() {
                        let key = format!("{}:{}:{}", rule.id, data.unit.id, entry.id);
                        let evidence = i18n::a_evidence_entry(&f.def.title, &entry_title(f, entry));
                        out.push(expr_finding(rule, data, key, &env, entry, evidence));
                    }
                }
            }
            RuleKind::Rows {
                form,
                repeat,
                numbers,
                when,
            } => {
                for (entry, f) in data.entries_of(form) {
                    let answers = Answers::new(f, &entry.answers, &data.unit.baseline);
                    let label = f.item(repeat).map_or(repeat.as_str(), |i| i.label.as_str());
                    for (n, row) in answers.rows(repeat).iter().enumerate() {
                        let env =
                            RuleEnv::new(Some(&answers), &data.unit.baseline, Some(row), numbers);
                        if when.eval(&env).truthy() {
                            let key = format!("{}:{}:{}:{row}", rule.id, data.unit.id, entry.id);
                            let evidence = i18n::a_evidence_row(
                                &f.def.title,
                                &entry_title(f, entry),
                                label,
                                n + 1,
                            );
                            out.push(expr_finding(rule, data, key, &env, entry, evidence));
                        }
                    }
                }
            }
            RuleKind::Share {
                form,
                item,
                values,
                min_share,
                min_count,
            } => out.extend(share(
                rule, data, form, item, values, *min_share, *min_count,
            )),
            RuleKind::Tagged { forms } => out.extend(tagged(rule, data, forms)),
            RuleKind::Roster { check } => {
                if let Some(hit) = roster_hit(*check, data) {
                    let key = format!("{}:{}:roster", rule.id, data.unit.id);
                    let mut f = new_finding(rule, data, key);
                    f.facts = fill(&rule.facts, |n| {
                        hit.numbers.get(n).map(|v| match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                    });
                    f.numbers = hit.numbers;
                    f.evidence = vec![hit.evidence];
                    out.push(f);
                }
            }
        }
    }
    out
}

fn new_finding(rule: &Rule, data: &UnitData, key: String) -> Finding {
    Finding {
        key,
        rule: rule.id.clone(),
        title: rule.title.clone(),
        category: rule.category.clone(),
        unit: data.unit.id.clone(),
        facts: String::new(),
        numbers: BTreeMap::new(),
        sources: Vec::new(),
        severity: rule.severity.clone(),
        suggestion: rule.suggestion.clone(),
        evidence: Vec::new(),
        state: FindingState::Open,
        entry: None,
    }
}

fn expr_finding(
    rule: &Rule,
    data: &UnitData,
    key: String,
    env: &RuleEnv,
    entry: &Entry,
    evidence: String,
) -> Finding {
    let values: BTreeMap<String, Val> = env.all_numbers();
    let mut f = new_finding(rule, data, key);
    f.facts = fill(&rule.facts, |n| values.get(n).map(val_text));
    f.numbers = values
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    f.sources = vec![entry.id.clone()];
    f.evidence = vec![evidence];
    f
}

/// The share rule over questionnaires. The sources are every questionnaire
/// that answered the item, so they say nothing about who answered what.
fn share(
    rule: &Rule,
    data: &UnitData,
    form: &str,
    item: &str,
    values: &[String],
    min_share: f64,
    min_count: usize,
) -> Option<Finding> {
    let mut answered = 0usize;
    let mut per_value = vec![0usize; values.len()];
    let mut sources = Vec::new();
    let mut labels: Option<&Form> = None;
    for (entry, f) in data.entries_of(form) {
        let Some(v) = entry.answers.get(item).and_then(Value::as_str) else {
            continue;
        };
        labels.get_or_insert(f);
        answered += 1;
        sources.push(entry.id.clone());
        if let Some(c) = values
            .iter()
            .position(|x| x == v)
            .and_then(|i| per_value.get_mut(i))
        {
            *c += 1;
        }
    }
    let hits: usize = per_value.iter().sum();
    if answered == 0 || answered < min_count || (hits as f64) < min_share * answered as f64 {
        return None;
    }
    let share = hits as f64 / answered as f64;
    let percent = (share * 1000.0).round() / 10.0;
    let mut numbers = BTreeMap::new();
    numbers.insert("answered".to_string(), Value::from(answered));
    numbers.insert("hits".to_string(), Value::from(hits));
    numbers.insert("share".to_string(), Val::Num(share).to_json());
    numbers.insert("percent".to_string(), Val::Num(percent).to_json());
    let text = |n: &str| match n {
        "answered" => Some(answered.to_string()),
        "hits" => Some(hits.to_string()),
        "share" => Some(number_text(share)),
        "percent" => Some(format!("{percent:.1}")),
        _ => None,
    };
    let item_def = labels.and_then(|f| f.item(item));
    let counts: Vec<String> = values
        .iter()
        .zip(&per_value)
        .map(|(v, n)| {
            let label = item_def.and_then(|i| i.choice_label(v)).unwrap_or(v);
            i18n::a_option_count(label, *n)
        })
        .collect();
    let question = item_def.map_or(item, |i| i.label.as_str());
    let mut f = new_finding(rule, data, format!("{}:{}", rule.id, data.unit.id));
    f.facts = fill(&rule.facts, text);
    f.numbers = numbers;
    f.sources = sources;
    f.evidence = vec![i18n::a_evidence_share(
        question,
        &counts.join("、"),
        answered,
    )];
    Some(f)
}

/// The tagged rule over interviews and symposia.
fn tagged(rule: &Rule, data: &UnitData, forms: &[String]) -> Option<Finding> {
    let marker = format!("#{}", rule.category);
    let mut mentions = 0usize;
    let mut sources: Vec<String> = Vec::new();
    let mut evidence = Vec::new();
    for form_id in forms {
        for (entry, f) in data.entries_of(form_id) {
            let answers = Answers::new(f, &entry.answers, &data.unit.baseline);
            let mut seen = HashSet::new();
            for item in f.def.all_items().filter(|i| can_raise(i, &rule.category)) {
                let rows: Vec<Option<String>> = match f.repeat_of(&item.id) {
                    None => vec![None],
                    Some(rep) => answers.rows(&rep.id).into_iter().map(Some).collect(),
                };
                for row in rows {
                    let path = match (&row, f.repeat_of(&item.id)) {
                        (Some(r), Some(rep)) => row_item_path(&rep.id, r, &item.id),
                        _ => item.id.clone(),
                    };
                    let Some(value) = entry.answers.get(&path) else {
                        continue;
                    };
                    let hit = match item.kind {
                        ItemType::Text => value.as_str().is_some_and(|s| s.contains(&marker)),
                        _ => value.as_array().is_some_and(|vs| {
                            vs.iter()
                                .filter_map(Value::as_str)
                                .any(|v| item.choice_label(v).is_some_and(|l| l == rule.category))
                        }),
                    };
                    let place = row.clone().unwrap_or_else(|| item.id.clone());
                    if !hit || !seen.insert(place) {
                        continue;
                    }
                    mentions += 1;
                    if sources.last() != Some(&entry.id) {
                        sources.push(entry.id.clone());
                    }
                    let quote = match (&row, f.repeat_of(&item.id)) {
                        (Some(r), Some(rep)) => row_quote(f, &answers, &rep.id, r),
                        _ => (
                            item.label.clone(),
                            excerpt(value.as_str().unwrap_or_default()),
                        ),
                    };
                    evidence.push(i18n::a_evidence_quote(
                        &f.def.title,
                        &entry_title(f, entry),
                        &quote.0,
                        &quote.1,
                    ));
                }
            }
        }
    }
    if mentions == 0 {
        return None;
    }
    sources.dedup();
    let entries = sources.iter().collect::<HashSet<_>>().len();
    let mut f = new_finding(rule, data, format!("{}:{}", rule.id, data.unit.id));
    f.facts = fill(&rule.facts, |n| match n {
        "mentions" => Some(mentions.to_string()),
        "entries" => Some(entries.to_string()),
        _ => None,
    });
    f.numbers.insert("mentions".into(), Value::from(mentions));
    f.numbers.insert("entries".into(), Value::from(entries));
    f.sources = sources;
    f.evidence = evidence;
    Some(f)
}

/// A repeat row read as `label`, `text`: its text answers, the short ones
/// (a speaker) first as the label.
fn row_quote(form: &Form, answers: &Answers, repeat: &str, row: &str) -> (String, String) {
    let mut short = Vec::new();
    let mut long = Vec::new();
    let children = form.item(repeat).map(|r| r.children()).unwrap_or_default();
    for child in children.iter().filter(|c| c.kind == ItemType::Text) {
        if let Value::String(s) = answers.value(&child.id, Some(row))
            && !s.trim().is_empty()
        {
            if child.is_multiline() {
                long.push(s);
            } else {
                short.push(s);
            }
        }
    }
    let label = form.item(repeat).map_or(String::new(), |r| r.label.clone());
    let label = short.first().cloned().unwrap_or(label);
    (label, excerpt(&long.join(" ")))
}

/// At most `EXCERPT_CHARS` characters of a text, on one line.
pub(crate) fn excerpt(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one_line.chars();
    let cut: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}
