//! The open workspace: the store, every form it knows (built-in and from
//! plans), the current campaign and who is working. The CLI and the TUI both
//! work through it.

use std::path::Path;
use std::sync::Arc;

use crate::domain::{Author, Campaign, Entry, Unit};
use crate::form::Form;
use crate::i18n;
use crate::store::{Store, StoreError};

/// Failures a person can act on, in their language.
#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", i18n::no_campaign())]
    NoCampaign,
    #[error("{}", i18n::unknown_unit(.0))]
    UnknownUnit(String),
    #[error("{}", i18n::unknown_form(.0))]
    UnknownForm(String),
    #[error("{}", i18n::unknown_entry(.0))]
    UnknownEntry(String),
    #[error("{}", i18n::ambiguous_entry(.0))]
    AmbiguousEntry(String),
    #[error(transparent)]
    Edit(#[from] crate::form::plan::EditError),
    #[error(transparent)]
    Attach(#[from] crate::store::attach::AttachRefused),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
    #[error(transparent)]
    Hq(#[from] crate::hq::HqError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// The built-in rules do not load (a bug of this build).
    #[error("{}", i18n::r_builtin_broken(.0))]
    BuiltinRules(String),
    /// Another rater's review sheet, to a rater whose own is not final.
    #[error("{}", i18n::seal_entry())]
    Sealed,
    /// A report with review scores of a unit the person is sealed off.
    #[error("{}", i18n::seal_report(.0))]
    SealedReport(String),
    /// A file could not be written.
    #[error("{}", i18n::sync_io(path, &source.to_string()))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl WorkError {
    /// Whether the database failed to take a write (a disk, lock or
    /// damage problem): what was being saved may not be. Anything else is
    /// input refused (a value, a fingerprint, a file), with nothing
    /// written and nothing pending.
    pub fn is_store_failure(&self) -> bool {
        matches!(
            self,
            WorkError::Store(_)
                | WorkError::Hq(crate::hq::HqError::Store(_))
                | WorkError::Sync(crate::sync::SyncError::Store(_))
        )
    }

    /// The message for the entry screens, which show each item's label
    /// beside it: an item's id is left out.
    pub fn for_screen(&self) -> String {
        match self {
            WorkError::Edit(e) => e.for_screen(),
            e => e.to_string(),
        }
    }
}

/// Store + forms + author.
pub struct Workspace {
    pub store: Store,
    pub author: Author,
}

impl Workspace {
    /// Opens the data dir; `person` names who works (else the OS user).
    pub fn open(dir: &Path, person: Option<String>) -> Result<Workspace, WorkError> {
        let store = Store::open(dir)?;
        // Names go into revisions and travel: no control characters.
        let person = person
            .filter(|p| !p.trim().is_empty())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .map(|p| crate::domain::ids::clean_label(&p))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "inspector".into());
        let author = Author {
            device: store.device().id.clone(),
            person,
        };
        Ok(Workspace { store, author })
    }

    /// Reads the forms again (after a plan brought new ones).
    pub fn reload_forms(&mut self) -> Result<(), WorkError> {
        Ok(self.store.reload_forms()?)
    }

    /// A form by id and version.
    pub fn form(&self, id: &str, version: u32) -> Result<&Form, WorkError> {
        self.store
            .forms()
            .get(id, version)
            .ok_or_else(|| WorkError::UnknownForm(format!("{id}@{version}")))
    }

    /// The newest version of a form.
    pub fn latest_form(&self, id: &str) -> Result<&Form, WorkError> {
        self.store
            .forms()
            .latest(id)
            .ok_or_else(|| WorkError::UnknownForm(id.to_string()))
    }

    /// Every form, newest version of each id.
    pub fn forms(&self) -> Vec<&Form> {
        self.store.forms().newest()
    }

    /// The current campaign.
    pub fn campaign(&self) -> Result<Arc<Campaign>, WorkError> {
        self.store.current_campaign()?.ok_or(WorkError::NoCampaign)
    }

    /// A unit of the current campaign by id or name.
    pub fn unit(&self, campaign: &Campaign, key: &str) -> Result<Unit, WorkError> {
        campaign
            .unit(key)
            .cloned()
            .ok_or_else(|| WorkError::UnknownUnit(key.to_string()))
    }

    /// An entry by id or by a unique prefix of its id.
    /// Another rater's review sheet is refused to a rater whose own sheet
    /// of the unit is not final (the seal).
    pub fn find_entry(&self, key: &str) -> Result<Entry, WorkError> {
        let entry = self.find_any_entry(key)?;
        self.check_seal(&entry)?;
        Ok(entry)
    }

    fn find_any_entry(&self, key: &str) -> Result<Entry, WorkError> {
        if let Some(e) = self.store.entry(key)? {
            return Ok(e);
        }
        let campaign = self.campaign()?;
        let matches: Vec<Entry> = self
            .store
            .entries(&campaign.id, None)?
            .into_iter()
            .filter(|e| key.len() >= 4 && e.id.starts_with(key))
            .collect();
        match matches.len() {
            0 => Err(WorkError::UnknownEntry(key.to_string())),
            1 => Ok(matches
                .into_iter()
                .next()
                .ok_or_else(|| WorkError::UnknownEntry(key.to_string()))?),
            _ => Err(WorkError::AmbiguousEntry(key.to_string())),
        }
    }

    /// The unit's baseline for an entry (empty when the unit is unknown).
    pub fn baseline_of(&self, entry: &Entry) -> crate::domain::Baseline {
        self.store
            .campaign(&entry.campaign)
            .ok()
            .flatten()
            .and_then(|c| c.unit(&entry.unit).map(|u| u.baseline.clone()))
            .unwrap_or_default()
    }

    /// An entry's audit trail, oldest first: who changed what, when, from
    /// which value to which, and why.
    pub fn history(&self, entry: &Entry) -> Result<Vec<crate::domain::Step>, WorkError> {
        Ok(crate::domain::history(self.store.revisions(&entry.id)?))
    }
}
