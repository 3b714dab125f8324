//! The command line (clap): every command drives the same library functions
//! the TUI uses. `--json` output goes to stdout; errors go to stderr in the
//! user's language with a non-zero exit.

mod analysis;
mod args;
mod entry;
mod evidence;
mod forms;
mod hq;
mod passphrase;
mod publicity;
mod rectify;
mod roster;
mod search;
mod selfcheck;
mod sync;
mod units;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use args::{ConflictsCmd, EntryCmd, FormsCmd, KeysCmd, PlanCmd};

use crate::app::workspace::{WorkError, Workspace};
use crate::i18n::{self, Lang};
use crate::store::{self, StoreError};

/// kaocha (考察) — 考核组的现场工具：表单、持久保存、数据包同步、问题与报告。
#[derive(Debug, Parser)]
#[command(name = "kaocha", version, about, long_about = None)]
pub struct Cli {
    /// 数据目录 (data dir; default: the user's data folder)
    #[arg(long, global = true, env = "KAOCHA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// 界面语言 zh | en (UI language)
    #[arg(long, global = true, env = "KAOCHA_LANG", value_name = "LANG")]
    pub lang: Option<String>,
    /// 填写人姓名 (who is working; default: the system user)
    #[arg(long, global = true, env = "KAOCHA_USER", value_name = "NAME")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 载入演示任务 (seed the demo campaign)
    Demo {
        /// 只载入数据，不打开界面 (only seed and print a summary)
        #[arg(long)]
        no_tui: bool,
    },
    /// 表单：列出、检查、查看、打印空白表 (forms: list, check, show, print blank)
    Forms {
        #[command(subcommand)]
        cmd: FormsCmd,
    },
    /// 列出当前任务的被评估单位；units import 从单位名单导入 (units; import a unit list)
    Units {
        #[command(subcommand)]
        cmd: Option<hq::UnitsCmd>,
        #[arg(long)]
        json: bool,
    },
    /// 实名制花名册：导入、查看（考核委）(the 实名制 roster, HQ)
    Roster {
        #[command(subcommand)]
        cmd: roster::RosterCmd,
    },
    /// 评估任务：新建、查看、设置、导入设置（考核委）(campaign setup, HQ)
    Campaign {
        #[command(subcommand)]
        cmd: hq::CampaignCmd,
    },
    /// 考核组：添加、列出 (teams)
    Teams {
        #[command(subcommand)]
        cmd: hq::TeamsCmd,
    },
    /// 把被评估单位分给考核组 (assign units to a team)
    Assign {
        #[arg(required = true, value_name = "UNIT")]
        units: Vec<String>,
        #[arg(long)]
        team: String,
    },
    /// 审核记录：--approve 通过，--return --comment 退回 (review an entry)
    Review(hq::ReviewArgs),
    /// 问题：问题清单记录的、自动发现待确认的，各注明状态 (findings and where they stand)
    Findings {
        /// 只看一个单位 (one unit only: id or name)
        #[arg(long)]
        unit: Option<String>,
        /// 规则文件（默认：内置规则）(rules file; default: the built-in rules)
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// 也列出不予认定的（及理由）(also list the dismissed ones, with their reasons)
        #[arg(long)]
        dismissed: bool,
        #[arg(long)]
        json: bool,
    },
    /// 整改：已记录问题的期限、责任人、单位回复和状态（逾期单列）(rectification follow-up)
    Rectify {
        /// 只看一个单位 (one unit only: id or name)
        #[arg(long)]
        unit: Option<String>,
        /// 只列逾期的 (overdue ones only)
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        json: bool,
    },
    /// 自查自评：生成单位自评表、导入交回的自评表（考核委）、与考核得分对比 (self-assessment: template, import, compare)
    Selfcheck {
        #[command(subcommand)]
        cmd: selfcheck::SelfcheckCmd,
    },
    /// 异议：公示期间对单位等次的异议，登记、处理、列出（考核委）(objections to 公示ed grades, HQ)
    Objection {
        #[command(subcommand)]
        cmd: publicity::ObjectionCmd,
    },
    /// 报告：单位评估报告、任务汇总表（md、html、xlsx、csv、docx），记录全文，问题反馈函 (reports, entry pages, letters)
    Report {
        #[command(subcommand)]
        cmd: analysis::ReportCmd,
    },
    /// 记录：新建、填写、查看、定稿、修改历史 (entries)
    Entry {
        #[command(subcommand)]
        cmd: EntryCmd,
    },
    /// 搜索：单位名称、三定与所有答案中的文字 (search unit names, baselines and answers)
    Search {
        /// 要找的文字 (the text to find)
        #[arg(required = true, value_name = "TEXT")]
        words: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// 本机密钥与受信任的密钥 (keys)
    Keys {
        #[command(subcommand)]
        cmd: KeysCmd,
    },
    /// 导出成果数据包 (export a results bundle)
    Export {
        /// 文件路径 (file to write)
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        /// 只导出上次导出到该文件夹以来的新修订 (only what no earlier export to that folder held)
        #[arg(long)]
        incremental: bool,
        /// 用考核委的公钥加密 (encrypt to HQ's key from the plan)
        #[arg(long)]
        encrypt: bool,
    },
    /// 任务包 (plan bundles, HQ)
    Plan {
        #[command(subcommand)]
        cmd: PlanCmd,
    },
    /// 导入数据包 (import bundles)
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// 已核对的指纹：首个任务包的考核委密钥，或要登记的设备 (a confirmed fingerprint: HQ's key for a first plan, or a device to enrol)
        #[arg(long, value_name = "FINGERPRINT")]
        trust: Vec<String>,
        /// 新登记的设备所属的考核组，可重复 (the teams a newly trusted device is enrolled for; repeatable)
        #[arg(long, value_name = "TEAM")]
        team: Vec<String>,
        /// 任务包属于另一个考核组时，把本机改到该组 (let a plan for another team switch this laptop to it)
        #[arg(long)]
        switch_team: bool,
        /// 数据包大小上限，MB；带附件时为附件之前的部分 (largest bundle read, in MB; with attachments, the part before them)
        #[arg(long, value_name = "MB", default_value_t = 256)]
        max_size: u64,
        /// 只检查并报告，不写入 (check and report only)
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 冲突：列出与解决 (conflicts: list and resolve)
    Conflicts {
        #[command(subcommand)]
        cmd: Option<ConflictsCmd>,
        #[arg(long)]
        json: bool,
    },
    /// 性能基准：生成合成数据并逐项计时，每项一行 JSON (benchmark figures)
    Bench {
        /// 条目数，可重复；默认 1000 与 100000 (entries; repeatable)
        #[arg(long = "entries", value_name = "N")]
        entries: Vec<usize>,
        /// 单位数；默认每 50 条一个单位 (units; default one per 50 entries)
        #[arg(long, value_name = "N")]
        units: Option<usize>,
        /// 内部用：测量界面进程的峰值内存 (internal: the memory probe)
        #[arg(long, hide = true, value_name = "DIR")]
        probe: Option<PathBuf>,
        /// 保留生成的数据与数据包 (keep the generated data and bundle)
        #[arg(long)]
        keep: bool,
        /// 内部用：为导入计时准备考核委数据目录 (internal: prepare an HQ dir for an import timing)
        #[arg(long, hide = true, value_name = "DIR", requires = "bundle")]
        prepare_hq: Option<PathBuf>,
        #[arg(long, hide = true, value_name = "FILE")]
        bundle: Option<PathBuf>,
    },
    /// 检查数据库与日志是否一致；--rebuild 从日志重建 (verify / rebuild)
    Doctor {
        #[arg(long)]
        rebuild: bool,
        /// 重建会丢失记录时仍然重建 (rebuild even when entries would be lost)
        #[arg(long, requires = "rebuild")]
        force: bool,
    },
}

/// A command failure, already in words.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Work(#[from] WorkError),
    #[error("{0}")]
    Message(String),
    /// Reported on stdout already; exit non-zero.
    #[error("")]
    Silent,
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::Work(WorkError::Store(e))
    }
}

