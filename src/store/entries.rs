//! Where an entry's stored value is (`located`: its head and where its
//! revisions are in the journal). Most entries have a key of their own in
//! the `entries` tree. The entries a large import creates keep no head,
//! only their places, and a key each was the largest cost left of an
//! import (sled costs the same per key whatever its size): they are kept
//! together, in 4 096 buckets of the `imported` tree chosen by a hash of
//! the entry id, each bucket one value. A bucket is rewritten whole, so an
//! import whose new entries are fewer than half of what the buckets hold
//! gives them keys of their own instead.
//!
//! A key of its own wins over a bucket's item: an imported entry that is
//! continued later keeps its head under its own key, and the item it had
//! in a bucket is left there and skipped (a rebuild drops them). A
//! rebuild puts the entries that kept no head back into the buckets, all
//! at once at its end (`hold`, `add_held`).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use sled::IVec;

use super::StoreError;
use crate::domain::idmap::IdMap;

/// A bucket's item: an entry id and its places.
type Item<'a> = (&'a [u8], &'a [u8]);

/// How many buckets the imported entries are spread over (100 000 entries
/// make values of about 3 KB).
pub const BUCKETS: u16 = 4096;

/// The `entries` and `imported` trees, read as one.
#[derive(Clone)]
pub(crate) struct Entries {
    /// One key per entry: its value as `located` writes it.
    pub kept: sled::Tree,
    /// Bucket number (two bytes, big-endian) → the bucket's items, sorted
    /// by entry id, each `id TAB places NEWLINE` (places as `located`
    /// writes them).
    pub imported: sled::Tree,
    /// Items held back from the buckets while a rebuild replays the
    /// journal (`hold`), read as if they were in them, and put into them
    /// all at once at its end (`add_held`): the buckets rewritten batch
    /// by batch, or a key each, grew a rebuilt database to several times
    /// the size of the one it replaced.
    held: Arc<Mutex<IdMap<String, Vec<u8>>>>,
}

/// The key of the bucket an entry id falls in: the CRC-32 of the id (the
/// journal's line checksum, fast and the same on every machine).
pub fn bucket(id: &str) -> [u8; 2] {
    let hash = crc32fast::hash(id.as_bytes()) % u32::from(BUCKETS);
    u16::try_from(hash).unwrap_or(0).to_be_bytes()
}

/// Whether an id can be a bucket's item (entry ids are UUIDs; anything
/// holding a separator keeps a key of its own).
pub fn fits(id: &str) -> bool {
    !id.bytes().any(|b| b == b'\t' || b == b'\n')
}

/// A bucket's items: (entry id, places).
pub fn items(bucket: &[u8]) -> impl Iterator<Item = Item<'_>> {
    bucket.split(|&b| b == b'\n').filter_map(|line| {
        let tab = line.iter().position(|&b| b == b'\t')?;
        Some((&line[..tab], &line[tab + 1..]))
    })
}

/// The places of `id`'s item in a bucket (each id is at a line's start,
/// a tab after it; JSON text holds no raw tab). Searched for by the id's
/// last 12 bytes and its tab: the ids of one import share their first
/// (time) digits, so a search for the whole id stops at every item.
fn find<'a>(bucket: &'a [u8], id: &str) -> Option<&'a [u8]> {
    let id = id.as_bytes();
    let tail = &id[id.len().saturating_sub(12)..];
    let mut needle = Vec::with_capacity(tail.len() + 1);
    needle.extend_from_slice(tail);
    needle.push(b'\t');
    memchr::memmem::find_iter(bucket, &needle)
        .find_map(|at| {
            let start = (at + tail.len()).checked_sub(id.len())?;
            let line_start = start == 0 || bucket[start - 1] == b'\n';
            (line_start && &bucket[start..at + tail.len()] == id).then_some(at + needle.len())
        })
        .map(|from| {
            let rest = &bucket[from..];
            &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())]
        })
}

/// The located value of an item.
fn value_of(places: &[u8]) -> IVec {
    IVec::from(super::located::without_head(places))
}

/// A bucket's value from its items, sorted by id (a later item of the
/// same id wins).
pub fn encode(mut items: Vec<Item<'_>>) -> Vec<u8> {
    // Stable: among equal ids the last pushed stays last.
    items.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (i, (id, places)) in items.iter().enumerate() {
        if items.get(i + 1).is_some_and(|next| next.0 == *id) {
            continue;
        }
        out.extend_from_slice(id);
        out.push(b'\t');
        out.extend_from_slice(places);
        out.push(b'\n');
    }
    out
}

impl Entries {
    /// The two trees of a database.
    pub fn open(db: &sled::Db) -> sled::Result<Entries> {
        Ok(Entries {
            kept: db.open_tree("entries")?,
            imported: db.open_tree("imported")?,
            held: Arc::default(),
        })
    }

