//! The findings register of a unit: the one place that says where each
//! finding (问题) stands. It joins the rules' automatic findings with the
//! 问题清单 entries: an automatic finding no entry records is open
//! (待确认); one an entry records is accepted (已确认), or out of date when
//! its numbers changed since (已变化) or the rule no longer finds it
//! (已不成立); one recorded as a deleted entry with a reason is dismissed
//! (不予认定) for as long as its facts read the same; an entry made by hand
//! is a recorded finding of its own. Screens, reports and commands count
//! and list findings from here only.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Finding, UnitData};
use crate::domain::{Entry, Status};
use crate::form::{Form, FormKind};
use crate::i18n;

/// Where a finding stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingState {
    /// 待确认: a rule found it; nobody has accepted or dismissed it yet.
    #[default]
    Open,
    /// 已确认: a 问题清单 entry records it, and the rule still finds it so.
    Accepted,
    /// 已变化: recorded, but the rule's facts now read `now`.
    Changed { now: String },
    /// 已不成立: recorded, but the rule no longer finds it.
    Gone,
    /// 手工记录: a 问题清单 entry made by hand.
    Recorded,
    /// 不予认定: dismissed, with the reason, by whom, when.
    Dismissed {
        reason: String,
        by: String,
        at: String,
    },
}

impl FindingState {
    /// Whether a 问题清单 entry records the finding (it counts as a 问题).
    pub fn is_recorded(&self) -> bool {
        matches!(
            self,
            FindingState::Accepted
                | FindingState::Changed { .. }
                | FindingState::Gone
                | FindingState::Recorded
        )
    }

    /// The state in words (待确认, 已确认 …).
    pub fn label(&self) -> String {
        match self {
            FindingState::Open => i18n::a_state_open(),
            FindingState::Accepted => i18n::a_state_accepted(),
            FindingState::Changed { .. } => i18n::a_state_changed(),
            FindingState::Gone => i18n::a_state_gone(),
            FindingState::Recorded => i18n::a_state_recorded(),
            FindingState::Dismissed { .. } => i18n::a_state_dismissed(),
        }
    }

    /// Why a recorded finding may be out of date, when it is.
    pub fn warning(&self) -> Option<String> {
        match self {
            FindingState::Changed { now } => Some(i18n::a_warn_changed(now)),
            FindingState::Gone => Some(i18n::a_warn_gone()),
            _ => None,
        }
    }

    /// Whether the record no longer matches what the rule finds.
    pub fn is_stale(&self) -> bool {
        matches!(self, FindingState::Changed { .. } | FindingState::Gone)
    }
}

/// A unit's findings by where they stand.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Register {
    /// Recorded findings in the 问题清单's order, then the open ones in
    /// rule order.
    pub standing: Vec<Finding>,
    /// Dismissed findings, in rule order.
    pub dismissed: Vec<Finding>,
}

impl Register {
    /// The findings the 问题清单 records (问题).
    pub fn recorded(&self) -> impl Iterator<Item = &Finding> {
        self.standing.iter().filter(|f| f.state.is_recorded())
    }

    /// The automatic findings still to be decided (待确认).
    pub fn open(&self) -> impl Iterator<Item = &Finding> {
        self.standing
            .iter()
            .filter(|f| f.state == FindingState::Open)
    }
}

