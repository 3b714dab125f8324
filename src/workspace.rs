//! The open workspace: the store, every form it knows (built-in and from
//! plans), the current campaign and who is working. The CLI and the TUI both
//! work through it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::{Author, Campaign, Entry, Unit};
use crate::form::{self, Form};
use crate::i18n;
use crate::store::{Store, StoreError};

/// Setting that names the current campaign.
pub const CURRENT_CAMPAIGN: &str = "current_campaign";
/// Prefix of the folder's role in a campaign (`role:<campaign>` = `hq`).
const ROLE: &str = "role:";

/// Whether this data folder is HQ of a campaign (`campaign new`, or the
/// demo it seeded): HQ issues plans and never imports one.
pub fn is_hq_of(store: &Store, campaign: &str) -> Result<bool, StoreError> {
    Ok(store.setting(&format!("{ROLE}{campaign}"))?.as_ref()
        == Some(&serde_json::Value::from("hq")))
}

/// The record that makes this data folder HQ of a campaign.
pub fn hq_role_record(campaign: &str) -> crate::store::journal::Record {
    crate::store::journal::Record::Meta {
        key: format!("{ROLE}{campaign}"),
        value: serde_json::Value::from("hq"),
    }
}

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
    #[error("{}", i18n::builtin_forms_broken(.0))]
    BuiltinForms(String),
    #[error(transparent)]
    Edit(#[from] crate::edit::EditError),
    /// An HQ operation was refused (its message says why).
    #[error("{0}")]
    Hq(String),
}

/// Store + forms + author.
pub struct Workspace {
    pub store: Store,
    forms: BTreeMap<(String, u32), Form>,
    pub author: Author,
}

impl Workspace {
    /// Opens the data dir; `person` names who works (else the OS user).
    pub fn open(dir: &Path, person: Option<String>) -> Result<Workspace, WorkError> {
        let store = Store::open(dir)?;
        let forms = load_forms(&store)?;
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
        Ok(Workspace {
            store,
            forms,
            author,
        })
    }

    /// Reads the forms again (after a plan brought new ones).
    pub fn reload_forms(&mut self) -> Result<(), WorkError> {
        self.forms = load_forms(&self.store)?;
        Ok(())
    }

    /// A form by id and version.
    pub fn form(&self, id: &str, version: u32) -> Result<&Form, WorkError> {
        self.forms
            .get(&(id.to_string(), version))
            .ok_or_else(|| WorkError::UnknownForm(format!("{id}@{version}")))
    }

    /// The newest version of a form.
    pub fn latest_form(&self, id: &str) -> Result<&Form, WorkError> {
        self.forms
            .range((id.to_string(), 0)..=(id.to_string(), u32::MAX))
            .next_back()
            .map(|(_, f)| f)
            .ok_or_else(|| WorkError::UnknownForm(id.to_string()))
    }

    /// Every form, newest version of each id.
    pub fn forms(&self) -> Vec<&Form> {
        let mut out: BTreeMap<&str, &Form> = BTreeMap::new();
        for ((id, _), f) in &self.forms {
            out.insert(id, f);
        }
        out.into_values().collect()
    }

    /// The current campaign.
    pub fn campaign(&self) -> Result<Campaign, WorkError> {
        let id = self.store.setting(CURRENT_CAMPAIGN)?;
        let id = id.as_ref().and_then(|v| v.as_str());
        match id {
            Some(id) => self.store.campaign(id)?.ok_or(WorkError::NoCampaign),
            None => Err(WorkError::NoCampaign),
        }
    }

    /// A unit of the current campaign by id or name.
    pub fn unit(&self, campaign: &Campaign, key: &str) -> Result<Unit, WorkError> {
        campaign
            .unit(key)
            .cloned()
            .ok_or_else(|| WorkError::UnknownUnit(key.to_string()))
    }

    /// An entry by id or by a unique prefix of its id.
    pub fn find_entry(&self, key: &str) -> Result<Entry, WorkError> {
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
}

/// The built-in forms, then the forms stored from plans.
fn load_forms(store: &Store) -> Result<BTreeMap<(String, u32), Form>, WorkError> {
    let mut forms = BTreeMap::new();
    let builtins = form::builtin::forms().map_err(|errors| {
        WorkError::BuiltinForms(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    for f in builtins {
        forms.insert((f.def.id.clone(), f.def.version), f);
    }
    for def in store.stored_forms()? {
        let text = serde_json::to_string(&def).unwrap_or_default();
        if let Ok(f) = form::load_form(&def.id, &text) {
            forms.insert((f.def.id.clone(), f.def.version), f);
        }
    }
    Ok(forms)
}
