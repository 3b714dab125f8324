//! `App::perform`: the only place the TUI calls the store (through the
//! workspace). Every effect becomes actions for `update`; failures become
//! `Action::Failed` (the database did not take a write) or
//! `Action::Refused` (input refused, nothing written) with words for people, and their details go to the log
//! file in the data dir.

use std::io::Write;
use std::sync::Arc;

use super::action::{
    Action, Effect, EntryData, EntryRow, HomeData, Loaded, QuickData, SearchData, StageEntries,
    UnitData, UnitSummary,
};

mod attach;
mod drafts;
mod files;
mod history;
mod page;
mod sync;
use crate::app::workspace::{WorkError, Workspace};
use crate::domain::{Campaign, Status, Unit};
use crate::form::display::{entry_title, value_text};
use crate::form::{FormKind, ItemType};
use crate::i18n;

/// A search longer than this stops the hits from following the typing
/// (Enter searches), so keys are never held up by a large campaign.
const SLOW_SEARCH: std::time::Duration = std::time::Duration::from_millis(150);

/// What an effect's error becomes: a failed save only when the database
/// did not take a write; anything else is refused input.
fn failure(e: &WorkError) -> Action {
    if e.is_store_failure() {
        Action::Failed(e.for_screen())
    } else {
        Action::Refused(e.for_screen())
    }
}

/// The workspace: what effects are performed on.
pub struct App {
    pub ws: Workspace,
    drafts: drafts::Writer,
    /// The program that opens attachments, instead of `KAOCHA_OPENER`
    /// or the system's (tests set it so no viewer starts).
    pub opener: Option<std::ffi::OsString>,
}

impl App {
    /// The app on an open workspace.
    pub fn new(ws: Workspace) -> App {
        let drafts = drafts::Writer::new(ws.store.dir().to_path_buf());
        App {
            ws,
            drafts,
            opener: None,
        }
    }

    /// Performs one effect.
    pub fn perform(&mut self, effect: Effect) -> Vec<Action> {
        if let Some(actions) = self.draft_effect(&effect) {
            return actions;
        }
        let what = format!("{effect:?}");
        if let Some(actions) = self
            .sync_effect(&effect)
            .or_else(|| self.files_effect(&effect))
            .or_else(|| self.attach_effect(&effect))
        {
            return actions;
        }
        if let Some(result) = self
            .insight_effect(&effect)
            .or_else(|| self.history_effect(&effect))
            .or_else(|| self.page_effect(&effect))
        {
            return result.unwrap_or_else(|e| {
                self.log(&format!("{effect:?}"), &e);
                vec![failure(&e)]
            });
        }
        match self.try_perform(effect) {
            Ok(actions) => actions,
            Err(e) => {
                self.log(&what, &e);
                vec![failure(&e)]
            }
        }
    }

    fn try_perform(&self, effect: Effect) -> Result<Vec<Action>, WorkError> {
        Ok(match effect {
            Effect::LoadHome => vec![self.home()?],
            Effect::KeepDraft(_) | Effect::ClearDraft | Effect::RestoreDraft(_) => vec![],
            Effect::SeedDemo => {
                crate::app::demo::seed(&self.ws.store)?;
                vec![self.home()?]
            }
            Effect::NextCampaign => {
                let campaign = crate::hq::campaign::next_campaign(&self.ws.store)?;
                vec![
                    self.home()?,
                    Action::Done(i18n::hq_campaign_current(&campaign.name, &campaign.id)),
                ]
            }
            Effect::LoadUnit(unit) => vec![Action::Loaded(Loaded::Unit(Box::new(
                self.unit_data(&unit)?,
            )))],
            Effect::OpenEntry(id) => vec![self.open_entry(&id)?],
            Effect::NewEntry { unit, form } => vec![self.new_entry(&unit, &form)?],
            Effect::OpenQuick { unit, form } => vec![self.open_quick(&unit, &form)?],
            Effect::Save { .. }
            | Effect::Apply { .. }
            | Effect::Finalize(_)
            | Effect::SetStatus { .. } => self.change_entry(effect)?,
            Effect::LoadAuto(_)
            | Effect::AcceptFinding { .. }
            | Effect::DismissFinding { .. }
            | Effect::LoadSummary
            | Effect::ExportReports { .. }
            | Effect::OpenChooser(_)
            | Effect::ChooserGo { .. }
            | Effect::RememberFolder { .. }
            | Effect::LoadSync
            | Effect::Export { .. }
            | Effect::Import { .. }
            | Effect::Trust { .. }
            | Effect::Resolve { .. }
            | Effect::LoadHistory(_)
            | Effect::LoadPage(_)
            | Effect::Attach { .. }
            | Effect::OpenAttachment { .. } => vec![],
            Effect::Review { .. }
            | Effect::AddTeam(_)
            | Effect::AddUnit(_)
            | Effect::NewCampaign(_)
            | Effect::Assign { .. }
            | Effect::SetUnitField { .. }
            | Effect::ImportSheet { .. } => self.hq_effect(effect)?,
            Effect::CreateQuestionnaire { unit, form, sets } => {
                vec![self.create_questionnaire(&unit, &form, &sets)?]
            }
            Effect::FinalizeComplete { unit, form } => self.finalize_complete(&unit, &form)?,
            Effect::Search { query } => {
                let started = std::time::Instant::now();
                let found = self.ws.search(&query, crate::analysis::search::MAX_HITS)?;
                vec![Action::Loaded(Loaded::Search(Box::new(SearchData {
                    query,
                    found,
                    slow: started.elapsed() > SLOW_SEARCH,
                })))]
            }
        })
    }

