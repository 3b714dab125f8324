//! The app's analysis effects: automatic findings of a unit (accept into
//! the 问题清单, dismiss with a reason), the campaign summary (汇总) and its
//! reports. Read through the analysis and report layers; written through
//! the workspace like every other change.

use serde_json::{Value, json};

use super::action::{Action, AutoFinding, Effect, Loaded, SummaryData, SummaryRow};
use super::app::App;
use super::update::FINDINGS_FORM;
use crate::analysis::{Finding, Rules};
use crate::app::workspace::WorkError;
use crate::domain::Status;
use crate::domain::now_rfc3339;
use crate::i18n;
use crate::report::{self, Format};
use crate::store::fsutil;

/// Setting prefix of a dismissed automatic finding.
const DISMISSED: &str = "dismissed:";

fn rules() -> Result<Rules, WorkError> {
    Rules::builtin().map_err(|e| {
        WorkError::BuiltinRules(
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })
}

impl App {
    /// Analysis effects; `None` for the others.
    pub(super) fn insight_effect(
        &mut self,
        effect: &Effect,
    ) -> Option<Result<Vec<Action>, WorkError>> {
        Some(match effect {
            Effect::LoadAuto(unit) => self.auto(unit).map(|a| vec![a]),
            Effect::AcceptFinding { unit, key } => self.accept(unit, key),
            Effect::DismissFinding { key, reason } => self.dismiss(key, reason),
            Effect::LoadSummary => self
                .summary()
                .map(|s| vec![Action::Loaded(Loaded::Summary(Box::new(s)))]),
            Effect::ExportReports => self.export_reports(),
            _ => return None,
        })
    }

    fn findings_of(&self, unit: &str) -> Result<Vec<Finding>, WorkError> {
        let campaign = self.ws.campaign()?;
        let unit = self.ws.unit(&campaign, unit)?;
        Ok(report::analyse_unit(&self.ws.store, &campaign, &unit, &rules()?)?.findings)
    }

    fn auto(&self, unit: &str) -> Result<Action, WorkError> {
        let campaign = self.ws.campaign()?;
        // A finding is accepted when a 问题清单 entry names its key.
        let bases: Vec<String> = self
            .ws
            .store
            .entries(&campaign.id, Some(unit))?
            .into_iter()
            .filter(|e| e.form == FINDINGS_FORM && e.status != Status::Deleted)
            .filter_map(|e| {
                e.answers
                    .get("basis")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        let findings = self
            .findings_of(unit)?
            .into_iter()
            .map(|f| {
                let dismissed = self
                    .ws
                    .store
                    .setting(&format!("{DISMISSED}{}", f.key))
                    .ok()
                    .flatten()
                    .and_then(|v| v.get("reason").and_then(Value::as_str).map(str::to_string));
                AutoFinding {
                    accepted: bases.iter().any(|b| b.contains(&f.key)),
                    key: f.key,
                    category: f.category,
                    facts: f.facts,
                    dismissed,
                }
            })
            .collect();
        Ok(Action::Loaded(Loaded::Auto {
            unit: unit.to_string(),
            findings,
        }))
    }

    /// A 问题清单 entry filled in from an automatic finding, opened.
    fn accept(&mut self, unit: &str, key: &str) -> Result<Vec<Action>, WorkError> {
        let Some(f) = self.findings_of(unit)?.into_iter().find(|f| f.key == key) else {
            return Ok(vec![self.auto(unit)?]);
        };
        let campaign = self.ws.campaign()?;
        let unit = self.ws.unit(&campaign, unit)?;
        let form = self.ws.latest_form(FINDINGS_FORM)?;
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
            ("basis".to_string(), i18n::ui_basis(&f.title, &f.key)),
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
        let entry = self.ws.new_entry(&campaign, &unit, form, &sets)?;
        let mut actions = vec![
            Action::Done(i18n::ui_finding_accepted()),
            self.auto(&unit.id)?,
        ];
        actions.extend(self.perform(Effect::OpenEntry(entry.id)));
        Ok(actions)
    }

    fn dismiss(&self, key: &str, reason: &str) -> Result<Vec<Action>, WorkError> {
        self.ws.store.set_setting(
            &format!("{DISMISSED}{key}"),
            json!({"reason": reason, "by": self.ws.author.person, "at": now_rfc3339()}),
        )?;
        // The key reads rule:unit[:…].
        let unit = key.split(':').nth(1).unwrap_or_default();
        Ok(vec![
            Action::Done(i18n::ui_finding_dismissed()),
            self.auto(unit)?,
        ])
    }

    fn summary(&self) -> Result<SummaryData, WorkError> {
        let campaign = self.ws.campaign()?;
        let analyses = report::analyse_campaign(&self.ws.store, &campaign, &rules()?)?;
        let summary = crate::analysis::summary(&campaign, &analyses);
        let total = |cells: &[crate::analysis::summary::StaffCell],
                     f: fn(&crate::analysis::summary::StaffCell) -> Option<f64>|
         -> Option<f64> {
            let values: Vec<f64> = cells.iter().filter_map(f).collect();
            (!values.is_empty()).then(|| values.iter().sum())
        };
        let rows = summary
            .units
            .iter()
            .map(|u| SummaryRow {
                name: u.name.clone(),
                quota: total(&u.staff, |c| c.quota),
                actual: total(&u.staff, |c| c.actual),
                findings: u.findings_total,
                score: u.score,
                grade: u.grade.clone(),
            })
            .collect();
        // Questionnaire answers summed over every unit, item by item.
        let mut charts: Vec<(String, Vec<(String, usize)>)> = Vec::new();
        for a in &analyses {
            for t in &a.tallies {
                for item in &t.items {
                    let pos = match charts.iter().position(|(l, _)| *l == item.label) {
                        Some(p) => p,
                        None => {
                            charts.push((
                                item.label.clone(),
                                item.options.iter().map(|o| (o.label.clone(), 0)).collect(),
                            ));
                            charts.len() - 1
                        }
                    };
                    if let Some((_, bars)) = charts.get_mut(pos) {
                        for o in &item.options {
                            if let Some(b) = bars.iter_mut().find(|(l, _)| *l == o.label) {
                                b.1 += o.count;
                            }
                        }
                    }
                }
            }
        }
        Ok(SummaryData {
            title: campaign.name.clone(),
            rows,
            charts,
            grades: summary
                .grades
                .iter()
                .map(|g| (g.grade.clone(), g.units))
                .collect(),
        })
    }

    /// The summary report in every format, to the export folder.
    fn export_reports(&self) -> Result<Vec<Action>, WorkError> {
        let campaign = self.ws.campaign()?;
        let analyses = report::analyse_campaign(&self.ws.store, &campaign, &rules()?)?;
        let summary = crate::analysis::summary(&campaign, &analyses);
        let folder = crate::sync::export::default_folder();
        let stamp = jiff::ZonedDateTime::now()
            .strftime("%Y%m%d-%H%M")
            .to_string();
        let mut written = Vec::new();
        for (format, ext) in [
            (Format::Markdown, "md"),
            (Format::Html, "html"),
            (Format::Xlsx, "xlsx"),
            (Format::Csv, "csv"),
        ] {
            let bytes = report::campaign_report(&summary, &analyses, format, &now_rfc3339())?;
            let path = folder.join(format!("kaocha-summary-{stamp}.{ext}"));
            fsutil::write_atomic(&path, &bytes).map_err(|source| WorkError::Write {
                path: path.display().to_string(),
                source,
            })?;
            written.push(path.display().to_string());
        }
        Ok(vec![Action::Done(i18n::ui_reports_written(
            &written.join("，"),
        ))])
    }
}
