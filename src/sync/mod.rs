//! Sync: signed JSON bundles. Results bundles (field → HQ, or a team
//! leader's merge of its laptops) carry revisions; plan bundles (HQ → field)
//! carry the campaign share of one team, the forms and HQ's keys. Import
//! reads within a size limit, verifies everything and decides who may change
//! what before writing, writes in one commit, and is idempotent; the
//! revision DAG (domain::dag) merges what arrives.

pub mod bundle;
mod check;
pub mod export;
pub mod files;
pub mod import;
pub mod keys;
mod options;
mod plan_in;
pub mod protect;
pub mod read;
pub mod scope;
mod stream;
pub mod trust;

use std::path::Path;

use crate::domain::Campaign;
use crate::form::Form;
use crate::i18n;
use crate::store::{Store, StoreError};

/// A sync failure, in words that say what to do. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", i18n::no_campaign())]
    NoCampaign,
    #[error("{}", i18n::unknown_form(.0))]
    UnknownForm(String),
    #[error("{}", i18n::sync_io(path, &source.to_string()))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", i18n::sync_key(.0))]
    Key(String),
    #[error("{}", i18n::bad_fingerprint(.0))]
    BadFingerprint(String),
    #[error("{}", i18n::unknown_fingerprint(.0))]
    UnknownFingerprint(String),
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
    #[error("{}", i18n::sync_bad_ids())]
    BadIds,
    #[error("{}", i18n::sync_too_large(*size, *max))]
    TooLarge { size: Option<u64>, max: u64 },
    /// A results bundle from a key not enrolled here.
    #[error("{}", i18n::sync_untrusted(signer, label))]
    Untrusted { signer: String, label: String },
    /// Enrolling a device needs its teams.
    #[error("{}", i18n::sync_need_team(.0))]
    NeedTeam(String),
    #[error("{}", i18n::sync_device_mismatch(signer, bound, claimed))]
    DeviceMismatch {
        signer: String,
        bound: String,
        claimed: String,
    },
    /// A plan signed by another key than the pinned HQ key.
    #[error("{}", i18n::sync_not_hq(trusted, signer))]
    NotHq { trusted: String, signer: String },
    /// A first plan whose HQ fingerprint was not confirmed.
    #[error("{}", i18n::sync_hq_unconfirmed(signer, label))]
    HqUnconfirmed { signer: String, label: String },
    /// HQ (or the plan's own signer) never imports a plan.
    #[error("{}", i18n::sync_hq_imports_plan(.0))]
    HqImportsPlan(String),
    #[error("{}", i18n::sync_plan_rollback(*got, *have))]
    PlanRollback { got: u64, have: u64 },
    #[error("{}", i18n::sync_team_switch(from, to))]
    TeamSwitch { from: String, to: String },
    #[error("{}", i18n::sync_bad_plan(.0))]
    BadPlan(String),
    #[error("{}", i18n::sync_results_carry(.0))]
    ResultsCarry(String),
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
    /// Only HQ of a campaign exports its plans.
    #[error("{}", i18n::sync_not_hq_here(.0))]
    NotHqHere(String),
    #[error("{}", i18n::keys_need_passphrase())]
    NeedPassphrase,
    #[error("{}", i18n::keys_wrong_passphrase())]
    WrongPassphrase,
    #[error("{}", i18n::keys_short_passphrase(*.0))]
    ShortPassphrase(usize),
    /// A bundle encrypted under a passphrase, and none was given.
    #[error("{}", i18n::sync_need_bundle_passphrase())]
    NeedBundlePassphrase,
    #[error("{}", i18n::sync_wrong_bundle_passphrase())]
    WrongBundlePassphrase,
    /// The bundle's list of files is wrong (not a hash, too large, twice).
    #[error("{}", i18n::sync_bad_files())]
    BadFiles,
    /// A file in the bundle is not what its signed hash names.
    #[error("{}", i18n::sync_file_mismatch(.0))]
    FileMismatch(String),
    /// The bundle ends before all its files.
    #[error("{}", i18n::sync_files_cut_off(*got, *want))]
    FilesCutOff { got: usize, want: usize },
    /// An attachment kept here no longer matches its hash (export).
    #[error("{}", i18n::sync_file_altered_here(.0))]
    FileAlteredHere(String),
}

impl SyncError {
    fn io(path: &Path, source: std::io::Error) -> SyncError {
        SyncError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The current campaign.
fn current(store: &Store) -> Result<Campaign, SyncError> {
    store
        .current_campaign()?
        .map(std::sync::Arc::unwrap_or_clone)
        .ok_or(SyncError::NoCampaign)
}

/// The newest version of a form.
fn latest_form<'a>(store: &'a Store, id: &str) -> Result<&'a Form, SyncError> {
    store
        .forms()
        .latest(id)
        .ok_or_else(|| SyncError::UnknownForm(id.to_string()))
}