/// The register of one unit from the rules' findings (`auto`, as
/// `findings` made them) and the unit's 问题清单 entries. `reason` gives
/// the reason a deleted entry was deleted with.
pub fn register(auto: Vec<Finding>, data: &UnitData, reason: &dyn Fn(&str) -> String) -> Register {
    let records: Vec<(&Entry, &Form)> = data
        .entries
        .iter()
        .filter_map(|e| (data.forms)(&e.form, e.form_version).map(|f| (e, f)))
        .filter(|(_, f)| f.def.kind == FormKind::Findings)
        .collect();
    // The entry each automatic finding is recorded by: a live one first.
    let mut by_key: HashMap<&str, &Entry> = HashMap::new();
    for (e, _) in &records {
        if let Some(r) = &e.finding {
            let slot = by_key.entry(r.key.as_str()).or_insert(e);
            if slot.status == Status::Deleted && e.status != Status::Deleted {
                *slot = e;
            }
        }
    }
    let mut out = Register::default();
    for (e, form) in records.iter().filter(|(e, _)| e.status != Status::Deleted) {
        let found = e
            .finding
            .as_ref()
            .and_then(|r| auto.iter().find(|f| f.key == r.key));
        let state = match (&e.finding, found) {
            (None, _) => FindingState::Recorded,
            (Some(r), Some(f)) if f.facts == r.facts => FindingState::Accepted,
            (Some(_), Some(f)) => FindingState::Changed {
                now: f.facts.clone(),
            },
            (Some(_), None) => FindingState::Gone,
        };
        out.standing.push(from_entry(e, form, found, state, data));
    }
    for mut f in auto {
        match by_key.get(f.key.as_str()) {
            Some(e) if e.status != Status::Deleted => {}
            Some(e) if e.finding.as_ref().is_some_and(|r| r.facts == f.facts) => {
                f.state = FindingState::Dismissed {
                    reason: reason(&e.id),
                    by: e.updated_by.person.clone(),
                    at: e.updated_at.clone(),
                };
                f.entry = Some(e.id.clone());
                out.dismissed.push(f);
            }
            // Never decided, or dismissed when the facts read otherwise.
            _ => out.standing.push(f),
        }
    }
    out
}

/// The label of the entry's 问题类型, and whether it is the form's last
/// option (其他).
fn chosen_category(e: &Entry, form: &Form) -> Option<(String, bool)> {
    let value = e.answers.get("finding_type").and_then(Value::as_str)?;
    let item = form.item("finding_type")?;
    let label = item.choice_label(value)?.to_string();
    let last = item.choices().last().is_some_and(|c| c.value == value);
    Some((label, last))
}

/// Whether `category` is an option of the form's 问题类型.
fn is_option(form: &Form, category: &str) -> bool {
    form.item("finding_type")
        .is_some_and(|i| i.choices().iter().any(|c| c.label == category))
}

/// A recorded finding as its entry says it, with the rule's numbers and
/// evidence when the rule still finds it.
fn from_entry(
    e: &Entry,
    form: &Form,
    found: Option<&Finding>,
    state: FindingState,
    data: &UnitData,
) -> Finding {
    let text = |id: &str| {
        e.answers
            .get(id)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let category = match (chosen_category(e, form), found) {
        // A rule's category the form has no option for was kept as 其他.
        (Some((_, true)), Some(f)) if !is_option(form, &f.category) => f.category.clone(),
        (Some((label, _)), _) => label,
        (None, Some(f)) => f.category.clone(),
        (None, None) => i18n::a_other_category(),
    };
    let evidence = match (found, text("basis")) {
        (Some(f), _) => f.evidence.clone(),
        (None, Some(basis)) => vec![basis],
        (None, None) => Vec::new(),
    };
    Finding {
        key: e
            .finding
            .as_ref()
            .map_or_else(|| e.id.clone(), |r| r.key.clone()),
        rule: found.map(|f| f.rule.clone()).unwrap_or_default(),
        title: found.map_or_else(i18n::a_recorded_title, |f| f.title.clone()),
        category,
        unit: data.unit.id.clone(),
        facts: text("facts")
            .or_else(|| found.map(|f| f.facts.clone()))
            .unwrap_or_default(),
        numbers: found.map(|f| f.numbers.clone()).unwrap_or_default(),
        sources: found.map_or_else(|| vec![e.id.clone()], |f| f.sources.clone()),
        severity: text("severity")
            .or_else(|| found.map(|f| f.severity.clone()))
            .unwrap_or_else(|| "minor".to_string()),
        suggestion: text("suggestion")
            .or_else(|| found.map(|f| f.suggestion.clone()))
            .unwrap_or_default(),
        evidence,
        state,
        entry: Some(e.id.clone()),
    }
}
