//! The revision DAG of an entry and its merge. Revisions are content
//! addressed; a revision's state is its first parent's state plus its own
//! changes. Several heads (edits made apart) merge three-way per field
//! against their lowest common ancestor: a field changed on one side only
//! merges into a deterministic merge revision (author `merge`, time = the
//! later parent's), so every machine derives the same id; a field changed
//! to different values on both sides marks the entry conflicted and keeps
//! every value until a person picks one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::Value;

use super::entry::apply_changes;
use super::{Author, Entry, Revision, RevisionDraft, Side, Status};

/// Field name under which the status takes part in the merge.
pub const STATUS_FIELD: &str = "$status";

/// The author of merge revisions made by the machine.
pub fn merge_author() -> Author {
    Author {
        device: MERGE_DEVICE.into(),
        person: MERGE_DEVICE.into(),
    }
}

/// The device of a merge revision's author.
pub const MERGE_DEVICE: &str = "merge";

/// Answers plus status: what a revision's state is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub answers: BTreeMap<String, Value>,
    pub status: Status,
}

impl State {
    fn field(&self, k: &str) -> Option<Value> {
        if k == STATUS_FIELD {
            serde_json::to_value(self.status).ok()
        } else {
            self.answers.get(k).cloned()
        }
    }

    fn keys(&self) -> BTreeSet<String> {
        let mut keys: BTreeSet<String> = self.answers.keys().cloned().collect();
        keys.insert(STATUS_FIELD.into());
        keys
    }
}

/// An entry's revisions by id.
pub struct Dag<'a> {
    revs: HashMap<&'a str, &'a Revision>,
}

/// What merging an entry's revisions gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub entry: Entry,
    /// New merge revisions (deterministic), to be stored.
    pub merges: Vec<Revision>,
}

fn later(a: &str, b: &str) -> bool {
    match (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>()) {
        (Ok(x), Ok(y)) => x > y,
        _ => a > b,
    }
}

impl<'a> Dag<'a> {
    /// The DAG of these revisions (of one entry).
    pub fn new(revs: &'a [Revision]) -> Dag<'a> {
        Dag {
            revs: revs.iter().map(|r| (r.id.as_str(), r)).collect(),
        }
    }

    /// Revisions no other revision names as a parent, sorted by id.
    pub fn heads(&self) -> Vec<&'a str> {
        let parents: HashSet<&str> = self
            .revs
            .values()
            .flat_map(|r| r.body.parents.iter().map(String::as_str))
            .collect();
        let mut heads: Vec<&str> = self
            .revs
            .keys()
            .copied()
            .filter(|id| !parents.contains(id))
            .collect();
        heads.sort_unstable();
        heads
    }

    /// Parents that are not in the DAG (never arrived).
    pub fn missing_parents(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .revs
            .values()
            .flat_map(|r| r.body.parents.iter())
            .filter(|p| !self.revs.contains_key(p.as_str()))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The state at a revision: the first-parent chain folded from the root.
    pub fn state(&self, id: &str) -> Option<State> {
        let mut chain = Vec::new();
        let mut cur = self.revs.get(id).copied();
        let mut seen = HashSet::new();
        while let Some(r) = cur {
            if !seen.insert(r.id.as_str()) {
                return None;
            }
            chain.push(r);
            cur = match r.body.parents.first() {
                Some(p) => Some(*self.revs.get(p.as_str())?),
                None => None,
            };
        }
        let mut state = State::default();
        for r in chain.iter().rev() {
            apply_changes(&mut state.answers, &r.body.changes);
            if let Some(s) = r.body.status {
                state.status = s;
            }
        }
        Some(state)
    }

    /// A revision and all its ancestors.
    fn ancestors(&self, id: &str) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        let mut stack = vec![id];
        while let Some(x) = stack.pop() {
            if let Some(r) = self.revs.get(x)
                && out.insert(r.id.as_str())
            {
                stack.extend(r.body.parents.iter().map(String::as_str));
            }
        }
        out
    }

