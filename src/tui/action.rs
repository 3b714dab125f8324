//! What flows through the app: `Action`s into the pure `update`, `Effect`s
//! out of it (performed by `App`), and the data effects load.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::domain::{Baseline, Campaign, Entry, RosterCounts, Stage, Status, Unit, UnitField};
use crate::form::Form;

/// A command: what a key means, after the keymap. Its name in `keys.json`
/// is its serde name (`page_up`, `next_speaker`, `open` for `enter` too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmd {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Next,
    Prev,
    #[serde(alias = "open")]
    Enter,
    /// Ctrl+Enter: commit a multiline field (and finalise where F9 does).
    Commit,
    Back,
    Help,
    Save,
    Search,
    Sync,
    New,
    Delete,
    Clear,
    Finalize,
    Quit,
    Undo,
    Redo,
    JumpPrev,
    JumpNext,
    Backspace,
    DeleteForward,
    NextSpeaker,
    /// Alt+digit: jump to question n / pick speaker n.
    Jump(u8),
    /// Q in a list: open the questionnaire quick entry.
    Quick,
    /// F: the findings list of a unit.
    Findings,
    /// s: the campaign summary (汇总).
    Summary,
    /// x: export (reports on the summary screen).
    Export,
    /// d: dismiss an automatic finding.
    Dismiss,
    /// e: edit the selected unit's information.
    Edit,
    /// t: assign the selected unit to a team.
    Assign,
    /// T: a new team.
    NewTeam,
    /// U: import a unit list (HQ).
    ImportUnits,
    /// R: import a 实名制 roster (HQ).
    ImportRoster,
    /// C: make the next campaign of the folder current.
    SwitchCampaign,
    /// a: a new unit.
    AddUnit,
    /// v: approve (审核) the selected entry.
    Approve,
    /// r: return (退回) the selected entry with a comment.
    Return,
    /// F4 on the form: the next empty required item, wrapping around.
    NextRequired,
    /// F12 on the form: the entry's history (who changed what, when, why).
    History,
    /// Ctrl+P on the form: the whole entry as a printable page.
    Page,
    /// o in the attachment list: open the file with the system viewer.
    OpenFile,
    /// Ctrl+O while attaching: choose a file or a folder.
    Browse,
}

/// Local clock, read by the app and handed to `update` (which stays pure).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clock {
    /// `2013-11-26`
    pub date: String,
    /// `10:32:05`
    pub time: String,
}

impl Clock {
    /// `10:32`
    pub fn hm(&self) -> &str {
        self.time.get(0..5).unwrap_or(&self.time)
    }
}

/// Everything `update` reacts to.
#[derive(Debug, Clone)]
pub enum Action {
    Cmd(Cmd),
    /// A typed character (text in a field, a letter or digit in a list).
    Char(char),
    /// Bracketed paste or a committed IME chunk.
    Paste(String),
    Resize(u16, u16),
    /// A left click at a cell (column, row).
    Click {
        x: u16,
        y: u16,
    },
    Tick(Clock),
    Loaded(Loaded),
    /// A save (or finalise, undo, delete) is durable; the entry's new head.
    Saved(Entry),
    /// A new questionnaire from quick entry is durable.
    QuickSaved(Entry),
    /// The database did not take a write; the message says what to do.
    Failed(String),
    /// The terminal is closing (it hung up, or the app was told to stop):
    /// save what can be saved and quit, asking nothing.
    Closing,
    /// The entry of a draft left by the last run is open: put it back.
    DraftRestored(crate::domain::Draft),
    /// Input was refused (a value, a fingerprint, a file): nothing was
    /// written and nothing is left unsaved; the message says what to do.
    Refused(String),
    /// A sync step finished; what it did, in words.
    SyncDone(Vec<String>),
    /// An HQ step (review, team, unit) is durable; what it did.
    Done(String),
    /// An import waits for the operator (a fingerprint to confirm, a
    /// device to enrol, a team to switch to).
    ImportAsks(ImportAsk),
    /// An attachment step is done (durable when it wrote a revision).
    Attached(Box<super::attach::Attached>),
    /// Trusting a device at HQ needs its team.
    TrustNeedsTeam {
        fingerprint: String,
        /// The campaign's teams: name and id.
        teams: Vec<(String, String)>,
    },
}

