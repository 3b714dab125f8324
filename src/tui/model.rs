//! All UI state: the stack of screens, the popup (its types in `popup`), the
//! save state. Plain data; changed only by `update`.

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui_textarea::TextArea;
use serde_json::Value;

use super::action::{Clock, EntryRow, HomeData, StageEntries, UnitData};
pub use super::keymap::{Keymap, Mode};
pub use super::popup::{Confirmed, InputFor, Pending, PickFor, Popup};
pub use super::row::Row;
use crate::domain::{Baseline, Entry, Unit};
use crate::form::Form;

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 40;
/// Smallest usable terminal.
pub const MIN_HEIGHT: u16 = 12;

/// The save state shown in the top bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveState {
    #[default]
    Idle,
    Saving,
    /// Durable at this time (HH:MM:SS).
    Saved(String),
    /// The reason, in words.
    Failed(String),
}

/// A short message at the bottom, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// The screens.
#[derive(Debug, Clone)]
pub enum Screen {
    FirstRun(FirstRunState),
    Home(HomeState),
    Unit(UnitState),
    Form(Box<FormState>),
    Quick(Box<QuickState>),
    Findings(FindingsState),
    Help(HelpState),
    Sync(Box<SyncState>),
    Summary(Box<SummaryState>),
    Search(Box<SearchState>),
}

/// The kinds of screen, for help and key bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    FirstRun,
    Home,
    Unit,
    Form,
    Quick,
    Findings,
    Help,
    Sync,
    Summary,
    Search,
}

impl ScreenKind {
    /// The mode a screen of this kind is in without a popup (the help lists
    /// the keys that work there).
    pub fn mode(self) -> Mode {
        match self {
            ScreenKind::Form | ScreenKind::Quick | ScreenKind::Search => Mode::Edit,
            _ => Mode::Navigate,
        }
    }
}

impl Screen {
    /// Which kind of screen this is.
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::FirstRun(_) => ScreenKind::FirstRun,
            Screen::Home(_) => ScreenKind::Home,
            Screen::Unit(_) => ScreenKind::Unit,
            Screen::Form(_) => ScreenKind::Form,
            Screen::Quick(_) => ScreenKind::Quick,
            Screen::Findings(_) => ScreenKind::Findings,
            Screen::Help(_) => ScreenKind::Help,
            Screen::Sync(_) => ScreenKind::Sync,
            Screen::Summary(_) => ScreenKind::Summary,
            Screen::Search(_) => ScreenKind::Search,
        }
    }
}

/// First run: what to start with.
#[derive(Debug, Clone, Default)]
pub struct FirstRunState {
    pub selected: usize,
}

/// 首页: the units of the campaign.
#[derive(Debug, Clone)]
pub struct HomeState {
    pub data: HomeData,
    pub selected: usize,
}

/// 单位: baseline and stages with their entries.
#[derive(Debug, Clone)]
pub struct UnitState {
    pub data: UnitData,
    /// The selected line of the stage list (a stage or one of its entries).
    pub selected: usize,
}

/// A line of the unit screen's stage list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLine {
    Stage(usize),
    Entry(usize, usize),
}

impl UnitState {
    /// The lines of the stage list: each stage, then its entries.
    pub fn lines(&self) -> Vec<UnitLine> {
        let mut out = Vec::new();
        for (s, stage) in self.data.stages.iter().enumerate() {
            out.push(UnitLine::Stage(s));
            out.extend((0..stage.entries.len()).map(|e| UnitLine::Entry(s, e)));
        }
        out
    }

    /// The stage the selection is in.
    pub fn stage(&self) -> Option<&StageEntries> {
        match self.lines().get(self.selected)? {
            UnitLine::Stage(s) | UnitLine::Entry(s, _) => self.data.stages.get(*s),
        }
    }

    /// The selected entry, if an entry line is selected.
    pub fn entry(&self) -> Option<&EntryRow> {
        match self.lines().get(self.selected)? {
            UnitLine::Entry(s, e) => self.data.stages.get(*s)?.entries.get(*e),
            UnitLine::Stage(_) => None,
        }
    }
}

/// 问题清单: the findings entries of a unit.
#[derive(Debug, Clone)]
pub struct FindingsState {
    pub data: UnitData,
    pub selected: usize,
    /// The rules' findings no entry records (listed first, then the
    /// 问题清单 entries).
    pub auto: Vec<super::action::AutoFinding>,
    /// Entries out of date, with why.
    pub stale: Vec<(String, String)>,
    /// The rules that could not be decided (无法判断), shown above the
    /// list; nothing to select.
    pub gaps: Vec<String>,
}

