//! Editing entries: turns what a person sets (`item=value`, rows, finalise,
//! delete) into validated revisions and saves them through the store.
//! Nothing is written unless every value fits its item. The planning itself
//! is pure and lives in `form::plan`; this adds the clock, the author and
//! the store.

use std::collections::BTreeMap;

use serde_json::Value;

use super::workspace::{WorkError, Workspace};
use crate::analysis::Finding;
use crate::domain::{
    Campaign, Entry, EntryInit, FindingRef, RevisionDraft, Status, Unit, dag, new_entry_id,
    new_row_id, now_rfc3339,
};
use crate::form::display::issue_label;
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::plan::{Fresh, initial_values, plan_changes, value_error};
use crate::form::validate::{self, Issue};
use crate::form::{Form, PerUnit};

pub use crate::form::plan::EditError;

/// What finalising every complete draft did: how many were finalised, and
/// how many were left as drafts, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FinalizedAll {
    pub finalized: usize,
    /// Left: a required answer is missing (未答 included).
    pub missing: usize,
    /// Left: an answer does not fit its item.
    pub invalid: usize,
    /// Left: in conflict after a sync.
    pub conflicted: usize,
}

impl FinalizedAll {
    /// How many were left as drafts.
    pub fn left(&self) -> usize {
        self.missing + self.invalid + self.conflicted
    }

    /// In words for people: how many were finalised, how many were left
    /// and why.
    pub fn message(&self) -> String {
        let mut text = crate::i18n::ui_finalized_all(self.finalized);
        if self.left() > 0 {
            let why: Vec<String> = [
                (
                    self.missing,
                    crate::i18n::ui_left_missing as fn(usize) -> String,
                ),
                (self.invalid, crate::i18n::ui_left_invalid),
                (self.conflicted, crate::i18n::ui_left_conflicted),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, f)| f(n))
            .collect();
            text.push_str(&crate::i18n::ui_left_drafts(
                self.left(),
                &why.join(&crate::i18n::ui_list_sep()),
            ));
        }
        text
    }
}

/// Now, for an edit made now: today, the time, a new row id.
pub fn fresh() -> Fresh {
    let now = jiff::ZonedDateTime::now();
    Fresh {
        today: now.strftime("%Y-%m-%d").to_string(),
        time: now.strftime("%H:%M").to_string(),
        row_id: new_row_id(),
        ..Fresh::default()
    }
}

