//! `kaocha findings`, `kaocha report unit|campaign|entry|letter|notice|publicity`, and of
//! `kaocha forms` the rules part of `check` and `print` (a blank form is
//! written as the reports are).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliError, out, out_json};
use crate::analysis::rules::{BUILTIN_FILE, BUILTIN_SOURCE};
use crate::analysis::{Finding, FindingState, Gap, Rules, UnitAnalysis, summary};
use crate::app::workspace::Workspace;
use crate::domain::now_rfc3339;
use crate::form::display::time_text;
use crate::form::{self, Form};
use crate::i18n;
use crate::report::{self, Format};

/// Most source entries listed per finding in the plain-text output.
const SOURCES_SHOWN: usize = 3;

/// `kaocha report …`
#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// 单位评估报告：核定与实有、问题、访谈座谈、问卷统计、评分（md、html、xlsx、csv、docx）(a unit's report)
    Unit {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        /// 连同佐证材料导出：-o 为文件夹，写入报告、全部附件（按单位/表单/项目分文件夹）和清单 (with the evidence: -o is a folder; the report, every attached file and a manifest)
        #[arg(long)]
        with_evidence: bool,
        #[command(flatten)]
        out: ReportOut,
    },
    /// 任务汇总表：各单位一行，问题分类，等次（md、html、xlsx、csv、docx）(the campaign summary)
    Campaign {
        #[command(flatten)]
        out: ReportOut,
    },
    /// 记录全文：一条记录按表单顺序，可打印（md、html、docx）(an entry's printable page)
    Entry {
        /// 记录编号（或其开头）(entry id, or its start)
        entry: String,
        #[command(flatten)]
        out: ReportOut,
    },
    /// 问题反馈函：致单位的函，列出问题清单记录的问题及整改要求、期限（docx、md、html）(a letter to the unit about its recorded findings)
    Letter {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        /// 落款机关（默认：按任务名称，如“东阿县机构编制委员会办公室”）(who signs; default: the office the campaign's name gives)
        #[arg(long, value_name = "NAME")]
        office: Option<String>,
        #[command(flatten)]
        out: ReportOut,
    },
    /// 考核预告：致单位的实地考察通知，含时间、考核组、需准备的材料、联系方式（docx、md、html；绩效考核）(the notice of the visit to a unit, jx)
    Notice {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        /// 落款机关（默认：按任务名称）(who signs; default: the office the campaign's name gives)
        #[arg(long, value_name = "NAME")]
        office: Option<String>,
        /// 落款日期（测试用）(the date signed; for tests)
        #[arg(long, hide = true, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        #[command(flatten)]
        out: ReportOut,
    },
    /// 公示：各单位总分与最终等次、公示期与异议渠道（docx、md、html；绩效考核）(the 公示 list of the grades, jx)
    Publicity {
        /// 落款机关（默认：按任务名称）(who signs; default: the office the campaign's name gives)
        #[arg(long, value_name = "NAME")]
        office: Option<String>,
        /// 按这一天判断等次状态并落款（测试用）(the day of the states and the signature; for tests)
        #[arg(long, hide = true, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        #[command(flatten)]
        out: ReportOut,
    },
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub struct ReportOut {
    /// md | html | xlsx | csv | docx（默认按 -o 文件的扩展名）(default: from the file name)
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// 报告文件 (file to write)
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: PathBuf,
    /// 规则文件（默认：内置规则）(rules file; default: the built-in rules)
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// The rules: a file's (checked against the workspace's forms) or the
/// built-in ones.
fn load_rules(ws: &Workspace, path: Option<&Path>) -> Result<Rules, CliError> {
    let joined = |errors: Vec<crate::analysis::RuleError>| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let Some(path) = path else {
        return Rules::builtin().map_err(|e| CliError::Message(i18n::r_builtin_broken(&joined(e))));
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Message(i18n::r_cannot_read(&name, &e.to_string())))?;
    let lookup = |id: &str| ws.latest_form(id).ok();
    Rules::load(&name, &text, &lookup).map_err(|e| CliError::Message(joined(e)))
}

/// What `kaocha findings --json` prints.
#[derive(serde::Serialize)]
struct FindingsJson<'a> {
    findings: Vec<Finding>,
    gaps: Vec<&'a Gap>,
}

