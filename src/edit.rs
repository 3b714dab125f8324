//! Edits: turns what a person sets (`item=value`, rows, finalise, delete)
//! into validated revisions and saves them through the store. Nothing is
//! written unless every value fits its item.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::now_rfc3339;
use crate::domain::{
    Baseline, Campaign, Entry, EntryInit, RevisionDraft, Status, Unit, dag, new_entry_id,
    new_row_id,
};
use crate::form::display::path_label;
use crate::form::eval::Answers;
use crate::form::path::{FieldPath, row_item_path, row_path};
use crate::form::validate::{self, Issue, ValueProblem};
use crate::form::{Form, ItemType, PerUnit};
use crate::i18n;
use crate::workspace::{WorkError, Workspace};

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

impl Workspace {
    /// Creates an entry of `form` for `unit`: baseline prefills and defaults
    /// first, then `sets`. Returns the saved head.
    pub fn new_entry(
        &self,
        campaign: &Campaign,
        unit: &Unit,
        form: &Form,
        sets: &[(String, String)],
    ) -> Result<Entry, WorkError> {
        if !campaign.stages.is_empty() && !campaign.stages.iter().any(|s| s.form == form.def.id) {
            return Err(EditError::NotAStage(form.def.title.clone()).into());
        }
        if form.def.per_unit == PerUnit::One {
            let existing = self.store.entries(&campaign.id, Some(&unit.id))?;
            if existing
                .iter()
                .any(|e| e.form == form.def.id && e.status != Status::Deleted)
            {
                return Err(EditError::OnlyOne(form.def.title.clone()).into());
            }
        }
        let mut working = initial_values(form, &unit.baseline);
        let changes = plan_changes(form, &unit.baseline, &BTreeMap::new(), &mut working, sets)?;
        let revision = RevisionDraft {
            entry: new_entry_id(),
            parents: vec![],
            author: self.author.clone(),
            at: now_rfc3339(),
            init: Some(EntryInit {
                campaign: campaign.id.clone(),
                unit: unit.id.clone(),
                form: form.def.id.clone(),
                form_version: form.def.version,
            }),
            changes,
            status: Some(Status::Draft),
            reason: None,
        }
        .seal();
        Ok(self.store.save(&revision)?)
    }

    /// Sets answers of an entry. A finalised entry needs a reason. Returns
    /// the new head (unchanged when nothing changed).
    pub fn set_answers(
        &self,
        entry: &Entry,
        sets: &[(String, String)],
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        let form = self.form(&entry.form, entry.form_version)?;
        let baseline = self.baseline_of(entry);
        let mut working = entry.answers.clone();
        let changes = plan_changes(form, &baseline, &entry.answers, &mut working, sets)?;
        if changes.is_empty() {
            return Ok(entry.clone());
        }
        self.commit_change(entry, changes, None, reason)
    }

    /// Applies raw changes (field path → value, `null` clears), e.g. to undo
    /// an earlier change. Every value is checked against its item first.
    pub fn apply_changes(
        &self,
        entry: &Entry,
        changes: BTreeMap<String, Value>,
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        let form = self.form(&entry.form, entry.form_version)?;
        for (path, value) in &changes {
            let parsed =
                FieldPath::parse(path).ok_or_else(|| EditError::UnknownItem(path.clone()))?;
            let item = form
                .item(parsed.item_id())
                .ok_or_else(|| EditError::UnknownItem(path.clone()))?;
            let fits = match parsed {
                FieldPath::Row { .. } => value.is_null() || value.is_number(),
                _ => item.is_input() && validate::check_value(item, value).is_ok(),
            };
            if !fits {
                return Err(EditError::UnknownItem(path.clone()).into());
            }
        }
        let changes: BTreeMap<String, Value> = changes
            .into_iter()
            .filter(|(k, v)| entry.answers.get(k).unwrap_or(&Value::Null) != v)
            .collect();
        if changes.is_empty() {
            return Ok(entry.clone());
        }
        self.commit_change(entry, changes, None, reason)
    }