    /// Every lowest common ancestor of two revisions (several after
    /// criss-cross merges), sorted.
    pub fn lcas(&self, a: &str, b: &str) -> Vec<&'a str> {
        let aa = self.ancestors(a);
        let bb = self.ancestors(b);
        let common: Vec<&str> = aa.intersection(&bb).copied().collect();
        let not_lowest: HashSet<&str> = common
            .iter()
            .flat_map(|c| {
                let r = self.revs.get(c);
                r.into_iter()
                    .flat_map(|r| r.body.parents.iter().map(String::as_str))
            })
            .flat_map(|p| self.ancestors(p))
            .collect();
        let mut out: Vec<&str> = common
            .into_iter()
            .filter(|c| !not_lowest.contains(c))
            .collect();
        out.sort_unstable();
        out
    }

    /// The states of every lowest common ancestor (the merge base).
    pub fn bases(&self, a: &str, b: &str) -> Vec<State> {
        self.lcas(a, b)
            .into_iter()
            .filter_map(|l| self.state(l))
            .collect()
    }

    fn at(&self, id: &str) -> &'a str {
        self.revs.get(id).map_or("", |r| r.body.at.as_str())
    }
}

/// Three-way merge of two states against a base: the merged state and the
/// fields that conflict (with both values).
pub fn three_way(base: &State, a: &State, b: &State) -> (State, BTreeMap<String, (Value, Value)>) {
    three_way_multi(std::slice::from_ref(base), a, b)
}

/// Three-way merge against several bases (criss-cross histories): a field
/// whose bases disagree has no known base, so two different values of it
/// conflict rather than one silently winning.
pub fn three_way_multi(
    bases: &[State],
    a: &State,
    b: &State,
) -> (State, BTreeMap<String, (Value, Value)>) {
    let mut merged = State::default();
    let mut conflicts = BTreeMap::new();
    let keys: BTreeSet<String> = bases
        .iter()
        .flat_map(State::keys)
        .chain(a.keys())
        .chain(b.keys())
        .collect();
    for k in keys {
        let (x, y) = (a.field(&k), b.field(&k));
        let mut base_values = bases.iter().map(|s| s.field(&k));
        // Known only when every base agrees (no base at all: the field is new).
        let o: Option<Option<Value>> = match base_values.next() {
            None => Some(None),
            Some(v) => {
                let agree = base_values.all(|w| w == v);
                agree.then_some(v)
            }
        };
        let pick = if x == y || o.as_ref() == Some(&y) {
            x
        } else if o.as_ref() == Some(&x) {
            y
        } else {
            conflicts.insert(
                k.clone(),
                (
                    x.clone().unwrap_or(Value::Null),
                    y.clone().unwrap_or(Value::Null),
                ),
            );
            x
        };
        set_field(&mut merged, &k, pick);
    }
    (merged, conflicts)
}

fn set_field(state: &mut State, k: &str, v: Option<Value>) {
    if k == STATUS_FIELD {
        if let Some(s) = v.and_then(|v| serde_json::from_value(v).ok()) {
            state.status = s;
        }
    } else if let Some(v) = v.filter(|v| !v.is_null()) {
        state.answers.insert(k.to_string(), v);
    } else {
        state.answers.remove(k);
    }
}