impl From<crate::app::edit::EditError> for CliError {
    fn from(e: crate::app::edit::EditError) -> Self {
        CliError::Work(WorkError::Edit(e))
    }
}

/// Writes a text and a line break, ignoring a closed pipe (`kaocha … |
/// head`). Every line the commands print goes through here: control
/// characters from data are shown escaped, never sent to the terminal.
fn write_line(mut to: impl Write, text: &str) {
    let text = crate::form::display::terminal_safe(text);
    let _ = to.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = to.write_all(b"\n");
    }
    let _ = to.flush();
}

/// Writes to stdout.
pub(crate) fn out(text: &str) {
    write_line(std::io::stdout().lock(), text);
}

/// Writes to stderr.
pub(crate) fn err(text: &str) {
    write_line(std::io::stderr().lock(), text);
}

/// Pretty JSON on stdout (JSON escapes C0 controls itself; C1 controls and
/// bidirectional overrides are escaped too).
pub(crate) fn out_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Message(e.to_string()))?;
    out(&crate::form::display::json_safe(&text));
    Ok(())
}

/// Entry point of the binary.
/// What `kaocha bench` was asked for. The benchmark itself lives on the
/// binary's side (it drives the TUI like a person), so the library never
/// depends on it; `main` hands it in.
pub struct BenchRequest<'a> {
    pub data_dir: Option<&'a Path>,
    pub entries: &'a [usize],
    /// Units of the generated campaign (default: one per 50 entries).
    pub units: Option<usize>,
    pub probe: Option<&'a Path>,
    pub keep: bool,
    /// Internal: prepare an HQ folder (`DIR`) for timing the import of `FILE`.
    pub prepare_hq: Option<(&'a Path, &'a Path)>,
}

