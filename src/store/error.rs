//! What can go wrong in the store, in words a person can act on.

use std::path::PathBuf;

use crate::i18n;

/// A store failure. Its text (zh-CN or en) says what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another kaocha process has the data dir open.
    #[error("{}", i18n::store_locked(&dir.display().to_string()))]
    Locked { dir: PathBuf },
    /// The data dir or a file in it cannot be created, read or written.
    #[error("{}", i18n::store_io(what, &source.to_string(), source.kind() == std::io::ErrorKind::StorageFull))]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// sled refused to open the database: the journal can rebuild it.
    #[error("{}", i18n::store_cannot_open(detail))]
    CannotOpen { detail: String },
    /// A sled operation failed.
    #[error("{}", i18n::store_db(detail))]
    Db { detail: String },
    /// A stored value does not read back.
    #[error("{}", i18n::store_corrupt(detail))]
    Corrupt { detail: String },
    /// The data was written by a newer kaocha.
    #[error("{}", i18n::store_too_new(*found))]
    TooNew { found: u32 },
    /// An earlier write failed half-way; restart to recover from the journal.
    #[error("{}", i18n::store_poisoned())]
    Poisoned,
    /// Revisions whose parents never arrived.
    #[error("{}", i18n::store_missing_parents(entry))]
    MissingParents { entry: String },
    /// A revision for an entry that does not exist.
    #[error("{}", i18n::store_unknown_entry(entry))]
    UnknownEntry { entry: String },
    /// The journal has no records but the database has entries: a rebuild
    /// would empty it.
    #[error("{}", i18n::store_journal_missing())]
    JournalMissing,
    /// The journal ends before the database's position in it: lines the
    /// database refers to are gone, and nothing is written.
    #[error("{}", i18n::store_journal_behind())]
    JournalBehind,
    /// A revision's journal line does not read back as that revision.
    #[error("{}", i18n::store_journal_line(entry, revision, detail))]
    JournalLine {
        entry: String,
        revision: String,
        detail: String,
    },
    /// A rebuild would end with fewer entries than the database holds.
    #[error("{}", i18n::store_rebuild_loses(lost.len(), &lost.iter().take(20).cloned().collect::<Vec<_>>().join("\n")))]
    RebuildLoses { lost: Vec<String> },
    /// A built-in form does not load (a bug of this build).
    #[error("{}", i18n::builtin_forms_broken(.0))]
    BuiltinForms(String),
    /// A revision whose id does not match its content.
    #[error("{}", i18n::store_bad_revision(id))]
    BadRevision { id: String },
}

impl StoreError {
    /// An I/O failure while doing `what`.
    pub fn io(what: impl Into<String>, source: std::io::Error) -> StoreError {
        StoreError::Io {
            what: what.into(),
            source,
        }
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Db {
            detail: e.to_string(),
        }
    }
}

/// Store results.
pub type Result<T> = std::result::Result<T, StoreError>;