    /// Keeps, clears or takes back the draft of the field being typed.
    /// Keeping it is best effort: a save follows within seconds anyway.
    fn draft_effect(&self, effect: &Effect) -> Option<Vec<Action>> {
        match effect {
            Effect::KeepDraft(d) => self.drafts.send(Some(d.clone())),
            Effect::ClearDraft => self.drafts.send(None),
            Effect::RestoreDraft(d) => {
                return Some(match self.open_entry(&d.entry) {
                    Ok(open) => vec![open, Action::DraftRestored(d.clone())],
                    Err(_) => {
                        self.drafts.send(None);
                        vec![]
                    }
                });
            }
            _ => return None,
        }
        Some(vec![])
    }

    /// A new entry of `form` for `unit`, opened on the form screen.
    fn new_entry(&self, unit: &str, form: &str) -> Result<Action, WorkError> {
        let ws = &self.ws;
        let campaign = ws.campaign()?;
        let unit = ws.unit(&campaign, unit)?;
        let form = ws.latest_form(form)?;
        let entry = ws.new_entry(&campaign, &unit, form, &[])?;
        let mut open = self.open_entry(&entry.id)?;
        if let Action::Loaded(Loaded::Entry(data)) = &mut open {
            data.new = true;
        }
        Ok(open)
    }

    /// Quick entry of questionnaires `form` for `unit`, with how many the
    /// unit has so far.
    fn open_quick(&self, unit: &str, form: &str) -> Result<Action, WorkError> {
        let ws = &self.ws;
        let campaign = ws.campaign()?;
        let unit = ws.unit(&campaign, unit)?;
        let form = Arc::new(ws.latest_form(form)?.clone());
        let count = ws
            .store
            .unit_counts(&campaign.id, &unit.id)?
            .get(form.id())
            .map_or(0, |c| c.live);
        Ok(Action::Loaded(Loaded::Quick(Box::new(QuickData {
            unit,
            form,
            count,
        }))))
    }

    /// Saves a questionnaire typed in quick entry as a new entry.
    fn create_questionnaire(
        &self,
        unit: &str,
        form: &str,
        sets: &[(String, String)],
    ) -> Result<Action, WorkError> {
        let ws = &self.ws;
        let campaign = ws.campaign()?;
        let unit = ws.unit(&campaign, unit)?;
        let form = ws.latest_form(form)?;
        Ok(Action::QuickSaved(
            ws.new_entry(&campaign, &unit, form, sets)?,
        ))
    }

    /// Finalises the unit's complete drafts of `form`; says how many, and
    /// how many were left and why; the unit and home show the new counts.
    fn finalize_complete(&self, unit: &str, form: &str) -> Result<Vec<Action>, WorkError> {
        let ws = &self.ws;
        let campaign = ws.campaign()?;
        let unit = ws.unit(&campaign, unit)?;
        let done = ws.finalize_complete(&campaign.id, &unit.id, form)?;
        Ok(vec![
            Action::Done(done.message()),
            self.home()?,
            Action::Loaded(Loaded::UnitRefresh(Box::new(self.unit_data(&unit.id)?))),
        ])
    }