/// Runs `kaocha bench`; prints each line it has through `print`.
pub type Bench = fn(&BenchRequest, &mut dyn FnMut(&str)) -> Result<(), String>;

/// Parses the command line and runs it; `bench` runs `kaocha bench`.
pub fn main(bench: Bench) -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .and_then(i18n::parse_lang)
        .unwrap_or(Lang::Zh);
    i18n::set_lang(lang);
    passphrase::install();
    match run(cli, bench) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Silent) => ExitCode::FAILURE,
        Err(e) => {
            err(&i18n::error_prefix(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn data_dir(cli: &Cli) -> Result<PathBuf, CliError> {
    cli.data_dir
        .clone()
        .or_else(store::default_data_dir)
        .ok_or_else(|| CliError::Message(i18n::no_data_dir()))
}

fn open(cli: &Cli) -> Result<Workspace, CliError> {
    let ws = Workspace::open(&data_dir(cli)?, cli.user.clone())?;
    crate::sync::trust::adopt_earlier_hq(&ws.store)?;
    Ok(ws)
}

/// Opens the workspace for the screens: when sled cannot open the database
/// and a person is at the terminal, offers to rebuild it from the journal.
fn open_for_tui(cli: &Cli) -> Result<Workspace, CliError> {
    use std::io::IsTerminal;
    match open(cli) {
        Err(CliError::Work(WorkError::Store(StoreError::CannotOpen { detail })))
            if std::io::stdin().is_terminal() =>
        {
            err(&i18n::store_cannot_open(&detail));
            let _ = write!(std::io::stderr(), "{}", i18n::ask_rebuild());
            let _ = std::io::stderr().flush();
            let mut answer = String::new();
            let _ = std::io::stdin().read_line(&mut answer);
            if !matches!(answer.trim(), "y" | "Y" | "yes" | "是") {
                return Err(CliError::Silent);
            }
            let report = store::rebuild(&data_dir(cli)?, false)?;
            if let Some(p) = &report.moved_aside {
                out(&i18n::doctor_rebuilt(&p.display().to_string()));
            }
            open(cli)
        }
        other => other,
    }
}

/// Runs the screens (a protected key is asked for first).
fn screens(ws: Workspace) -> Result<(), CliError> {
    passphrase::unlock_before_tui(&ws);
    crate::tui::run(ws).map_err(CliError::Message)
}

/// Runs one parsed command line.
pub fn run(cli: Cli, bench: Bench) -> Result<(), CliError> {
    match &cli.command {
        None => screens(open_for_tui(&cli)?),
        Some(Command::Demo { no_tui }) => demo(&cli, *no_tui),
        Some(Command::Forms {
            cmd: FormsCmd::Check { dir },
        }) => analysis::forms_check(dir.as_deref()),
        Some(Command::Forms {
            cmd: FormsCmd::List { json },
        }) => forms::list(&open(&cli)?, *json),
        Some(Command::Forms {
            cmd: FormsCmd::Show { id, json },
        }) => forms::show(&open(&cli)?, id, *json),
        Some(Command::Forms {
            cmd: FormsCmd::Print { id, output },
        }) => analysis::forms_print(&open(&cli)?, id, output),
        Some(Command::Units { cmd: None, json }) => units::list(&open(&cli)?, *json),
        Some(Command::Units { cmd: Some(cmd), .. }) => hq::units(&open(&cli)?, cmd),
        Some(Command::Roster { cmd }) => roster::run(&open(&cli)?, cmd),
        Some(Command::Rectify {
            unit,
            overdue,
            json,
        }) => rectify::run(&open(&cli)?, unit.as_deref(), *overdue, *json),
        Some(Command::Campaign { cmd }) => hq::campaign(&open(&cli)?, cmd),
        Some(Command::Teams { cmd }) => hq::teams(&open(&cli)?, cmd),
        Some(Command::Assign { units, team }) => hq::assign(&open(&cli)?, units, team),
        Some(Command::Review(args)) => hq::review(&open(&cli)?, args),
        Some(Command::Entry { cmd }) => entry::run(&open(&cli)?, cmd),
        Some(Command::Findings {
            unit,
            rules,
            dismissed,
            json,
        }) => analysis::findings(
            &open(&cli)?,
            unit.as_deref(),
            rules.as_deref(),
            *dismissed,
            *json,
        ),
        Some(Command::Report { cmd }) => analysis::report(&open(&cli)?, cmd),
        Some(Command::Selfcheck { cmd }) => selfcheck::run(&open(&cli)?, cmd),
        Some(Command::Objection { cmd }) => publicity::run(&open(&cli)?, cmd),
        Some(Command::Search { words, json }) => search::search(&open(&cli)?, words, *json),
        Some(Command::Doctor { rebuild, force }) => doctor(&cli, *rebuild, *force),
        Some(Command::Bench { .. }) => run_bench(&cli, bench),
        Some(Command::Keys { cmd }) => sync::keys(&open(&cli)?, cmd),
        Some(Command::Export {
            output,
            incremental,
            encrypt,
        }) => sync::export_results(&open(&cli)?, output, *incremental, *encrypt),
        Some(Command::Plan {
            cmd:
                PlanCmd::Export {
                    team,
                    output,
                    encrypt,
                },
        }) => sync::export_plan(&open(&cli)?, team, output, *encrypt),
        Some(Command::Import {
            files,
            trust,
            team,
            switch_team,
            max_size,
            dry_run,
            json,
        }) => {
            let opts = crate::sync::import::Options {
                trust: trust.clone(),
                teams: team.clone(),
                switch_team: *switch_team,
                dry_run: *dry_run,
                max_bytes: max_size.saturating_mul(1 << 20),
            };
            sync::import_files(&open(&cli)?, files, &opts, *json)
        }
        Some(Command::Conflicts { cmd: None, json }) => sync::conflicts(&open(&cli)?, *json),
        Some(Command::Conflicts {
            cmd:
                Some(ConflictsCmd::Resolve {
                    entry,
                    picks,
                    reason,
                }),
            ..
        }) => sync::resolve(&open(&cli)?, entry, picks, reason.as_deref()),
    }
}

/// `kaocha bench`: hands the request to the benchmark the binary holds.
fn run_bench(cli: &Cli, bench: Bench) -> Result<(), CliError> {
    let Some(Command::Bench {
        entries,
        units,
        probe,
        keep,
        prepare_hq,
        bundle,
    }) = &cli.command
    else {
        return Ok(());
    };
    let request = BenchRequest {
        data_dir: cli.data_dir.as_deref(),
        entries,
        units: *units,
        probe: probe.as_deref(),
        keep: *keep,
        prepare_hq: prepare_hq.as_deref().zip(bundle.as_deref()),
    };
    bench(&request, &mut |line| out(line)).map_err(CliError::Message)
}

/// `kaocha demo`: seeds the demo campaign, then opens the screens (or,
/// with `--no-tui`, says what it seeded and lists the units).
fn demo(cli: &Cli, no_tui: bool) -> Result<(), CliError> {
    let ws = if no_tui {
        open(cli)?
    } else {
        open_for_tui(cli)?
    };
    let seeded = crate::app::demo::seed(&ws.store)?;
    if !no_tui {
        return screens(ws);
    }
    out(&i18n::demo_seeded(
        &seeded.campaign.name,
        seeded.campaign.units.len(),
        seeded.campaign.teams.len(),
        seeded.wrote,
    ));
    out(&i18n::demo_jx_hint(crate::app::demo_jx::CAMPAIGN_ID));
    units::home(&ws)
}

fn doctor(cli: &Cli, rebuild: bool, force: bool) -> Result<(), CliError> {
    let dir = data_dir(cli)?;
    out(&i18n::data_dir_line(&dir.display().to_string()));
    let report = if rebuild {
        let report = store::rebuild(&dir, force)?;
        out(&match &report.moved_aside {
            Some(p) => i18n::doctor_rebuilt(&p.display().to_string()),
            None => i18n::doctor_rebuilt_fresh(),
        });
        report
    } else {
        store::Store::open(&dir)?.doctor()?
    };
    if !report.dropped.is_empty() {
        let mut lines: Vec<String> = report
            .dropped
            .iter()
            .map(|d| i18n::doctor_dropped(d))
            .collect();
        lines.push(i18n::doctor_dropped_hint(report.dropped.len()));
        out(&i18n::lines(&lines));
    }
    if report.ok() {
        out(&i18n::doctor_ok(
            report.campaigns,
            report.entries,
            report.revisions,
        ));
        if report.orphans > 0 {
            out(&i18n::at_orphans(report.orphans));
        }
        Ok(())
    } else {
        let mut lines = report.problems.clone();
        if !report.problems.is_empty() {
            lines.push(i18n::doctor_problems(report.problems.len()));
        }
        lines.extend(report.attachments.iter().cloned());
        if !report.attachments.is_empty() {
            lines.push(i18n::at_fix_hint(report.attachments.len()));
        }
        if report.orphans > 0 {
            lines.push(i18n::at_orphans(report.orphans));
        }
        out(&i18n::lines(&lines));
        Err(CliError::Silent)
    }
}
