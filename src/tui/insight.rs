//! The app's analysis effects: automatic findings of a unit (accept into
//! the 问题清单, dismiss with a reason), the campaign summary (汇总) and its
//! reports. Read through the analysis and report layers; written through
//! the workspace like every other change.

use std::path::Path;

use serde_json::Value;

use super::action::{Action, AutoFinding, Effect, Loaded, SummaryData, SummaryRow};
use super::app::App;
use super::update::FINDINGS_FORM;
use crate::analysis::{Finding, FindingState, Rules, publicity};
use crate::app::workspace::WorkError;
use crate::domain::{CampaignKind, now_rfc3339};
use crate::i18n;
use crate::report::{self, Format};
use crate::store::fsutil;

/// Setting prefix of a dismissal the first release kept on the laptop.
const LEGACY_DISMISSED: &str = "dismissed:";

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
            Effect::DismissFinding { unit, key, reason } => self.dismiss(unit, key, reason),
            Effect::LoadSummary => self
                .summary()
                .map(|s| vec![Action::Loaded(Loaded::Summary(Box::new(s)))]),
            Effect::ExportReports { folder, unit } => match unit {
                None => self.export_reports(folder),
                Some(unit) => self.export_unit_report(folder, unit),
            },
            _ => return None,
        })
    }

    /// How many automatic findings of a unit are still to be decided, and
    /// how many rules could not be decided (无法判断).
    pub(super) fn pending_findings(a: &crate::analysis::UnitAnalysis) -> (usize, usize) {
        let open = a
            .findings
            .iter()
            .filter(|f| f.state == FindingState::Open)
            .count();
        (open, a.gaps.len())
    }

    /// 绩效考核: the unit's steps as (step, state and date) lines; the
    /// total is left out for a rater the seal keeps from it.
    pub(super) fn procedure_lines(
        &self,
        campaign: &crate::domain::Campaign,
        unit: &str,
        a: &crate::analysis::UnitAnalysis,
    ) -> Result<Vec<(String, String)>, WorkError> {
        if campaign.kind != crate::domain::CampaignKind::Jx {
            return Ok(Vec::new());
        }
        let sealed = self.ws.sealed(campaign, unit)?;
        Ok(a.steps
            .iter()
            .map(|s| {
                let date = s
                    .date
                    .as_deref()
                    .and_then(|d| d.get(5..))
                    .unwrap_or_default();
                let detail = if sealed && s.step == crate::analysis::steps::StepKind::Grade {
                    i18n::seal_hidden()
                } else {
                    s.detail.clone()
                };
                // The date when there is one, else the account: the
                // column is narrow.
                let text = [s.state.name(), date.to_string(), detail]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                (s.step.name(), text)
            })
            .collect())
    }

    /// Why a 问题清单 entry that records an automatic finding is out of
    /// date, when it is.
    pub(super) fn finding_warning(
        &self,
        entry: &crate::domain::Entry,
    ) -> Result<Option<String>, WorkError> {
        if entry.finding.is_none() || entry.status == crate::domain::Status::Deleted {
            return Ok(None);
        }
        let (standing, _) = self.register_of(&entry.unit)?;
        Ok(standing
            .iter()
            .find(|f| f.entry.as_deref() == Some(entry.id.as_str()))
            .and_then(|f| f.state.warning())
            .map(|w| format!("⚠ {w}")))
    }

    /// A unit's analysis.
    pub(super) fn analysis_of(
        &self,
        unit: &str,
    ) -> Result<crate::analysis::UnitAnalysis, WorkError> {
        let campaign = self.ws.campaign()?;
        let unit = self.ws.unit(&campaign, unit)?;
        Ok(report::analyse_unit(
            &self.ws.store,
            &campaign,
            &unit,
            &rules()?,
        )?)
    }

    /// A unit's findings register: what stands, and what was dismissed.
    fn register_of(&self, unit: &str) -> Result<(Vec<Finding>, Vec<Finding>), WorkError> {
        let a = self.analysis_of(unit)?;
        Ok((a.findings, a.dismissed))
    }

    fn auto(&self, unit: &str) -> Result<Action, WorkError> {
        let a = self.analysis_of(unit)?;
        let (standing, dismissed) = (a.findings, a.dismissed);
        if self.dismiss_legacy(unit, &standing)? {
            return self.auto(unit);
        }
        let stale = standing
            .iter()
            .filter_map(|f| Some((f.entry.clone()?, f.state.warning()?)))
            .collect();
        let findings = standing
            .into_iter()
            .filter(|f| f.state == FindingState::Open)
            .chain(dismissed)
            .map(|f| AutoFinding {
                source: f.sources.first().cloned(),
                key: f.key,
                category: f.category,
                facts: f.facts,
                state: f.state,
            })
            .collect();
        Ok(Action::Loaded(Loaded::Auto {
            unit: unit.to_string(),
            findings,
            stale,
            gaps: a.gaps.into_iter().map(|g| g.text).collect(),
        }))
    }

    /// Records the dismissals the first release kept on this laptop only
    /// (settings `dismissed:KEY`) as dismissing entries, which travel with
    /// the team's results. Whether any was recorded.
    fn dismiss_legacy(&self, unit: &str, standing: &[Finding]) -> Result<bool, WorkError> {
        let mut any = false;
        for f in standing.iter().filter(|f| f.state == FindingState::Open) {
            let reason = self
                .ws
                .store
                .setting(&format!("{LEGACY_DISMISSED}{}", f.key))?
                .and_then(|v| v.get("reason").and_then(Value::as_str).map(str::to_string));
            if let Some(reason) = reason {
                self.record(unit, f, Some(&reason))?;
                any = true;
            }
        }
        Ok(any)
    }

    /// The finding of `key` that stands or was dismissed.
    fn finding(&self, unit: &str, key: &str) -> Result<Option<Finding>, WorkError> {
        let (standing, dismissed) = self.register_of(unit)?;
        Ok(standing
            .into_iter()
            .chain(dismissed)
            .find(|f| f.key == key && !f.state.is_recorded()))
    }

    /// A 问题清单 entry recording `f`: accepted (filled in from it), or
    /// dismissed with `reason`.
    fn record(
        &self,
        unit: &str,
        f: &Finding,
        reason: Option<&str>,
    ) -> Result<crate::domain::Entry, WorkError> {
        let campaign = self.ws.campaign()?;
        let unit = self.ws.unit(&campaign, unit)?;
        let form = self.ws.latest_form(FINDINGS_FORM)?;
        self.ws.record_finding(&campaign, &unit, form, f, reason)
    }

    /// A 问题清单 entry filled in from an automatic finding, opened.
    fn accept(&mut self, unit: &str, key: &str) -> Result<Vec<Action>, WorkError> {
        let Some(f) = self.finding(unit, key)? else {
            return Ok(vec![self.auto(unit)?]);
        };
        let entry = self.record(unit, &f, None)?;
        let mut actions = vec![Action::Done(i18n::ui_finding_accepted()), self.auto(unit)?];
        actions.extend(self.perform(Effect::OpenEntry(entry.id)));
        Ok(actions)
    }

    /// An automatic finding dismissed with a reason, as a 问题清单 entry
    /// made deleted, so the decision syncs and counts nowhere.
    fn dismiss(&self, unit: &str, key: &str, reason: &str) -> Result<Vec<Action>, WorkError> {
        let Some(f) = self.finding(unit, key)? else {
            return Ok(vec![self.auto(unit)?]);
        };
        self.record(unit, &f, Some(reason))?;
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
        // A rater whose sheet of a unit is not final sees none of its
        // scores (the seal), nor the grades they would give away.
        let mut sealed = std::collections::HashSet::new();
        for u in &campaign.units {
            if self.ws.sealed(&campaign, &u.id)? {
                sealed.insert(u.id.as_str());
            }
        }
        let rows = summary
            .units
            .iter()
            .map(|u| (u, sealed.contains(u.unit.as_str())))
            .map(|(u, sealed)| SummaryRow {
                unit: u.unit.clone(),
                name: u.name.clone(),
                quota: total(&u.staff, |c| c.quota),
                actual: total(&u.staff, |c| c.actual),
                findings: u.findings_total,
                open: u.open,
                gaps: u.gaps,
                depth: u.depth,
                score: u.score.filter(|_| !sealed),
                grade: if sealed {
                    Some(i18n::seal_hidden())
                } else {
                    u.grade.clone()
                },
                progress: analyses
                    .iter()
                    .find(|a| a.unit.id == u.unit && !a.steps.is_empty())
                    .map(|a| crate::analysis::steps::done_count(&a.steps)),
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
                .filter(|_| sealed.is_empty())
                .map(|g| (g.grade.clone(), g.units))
                .collect(),
        })
    }

    /// The summary report in every format and, in a 绩效考核, the 公示
    /// (Word and HTML), to `folder`.
    fn export_reports(&self, folder: &str) -> Result<Vec<Action>, WorkError> {
        let campaign = self.ws.campaign()?;
        self.ws
            .check_report_seal(&campaign, campaign.units.iter().map(|u| u.id.as_str()))?;
        let analyses = report::analyse_campaign(&self.ws.store, &campaign, &rules()?)?;
        let summary = crate::analysis::summary(&campaign, &analyses);
        let mut files = Vec::new();
        for (format, ext) in [
            (Format::Markdown, "md"),
            (Format::Html, "html"),
            (Format::Xlsx, "xlsx"),
            (Format::Csv, "csv"),
            (Format::Docx, "docx"),
        ] {
            let bytes = report::campaign_report(&summary, &analyses, format, &now_rfc3339())?;
            files.push((format!("kaocha-summary-{}.{ext}", stamp()), bytes));
        }
        // 绩效考核: the 公示 of the grades, in Word and HTML.
        if campaign.kind == CampaignKind::Jx {
            let objections = crate::hq::objection::list(&self.ws.store, &campaign.id)?;
            let now = now_rfc3339();
            let today = now.get(..10).unwrap_or_default();
            let list = publicity::publicity(&campaign, &summary, &analyses, &objections, today);
            let doc = report::publicity::PublicityDoc::new(&campaign, &list, None)?;
            for (format, ext) in [(Format::Docx, "docx"), (Format::Html, "html")] {
                let name = format!("kaocha-{}-{}.{ext}", i18n::pb_file(), stamp());
                files.push((name, doc.report(format)?));
            }
        }
        let names = write_all(Path::new(folder), &files)?;
        Ok(vec![Action::Done(i18n::ui_reports_written_to(
            folder, &names,
        ))])
    }

    /// One unit's report (Markdown, HTML, Excel, Word) and, when its
    /// 问题清单 records a finding, its 问题反馈函 (Word), and in a 绩效考核
    /// its 考核预告 (Word), to `folder`.
    fn export_unit_report(&self, folder: &str, unit: &str) -> Result<Vec<Action>, WorkError> {
        let campaign = self.ws.campaign()?;
        let unit = self.ws.unit(&campaign, unit)?;
        self.ws.check_report_seal(&campaign, [unit.id.as_str()])?;
        let analysis = report::analyse_unit(&self.ws.store, &campaign, &unit, &rules()?)?;
        // The unit's name, as a file name can hold it on every system.
        let name: String = unit
            .name
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        // The 佐证材料: listed in each, photos shrunk into the HTML.
        let ev = report::evidence::gather(&self.ws.store, &campaign, &unit)?;
        let mut files = Vec::new();
        for (format, ext) in [
            (Format::Markdown, "md"),
            (Format::Html, "html"),
            (Format::Xlsx, "xlsx"),
            (Format::Docx, "docx"),
        ] {
            let bytes =
                report::unit_report_with(&campaign, &analysis, &ev, format, &now_rfc3339())?;
            files.push((format!("kaocha-{name}-{}.{ext}", stamp()), bytes));
        }
        if analysis.findings.iter().any(|f| f.state.is_recorded()) {
            let entries = report::gather::unit_entries(&self.ws.store, &campaign, &unit)?;
            let now = now_rfc3339();
            let today = now.get(..10).unwrap_or_default();
            let letter = report::letter::Letter::new(&campaign, &analysis, &entries, None, today)?;
            files.push((
                format!("kaocha-{name}-{}-{}.docx", i18n::letter_file(), stamp()),
                report::letter_report(&letter, Format::Docx)?,
            ));
        }
        // 绩效考核: the 考核预告 to the unit (Word).
        if campaign.kind == CampaignKind::Jx {
            let now = now_rfc3339();
            let today = now.get(..10).unwrap_or_default();
            let notice = report::notice::Notice::new(&campaign, &unit, None, today)?;
            files.push((
                format!("kaocha-{name}-{}-{}.docx", i18n::nt_file(), stamp()),
                notice.docx()?,
            ));
        }
        let names = write_all(Path::new(folder), &files)?;
        Ok(vec![Action::Done(i18n::ui_unit_report_written_to(
            &unit.name, folder, &names,
        ))])
    }
}

/// Now, for a report's file name: `20240501-1032`.
fn stamp() -> String {
    jiff::ZonedDateTime::now()
        .strftime("%Y%m%d-%H%M")
        .to_string()
}

/// Writes each (name, bytes) into `folder`; the names written, joined.
fn write_all(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<String, WorkError> {
    let mut names = Vec::new();
    for (name, bytes) in files {
        let path = folder.join(name);
        fsutil::write_atomic(&path, bytes).map_err(|source| WorkError::Write {
            path: path.display().to_string(),
            source,
        })?;
        names.push(name.clone());
    }
    Ok(names.join("，"))
}
