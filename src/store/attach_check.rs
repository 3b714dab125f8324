//! What `doctor` checks of attachments: every file a `photo` or `file`
//! answer names is in the attachments folder with the content its hash
//! names (reported by entry and item when not); files no answer names are
//! only counted (a crash between a file and its revision leaves one, which
//! is harmless).

use std::collections::BTreeMap;

use super::attach::{self, Found};
use super::{Store, StoreError};
use crate::domain::attachment;
use crate::domain::ids::clean_label;
use crate::form::path::FieldPath;
use crate::i18n;

/// Attachments found wrong, in words, and how many kept files nothing
/// refers to.
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub problems: Vec<String>,
    pub orphans: usize,
}

/// Checks every entry's attachments (each file hashed once however many
/// answers name it).
pub(super) fn verify(store: &Store) -> Result<Checked, StoreError> {
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    let mut out = Checked::default();
    let dir = store.dir.join("journal");
    let mut lines = super::journal::Lines::new(&dir);
    for kv in store.trees.entries.iter() {
        let (key, value) = kv?;
        let entry = store.head_with(&mut lines, &String::from_utf8_lossy(&key), &value)?;
        let Some(form) = store.forms.get(&entry.form, entry.form_version) else {
            continue;
        };
        for (path, value) in &entry.answers {
            let Some(item) = FieldPath::parse(path).and_then(|p| form.item(p.item_id())) else {
                continue;
            };
            if !item.is_attachment() {
                continue;
            }
            for a in attachment::list(value).unwrap_or_default() {
                let state = *found
                    .entry(a.sha256.clone())
                    .or_insert_with(|| attach::check(&store.dir, &a.sha256));
                let say = match state {
                    Found::Whole => continue,
                    Found::Missing => i18n::at_missing,
                    Found::Altered => i18n::at_mismatch,
                };
                out.problems.push(say(
                    &entry.id,
                    &format!("{path} {}", item.ui_label()),
                    &clean_label(&a.name),
                    a.sha256.get(..12).unwrap_or_default(),
                ));
            }
        }
    }
    out.orphans = attach::kept_files(&store.dir)
        .iter()
        .filter(|name| !found.contains_key(*name))
        .count();
    Ok(out)
}
