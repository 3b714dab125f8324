//! Reads the store into analyses: the one place of the report layer that
//! touches the store (entries through `Store::entries`, forms through
//! `Store::forms`); everything it hands on is plain data.

use std::collections::HashMap;

use crate::analysis::{Rules, UnitAnalysis, UnitData, analyse};
use crate::domain::{Campaign, Entry, Unit};
use crate::form::Form;
use crate::store::{Store, StoreError};

/// Analyses one unit of a campaign.
pub fn analyse_unit(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
    rules: &Rules,
) -> Result<UnitAnalysis, StoreError> {
    let entries = store.entries(&campaign.id, Some(&unit.id))?;
    let forms = |id: &str, version: u32| -> Option<&Form> { store.forms().get(id, version) };
    let data = UnitData {
        unit,
        entries: &entries,
        forms: &forms,
    };
    let grading = campaign.grading.clone().unwrap_or_default();
    Ok(analyse(rules, &data, &grading))
}

/// Analyses every unit of a campaign, in the campaign's order; entries are
/// read once for all units.
pub fn analyse_campaign(
    store: &Store,
    campaign: &Campaign,
    rules: &Rules,
) -> Result<Vec<UnitAnalysis>, StoreError> {
    let mut by_unit: HashMap<String, Vec<Entry>> = HashMap::new();
    for e in store.entries(&campaign.id, None)? {
        by_unit.entry(e.unit.clone()).or_default().push(e);
    }
    let grading = campaign.grading.clone().unwrap_or_default();
    Ok(campaign
        .units
        .iter()
        .map(|unit| {
            // each unit's entries are dropped once it is analysed
            let entries = by_unit.remove(&unit.id).unwrap_or_default();
            let forms =
                |id: &str, version: u32| -> Option<&Form> { store.forms().get(id, version) };
            let data = UnitData {
                unit,
                entries: &entries,
                forms: &forms,
            };
            analyse(rules, &data, &grading)
        })
        .collect())
}
