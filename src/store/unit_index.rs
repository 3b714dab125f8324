//! The unit index: one value per unit of a campaign (key `campaign\0unit`)
//! listing its entries with their form, status and the journal places of
//! their revisions, so that lists and an export load no entry. One value
//! per unit rather than one key per entry keeps an import of 100 000
//! entries to one index write per unit. Beside it, under the same keys,
//! each unit's counts per form (`unit_counts`), written with it: what the
//! home screen reads. And what the doctor expects of both (`Expected`).

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{StoreError, decode};
use crate::domain::{Entry, Status};

/// An entry in the index: form id, status name, places.
pub type Item = (String, String, Places);

/// A unit's entries: entry id → item.
pub type Items = BTreeMap<String, Item>;

/// Where an entry's revision lines are, in journal order: (position as
/// `Pos::to_seq`, length).
pub type Places = Vec<(u64, u32)>;

/// The places of an entry's revisions, in journal order.
pub fn places(revs: &[super::located::RevLoc]) -> Places {
    places_of(revs.iter().map(|r| (r.1, r.2)))
}

/// The places of an entry's revisions (position, length), in journal
/// order.
pub fn places_of(revs: impl Iterator<Item = (u64, u32)>) -> Places {
    let mut out: Places = revs.collect();
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
    // Made once for every entry an import places: no formatting machinery.
    let mut out = Vec::with_capacity(campaign.len() + 1 + unit.len());
    out.extend_from_slice(campaign.as_bytes());
    out.push(0);
    out.extend_from_slice(unit.as_bytes());
    out
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

fn item(h: &Entry, places: Places) -> (String, String, Places) {
    item_of(&h.form, h.status, places)
}

fn item_of(form: &str, status: Status, places: Places) -> Item {
    (form.to_string(), status_name(status).to_string(), places)
}

/// Items sorted by id, without an id twice, written as `Items` are.
fn encode_sorted(items: &[(String, Item)]) -> Result<Vec<u8>, StoreError> {
    struct Sorted<'a>(&'a [(String, Item)]);
    impl Serialize for Sorted<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(id, item)| (id, item)))
        }
    }
    serde_json::to_vec(&Sorted(items)).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

fn encode(items: &Items) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(items).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

/// A unit's entries with items of type `T` (`Item` or `Brief`).
pub type Of<T> = BTreeMap<String, T>;

/// An item without its places: what lists and counts read (the places are
/// skipped, not decoded).
pub type Brief = (String, String, serde::de::IgnoredAny);

/// A unit's items, whole (`Items`) or brief (empty when it has none).
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

/// Every unit of a campaign with its items (whole or brief), in key order.
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

/// How many entries of one form a unit has that are not deleted, and how
/// many of those are final (定稿): a stage is done by final entries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormCount {
    pub live: usize,
    #[serde(rename = "final")]
    pub done: usize,
}

/// A unit's counts, per form id.
pub type Counts = BTreeMap<String, FormCount>;

/// Counts per form of the items (form, status) that are not deleted.
pub fn counts<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> Counts {
    let mut counts = Counts::new();
    for (form, status) in items {
        if status != "deleted" {
            let c = counts.entry(form.clone()).or_default();
            c.live += 1;
            c.done += usize::from(status == "final");
        }
    }
    counts
}

/// A unit's counts per form as the `unit_counts` tree keeps them.
pub fn encode_counts(counts: &Counts) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(counts).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

/// The counts of every unit of a campaign (units without entries have
/// none), from the `unit_counts` tree.
pub fn scan_counts(
    tree: &sled::Tree,
    campaign: &str,
) -> Result<HashMap<String, Counts>, StoreError> {
    let prefix = campaign_prefix(campaign);
    let mut out = HashMap::new();
    for kv in tree.scan_prefix(&prefix) {
        let (k, v) = kv?;
        let unit = String::from_utf8_lossy(&k[prefix.len()..]).into_owned();
        out.insert(unit, decode(&v)?);
    }
    Ok(out)
}

/// Writes the counts tree afresh from the unit index (after an older
/// layout).
pub fn rebuild_counts(counts_tree: &sled::Tree, index: &sled::Tree) -> Result<(), StoreError> {
    counts_tree.clear()?;
    let mut batch = sled::Batch::default();
    for kv in index.iter() {
        let (k, v) = kv?;
        let items: Of<Brief> = decode(&v)?;
        let brief = items.values().map(|(form, status, _)| (form, status));
        batch.insert(k, encode_counts(&counts(brief))?);
    }
    counts_tree.apply_batch(batch)?;
    Ok(())
}

