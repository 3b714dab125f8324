//! Revisions (修订): immutable, content-addressed deltas of an entry. The id
//! is the SHA-256 of the canonical JSON of everything else, so the same change
//! made anywhere has the same id, and a tampered revision is detectable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::Status;

/// Who made a revision: the installation (device) and the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub device: String,
    pub person: String,
}

/// What the first revision of an entry says about the entry itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryInit {
    pub campaign: String,
    pub unit: String,
    pub form: String,
    pub form_version: u32,
}

/// A revision before its id is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionDraft {
    pub entry: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    pub author: Author,
    /// RFC 3339 time with offset.
    pub at: String,
    /// Only on the root revision (no parents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init: Option<EntryInit>,
    /// Field path → new value; `null` clears the field.
    #[serde(default)]
    pub changes: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Why a finalised entry was changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An immutable revision with its content id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub id: String,
    #[serde(flatten)]
    pub body: RevisionDraft,
}

impl RevisionDraft {
    /// Computes the id and freezes the revision.
    pub fn seal(self) -> Revision {
        Revision {
            id: content_id(&self),
            body: self,
        }
    }
}

impl Revision {
    /// Whether the id matches the content.
    pub fn id_matches(&self) -> bool {
        content_id(&self.body) == self.id
    }
}

/// Orders revisions so that parents come before children; among revisions
/// that are ready together, the earlier time (then the smaller id) first.
/// Revisions whose parents are missing come last, in the same order.
pub fn topo_order(mut revs: Vec<Revision>) -> Vec<Revision> {
    use std::collections::HashSet;
    revs.sort_by(|a, b| a.body.at.cmp(&b.body.at).then_with(|| a.id.cmp(&b.id)));
    let mut done: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(revs.len());
    loop {
        let before = revs.len();
        let mut rest = Vec::new();
        for r in revs {
            if r.body.parents.iter().all(|p| done.contains(p)) {
                done.insert(r.id.clone());
                out.push(r);
            } else {
                rest.push(r);
            }
        }
        revs = rest;
        if revs.is_empty() || revs.len() == before {
            break;
        }
    }
    out.extend(revs);
    out
}

/// The entry as the fold of its revisions (root first, then each child);
/// `None` when there is no root.
pub fn fold(revs: &[Revision]) -> Option<super::Entry> {
    let ordered = topo_order(revs.to_vec());
    let (root, rest) = ordered.split_first()?;
    let mut entry = super::Entry::from_root(root)?;
    for r in rest {
        entry.apply(r);
    }
    Some(entry)
}

fn content_id(draft: &RevisionDraft) -> String {
    let value = serde_json::to_value(draft).unwrap_or(Value::Null);
    let digest = Sha256::digest(canonical_json(&value).as_bytes());
    format!("{digest:x}")
}

/// JSON with object keys sorted at every level and no insignificant spaces:
/// the byte form that revision ids are computed over.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft() -> RevisionDraft {
        RevisionDraft {
            entry: "e1".into(),
            parents: vec![],
            author: Author {
                device: "d".into(),
                person: "张三".into(),
            },
            at: "2013-11-26T10:32:05+08:00".into(),
            init: None,
            changes: BTreeMap::from([("admin_actual".into(), json!(12))]),
            status: None,
            reason: None,
        }
    }

    #[test]
    fn id_is_stable_and_detects_tampering() {
        let a = draft().seal();
        let b = draft().seal();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 64);
        assert!(a.id_matches());
        let mut c = a.clone();
        c.body.changes.insert("admin_actual".into(), json!(13));
        assert!(!c.id_matches());
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": "中"}], "c": null}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":"中","z":0}]},"b":1}"#
        );
    }
}
