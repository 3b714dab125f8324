//! `kaocha units` and the plain home summary: the current campaign, its
//! units (each followed by the units listed under it, indented), and each
//! unit's progress through the visit stages.

use serde::Serialize;

use super::{CliError, out, out_json};
use crate::app::workspace::Workspace;
use crate::domain::{Baseline, Campaign, Unit};
use crate::i18n;

/// A stage's progress at one unit.
#[derive(Debug, Serialize)]
struct StageProgress {
    form: String,
    title: String,
    min: u32,
    /// Entries not deleted, final or not.
    count: usize,
    /// Final entries: what the stage's progress counts.
    #[serde(rename = "final")]
    finals: usize,
    done: bool,
}

#[derive(Debug, Serialize)]
struct UnitRow<'a> {
    id: &'a str,
    name: &'a str,
    team: Option<&'a str>,
    team_name: Option<&'a str>,
    /// The unit it is listed under (上级单位): id and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_name: Option<&'a str>,
    /// How deep under other units it is listed (0: under none).
    #[serde(skip)]
    depth: usize,
    baseline: &'a Baseline,
    stages: Vec<StageProgress>,
}

fn progress(
    ws: &Workspace,
    campaign: &Campaign,
    unit: &Unit,
) -> Result<Vec<StageProgress>, CliError> {
    let counts = ws.store.unit_counts(&campaign.id, &unit.id)?;
    Ok(campaign
        .stages
        .iter()
        .map(|s| {
            let c = counts.get(&s.form).copied().unwrap_or_default();
            StageProgress {
                form: s.form.clone(),
                title: s.title.clone(),
                min: s.min,
                count: c.live,
                finals: c.done,
                done: s.done_by(c.done),
            }
        })
        .collect())
}

/// `kaocha units [--json]`: each unit followed by the units listed under
/// it, indented under it in the text.
pub fn list(ws: &Workspace, json: bool) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let mut rows = Vec::new();
    for (unit, depth) in campaign.tree_order() {
        let team = unit.team.as_deref().and_then(|t| campaign.team(t));
        let parent = campaign.parent_of(unit);
        rows.push(UnitRow {
            id: &unit.id,
            name: &unit.name,
            team: unit.team.as_deref(),
            team_name: team.map(|t| t.name.as_str()),
            parent: parent.map(|p| p.id.as_str()),
            parent_name: parent.map(|p| p.name.as_str()),
            depth,
            baseline: &unit.baseline,
            stages: progress(ws, &campaign, unit)?,
        });
    }
    if json {
        return out_json(&rows);
    }
    let mut text = vec![i18n::campaign_heading(&campaign.name, campaign.demo)];
    for row in &rows {
        let b = row.baseline;
        let quota = |v: Option<u32>| v.map_or("—".to_string(), |n| n.to_string());
        // A unit listed under another is indented under it, marked └.
        let indent = "  ".repeat(row.depth);
        let name = match row.depth {
            0 => row.name.to_string(),
            _ => format!("└ {}", row.name),
        };
        text.push(format!(
            "{indent}{}",
            i18n::unit_line(
                row.id,
                &name,
                row.team_name.unwrap_or("—"),
                &[
                    quota(b.admin_quota),
                    quota(b.inst_quota),
                    quota(b.worker_quota),
                    quota(b.leader_posts),
                    quota(b.bodies),
                ],
            )
        ));
        text.push(format!("{indent}      {}", stage_line(&row.stages)));
    }
    out(&text.join("\n"));
    Ok(())
}

fn stage_line(stages: &[StageProgress]) -> String {
    stages
        .iter()
        .map(|s| {
            let mark = if s.done { " ✓" } else { "" };
            let count = i18n::stage_count(s.finals, s.min, s.count - s.finals);
            format!("{} {count}{mark}", s.title)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `kaocha` without a command: the campaign and progress, plus what to run.
pub fn home(ws: &Workspace) -> Result<(), CliError> {
    match ws.campaign() {
        Ok(_) => {
            list(ws, false)?;
            out(&i18n::home_hint());
            Ok(())
        }
        Err(crate::app::workspace::WorkError::NoCampaign) => {
            out(&i18n::first_run());
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}
