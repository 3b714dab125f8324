//! The unit index: one value per unit of a campaign (key `campaign\0unit`)
//! listing its entries with their form and status, so that lists and counts
//! load no entry; and beside it, in a tree of its own under the same key,
//! where each of those entries' revision lines are (an export reads them
//! there, and lists do not pay for them). One value per unit rather than
//! one key per entry keeps an import of 100 000 entries to two writes per
//! unit.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{StoreError, decode};
use crate::domain::{Entry, Status};

/// An entry in the index: form id, status name.
pub type Item = (String, String);

/// A unit's entries: entry id → item.
pub type Items = BTreeMap<String, Item>;

/// Where an entry's revision lines are, in journal order: (position as
/// `Pos::to_seq`, length).
pub type Places = Vec<(u64, u32)>;

/// A unit's entries' places: entry id → places.
pub type UnitPlaces = BTreeMap<String, Places>;

/// The places of an entry's revisions, in journal order.
pub fn places(revs: &[super::located::RevLoc]) -> Places {
    let mut out: Places = revs.iter().map(|r| (r.1, r.2)).collect();
    out.sort_unstable();
    out
}

/// A key and value to write.
pub type Write = (Vec<u8>, Vec<u8>);

/// The campaign and unit of a key.
pub fn split_key(key: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(key).ok()?;
    let (campaign, unit) = text.split_once('\0')?;
    Some((campaign.to_string(), unit.to_string()))
}

/// Key of a unit's index value.
pub fn key(campaign: &str, unit: &str) -> Vec<u8> {
    format!("{campaign}\0{unit}").into_bytes()
}

/// Prefix of the keys of every unit of a campaign.
fn campaign_prefix(campaign: &str) -> Vec<u8> {
    format!("{campaign}\0").into_bytes()
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Final => "final",
        Status::Deleted => "deleted",
    }
}

fn item(h: &Entry) -> Item {
    (h.form.clone(), status_name(h.status).to_string())
}

fn encode<T: serde::Serialize>(items: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(items).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

/// A unit's entries with values of type `T` (`Item` in the index,
/// `Places` in the places tree).
pub type Of<T> = BTreeMap<String, T>;

/// A unit's value in the index or the places tree (empty when it has none).
pub fn read<T: DeserializeOwned>(
    tree: &sled::Tree,
    campaign: &str,
    unit: &str,
) -> Result<Of<T>, StoreError> {
    match tree.get(key(campaign, unit))? {
        Some(v) => decode(&v),
        None => Ok(BTreeMap::new()),
    }
}

/// Every unit of a campaign with its value in the index or the places
/// tree, in key order.
pub fn scan<T: DeserializeOwned>(
    tree: &sled::Tree,
    campaign: &str,
) -> Result<Vec<(String, Of<T>)>, StoreError> {
    let prefix = campaign_prefix(campaign);
    let mut out = Vec::new();
    for kv in tree.scan_prefix(&prefix) {
        let (k, v) = kv?;
        let unit = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
        out.push((unit, decode(&v)?));
    }
    Ok(out)
}

/// Counts per form of the items that are not deleted.
pub fn counts(items: &Items) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (form, status) in items.values() {
        if status != "deleted" {
            *counts.entry(form.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// The index and places tree a doctor expects, per unit key.
#[derive(Debug, Default, PartialEq)]
pub struct Expected {
    pub index: BTreeMap<Vec<u8>, Items>,
    pub places: BTreeMap<Vec<u8>, UnitPlaces>,
}

impl Expected {
    /// Adds a head and its places (in journal order).
    pub fn add(&mut self, h: &Entry, places: Places) {
        let k = key(&h.campaign, &h.unit);
        self.index
            .entry(k.clone())
            .or_default()
            .insert(h.id.clone(), item(h));
        self.places
            .entry(k)
            .or_default()
            .insert(h.id.clone(), places);
    }

    /// Takes in another part.
    pub fn extend(&mut self, other: Expected) {
        for (k, items) in other.index {
            self.index.entry(k).or_default().extend(items);
        }
        for (k, places) in other.places {
            self.places.entry(k).or_default().extend(places);
        }
    }
}

/// What one unit's writes are: its index value, its places value, and the
/// index items (for the counts kept in memory).
pub struct UnitWrite {
    pub index: Write,
    pub places: Write,
    pub items: Items,
}

/// The writes that put `heads` into the index and the places tree: each
/// touched unit's stored values with the heads' items and places replaced
/// or added.
pub fn writes<'a>(
    index: &sled::Tree,
    places_tree: &sled::Tree,
    heads: impl Iterator<Item = (&'a Entry, Places)>,
) -> Result<Vec<UnitWrite>, StoreError> {
    let mut units: HashMap<Vec<u8>, Vec<(&Entry, Places)>> = HashMap::new();
    for (h, places) in heads {
        units
            .entry(key(&h.campaign, &h.unit))
            .or_default()
            .push((h, places));
    }
    let mut out = Vec::with_capacity(units.len());
    for (k, heads) in units {
        let mut items: Items = match index.get(&k)? {
            Some(v) => decode(&v)?,
            None => Items::new(),
        };
        let mut unit_places: UnitPlaces = match places_tree.get(&k)? {
            Some(v) => decode(&v)?,
            None => UnitPlaces::new(),
        };
        for (h, places) in heads {
            items.insert(h.id.clone(), item(h));
            unit_places.insert(h.id.clone(), places);
        }
        out.push(UnitWrite {
            index: (k.clone(), encode(&items)?),
            places: (k, encode(&unit_places)?),
            items,
        });
    }
    out.sort_by(|a, b| a.index.0.cmp(&b.index.0));
    Ok(out)
}

/// Rebuilds the index and the places tree from the stored heads and places
/// (after an older layout).
pub fn rebuild(
    index: &sled::Tree,
    places_tree: &sled::Tree,
    entries: &sled::Tree,
) -> Result<(), StoreError> {
    #[derive(Deserialize)]
    struct Head {
        id: String,
        campaign: String,
        unit: String,
        form: String,
        status: Status,
    }
    let mut expected = Expected::default();
    for kv in entries.iter() {
        let (_, v) = kv?;
        let h: Head = decode(super::located::head_json(&v))?;
        let k = key(&h.campaign, &h.unit);
        let status = status_name(h.status).to_string();
        expected
            .places
            .entry(k.clone())
            .or_default()
            .insert(h.id.clone(), places(&super::located::revs(&v)?));
        expected
            .index
            .entry(k)
            .or_default()
            .insert(h.id, (h.form, status));
    }
    for (tree, values) in [
        (index, encoded(&expected.index)?),
        (places_tree, encoded(&expected.places)?),
    ] {
        tree.clear()?;
        let mut batch = sled::Batch::default();
        for (k, v) in values {
            batch.insert(k, v);
        }
        tree.apply_batch(batch)?;
    }
    Ok(())
}

fn encoded<T: serde::Serialize>(values: &BTreeMap<Vec<u8>, T>) -> Result<Vec<Write>, StoreError> {
    values
        .iter()
        .map(|(k, v)| Ok((k.clone(), encode(v)?)))
        .collect()
}
