//! `kaocha roster import | show`: the 实名制 roster behind 实有人数 and the
//! person-level findings, thin over `crate::hq::roster`.

use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, out, out_json};
use crate::app::workspace::Workspace;
use crate::domain::roster::masked_name;
use crate::hq::roster::{self, RosterImport};
use crate::i18n;

/// `kaocha roster …`
#[derive(Debug, Subcommand)]
pub enum RosterCmd {
    /// 导入实名制花名册（每行一人）(import a roster: one person per row)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 工作表名称 (worksheet name)
        #[arg(long)]
        sheet: Option<String>,
        /// 只检查并报告，不写入 (check and report only)
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 查看一个单位的花名册（身份证号只显示前后四位）(show a unit's roster)
    Show {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        /// 姓名只显示姓 (show family names only)
        #[arg(long)]
        mask_names: bool,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a roster command.
pub fn run(ws: &Workspace, cmd: &RosterCmd) -> Result<(), CliError> {
    match cmd {
        RosterCmd::Import {
            file,
            sheet,
            dry_run,
            json,
        } => {
            let now = crate::domain::now_rfc3339();
            let r = roster::import(&ws.store, file, sheet.as_deref(), *dry_run, &now)?;
            if *json {
                return out_json(&r);
            }
            out(&import_report(&r));
            Ok(())
        }
        RosterCmd::Show {
            unit,
            mask_names,
            json,
        } => {
            let campaign = ws.campaign()?;
            let unit = ws.unit(&campaign, unit)?;
            let Some(r) = ws.store.roster(&campaign.id, &unit.id)? else {
                return Err(CliError::Message(i18n::roster_none(&unit.name)));
            };
            if *json {
                return out_json(&r);
            }
            let mut lines = vec![i18n::roster_show_head(
                &unit.name,
                &r.source,
                &r.imported_at,
            )];
            for p in &r.people {
                let name = if *mask_names {
                    masked_name(&p.name)
                } else {
                    p.name.clone()
                };
                let fields = [
                    Some(p.kind.name().to_string()),
                    p.body.clone(),
                    p.title.clone(),
                    p.leader.then(i18n::roster_yes),
                    p.works_at.as_ref().map(|w| format!("→{w}")),
                    p.id_masked.clone(),
                ];
                let rest: Vec<String> = fields.into_iter().flatten().collect();
                lines.push(format!("  {:>4}  {name}  {}", p.row, rest.join("  ")));
            }
            out(&lines.join("\n"));
            Ok(())
        }
    }
}

fn import_report(r: &RosterImport) -> String {
    let people: usize = r.units.iter().map(|u| u.people).sum();
    let mut lines = vec![i18n::roster_summary(&r.file, people, r.units.len())];
    for s in &r.sheets {
        lines.push(match &s.sheet {
            Some(name) => i18n::roster_sheet(name, s.header_row, s.people),
            None => i18n::roster_sheet_csv(s.header_row, s.people),
        });
    }
    for u in &r.units {
        let c = &u.counts;
        let mut line =
            i18n::roster_unit_line(&u.unit, u.people, c.admin, c.inst, c.worker, c.other);
        if let (Some(l), Some(b)) = (c.leaders, c.body_leaders) {
            line.push_str(&i18n::roster_leaders(l, b));
        }
        lines.push(line);
    }
    if !r.has_leaders {
        lines.push(i18n::roster_no_leaders());
    }
    if !r.unknown_units.is_empty() {
        let rows: Vec<String> = r
            .unknown_units
            .iter()
            .map(|u| match &u.meant {
                Some(m) => i18n::roster_unknown_meant(u.row, &u.unit, m),
                None => i18n::roster_unknown_row(u.row, &u.unit),
            })
            .collect();
        lines.push(i18n::roster_unknown(&rows.join("、")));
    }
    if r.dry_run {
        lines.push(i18n::roster_dry());
    }
    lines.join("\n")
}