    /// A change to an existing entry (answers, undo's changes, finalising,
    /// a new status): reports its new head with `Saved`.
    fn change_entry(&self, effect: Effect) -> Result<Vec<Action>, WorkError> {
        let ws = &self.ws;
        let head = match effect {
            Effect::Save {
                entry,
                sets,
                reason,
            } => ws.set_answers(&ws.find_entry(&entry)?, &sets, reason.as_deref())?,
            Effect::Apply {
                entry,
                changes,
                reason,
            } => ws.apply_changes(&ws.find_entry(&entry)?, changes, reason.as_deref())?,
            Effect::Finalize(entry) => ws.finalize(&ws.find_entry(&entry)?)?,
            Effect::SetStatus {
                entry,
                status,
                reason,
            } => ws.set_status(&ws.find_entry(&entry)?, status, reason.as_deref())?,
            _ => return Ok(vec![]),
        };
        Ok(vec![Action::Saved(head)])
    }

    fn home(&self) -> Result<Action, WorkError> {
        self.home_at(None)
    }

    /// The home screen's data, selecting `focus` (a unit id) when given.
    fn home_at(&self, focus: Option<String>) -> Result<Action, WorkError> {
        let campaign = match self.ws.campaign() {
            Ok(c) => c,
            Err(WorkError::NoCampaign) => return Ok(Action::Loaded(Loaded::FirstRun)),
            Err(e) => return Err(e),
        };
        let mut units = Vec::new();
        let all = self.ws.store.campaign_counts(&campaign.id)?;
        // Reviews are few (HQ's decisions): count them per unit.
        let mut reviews: std::collections::HashMap<String, (usize, usize)> =
            std::collections::HashMap::new();
        for (_, v) in self
            .ws
            .store
            .settings_with_prefix(crate::domain::REVIEW_PREFIX)?
        {
            let Ok(r) = serde_json::from_value::<crate::domain::Review>(v) else {
                continue;
            };
            if let Some(e) = self
                .ws
                .store
                .entry(&r.entry)?
                .filter(|e| e.campaign == campaign.id)
            {
                let c = reviews.entry(e.unit).or_default();
                match r.state {
                    crate::domain::ReviewState::Approved => c.0 += 1,
                    crate::domain::ReviewState::Returned => c.1 += 1,
                }
            }
        }
        let none = std::collections::BTreeMap::new();
        for unit in &campaign.units {
            let counts = all.get(&unit.id).unwrap_or(&none);
            units.push(UnitSummary {
                unit: unit.clone(),
                team: team_name(&campaign, unit),
                stages: campaign
                    .stages
                    .iter()
                    .map(|s| (s.clone(), counts.get(&s.form).copied().unwrap_or_default()))
                    .collect(),
                findings: counts
                    .get(super::update::FINDINGS_FORM)
                    .map_or(0, |c| c.live),
                approved: reviews.get(&unit.id).map_or(0, |r| r.0),
                returned: reviews.get(&unit.id).map_or(0, |r| r.1),
            });
        }
        Ok(Action::Loaded(Loaded::Home(Box::new(HomeData {
            campaign,
            units,
            focus,
        }))))
    }