    /// An entry's value: under its own key, else its bucket's item (held
    /// back, or in the bucket).
    pub fn get(&self, id: &[u8]) -> Result<Option<IVec>, StoreError> {
        if let Some(v) = self.kept.get(id)? {
            return Ok(Some(v));
        }
        let Ok(id) = std::str::from_utf8(id) else {
            return Ok(None);
        };
        if !fits(id) {
            return Ok(None);
        }
        {
            let held = self.held.lock().map_err(|_| StoreError::Poisoned)?;
            if let Some(places) = held.get(id) {
                return Ok(Some(value_of(places)));
            }
        }
        let Some(bucket) = self.imported.get(bucket(id))? else {
            return Ok(None);
        };
        Ok(find(&bucket, id).map(value_of))
    }

    /// Whether an entry is stored.
    pub fn contains_key(&self, id: &[u8]) -> Result<bool, StoreError> {
        Ok(self.get(id)?.is_some())
    }

    /// Every entry and its value: those with a key of their own in id
    /// order, then the buckets' (each once: an item whose entry has a key
    /// of its own is skipped).
    pub fn iter(&self) -> impl Iterator<Item = Result<(IVec, IVec), StoreError>> + '_ {
        let kept = self.kept.iter().map(|kv| kv.map_err(StoreError::from));
        let imported = self.imported.iter().flat_map(move |kv| {
            let out: Vec<Result<(IVec, IVec), StoreError>> = match kv {
                Err(e) => vec![Err(e.into())],
                Ok((_, bucket)) => items(&bucket)
                    .filter_map(|(id, places)| match self.kept.contains_key(id) {
                        Ok(true) => None,
                        Ok(false) => Some(Ok((IVec::from(id), value_of(places)))),
                        Err(e) => Some(Err(e.into())),
                    })
                    .collect(),
            };
            out
        });
        kept.chain(imported)
    }

    /// Every entry and its value in id order (the buckets' items are
    /// gathered and sorted first: a few dozen bytes an entry).
    pub fn iter_sorted(&self) -> Result<Sorted, StoreError> {
        let mut imported = Vec::new();
        for kv in self.imported.iter() {
            let (_, bucket) = kv?;
            imported.extend(items(&bucket).map(|(id, places)| (IVec::from(id), value_of(places))));
        }
        imported.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(Sorted {
            kept: self.kept.iter().peekable(),
            imported: imported.into_iter().peekable(),
        })
    }

    /// About how many items the buckets hold: those of 64 buckets spread
    /// over all, scaled up.
    fn items_estimate(&self) -> Result<usize, StoreError> {
        const SAMPLE: u16 = 64;
        let mut n = 0;
        for i in 0..SAMPLE {
            if let Some(v) = self.imported.get((i * (BUCKETS / SAMPLE)).to_be_bytes())? {
                n += memchr::memchr_iter(b'\n', &v).count();
            }
        }
        Ok(n * usize::from(BUCKETS / SAMPLE))
    }

    /// Whether `fresh` new entries are better kept as bucket items than
    /// under keys of their own. A bucket is read and written whole, so
    /// adding to the buckets costs what they already hold: worth it while
    /// the new entries are at least half as many.
    pub fn worth_buckets(&self, fresh: usize) -> Result<bool, StoreError> {
        Ok(fresh.saturating_mul(2) >= self.items_estimate()?)
    }

    /// Holds back an item (an entry id that `fits`, its places) from the
    /// buckets until `add_held`; it replaces one held before.
    pub fn hold(&self, id: &str, places: Vec<u8>) -> Result<(), StoreError> {
        let mut held = self.held.lock().map_err(|_| StoreError::Poisoned)?;
        held.insert(id.to_string(), places);
        Ok(())
    }

    /// Adds the items held back to their buckets (`add_items`).
    pub fn add_held(&self, chunk: usize) -> Result<(), StoreError> {
        let held = std::mem::take(&mut *self.held.lock().map_err(|_| StoreError::Poisoned)?);
        if held.is_empty() {
            return Ok(());
        }
        let items: Vec<(String, Vec<u8>)> = held.into_iter().collect();
        self.add_items(&items, chunk)
    }

    /// Adds `new` items (entry id, places) to their buckets, each bucket
    /// read once and written once whatever it gains, `chunk` buckets to a
    /// sled batch (only those are held at a time).
    pub fn add_items<S: AsRef<str>>(
        &self,
        new: &[(S, Vec<u8>)],
        chunk: usize,
    ) -> Result<(), StoreError> {
        let mut by_bucket: BTreeMap<[u8; 2], Vec<Item<'_>>> = BTreeMap::new();
        for (id, places) in new {
            by_bucket
                .entry(bucket(id.as_ref()))
                .or_default()
                .push((id.as_ref().as_bytes(), places));
        }
        let mut batch = sled::Batch::default();
        for (i, (key, added)) in by_bucket.into_iter().enumerate() {
            let old = self.imported.get(key)?;
            let mut all: Vec<Item<'_>> = old
                .as_deref()
                .map(|b| items(b).collect())
                .unwrap_or_default();
            all.extend(added);
            batch.insert(&key[..], encode(all));
            if (i + 1) % chunk.max(1) == 0 {
                self.imported.apply_batch(std::mem::take(&mut batch))?;
            }
        }
        Ok(self.imported.apply_batch(batch)?)
    }
}