/// 汇总: the campaign summary.
#[derive(Debug, Clone)]
pub struct SummaryState {
    pub data: super::action::SummaryData,
    pub selected: usize,
    /// Which questionnaire chart is shown.
    pub chart: usize,
}

/// 同步: export, import, trust, conflicts.
#[derive(Debug, Clone)]
pub struct SyncState {
    pub data: super::action::SyncData,
    pub row: usize,
    pub trust_fp: Box<TextArea<'static>>,
    pub incremental: bool,
    pub encrypt: bool,
    /// What the last steps did, newest last.
    pub log: Vec<String>,
    /// Resolving one conflicted entry: which, the current field, the picks.
    pub resolving: Option<Resolving>,
}

/// Rows of the sync screen before the conflicted entries.
pub const SYNC_ROWS: usize = 5;

/// A conflicted entry being resolved field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolving {
    pub entry: usize,
    pub field: usize,
    /// The side picked per field (from 1), by field index.
    pub picks: Vec<Option<usize>>,
}

impl SyncState {
    /// Whether the selected row is a text input.
    pub fn editing(&self) -> bool {
        self.resolving.is_none() && self.row == 4
    }
}

/// 搜索 (F3, `/`): the query being typed and the hits of the last search.
#[derive(Debug, Clone)]
pub struct SearchState {
    pub input: Box<TextArea<'static>>,
    /// The query the hits are for (`None` before the first search).
    pub searched: Option<String>,
    pub found: crate::analysis::search::Found,
    pub selected: usize,
    /// Ticks since the last keystroke (the hits follow a pause in typing).
    pub idle: u8,
    /// The query was edited since the last search (Enter searches again
    /// rather than opening a hit).
    pub edited: bool,
    /// Hits follow a pause in typing; off once a search was slow (a very
    /// large campaign), when only Enter searches, so typing stays quick.
    pub live: bool,
    /// The hit being opened: its entry and path; the form goes to that
    /// item once it is loaded.
    pub opening: Option<(String, String)>,
}

/// 帮助.
#[derive(Debug, Clone)]
pub struct HelpState {
    pub of: ScreenKind,
    pub scroll: u16,
    /// Opened from a meeting form with live minutes: what F1 says of them.
    pub minutes: Option<MinutesHelp>,
}

/// The labels F1 names the live minutes of a meeting form with: its table
/// of remarks, the remark item (where Enter records it) and the finding
/// tags `#标签` ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesHelp {
    pub table: String,
    pub remark: String,
    pub tags: Vec<String>,
}

/// The editor of the current item.
#[derive(Debug, Clone)]
pub enum Field {
    /// Text, numbers, dates, times; `dirty` once typed into; `fresh` until
    /// the first key: then typing replaces a one-line value (as in a
    /// spreadsheet), while long text is appended to.
    Text {
        input: Box<TextArea<'static>>,
        dirty: bool,
        fresh: bool,
    },
    /// Choice, yesno, scale: the highlighted option (0-based); `typed` holds
    /// a first digit when there are more than nine options.
    Pick { highlight: usize, typed: Option<u8> },
    /// Multiple choice: the chosen option values.
    Multi {
        chosen: Vec<String>,
        highlight: usize,
        dirty: bool,
    },
    /// Nothing to type (calc, note, headings).
    None,
}

/// 表单: one entry being filled.
#[derive(Debug, Clone)]
pub struct FormState {
    pub form: Arc<Form>,
    pub entry: Entry,
    pub unit_name: String,
    pub baseline: Baseline,
    /// What the unit's roster counts (items prefilled from it say so).
    pub roster: Option<crate::domain::RosterCounts>,
    pub rows: Vec<Row>,
    pub cursor: usize,
    pub field: Field,
    /// Live validation message of the current field.
    pub problem: Option<String>,
    /// The reason given for changing this (finalised) entry.
    pub reason: Option<String>,
    /// Inverse changes of this session's saves, newest last (Ctrl+Z).
    pub undo: Vec<BTreeMap<String, Value>>,
    /// After the next save, move to the new row of this repeat (and to
    /// this item in it, else its first).
    pub focus_new_row: Option<String>,
    pub focus_item: Option<String>,
    /// Where to go once the pending save is durable.
    pub after_save: Option<AfterSave>,
    /// Whether long answers are stamped (each new paragraph starts with
    /// [HH:MM]) where an item does not say: interview and meeting forms.
    pub stamp: bool,
    /// Ticks since the last keystroke in a dirty text field (autosave).
    pub idle: u8,
    /// The pending save is an undo (its inverse goes onto `redo`).
    pub undoing: bool,
    /// Changes taken back by Ctrl+Z this session, newest last (Ctrl+Y).
    pub redo: Vec<BTreeMap<String, Value>>,
    /// The pending save is a redo (it keeps `redo`).
    pub redoing: bool,
    /// Esc was pressed on an invalid value: a second Esc discards it.
    pub discard_armed: bool,
    /// Created on opening (`n`): left with nothing saved, it is deleted.
    pub new: bool,
    /// HQ's review, shown above the item (a return's comment says what
    /// to correct).
    pub review: Option<String>,
}