/// What an import asks the operator before it can go on.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportAsk {
    /// A first plan: compare HQ's fingerprint over the phone.
    ConfirmHq {
        path: String,
        fingerprint: String,
        label: String,
    },
    /// Results from a device not enrolled: at HQ pick its team (`teams`:
    /// name and id), on a laptop confirm it for the laptop's own team
    /// (`teams` empty).
    Enrol {
        path: String,
        fingerprint: String,
        label: String,
        teams: Vec<(String, String)>,
    },
    /// A plan for another team than this laptop's.
    SwitchTeam {
        path: String,
        from: String,
        to: String,
    },
}

/// Data an effect loaded.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// No campaign yet.
    FirstRun,
    Home(Box<HomeData>),
    Unit(Box<UnitData>),
    /// Fresh data for unit screens already open (opens nothing).
    UnitRefresh(Box<UnitData>),
    Entry(Box<EntryData>),
    Quick(Box<QuickData>),
    Sync(Box<SyncData>),
    /// Automatic findings of a unit (for its 问题清单).
    Auto {
        unit: String,
        findings: Vec<AutoFinding>,
        /// 问题清单 entries out of date: entry id and why.
        stale: Vec<(String, String)>,
        /// The rules that could not be decided for want of a figure
        /// (无法判断), as sentences.
        gaps: Vec<String>,
    },
    Summary(Box<SummaryData>),
    /// The history of an entry, for the form screen's history popup.
    History(Box<super::history::HistoryData>),
    /// An entry as a printable page, for the form screen's page popup.
    Page(Box<super::page::PageView>),
    /// The hits of a search (the search screen opens if it is not shown).
    Search(Box<SearchData>),
    /// A folder listed for the file and folder chooser, or a typed file.
    Chooser(Box<super::chooser::ChooserLoad>),
    /// A folder's photos, to choose which to attach.
    AttachFolder(Box<super::attach::FolderLoad>),
}

/// What a search found, and for which query.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchData {
    pub query: String,
    pub found: crate::analysis::search::Found,
    /// The search took long enough to get in the way of typing.
    pub slow: bool,
}

/// An automatic finding no 问题清单 entry records, as the 问题清单 lists
/// it: open (待确认) or dismissed (不采纳, with the reason).
#[derive(Debug, Clone, PartialEq)]
pub struct AutoFinding {
    pub key: String,
    pub category: String,
    pub facts: String,
    pub state: crate::analysis::FindingState,
    /// The first entry it rests on (→ opens it).
    pub source: Option<String>,
}

/// What the 汇总 screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryData {
    pub title: String,
    /// Per unit: name, 核定 total, 实有 total, findings, score, grade.
    pub rows: Vec<SummaryRow>,
    /// Questionnaire items: label and (option label, count) pairs.
    pub charts: Vec<(String, Vec<(String, usize)>)>,
    /// Grades: (grade, units).
    pub grades: Vec<(String, usize)>,
}

/// One unit's line of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// The unit's id (Enter opens it).
    pub unit: String,
    pub name: String,
    pub quota: Option<f64>,
    pub actual: Option<f64>,
    /// Recorded findings (问题).
    pub findings: usize,
    /// Automatic findings to decide (待确认).
    pub open: usize,
    /// Rules that could not be decided for want of a figure (无法判断).
    pub gaps: usize,
    /// How deep under other units it is listed (0: under none).
    pub depth: usize,
    pub score: Option<f64>,
    pub grade: Option<String>,
    /// 绩效考核: steps of the procedure done (of seven).
    pub progress: Option<usize>,
}

