//! The entries a large import creates keep no head in the database: their
//! heads are folded from the journal when read. For random chains of
//! revisions (roots, edits, finalising, deleting, restoring), a store that
//! took them as an import (the batch path: heads not kept) and one that
//! took them as saves (heads kept) read back the same entries and the same
//! digest, before and after a restart, and the doctor finds both
//! consistent; an entry continued after the import keeps its head again,
//! equal on both.

use std::path::Path;

use kaocha::domain::{Author, EntryInit, Revision, RevisionDraft, Status, new_entry_id};
use kaocha::store::{Change, Source, Store, StoreOptions};
use proptest::prelude::*;
use serde_json::Value;

const CAMPAIGN: &str = "c-import";

/// A store whose batch path starts at a few records.
fn open(dir: &Path) -> Store {
    Store::open_with(
        dir,
        StoreOptions {
            bulk: 4,
            ..StoreOptions::default()
        },
    )
    .expect("open")
}

/// One revision of a chain: its text, and the status it sets if any.
type Step = (String, Option<Status>);

fn revision(entry: &str, parent: Option<&Revision>, unit: usize, step: &Step) -> Revision {
    RevisionDraft {
        entry: entry.to_string(),
        parents: parent.map(|p| vec![p.id.clone()]).unwrap_or_default(),
        author: Author {
            device: "field-1".into(),
            person: "张三".into(),
        },
        at: format!("2026-11-26T10:0{}:00+08:00", parent.map_or(0, |_| 1)),
        init: parent.is_none().then(|| EntryInit {
            campaign: CAMPAIGN.into(),
            unit: format!("u-{unit}"),
            form: "jgbz.interview".into(),
            form_version: 1,
            finding: None,
        }),
        changes: [("q4".to_string(), Value::from(step.0.clone()))].into(),
        status: step.1,
        reason: None,
    }
    .seal()
}

fn step() -> impl Strategy<Value = Step> {
    (
        "[人员紧张借调a-z ]{0,8}",
        prop::option::of(prop_oneof![
            Just(Status::Draft),
            Just(Status::Final),
            Just(Status::Deleted)
        ]),
    )
}

/// Entries: each a unit and a chain of one to four steps.
fn chains() -> impl Strategy<Value = Vec<(usize, Vec<Step>)>> {
    prop::collection::vec((0..3usize, prop::collection::vec(step(), 1..5)), 3..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn imported_entries_read_back_as_saved_ones(chains in chains()) {
        let mut records = Vec::new();
        let mut tips = Vec::new();
        for (unit, steps) in &chains {
            let id = new_entry_id();
            let mut last: Option<Revision> = None;
            for s in steps {
                let r = revision(&id, last.as_ref(), *unit, s);
                records.push(Change::Revision { revision: r.clone() });
                last = Some(r);
            }
            tips.push((id, last.expect("a chain")));
        }
        let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let a = open(a_dir.path());
        let b = open(b_dir.path());
        a.commit_owned(records.clone(), Source::Import).unwrap();
        b.commit_owned(records, Source::Save).unwrap();
        prop_assert_eq!(a.kept_heads().unwrap(), 0, "the import kept heads");
        prop_assert_eq!(b.kept_heads().unwrap(), chains.len());
        let same = |a: &Store, b: &Store| -> Result<(), TestCaseError> {
            for (id, _) in &tips {
                let got = a.entry(id).unwrap();
                prop_assert!(got.is_some());
                prop_assert_eq!(got, b.entry(id).unwrap());
            }
            prop_assert_eq!(a.entries(CAMPAIGN, None).unwrap(), b.entries(CAMPAIGN, None).unwrap());
            prop_assert_eq!(a.entries(CAMPAIGN, Some("u-1")).unwrap(), b.entries(CAMPAIGN, Some("u-1")).unwrap());
            prop_assert_eq!(a.campaign_counts(CAMPAIGN).unwrap(), b.campaign_counts(CAMPAIGN).unwrap());
            prop_assert_eq!(a.digest().unwrap(), b.digest().unwrap());
            let (da, db) = (a.doctor().unwrap(), b.doctor().unwrap());
            prop_assert!(da.ok(), "{:?}", da.problems);
            prop_assert!(db.ok(), "{:?}", db.problems);
            prop_assert_eq!((da.entries, da.revisions), (db.entries, db.revisions));
            Ok(())
        };
        same(&a, &b)?;
        // After a restart, the same.
        drop(a);
        let a = open(a_dir.path());
        same(&a, &b)?;
        // An entry continued: its head is kept again, equal on both.
        let (id, tip) = &tips[0];
        let next = revision(id, Some(tip), 0, &("补充".to_string(), None));
        for s in [&a, &b] {
            s.commit(&[Change::Revision { revision: next.clone() }]).unwrap();
        }
        prop_assert_eq!(a.kept_heads().unwrap(), 1);
        same(&a, &b)?;
    }
}
