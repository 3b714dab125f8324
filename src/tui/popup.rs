//! Dialogs over the screen (`Popup`) and what their answers are for: the
//! typed text, the picked option, the confirmed action, the change that
//! waits for a reason. Plain data, changed only by `update`.

use std::collections::BTreeMap;

use ratatui_textarea::TextArea;
use serde_json::Value;

use super::row::Row;
use crate::domain::UnitField;

/// A dialog over the screen.
#[derive(Debug, Clone)]
pub enum Popup {
    /// Confirm with Enter, cancel with Esc.
    Confirm {
        title: String,
        body: Vec<String>,
        on_yes: Confirmed,
    },
    /// Information to read; any key closes it.
    Info { title: String, body: Vec<String> },
    /// What keeps an entry from being finalised, one line per item: ↑/↓
    /// choose a line, Enter goes to its item in the form, Esc closes.
    Issues {
        title: String,
        head: String,
        /// The line shown, and the outline line of its item.
        items: Vec<(String, Row)>,
        selected: usize,
    },
    /// One line of text to type, then Enter.
    Input {
        title: String,
        prompt: String,
        input: Box<TextArea<'static>>,
        then: InputFor,
    },
    /// Options numbered from 1: a digit picks one, or ↑/↓ move the
    /// highlight and Enter picks it.
    Pick {
        title: String,
        /// Label shown, and what picking it carries.
        options: Vec<(String, String)>,
        then: PickFor,
        /// The highlighted option (0-based).
        highlight: usize,
        /// A first digit waiting for a second, when there are ten options
        /// or more (as in a form's choice).
        typed: Option<u8>,
    },
    /// A reason is needed to change a finalised entry.
    Reason {
        input: Box<TextArea<'static>>,
        then: Box<Pending>,
    },
    /// An entry's history, newest first: ↑/↓ scroll, Tab shows the whole
    /// entry or only the item under the cursor, Esc closes.
    History(Box<super::history::HistoryView>),
    /// Choose a folder or a file (`chooser`).
    Chooser(Box<super::chooser::Chooser>),
    /// The whole entry as a printable page, read-only (Ctrl+P).
    Page(Box<super::page::PageView>),
    /// Adding, listing, opening, removing attachments of an item.
    Attach(Box<super::attach::Dialog>),
}

impl Popup {
    /// A pick dialog, the first option highlighted.
    pub fn pick(title: String, options: Vec<(String, String)>, then: PickFor) -> Popup {
        Popup::Pick {
            title,
            options,
            then,
            highlight: 0,
            typed: None,
        }
    }
}

/// What typed text is for.
#[derive(Debug, Clone, PartialEq)]
pub enum InputFor {
    ReturnComment { entry: String },
    NewTeam,
    AddUnit,
    UnitField { unit: String, field: UnitField },
    DismissReason { unit: String, key: String },
    NewCampaign,
}

/// What a picked option is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickFor {
    AssignTeam {
        unit: String,
    },
    /// Which field of the unit to edit (the option carries its place in
    /// `UnitField::EDITABLE`).
    UnitField {
        unit: String,
    },
    /// The team (the option carries its id) a device is enrolled for
    /// before its bundle is imported.
    EnrolAndImport {
        path: String,
        fingerprint: String,
    },
    /// The team a device is enrolled for (the 信任指纹 line).
    TrustTeam {
        fingerprint: String,
    },
}

/// What a confirmed dialog does.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmed {
    Finalize(String),
    DeleteEntry(String),
    DeleteRow {
        repeat: String,
        row: String,
    },
    DiscardQuestionnaire,
    /// Finalise every complete draft questionnaire of a unit; `leave`:
    /// asked when leaving quick entry, which is left either way.
    FinalizeComplete {
        unit: String,
        form: String,
        leave: bool,
    },
    Quit,
    /// Approve an entry (HQ review).
    Approve(String),
    /// Trust the key with this fingerprint and import the file.
    TrustAndImport {
        path: String,
        fingerprint: String,
        team: Option<String>,
    },
    /// Import a plan that switches this laptop to another team.
    SwitchAndImport {
        path: String,
    },
    /// Take an attachment off its item (the list shows again after).
    Detach {
        target: super::attach::Target,
        sha: String,
        name: String,
        selected: usize,
    },
}

/// A change waiting for a reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Sets(Vec<(String, String)>),
    Changes(BTreeMap<String, Value>),
    Attach(super::attach::Target, super::attach::AttachOp),
}
