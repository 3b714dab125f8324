//! 整改 follow-up: every recorded finding of a unit (a 问题清单 entry that
//! is not deleted) with its 整改要求, 期限, 责任人, the unit's reply and the
//! closing evidence, and where it stands: 待整改, 整改中, 已整改, or 逾期
//! (past its deadline and not done). The fields are the entry's answers,
//! so they travel in bundles both ways and merge like any answer.

use serde::Serialize;
use serde_json::Value;

use super::UnitData;
use crate::form::FormKind;
use crate::form::display::value_text;

/// Item ids of the findings form that 整改 reads.
pub const DEADLINE: &str = "rectify_deadline";
pub const STATUS: &str = "rectify_status";
const REQUIREMENT: &str = "rectify_req";
const RESPONSIBLE: &str = "responsible";
const REPLY: &str = "rectify_reply";
const EVIDENCE: &str = "rectify_evidence";
const TYPE: &str = "finding_type";
const FACTS: &str = "facts";

/// Where a finding's 整改 stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RectifyState {
    /// 待整改
    Pending,
    /// 整改中
    Doing,
    /// 已整改
    Done,
    /// 逾期: past the deadline and not done.
    Overdue,
}

impl RectifyState {
    /// The state's name, as the form and reports say it.
    pub fn label(self) -> String {
        crate::i18n::rf_state(self as usize)
    }
}

/// One recorded finding's 整改.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rectification {
    /// The 问题清单 entry.
    pub entry: String,
    pub unit: String,
    /// 问题类型, in the form's words.
    pub finding_type: String,
    pub facts: String,
    pub requirement: Option<String>,
    /// `YYYY-MM-DD`
    pub deadline: Option<String>,
    pub responsible: Option<String>,
    pub state: RectifyState,
    pub reply: Option<String>,
    pub evidence: Option<String>,
}

/// The 整改 of every recorded finding of a unit, by deadline (none last);
/// `today` (`YYYY-MM-DD`) decides what is overdue.
pub fn rectifications(data: &UnitData, today: &str) -> Vec<Rectification> {
    let mut out: Vec<Rectification> = data
        .entries_of_kind(FormKind::Findings)
        .into_iter()
        .map(|(e, form)| {
            let text = |id: &str| {
                e.answers
                    .get(id)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let deadline = e
                .answers
                .get(DEADLINE)
                .and_then(Value::as_str)
                .map(str::to_string);
            let status = e.answers.get(STATUS).and_then(Value::as_str);
            Rectification {
                entry: e.id.clone(),
                unit: e.unit.clone(),
                finding_type: form
                    .item(TYPE)
                    .map(|i| value_text(i, e.answers.get(TYPE).unwrap_or(&Value::Null)))
                    .unwrap_or_default(),
                facts: text(FACTS).unwrap_or_default(),
                requirement: text(REQUIREMENT),
                state: state(status, deadline.as_deref(), today),
                deadline,
                responsible: text(RESPONSIBLE),
                reply: text(REPLY),
                evidence: text(EVIDENCE),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.deadline.is_none(), &a.deadline, &a.entry).cmp(&(
            b.deadline.is_none(),
            &b.deadline,
            &b.entry,
        ))
    });
    out
}

/// A state from the form's status and the deadline: done is done, else
/// past the deadline is overdue, else as the form says (待整改 when unset).
pub fn state(status: Option<&str>, deadline: Option<&str>, today: &str) -> RectifyState {
    match status {
        Some("done") => RectifyState::Done,
        _ if deadline.is_some_and(|d| !today.is_empty() && d < today) => RectifyState::Overdue,
        Some("doing") => RectifyState::Doing,
        _ => RectifyState::Pending,
    }
}

/// How many of each state (待整改, 整改中, 已整改, 逾期).
pub fn counts(list: &[Rectification]) -> [usize; 4] {
    let mut out = [0; 4];
    for r in list {
        if let Some(n) = out.get_mut(r.state as usize) {
            *n += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_passed_is_overdue_unless_done() {
        let today = "2014-04-01";
        assert_eq!(state(None, None, today), RectifyState::Pending);
        assert_eq!(
            state(Some("open"), Some("2014-04-01"), today),
            RectifyState::Pending
        );
        assert_eq!(
            state(Some("doing"), Some("2014-03-31"), today),
            RectifyState::Overdue
        );
        assert_eq!(
            state(Some("open"), Some("2014-03-31"), today),
            RectifyState::Overdue
        );
        assert_eq!(
            state(Some("done"), Some("2014-03-31"), today),
            RectifyState::Done
        );
        assert_eq!(
            state(Some("doing"), Some("2014-05-01"), today),
            RectifyState::Doing
        );
    }
}
