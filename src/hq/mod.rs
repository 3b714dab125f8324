//! HQ operations (考核委办公室 / 编办): setting up a campaign, importing its
//! units from a spreadsheet, teams and assignments, reviewing the entries
//! teams send back, and importing the 自评表 units return. Every change is checked completely, then
//! written in one `Store::commit`; a refused change writes nothing.

pub mod campaign;
pub mod columns;
mod header;
mod layout;
pub mod names;
pub mod objection;
mod procedure;
pub mod review;
pub mod roster;
pub mod selfcheck;
pub mod selfcheck_read;
pub mod selfcheck_sheet;
pub mod table;
pub mod teams;
pub mod units;

pub use review::review_of;

/// The record that stores a campaign, its labels cleaned of control
/// characters (names from spreadsheets and the command line are labels).
pub(crate) fn campaign_record(mut campaign: crate::domain::Campaign) -> crate::store::Change {
    campaign.clean_labels();
    crate::store::Change::Campaign { campaign }
}

use crate::domain::Campaign;
use crate::form::Form;
use crate::i18n;
use crate::store::{Store, StoreError};

/// One problem of a unit list: where (row, column) and what.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// The worksheet (workbooks only).
    pub sheet: Option<String>,
    /// Row number as the spreadsheet shows it (1-based).
    pub row: usize,
    /// The column's header as written in the file.
    pub column: String,
    /// The spreadsheet column letter, when known.
    pub letter: Option<String>,
    pub problem: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&i18n::hq_cell_error(
            self.sheet.as_deref(),
            self.row,
            &self.column,
            self.letter.as_deref(),
            &self.problem,
        ))
    }
}

/// An HQ failure, in words that say what to do. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum HqError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", i18n::no_campaign())]
    NoCampaign,
    #[error("{}", i18n::unknown_form(.0))]
    UnknownForm(String),
    /// A unit list with problems: every one of them, nothing imported.
    #[error("{}", i18n::hq_bad_rows(file, &errors.iter().map(ToString::to_string).collect::<Vec<_>>()))]
    Rows {
        file: String,
        errors: Vec<CellError>,
    },
    #[error("{0}")]
    Invalid(String),
}

/// The current campaign.
fn current(store: &Store) -> Result<Campaign, HqError> {
    store
        .current_campaign()?
        .map(std::sync::Arc::unwrap_or_clone)
        .ok_or(HqError::NoCampaign)
}

/// The newest version of a form.
fn latest_form<'a>(store: &'a Store, id: &str) -> Result<&'a Form, HqError> {
    store
        .forms()
        .latest(id)
        .ok_or_else(|| HqError::UnknownForm(id.to_string()))
}
