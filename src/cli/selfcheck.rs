//! `kaocha selfcheck template | import | show`: the 自查自评 step of 绩效考核,
//! thin over `report::selfcheck` (the workbook), `hq::selfcheck` (reading
//! it back at HQ) and `analysis::selfcheck` (self against assessed).

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{CliError, out, out_json};
use crate::analysis::Rules;
use crate::analysis::number_text;
use crate::analysis::selfcheck::{SelfComparison, TotalKind};
use crate::app::workspace::Workspace;
use crate::domain::CampaignKind;
use crate::hq::selfcheck::{self, Action, SelfImport};
use crate::hq::selfcheck_sheet::{FORM, short_label};
use crate::i18n;
use crate::report::{self, Format};

/// `kaocha selfcheck …`
#[derive(Debug, Subcommand)]
pub enum SelfcheckCmd {
    /// 生成单位的自评表（xlsx）：各项指标、满分，单位填写自评分和自评说明 (write a unit's self-assessment workbook)
    Template {
        /// 单位编号或名称 (unit id or name)
        #[arg(long)]
        unit: String,
        /// 自评表文件（.xlsx）(the .xlsx file to write)
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
    /// 导入单位交回的自评表（考核委）(import a returned self-assessment, HQ)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 单位编号或名称；文件标题行中没有单位名称时必填 (unit id or name, when the file does not name it)
        #[arg(long)]
        unit: Option<String>,
        /// 只检查并报告，不写入 (check and report only)
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 自评分与考核得分逐项对比，差异较大的标出 (self scores against assessed ones)
    Show {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a self-check command.
pub fn run(ws: &Workspace, cmd: &SelfcheckCmd) -> Result<(), CliError> {
    match cmd {
        SelfcheckCmd::Template { unit, output } => template(ws, unit, output),
        SelfcheckCmd::Import {
            file,
            unit,
            dry_run,
            json,
        } => {
            let r = selfcheck::import(&ws.store, &ws.author, file, unit.as_deref(), *dry_run)?;
            if *json {
                return out_json(&r);
            }
            out(&import_report(&r));
            Ok(())
        }
        SelfcheckCmd::Show { unit, json } => show(ws, unit, *json),
    }
}

fn template(ws: &Workspace, unit: &str, output: &Path) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    if campaign.kind != CampaignKind::Jx {
        return Err(CliError::Message(i18n::sc_jx_only()));
    }
    if Format::from_path(output) != Some(Format::Xlsx) {
        return Err(CliError::Message(i18n::sc_template_xlsx(
            &output.display().to_string(),
        )));
    }
    let unit = ws.unit(&campaign, unit)?;
    let form = ws.latest_form(FORM)?;
    let bytes = report::selfcheck::template(&campaign, &unit, form)
        .map_err(|e| CliError::Message(e.to_string()))?;
    let in_folder = match output.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new(".").join(output),
        _ => output.to_path_buf(),
    };
    crate::store::fsutil::write_atomic(&in_folder, &bytes).map_err(|e| {
        CliError::Message(i18n::rep_write_failed(
            &output.display().to_string(),
            &e.to_string(),
        ))
    })?;
    out(&i18n::sc_template_written(
        &unit.name,
        &output.display().to_string(),
        bytes.len(),
    ));
    Ok(())
}

fn import_report(r: &SelfImport) -> String {
    let mut lines = vec![i18n::sc_import_head(&r.file, &r.unit)];
    for b in &r.blocks {
        let kind = i18n::sc_block_name(b.kind as usize);
        lines.push(match &b.sheet {
            Some(s) => i18n::sc_import_block(s, b.header_row, &kind, b.rows),
            None => i18n::sc_import_block_csv(b.header_row, &kind, b.rows),
        });
    }
    let sum: f64 = r.scored.iter().map(|s| s.score).sum();
    lines.push(i18n::sc_import_scored(
        r.scored.len(),
        r.scored.len() + r.unscored.len(),
        &number_text((sum * 100.0).round() / 100.0),
    ));
    if !r.scored.is_empty() {
        let each: Vec<String> = r
            .scored
            .iter()
            .map(|s| format!("{} {}", s.label, number_text(s.score)))
            .collect();
        lines.push(i18n::sc_import_scores(&each.join(&i18n::sc_sep())));
    }
    if !r.unscored.is_empty() {
        lines.push(i18n::sc_import_unscored(&r.unscored.join(&i18n::sc_sep())));
    }
    if !r.cleared.is_empty() {
        lines.push(i18n::sc_import_cleared(&r.cleared.join(&i18n::sc_sep())));
    }
    lines.push(i18n::sc_import_lists(r.bonus, r.materials));
    let id = r.entry.as_deref().unwrap_or("");
    lines.push(match (r.action, r.dry_run) {
        (Action::Unchanged, _) => i18n::sc_import_unchanged(id),
        (Action::Created, true) => i18n::sc_import_dry_create(),
        (Action::Amended, true) => i18n::sc_import_dry_amend(id, r.changes),
        (Action::Created, false) => i18n::sc_import_created(id),
        (Action::Amended, false) => i18n::sc_import_amended(id, r.changes),
    });
    lines.join("\n")
}

fn show(ws: &Workspace, key: &str, json: bool) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let unit = ws.unit(&campaign, key)?;
    // The assessed scores hold the raters' (专业评审): sealed like a report.
    ws.check_report_seal(&campaign, [unit.id.as_str()])?;
    let rules = Rules::builtin().map_err(|e| {
        let text: Vec<String> = e.iter().map(ToString::to_string).collect();
        CliError::Message(i18n::r_builtin_broken(&text.join("\n")))
    })?;
    let a = report::analyse_unit(&ws.store, &campaign, &unit, &rules)?;
    let Some(c) = &a.selfcheck else {
        return Err(CliError::Message(i18n::sc_show_none(&unit.name)));
    };
    if json {
        return out_json(c);
    }
    out(&comparison(&unit.name, c));
    Ok(())
}