/// The changes that turn `from` into `to` (null removes).
pub fn diff(
    from: &BTreeMap<String, Value>,
    to: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (k, v) in to {
        if from.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    for k in from.keys().filter(|k| !to.contains_key(*k)) {
        out.insert(k.clone(), Value::Null);
    }
    out
}

/// Materialises an entry from all its revisions: merges several heads into
/// deterministic merge revisions where that is clean, else marks the
/// conflicts. `None` when there is no root or a parent is missing.
pub fn materialize(revs: &[Revision]) -> Option<Merged> {
    let mut all: Vec<Revision> = revs.to_vec();
    let mut merges = Vec::new();
    loop {
        let dag = Dag::new(&all);
        if !dag.missing_parents().is_empty() {
            return None;
        }
        let heads = dag.heads();
        let (first, second) = match heads.as_slice() {
            [] => return None,
            [one] => {
                let entry = entry_at(&dag, &all, &[one.to_string()], None)?;
                return Some(Merged { entry, merges });
            }
            [a, b, ..] => (a.to_string(), b.to_string()),
        };
        let Some(revision) = merge_of(&dag, &first, &second)? else {
            let heads: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
            let entry = entry_at(&dag, &all, &heads, Some(&heads))?;
            return Some(Merged { entry, merges });
        };
        merges.push(revision.clone());
        all.push(revision);
    }
}

/// The deterministic merge revision of two revisions of an entry (in this
/// order): `Some(None)` when a field conflicts, `None` when a state cannot
/// be folded. Every machine derives the same revision, so a merge revision
/// that arrives in a bundle can be checked by deriving it again.
pub fn merge_of(dag: &Dag<'_>, first: &str, second: &str) -> Option<Option<Revision>> {
    let bases = dag.bases(first, second);
    let (sa, sb) = (dag.state(first)?, dag.state(second)?);
    let (merged, conflicts) = three_way_multi(&bases, &sa, &sb);
    if !conflicts.is_empty() {
        return Some(None);
    }
    let at = if later(dag.at(second), dag.at(first)) {
        dag.at(second)
    } else {
        dag.at(first)
    };
    let entry = dag.revs.get(first)?.body.entry.clone();
    Some(Some(
        RevisionDraft {
            entry,
            parents: vec![first.to_string(), second.to_string()],
            author: merge_author(),
            at: at.to_string(),
            init: None,
            changes: diff(&sa.answers, &merged.answers).into(),
            status: (merged.status != sa.status).then_some(merged.status),
            reason: None,
        }
        .seal(),
    ))
}

/// The entry at `heads`: a single head's state, or for several the
/// sequential merge with conflicts recorded (later head's value shown).
fn entry_at(
    dag: &Dag<'_>,
    all: &[Revision],
    heads: &[String],
    conflicted: Option<&[String]>,
) -> Option<Entry> {
    let root = all
        .iter()
        .find(|r| r.body.parents.is_empty() && r.body.init.is_some())?;
    let mut entry = Entry::from_root(root)?;
    let mut state = dag.state(heads.first()?)?;
    let mut conflicts: BTreeMap<String, Vec<Side>> = BTreeMap::new();
    if let Some(hs) = conflicted {
        let mut acc = hs.first()?.clone();
        for h in hs.iter().skip(1) {
            let bases = dag.bases(&acc, h);
            let other = dag.state(h)?;
            let (mut merged, found) = three_way_multi(&bases, &state, &other);
            let other_later = later(dag.at(h), dag.at(&acc));
            for (k, (x, y)) in found {
                let sides = conflicts.entry(k.clone()).or_default();
                for (value, head) in [(x, &acc), (y.clone(), h)] {
                    if !sides.iter().any(|s| s.value == value) {
                        let r = dag.revs.get(head.as_str());
                        sides.push(Side {
                            value,
                            head: head.clone(),
                            author: r.map_or_else(merge_author, |r| r.body.author.clone()),
                            at: r.map_or_else(String::new, |r| r.body.at.clone()),
                        });
                    }
                }
                // Show the later side's value until a person picks one.
                if other_later {
                    set_field(&mut merged, &k, Some(y));
                }
            }
            state = merged;
            acc = h.clone();
        }
    }
    entry.answers = state.answers;
    entry.status = state.status;
    entry.heads = heads.to_vec();
    entry.conflicts = conflicts;
    entry.revisions = all.len() as u32;
    let latest = heads
        .iter()
        .filter_map(|h| dag.revs.get(h.as_str()).copied())
        .reduce(|a, b| {
            if later(&b.body.at, &a.body.at) || (b.body.at == a.body.at && b.id > a.id) {
                b
            } else {
                a
            }
        })?;
    entry.updated_at = latest.body.at.clone();
    entry.updated_by = latest.body.author.clone();
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntryInit, fold};
    use serde_json::json;

    fn rev(parents: &[&Revision], at: &str, device: &str, changes: Value) -> Revision {
        let init = parents.is_empty().then(|| EntryInit {
            campaign: "c".into(),
            unit: "u".into(),
            form: "f".into(),
            form_version: 1,
            finding: None,
        });
        RevisionDraft {
            entry: "e".into(),
            parents: parents.iter().map(|p| p.id.clone()).collect(),
            author: Author {
                device: device.into(),
                person: device.into(),
            },
            at: at.into(),
            init,
            changes: serde_json::from_value(changes).unwrap(),
            status: parents.is_empty().then_some(Status::Draft),
            reason: None,
        }
        .seal()
    }

    #[test]
    fn a_linear_history_materialises_like_the_fold() {
        let r0 = rev(&[], "2013-11-26T09:00:00+08:00", "a", json!({"x": 1}));
        let r1 = rev(&[&r0], "2013-11-26T09:01:00+08:00", "a", json!({"y": "二"}));
        let r2 = rev(&[&r1], "2013-11-26T09:02:00+08:00", "a", json!({"x": null}));
        let revs = vec![r2.clone(), r0, r1];
        let m = materialize(&revs).unwrap();
        assert!(m.merges.is_empty());
        assert_eq!(Some(m.entry.clone()), fold(&revs));
        assert_eq!(
            m.entry.answers,
            serde_json::from_value(json!({"y": "二"})).unwrap()
        );
        assert_eq!(m.entry.heads, vec![r2.id]);
    }

    #[test]
    fn disjoint_edits_merge_into_the_same_revision_in_any_order() {
        let r0 = rev(
            &[],
            "2013-11-26T09:00:00+08:00",
            "a",
            json!({"x": 1, "y": 1}),
        );
        let a = rev(&[&r0], "2013-11-26T09:05:00+08:00", "a", json!({"x": 2}));
        let b = rev(
            &[&r0],
            "2013-11-26T09:06:00+08:00",
            "b",
            json!({"y": 3, "z": "新"}),
        );
        let one = materialize(&[r0.clone(), a.clone(), b.clone()]).unwrap();
        let two = materialize(&[b.clone(), r0.clone(), a.clone()]).unwrap();
        assert_eq!(one, two);
        assert_eq!(one.merges.len(), 1);
        let m = &one.merges[0];
        assert_eq!(m.body.author, merge_author());
        assert_eq!(m.body.at, "2013-11-26T09:06:00+08:00");
        assert!(one.entry.conflicts.is_empty());
        assert_eq!(one.entry.heads, vec![m.id.clone()]);
        assert_eq!(
            one.entry.answers,
            serde_json::from_value(json!({"x": 2, "y": 3, "z": "新"})).unwrap()
        );
        // The merge revision itself, once known, changes nothing more.
        let again = materialize(&[r0, a, b, m.clone()]).unwrap();
        assert!(again.merges.is_empty());
        assert_eq!(again.entry, one.entry);
    }

    #[test]
    fn the_same_field_changed_twice_is_a_conflict_keeping_both_values() {
        let r0 = rev(&[], "2013-11-26T09:00:00+08:00", "a", json!({"x": 1}));
        let a = rev(
            &[&r0],
            "2013-11-26T09:05:00+08:00",
            "a",
            json!({"x": 2, "p": true}),
        );
        let b = rev(&[&r0], "2013-11-26T09:07:00+08:00", "b", json!({"x": 3}));
        let m = materialize(&[r0, a.clone(), b.clone()]).unwrap();
        assert!(m.merges.is_empty());
        let mut heads = vec![a.id, b.id];
        heads.sort();
        assert_eq!(m.entry.heads, heads);
        let mut both: Vec<(Value, String)> = m.entry.conflicts["x"]
            .iter()
            .map(|s| (s.value.clone(), s.author.device.clone()))
            .collect();
        both.sort_by_key(|v| v.0.as_i64());
        assert_eq!(
            both,
            vec![(json!(2), "a".to_string()), (json!(3), "b".to_string())]
        );
        assert_eq!(m.entry.conflicts.len(), 1);
        // The later side shows until someone picks; the clean field merged.
        assert_eq!(m.entry.answers.get("x"), Some(&json!(3)));
        assert_eq!(m.entry.answers.get("p"), Some(&json!(true)));
    }

    #[test]
    fn a_missing_parent_is_refused() {
        let r0 = rev(&[], "2013-11-26T09:00:00+08:00", "a", json!({"x": 1}));
        let a = rev(&[&r0], "2013-11-26T09:05:00+08:00", "a", json!({"x": 2}));
        let b = rev(&[&a], "2013-11-26T09:06:00+08:00", "a", json!({"x": 3}));
        assert!(materialize(&[r0, b]).is_none());
    }
}

