//! Teams (考核组) and assignments: `teams add NAME --members "张三(组长),李四"`
//! and `assign UNIT... --team TEAM`. A plan bundle then carries only its
//! team's units.

use super::HqError;
use super::current;
use crate::domain::{Campaign, Member, Team};
use crate::i18n;
use crate::store::Store;

/// Reads members: names separated by , ， 、 ; ；, each with an optional
/// role in brackets: `张三(组长),李四`.
pub fn parse_members(text: &str) -> Result<Vec<Member>, HqError> {
    let mut out: Vec<Member> = Vec::new();
    for part in text.split([',', '，', '、', ';', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, role) = match part.find(['(', '（']) {
            Some(i) => {
                let role = part[i..]
                    .trim_start_matches(['(', '（'])
                    .trim_end_matches([')', '）'])
                    .trim();
                (
                    part[..i].trim(),
                    (!role.is_empty()).then(|| role.to_string()),
                )
            }
            None => (part, None),
        };
        if name.is_empty() {
            return Err(HqError::Invalid(i18n::hq_bad_member(part)));
        }
        if out.iter().any(|m| m.name == name) {
            return Err(HqError::Invalid(i18n::hq_duplicate_member(name)));
        }
        out.push(Member {
            name: name.to_string(),
            role,
        });
    }
    Ok(out)
}

/// A fresh team id: `t1`, `t2` … not used yet.
fn new_team_id(c: &Campaign) -> String {
    let mut n = c.teams.len() + 1;
    loop {
        let id = format!("t{n}");
        if c.teams.iter().all(|t| t.id != id) {
            return id;
        }
        n += 1;
    }
}

/// `teams add NAME [--members …]`.
pub fn add(store: &Store, name: &str, members: Option<&str>) -> Result<Team, HqError> {
    let mut c = current(store)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(HqError::Invalid(i18n::hq_empty_team_name()));
    }
    if c.teams.iter().any(|t| t.name == name || t.id == name) {
        return Err(HqError::Invalid(i18n::hq_team_exists(name)));
    }
    let team = Team {
        id: new_team_id(&c),
        name: name.to_string(),
        members: parse_members(members.unwrap_or(""))?,
    };
    c.teams.push(team.clone());
    store.commit(&[super::campaign_record(c)])?;
    Ok(team)
}

/// `assign UNIT... --team TEAM`: every unit (by id or name) to the team;
/// an unknown unit or team changes nothing. Returns the team and how many
/// units changed team.
pub fn assign(store: &Store, units: &[String], team: &str) -> Result<(Team, usize), HqError> {
    let mut c = current(store)?;
    let team = c
        .team(team.trim())
        .cloned()
        .ok_or_else(|| HqError::Invalid(i18n::hq_unknown_team(team)))?;
    let missing: Vec<&str> = units
        .iter()
        .map(|u| u.trim())
        .filter(|u| c.unit(u).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(HqError::Invalid(i18n::hq_unknown_units(
            &missing.join("、"),
        )));
    }
    let mut changed = 0;
    for key in units {
        let id = c.unit(key.trim()).map(|u| u.id.clone()).unwrap_or_default();
        if let Some(u) = c.units.iter_mut().find(|u| u.id == id)
            && u.team.as_deref() != Some(team.id.as_str())
        {
            u.team = Some(team.id.clone());
            changed += 1;
        }
    }
    if changed > 0 {
        store.commit(&[super::campaign_record(c)])?;
    }
    Ok((team, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        let m = parse_members("张三(组长),李四， 王五（副组长）、赵六").unwrap();
        let names: Vec<_> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["张三", "李四", "王五", "赵六"]);
        assert_eq!(m[0].role.as_deref(), Some("组长"));
        assert_eq!(m[2].role.as_deref(), Some("副组长"));
        assert_eq!(m[1].role, None);
        assert!(parse_members("(组长)").is_err());
        assert!(parse_members("张三,张三").is_err());
        assert!(parse_members("").unwrap().is_empty());
    }
}
