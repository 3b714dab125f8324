//! Revisions (修订): immutable, content-addressed deltas of an entry. The id
//! is the SHA-256 of the canonical JSON of everything else, so the same change
//! made anywhere has the same id, and a tampered revision is detectable.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Changes, Status};

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
    /// The automatic finding a 问题清单 entry was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<FindingRef>,
}

/// The automatic finding (问题) an entry records: its key, and its facts
/// as they read when it was accepted or dismissed, so a later change of
/// the numbers shows the entry as out of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRef {
    pub key: String,
    pub facts: String,
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
    pub changes: Changes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Why a finalised entry was changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An immutable revision with its content id. On the wire the id and the
/// content's fields share one JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Wire")]
pub struct Revision {
    pub id: String,
    #[serde(flatten)]
    pub body: RevisionDraft,
}

/// A revision as read: every field spelled out, because serde's `flatten`
/// buffers each revision while reading, and reading revisions is most of
/// what an export or an import's parsing does.
#[derive(Deserialize)]
struct Wire {
    id: String,
    entry: String,
    #[serde(default)]
    parents: Vec<String>,
    author: Author,
    at: String,
    #[serde(default)]
    init: Option<EntryInit>,
    #[serde(default)]
    changes: Changes,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    reason: Option<String>,
}

impl From<Wire> for Revision {
    fn from(w: Wire) -> Revision {
        Revision {
            id: w.id,
            body: RevisionDraft {
                entry: w.entry,
                parents: w.parents,
                author: w.author,
                at: w.at,
                init: w.init,
                changes: w.changes,
                status: w.status,
                reason: w.reason,
            },
        }
    }
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
        self.checked_len().is_some()
    }

    /// The length of the canonical JSON of the content when the id matches
    /// it (one pass: the size check of an import comes with the id check).
    pub fn checked_len(&self) -> Option<usize> {
        let (id, len) = content_id_len(&self.body);
        (id == self.id).then_some(len)
    }
}

/// What ordering revisions needs to know of each (a revision, or a stored
/// revision still in its JSON form).
pub trait Ordered {
    fn id(&self) -> &str;
    fn parents(&self) -> &[String];
    fn at(&self) -> &str;
}

impl Ordered for Revision {
    fn id(&self) -> &str {
        &self.id
    }
    fn parents(&self) -> &[String] {
        &self.body.parents
    }
    fn at(&self) -> &str {
        &self.body.at
    }
}

/// Orders revisions so that parents come before children; among revisions
/// that are ready together, the earlier time (then the smaller id) first.
/// Revisions whose parents are missing come last, in the same order.
pub fn topo_order<T: Ordered>(mut revs: Vec<T>) -> Vec<T> {
    use std::collections::HashSet;
    revs.sort_by(|a, b| a.at().cmp(b.at()).then_with(|| a.id().cmp(b.id())));
    let mut done: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(revs.len());
    loop {
        let before = revs.len();
        let mut rest = Vec::new();
        for r in revs {
            if r.parents().iter().all(|p| done.contains(p)) {
                done.insert(r.id().to_string());
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
    content_id_len(draft).0
}

/// The id of a content and the length of its canonical JSON. The fields
/// are written in their sorted order straight into one buffer, hashed at
/// once (no JSON tree is built: this is most of an import's id checks).
fn content_id_len(draft: &RevisionDraft) -> (String, usize) {
    let mut out = Vec::with_capacity(512);
    write_draft(draft, &mut out);
    (format!("{:x}", Sha256::digest(&out)), out.len())
}

/// The canonical JSON of a draft: what `canonical_json` makes of its
/// serde form (keys sorted at every level; absent options and empty
/// parents left out, as serde leaves them out), written field by field.
fn write_draft(d: &RevisionDraft, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"at\":");
    put_scalar(&d.at, out);
    out.extend_from_slice(b",\"author\":{\"device\":");
    put_scalar(&d.author.device, out);
    out.extend_from_slice(b",\"person\":");
    put_scalar(&d.author.person, out);
    out.extend_from_slice(b"},\"changes\":{");
    // Changes iterate in the byte order `write_value` sorts by.
    for (i, (key, value)) in d.changes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        put_scalar(key, out);
        out.push(b':');
        write_value(value, out);
    }
    out.extend_from_slice(b"},\"entry\":");
    put_scalar(&d.entry, out);
    if let Some(init) = &d.init {
        out.extend_from_slice(b",\"init\":{\"campaign\":");
        put_scalar(&init.campaign, out);
        if let Some(f) = &init.finding {
            out.extend_from_slice(b",\"finding\":{\"facts\":");
            put_scalar(&f.facts, out);
            out.extend_from_slice(b",\"key\":");
            put_scalar(&f.key, out);
            out.push(b'}');
        }
        out.extend_from_slice(b",\"form\":");
        put_scalar(&init.form, out);
        out.extend_from_slice(b",\"form_version\":");
        put_scalar(&init.form_version, out);
        out.extend_from_slice(b",\"unit\":");
        put_scalar(&init.unit, out);
        out.push(b'}');
    }
    if !d.parents.is_empty() {
        out.extend_from_slice(b",\"parents\":[");
        for (i, p) in d.parents.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            put_scalar(p, out);
        }
        out.push(b']');
    }
    if let Some(reason) = &d.reason {
        out.extend_from_slice(b",\"reason\":");
        put_scalar(reason, out);
    }
    if let Some(status) = &d.status {
        out.extend_from_slice(b",\"status\":");
        put_scalar(status, out);
    }
    out.push(b'}');
}