#[cfg(test)]
mod criss_cross {
    use super::*;
    use crate::domain::EntryInit;
    use serde_json::json;

    fn rev(parents: &[&Revision], at: &str, who: &str, changes: Value) -> Revision {
        RevisionDraft {
            entry: "e".into(),
            parents: parents.iter().map(|p| p.id.clone()).collect(),
            author: Author {
                device: who.into(),
                person: who.into(),
            },
            at: at.into(),
            init: parents.is_empty().then(|| EntryInit {
                campaign: "c".into(),
                unit: "u".into(),
                form: "f".into(),
                form_version: 1,
                finding: None,
            }),
            changes: serde_json::from_value(changes).unwrap(),
            status: parents.is_empty().then_some(Status::Draft),
            reason: None,
        }
        .seal()
    }

    #[test]
    fn contradicting_resolutions_made_apart_conflict() {
        let r = rev(&[], "2013-11-26T09:00:00+08:00", "r0", json!({"x": 2}));
        let a = rev(&[&r], "2013-11-26T09:01:00+08:00", "r1", json!({"x": 104}));
        let b = rev(&[&a], "2013-11-26T09:02:00+08:00", "r2", json!({"x": 105}));
        let c = rev(&[&r], "2013-11-26T09:03:00+08:00", "r0", json!({"x": 106}));
        let mut xp = [&a, &c];
        xp.sort_by(|p, q| p.id.cmp(&q.id));
        let base_x = Dag::new(&[r.clone(), a.clone(), c.clone()])
            .state(&xp[0].id)
            .unwrap();
        let x = rev(
            &xp,
            "2013-11-26T09:04:00+08:00",
            "r0",
            serde_json::to_value(diff(
                &base_x.answers,
                &serde_json::from_value(json!({"x": 104})).unwrap(),
            ))
            .unwrap(),
        );
        let mut yp = [&b, &c];
        yp.sort_by(|p, q| p.id.cmp(&q.id));
        let base_y = Dag::new(&[r.clone(), a.clone(), b.clone(), c.clone()])
            .state(&yp[0].id)
            .unwrap();
        let y = rev(
            &yp,
            "2013-11-26T09:05:00+08:00",
            "r2",
            serde_json::to_value(diff(
                &base_y.answers,
                &serde_json::from_value(json!({"x": 106})).unwrap(),
            ))
            .unwrap(),
        );
        let all = vec![r, a, b, c, x, y];
        let dag = Dag::new(&all);
        let m = materialize(&all).unwrap();
        assert!(
            m.merges.is_empty(),
            "lcas {:?}",
            dag.lcas(&all[4].id, &all[5].id)
        );
        assert!(m.entry.conflicts.contains_key("x"), "{:?}", m.entry);
    }
}