    fn unit_data(&self, unit_id: &str) -> Result<UnitData, WorkError> {
        let ws = &self.ws;
        let campaign = ws.campaign()?;
        let unit = ws.unit(&campaign, unit_id)?;
        let entries = ws.store.entries(&campaign.id, Some(&unit.id))?;
        let mut stages: Vec<StageEntries> = campaign
            .stages
            .iter()
            .map(|s| StageEntries {
                stage: s.clone(),
                quick: ws
                    .latest_form(&s.form)
                    .is_ok_and(|f| f.def.kind == FormKind::Questionnaire),
                entries: Vec::new(),
                pending: 0,
                gaps: 0,
            })
            .collect();
        for e in entries.iter().filter(|e| e.status != Status::Deleted) {
            let Some(stage) = stages.iter_mut().find(|s| s.stage.form == e.form) else {
                continue;
            };
            let form = ws.form(&e.form, e.form_version).ok();
            let title = form.map_or_else(|| e.form.clone(), |f| entry_title(f, e));
            stage.entries.push(EntryRow {
                id: e.id.clone(),
                form: e.form.clone(),
                status: e.status,
                author: e.updated_by.person.clone(),
                updated_at: e.updated_at.clone(),
                title,
                conflicted: !e.conflicts.is_empty(),
                review: crate::hq::review::review_mark(&ws.store, e),
                attachments: form.map_or(0, |f| attach::attachment_count(f, e)),
            });
        }
        // One analysis for the findings still to decide and the steps.
        let findings = stages
            .iter()
            .position(|s| s.stage.form == super::update::FINDINGS_FORM);
        let jx = campaign.kind == crate::domain::CampaignKind::Jx;
        let analysis = match findings.is_some() || jx {
            true => Some(self.analysis_of(&unit.id)?),
            false => None,
        };
        let mut steps = Vec::new();
        if let Some(a) = &analysis {
            if let Some(s) = findings.and_then(|i| stages.get_mut(i)) {
                (s.pending, s.gaps) = Self::pending_findings(a);
            }
            steps = self.procedure_lines(&campaign, &unit.id, a)?;
        }
        Ok(UnitData {
            campaign: campaign.id.clone(),
            team: team_name(&campaign, &unit),
            parent: campaign.parent_of(&unit).map(|p| p.name.clone()),
            baseline_text: self.baseline_text(&unit),
            steps,
            unit,
            stages,
        })
    }

    /// The baseline as label/value lines, option codes as the registration
    /// form labels them.
    fn baseline_text(&self, unit: &Unit) -> Vec<(String, String)> {
        let form = self
            .ws
            .forms()
            .into_iter()
            .find(|f| f.def.kind == FormKind::Registration);
        let b = &unit.baseline;
        let mut out = Vec::new();
        for (key, label) in i18n::baseline_labels() {
            let v = b.get(key);
            if v.is_null() {
                continue;
            }
            let item = form.and_then(|f| {
                f.def.all_items().find(|i| {
                    i.prefill.as_deref() == Some(&format!("baseline.{key}"))
                        && i.kind == ItemType::Choice
                })
            });
            let text = match item {
                Some(i) => value_text(i, &v),
                None => v.as_str().map_or_else(|| v.to_string(), str::to_string),
            };
            out.push((label, text));
        }
        for name in &b.body_names {
            out.push((String::new(), format!("· {name}")));
        }
        out
    }

    fn open_entry(&self, id: &str) -> Result<Action, WorkError> {
        let ws = &self.ws;
        let entry = ws.find_entry(id)?;
        let review = crate::hq::review::review_line(&ws.store, &entry);
        // The warning is a help, never a reason the entry does not open (its
        // unit may have left the campaign): a failure goes to the log.
        let warning = self.finding_warning(&entry).unwrap_or_else(|e| {
            self.log("finding warning", &e);
            None
        });
        let review = match warning {
            Some(w) => Some(review.map_or_else(|| w.clone(), |r| format!("{r}  {w}"))),
            None => review,
        };
        let form = Arc::new(ws.form(&entry.form, entry.form_version)?.clone());
        let campaign = ws.store.campaign(&entry.campaign)?;
        let unit = campaign.as_ref().and_then(|c| c.unit(&entry.unit).cloned());
        let roster = ws
            .store
            .roster(&entry.campaign, &entry.unit)?
            .map(|r| r.counts());
        Ok(Action::Loaded(Loaded::Entry(Box::new(EntryData {
            form,
            unit_name: unit
                .as_ref()
                .map_or_else(|| entry.unit.clone(), |u| u.name.clone()),
            baseline: unit.map(|u| u.baseline).unwrap_or_default(),
            roster,
            entry,
            new: false,
            review,
        }))))
    }