/// Where the cursor goes once a save is durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    Next,
    Prev,
    To(Row),
    Back,
}

/// 问卷快速录入: one question at a time, one digit per answer.
#[derive(Debug, Clone)]
pub struct QuickState {
    pub unit: Unit,
    pub form: Arc<Form>,
    /// The items keyed in quick entry: the single-choice-like ones in
    /// order, then the open (text) ones, typed last.
    pub items: Vec<String>,
    pub pos: usize,
    /// The option value chosen (or the text typed) per item so far; `None`
    /// is not answered yet, or 未答.
    pub answers: Vec<Option<String>>,
    /// The answers of the questionnaire being saved, back if saving fails.
    pub last: Vec<Option<String>>,
    /// Questionnaires saved since quick entry opened.
    pub saved: usize,
    /// Questionnaires of this unit (saved), including earlier ones.
    pub count: usize,
    /// The last five entered, newest last, as digit strings.
    pub recent: Vec<String>,
    /// A questionnaire waiting for its save.
    pub saving: bool,
}

/// The whole UI state.
#[derive(Debug, Clone)]
pub struct Model {
    /// The bottom screen: home (or first run).
    pub base: Screen,
    /// Screens opened over it, the current one last.
    pub stack: Vec<Screen>,
    pub popup: Option<Popup>,
    pub save: SaveState,
    pub flash: Option<Flash>,
    pub now: Clock,
    pub size: (u16, u16),
    pub quit: bool,
    /// Saves that failed and were not retried successfully.
    pub unsaved: usize,
    /// Quit once the pending save is durable.
    pub quit_after_save: bool,
    /// What the draft file holds (`app::draft`): the text last kept.
    pub drafted: Option<crate::domain::Draft>,
    /// The entry deleted last (Ctrl+Z on the unit screen restores it).
    pub last_deleted: Option<String>,
    /// Keys → commands (the defaults and the user's `keys.json`); the help
    /// and the key bar show its keys.
    pub keymap: Keymap,
    /// The rows the last frame drew that a click can pick (the views fill
    /// it as they draw).
    pub hits: super::mouse::Hits,
}

impl Model {
    /// Whether a run of text keys arriving at once is a paste here: in a
    /// dialog and on the form (a text field takes it; a choice or a yes/no
    /// question refuses it, so pasted digits pick nothing), and in the sync
    /// screen's path. Not in quick entry or the lists, where keys keyed
    /// fast are answers and choices.
    pub fn takes_paste(&self) -> bool {
        match (&self.popup, self.screen()) {
            (Some(_), _) | (None, Screen::Form(_) | Screen::Search(_)) => true,
            (None, Screen::Sync(s)) => s.editing(),
            _ => false,
        }
    }

    /// Whether the terminal is too small to show the screens (then only a
    /// notice is drawn and keys do nothing but quit).
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// A model showing a loading home screen until data arrives.
    pub fn new(size: (u16, u16), now: Clock) -> Model {
        Model {
            base: Screen::FirstRun(FirstRunState::default()),
            stack: Vec::new(),
            popup: None,
            save: SaveState::Idle,
            flash: None,
            now,
            size,
            quit: false,
            unsaved: 0,
            quit_after_save: false,
            drafted: None,
            last_deleted: None,
            keymap: Keymap::default(),
            hits: super::mouse::Hits::default(),
        }
    }

    /// The current screen.
    pub fn screen(&self) -> &Screen {
        self.stack.last().unwrap_or(&self.base)
    }

    /// The current screen, to change it.
    pub fn screen_mut(&mut self) -> &mut Screen {
        self.stack.last_mut().unwrap_or(&mut self.base)
    }

    /// Navigate or Edit, from what has focus.
    pub fn mode(&self) -> Mode {
        match (&self.popup, self.screen()) {
            (Some(Popup::Reason { .. } | Popup::Input { .. }), _) => Mode::Edit,
            (Some(Popup::Chooser(c)), _) if c.typing => Mode::Edit,
            (Some(Popup::Attach(d)), _) if d.typing() => Mode::Edit,
            (Some(_), _) => Mode::Navigate,
            (None, Screen::Form(_) | Screen::Quick(_) | Screen::Search(_)) => Mode::Edit,
            (None, Screen::Sync(s)) if s.editing() => Mode::Edit,
            _ => Mode::Navigate,
        }
    }
}
