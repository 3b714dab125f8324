//! Reads the store into analyses: the one place of the report layer that
//! touches the store (entries through `Store::entries`, forms through
//! `Store::forms`); everything it hands on is plain data.

use std::collections::HashMap;

use crate::analysis::rectify::{Rectification, rectifications};
use crate::analysis::steps::{StepsOf, steps};
use crate::analysis::{Rules, UnitAnalysis, UnitData, analyse};
use crate::domain::{Campaign, CampaignKind, Status, Unit};
use crate::form::Form;
use crate::store::{Store, StoreError};

/// Analyses one unit of a campaign.
pub fn analyse_unit(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
    rules: &Rules,
) -> Result<UnitAnalysis, StoreError> {
    let open = open_objections(store, campaign)?;
    analyse_unit_with(store, campaign, unit, rules, &open)
}

/// 公示: each unit's objections not decided yet (read once for all units;
/// none outside a 绩效考核 campaign).
fn open_objections(
    store: &Store,
    campaign: &Campaign,
) -> Result<HashMap<String, usize>, StoreError> {
    let mut open = HashMap::new();
    if campaign.kind != CampaignKind::Jx {
        return Ok(open);
    }
    let prefix = crate::domain::objection::objection_prefix(&campaign.id);
    for o in
        crate::domain::objection::objections_of(&campaign.id, store.settings_with_prefix(&prefix)?)
    {
        if o.is_open() {
            *open.entry(o.unit.clone()).or_insert(0) += 1;
        }
    }
    Ok(open)
}

/// `analyse_unit` with the open objections already read.
fn analyse_unit_with(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
    rules: &Rules,
    open: &HashMap<String, usize>,
) -> Result<UnitAnalysis, StoreError> {
    let grading = campaign.grading.clone().unwrap_or_default();
    let social = campaign.procedure.as_ref().and_then(|p| p.social.as_ref());
    let today = jiff::ZonedDateTime::now().strftime("%Y-%m-%d").to_string();
    let open_objections = open.get(&unit.id).copied().unwrap_or(0);
    let form_kind = |id: &str| store.forms().latest(id).map(|f| f.def.kind);
    with_unit_data(store, campaign, unit, |data| {
        let mut a = analyse(rules, data, &grading, social);
        if campaign.kind == CampaignKind::Jx {
            let of = StepsOf {
                campaign,
                form_kind: &form_kind,
                today: &today,
                open_objections,
            };
            a.steps = steps(&of, data, a.score.as_ref());
        }
        a
    })
}

/// The 整改 of one unit's recorded findings; `today` decides what is
/// overdue.
pub fn rectify_unit(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
    today: &str,
) -> Result<Vec<Rectification>, StoreError> {
    with_unit_data(store, campaign, unit, |data| rectifications(data, today))
}

/// Reads one unit's data from the store and hands it to `f`.
fn with_unit_data<T>(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
    f: impl FnOnce(&UnitData) -> T,
) -> Result<T, StoreError> {
    let entries = store.entries(&campaign.id, Some(&unit.id))?;
    let forms = |id: &str, version: u32| -> Option<&Form> { store.forms().get(id, version) };
    let deleted_why = |entry: &str| deletion_reason(store, entry);
    let roster = store.roster(&campaign.id, &unit.id)?;
    let data = UnitData {
        unit,
        entries: &entries,
        roster: roster.as_ref(),
        roster_names: campaign.roster_names,
        forms: &forms,
        deleted_why: &deleted_why,
    };
    Ok(f(&data))
}

/// A unit's entries (every form, deleted ones too): what a letter reads
/// its findings' 问题清单 answers from.
pub fn unit_entries(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
) -> Result<Vec<crate::domain::Entry>, StoreError> {
    store.entries(&campaign.id, Some(&unit.id))
}

/// Analyses every unit of a campaign, in the campaign's order, one unit at
/// a time (only that unit's entries are in memory), the units shared out
/// over two threads. Digests are left out: no campaign report or screen
/// shows them, and at a province's scale their texts would be most of the
/// memory.
pub fn analyse_campaign(
    store: &Store,
    campaign: &Campaign,
    rules: &Rules,
) -> Result<Vec<UnitAnalysis>, StoreError> {
    let units = &campaign.units;
    let half = units.len().div_ceil(2);
    let open = open_objections(store, campaign)?;
    let part = |units: &[Unit]| -> Result<Vec<UnitAnalysis>, StoreError> {
        units
            .iter()
            .map(|unit| {
                let mut a = analyse_unit_with(store, campaign, unit, rules, &open)?;
                a.digests = Vec::new();
                Ok(a)
            })
            .collect()
    };
    let (first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| part(units.get(half..).unwrap_or_default()));
        let first = part(units.get(..half).unwrap_or_default());
        (first, second.join())
    });
    let mut out = first?;
    match second {
        Ok(rest) => out.extend(rest?),
        Err(_) => return Err(StoreError::Poisoned),
    }
    Ok(out)
}

/// The reason the newest deleting revision of an entry gives (empty when
/// it gives none or cannot be read).
fn deletion_reason(store: &Store, entry: &str) -> String {
    store
        .revisions(entry)
        .ok()
        .and_then(|revs| {
            revs.into_iter()
                .filter(|r| r.body.status == Some(Status::Deleted))
                .max_by(|a, b| a.body.at.cmp(&b.body.at))
                .and_then(|r| r.body.reason)
        })
        .unwrap_or_default()
}
