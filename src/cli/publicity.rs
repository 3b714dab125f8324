//! `kaocha objection add | decide | list` (异议 to the 公示ed grades, HQ
//! only, thin over `crate::hq::objection`), and what `kaocha report notice`
//! and `kaocha report publicity` need: the day (a hidden `--today` fixes
//! it for the tests, as the 公示's states depend on it) and the 公示 list.

use clap::{ArgGroup, Subcommand};
use serde::Serialize;

use super::{CliError, out, out_json};
use crate::analysis::publicity::{self, GradeState, Publicity};
use crate::analysis::{Rules, summary};
use crate::app::workspace::Workspace;
use crate::domain::{Campaign, Objection, ObjectionState};
use crate::hq::objection::{self, NewObjection};
use crate::i18n;

/// `kaocha objection …`
#[derive(Debug, Subcommand)]
pub enum ObjectionCmd {
    /// 登记对单位等次的异议 (record an objection to a unit's grade)
    Add {
        /// 单位编号或名称 (unit id or name)
        unit: String,
        /// 异议内容：对哪一项、为什么有异议 (what is objected to, and why)
        #[arg(long)]
        text: String,
        /// 异议人（可不填）(who objects; optional)
        #[arg(long)]
        from: Option<String>,
        /// 收到日期（默认今天）(the day it was received; default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// 处理异议：--upheld 异议成立，--rejected 异议不成立 (decide an objection)
    #[command(group(ArgGroup::new("decision").required(true).args(["upheld", "rejected"])))]
    Decide {
        /// 异议编号（objection list 中的 #号）(the objection's number)
        id: String,
        /// 异议成立 (the objection stands)
        #[arg(long)]
        upheld: bool,
        /// 异议不成立，维持原等次 (the objection does not stand)
        #[arg(long)]
        rejected: bool,
        /// 处理意见 (the outcome, in words)
        #[arg(long)]
        outcome: String,
        /// 处理日期（默认今天）(the day it was decided; default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// 列出异议及所涉单位的等次状态 (list objections and where those units' grades stand)
    List {
        /// 只看一个单位 (one unit only: id or name)
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
        /// 按这一天判断等次状态（测试用）(the day the states are for; for tests)
        #[arg(long, hide = true, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

/// The day `given` names (`--today`), else today.
pub fn day(given: Option<&str>) -> Result<String, CliError> {
    match given.map(str::trim) {
        Some(d) if crate::form::validate::is_date(d) => Ok(d.to_string()),
        Some(d) => Err(CliError::Message(i18n::pb_bad_today(d))),
        None => Ok(jiff::ZonedDateTime::now().strftime("%Y-%m-%d").to_string()),
    }
}

/// The 公示 list of `campaign` on `today`: its summary's final grades,
/// its objections, where each grade stands.
pub fn list(
    ws: &Workspace,
    campaign: &Campaign,
    rules: &Rules,
    today: &str,
) -> Result<Publicity, CliError> {
    let units = crate::report::analyse_campaign(&ws.store, campaign, rules)?;
    let s = summary(campaign, &units);
    let objections = objection::list(&ws.store, &campaign.id)?;
    Ok(publicity::publicity(
        campaign,
        &s,
        &units,
        &objections,
        today,
    ))
}

/// Runs an objection command.
pub fn run(ws: &Workspace, cmd: &ObjectionCmd) -> Result<(), CliError> {
    let name = |o: &Objection| -> Result<String, CliError> {
        let c = ws.campaign()?;
        Ok(c.unit(&o.unit)
            .map_or_else(|| o.unit.clone(), |u| u.name.clone()))
    };
    match cmd {
        ObjectionCmd::Add {
            unit,
            text,
            from,
            date,
        } => {
            let received = match date {
                Some(d) => d.clone(),
                None => day(None)?,
            };
            let o = objection::add(
                &ws.store,
                NewObjection {
                    unit,
                    text,
                    from: from.as_deref(),
                    received: &received,
                },
            )?;
            out(&i18n::ob_added(o.id, &name(&o)?, &o.received));
            Ok(())
        }
        ObjectionCmd::Decide {
            id,
            upheld,
            rejected: _,
            outcome,
            date,
        } => {
            let state = if *upheld {
                ObjectionState::Upheld
            } else {
                ObjectionState::Rejected
            };
            let decided = match date {
                Some(d) => d.clone(),
                None => day(None)?,
            };
            let o = objection::decide(&ws.store, id, state, outcome, &decided)?;
            out(&i18n::ob_decided(
                o.id,
                &name(&o)?,
                &i18n::ob_state(o.state as usize),
            ));
            Ok(())
        }
        ObjectionCmd::List { unit, json, today } => {
            show(ws, unit.as_deref(), *json, today.as_deref())
        }
    }
}

/// One objection as `objection list --json` prints it.
#[derive(Serialize)]
struct ObjectionJson<'a> {
    #[serde(flatten)]
    objection: &'a Objection,
    unit_name: &'a str,
    /// Where the unit's grade stands.
    grade_state: GradeState,
}

/// `kaocha objection list [--unit U] [--json]`: the objections, by unit,
/// each unit with its grade and where that stands.
fn show(
    ws: &Workspace,
    unit: Option<&str>,
    json: bool,
    today: Option<&str>,
) -> Result<(), CliError> {
    let campaign = objection::hq_campaign(&ws.store)?;
    let today = day(today)?;
    let rules = Rules::builtin().map_err(|e| {
        let lines: Vec<String> = e.iter().map(ToString::to_string).collect();
        CliError::Message(i18n::r_builtin_broken(&lines.join("\n")))
    })?;
    let p = list(ws, &campaign, &rules, &today)?;
    let mut objections = objection::list(&ws.store, &campaign.id)?;
    if let Some(key) = unit {
        let u = ws.unit(&campaign, key)?;
        objections.retain(|o| o.unit == u.id);
    }
    // The grades shown: none a rater is sealed off (专业评审).
    ws.check_report_seal(&campaign, objections.iter().map(|o| o.unit.as_str()))?;
    let unit_name = |id: &str| {
        campaign
            .unit(id)
            .map_or(id, |u| u.name.as_str())
            .to_string()
    };
    let state = |id: &str| p.row(id).map_or(GradeState::Provisional, |r| r.state);
    if json {
        let names: Vec<String> = objections.iter().map(|o| unit_name(&o.unit)).collect();
        let items: Vec<ObjectionJson> = objections
            .iter()
            .zip(&names)
            .map(|(o, n)| ObjectionJson {
                objection: o,
                unit_name: n,
                grade_state: state(&o.unit),
            })
            .collect();
        return out_json(&items);
    }
    let mut lines = vec![match (&p.from, &p.to) {
        (Some(from), Some(to)) => i18n::ob_period(from, to, &today),
        _ => i18n::ob_no_period(&today),
    }];
    if objections.is_empty() {
        lines.push(i18n::ob_none());
        out(&i18n::lines(&lines));
        return Ok(());
    }
    for u in &campaign.units {
        let of_unit: Vec<&Objection> = objections.iter().filter(|o| o.unit == u.id).collect();
        if of_unit.is_empty() {
            continue;
        }
        let grade = p
            .row(&u.id)
            .and_then(|r| r.grade.clone())
            .unwrap_or_else(i18n::pb_unscored);
        lines.push(i18n::ob_unit_head(&u.name, &grade, &state(&u.id).label()));
        for o in of_unit {
            let from = o.from.as_deref().map(i18n::ob_from).unwrap_or_default();
            lines.push(i18n::ob_line(
                o.id,
                &i18n::ob_state(o.state as usize),
                &o.received,
                &from,
            ));
            lines.extend(o.text.lines().map(i18n::ob_text));
            if let (Some(date), Some(outcome)) = (&o.decided, &o.outcome) {
                lines.push(i18n::ob_outcome(date, &outcome.replace('\n', " ")));
            }
        }
    }
    let count = |s: ObjectionState| objections.iter().filter(|o| o.state == s).count();
    lines.push(i18n::ob_total(
        objections.len(),
        count(ObjectionState::Open),
        count(ObjectionState::Upheld),
        count(ObjectionState::Rejected),
    ));
    out(&i18n::lines(&lines));
    Ok(())
}
