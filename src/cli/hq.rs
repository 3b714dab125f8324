//! `kaocha campaign | units import | teams | assign | review`: the HQ
//! commands, thin over `crate::hq`.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand};
use serde_json::json;

use super::{CliError, out, out_json};
use crate::app::workspace::{WorkError, Workspace};
use crate::domain::{Campaign, CampaignKind, ReviewState};
use crate::hq::{self, HqError};
use crate::i18n;

impl From<HqError> for CliError {
    fn from(e: HqError) -> Self {
        match e {
            HqError::Store(e) => CliError::Work(WorkError::Store(e)),
            other => CliError::Message(other.to_string()),
        }
    }
}

/// `kaocha campaign …`
#[derive(Debug, Subcommand)]
pub enum CampaignCmd {
    /// 新建评估任务并设为当前任务 (create a campaign and make it current)
    New {
        #[arg(long)]
        name: String,
        /// jgbz（机构编制评估）| jx（事业单位绩效考核）
        #[arg(long)]
        kind: String,
        #[arg(long)]
        year: Option<i32>,
    },
    /// 查看当前任务：单位、考核组、阶段、评分设置 (show the current campaign)
    Show {
        #[arg(long)]
        json: bool,
    },
    /// 修改设置：name= year= stage.表单=最少份数 grading.项目=数值 (change settings)
    Set {
        #[arg(value_name = "KEY=VALUE", required = true)]
        pairs: Vec<String>,
    },
    /// 从 JSON 文件导入名称、年份、阶段和评分设置 (settings from a JSON file)
    Import {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
    /// 列出本机的评估任务 (the campaigns in this data folder)
    List,
    /// 切换当前任务 (make another campaign current)
    Use {
        /// 任务编号或名称 (campaign id or name)
        campaign: String,
    },
}

/// `kaocha units …`
#[derive(Debug, Subcommand)]
pub enum UnitsCmd {
    /// 从 Excel（.xlsx）或 CSV 单位名单导入被评估单位 (import units from a spreadsheet)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 工作表名称 (worksheet name)
        #[arg(long)]
        sheet: Option<String>,
        /// 只检查并报告，不写入 (check and report only)
        #[arg(long)]
        dry_run: bool,
        /// 名称与已有单位相近的也作为新单位加入 (add units whose names are close to existing ones)
        #[arg(long)]
        add_similar: bool,
        #[arg(long)]
        json: bool,
    },
}

/// `kaocha teams …`
#[derive(Debug, Subcommand)]
pub enum TeamsCmd {
    /// 添加考核组 (add a team)
    Add {
        name: String,
        /// 成员，如 "张三(组长),李四" (members)
        #[arg(long)]
        members: Option<String>,
    },
    /// 列出考核组 (list the teams)
    List {
        #[arg(long)]
        json: bool,
    },
}

/// `kaocha review ENTRY --approve | --return --comment TEXT`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["approve", "returned"])))]
pub struct ReviewArgs {
    /// 记录编号（或其前几位）(entry id or a unique prefix)
    pub entry: String,
    /// 审核通过 (approve)
    #[arg(long)]
    pub approve: bool,
    /// 退回考核组修改，需要 --comment (return to the team; needs --comment)
    #[arg(long = "return", id = "returned")]
    pub returned: bool,
    /// 审核意见 (comment)
    #[arg(long)]
    pub comment: Option<String>,
}

/// Runs a campaign command.
pub fn campaign(ws: &Workspace, cmd: &CampaignCmd) -> Result<(), CliError> {
    match cmd {
        CampaignCmd::New { name, kind, year } => {
            let kind = hq::campaign::parse_kind(kind)?;
            let c = hq::campaign::create(&ws.store, name, kind, *year)?;
            out(&i18n::hq_campaign_created(&c.name, &c.id));
            out(&stages_line(&c));
            Ok(())
        }
        CampaignCmd::Show { json } => show(ws, *json),
        CampaignCmd::List => {
            let current = ws.campaign().ok().map(|c| c.id.clone());
            for c in ws.store.campaigns()? {
                let mark = if current.as_deref() == Some(c.id.as_str()) {
                    "*"
                } else {
                    " "
                };
                out(&i18n::hq_campaign_line(
                    mark,
                    &c.name,
                    &c.id,
                    &i18n::hq_kind_name(c.kind == CampaignKind::Jx),
                ));
            }
            Ok(())
        }
        CampaignCmd::Use { campaign } => {
            let c = hq::campaign::make_current(&ws.store, campaign)?;
            out(&i18n::hq_campaign_current(&c.name, &c.id));
            Ok(())
        }
        CampaignCmd::Set { pairs } => {
            let before = ws.campaign()?;
            let after = hq::campaign::set(&ws.store, &super::entry::pairs(pairs)?)?;
            out(&if after == *before {
                i18n::no_change()
            } else {
                i18n::hq_campaign_updated()
            });
            Ok(())
        }
        CampaignCmd::Import { file } => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                CliError::Message(i18n::hq_cannot_read(
                    &file.display().to_string(),
                    &e.to_string(),
                ))
            })?;
            let (_, listed) = hq::campaign::import_json(&ws.store, &text)?;
            out(&i18n::hq_campaign_imported(&file.display().to_string()));
            if listed {
                out(&i18n::hq_units_teams_not_imported());
            }
            Ok(())
        }
    }
}