    /// HQ's edits: reviews, teams, units. Reports with `Done` and reloads.
    fn hq_effect(&self, effect: Effect) -> Result<Vec<Action>, WorkError> {
        use crate::hq;
        let ws = &self.ws;
        let (done, reload) = match effect {
            Effect::Review {
                entry,
                approve,
                comment,
            } => {
                let e = ws.find_entry(&entry)?;
                let state = if approve {
                    crate::domain::ReviewState::Approved
                } else {
                    crate::domain::ReviewState::Returned
                };
                hq::review::review(&ws.store, &ws.author.person, &e, state, comment.as_deref())?;
                (
                    if approve {
                        i18n::ui_approved_done()
                    } else {
                        i18n::ui_returned_done()
                    },
                    Effect::LoadUnit(e.unit),
                )
            }
            Effect::AddTeam(text) => {
                let (name, members) = text
                    .trim()
                    .split_once(char::is_whitespace)
                    .map_or((text.trim(), None), |(n, m)| (n, Some(m.trim())));
                let t = hq::teams::add(&ws.store, name, members)?;
                (i18n::ui_team_added(&t.name), Effect::LoadHome)
            }
            Effect::NewCampaign(name) => {
                let c = hq::campaign::create(
                    &ws.store,
                    &name,
                    crate::domain::CampaignKind::Jgbz,
                    None,
                )?;
                (i18n::ui_campaign_created(&c.name), Effect::LoadHome)
            }
            Effect::AddUnit(name) => {
                // The new unit is selected: its figures are filled in next.
                let u = hq::units::add_unit(&ws.store, &name)?;
                return Ok(vec![
                    Action::Done(i18n::ui_unit_added(&u.name)),
                    self.home_at(Some(u.id))?,
                ]);
            }
            Effect::Assign { unit, team } => {
                let (t, _) = hq::teams::assign(&ws.store, std::slice::from_ref(&unit), &team)?;
                (i18n::ui_assigned(&t.name), Effect::LoadHome)
            }
            Effect::ImportSheet { path, roster } => {
                let done = import_sheet(ws, &path, roster).map_err(|e| match e {
                    // The first problem and how many; the CLI lists them all.
                    hq::HqError::Rows { file, errors } => {
                        hq::HqError::Invalid(i18n::ui_sheet_refused(
                            &file,
                            errors.len(),
                            &errors.first().map(ToString::to_string).unwrap_or_default(),
                            roster,
                        ))
                    }
                    other => other,
                })?;
                (done, Effect::LoadHome)
            }
            Effect::SetUnitField { unit, field, value } => {
                let u = hq::units::set_unit_field(&ws.store, &unit, field, &value)?;
                (
                    i18n::ui_unit_changed(&u.name, &field.label()),
                    Effect::LoadUnit(u.id),
                )
            }
            _ => return Ok(vec![]),
        };
        let mut actions = vec![Action::Done(done), self.home()?];
        if let Effect::LoadUnit(u) = reload
            && ws.campaign()?.unit(&u).is_some()
        {
            actions.push(Action::Loaded(Loaded::UnitRefresh(Box::new(
                self.unit_data(&u)?,
            ))));
        }
        Ok(actions)
    }

    /// Appends a failure with its details (`Debug`, for the log only, never
    /// the screen) to `kaocha.log` in the data dir.
    fn log(&self, what: &str, error: &dyn std::fmt::Debug) {
        log_line(self.ws.store.dir(), what, error);
    }
}

/// Imports a unit list or a roster chosen in the chooser: what it did, in
/// one line.
fn import_sheet(ws: &Workspace, path: &str, roster: bool) -> Result<String, crate::hq::HqError> {
    let path = std::path::Path::new(path);
    if roster {
        let r =
            crate::hq::roster::import(&ws.store, path, None, false, &crate::domain::now_rfc3339())?;
        let people: usize = r.units.iter().map(|u| u.people).sum();
        Ok(i18n::ui_roster_imported(
            people,
            r.units.len(),
            r.unknown_units.len(),
        ))
    } else {
        let r = crate::hq::units::import(&ws.store, path, None, false, false)?;
        let skipped: usize = r.sheets.iter().map(|s| s.skipped_rows.len()).sum();
        Ok(i18n::ui_units_imported(
            r.added.len(),
            r.updated.len(),
            r.sheets.len(),
            skipped,
        ))
    }
}

/// Appends an error's details to `kaocha.log` in the data folder.
fn log_line(dir: &std::path::Path, what: &str, error: &dyn std::fmt::Debug) {
    let path = dir.join("kaocha.log");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{} {what}: {error:?}", crate::domain::now_rfc3339());
    }
}

fn team_name(campaign: &Campaign, unit: &Unit) -> Option<String> {
    unit.team
        .as_deref()
        .and_then(|t| campaign.team(t))
        .map(|t| t.name.clone())
}