/// `kaocha findings [--unit U] [--rules FILE] [--dismissed] [--json]`: the
/// findings that stand (recorded, then open), each with its state, and the
/// dismissed ones when asked; then, apart, the rules that could not be
/// decided for want of a figure (无法判断). `--json` prints both:
/// `{"findings": […], "gaps": […]}`.
pub fn findings(
    ws: &Workspace,
    unit: Option<&str>,
    rules: Option<&Path>,
    dismissed: bool,
    json: bool,
) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let rules = load_rules(ws, rules)?;
    let analyses = match unit {
        Some(key) => {
            let unit = ws.unit(&campaign, key)?;
            vec![report::analyse_unit(&ws.store, &campaign, &unit, &rules)?]
        }
        None => report::analyse_campaign(&ws.store, &campaign, &rules)?,
    };
    let shown = |a: &'_ UnitAnalysis| -> Vec<Finding> {
        let mut all = a.findings.clone();
        if dismissed {
            all.extend(a.dismissed.iter().cloned());
        }
        all
    };
    if json {
        let all: Vec<Finding> = analyses.iter().flat_map(shown).collect();
        let gaps: Vec<&Gap> = analyses.iter().flat_map(|a| &a.gaps).collect();
        return out_json(&FindingsJson {
            findings: all,
            gaps,
        });
    }
    let mut lines = Vec::new();
    let (mut recorded, mut open) = (0, 0);
    for a in &analyses {
        let list = shown(a);
        if unit.is_none() && list.is_empty() && a.gaps.is_empty() {
            continue;
        }
        let r = a.findings.iter().filter(|f| f.state.is_recorded()).count();
        recorded += r;
        open += a.findings.len() - r;
        let mut heading = i18n::fd_unit_heading(&a.unit.name, r, a.findings.len() - r);
        if !a.gaps.is_empty() {
            heading.push_str(&i18n::fd_unit_gaps(a.gaps.len()));
        }
        lines.push(heading);
        let files = if list.iter().any(|f| f.entry.is_some()) {
            report::evidence::counts(&ws.store, &campaign, &a.unit)?
        } else {
            Default::default()
        };
        for f in &list {
            finding_lines(&mut lines, f);
            if let Some(n) = f.entry.as_ref().and_then(|e| files.get(e)) {
                lines.push(i18n::fd_evidence(*n));
            }
        }
        lines.extend(a.gaps.iter().map(|g| i18n::fd_gap(&g.text)));
    }
    lines.push(i18n::fd_total(analyses.len(), recorded, open));
    let gaps: usize = analyses.iter().map(|a| a.gaps.len()).sum();
    if gaps > 0 {
        let units = analyses.iter().filter(|a| !a.gaps.is_empty()).count();
        lines.push(i18n::fd_gaps_total(units, gaps));
    }
    out(&i18n::lines(&lines));
    Ok(())
}

/// One finding: state, category, severity and facts; a warning when its
/// record is out of date; the reason when dismissed; its rule and entries.
fn finding_lines(lines: &mut Vec<String>, f: &Finding) {
    lines.push(i18n::fd_line(
        &f.state.label(),
        &f.category,
        &i18n::severity_label(&f.severity),
        &f.facts,
    ));
    if let Some(w) = f.state.warning() {
        lines.push(i18n::fd_note(&w));
    }
    if let FindingState::Dismissed { reason, by, .. } = &f.state {
        lines.push(i18n::fd_dismissed(reason, by));
    }
    let mut sources: Vec<String> = f.sources.iter().take(SOURCES_SHOWN).cloned().collect();
    if f.sources.len() > SOURCES_SHOWN {
        sources.push(format!("… ({})", f.sources.len()));
    }
    let rule = if f.rule.is_empty() { &f.title } else { &f.rule };
    lines.push(i18n::fd_source(rule, &sources.join(", ")));
}

