//! Person-level findings from a unit's 实名制 roster: 混岗混编 (事业编制
//! people in a 机关's 内设机构, a post of another kind than the person's
//! 编制, 行政编制 held in a unit without any), 在编不在岗/借调 (working
//! elsewhere than the unit), and 超职数 (more leaders than the posts
//! approved), each naming the people and the roster rows it rests on.
//! People are named only where the campaign allows it; else by family name.

use std::collections::BTreeMap;

use serde_json::Value;

use super::UnitData;
use super::rules::RosterCheck;
use crate::domain::roster::masked_name;
use crate::domain::{Person, Roster, StaffKind, UnitField};
use crate::i18n;

/// What a roster rule found over one unit: its numbers (count, people and,
/// for the `overlead` checks, quota and over) and the rows it rests on.
pub(super) struct RosterHit {
    pub numbers: BTreeMap<String, Value>,
    pub evidence: String,
}

/// What a roster rule finds over one unit, if it fires.
pub(super) fn roster_hit(check: RosterCheck, data: &UnitData) -> Option<RosterHit> {
    let roster = data.roster?;
    let b = &data.unit.baseline;
    let (people, quota): (Vec<(&Person, String)>, Option<u32>) = match check {
        RosterCheck::Mixed => (mixed(roster, data), None),
        RosterCheck::Away => (
            roster
                .people
                .iter()
                .filter_map(|p| p.works_at.as_ref().map(|w| (p, i18n::a_roster_works_at(w))))
                .collect(),
            None,
        ),
        RosterCheck::Overlead | RosterCheck::OverleadBody => {
            let in_body = check == RosterCheck::OverleadBody;
            let quota = if in_body {
                b.body_leader_posts
            } else {
                b.leader_posts
            };
            let leaders: Vec<(&Person, String)> = roster
                .people
                .iter()
                .filter(|p| roster.has_leaders && p.leader && p.body.is_some() == in_body)
                .map(|p| (p, p.title.clone().unwrap_or_default()))
                .collect();
            match quota {
                Some(q) if leaders.len() > q as usize => (leaders, Some(q)),
                _ => (Vec::new(), quota),
            }
        }
    };
    if people.is_empty() {
        return None;
    }
    let named: Vec<String> = people
        .iter()
        .map(|(p, why)| {
            let name = if data.roster_names {
                p.name.clone()
            } else {
                masked_name(&p.name)
            };
            if why.is_empty() {
                name
            } else {
                i18n::a_roster_person(&name, why)
            }
        })
        .collect();
    let count = people.len();
    let mut numbers: BTreeMap<String, Value> = BTreeMap::new();
    numbers.insert("count".into(), Value::from(count));
    numbers.insert("people".into(), Value::from(named.join("、")));
    if let Some(q) = quota {
        numbers.insert("quota".into(), Value::from(q));
        numbers.insert("over".into(), Value::from(count.saturating_sub(q as usize)));
    }
    Some(RosterHit {
        numbers,
        evidence: evidence(roster, &people),
    })
}

/// The approved posts an `overlead` check needs and the unit's baseline
/// lacks (the unit list did not give them) while its roster names leaders:
/// the field and its baseline key.
pub(super) fn missing_posts(
    check: RosterCheck,
    data: &UnitData,
) -> Option<(UnitField, &'static str)> {
    let roster = data.roster.filter(|r| r.has_leaders)?;
    let b = &data.unit.baseline;
    let (in_body, quota, missing) = match check {
        RosterCheck::Overlead => (
            false,
            b.leader_posts,
            (UnitField::LeaderPosts, "leader_posts"),
        ),
        RosterCheck::OverleadBody => (
            true,
            b.body_leader_posts,
            (UnitField::BodyLeaderPosts, "body_leader_posts"),
        ),
        RosterCheck::Mixed | RosterCheck::Away => return None,
    };
    let leaders = roster
        .people
        .iter()
        .any(|p| p.leader && p.body.is_some() == in_body);
    (quota.is_none() && leaders).then_some(missing)
}

/// The people of the roster in 混岗混编, each with why: a post of another
/// kind than their 编制 (when the roster states posts), a 事业编制 person in
/// one of the approved 内设机构 of a 机关 (a unit with 行政编制), or 行政编制
/// held in a unit that has none.
fn mixed<'r>(roster: &'r Roster, data: &UnitData) -> Vec<(&'r Person, String)> {
    let b = &data.unit.baseline;
    let is_organ = b.admin_quota.is_some_and(|q| q > 0);
    roster
        .people
        .iter()
        .filter_map(|p| {
            let why = match (p.post, p.kind) {
                (Some(post), kind) if post != kind => i18n::a_roster_post(kind.name(), post.name()),
                (Some(_), _) => return None,
                (None, StaffKind::Inst)
                    if is_organ
                        && p.body
                            .as_ref()
                            .is_some_and(|body| b.body_names.iter().any(|n| n == body)) =>
                {
                    i18n::a_roster_inst_in_body(p.body.as_deref().unwrap_or_default())
                }
                (None, StaffKind::Admin) if b.admin_quota == Some(0) => {
                    i18n::a_roster_admin_without_quota()
                }
                _ => return None,
            };
            Some((p, why))
        })
        .collect()
}

/// The roster rows a finding rests on: `花名册（花名册.xlsx）第 5、7 行`.
fn evidence(roster: &Roster, people: &[(&Person, String)]) -> String {
    let mut by_sheet: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    for (p, _) in people {
        by_sheet
            .entry(p.sheet.as_deref())
            .or_default()
            .push(p.row.to_string());
    }
    let places: Vec<String> = by_sheet
        .into_iter()
        .map(|(sheet, rows)| i18n::a_roster_rows(sheet, &rows.join("、")))
        .collect();
    i18n::a_evidence_roster(&roster.source, &roster.imported_at, &places.join("；"))
}