/// What the doctor keeps of one unit's value in the index it expects: not
/// the items (a province's index would be held twice) but an order-free
/// sum of their hashes, and the unit's counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expected {
    sum: u128,
    pub counts: Counts,
}

impl Expected {
    /// Takes in one entry's item.
    pub fn add(&mut self, id: &str, item: &Item) -> Result<(), StoreError> {
        self.sum = self.sum.wrapping_add(item_hash(id, item)?);
        if item.1 != "deleted" {
            let c = self.counts.entry(item.0.clone()).or_default();
            c.live += 1;
            c.done += usize::from(item.1 == "final");
        }
        Ok(())
    }

    /// Takes in what another part of the doctor expects of the same unit.
    pub fn join(&mut self, other: Expected) {
        self.sum = self.sum.wrapping_add(other.sum);
        for (form, n) in other.counts {
            let c = self.counts.entry(form).or_default();
            c.live += n.live;
            c.done += n.done;
        }
    }

    /// Whether a stored value holds exactly the expected items.
    pub fn matches(&self, stored: &Items) -> Result<bool, StoreError> {
        let mut sum = 0u128;
        for (id, item) in stored {
            sum = sum.wrapping_add(item_hash(id, item)?);
        }
        Ok(sum == self.sum)
    }
}

/// The first 128 bits of the SHA-256 of an item's JSON with its entry id.
fn item_hash(id: &str, item: &Item) -> Result<u128, StoreError> {
    use sha2::Digest;
    let json = serde_json::to_vec(&(id, item)).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })?;
    let digest = sha2::Sha256::digest(&json);
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    Ok(u128::from_be_bytes(first))
}

/// Adds a head (with its places, in journal order) to what the doctor
/// expects of its unit.
pub fn expect(
    index: &mut BTreeMap<Vec<u8>, Expected>,
    h: &Entry,
    places: Places,
) -> Result<(), StoreError> {
    index
        .entry(key(&h.campaign, &h.unit))
        .or_default()
        .add(&h.id, &item(h, places))
}

/// A head as the index takes it: its unit's key, its id and its item.
pub type Placed = (Vec<u8>, String, Item);

/// A head (with its places, in journal order) as the index takes it.
pub fn placed(h: &Entry, places: Places) -> Placed {
    (key(&h.campaign, &h.unit), h.id.clone(), item(h, places))
}

/// An entry as the index takes it from what a head would say of it: its
/// campaign, unit, form and status.
pub fn placed_as(
    (id, campaign, unit, form): (&str, &str, &str, &str),
    status: Status,
    places: Places,
) -> Placed {
    (
        key(campaign, unit),
        id.to_string(),
        item_of(form, status, places),
    )
}

