//! F9 (定稿) on the form screen: the rows the live minutes left empty at
//! the end are dropped, then either the question whether to finalise or
//! the list of what keeps the entry from it, each item named by its label
//! (and its table's row number), never a path. ↑/↓ choose a line of that
//! list and Enter goes to its item.

use super::super::action::Effect;
use super::super::model::{AfterSave, Confirmed, FormState, Model, Popup, Row};
use super::commit::{leave, pending_sets, save};
use super::minutes;
use super::out::{Out, apply, form_mut};
use crate::domain::Status;
use crate::form::display::issue_label;
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::plan::{Fresh, plan_changes};
use crate::form::validate;
use crate::form::{Form, ItemType};
use crate::i18n;

/// F9: saves what is typed (and drops the empty rows at the end of the
/// minutes), then asks to finalise or lists what is missing.
pub(super) fn finalize(st: &mut FormState) -> Out {
    if st.entry.status == Status::Final {
        return Out::info(i18n::ui_already_final());
    }
    let (mut sets, mut working) = match pending_sets(st) {
        Err(message) => return Out::error(message),
        Ok(None) => (Vec::new(), st.entry.answers.clone()),
        Ok(Some(p)) => (p.sets, p.working),
    };
    let tail = minutes::blank_tail(&Answers::new(&st.form, &working, &st.baseline));
    if !tail.is_empty() {
        let before = working.clone();
        let check = Fresh::check_only();
        if let Err(e) = plan_changes(&st.form, &check, &st.baseline, &before, &mut working, &tail) {
            return Out::error(e.for_screen());
        }
        sets.extend(tail);
    }
    let mut out = if sets.is_empty() {
        Out::default()
    } else {
        save(st, sets, AfterSave::Stay)
    };
    let answers = Answers::new(&st.form, &working, &st.baseline);
    let issues = validate::issues(&answers);
    out.popup = Some(if issues.is_empty() {
        Popup::Confirm {
            title: i18n::ui_finalize_title(),
            body: vec![i18n::ui_finalize_confirm()],
            on_yes: Confirmed::Finalize(st.entry.id.clone()),
        }
    } else {
        Popup::Issues {
            title: i18n::ui_not_ready_title(),
            head: i18n::ui_missing_count(issues.len()),
            items: issues
                .iter()
                .map(|i| {
                    (
                        format!("{}：{}", issue_label(&answers, &i.path), i.problem),
                        target(&st.form, &i.path),
                    )
                })
                .collect(),
            selected: 0,
        }
    });
    out
}

/// The outline line of the item an issue is about: the item (in its row),
/// or the "add row" line of a table with too few rows.
pub(super) fn target(form: &Form, path: &str) -> Row {
    match FieldPath::parse(path) {
        Some(FieldPath::RowItem { row, item, .. }) => Row::Item {
            id: item,
            row: Some(row),
            path: path.to_string(),
        },
        Some(FieldPath::Row { repeat, .. }) => Row::AddRow { repeat },
        Some(FieldPath::Item(id)) if form.item(&id).is_some_and(|i| i.kind == ItemType::Repeat) => {
            Row::AddRow { repeat: id }
        }
        _ => Row::Item {
            id: path.to_string(),
            row: None,
            path: path.to_string(),
        },
    }
}

/// Enter on a line of the list: the cursor goes to its item (what is
/// being typed is committed first, as leaving any item does).
pub(super) fn go_to(model: &mut Model, row: Row) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    let out = leave(st, AfterSave::To(row));
    apply(model, out)
}
