//! The app's sync effects: export, import (and what an import asks the
//! operator), trust, conflict resolution, and the 同步 screen's data.

use super::App;
use crate::app::workspace::WorkError;
use crate::form::display::{entry_title, value_text};
use crate::i18n;
use crate::sync::{SyncError, export, import, keys, trust};
use crate::tui::action::{
    Action, ConflictEntry, ConflictField, Effect, ImportAsk, Loaded, SyncData,
};

impl App {
    /// Sync effects (they report in the sync screen's log); `None` for the
    /// others.
    pub(super) fn sync_effect(&mut self, effect: &Effect) -> Option<Vec<Action>> {
        let result: Result<Vec<Action>, WorkError> = match effect {
            Effect::LoadSync => self
                .sync_data()
                .map_err(WorkError::from)
                .map(|d| vec![Action::Loaded(Loaded::Sync(Box::new(d)))]),
            Effect::Export {
                folder,
                incremental,
                encrypt,
            } => {
                let path = std::path::Path::new(folder).join(export::file_name(&self.ws.store));
                export::results(
                    &self.ws.store,
                    &self.ws.author.person,
                    &path,
                    *incremental,
                    *encrypt,
                )
                .map(|e| vec![Action::SyncDone(e.lines())])
                .map_err(WorkError::from)
            }
            Effect::Import {
                path,
                trust,
                team,
                switch_team,
            } => {
                let opts = import::Options {
                    trust: trust.iter().cloned().collect(),
                    teams: team.iter().cloned().collect(),
                    switch_team: *switch_team,
                    ..import::Options::default()
                };
                return Some(self.import(path, &opts));
            }
            Effect::Trust { fingerprint, team } => self
                .trust(fingerprint, team.as_deref())
                .map_err(WorkError::from),
            Effect::Resolve { entry, picks } => self
                .ws
                .find_entry(entry)
                .and_then(|e| self.ws.resolve(&e, picks, None))
                .map(|e| vec![Action::SyncDone(vec![i18n::resolved(&self.entry_name(&e))])]),
            _ => return None,
        };
        Some(match result {
            Ok(mut actions) => {
                if !matches!(effect, Effect::LoadSync) {
                    actions.extend(self.perform(Effect::LoadSync));
                }
                actions
            }
            Err(e) => {
                let what = format!("{effect:?}");
                self.log(&what, &e);
                vec![super::failure(&e)]
            }
        })
    }

    fn import(&mut self, path: &str, opts: &import::Options) -> Vec<Action> {
        let path_buf = std::path::PathBuf::from(path);
        match import::import_file(&self.ws.store, &path_buf, opts) {
            Ok(r) => {
                let mut actions = vec![Action::SyncDone(r.lines(path))];
                // The import is durable; forms it brought that cannot be
                // read back are said, not dropped silently.
                if let Err(e) = self.ws.reload_forms() {
                    self.log("reload_forms", &e);
                    actions.push(super::failure(&e));
                }
                actions.extend(self.perform(Effect::LoadSync));
                actions
            }
            Err(SyncError::HqUnconfirmed { signer, label }) => {
                vec![Action::ImportAsks(ImportAsk::ConfirmHq {
                    path: path.to_string(),
                    fingerprint: signer,
                    label,
                })]
            }
            Err(SyncError::Untrusted { signer, label }) => {
                vec![Action::ImportAsks(ImportAsk::Enrol {
                    path: path.to_string(),
                    fingerprint: signer,
                    label,
                    teams: self.hq_teams(),
                })]
            }
            Err(SyncError::TeamSwitch { from, to }) => {
                vec![Action::ImportAsks(ImportAsk::SwitchTeam {
                    path: path.to_string(),
                    from,
                    to,
                })]
            }
            Err(e) => {
                self.log(&format!("import {path}"), &e);
                vec![super::failure(&WorkError::Sync(e))]
            }
        }
    }

    /// The current campaign's teams (name, id) when this folder is its HQ;
    /// empty on a laptop (a device is trusted for the laptop's own team).
    fn hq_teams(&self) -> Vec<(String, String)> {
        let Ok(c) = self.ws.campaign() else {
            return Vec::new();
        };
        if !self.ws.store.is_hq_of(&c.id).unwrap_or(false) {
            return Vec::new();
        }
        c.teams
            .iter()
            .map(|t| (t.name.clone(), t.id.clone()))
            .collect()
    }

    fn trust(&self, fp: &str, team: Option<&str>) -> Result<Vec<Action>, SyncError> {
        let teams: Vec<String> = team.iter().map(|t| t.to_string()).collect();
        match trust::trust_typed(&self.ws.store, fp, None, &teams) {
            Ok(t) => Ok(vec![Action::SyncDone(vec![i18n::trusted_now(
                &t.fingerprint,
            )])]),
            Err(SyncError::NeedTeam(fingerprint)) if !self.hq_teams().is_empty() => {
                Ok(vec![Action::TrustNeedsTeam {
                    fingerprint,
                    teams: self.hq_teams(),
                }])
            }
            Err(e) => Err(e),
        }
    }