fn stages_line(c: &Campaign) -> String {
    let stages: Vec<String> = c
        .stages
        .iter()
        .map(|s| {
            if s.min > 0 {
                format!("{} ≥{}", s.title, s.min)
            } else {
                i18n::hq_stage_optional(&s.title)
            }
        })
        .collect();
    i18n::hq_show_stages(&stages.join(" · "))
}

fn members_text(t: &crate::domain::Team) -> String {
    if t.members.is_empty() {
        return i18n::hq_none();
    }
    t.members
        .iter()
        .map(|m| i18n::hq_member(&m.name, m.role.as_deref()))
        .collect::<Vec<_>>()
        .join("、")
}

fn team_lines(c: &Campaign) -> Vec<String> {
    c.teams
        .iter()
        .map(|t| {
            let units: Vec<&str> = c.units_of(&t.id).map(|u| u.name.as_str()).collect();
            let units = if units.is_empty() {
                i18n::hq_none()
            } else {
                units.join("、")
            };
            i18n::hq_team_line(&t.name, &t.id, &members_text(t), &units)
        })
        .collect()
}

/// `kaocha campaign show [--json]`.
fn show(ws: &Workspace, as_json: bool) -> Result<(), CliError> {
    let c = ws.campaign()?;
    if as_json {
        return out_json(&*c);
    }
    let mark = if c.demo {
        i18n::ui_demo_mark()
    } else {
        String::new()
    };
    let mut lines = vec![
        i18n::hq_show_head(
            &c.name,
            &i18n::hq_kind_name(c.kind == CampaignKind::Jx),
            &i18n::hq_year_suffix(c.year),
            &c.id,
            &mark,
        ),
        stages_line(&c),
    ];
    if c.kind == CampaignKind::Jx {
        let g = c.grading.clone().unwrap_or_default();
        let fail = g.fail_line.map_or_else(i18n::hq_none, |f| f.to_string());
        lines.push(i18n::hq_show_grading(
            g.a_line,
            g.b_line,
            &fail,
            g.bonus_cap,
        ));
    }
    lines.push(i18n::hq_show_teams(c.teams.len()));
    if c.teams.is_empty() {
        lines.push(i18n::hq_show_no_teams());
    }
    lines.extend(team_lines(&c));
    lines.push(i18n::hq_show_units(c.units.len()));
    if c.units.is_empty() {
        lines.push(i18n::hq_show_no_units());
    }
    for u in &c.units {
        let b = &u.baseline;
        let n = |v: Option<u32>| v.map_or_else(i18n::hq_none, |n| n.to_string());
        let team = u
            .team
            .as_deref()
            .and_then(|t| c.team(t))
            .map_or_else(i18n::hq_none, |t| t.name.clone());
        lines.push(i18n::unit_line(
            &u.id,
            &u.name,
            &team,
            &[
                n(b.admin_quota),
                n(b.inst_quota),
                n(b.worker_quota),
                n(b.leader_posts),
                n(b.bodies),
            ],
        ));
    }
    out(&lines.join("\n"));
    Ok(())
}

/// `kaocha units import FILE [--sheet NAME] [--dry-run] [--add-similar] [--json]`.
pub fn units(ws: &Workspace, cmd: &UnitsCmd) -> Result<(), CliError> {
    let UnitsCmd::Import {
        file,
        sheet,
        dry_run,
        add_similar,
        json,
    } = cmd;
    let r = hq::units::import(&ws.store, file, sheet.as_deref(), *dry_run, *add_similar)?;
    if *json {
        return out_json(&r);
    }
    out(&import_report(file, &r));
    Ok(())
}

