//! Planning an edit, without saving it: turns what a person sets
//! (`item=value`, rows) into changes against an entry's answers, checking
//! every value against its item. Pure: the time and the id of a new row come
//! in as `Fresh`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::{Baseline, RosterCounts};
use crate::form::eval::Answers;
use crate::form::path::{row_item_path, row_path};
use crate::form::validate::{self, ValueProblem};
use crate::form::{Form, ItemType};
use crate::i18n;

/// What an edit takes from the world outside: today, the time, the id a
/// new row gets, and who is working with whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fresh {
    /// `YYYY-MM-DD`, for a date item whose default is `today`.
    pub today: String,
    /// `HH:MM`, for a time item whose default is `now`.
    pub time: String,
    /// The id of the row `rep[+]` adds (every `+` of one edit is one row).
    pub row_id: String,
    /// Who is working, for a text item whose default is `user`.
    pub person: String,
    /// The members of the unit's team, for a text item whose default is
    /// `team` (the person alone when the team is not known).
    pub team: Vec<String>,
    /// What the unit's roster counts, for an item prefilled `roster.KEY`.
    pub roster: Option<RosterCounts>,
}

impl Fresh {
    /// For checking changes to items and rows that exist (no `rep[+]`): such
    /// an edit adds no row and applies no default, so it needs neither the
    /// time nor a row id. The TUI checks typed text with it; the edit is
    /// planned again, with the time, when it is saved.
    pub const fn check_only() -> Fresh {
        Fresh {
            today: String::new(),
            time: String::new(),
            row_id: String::new(),
            person: String::new(),
            team: Vec::new(),
            roster: None,
        }
    }
}

/// Why an edit was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("{}", i18n::edit_unknown_item(.0))]
    UnknownItem(String),
    #[error("{}", i18n::edit_bad_row(.0))]
    BadRow(String),
    #[error("{}", i18n::edit_value(item, label, &problem.to_string()))]
    Value {
        item: String,
        label: String,
        problem: ValueProblem,
    },
    #[error("{}", i18n::edit_not_relevant(item, label))]
    NotRelevant { item: String, label: String },
    #[error("{}", i18n::edit_too_many_rows(.0, *.1))]
    TooManyRows(String, u32),
    #[error("{}", i18n::edit_need_reason())]
    NeedReason,
    #[error("{}", i18n::edit_deleted())]
    Deleted,
    #[error("{}", i18n::edit_conflicted())]
    Conflicted,
    #[error("{}", i18n::edit_unresolved(&.0.join("、")))]
    Unresolved(Vec<String>),
    #[error("{}", i18n::edit_bad_pick(.0))]
    BadPick(String),
    #[error("{}", i18n::edit_only_one(.0))]
    OnlyOne(String),
    #[error("{}", i18n::edit_not_ready(.0))]
    NotReady(Vec<(String, String)>),
    /// The form is none of the campaign's stages (HQ would refuse it).
    #[error("{}", i18n::edit_not_a_stage(.0))]
    NotAStage(String),
}

/// Baseline prefills and defaults of a new entry's top-level items.
pub fn initial_values(form: &Form, baseline: &Baseline, fresh: &Fresh) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for section in &form.def.sections {
        for item in &section.items {
            let value = match (&item.prefill, &item.default) {
                (Some(p), _) => match (p.strip_prefix("baseline."), p.strip_prefix("roster.")) {
                    (Some(k), _) => baseline.get(k),
                    (_, Some(k)) => fresh
                        .roster
                        .and_then(|r| r.get(k))
                        .map_or(Value::Null, Value::from),
                    _ => Value::Null,
                },
                (None, Some(d)) => default_value(item.kind, d, fresh),
                _ => Value::Null,
            };
            if !value.is_null() && validate::check_value(item, &value).is_ok() {
                out.insert(item.id.clone(), value);
            }
        }
    }
    out
}

fn default_value(kind: ItemType, d: &Value, fresh: &Fresh) -> Value {
    let name = |s: &str| match s.trim() {
        "" => Value::Null,
        s => Value::String(s.to_string()),
    };
    match (kind, d.as_str()) {
        (ItemType::Date, Some("today")) => Value::String(fresh.today.clone()),
        (ItemType::Time, Some("now")) => Value::String(fresh.time.clone()),
        (ItemType::Text, Some(USER)) => name(&fresh.person),
        (ItemType::Text, Some(TEAM)) if fresh.team.is_empty() => name(&fresh.person),
        (ItemType::Text, Some(TEAM)) => name(&fresh.team.join("、")),
        _ => d.clone(),
    }
}

