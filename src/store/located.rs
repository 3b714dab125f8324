//! An entry as sled keeps it: the head's JSON, a newline, then where each
//! of its revisions is in the journal (`[[revision id, position, length],
//! …]`). The revisions themselves live only in the journal; one value per
//! entry holds all that lookups need. A value an earlier build wrote has no
//! second part. An entry a large import created keeps no head (the value
//! starts with the newline): its head is folded from its revisions when it
//! is read (`Store::head_of`), so the import neither serialises nor writes
//! it.

use serde::{Deserialize, Serialize};

use super::journal::{Loc, Pos};
use super::{StoreError, decode};
use crate::domain::Entry;

/// One revision of an entry and where its journal line is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevLoc(pub String, pub u64, pub u32);

impl RevLoc {
    pub fn new(id: &str, loc: Loc) -> RevLoc {
        RevLoc(id.to_string(), loc.start().to_seq(), loc.len)
    }

    /// The revision id.
    pub fn id(&self) -> &str {
        &self.0
    }

    /// Where the line is.
    pub fn loc(&self) -> Loc {
        let Pos { segment, offset } = Pos::from_seq(self.1);
        Loc {
            segment,
            offset,
            len: self.2,
        }
    }
}

/// The value of an entry: its head and its revisions' places.
pub fn encode(head: &Entry, revs: &[RevLoc]) -> Result<Vec<u8>, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt {
        detail: e.to_string(),
    };
    let mut out = serde_json::to_vec(head).map_err(corrupt)?;
    out.push(b'\n');
    serde_json::to_writer(&mut out, revs).map_err(corrupt)?;
    Ok(out)
}

/// The places of an entry that keeps no head, as JSON (`without_head`
/// makes its value of them).
pub fn places_json<T: Serialize>(revs: &[T]) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(revs).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

/// The value of an entry that keeps no head: a newline, then its places'
/// JSON.
pub fn without_head(places: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(places.len() + 1);
    out.push(b'\n');
    out.extend_from_slice(places);
    out
}

/// Whether a value keeps its entry's head.
pub fn has_head(value: &[u8]) -> bool {
    !head_json(value).is_empty()
}

/// The two parts of a value (compact JSON has no raw newline). Searched
/// from the end: the places are a few dozen bytes, the head kilobytes.
fn split(value: &[u8]) -> (&[u8], &[u8]) {
    match value.iter().rposition(|&b| b == b'\n') {
        Some(i) => (&value[..i], &value[i + 1..]),
        None => (value, b"[]"),
    }
}

/// The head's JSON alone.
pub fn head_json(value: &[u8]) -> &[u8] {
    split(value).0
}

/// The head.
pub fn head(value: &[u8]) -> Result<Entry, StoreError> {
    decode(head_json(value))
}

/// Where the entry's revisions are, in the order they were stored.
pub fn revs(value: &[u8]) -> Result<Vec<RevLoc>, StoreError> {
    decode(split(value).1)
}

/// Whether a value's places name revision `id`. A revision id (64 hex
/// digits) is looked for as it is written, `["id",`; anything else is
/// decoded and compared, so no text can match across places.
pub fn holds_revision(value: &[u8], id: &str) -> Result<bool, StoreError> {
    if !crate::domain::ids::is_revision_id(id) {
        return Ok(revs(value)?.iter().any(|r| r.id() == id));
    }
    let mut needle = Vec::with_capacity(id.len() + 4);
    needle.extend_from_slice(b"[\"");
    needle.extend_from_slice(id.as_bytes());
    needle.extend_from_slice(b"\",");
    Ok(memchr::memmem::find(split(value).1, &needle).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_gives_back_its_head_and_places_and_an_old_one_has_no_places() {
        let head: Entry = serde_json::from_value(serde_json::json!({
            "id": "e1", "campaign": "c", "unit": "u", "form": "f",
            "form_version": 1, "status": "draft", "answers": {"q": "一\n二"},
            "heads": ["r1"], "revisions": 1,
            "created_at": "2013-11-26T10:32:05+08:00",
            "updated_at": "2013-11-26T10:32:05+08:00",
            "created_by": {"device": "d", "person": "张三"},
            "updated_by": {"device": "d", "person": "张三"}
        }))
        .unwrap();
        let loc = Loc {
            segment: 3,
            offset: 1 << 30,
            len: 812,
        };
        let value = encode(&head, &[RevLoc::new("r1", loc)]).unwrap();
        assert_eq!(super::head(&value).unwrap(), head);
        let revs = revs(&value).unwrap();
        assert_eq!(revs.len(), 1);
        assert_eq!((revs[0].id(), revs[0].loc()), ("r1", loc));
        // A revision is found among the places, and only a whole id is.
        let id = "a".repeat(64);
        let other = RevLoc::new(&id, loc);
        let value = encode(&head, &[RevLoc::new("r1", loc), other]).unwrap();
        assert!(holds_revision(&value, &id).unwrap());
        assert!(holds_revision(&value, "r1").unwrap());
        assert!(!holds_revision(&value, &"a".repeat(63)).unwrap());
        assert!(!holds_revision(&value, &"b".repeat(64)).unwrap());
        assert!(!holds_revision(&value, "r1\",3,5],[\"r2").unwrap());
        // The head's text is not the places: an id in an answer is no
        // revision of the entry.
        let mut named = head.clone();
        named
            .answers
            .insert("q".into(), serde_json::json!(["c".repeat(64), 1]));
        let value = encode(&named, &[RevLoc::new("r1", loc)]).unwrap();
        assert!(!holds_revision(&value, &"c".repeat(64)).unwrap());
        let old = serde_json::to_vec(&head).unwrap();
        assert_eq!(super::head(&old).unwrap(), head);
        assert!(super::revs(&old).unwrap().is_empty());
    }
}