/// Who a new entry of `unit` names by default: the person working, and the
/// unit's team (the person first, then the other members).
fn people(campaign: &Campaign, unit: &Unit, person: &str) -> (String, Vec<String>) {
    let members: Vec<String> = unit
        .team
        .as_deref()
        .and_then(|t| campaign.team(t))
        .map(|t| {
            t.members
                .iter()
                .map(|m| m.name.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut team: Vec<String> = Vec::new();
    for name in std::iter::once(person.trim().to_string()).chain(members) {
        if !name.is_empty() && !team.contains(&name) {
            team.push(name);
        }
    }
    (person.trim().to_string(), team)
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
        self.create(campaign, unit, form, sets, None, None)
    }

    /// Records an automatic finding as a 问题清单 entry of `form`, filled in
    /// from it: accepted (a draft to complete), or dismissed with a reason
    /// (made deleted, so it counts nowhere but remembers why). One revision
    /// either way, so the decision travels with the team's results.
    pub fn record_finding(
        &self,
        campaign: &Campaign,
        unit: &Unit,
        form: &Form,
        f: &Finding,
        dismissed: Option<&str>,
    ) -> Result<Entry, WorkError> {
        // A category the form has no option for is kept as its last (其他);
        // the register reads the rule's category back.
        let kind = form
            .item("finding_type")
            .and_then(|i| {
                i.choices()
                    .iter()
                    .find(|c| c.label == f.category)
                    .or_else(|| i.choices().last())
            })
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let mut sets = vec![
            ("finding_type".to_string(), kind),
            ("facts".to_string(), f.facts.clone()),
            ("basis".to_string(), crate::i18n::ui_basis(&f.title)),
        ];
        if form
            .item("severity")
            .is_some_and(|i| i.choice_label(&f.severity).is_some())
        {
            sets.push(("severity".into(), f.severity.clone()));
        }
        if !f.suggestion.is_empty() {
            sets.push(("suggestion".into(), f.suggestion.clone()));
        }
        let source = FindingRef {
            key: f.key.clone(),
            facts: f.facts.clone(),
        };
        self.create(campaign, unit, form, &sets, Some(source), dismissed)
    }

    fn create(
        &self,
        campaign: &Campaign,
        unit: &Unit,
        form: &Form,
        sets: &[(String, String)],
        finding: Option<FindingRef>,
        dismissed: Option<&str>,
    ) -> Result<Entry, WorkError> {
        if !campaign.stages.is_empty() && !campaign.stages.iter().any(|s| s.form == form.def.id) {
            return Err(EditError::NotAStage(form.def.ui_title().to_string()).into());
        }
        if form.def.per_unit == PerUnit::One {
            let existing = self.store.entries(&campaign.id, Some(&unit.id))?;
            if existing
                .iter()
                .any(|e| e.form == form.def.id && e.status != Status::Deleted)
            {
                return Err(EditError::OnlyOne(form.def.ui_title().to_string()).into());
            }
        }
        let (person, team) = people(campaign, unit, &self.author.person);
        let roster = self
            .store
            .roster(&campaign.id, &unit.id)?
            .map(|r| r.counts());
        let fresh = Fresh {
            person,
            team,
            roster,
            ..fresh()
        };
        let mut working = initial_values(form, &unit.baseline, &fresh);
        let changes = plan_changes(
            form,
            &fresh,
            &unit.baseline,
            &BTreeMap::new(),
            &mut working,
            sets,
        )?;
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
                finding,
            }),
            changes: changes.into(),
            status: Some(if dismissed.is_some() {
                Status::Deleted
            } else {
                Status::Draft
            }),
            reason: dismissed.map(str::to_string),
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
        let changes = plan_changes(
            form,
            &fresh(),
            &baseline,
            &entry.answers,
            &mut working,
            sets,
        )?;
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
                        .map_err(|problem| value_error(&item.id, item.ui_label(), problem))?
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
            changes: dag::diff(&base.answers, &answers).into(),
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
            let baseline = self.baseline_of(entry);
            let answers = Answers::new(form, &entry.answers, &baseline);
            let listed = issues
                .iter()
                .map(|i| (issue_label(&answers, &i.path), i.problem.to_string()))
                .collect();
            return Err(EditError::NotReady(listed).into());
        }
        self.commit_change(entry, BTreeMap::new(), Some(Status::Final), None)
    }

    /// Finalises every draft of `form` at `unit` that nothing keeps from
    /// being final (missing required answers, values that do not fit,
    /// conflicts); the others are left as they are and counted by why.
    pub fn finalize_complete(
        &self,
        campaign: &str,
        unit: &str,
        form: &str,
    ) -> Result<FinalizedAll, WorkError> {
        let mut out = FinalizedAll::default();
        for entry in self.store.entries(campaign, Some(unit))? {
            if entry.form != form || entry.status != Status::Draft {
                continue;
            }
            if !entry.conflicts.is_empty() {
                out.conflicted += 1;
                continue;
            }
            let issues = self.issues(&entry)?;
            if issues.is_empty() {
                self.commit_change(&entry, BTreeMap::new(), Some(Status::Final), None)?;
                out.finalized += 1;
            } else if issues
                .iter()
                .all(|i| i.problem == validate::ValueProblem::Required)
            {
                out.missing += 1;
            } else {
                out.invalid += 1;
            }
        }
        Ok(out)
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

    pub(super) fn commit_change(
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
            changes: changes.into(),
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
