//! The audit trail of an entry: who changed what, when, from which old value
//! to which new one, and why (ODK-style form audit).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{Author, Revision, Status, topo_order};

/// One change of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub path: String,
    pub old: Value,
    pub new: Value,
}

/// One revision as a person reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub revision: String,
    pub at: String,
    pub author: Author,
    pub created: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// The steps of an entry's revisions, oldest first.
pub fn history(revs: Vec<Revision>) -> Vec<Step> {
    let ordered = topo_order(revs);
    let dag = super::dag::Dag::new(&ordered);
    let mut out = Vec::new();
    for rev in ordered.iter().cloned() {
        // Old values are those of the state the revision was made on (its
        // first parent), so merges show what they replaced.
        let answers: BTreeMap<String, Value> = rev
            .body
            .parents
            .first()
            .and_then(|p| dag.state(p))
            .map(|s| s.answers)
            .unwrap_or_default();
        let changes = rev
            .body
            .changes
            .iter()
            .map(|(path, new)| {
                let old = answers.get(path).cloned().unwrap_or(Value::Null);
                FieldChange {
                    path: path.clone(),
                    old,
                    new: new.clone(),
                }
            })
            .collect();
        out.push(Step {
            revision: rev.id,
            at: rev.body.at,
            author: rev.body.author,
            created: rev.body.init.is_some(),
            status: rev.body.status,
            reason: rev.body.reason,
            changes,
        });
    }
    out
}