/// `kaocha report unit UNIT …` and `kaocha report campaign …`.
pub fn report(ws: &Workspace, cmd: &ReportCmd) -> Result<(), CliError> {
    let target = match cmd {
        ReportCmd::Unit { out, .. }
        | ReportCmd::Campaign { out }
        | ReportCmd::Entry { out, .. }
        | ReportCmd::Letter { out, .. }
        | ReportCmd::Notice { out, .. }
        | ReportCmd::Publicity { out, .. } => out,
    };
    let to_folder = matches!(
        cmd,
        ReportCmd::Unit {
            with_evidence: true,
            ..
        }
    );
    let format = match &target.format {
        Some(f) => Format::parse(f).ok_or_else(|| CliError::Message(i18n::rep_bad_format(f)))?,
        // Into a folder: the page that shows the photos.
        None if to_folder => Format::Html,
        None => Format::from_path(&target.output)
            .ok_or_else(|| CliError::Message(i18n::rep_need_format()))?,
    };
    if to_folder {
        super::evidence::check_folder(&target.output)?;
    }
    let campaign = ws.campaign()?;
    let rules = load_rules(ws, target.rules.as_deref())?;
    let generated = time_text(&now_rfc3339());
    let bytes = match cmd {
        ReportCmd::Unit {
            unit,
            with_evidence,
            ..
        } => {
            let unit = ws.unit(&campaign, unit)?;
            ws.check_report_seal(&campaign, [unit.id.as_str()])?;
            let a = report::analyse_unit(&ws.store, &campaign, &unit, &rules)?;
            let ev = report::evidence::gather(&ws.store, &campaign, &unit)?;
            if *with_evidence {
                let bytes = report::unit_report_with(&campaign, &a, &ev, format, &generated)
                    .map_err(|e| CliError::Message(e.to_string()))?;
                return super::evidence::export(&target.output, &unit, format, &bytes, &ev);
            }
            report::unit_report_with(&campaign, &a, &ev, format, &generated)
        }
        ReportCmd::Campaign { .. } => {
            ws.check_report_seal(&campaign, campaign.units.iter().map(|u| u.id.as_str()))?;
            let units = report::analyse_campaign(&ws.store, &campaign, &rules)?;
            let s = summary(&campaign, &units);
            report::campaign_report(&s, &units, format, &generated)
        }
        ReportCmd::Entry { entry, .. } => {
            let e = ws.find_entry(entry)?;
            let form = ws.form(&e.form, e.form_version)?;
            let unit = campaign
                .unit(&e.unit)
                .map_or_else(|| e.unit.clone(), |u| u.name.clone());
            let review = crate::hq::review::review_line(&ws.store, &e);
            let page = report::entry::page(form, &e, &ws.baseline_of(&e), &unit, review.as_deref());
            report::entry_report(&page, format)
        }
        ReportCmd::Letter { unit, office, .. } => {
            let unit = ws.unit(&campaign, unit)?;
            let a = report::analyse_unit(&ws.store, &campaign, &unit, &rules)?;
            let entries = report::gather::unit_entries(&ws.store, &campaign, &unit)?;
            let today = now_rfc3339();
            let today = today.get(..10).unwrap_or_default();
            report::letter::Letter::new(&campaign, &a, &entries, office.as_deref(), today)
                .and_then(|l| report::letter_report(&l, format))
        }
        ReportCmd::Notice {
            unit,
            office,
            today,
            ..
        } => {
            let unit = ws.unit(&campaign, unit)?;
            let today = super::publicity::day(today.as_deref())?;
            report::notice::Notice::new(&campaign, &unit, office.as_deref(), &today)
                .and_then(|n| n.report(format))
        }
        ReportCmd::Publicity { office, today, .. } => {
            ws.check_report_seal(&campaign, campaign.units.iter().map(|u| u.id.as_str()))?;
            let today = super::publicity::day(today.as_deref())?;
            let list = super::publicity::list(ws, &campaign, &rules, &today)?;
            report::publicity::PublicityDoc::new(&campaign, &list, office.as_deref())
                .and_then(|d| d.report(format))
        }
    }
    .map_err(|e| CliError::Message(e.to_string()))?;
    write_report(&target.output, &bytes)
}