fn import_report(file: &Path, r: &hq::units::UnitsImport) -> String {
    let mut lines = vec![i18n::hq_units_summary(
        &file.display().to_string(),
        r.added.len(),
        r.updated.len(),
        r.unchanged.len(),
    )];
    if !r.added.is_empty() {
        lines.push(i18n::hq_units_added(&r.added.join("、")));
    }
    if !r.updated.is_empty() {
        lines.push(i18n::hq_units_updated(&r.updated.join("、")));
    }
    if !r.kept.is_empty() {
        lines.push(i18n::hq_units_kept(&r.kept.join("、")));
    }
    if !r.parents.is_empty() {
        let pairs: Vec<String> = r
            .parents
            .iter()
            .map(|(unit, parent)| i18n::hq_unit_under(unit, parent))
            .collect();
        lines.push(i18n::hq_units_parents(&pairs.join("、")));
    }
    for s in &r.sheets {
        lines.push(i18n::hq_units_sheet_read(
            s.sheet.as_deref(),
            s.header_row,
            &row_ranges(&s.unit_rows),
        ));
        if r.dry_run && !s.understood.is_empty() {
            let cols: Vec<String> = s
                .understood
                .iter()
                .map(|(letter, header, field)| i18n::hq_column_read(letter, header, field))
                .collect();
            lines.push(i18n::hq_units_understood(&cols.join("，")));
        }
        if !s.ignored_columns.is_empty() {
            lines.push(i18n::hq_units_ignored(&s.ignored_columns.join("、")));
        }
        if !s.skipped_rows.is_empty() {
            lines.push(i18n::hq_units_skipped(&row_ranges(&s.skipped_rows)));
        }
        if !s.normalised.is_empty() {
            let names: Vec<String> = s
                .normalised
                .iter()
                .map(|(row, written, kept)| i18n::hq_name_normalised(*row, written, kept))
                .collect();
            lines.push(i18n::hq_units_normalised(&names.join("、")));
        }
        if !s.blank_as_zero.is_empty() {
            lines.push(i18n::hq_units_blank_zero(&s.blank_as_zero.join("、")));
        }
    }
    if !r.passed_over.is_empty() {
        lines.push(i18n::hq_units_passed_over(&r.passed_over.join("、")));
    }
    for (new, old) in &r.similar {
        lines.push(i18n::hq_units_similar(new, old));
    }
    if r.dry_run {
        lines.push(i18n::hq_units_dry());
    }
    lines.join("\n")
}

/// Row numbers as ranges: `4–6、8`.
fn row_ranges(rows: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&start) = rows.get(i) {
        let mut end = start;
        while rows.get(i + 1) == Some(&(end + 1)) {
            end += 1;
            i += 1;
        }
        out.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    out.join("、")
}

/// Runs a teams command.
pub fn teams(ws: &Workspace, cmd: &TeamsCmd) -> Result<(), CliError> {
    match cmd {
        TeamsCmd::Add { name, members } => {
            let t = hq::teams::add(&ws.store, name, members.as_deref())?;
            out(&i18n::hq_team_added(&t.name, &t.id, &members_text(&t)));
            Ok(())
        }
        TeamsCmd::List { json } => {
            let c = ws.campaign()?;
            if *json {
                let v: Vec<_> = c
                    .teams
                    .iter()
                    .map(|t| {
                        let units: Vec<&str> = c.units_of(&t.id).map(|u| u.id.as_str()).collect();
                        json!({"id": t.id, "name": t.name, "members": t.members, "units": units})
                    })
                    .collect();
                return out_json(&v);
            }
            if c.teams.is_empty() {
                out(&i18n::hq_no_teams());
                return Ok(());
            }
            out(&team_lines(&c).join("\n"));
            Ok(())
        }
    }
}

/// `kaocha assign UNIT... --team TEAM`.
pub fn assign(ws: &Workspace, units: &[String], team: &str) -> Result<(), CliError> {
    let (t, changed) = hq::teams::assign(&ws.store, units, team)?;
    out(&i18n::hq_assigned(changed, &t.name, &t.id));
    Ok(())
}

/// `kaocha review ENTRY --approve|--return [--comment TEXT]`.
pub fn review(ws: &Workspace, args: &ReviewArgs) -> Result<(), CliError> {
    let entry = ws.find_entry(&args.entry)?;
    let state = if args.returned {
        ReviewState::Returned
    } else {
        ReviewState::Approved
    };
    let r = hq::review::review(
        &ws.store,
        &ws.author.person,
        &entry,
        state,
        args.comment.as_deref(),
    )?;
    out(&i18n::hq_reviewed(
        &r.entry,
        &i18n::hq_review_state(r.state == ReviewState::Returned),
    ));
    Ok(())
}