/// The default of a text item that names who is working.
pub const USER: &str = "user";
/// The default of a text item that names the unit's team.
pub const TEAM: &str = "team";

/// Turns `path=text` pairs into changes against `before`, updating
/// `working` as it goes. Paths: `item`, `rep[+].item` (a new row; every `+`
/// in one call is the same row), `rep[N].item` (the N-th row, from 1),
/// `rep[ROWID].item`; `rep[ROW]=` (empty) deletes a row, `rep[+]=` adds an
/// empty one. A new row takes `fresh.row_id`; dates and times that default
/// to `today`/`now` take `fresh`'s.
pub fn plan_changes(
    form: &Form,
    fresh: &Fresh,
    baseline: &Baseline,
    before: &BTreeMap<String, Value>,
    working: &mut BTreeMap<String, Value>,
    sets: &[(String, String)],
) -> Result<BTreeMap<String, Value>, EditError> {
    let mut plan = Planner {
        form,
        fresh,
        baseline,
        working,
        new_row: None,
        touched: Vec::new(),
    };
    for (raw, text) in sets {
        let raw = raw.trim();
        let unknown = || EditError::UnknownItem(raw.to_string());
        match split_path(raw).ok_or_else(unknown)? {
            (item, None, _) => plan.set_item(raw, item, text)?,
            (repeat, Some(selector), child) => {
                plan.set_in_row(raw, repeat, selector, child, text)?
            }
        }
    }
    plan.check_constraints()?;
    Ok(crate::domain::dag::diff(before, plan.working))
}

/// The field path attachments go to, from what a person named: `item`
/// (a `photo` or `file` item outside repeats) or `rep[sel].item` (`sel` as
/// in `plan_changes`: `+` adds the row to `working`). Checks only; the
/// files are stored and the value set by the caller.
pub fn attachment_target<'f>(
    form: &'f Form,
    fresh: &Fresh,
    baseline: &Baseline,
    working: &mut BTreeMap<String, Value>,
    raw: &str,
) -> Result<(String, &'f crate::form::Item), EditError> {
    let raw = raw.trim();
    let unknown = || EditError::UnknownItem(raw.to_string());
    let (path, id) = match split_path(raw).ok_or_else(unknown)? {
        (id, None, _) if form.repeat_of(id).is_none() => (id.to_string(), id),
        (repeat, Some(selector), Some(child))
            if form.repeat_of(child).is_some_and(|r| r.id == repeat) =>
        {
            let mut new_row = None;
            let row = resolve_row(
                form,
                fresh,
                baseline,
                working,
                repeat,
                selector,
                &mut new_row,
            )?;
            (row_item_path(repeat, &row, child), child)
        }
        _ => return Err(unknown()),
    };
    let item = form.item(id).ok_or_else(unknown)?;
    Ok((path, item))
}

/// An edit being planned: the answers so far, the row `+` made, and what
/// was set (item id, row, path) for the constraints checked at the end.
struct Planner<'a> {
    form: &'a Form,
    fresh: &'a Fresh,
    baseline: &'a Baseline,
    working: &'a mut BTreeMap<String, Value>,
    new_row: Option<String>,
    touched: Vec<(String, Option<String>, String)>,
}

