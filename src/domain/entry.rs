//! Entries (记录): one filled form, materialised as the fold of its revisions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Author, FindingRef, Revision};

/// Draft, final (定稿) or deleted; deletion is a revision too, so it syncs
/// and can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Final,
    Deleted,
}

/// One side of a conflicting field: its value and the head it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub value: Value,
    pub head: String,
    pub author: Author,
    pub at: String,
}

/// The head of an entry: answers after applying every revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub campaign: String,
    pub unit: String,
    pub form: String,
    pub form_version: u32,
    pub status: Status,
    pub created_at: String,
    pub created_by: Author,
    pub updated_at: String,
    pub updated_by: Author,
    /// Field path → value (absent when unanswered).
    pub answers: BTreeMap<String, Value>,
    /// Ids of the head revisions (one unless a merge is pending).
    pub heads: Vec<String>,
    /// Fields changed differently on two sides, with every side's value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conflicts: BTreeMap<String, Vec<Side>>,
    /// How many revisions the entry has.
    pub revisions: u32,
    /// The automatic finding it records (问题清单 entries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<FindingRef>,
}

impl Entry {
    /// The entry as its root revision creates it; `None` when the revision
    /// carries no `init` (it is not a root).
    pub fn from_root(rev: &Revision) -> Option<Entry> {
        let init = rev.body.init.as_ref()?;
        let mut entry = Entry {
            id: rev.body.entry.clone(),
            campaign: init.campaign.clone(),
            unit: init.unit.clone(),
            form: init.form.clone(),
            form_version: init.form_version,
            status: Status::Draft,
            created_at: rev.body.at.clone(),
            created_by: rev.body.author.clone(),
            updated_at: rev.body.at.clone(),
            updated_by: rev.body.author.clone(),
            answers: BTreeMap::new(),
            heads: Vec::new(),
            conflicts: BTreeMap::new(),
            revisions: 0,
            finding: init.finding.clone(),
        };
        entry.apply(rev);
        Some(entry)
    }

    /// Applies a revision whose parents are this entry's heads.
    pub fn apply(&mut self, rev: &Revision) {
        apply_changes(&mut self.answers, &rev.body.changes);
        if let Some(status) = rev.body.status {
            self.status = status;
        }
        self.updated_at = rev.body.at.clone();
        self.updated_by = rev.body.author.clone();
        self.heads = vec![rev.id.clone()];
        self.revisions += 1;
    }
}

/// Applies a delta to answers: a value sets the path, `null` removes it.
pub fn apply_changes(answers: &mut BTreeMap<String, Value>, changes: &super::Changes) {
    for (path, value) in changes {
        if value.is_null() {
            answers.remove(path);
        } else {
            answers.insert(path.clone(), value.clone());
        }
    }
}