/// JSON with object keys sorted at every level and no insignificant spaces:
/// the byte form that revision ids are computed over.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::new();
    write_value(value, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON string or scalar as serde_json writes it (the escaping rules).
/// Writing into a Vec cannot fail, and these values always serialise.
fn put_scalar<T: Serialize + ?Sized>(x: &T, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(&mut *out, x);
}

fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                put_scalar(key.as_str(), out);
                out.push(b':');
                if let Some(v) = map.get(key) {
                    write_value(v, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(v, out);
            }
            out.push(b']');
        }
        other => put_scalar(other, out),
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
            changes: Changes::from([("admin_actual".into(), json!(12))]),
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

    /// Ids made by earlier builds must stay valid: the canonical form of a
    /// content with escapes, CJK, numbers and nesting, pinned.
    #[test]
    fn id_of_a_known_content_is_unchanged() {
        let mut d = draft();
        d.changes.insert(
            "q4".into(),
            json!("人员紧张，\"借调\"两人\n\t\\ 备注\u{1f}"),
        );
        d.changes.insert("score".into(), json!(-2.5));
        d.changes.insert(
            "tags".into(),
            json!(["a", 1, null, true, [{"z": 1, "a": "b"}]]),
        );
        d.parents = vec!["p2".into(), "p1".into()];
        d.reason = Some("定稿后修改".into());
        let r = d.seal();
        assert_eq!(
            r.id,
            "23b6e25e591dd9f4269bb9d0acb6382c9c4f3081860b12ec5e599aabed04064d"
        );
        assert_eq!(
            r.checked_len(),
            Some(canonical_json(&serde_json::to_value(&r.body).unwrap()).len())
        );
    }

    #[test]
    fn a_revision_reads_back_from_its_wire_form() {
        let mut d = draft();
        d.parents = vec!["p1".into()];
        d.reason = Some("更正".into());
        let r = d.seal();
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.starts_with(&format!(
            r#"{{"id":"{}","entry":"e1","parents":["p1"],"author":"#,
            r.id
        )));
        assert_eq!(serde_json::from_str::<Revision>(&text).unwrap(), r);
        // Unknown fields are ignored, missing optional ones take defaults.
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["extra"] = json!(1);
        v.as_object_mut().unwrap().remove("changes");
        let back: Revision = serde_json::from_value(v).unwrap();
        assert!(back.body.changes.is_empty());
        assert_eq!(back.body.reason.as_deref(), Some("更正"));
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

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// Text with what escaping must get right: quotes, backslashes,
    /// controls, CJK, astral characters.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just('"'),
                Just('\\'),
                Just('\n'),
                Just('\u{1}'),
                Just('\u{7f}'),
                Just('中'),
                Just('😀'),
                Just('a'),
                Just('/'),
            ],
            0..6,
        )
        .prop_map(|c| c.into_iter().collect())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(|f| json!(f)),
            text().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(text(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn draft() -> impl Strategy<Value = RevisionDraft> {
        (
            (text(), prop::collection::vec(text(), 0..3), text(), text()),
            prop::option::of((
                text(),
                text(),
                any::<u32>(),
                prop::option::of((text(), text())),
            )),
            prop::collection::btree_map(text(), value(), 0..5),
            prop::option::of(prop_oneof![
                Just(Status::Draft),
                Just(Status::Final),
                Just(Status::Deleted)
            ]),
            prop::option::of(text()),
        )
            .prop_map(
                |((entry, parents, person, at), init, changes, status, reason)| RevisionDraft {
                    entry,
                    parents,
                    author: Author {
                        device: "d-1".into(),
                        person,
                    },
                    at,
                    init: init.map(|(unit, form, form_version, finding)| EntryInit {
                        campaign: "c".into(),
                        unit,
                        form,
                        form_version,
                        finding: finding.map(|(key, facts)| FindingRef { key, facts }),
                    }),
                    changes: changes.into(),
                    status,
                    reason,
                },
            )
    }

    proptest! {
        /// The fields written straight give exactly the canonical JSON of
        /// the draft's serde form (what ids were always computed over).
        #[test]
        fn a_draft_written_directly_is_its_canonical_json(d in draft()) {
            let mut direct = Vec::new();
            write_draft(&d, &mut direct);
            let reference = canonical_json(&serde_json::to_value(&d).unwrap());
            prop_assert_eq!(String::from_utf8(direct).unwrap(), reference);
        }
    }
}
