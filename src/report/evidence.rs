//! Evidence (佐证材料) of a unit's report: every file its entries' `photo`
//! and `file` items hold, read from the store once (`gather`: each stored
//! file hashed, so a missing or altered one is named as such), then laid
//! out as plain data: the 佐证材料 table (item, file name, size, EXIF time,
//! caption, SHA-256, state), the count of files a 问题清单 entry holds, and
//! what a photo on the HTML page shows. The renderers lay it out; the
//! photos embedded in the HTML page are made by `preview`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::preview::NoPreview;
use super::{Cell, Sheet};
use crate::domain::attachment::{self, Attachment, size_text};
use crate::domain::ids::clean_label;
use crate::domain::{Campaign, Status, Unit};
use crate::form::display::entry_title;
use crate::form::eval::Answers;
use crate::form::path::row_item_path;
use crate::form::{Form, ItemType};
use crate::i18n;
use crate::store::attach::{self, Found};
use crate::store::{Store, StoreError};

/// One attached file of an entry's item.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    /// The entry's id.
    pub entry: String,
    /// The form's title.
    pub form: String,
    /// What names the entry in a list.
    pub entry_title: String,
    /// The item's label (a repeat row's item: repeat, row and item).
    pub item: String,
    /// The answer's field path.
    pub path: String,
    /// Whether the item is a `photo` item.
    pub photo: bool,
    pub file: Attachment,
    /// What was found of the stored file.
    pub found: Found,
}

/// A unit's evidence, and the data folder its files are kept in (`None`:
/// a report made without the store, which lists nothing).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub dir: Option<PathBuf>,
    pub files: Vec<EvidenceFile>,
}

impl Evidence {
    /// How many files the entry `id` holds.
    pub fn count_of(&self, id: &str) -> usize {
        self.files.iter().filter(|f| f.entry == id).count()
    }

    /// Whether there is nothing to list.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The 佐证材料 table: one row per file.
    pub fn sheet(&self) -> Sheet {
        Sheet {
            name: i18n::ev_heading(),
            header: [vec![i18n::ev_col_no()], EvidenceFile::header()].concat(),
            rows: self
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| [vec![Cell::Int((i + 1) as f64)], f.cells(f.found)].concat())
                .collect(),
        }
    }
}

impl EvidenceFile {
    /// The columns that describe a file, in every table of files (the 佐证
    /// 材料 table, the manifest of `--with-evidence`).
    pub fn header() -> Vec<String> {
        vec![
            i18n::ev_col_record(),
            i18n::ev_col_item(),
            i18n::ev_col_name(),
            i18n::ev_col_size(),
            i18n::ev_col_taken(),
            i18n::ev_col_caption(),
            i18n::ev_col_sha(),
            i18n::ev_col_state(),
        ]
    }

    /// The file's cells under `header`, `state` being what was found of it.
    pub fn cells(&self, state: Found) -> Vec<Cell> {
        vec![
            Cell::Text(self.record()),
            Cell::text(&self.item),
            Cell::text(&self.file.name),
            Cell::Text(size_text(self.file.size)),
            Cell::Text(self.taken()),
            Cell::text(self.file.caption.as_deref().unwrap_or_default()),
            Cell::text(&self.file.sha256),
            Cell::Text(state_text(state)),
        ]
    }

    /// 《form》entry.
    pub fn record(&self) -> String {
        i18n::ev_record(&self.form, &self.entry_title)
    }

    /// The EXIF time as people read it (empty when none).
    pub fn taken(&self) -> String {
        self.file
            .taken_at
            .as_deref()
            .map(|t| t.replacen('T', " ", 1))
            .unwrap_or_default()
    }
}

/// What was found of a stored file, in words.
pub fn state_text(found: Found) -> String {
    match found {
        Found::Whole => i18n::ev_whole(),
        Found::Missing => i18n::ev_missing(),
        Found::Altered => i18n::ev_altered(),
    }
}

