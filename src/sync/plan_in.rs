//! A plan arriving at a field laptop: its campaign share (ids checked,
//! labels cleaned), exactly one team, a sequence number newer than the last
//! plan's (no rollback), the same team as before unless switching was asked
//! for, HQ's keys, forms and reviews, as the records the import writes.

use serde_json::Value;

use super::SyncError;
use super::bundle::{Header, HqKeys, Payload};
use super::current;
use super::export::{HQ_RECIPIENT, TEAM};
use super::options::Options;
use super::trust::{PlanState, plan_state, plan_state_record};
use crate::domain::ids::{clean_label, has_control_in_text, is_uuid};
use crate::domain::{Campaign, Review, Team, review_key};
use crate::form::validate::MAX_TEXT_CHARS;
use crate::i18n;
use crate::store::Change;
use crate::store::Store;

/// A plan's campaign, forms, HQ keys, plan state and reviews as records;
/// returns the campaign share the plan's revisions are checked against.
pub fn plan_records(
    store: &Store,
    h: &Header,
    payload: &Payload,
    opts: &Options,
    records: &mut Vec<Change>,
) -> Result<Campaign, SyncError> {
    let (campaign, team) = team_share(h, payload)?;
    let seq = payload
        .plan
        .as_ref()
        .map(|p| p.seq)
        .filter(|s| *s > 0)
        .ok_or_else(|| SyncError::BadPlan(i18n::sync_plan_no_seq()))?;
    let signer = super::keys::fingerprint(&h.origin.key);
    follows_last_plan(store, &campaign, &team, seq, &signer, opts)?;
    let hq = hq_keys(h, payload)?;
    records.push(Change::Campaign {
        campaign: campaign.clone(),
    });
    for form in &payload.forms {
        if !campaign.stages.iter().any(|s| s.form == form.id) {
            return Err(SyncError::BadPlan(i18n::sync_plan_stray_form(
                &clean_label(&form.id),
            )));
        }
        records.push(Change::Form { form: form.clone() });
    }
    records.push(Change::Setting {
        key: HQ_RECIPIENT.into(),
        value: Value::from(hq.recipient.clone()),
    });
    records.push(Change::Setting {
        key: TEAM.into(),
        value: Value::from(team.id.clone()),
    });
    records.push(plan_state_record(
        &campaign.id,
        &PlanState {
            seq,
            hq: signer,
            team: team.id.clone(),
        },
    ));
    // A laptop on nothing or on the demo moves to the real campaign.
    let current = current(store).ok();
    if current.is_none_or(|c| c.demo && c.id != campaign.id) {
        records.push(Change::current_campaign(&campaign.id));
    }
    review_records(store, payload, records)?;
    roster_records(store, &campaign, payload, records)?;
    Ok(campaign)
}

/// The plan's rosters, each of a unit of the plan and well-formed; the
/// rosters kept here of units the plan no longer gives (or gives without
/// one) are removed: personal data stays only with the team that visits.
fn roster_records(
    store: &Store,
    campaign: &Campaign,
    payload: &Payload,
    records: &mut Vec<Change>,
) -> Result<(), SyncError> {
    let mut seen = std::collections::HashSet::new();
    for r in &payload.rosters {
        let ok = campaign.unit(&r.unit).is_some_and(|u| u.id == r.unit)
            && seen.insert(r.unit.as_str())
            && r.is_well_formed();
        if !ok {
            return Err(SyncError::BadPlan(i18n::sync_plan_bad_roster(
                &clean_label(&r.unit),
            )));
        }
        records.push(Change::roster(&campaign.id, &r.unit, Some(r)));
    }
    for old in store.rosters(&campaign.id)? {
        if !seen.contains(old.unit.as_str()) {
            records.push(Change::roster(&campaign.id, &old.unit, None));
        }
    }
    Ok(())
}

/// The plan's campaign share, its ids checked and labels cleaned, and its
/// one team, which every unit of it belongs to.
fn team_share(h: &Header, payload: &Payload) -> Result<(Campaign, Team), SyncError> {
    let mut campaign = payload
        .campaign
        .clone()
        .ok_or_else(|| SyncError::NotBundle(i18n::sync_plan_without_campaign()))?;
    if campaign.id != h.campaign {
        return Err(SyncError::OtherCampaign(clean_label(&campaign.id)));
    }
    if !campaign.ids_ok() {
        return Err(SyncError::BadIds);
    }
    campaign.clean_labels();
    let team = match campaign.teams.as_slice() {
        [team] => team.clone(),
        _ => return Err(SyncError::BadPlan(i18n::sync_plan_one_team())),
    };
    if campaign
        .units
        .iter()
        .any(|u| u.team.as_deref() != Some(team.id.as_str()))
    {
        return Err(SyncError::BadPlan(i18n::sync_plan_one_team()));
    }
    Ok((campaign, team))
}

/// A plan follows the last one imported here: a newer number from the same
/// HQ key (no rollback), and the same team unless switching was asked for.
fn follows_last_plan(
    store: &Store,
    campaign: &Campaign,
    team: &Team,
    seq: u64,
    signer: &str,
    opts: &Options,
) -> Result<(), SyncError> {
    let Some(last) = plan_state(store, &campaign.id)? else {
        return Ok(());
    };
    if last.hq == signer && seq <= last.seq {
        return Err(SyncError::PlanRollback {
            got: seq,
            have: last.seq,
        });
    }
    if last.team != team.id && !opts.switch_team {
        let from = store
            .campaign(&campaign.id)?
            .and_then(|c| c.team(&last.team).map(|t| t.name.clone()))
            .unwrap_or(last.team);
        return Err(SyncError::TeamSwitch {
            from,
            to: team.name.clone(),
        });
    }
    Ok(())
}

/// HQ's keys in the plan: the signing key the envelope names, and a
/// recipient that parses.
fn hq_keys<'p>(h: &Header, payload: &'p Payload) -> Result<&'p HqKeys, SyncError> {
    match &payload.hq {
        Some(hq)
            if hq.key == h.origin.key && hq.recipient.parse::<age::x25519::Recipient>().is_ok() =>
        {
            Ok(hq)
        }
        _ => Err(SyncError::BadPlan(i18n::sync_plan_bad_keys())),
    }
}

/// HQ's reviews in a plan, as the same `review:<entry>` settings HQ keeps;
/// one older than the review already here is skipped.
fn review_records(
    store: &Store,
    payload: &Payload,
    records: &mut Vec<Change>,
) -> Result<(), SyncError> {
    for r in &payload.reviews {
        let sane = is_uuid(&r.entry)
            && r.by.chars().count() <= 200
            && !has_control_in_text(&r.by)
            && r.comment
                .as_ref()
                .is_none_or(|c| c.chars().count() <= MAX_TEXT_CHARS && !has_control_in_text(c));
        if !sane {
            return Err(SyncError::NotBundle(i18n::hq_bad_review_in_bundle(
                &clean_label(&r.entry),
            )));
        }
        let key = review_key(&r.entry);
        let here = store
            .setting(&key)?
            .and_then(|v| serde_json::from_value::<Review>(v).ok());
        if here.as_ref().is_some_and(|h| h == r || !r.newer_than(h)) {
            continue;
        }
        let value = serde_json::to_value(r).map_err(|e| SyncError::NotBundle(e.to_string()))?;
        records.push(Change::Setting { key, value });
    }
    Ok(())
}
