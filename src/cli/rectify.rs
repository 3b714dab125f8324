//! `kaocha rectify`: the 整改 of every recorded finding, per unit, with its
//! deadline, who is responsible, the unit's reply and where it stands
//! (逾期 when past the deadline and not done). Changing one is `entry set`.

use serde::Serialize;

use super::{CliError, out, out_json};
use crate::analysis::rectify::{Rectification, RectifyState, counts};
use crate::app::workspace::Workspace;
use crate::i18n;

/// One unit's 整改, for `--json`.
#[derive(Serialize)]
struct UnitRectify<'a> {
    unit: &'a str,
    name: &'a str,
    items: Vec<Rectification>,
}

/// Runs `kaocha rectify [--unit U] [--overdue] [--json]`.
pub fn run(ws: &Workspace, unit: Option<&str>, overdue: bool, json: bool) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let today = crate::app::edit::fresh().today;
    let units = match unit {
        Some(key) => vec![ws.unit(&campaign, key)?],
        None => campaign.units.clone(),
    };
    let mut all = Vec::new();
    for u in &units {
        let mut items = crate::report::rectify_unit(&ws.store, &campaign, u, &today)?;
        if overdue {
            items.retain(|r| r.state == RectifyState::Overdue);
        }
        if !items.is_empty() {
            all.push(UnitRectify {
                unit: &u.id,
                name: &u.name,
                items,
            });
        }
    }
    if json {
        return out_json(&all);
    }
    if all.is_empty() {
        out(&i18n::rf_none());
        return Ok(());
    }
    let count_text = |c: [usize; 4]| {
        [
            RectifyState::Pending,
            RectifyState::Doing,
            RectifyState::Done,
            RectifyState::Overdue,
        ]
        .iter()
        .map(|s| i18n::rf_count(&s.label(), c[*s as usize]))
        .collect::<Vec<_>>()
        .join("，")
    };
    let mut lines = Vec::new();
    let mut total = [0usize; 4];
    for u in &all {
        let c = counts(&u.items);
        for (t, n) in total.iter_mut().zip(c) {
            *t += n;
        }
        lines.push(i18n::rf_unit_head(u.name, u.items.len(), &count_text(c)));
        for r in &u.items {
            let facts: String = r.facts.chars().take(60).collect();
            lines.push(i18n::rf_line(
                &r.state.label(),
                r.deadline.as_deref().unwrap_or(&i18n::rf_no_deadline()),
                &r.finding_type,
                &facts,
            ));
            let details = [
                (i18n::rf_requirement(), &r.requirement),
                (i18n::rf_responsible(), &r.responsible),
                (i18n::rf_reply(), &r.reply),
                (i18n::rf_evidence(), &r.evidence),
                (i18n::rf_entry(), &Some(r.entry.clone())),
            ];
            for (label, text) in details {
                if let Some(t) = text {
                    lines.push(i18n::rf_detail(&label, &t.replace('\n', " ")));
                }
            }
        }
    }
    let n: usize = total.iter().sum();
    lines.push(i18n::rf_total(n, &count_text(total)));
    out(&lines.join("\n"));
    Ok(())
}