/// Reads a unit's evidence: its entries that are not deleted, in the
/// store's order, each attachment item in form order (a repeat's rows in
/// their order); each stored file hashed once.
pub fn gather(store: &Store, campaign: &Campaign, unit: &Unit) -> Result<Evidence, StoreError> {
    let entries = store.entries(&campaign.id, Some(&unit.id))?;
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    let mut files = Vec::new();
    for entry in entries.iter().filter(|e| e.status != Status::Deleted) {
        let Some(form) = store.forms().get(&entry.form, entry.form_version) else {
            continue;
        };
        let answers = Answers::new(form, &entry.answers, &unit.baseline);
        let title = clean_label(&entry_title(form, entry));
        for (path, item, photo) in attachment_paths(form, &answers) {
            let value = entry.answers.get(&path).unwrap_or(&Value::Null);
            for a in attachment::list(value).unwrap_or_default() {
                let state = *found
                    .entry(a.sha256.clone())
                    .or_insert_with(|| attach::check(store.dir(), &a.sha256));
                files.push(EvidenceFile {
                    entry: entry.id.clone(),
                    form: form.def.ui_title().to_string(),
                    entry_title: title.clone(),
                    item: item.clone(),
                    path: path.clone(),
                    photo,
                    file: a,
                    found: state,
                });
            }
        }
    }
    Ok(Evidence {
        dir: Some(store.dir().to_path_buf()),
        files,
    })
}

/// How many files each of a unit's entries (not deleted) holds, by entry
/// id, without reading the files: what a list of findings shows.
pub fn counts(
    store: &Store,
    campaign: &Campaign,
    unit: &Unit,
) -> Result<BTreeMap<String, usize>, StoreError> {
    let mut out = BTreeMap::new();
    for entry in store.entries(&campaign.id, Some(&unit.id))? {
        if entry.status == Status::Deleted {
            continue;
        }
        let Some(form) = store.forms().get(&entry.form, entry.form_version) else {
            continue;
        };
        let answers = Answers::new(form, &entry.answers, &unit.baseline);
        let n: usize = attachment_paths(form, &answers)
            .iter()
            .map(|(path, _, _)| {
                let value = entry.answers.get(path).unwrap_or(&Value::Null);
                attachment::list(value).map_or(0, |l| l.len())
            })
            .sum();
        if n > 0 {
            out.insert(entry.id.clone(), n);
        }
    }
    Ok(out)
}

/// The field paths of a form's attachment items in form order, with the
/// label each is listed under and whether it holds photos.
fn attachment_paths(form: &Form, answers: &Answers<'_>) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for item in form.def.all_items() {
        if !item.is_attachment() {
            continue;
        }
        let photo = item.kind == ItemType::Photo;
        match form.repeat_of(&item.id) {
            None => out.push((item.id.clone(), item.ui_label().to_string(), photo)),
            Some(repeat) => {
                for (n, row) in answers.rows(&repeat.id).iter().enumerate() {
                    out.push((
                        row_item_path(&repeat.id, row, &item.id),
                        i18n::ev_row_item(repeat.ui_label(), n + 1, item.ui_label()),
                        photo,
                    ));
                }
            }
        }
    }
    out
}

/// The downscaled JPEG of a photo for the HTML page, or why there is
/// none (a stored file missing or altered is never decoded).
pub(crate) fn preview_of(ev: &Evidence, f: &EvidenceFile) -> Result<Vec<u8>, NoPreview> {
    match (&ev.dir, f.found) {
        (Some(dir), Found::Whole) => super::preview::preview(dir, &f.file.sha256),
        _ => Err(NoPreview::Missing),
    }
}

/// What a photo's caption on the HTML page says: its caption (when it
/// has one), then record, item, name and time, then its hash.
pub(crate) fn figure_lines(f: &EvidenceFile) -> (Option<&str>, String, &str) {
    let caption = f.file.caption.as_deref().filter(|c| !c.is_empty());
    let mut about = format!("{} · {} · {}", f.record(), f.item, f.file.name);
    let taken = f.taken();
    if !taken.is_empty() {
        about.push_str(" · ");
        about.push_str(&taken);
    }
    (caption, about, &f.file.sha256)
}
