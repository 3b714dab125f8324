//! One line of the form outline (`Row`): what the form screen lists and
//! the cursor rests on, and what dialogs point back to.

/// One line of the form outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Section(String),
    /// An item (top level, or in a repeat row).
    Item {
        id: String,
        row: Option<String>,
        path: String,
    },
    /// A calc or note item: shown, not typed into, skipped by the cursor.
    Show {
        id: String,
        row: Option<String>,
    },
    /// The heading of a repeat row: repeat id, row id, 1-based number.
    RowHead {
        repeat: String,
        row: String,
        n: usize,
    },
    /// The title line of a repeat table.
    RepeatHead {
        id: String,
    },
    /// "＋ 新增一行" of a repeat.
    AddRow {
        repeat: String,
    },
}
