//! The attachment dialogs of a `photo` or `file` item, plain data: the
//! prompt for a path and a caption, the photos of a folder to choose from,
//! the item's list (open, remove, caption) and a caption being edited.
//! Keys: `update::attach`; drawing: `view::attach`; files and the
//! workspace: `app::attach` (in `tui::app`).

use ratatui_textarea::TextArea;

use crate::domain::Entry;

/// The item attachments go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub entry: String,
    /// The field path (`photos`, `rep[r3].photo`).
    pub path: String,
    /// The item's label, as the screen shows it.
    pub label: String,
    /// A `photo` item (the chooser lists photos); else a `file` item.
    pub photo: bool,
}

/// A change to an item's attachments.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachOp {
    /// Attach files (paths as typed); `choose`: a folder lists its photos
    /// to choose from rather than attaching them all.
    Add {
        files: Vec<String>,
        caption: Option<String>,
        choose: bool,
    },
    Remove {
        sha: String,
        name: String,
    },
    Caption {
        sha: String,
        name: String,
        caption: String,
    },
}

/// A photo of a folder, to choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// As shown (control characters replaced).
    pub name: String,
    pub path: String,
    pub size: u64,
    pub chosen: bool,
}

/// A folder's photos, listed for the inspector to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct FolderLoad {
    pub target: Target,
    pub folder: String,
    pub photos: Vec<Photo>,
    pub caption: Option<String>,
}

/// What an attachment step did: the entry's new head when a revision
/// was written, what was done in words, and the change it was.
#[derive(Debug, Clone)]
pub struct Attached {
    pub entry: Option<Entry>,
    pub message: String,
    pub target: Option<Target>,
    pub op: Option<AttachOp>,
}

/// An attachment dialog.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// A path to type or paste, and a caption (Tab switches).
    Prompt {
        target: Target,
        path: Box<TextArea<'static>>,
        caption: Box<TextArea<'static>>,
        on_caption: bool,
    },
    /// A folder's photos: all chosen at first, Space toggles.
    Folder {
        load: Box<FolderLoad>,
        selected: usize,
    },
    /// The item's attachments (read from the form's entry when drawn).
    List { target: Target, selected: usize },
    /// A caption being edited.
    Caption {
        target: Target,
        selected: usize,
        sha: String,
        name: String,
        input: Box<TextArea<'static>>,
    },
}

impl Dialog {
    /// A prompt for `target`, the path box focused.
    pub fn prompt(target: Target) -> Dialog {
        Dialog::Prompt {
            target,
            path: Box::default(),
            caption: Box::default(),
            on_caption: false,
        }
    }

    /// Whether letters are text (a box has the focus).
    pub fn typing(&self) -> bool {
        matches!(self, Dialog::Prompt { .. } | Dialog::Caption { .. })
    }
}