    /// Resolves every conflicting field of an entry: `path=ours|theirs|N|VALUE`
    /// (N: the N-th side, from 1). One revision whose parents are all the
    /// heads records the picks; the entry has one head again.
    pub fn resolve(
        &self,
        entry: &Entry,
        picks: &[(String, String)],
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        let form = self.form(&entry.form, entry.form_version)?;
        let mut answers = entry.answers.clone();
        let mut status = entry.status;
        let mut open: Vec<String> = entry.conflicts.keys().cloned().collect();
        for (path, pick) in picks {
            let sides = entry
                .conflicts
                .get(path)
                .ok_or_else(|| EditError::BadPick(path.clone()))?;
            let mine = sides
                .iter()
                .position(|s| s.author.device == self.author.device);
            let index = match pick.trim() {
                "ours" => mine,
                "theirs" => sides
                    .iter()
                    .position(|s| Some(s) != mine.and_then(|m| sides.get(m))),
                n => n
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .filter(|i| *i < sides.len()),
            };
            let value = match (index, path.as_str()) {
                (Some(i), _) => sides.get(i).map(|s| s.value.clone()).unwrap_or(Value::Null),
                (None, dag::STATUS_FIELD) => serde_json::to_value(
                    parse_status(pick)
                        .ok_or_else(|| EditError::BadPick(format!("{path}={pick}")))?,
                )
                .unwrap_or(Value::Null),
                (None, _) => {
                    let parsed = FieldPath::parse(path)
                        .ok_or_else(|| EditError::UnknownItem(path.clone()))?;
                    let item = form
                        .item(parsed.item_id())
                        .ok_or_else(|| EditError::UnknownItem(path.clone()))?;
                    validate::parse_input(item, pick)
                        .map_err(|problem| value_error(&item.id, &item.label, problem))?
                }
            };
            if path == dag::STATUS_FIELD {
                status =
                    serde_json::from_value(value).map_err(|_| EditError::BadPick(path.clone()))?;
            } else if value.is_null() {
                answers.remove(path);
            } else {
                answers.insert(path.clone(), value);
            }
            open.retain(|p| p != path);
        }
        if !open.is_empty() {
            return Err(EditError::Unresolved(open).into());
        }
        let revisions = self.store.revisions(&entry.id)?;
        let dag = dag::Dag::new(&revisions);
        let base = entry
            .heads
            .first()
            .and_then(|h| dag.state(h))
            .unwrap_or_default();
        let revision = RevisionDraft {
            entry: entry.id.clone(),
            parents: entry.heads.clone(),
            author: self.author.clone(),
            at: now_rfc3339(),
            init: None,
            changes: dag::diff(&base.answers, &answers),
            status: (status != base.status).then_some(status),
            reason: reason.map(str::to_string),
        }
        .seal();
        Ok(self.store.save(&revision)?)
    }

    /// Finalises (定稿) an entry once nothing required is missing and every
    /// value fits.
    pub fn finalize(&self, entry: &Entry) -> Result<Entry, WorkError> {
        if entry.status == Status::Deleted {
            return Err(EditError::Deleted.into());
        }
        if entry.status == Status::Final {
            return Ok(entry.clone());
        }
        let issues = self.issues(entry)?;
        if !issues.is_empty() {
            let form = self.form(&entry.form, entry.form_version)?;
            let listed = issues
                .iter()
                .map(|i| (path_label(form, &i.path), i.problem.to_string()))
                .collect();
            return Err(EditError::NotReady(listed).into());
        }
        self.commit_change(entry, BTreeMap::new(), Some(Status::Final), None)
    }

    /// What keeps an entry from being finalised.
    pub fn issues(&self, entry: &Entry) -> Result<Vec<Issue>, WorkError> {
        let form = self.form(&entry.form, entry.form_version)?;
        let baseline = self.baseline_of(entry);
        Ok(validate::issues(&Answers::new(
            form,
            &entry.answers,
            &baseline,
        )))
    }

    /// Deletes (`Status::Deleted`) or restores (`Status::Draft`) an entry.
    pub fn set_status(
        &self,
        entry: &Entry,
        status: Status,
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        if entry.status == status {
            return Ok(entry.clone());
        }
        if !entry.conflicts.is_empty() {
            return Err(EditError::Conflicted.into());
        }
        let reason = reason.map(str::to_string);
        let revision = self
            .draft(entry, BTreeMap::new(), Some(status), reason)
            .seal();
        Ok(self.store.save(&revision)?)
    }

    fn commit_change(
        &self,
        entry: &Entry,
        changes: BTreeMap<String, Value>,
        status: Option<Status>,
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        if entry.status == Status::Deleted {
            return Err(EditError::Deleted.into());
        }
        if !entry.conflicts.is_empty() {
            return Err(EditError::Conflicted.into());
        }
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        if entry.status == Status::Final && reason.is_none() {
            return Err(EditError::NeedReason.into());
        }
        let revision = self.draft(entry, changes, status, reason).seal();
        Ok(self.store.save(&revision)?)
    }

    fn draft(
        &self,
        entry: &Entry,
        changes: BTreeMap<String, Value>,
        status: Option<Status>,
        reason: Option<String>,
    ) -> RevisionDraft {
        RevisionDraft {
            entry: entry.id.clone(),
            parents: entry.heads.clone(),
            author: self.author.clone(),
            at: now_rfc3339(),
            init: None,
            changes,
            status,
            reason,
        }
    }
}

fn parse_status(s: &str) -> Option<Status> {
    match s.trim() {
        "draft" | "草稿" => Some(Status::Draft),
        "final" | "定稿" => Some(Status::Final),
        "deleted" | "已删除" => Some(Status::Deleted),
        _ => None,
    }
}

/// Baseline prefills and defaults of a new entry's top-level items.
fn initial_values(form: &Form, baseline: &Baseline) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for section in &form.def.sections {
        for item in &section.items {
            let value = match (&item.prefill, &item.default) {
                (Some(p), _) => p
                    .strip_prefix("baseline.")
                    .map(|k| baseline.get(k))
                    .unwrap_or(Value::Null),
                (None, Some(d)) => default_value(item.kind, d),
                _ => Value::Null,
            };
            if !value.is_null() && validate::check_value(item, &value).is_ok() {
                out.insert(item.id.clone(), value);
            }
        }
    }
    out
}

