//! The app's history effect: an entry's revisions read through the
//! workspace and put into words for the form screen's history popup —
//! newest first, times local, the laptop when it is known, each change as
//! `label：old → new` shortened, never a path or a row id.

use serde_json::Value;

use super::App;
use crate::app::workspace::WorkError;
use crate::domain::{Entry, Step};
use crate::form::display::{answer_line, change_label, status_text};
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::{Form, ItemType};
use crate::i18n;
use crate::sync::trust;
use crate::tui::action::{Action, Effect, Loaded};
use crate::tui::history::{HistoryChange, HistoryData, HistoryStep};
use crate::tui::view::text::fit;

/// Columns an old or a new value keeps in the history (the line wraps on
/// screen; a long text is cut here).
const VALUE_COLUMNS: usize = 30;

impl App {
    /// The history effect; `None` for the others.
    pub(super) fn history_effect(&self, effect: &Effect) -> Option<Result<Vec<Action>, WorkError>> {
        let Effect::LoadHistory(id) = effect else {
            return None;
        };
        Some(
            self.history_of(id)
                .map(|d| vec![Action::Loaded(Loaded::History(Box::new(d)))]),
        )
    }

    fn history_of(&self, id: &str) -> Result<HistoryData, WorkError> {
        let ws = &self.ws;
        let entry = ws.find_entry(id)?;
        let form = ws.form(&entry.form, entry.form_version).ok();
        let campaign = ws.campaign().ok();
        // Who a laptop is comes from the trusted keys: without them, the
        // person alone.
        let trusted = trust::trusted(&ws.store).unwrap_or_default();
        let baseline = ws.baseline_of(&entry);
        let mut steps: Vec<HistoryStep> = ws
            .history(&entry)?
            .into_iter()
            .map(|step| {
                let laptop = match (&campaign, step.author.device.as_str()) {
                    (_, "merge") => Some(i18n::ui_history_merge()),
                    (Some(c), _) => self.laptop(c, &trusted, &step.author),
                    (None, _) => None,
                };
                words(&step, &entry, form, &baseline, laptop)
            })
            .collect();
        steps.reverse();
        Ok(HistoryData {
            entry: entry.id.clone(),
            steps,
        })
    }
}

/// One revision in words.
fn words(
    step: &Step,
    entry: &Entry,
    form: Option<&Form>,
    baseline: &crate::domain::Baseline,
    laptop: Option<String>,
) -> HistoryStep {
    let person = crate::domain::ids::clean_label(&step.author.person);
    let who = match laptop {
        Some(l) if step.author.device == "merge" => l,
        Some(l) => i18n::ui_side_by(&l, &person),
        None => person,
    };
    let what = if step.created {
        Some(i18n::created())
    } else {
        step.status
            .map(|s| i18n::ui_history_status(&status_text(s)))
    };
    let mut ordered: Vec<&crate::domain::FieldChange> = step.changes.iter().collect();
    if let Some(form) = form {
        let answers = Answers::new(form, &entry.answers, baseline);
        ordered.sort_by_cached_key(|c| form_order(form, &answers, &c.path));
    }
    let changes = ordered
        .into_iter()
        .map(|c| HistoryChange {
            path: c.path.clone(),
            text: change_text(form, entry, baseline, &c.path, &c.old, &c.new),
        })
        .collect();
    HistoryStep {
        when: local_time(&step.at),
        who,
        what,
        reason: step
            .reason
            .as_deref()
            .map(crate::domain::ids::clean_label)
            .filter(|r| !r.is_empty()),
        changes,
    }
}

/// Where a change's field comes in the form: its item (or table), its
/// row as numbered now (rows gone last), its item in the row.
fn form_order(form: &Form, answers: &Answers<'_>, path: &str) -> (usize, usize, usize) {
    let at = |id: &str| {
        form.def
            .all_items()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    let row_no = |repeat: &str, row: &str| {
        answers
            .rows(repeat)
            .iter()
            .position(|r| r == row)
            .map_or(usize::MAX, |n| n + 1)
    };
    match FieldPath::parse(path) {
        Some(FieldPath::Item(id)) => (at(&id), 0, 0),
        Some(FieldPath::Row { repeat, row }) => (at(&repeat), row_no(&repeat, &row), 0),
        Some(FieldPath::RowItem { repeat, row, item }) => {
            (at(&repeat), row_no(&repeat, &row), at(&item))
        }
        None => (usize::MAX, 0, 0),
    }
}

/// `label：old → new`, the label numbering rows as they are now; a row
/// added or removed says so.
fn change_text(
    form: Option<&Form>,
    entry: &Entry,
    baseline: &crate::domain::Baseline,
    path: &str,
    old: &Value,
    new: &Value,
) -> String {
    let Some(form) = form else {
        // The form is unknown here: its labels are too. Say what changed
        // without naming the field by its path.
        return i18n::ui_change("?", &plain(old), &plain(new));
    };
    let answers = Answers::new(form, &entry.answers, baseline);
    let label = change_label(&answers, path);
    let parsed = FieldPath::parse(path);
    if matches!(parsed, Some(FieldPath::Row { .. })) {
        let what = if new.is_null() {
            i18n::row_removed()
        } else {
            i18n::row_added()
        };
        return format!("{label}：{what}");
    }
    let item = parsed
        .and_then(|p| form.item(p.item_id()))
        .filter(|i| i.kind != ItemType::Repeat);
    let text = |v: &Value| match (item, v) {
        (_, Value::Null) => "—".to_string(),
        (Some(i), v) => fit(&answer_line(i, v), VALUE_COLUMNS),
        (None, v) => plain(v),
    };
    i18n::ui_change(&label, &text(old), &text(new))
}

/// A value without its item: text as it is, on one line, shortened.
fn plain(v: &Value) -> String {
    let text = match v {
        Value::Null => return "—".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    fit(&crate::domain::ids::clean_label(&text), VALUE_COLUMNS)
}

/// `2026-12-01 08:02` in this computer's time zone; as recorded when the
/// time does not parse.
pub fn local_time(rfc3339: &str) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => crate::form::display::time_text(rfc3339),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_reads_as_date_and_minutes() {
        let t = local_time("2026-12-01T08:02:59+08:00");
        assert_eq!(t.len(), "2026-12-01 08:02".len(), "{t}");
        assert!(t.ends_with(":02"), "{t}");
        assert_eq!(local_time("yesterday"), "yesterday");
    }

    #[test]
    fn a_value_without_its_form_is_one_short_line() {
        let long = Value::String(format!("a\u{1b}b\n{}", "长".repeat(40)));
        let text = plain(&long);
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(crate::tui::view::text::width(&text) <= VALUE_COLUMNS);
        assert_eq!(plain(&Value::Null), "—");
    }
}