/// Entries in id order: a key of their own and the buckets' items merged
/// (on the same id, the key of its own wins).
pub(crate) struct Sorted {
    kept: std::iter::Peekable<sled::Iter>,
    imported: std::iter::Peekable<std::vec::IntoIter<(IVec, IVec)>>,
}

impl Iterator for Sorted {
    type Item = Result<(IVec, IVec), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let order = match (self.kept.peek(), self.imported.peek()) {
            (None, None) => return None,
            (Some(Err(_)), _) | (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(Ok((k, _))), Some((i, _))) => k.cmp(i),
        };
        if order.is_eq() {
            self.imported.next();
        }
        match order.is_le() {
            true => self.kept.next().map(|kv| kv.map_err(StoreError::from)),
            false => self.imported.next().map(Ok),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trees() -> (tempfile::TempDir, Entries) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        (dir, Entries::open(&db).unwrap())
    }

    #[test]
    fn an_item_is_found_in_its_bucket_and_a_key_of_its_own_wins() {
        let (_dir, e) = trees();
        let ids: Vec<String> = (0..300).map(|i| format!("entry-{i:04}")).collect();
        let new: Vec<(&str, Vec<u8>)> = ids
            .iter()
            .map(|id| (id.as_str(), format!("[[\"r-{id}\",1,2]]").into_bytes()))
            .collect();
        e.add_items(&new, 7).unwrap();
        for id in &ids {
            let v = e.get(id.as_bytes()).unwrap().unwrap();
            assert_eq!(v.as_ref(), format!("\n[[\"r-{id}\",1,2]]").as_bytes());
        }
        assert!(e.get(b"entry-9999").unwrap().is_none());
        assert!(
            !e.contains_key(b"entry-03").unwrap(),
            "a prefix is not an id"
        );
        assert!(
            !e.contains_key(b"ntry-0003").unwrap(),
            "a suffix is not an id"
        );
        // A second import into the same buckets keeps the first's items
        // and replaces an item of the same id.
        let more = vec![
            ("entry-0001", b"[[\"again\",3,4]]".to_vec()),
            ("entry-5000", b"[]".to_vec()),
        ];
        e.add_items(&more, 7).unwrap();
        assert_eq!(
            e.get(b"entry-0001").unwrap().unwrap().as_ref(),
            b"\n[[\"again\",3,4]]"
        );
        assert!(e.contains_key(b"entry-0002").unwrap());
        assert!(e.contains_key(b"entry-5000").unwrap());
        // A key of its own wins, and the entry is listed once.
        e.kept.insert("entry-0007", b"{}\n[]".to_vec()).unwrap();
        assert_eq!(e.get(b"entry-0007").unwrap().unwrap().as_ref(), b"{}\n[]");
        let listed: Vec<String> = e
            .iter()
            .map(|kv| String::from_utf8(kv.unwrap().0.to_vec()).unwrap())
            .collect();
        assert_eq!(listed.len(), 301);
        assert_eq!(listed.iter().filter(|id| *id == "entry-0007").count(), 1);
        let unique: std::collections::BTreeSet<&String> = listed.iter().collect();
        assert_eq!(unique.len(), 301);
        // In id order, the same entries and values.
        let sorted: Vec<(IVec, IVec)> = e.iter_sorted().unwrap().map(Result::unwrap).collect();
        let mut all: Vec<(IVec, IVec)> = e.iter().map(Result::unwrap).collect();
        all.sort();
        assert_eq!(sorted, all);
    }

    #[test]
    fn buckets_spread_ids_and_stay_in_range() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..20_000 {
            let b = u16::from_be_bytes(bucket(&uuid::Uuid::now_v7().to_string()));
            assert!(b < BUCKETS);
            seen.insert(b);
        }
        assert!(seen.len() > 4000, "{} buckets of 4096 used", seen.len());
        assert!(!fits("a\tb") && !fits("a\nb") && fits("0196f0c2-aaaa"));
    }
}