impl Planner<'_> {
    /// `item=text` for an item outside repeats.
    fn set_item(&mut self, raw: &str, id: &str, text: &str) -> Result<(), EditError> {
        let form = self.form;
        let item = form
            .item(id)
            .filter(|i| form.repeat_of(id).is_none() && i.is_input())
            .ok_or_else(|| EditError::UnknownItem(raw.to_string()))?;
        let value = validate::parse_input(item, text)
            .map_err(|problem| value_error(item.id.as_str(), item.ui_label(), problem))?;
        set(self.working, id.to_string(), value);
        self.touched.push((id.to_string(), None, id.to_string()));
        Ok(())
    }

    /// `rep[sel].child=text`, `rep[ROW]=` (deletes the row) or `rep[+]=`
    /// (adds an empty one); then the repeat's row limit.
    fn set_in_row(
        &mut self,
        raw: &str,
        repeat: &str,
        selector: &str,
        child: Option<&str>,
        text: &str,
    ) -> Result<(), EditError> {
        let form = self.form;
        let unknown = || EditError::UnknownItem(raw.to_string());
        let rep = form
            .item(repeat)
            .filter(|i| i.kind == ItemType::Repeat)
            .ok_or_else(unknown)?;
        let row = resolve_row(
            form,
            self.fresh,
            self.baseline,
            self.working,
            &rep.id,
            selector,
            &mut self.new_row,
        )?;
        match child {
            None if text.trim().is_empty() && selector != "+" => {
                let prefix = row_path(&rep.id, &row);
                self.working
                    .retain(|k, _| *k != prefix && !k.starts_with(&format!("{prefix}.")));
            }
            None if text.trim().is_empty() => {}
            None => return Err(unknown()),
            Some(child) => {
                let item = form
                    .item(child)
                    .filter(|i| {
                        form.repeat_of(child).is_some_and(|r| r.id == rep.id) && i.is_input()
                    })
                    .ok_or_else(unknown)?;
                let value = validate::parse_input(item, text)
                    .map_err(|problem| value_error(&item.id, item.ui_label(), problem))?;
                let path = row_item_path(&rep.id, &row, child);
                set(self.working, path.clone(), value);
                self.touched.push((child.to_string(), Some(row), path));
            }
        }
        if let Some(max) = rep.max_rows {
            let rows = Answers::new(form, self.working, self.baseline)
                .rows(&rep.id)
                .len();
            if rows > max as usize {
                return Err(EditError::TooManyRows(rep.ui_label().to_string(), max));
            }
        }
        Ok(())
    }

    /// Every value set meets its item's constraint, read against all the
    /// answers (a constraint may name other items).
    fn check_constraints(&self) -> Result<(), EditError> {
        let answers = Answers::new(self.form, self.working, self.baseline);
        for (id, row, path) in &self.touched {
            let Some(item) = self.form.item(id) else {
                continue;
            };
            let Some(value) = self.working.get(path) else {
                continue;
            };
            if !answers.constraint_holds(item, row.as_deref(), value) {
                let message = item.ui_constraint_message().map(str::to_string);
                return Err(value_error(
                    id,
                    item.ui_label(),
                    ValueProblem::Constraint(message),
                ));
            }
        }
        Ok(())
    }
}

fn set(working: &mut BTreeMap<String, Value>, path: String, value: Value) {
    if value.is_null() {
        working.remove(&path);
    } else {
        working.insert(path, value);
    }
}

impl EditError {
    /// The message for a screen that shows the item: its label, not its id.
    pub fn for_screen(&self) -> String {
        match self {
            EditError::Value { label, problem, .. } => {
                i18n::edit_value_plain(label, &problem.to_string())
            }
            EditError::NotRelevant { label, .. } => i18n::edit_not_relevant_plain(label),
            e => e.to_string(),
        }
    }
}

pub(crate) fn value_error(item: &str, label: &str, problem: ValueProblem) -> EditError {
    EditError::Value {
        item: item.to_string(),
        label: label.to_string(),
        problem,
    }
}

/// `name` → (name, None, None); `rep[sel]` → (rep, sel, None);
/// `rep[sel].child` → (rep, sel, child).
fn split_path(raw: &str) -> Option<(&str, Option<&str>, Option<&str>)> {
    match raw.split_once('[') {
        None => Some((raw, None, None)),
        Some((rep, rest)) => {
            let (sel, after) = rest.split_once(']')?;
            if after.is_empty() {
                Some((rep, Some(sel), None))
            } else {
                Some((rep, Some(sel), Some(after.strip_prefix('.')?)))
            }
        }
    }
}