    /// An entry as people name it: unit · form · its title.
    fn entry_name(&self, e: &crate::domain::Entry) -> String {
        let ws = &self.ws;
        let unit = ws
            .campaign()
            .ok()
            .and_then(|c| c.unit(&e.unit).map(|u| u.name.clone()))
            .unwrap_or_else(|| e.unit.clone());
        match ws.form(&e.form, e.form_version) {
            Ok(f) => format!("{unit} · {} · {}", f.def.ui_title(), entry_title(f, e)),
            Err(_) => format!("{unit} · {}", e.form),
        }
    }

    /// Who made a side of a conflict: this laptop, or the enrolled laptop
    /// (its label and teams) bound to the device, directly or through the
    /// key that certified it, and the person; two laptops with the same
    /// user name stay apart. `trusted`: the store's keys, read once.
    fn who(
        &self,
        campaign: &crate::domain::Campaign,
        trusted: &[trust::Trusted],
        author: &crate::domain::Author,
    ) -> String {
        let person = crate::domain::ids::clean_label(&author.person);
        let device = self.laptop(campaign, trusted, author).unwrap_or_else(|| {
            i18n::ui_other_laptop(&author.device.chars().take(8).collect::<String>())
        });
        i18n::ui_side_by(&device, &person)
    }

    /// The laptop that made a revision, when it is known: this laptop, or
    /// the enrolled laptop (its label and teams) bound to the device,
    /// directly or through the key that certified it.
    pub(super) fn laptop(
        &self,
        campaign: &crate::domain::Campaign,
        trusted: &[trust::Trusted],
        author: &crate::domain::Author,
    ) -> Option<String> {
        let store = &self.ws.store;
        if author.device == store.device().id {
            return Some(i18n::ui_this_laptop());
        }
        let certified = || {
            trust::stored_cert(store, &author.device)
                .ok()
                .flatten()
                .map(|cert| keys::fingerprint(&cert.key))
        };
        let t = trusted
            .iter()
            .find(|t| t.device.as_deref() == Some(author.device.as_str()))
            .or_else(|| {
                let fp = certified()?;
                trusted.iter().find(|t| t.fingerprint == fp)
            })?;
        let label = crate::domain::ids::clean_label(if t.label.is_empty() {
            &t.fingerprint
        } else {
            &t.label
        });
        let teams: Vec<String> = t
            .teams
            .iter()
            .map(|id| {
                campaign
                    .team(id)
                    .map_or(id.clone(), |team| team.name.clone())
            })
            .collect();
        Some(i18n::ui_laptop(&label, &teams))
    }

    fn sync_data(&self) -> Result<SyncData, SyncError> {
        let ws = &self.ws;
        let public = keys::own_public(ws.store.dir())?;
        let campaign = ws.campaign().ok();
        let trusted = trust::trusted(&ws.store)?;
        let mut conflicts = Vec::new();
        if let Some(c) = &campaign {
            for e in ws
                .store
                .entries(&c.id, None)?
                .into_iter()
                .filter(|e| !e.conflicts.is_empty())
            {
                let form = ws.form(&e.form, e.form_version).ok();
                let title = self.entry_name(&e);
                let baseline = c
                    .unit(&e.unit)
                    .map(|u| u.baseline.clone())
                    .unwrap_or_default();
                let fields = e
                    .conflicts
                    .iter()
                    .map(|(path, sides)| {
                        let item = form.and_then(|f| {
                            crate::form::path::FieldPath::parse(path)
                                .and_then(|p| f.item(p.item_id()))
                        });
                        ConflictField {
                            path: path.clone(),
                            label: form.map_or_else(
                                || path.clone(),
                                |f| {
                                    let answers =
                                        crate::form::eval::Answers::new(f, &e.answers, &baseline);
                                    crate::form::display::change_label(&answers, path)
                                },
                            ),
                            sides: sides
                                .iter()
                                .map(|s| {
                                    let v = item.map_or_else(
                                        || s.value.to_string(),
                                        |i| value_text(i, &s.value),
                                    );
                                    format!(
                                        "{v} — {} {}",
                                        self.who(c, &trusted, &s.author),
                                        crate::form::display::time_text(&s.at)
                                    )
                                })
                                .collect(),
                        }
                    })
                    .collect();
                conflicts.push(ConflictEntry {
                    id: e.id.clone(),
                    title,
                    fields,
                });
            }
        }
        Ok(SyncData {
            folder: self
                .last_folder(&crate::tui::chooser::ChooserFor::Export {
                    incremental: false,
                    encrypt: false,
                })
                .unwrap_or_else(export::default_folder)
                .display()
                .to_string(),
            fingerprint: keys::fingerprint(&public),
            trusted: trusted.iter().filter(|t| !t.revoked).count(),
            can_encrypt: ws.store.setting(export::HQ_RECIPIENT)?.is_some(),
            conflicts,
        })
    }
}