/// Writes atomically; a bare file name is taken in the current folder.
fn write_report(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let in_folder = match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new(".").join(path),
        _ => path.to_path_buf(),
    };
    crate::store::fsutil::write_atomic(&in_folder, bytes).map_err(|e| {
        CliError::Message(i18n::rep_write_failed(
            &path.display().to_string(),
            &e.to_string(),
        ))
    })?;
    out(&i18n::rep_written(&path.display().to_string(), bytes.len()));
    Ok(())
}

/// `kaocha forms print ID -o FILE.docx`: the form blank, for paper backup.
pub fn forms_print(ws: &Workspace, id: &str, output: &Path) -> Result<(), CliError> {
    if Format::from_path(output) != Some(Format::Docx) {
        return Err(CliError::Message(i18n::forms_print_docx_only(
            &output.display().to_string(),
        )));
    }
    let form = ws.latest_form(id)?;
    let bytes = report::blank::docx(form).map_err(|e| CliError::Message(e.to_string()))?;
    write_report(output, &bytes)
}

/// `kaocha forms check [DIR]`: the form files, then the rules file (the
/// folder's `rules.json` when there is one, else the built-in rules),
/// checked against the folder's forms and the built-in ones.
pub fn forms_check(dir: Option<&Path>) -> Result<(), CliError> {
    let forms_result = super::forms::check(dir);
    let (name, text) = match dir {
        Some(d) => {
            let path = d.join("rules.json");
            if !path.is_file() {
                return forms_result;
            }
            let name = path.display().to_string();
            match std::fs::read(&path).map(String::from_utf8) {
                Ok(Ok(text)) => (name, text),
                Ok(Err(_)) => {
                    out(&format!(
                        "{}\n  {}",
                        i18n::r_file_bad(&name),
                        i18n::r_json(&i18n::not_utf8())
                    ));
                    return Err(forms_result.err().unwrap_or(CliError::Silent));
                }
                Err(e) => {
                    return Err(CliError::Message(i18n::r_cannot_read(
                        &name,
                        &e.to_string(),
                    )));
                }
            }
        }
        None => (BUILTIN_FILE.to_string(), BUILTIN_SOURCE.to_string()),
    };
    let in_dir: Vec<Form> = match dir {
        Some(d) => form::check_dir(d)
            .map(|files| files.into_iter().filter_map(|(_, r)| r.ok()).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let builtins = form::builtin::forms().unwrap_or_default();
    let lookup = |id: &str| -> Option<&Form> {
        in_dir
            .iter()
            .filter(|f| f.id() == id)
            .max_by_key(|f| f.def.version)
            .or_else(|| builtins.iter().find(|f| f.id() == id))
    };
    match Rules::load(&name, &text, &lookup) {
        Ok(rules) => {
            out(&i18n::r_checked(&name, rules.rules.len()));
            forms_result
        }
        Err(errors) => {
            let mut lines = vec![i18n::r_file_bad(&name)];
            lines.extend(errors.iter().map(|e| format!("  {e}")));
            out(&i18n::lines(&lines));
            Err(forms_result.err().unwrap_or(CliError::Silent))
        }
    }
}