/// The comparison in lines: each indicator, then the totals, large
/// differences marked `！`.
fn comparison(unit: &str, c: &SelfComparison) -> String {
    let dash = || "—".to_string();
    let signed = |d: f64| {
        if d > 0.0 {
            format!("+{}", number_text(d))
        } else {
            number_text(d)
        }
    };
    let mark = |flagged: bool| if flagged { "！" } else { "  " };
    let mut lines = vec![i18n::sc_show_head(unit, &c.entry)];
    if c.assessed_entry.is_none() {
        lines.push(i18n::sc_not_assessed());
    }
    for l in &c.indicators {
        lines.push(i18n::sc_show_line(
            mark(l.flagged),
            &short_label(&l.label),
            &number_text(l.max),
            &l.self_score.map_or_else(dash, number_text),
            &l.assessed.map_or_else(dash, number_text),
            &l.diff.map_or_else(dash, signed),
        ));
    }
    for t in &c.totals {
        let index = match t.kind {
            TotalKind::Common => 0,
            TotalKind::Specific => 1,
            TotalKind::Bonus => 2,
            TotalKind::Total => 3,
        };
        lines.push(i18n::sc_show_line(
            mark(t.flagged),
            &i18n::sc_total_name(index),
            &number_text(t.max),
            &number_text(t.self_score),
            &t.assessed.map_or_else(dash, number_text),
            &t.diff.map_or_else(dash, signed),
        ));
    }
    if !c.unscored.is_empty() {
        let labels: Vec<String> = c.unscored.iter().map(|l| short_label(l)).collect();
        lines.push(i18n::sc_unscored(&labels.join(&i18n::sc_sep())));
    }
    lines.push(i18n::sc_show_flag_note(&number_text(c.self_gap * 100.0)));
    lines.push(i18n::sc_flagged_count(c.flagged));
    lines.join("\n")
}
