//! The file and folder chooser's state: what it is for, the folder shown
//! (its places, `..`, sub-folders and, when a file is wanted, the files of
//! the right kind), the selection and the typed path box. Plain data: the
//! folder is listed by `App` (`tui::app::files`), keys are handled by the
//! pure `update::chooser`, and `view::chooser` draws it.

use ratatui_textarea::TextArea;

/// Most entries of a folder listed; the rest are counted and said.
pub const MAX_ENTRIES: usize = 2000;

/// The extensions of bundle files (plain and encrypted).
pub const BUNDLE_EXTENSIONS: &[&str] = &["json", "age"];
/// Every file (a `file` item takes any kind).
pub const ANY_FILE: &[&str] = &["*"];
/// The files a unit list or roster chooser lists.
pub const SHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "txt"];

/// What a chooser is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChooserFor {
    /// The folder a results bundle is exported to, and how.
    Export { incremental: bool, encrypt: bool },
    /// The bundle file to import.
    Import,
    /// The folder the campaign's reports (汇总, `x`) are written to.
    Reports,
    /// The folder one unit's report is written to (its id).
    UnitReport { unit: String },
    /// The unit list to import (HQ).
    UnitList,
    /// The 实名制 roster to import (HQ).
    Roster,
    /// A file, or a folder's photos, to attach to an item (with the
    /// caption typed so far).
    Attach {
        target: super::attach::Target,
        caption: Option<String>,
    },
}

impl ChooserFor {
    /// Whether a file is picked (else a folder).
    pub fn picks_file(&self) -> bool {
        matches!(
            self,
            ChooserFor::Import
                | ChooserFor::UnitList
                | ChooserFor::Roster
                | ChooserFor::Attach { .. }
        )
    }

    /// Whether the folder shown can be picked ("this folder"): where a
    /// folder is wanted, and for attachments (its photos).
    pub fn picks_folder(&self) -> bool {
        !self.picks_file() || matches!(self, ChooserFor::Attach { .. })
    }

    /// The setting that remembers the last folder used for this purpose.
    pub fn setting(&self) -> &'static str {
        match self {
            ChooserFor::Export { .. } => "last_folder.export",
            ChooserFor::Import => "last_folder.import",
            ChooserFor::Reports | ChooserFor::UnitReport { .. } => "last_folder.reports",
            ChooserFor::UnitList | ChooserFor::Roster => "last_folder.sheets",
            ChooserFor::Attach { .. } => "last_folder.attach",
        }
    }

    /// The extensions of the files listed (none when picking a folder).
    pub fn extensions(&self) -> &'static [&'static str] {
        match self {
            ChooserFor::UnitList | ChooserFor::Roster => SHEET_EXTENSIONS,
            ChooserFor::Attach { target, .. } if target.photo => {
                crate::app::attach::PHOTO_EXTENSIONS
            }
            ChooserFor::Attach { .. } => ANY_FILE,
            _ if self.picks_file() => BUNDLE_EXTENSIONS,
            _ => &[],
        }
    }
}

/// A place listed before the folder's contents: the documents folder, a
/// USB drive, a drive letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub label: String,
    pub path: String,
}

/// A sub-folder or a file of the folder shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name as shown: control characters replaced (`safe_name`).
    pub name: String,
    /// The real path, to open or pick.
    pub path: String,
    pub folder: bool,
    /// Files: size in bytes and when last changed (`2024-05-01 10:32`).
    pub size: Option<u64>,
    pub modified: Option<String>,
}

/// A folder as listed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listing {
    pub folder: String,
    /// The folder above, when there is one.
    pub parent: Option<String>,
    pub places: Vec<Place>,
    /// Folders first, then files, each by name; at most `MAX_ENTRIES`.
    pub items: Vec<Item>,
    /// Entries left out beyond `MAX_ENTRIES`.
    pub more: usize,
}

/// What listing a folder gave the chooser.
#[derive(Debug, Clone, PartialEq)]
pub enum ChooserLoad {
    /// Open a chooser on this folder.
    Open(ChooserFor, Listing),
    /// The open chooser shows this folder.
    Folder(Listing),
    /// A typed path named a file (picked when the chooser picks files).
    File(String),
}

/// A line of the chooser's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChooserRow {
    /// Picking a folder: this one.
    Here,
    Place(usize),
    Up,
    Item(usize),
}

/// The chooser dialog.
#[derive(Debug, Clone)]
pub struct Chooser {
    pub purpose: ChooserFor,
    pub listing: Listing,
    /// The selected line of `rows()`.
    pub selected: usize,
    /// The typed path box has the focus (Tab switches).
    pub typing: bool,
    pub input: Box<TextArea<'static>>,
}

impl Chooser {
    /// A chooser showing `listing`, its first useful line selected.
    pub fn new(purpose: ChooserFor, listing: Listing) -> Chooser {
        let mut c = Chooser {
            purpose,
            listing: Listing::default(),
            selected: 0,
            typing: false,
            input: Box::new(TextArea::default()),
        };
        c.show(listing);
        c
    }

    /// Shows another folder: a folder chooser selects "this folder", a
    /// file chooser the first entry of the folder.
    pub fn show(&mut self, listing: Listing) {
        self.listing = listing;
        self.typing = false;
        *self.input = TextArea::default();
        let rows = self.rows();
        let first = |want: fn(&ChooserRow) -> bool| rows.iter().position(want);
        self.selected = if self.purpose.picks_file() {
            first(|r| matches!(r, ChooserRow::Item(_)))
                .or_else(|| first(|r| matches!(r, ChooserRow::Up)))
                .unwrap_or(0)
        } else {
            0
        };
    }

    /// The lines of the list: this folder (picking a folder), the places,
    /// `..`, then the folder's entries.
    pub fn rows(&self) -> Vec<ChooserRow> {
        let mut rows = Vec::new();
        if self.purpose.picks_folder() {
            rows.push(ChooserRow::Here);
        }
        rows.extend((0..self.listing.places.len()).map(ChooserRow::Place));
        if self.listing.parent.is_some() {
            rows.push(ChooserRow::Up);
        }
        rows.extend((0..self.listing.items.len()).map(ChooserRow::Item));
        rows
    }

    /// The selected line.
    pub fn row(&self) -> Option<ChooserRow> {
        self.rows().get(self.selected).copied()
    }
}

/// A file name as it may be shown: control characters (and the
/// bidirectional overrides that make text read otherwise) become `?`, so
/// a hostile name on a USB stick cannot move the cursor or recolour the
/// screen.
pub fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if crate::domain::ids::is_control(c) {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// A size in bytes as people read it: `812 B`, `12.3 KB`, `4.0 MB`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_never_shown() {
        assert_eq!(safe_name("\u{1b}[31m.json"), "?[31m.json");
        assert_eq!(safe_name("a\u{202e}nosj.exe"), "a?nosj.exe");
        assert_eq!(safe_name("考察数据"), "考察数据");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(812), "812 B");
        assert_eq!(size_text(12 * 1024 + 300), "12.3 KB");
        assert_eq!(size_text(4 * 1024 * 1024), "4.0 MB");
    }
}