fn default_value(kind: ItemType, d: &Value) -> Value {
    let now = jiff::ZonedDateTime::now();
    match (kind, d.as_str()) {
        (ItemType::Date, Some("today")) => Value::String(now.strftime("%Y-%m-%d").to_string()),
        (ItemType::Time, Some("now")) => Value::String(now.strftime("%H:%M").to_string()),
        _ => d.clone(),
    }
}

/// Turns `path=text` pairs into changes against `before`, updating
/// `working` as it goes. Paths: `item`, `rep[+].item` (a new row; every `+`
/// in one call is the same row), `rep[N].item` (the N-th row, from 1),
/// `rep[ROWID].item`; `rep[ROW]=` (empty) deletes a row, `rep[+]=` adds an
/// empty one.
pub fn plan_changes(
    form: &Form,
    baseline: &Baseline,
    before: &BTreeMap<String, Value>,
    working: &mut BTreeMap<String, Value>,
    sets: &[(String, String)],
) -> Result<BTreeMap<String, Value>, EditError> {
    let mut new_row: Option<String> = None;
    let mut touched: Vec<(String, Option<String>, String)> = Vec::new();
    for (raw, text) in sets {
        let raw = raw.trim();
        let (repeat, selector, child) =
            split_path(raw).ok_or_else(|| EditError::UnknownItem(raw.to_string()))?;
        let Some(selector) = selector else {
            let item = form
                .item(repeat)
                .ok_or_else(|| EditError::UnknownItem(raw.to_string()))?;
            if form.repeat_of(repeat).is_some() || !item.is_input() {
                return Err(EditError::UnknownItem(raw.to_string()));
            }
            let value = validate::parse_input(item, text)
                .map_err(|problem| value_error(item.id.as_str(), &item.label, problem))?;
            set(working, repeat.to_string(), value);
            touched.push((repeat.to_string(), None, repeat.to_string()));
            continue;
        };
        let rep = form
            .item(repeat)
            .filter(|i| i.kind == ItemType::Repeat)
            .ok_or_else(|| EditError::UnknownItem(raw.to_string()))?;
        let row = resolve_row(form, baseline, working, &rep.id, selector, &mut new_row)?;
        match child {
            None if text.trim().is_empty() && selector != "+" => {
                let prefix = row_path(&rep.id, &row);
                let keys: Vec<String> = working
                    .keys()
                    .filter(|k| *k == &prefix || k.starts_with(&format!("{prefix}.")))
                    .cloned()
                    .collect();
                for k in keys {
                    working.remove(&k);
                }
            }
            None if text.trim().is_empty() => {}
            None => return Err(EditError::UnknownItem(raw.to_string())),
            Some(child) => {
                let item = form
                    .item(child)
                    .filter(|i| {
                        form.repeat_of(child).is_some_and(|r| r.id == rep.id) && i.is_input()
                    })
                    .ok_or_else(|| EditError::UnknownItem(raw.to_string()))?;
                let value = validate::parse_input(item, text)
                    .map_err(|problem| value_error(&item.id, &item.label, problem))?;
                let path = row_item_path(&rep.id, &row, child);
                set(working, path.clone(), value);
                touched.push((child.to_string(), Some(row.clone()), path));
            }
        }
        if let Some(max) = rep.max_rows {
            let rows = Answers::new(form, working, baseline).rows(&rep.id).len();
            if rows > max as usize {
                return Err(EditError::TooManyRows(rep.label.clone(), max));
            }
        }
    }
    let answers = Answers::new(form, working, baseline);
    for (id, row, path) in &touched {
        let Some(item) = form.item(id) else { continue };
        let Some(value) = working.get(path) else {
            continue;
        };
        if !answers.constraint_holds(item, row.as_deref(), value) {
            let message = item.constraint_message.clone();
            return Err(value_error(
                id,
                &item.label,
                ValueProblem::Constraint(message),
            ));
        }
    }
    let mut changes = BTreeMap::new();
    for (k, v) in working.iter() {
        if before.get(k) != Some(v) {
            changes.insert(k.clone(), v.clone());
        }
    }
    for k in before.keys().filter(|k| !working.contains_key(*k)) {
        changes.insert(k.clone(), Value::Null);
    }
    Ok(changes)
}

fn set(working: &mut BTreeMap<String, Value>, path: String, value: Value) {
    if value.is_null() {
        working.remove(&path);
    } else {
        working.insert(path, value);
    }
}

fn value_error(item: &str, label: &str, problem: ValueProblem) -> EditError {
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
        let row = new_row_id();
        let order = Answers::new(form, working, baseline).next_row_order(repeat);
        working.insert(row_path(repeat, &row), Value::from(order));
        if let Some(rep) = form.item(repeat) {
            for child in rep.children() {
                if let Some(d) = &child.default {
                    let v = default_value(child.kind, d);
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