fn resolve_row(
    form: &Form,
    fresh: &Fresh,
    baseline: &Baseline,
    working: &mut BTreeMap<String, Value>,
    repeat: &str,
    selector: &str,
    new_row: &mut Option<String>,
) -> Result<String, EditError> {
    let rows = Answers::new(form, working, baseline).rows(repeat);
    if selector == "+" {
        if let Some(r) = new_row.as_ref().filter(|r| rows.contains(r)) {
            return Ok(r.clone());
        }
        let row = fresh.row_id.clone();
        let order = Answers::new(form, working, baseline).next_row_order(repeat);
        working.insert(row_path(repeat, &row), Value::from(order));
        if let Some(rep) = form.item(repeat) {
            for child in rep.children() {
                if let Some(d) = &child.default {
                    let v = default_value(child.kind, d, fresh);
                    if validate::check_value(child, &v).is_ok() {
                        working.insert(row_item_path(repeat, &row, &child.id), v);
                    }
                }
            }
        }
        *new_row = Some(row.clone());
        return Ok(row);
    }
    if let Ok(n) = selector.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| rows.get(i))
            .cloned()
            .ok_or_else(|| EditError::BadRow(format!("{repeat}[{selector}]")));
    }
    if rows.iter().any(|r| r == selector) {
        return Ok(selector.to_string());
    }
    Err(EditError::BadRow(format!("{repeat}[{selector}]")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symposium() -> Form {
        crate::form::builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == "jgbz.symposium")
            .unwrap()
    }

    fn fresh() -> Fresh {
        Fresh {
            today: "2013-11-26".into(),
            time: "10:32".into(),
            row_id: "rfresh0001".into(),
            person: "王组长".into(),
            team: vec!["王组长".into(), "李四".into()],
            roster: None,
        }
    }

    #[test]
    fn defaults_and_new_rows_take_the_time_and_id_given() {
        let form = symposium();
        let baseline = Baseline::default();
        let mut working = initial_values(&form, &baseline, &fresh());
        assert_eq!(working.get("date"), Some(&Value::from("2013-11-26")));
        assert_eq!(working.get("start_time"), Some(&Value::from("10:32")));
        let sets = [("remarks[+].speaker".to_string(), "一般干部".to_string())];
        let before = working.clone();
        let changes =
            plan_changes(&form, &fresh(), &baseline, &before, &mut working, &sets).unwrap();
        assert_eq!(
            changes.get("remarks[rfresh0001].speaker"),
            Some(&Value::from("一般干部"))
        );
        assert_eq!(
            changes.get("remarks[rfresh0001].remark_time"),
            Some(&Value::from("10:32"))
        );
    }

    const WITH_PHOTOS: &str = r#"{"id": "t", "version": 1, "title": "T", "kind": "inspection",
      "per_unit": "one", "sections": [{"id": "s", "title": "S", "items": [
        {"id": "photos", "type": "photo", "label": "现场照片"},
        {"id": "note", "type": "text", "label": "说明"},
        {"id": "points", "type": "repeat", "label": "考察点", "items": [
          {"id": "point", "type": "text", "label": "考察点"},
          {"id": "point_photos", "type": "photo", "label": "照片"}]}]}]}"#;

    #[test]
    fn attachments_go_to_an_item_or_a_row_item() {
        let form = crate::form::load_form("t.json", WITH_PHOTOS).unwrap();
        let baseline = Baseline::default();
        let mut working = BTreeMap::new();
        let target = |w: &mut BTreeMap<String, Value>, raw: &str| {
            attachment_target(&form, &fresh(), &baseline, w, raw)
                .map(|(path, item)| (path, item.id.clone()))
        };
        assert_eq!(
            target(&mut working, " photos "),
            Ok(("photos".into(), "photos".into()))
        );
        assert!(working.is_empty());
        assert_eq!(
            target(&mut working, "points[+].point_photos"),
            Ok((
                "points[rfresh0001].point_photos".into(),
                "point_photos".into()
            ))
        );
        assert_eq!(working.get("points[rfresh0001]"), Some(&Value::from(1)));
        assert_eq!(
            target(&mut working, "points[1].point_photos"),
            Ok((
                "points[rfresh0001].point_photos".into(),
                "point_photos".into()
            ))
        );
        // Not-attachment items are found (the caller refuses them); a
        // row item without its row, a row of another repeat, a missing
        // row and an unknown item are not.
        assert_eq!(
            target(&mut working, "note"),
            Ok(("note".into(), "note".into()))
        );
        for bad in [
            "point_photos",
            "photos[1].point_photos",
            "points[9].point_photos",
            "nope",
        ] {
            assert!(target(&mut working, bad).is_err(), "{bad}");
        }
        // Typed text never becomes an attachment.
        let item = form.item("photos").unwrap();
        assert_eq!(
            validate::parse_input(item, "a.jpg"),
            Err(ValueProblem::AttachOnly)
        );
        assert_eq!(validate::parse_input(item, " "), Ok(Value::Null));
    }

    #[test]
    fn attachment_items_take_no_default_or_prefill() {
        for (key, value) in [
            ("default", r#"[]"#),
            ("prefill", r#""baseline.admin_quota""#),
        ] {
            let text = WITH_PHOTOS.replace(
                r#""type": "photo", "label": "现场照片""#,
                &format!(r#""type": "photo", "label": "现场照片", "{key}": {value}"#),
            );
            let errors = crate::form::load_form("t.json", &text).unwrap_err();
            assert!(
                errors.iter().any(|e| e.problem
                    == crate::form::Problem::KeyNotForType {
                        key: if key == "default" {
                            "default"
                        } else {
                            "prefill"
                        },
                        kind: "photo".into()
                    }),
                "{key}: {errors:?}"
            );
        }
    }
}