/// What the sync screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncData {
    /// Where the export chooser opens: the folder used last, else a USB
    /// drive if one is mounted, else the documents folder.
    pub folder: String,
    pub fingerprint: String,
    pub trusted: usize,
    /// Whether HQ's encryption key is known (from a plan).
    pub can_encrypt: bool,
    pub conflicts: Vec<ConflictEntry>,
}

/// A conflicted entry with its conflicting fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictEntry {
    pub id: String,
    pub title: String,
    pub fields: Vec<ConflictField>,
}

/// One conflicting field and its sides as text (`值 — 作者 时间`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictField {
    pub path: String,
    pub label: String,
    pub sides: Vec<String>,
}

/// What questionnaire quick entry needs.
#[derive(Debug, Clone)]
pub struct QuickData {
    pub unit: Unit,
    pub form: Arc<Form>,
    /// Questionnaires the unit already has.
    pub count: usize,
}

/// One unit on the home screen.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    pub unit: Unit,
    pub team: Option<String>,
    /// Each stage with the unit's count of (not deleted) entries.
    pub stages: Vec<(Stage, crate::store::FormCount)>,
    /// 问题清单 entries not yet rectified.
    pub findings: usize,
    /// Entries HQ approved / returned.
    pub approved: usize,
    pub returned: usize,
}

/// The home screen's data.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeData {
    pub campaign: std::sync::Arc<Campaign>,
    pub units: Vec<UnitSummary>,
    /// The unit to select (the one just added); `None` keeps the selection.
    pub focus: Option<String>,
}

/// An entry as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRow {
    pub id: String,
    pub form: String,
    pub status: Status,
    pub author: String,
    pub updated_at: String,
    pub title: String,
    pub conflicted: bool,
    /// HQ's review, as a short mark (〔已审核〕, 〔退回：…〕).
    pub review: Option<String>,
    /// Files attached to it (a finding's evidence, photos on site).
    pub attachments: usize,
}

/// A visit stage at a unit with its entries.
#[derive(Debug, Clone, PartialEq)]
pub struct StageEntries {
    pub stage: Stage,
    /// Keyed through questionnaire quick entry (anonymous questionnaires).
    pub quick: bool,
    pub entries: Vec<EntryRow>,
    /// The 问题清单 stage: automatic findings still to decide (待确认).
    pub pending: usize,
    /// The 问题清单 stage: rules that could not be decided (无法判断).
    pub gaps: usize,
}

/// The unit screen's data.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitData {
    pub campaign: String,
    pub unit: Unit,
    pub team: Option<String>,
    /// The name of the unit it is listed under (上级单位).
    pub parent: Option<String>,
    /// The baseline as label/value lines (机构规格 正科级 …).
    pub baseline_text: Vec<(String, String)>,
    pub stages: Vec<StageEntries>,
    /// 绩效考核: each step of the procedure and where it stands
    /// (自查自评, 已完成 10-28); empty for other campaigns.
    pub steps: Vec<(String, String)>,
}

/// What the form screen needs about an entry.
#[derive(Debug, Clone)]
pub struct EntryData {
    pub form: Arc<Form>,
    pub entry: Entry,
    pub unit_name: String,
    pub baseline: Baseline,
    /// What the unit's roster counts, shown beside the items it prefills.
    pub roster: Option<RosterCounts>,
    /// Created just now (`n`): left untouched, it is not kept.
    pub new: bool,
    /// HQ's review of it, as a line (a return says what to correct), and
    /// for a 问题清单 entry out of date, why.
    pub review: Option<String>,
}

