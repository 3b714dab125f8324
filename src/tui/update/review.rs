//! F4 on the form screen: the next required item still empty (and shown:
//! an item hidden by its relevance is not asked for), after the cursor and
//! then from the top again; a required table with too few rows counts as
//! its "add row" line. What is being typed counts as filled once it is
//! valid (leaving the item commits it, as every move does).

use super::super::model::{AfterSave, FormState};
use super::commit::{leave, pending_sets};
use super::finalize::target;
use super::out::Out;
use super::outline::outline;
use crate::form::eval::Answers;
use crate::form::validate::{self, ValueProblem};
use crate::i18n;

/// F4: goes to the next empty required item, wrapping around; says how
/// many are left, or that none is.
pub(super) fn next_required(st: &mut FormState) -> Out {
    let working = match pending_sets(st) {
        Err(message) => return Out::error(message),
        Ok(None) => st.entry.answers.clone(),
        Ok(Some(p)) => p.working,
    };
    // The outline as it will be once what is typed is saved.
    let rows = outline(&st.form, &working, &st.baseline);
    let answers = Answers::new(&st.form, &working, &st.baseline);
    let mut empty: Vec<usize> = validate::issues(&answers)
        .into_iter()
        .filter(|i| i.problem == ValueProblem::Required)
        .filter_map(|i| {
            let line = target(&st.form, &i.path);
            rows.iter().position(|r| *r == line)
        })
        .collect();
    empty.sort_unstable();
    empty.dedup();
    let here = st
        .rows
        .get(st.cursor)
        .and_then(|r| rows.iter().position(|x| x == r))
        .unwrap_or(st.cursor);
    let next = empty
        .iter()
        .find(|&&i| i > here)
        .or_else(|| empty.first())
        .and_then(|&i| rows.get(i).cloned());
    let Some(row) = next else {
        let mut out = leave(st, AfterSave::Stay);
        if out.flash.is_none() {
            out.flash = Out::info(i18n::ui_all_required_filled()).flash;
        }
        return out;
    };
    let mut out = if rows.get(here) == Some(&row) && st.rows.get(st.cursor) == Some(&row) {
        // The only one left is where the cursor is.
        Out::default()
    } else {
        leave(st, AfterSave::To(row))
    };
    if out.flash.is_none() {
        out.flash = Out::info(i18n::ui_required_left(empty.len())).flash;
    }
    out
}

/// Whether a line is one F4 stops at: for the tests of the outline.
#[cfg(test)]
fn stops_at(st: &FormState, row: &super::super::model::Row) -> bool {
    let answers = Answers::new(&st.form, &st.entry.answers, &st.baseline);
    validate::issues(&answers)
        .into_iter()
        .filter(|i| i.problem == ValueProblem::Required)
        .any(|i| target(&st.form, &i.path) == *row)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use serde_json::{Value, json};

    use super::*;
    use crate::domain::{Author, Entry, EntryInit, RevisionDraft, Status};
    use crate::tui::action::EntryData;
    use crate::tui::model::Row;

    const FORM: &str = r#"{
      "id": "t.review", "version": 1, "title": "测试表", "kind": "registration", "per_unit": "many",
      "sections": [{"id": "s1", "title": "一", "items": [
        {"id": "a", "type": "text", "label": "甲", "required": true},
        {"id": "b", "type": "yesno", "label": "乙"},
        {"id": "c", "type": "text", "label": "丙", "required": true, "relevant": "b = true"},
        {"id": "d", "type": "text", "label": "丁", "required": true}
      ]}]
    }"#;

    fn state(answers: Value) -> FormState {
        let form = crate::form::load_form("t.json", FORM).unwrap();
        let changes: BTreeMap<String, Value> =
            answers.as_object().unwrap().clone().into_iter().collect();
        let root = RevisionDraft {
            entry: "0190e1c4-3a00-7000-8000-0000000000e1".into(),
            parents: vec![],
            author: Author {
                device: "t".into(),
                person: "测试员".into(),
            },
            at: "2013-11-26T10:32:05+08:00".into(),
            init: Some(EntryInit {
                campaign: "c".into(),
                unit: "u".into(),
                form: "t.review".into(),
                form_version: 1,
                finding: None,
            }),
            changes: changes.into(),
            status: Some(Status::Draft),
            reason: None,
        }
        .seal();
        super::super::open_form(EntryData {
            form: Arc::new(form),
            entry: Entry::from_root(&root).unwrap(),
            unit_name: "单位".into(),
            baseline: Default::default(),
            roster: None,
            new: false,
            review: None,
        })
    }

    fn at(st: &FormState) -> String {
        match st.rows.get(st.cursor) {
            Some(Row::Item { id, .. }) => id.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn it_skips_answered_and_hidden_items_and_wraps() {
        // 丙 is required but hidden (乙 is not 是): never a stop.
        let mut st = state(json!({"d": "x"}));
        assert_eq!(at(&st), "a");
        let out = next_required(&mut st);
        // 甲 is the only one left, and the cursor is on it.
        assert_eq!(at(&st), "a");
        assert_eq!(out.flash.unwrap().text, i18n::ui_required_left(1));
        let mut st = state(json!({"a": "x"}));
        next_required(&mut st);
        assert_eq!(at(&st), "d");
        // From the last one back to the top: nothing after 丁.
        let mut st = state(json!({"b": false}));
        st.cursor = st.rows.len() - 1;
        crate::tui::update::commit::reset_field(&mut st);
        next_required(&mut st);
        assert_eq!(at(&st), "a");
    }

    #[test]
    fn a_shown_required_item_is_a_stop_and_none_left_is_said() {
        let st = state(json!({"a": "x", "b": true, "d": "y"}));
        let c = st
            .rows
            .iter()
            .find(|r| matches!(r, Row::Item { id, .. } if id == "c"))
            .cloned()
            .unwrap();
        assert!(stops_at(&st, &c));
        let mut st = state(json!({"a": "x", "d": "y"}));
        let before = st.cursor;
        let out = next_required(&mut st);
        assert_eq!(st.cursor, before);
        assert_eq!(out.flash.unwrap().text, i18n::ui_all_required_filled());
    }
}
