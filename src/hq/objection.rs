//! 异议 at HQ (`kaocha objection add | decide | list`): an objection to a
//! unit's 公示ed grade is recorded, then decided once (异议成立 or 异议不成立)
//! with its outcome. Each is a journaled setting `objection:<campaign>:<id>`
//! written in one commit; only HQ of the campaign records or decides them,
//! and a refused one writes nothing.

use super::{HqError, current};
use crate::domain::ids::clean_label;
use crate::domain::objection::{
    MAX_OBJECTION_CHARS, clean_text, objection_key, objection_prefix, objections_of,
};
use crate::domain::{Campaign, Objection, ObjectionState};
use crate::form::validate::is_date;
use crate::i18n;
use crate::store::{Change, Store};

/// The objections of `campaign`, by id.
pub fn list(store: &Store, campaign: &str) -> Result<Vec<Objection>, HqError> {
    Ok(objections_of(
        campaign,
        store.settings_with_prefix(&objection_prefix(campaign))?,
    ))
}

/// The current campaign, when this folder is its HQ.
pub fn hq_campaign(store: &Store) -> Result<Campaign, HqError> {
    let campaign = current(store)?;
    if !store.is_hq_of(&campaign.id)? {
        return Err(HqError::Invalid(i18n::ob_not_hq(&campaign.name)));
    }
    Ok(campaign)
}

/// What an objection says as it is recorded.
#[derive(Debug, Clone, Copy)]
pub struct NewObjection<'a> {
    /// The unit, by id or name.
    pub unit: &'a str,
    pub text: &'a str,
    pub from: Option<&'a str>,
    /// The day it was received (`YYYY-MM-DD`).
    pub received: &'a str,
}

/// A long text cleaned, refused when empty (`empty` says so) or too long.
fn text(raw: &str, empty: fn() -> String) -> Result<String, HqError> {
    let text = clean_text(raw);
    if text.is_empty() {
        return Err(HqError::Invalid(empty()));
    }
    if text.chars().count() > MAX_OBJECTION_CHARS {
        return Err(HqError::Invalid(i18n::ob_too_long(MAX_OBJECTION_CHARS)));
    }
    Ok(text)
}

fn date(d: &str) -> Result<String, HqError> {
    let d = d.trim();
    if is_date(d) {
        Ok(d.to_string())
    } else {
        Err(HqError::Invalid(i18n::ob_bad_date(d)))
    }
}

/// Writes an objection (new or decided) in one commit.
fn save(store: &Store, o: &Objection) -> Result<(), HqError> {
    let value = serde_json::to_value(o).map_err(|e| HqError::Invalid(e.to_string()))?;
    store.commit(&[Change::Setting {
        key: objection_key(&o.campaign, o.id),
        value,
    }])?;
    Ok(())
}

/// `objection add UNIT --text … [--from …] [--date …]`: records an open
/// objection under the next number.
pub fn add(store: &Store, new: NewObjection<'_>) -> Result<Objection, HqError> {
    let campaign = hq_campaign(store)?;
    let unit = campaign
        .unit(new.unit.trim())
        .ok_or_else(|| HqError::Invalid(i18n::ob_unknown_unit(new.unit.trim())))?;
    let received = date(new.received)?;
    let text = text(new.text, i18n::ob_empty_text)?;
    let from = new.from.map(clean_label).filter(|f| !f.is_empty());
    let id = list(store, &campaign.id)?
        .iter()
        .map(|o| o.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let o = Objection {
        id,
        campaign: campaign.id.clone(),
        unit: unit.id.clone(),
        received,
        from,
        text,
        state: ObjectionState::Open,
        outcome: None,
        decided: None,
    };
    save(store, &o)?;
    Ok(o)
}

/// `objection decide ID --upheld|--rejected --outcome … [--date …]`:
/// decides an open objection on `decided` (`YYYY-MM-DD`).
pub fn decide(
    store: &Store,
    id: &str,
    state: ObjectionState,
    outcome: &str,
    decided: &str,
) -> Result<Objection, HqError> {
    let campaign = hq_campaign(store)?;
    let key = id.trim();
    let unknown = || HqError::Invalid(i18n::ob_unknown_id(key));
    let n: u32 = key.trim_start_matches('#').parse().map_err(|_| unknown())?;
    let mut o = list(store, &campaign.id)?
        .into_iter()
        .find(|o| o.id == n)
        .ok_or_else(unknown)?;
    if !o.is_open() {
        return Err(HqError::Invalid(i18n::ob_already_decided(
            o.id,
            &i18n::ob_state(o.state as usize),
            o.decided.as_deref().unwrap_or_default(),
        )));
    }
    if state == ObjectionState::Open {
        return Err(HqError::Invalid(i18n::ob_need_decision()));
    }
    let outcome = text(outcome, i18n::ob_empty_outcome)?;
    let decided = date(decided)?;
    if decided < o.received {
        return Err(HqError::Invalid(i18n::ob_decided_before(
            &decided,
            &o.received,
        )));
    }
    o.state = state;
    o.outcome = Some(outcome);
    o.decided = Some(decided);
    save(store, &o)?;
    Ok(o)
}