/// Work for `App::perform`: everything that touches the store or files.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadHome,
    /// Keep the text being typed in the draft file.
    KeepDraft(crate::domain::Draft),
    /// Nothing typed is left unsaved: remove the draft file.
    ClearDraft,
    /// Open the entry of a draft left by the last run, unless its text is
    /// what the entry already holds.
    RestoreDraft(crate::domain::Draft),
    LoadUnit(String),
    OpenEntry(String),
    NewEntry {
        unit: String,
        form: String,
    },
    OpenQuick {
        unit: String,
        form: String,
    },
    Save {
        entry: String,
        sets: Vec<(String, String)>,
        reason: Option<String>,
    },
    Apply {
        entry: String,
        changes: BTreeMap<String, Value>,
        reason: Option<String>,
    },
    Finalize(String),
    SetStatus {
        entry: String,
        status: Status,
        reason: Option<String>,
    },
    CreateQuestionnaire {
        unit: String,
        form: String,
        sets: Vec<(String, String)>,
    },
    /// Finalise every draft of `form` at `unit` that nothing keeps from
    /// being final; the others stay as they are.
    FinalizeComplete {
        unit: String,
        form: String,
    },
    SeedDemo,
    LoadSync,
    LoadAuto(String),
    AcceptFinding {
        unit: String,
        key: String,
    },
    DismissFinding {
        unit: String,
        key: String,
        reason: String,
    },
    LoadSummary,
    /// Make the next campaign of the folder current, then show 首页.
    NextCampaign,
    /// The campaign's reports (`unit: None`) or one unit's, to `folder`.
    ExportReports {
        folder: String,
        unit: Option<String>,
    },
    /// Open the file and folder chooser at the folder last used for its
    /// purpose (else where exports go by default).
    OpenChooser(super::chooser::ChooserFor),
    /// Show `path` (relative to `from`) in the open chooser, listing files
    /// of `extensions`; a file is taken when `file` (the chooser picks
    /// files).
    ChooserGo {
        path: String,
        from: String,
        file: bool,
        extensions: &'static [&'static str],
    },
    /// Import a unit list (`roster`: a 实名制 roster) from a file (HQ).
    ImportSheet {
        path: String,
        roster: bool,
    },
    /// Remember a folder in the setting `key` (the last one used).
    RememberFolder {
        key: String,
        folder: String,
    },
    Export {
        folder: String,
        incremental: bool,
        encrypt: bool,
    },
    Import {
        path: String,
        /// A fingerprint the operator confirmed.
        trust: Option<String>,
        /// The team (id) a device is enrolled for.
        team: Option<String>,
        switch_team: bool,
    },
    Trust {
        fingerprint: String,
        team: Option<String>,
    },
    Review {
        entry: String,
        approve: bool,
        comment: Option<String>,
    },
    AddTeam(String),
    NewCampaign(String),
    AddUnit(String),
    Assign {
        unit: String,
        team: String,
    },
    SetUnitField {
        unit: String,
        field: UnitField,
        value: String,
    },
    /// Search the current campaign for a text (blank: no hits).
    Search {
        query: String,
    },
    /// Picks per conflicting field: path and side number (from 1).
    Resolve {
        entry: String,
        picks: Vec<(String, String)>,
    },
    /// Read an entry's history (its id) for the history popup.
    LoadHistory(String),
    /// The whole entry as a printable page (`report::entry`).
    LoadPage(String),
    /// Attach files to an item, remove one, or change a caption.
    Attach {
        target: super::attach::Target,
        op: super::attach::AttachOp,
        reason: Option<String>,
    },
    /// Open an attachment's file with the system viewer.
    OpenAttachment {
        sha: String,
        name: String,
    },
}

impl Effect {
    /// What the message line says while this effect runs, for the effects
    /// that may take long (a bundle with photos, every report): the screen
    /// shows it before the work starts, so a still screen never looks hung.
    pub fn busy_text(&self) -> Option<String> {
        match self {
            Effect::Export { .. } => Some(crate::i18n::ui_busy_export()),
            Effect::Import { path, .. } => {
                let name = std::path::Path::new(path)
                    .file_name()
                    .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
                Some(crate::i18n::ui_busy_import(
                    &crate::domain::ids::clean_label(&name),
                ))
            }
            Effect::ExportReports { .. } => Some(crate::i18n::ui_busy_reports()),
            _ => None,
        }
    }
}
