//! Sync: signed JSON bundles. Results bundles (field → HQ, or a team
//! leader's merge of its laptops) carry revisions; plan bundles (HQ → field)
//! carry the campaign, the forms and HQ's keys. Import verifies everything
//! before writing, writes in one transaction, and is idempotent; the
//! revision DAG (domain::dag) merges what arrives.

pub mod bundle;
pub mod export;
pub mod import;
pub mod keys;

use std::path::Path;

use crate::i18n;
use crate::store::StoreError;
use crate::workspace::WorkError;

/// A sync failure, in words that say what to do. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Work(#[from] WorkError),
    #[error("{}", i18n::sync_io(path, &source.to_string()))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", i18n::sync_key(.0))]
    Key(String),
    #[error("{}", i18n::bad_fingerprint(.0))]
    BadFingerprint(String),
    #[error("{}", i18n::sync_not_bundle(.0))]
    NotBundle(String),
    #[error("{}", i18n::sync_bad_format(.0))]
    BadFormat(String),
    #[error("{}", i18n::sync_bad_version(*.0))]
    BadVersion(u32),
    #[error("{}", i18n::sync_hash_mismatch())]
    HashMismatch,
    #[error("{}", i18n::sync_bad_signature())]
    BadSignature,
    #[error("{}", i18n::sync_envelope_mismatch())]
    EnvelopeMismatch,
    #[error("{}", i18n::sync_untrusted(.0))]
    Untrusted(String),
    #[error("{}", i18n::sync_not_hq(.0))]
    NotHq(String),
    #[error("{}", i18n::sync_other_campaign(.0))]
    OtherCampaign(String),
    #[error("{}", i18n::sync_bad_revision(.0, .1))]
    BadRevision(String, String),
    #[error("{}", i18n::sync_missing_parent(.0))]
    MissingParent(String),
    #[error("{}", i18n::sync_encrypted_for_other())]
    NotForUs,
    #[error("{}", i18n::sync_no_recipient())]
    NoRecipient,
    #[error("{}", i18n::sync_no_team(.0))]
    NoTeam(String),
}

impl SyncError {
    fn io(path: &Path, source: std::io::Error) -> SyncError {
        SyncError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Work(WorkError::Store(e))
    }
}