/// The writes that put heads into the index: each touched unit's stored
/// value with the heads' items replaced or added, and its new counts (a
/// unit's items are let go of once its value is made).
pub fn writes(
    tree: &sled::Tree,
    heads: impl Iterator<Item = Placed>,
) -> Result<Vec<(Write, Counts)>, StoreError> {
    let mut units: HashMap<Vec<u8>, Vec<(String, Item)>> = HashMap::new();
    for (k, id, item) in heads {
        units.entry(k).or_default().push((id, item));
    }
    let mut out = Vec::with_capacity(units.len());
    for (k, heads) in units {
        // Sorted by id, the new items after the stored ones, and of an id
        // given twice the later kept: what a map of them would hold, and
        // written as it would be (a large import's hundred thousand items
        // are not put into a map first).
        let mut items: Vec<(String, Item)> = match tree.get(&k)? {
            Some(v) => decode::<Items>(&v)?.into_iter().collect(),
            None => Vec::new(),
        };
        items.extend(heads);
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        let value = encode_sorted(&items)?;
        let counts = counts(items.iter().map(|(_, (form, status, _))| (form, status)));
        out.push(((k, value), counts));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Rebuilds the index from the stored heads and places (after an older
/// layout).
pub fn rebuild(index: &sled::Tree, entries: &sled::Tree) -> Result<(), StoreError> {
    #[derive(Deserialize)]
    struct Head {
        id: String,
        campaign: String,
        unit: String,
        form: String,
        status: Status,
    }
    let mut units: BTreeMap<Vec<u8>, Items> = BTreeMap::new();
    for kv in entries.iter() {
        let (_, v) = kv?;
        let h: Head = decode(super::located::head_json(&v))?;
        let places = places(&super::located::revs(&v)?);
        let status = status_name(h.status).to_string();
        units
            .entry(key(&h.campaign, &h.unit))
            .or_default()
            .insert(h.id, (h.form, status, places));
    }
    index.clear()?;
    let mut batch = sled::Batch::default();
    for (k, items) in &units {
        batch.insert(k.as_slice(), encode(items)?);
    }
    index.apply_batch(batch)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A unit's value and counts, written from its stored items and new
        /// ones (ids given twice, in any order), are those of a map that
        /// took the stored items and then the new ones.
        #[test]
        fn a_units_value_is_that_of_its_items_as_a_map(
            stored in proptest::collection::vec((0u8..12, 0u8..3, 0u8..3), 0..12),
            new in proptest::collection::vec((0u8..12, 0u8..3, 0u8..3, 0u64..99), 0..24),
        ) {
            let db = sled::Config::new().temporary(true).open().unwrap();
            let tree = db.open_tree("index").unwrap();
            let forms = ["f", "g", "h"];
            let statuses = ["draft", "final", "deleted"];
            let k = key("c", "u");
            let mut want: Items = stored
                .iter()
                .map(|&(id, f, st)| {
                    let it = (forms[f as usize].to_string(), statuses[st as usize].to_string(), vec![(1, 1)]);
                    (format!("e{id}"), it)
                })
                .collect();
            if !want.is_empty() {
                tree.insert(&k, encode(&want).unwrap()).unwrap();
            }
            let heads: Vec<Placed> = new
                .iter()
                .map(|&(id, f, st, at)| {
                    let it = (forms[f as usize].to_string(), statuses[st as usize].to_string(), vec![(at, 7)]);
                    (k.clone(), format!("e{id}"), it)
                })
                .collect();
            want.extend(heads.iter().map(|(_, id, it)| (id.clone(), it.clone())));
            let written = writes(&tree, heads.into_iter()).unwrap();
            if new.is_empty() {
                prop_assert!(written.is_empty());
            } else {
                prop_assert_eq!(written.len(), 1);
                let ((key_written, value), new_counts) = &written[0];
                prop_assert_eq!(key_written, &k);
                prop_assert_eq!(value, &encode(&want).unwrap());
                prop_assert_eq!(new_counts, &counts(want.values().map(|i| (&i.0, &i.1))));
            }
        }
    }

    fn item(form: &str, status: &str, places: &[(u64, u32)]) -> Item {
        (form.into(), status.into(), places.to_vec())
    }

    #[test]
    fn what_the_doctor_expects_matches_the_same_items_in_any_order_and_nothing_else() {
        let items: Items = [
            ("e1".to_string(), item("f", "draft", &[(1, 10), (5, 20)])),
            ("e2".to_string(), item("f", "deleted", &[(2, 30)])),
            ("e3".to_string(), item("g", "final", &[(3, 40)])),
        ]
        .into();
        let mut one = Expected::default();
        let mut two = Expected::default();
        for (id, i) in items.iter().rev() {
            match id.as_str() {
                "e1" => one.add(id, i).unwrap(),
                _ => two.add(id, i).unwrap(),
            }
        }
        one.join(two);
        assert!(one.matches(&items).unwrap());
        let count = |live, done| FormCount { live, done };
        assert_eq!(
            one.counts,
            [("f".into(), count(1, 0)), ("g".into(), count(1, 1))].into()
        );
        assert_eq!(one.counts, counts(items.values().map(|i| (&i.0, &i.1))));

        let mut moved = items.clone();
        moved.insert("e1".into(), item("f", "draft", &[(1, 10), (6, 20)]));
        assert!(!one.matches(&moved).unwrap());
        let mut fewer = items.clone();
        fewer.remove("e3");
        assert!(!one.matches(&fewer).unwrap());
        let mut status = items;
        status.insert("e3".into(), item("g", "draft", &[(3, 40)]));
        assert!(!one.matches(&status).unwrap());
    }
}
