//! Who is trusted for what, kept as journaled settings (a rebuild keeps
//! them): the keys this installation trusts (HQ's key pinned per campaign on
//! a laptop, devices enrolled for teams at HQ), the plan a laptop last
//! imported (sequence number and team), HQ's plan numbers, and the device
//! certificates seen in bundles. (The folder's role, HQ of a campaign, is
//! the store's: `Store::is_hq_of`.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SyncError;
use super::current;
use super::keys::{DeviceCert, normalize_fingerprint};
use crate::domain::Campaign;
use crate::store::Change;
use crate::store::Store;

/// Prefix of trust settings (`trust:<fingerprint>`).
const TRUST: &str = "trust:";
/// Prefix of a laptop's last plan of a campaign (`plan:<campaign>`).
const PLAN: &str = "plan:";
/// Prefix of HQ's last issued plan number of a campaign.
const PLAN_SEQ: &str = "plan_seq:";
/// Prefix of stored device certificates (`device:<device id>`).
const CERT: &str = "device:";

/// What a trusted key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// HQ of a campaign: signs its plans (pinned on a laptop).
    Hq,
    /// A laptop enrolled for teams of a campaign: signs results.
    Device,
    /// A fingerprint confirmed before any bundle of its key arrived (its
    /// first plan, or its first results, give it a role).
    Confirmed,
}

/// A trusted key (or one that was, until revoked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trusted {
    pub fingerprint: String,
    /// The key itself, once a bundle signed by it was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default)]
    pub label: String,
    pub role: Role,
    #[serde(default)]
    pub revoked: bool,
    /// The campaign the key is trusted for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The teams (ids) whose units an enrolled device may change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    /// The device id the key signs for (from its first bundle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl Trusted {
    /// A new trust entry for a fingerprint.
    pub fn new(fingerprint: &str, role: Role) -> Trusted {
        Trusted {
            fingerprint: fingerprint.to_string(),
            key: None,
            label: String::new(),
            role,
            revoked: false,
            campaign: None,
            teams: Vec::new(),
            device: None,
        }
    }

    /// Whether this is a live enrolment of a device in `campaign`.
    pub fn enrolled_in(&self, campaign: &str) -> bool {
        !self.revoked && self.role == Role::Device && self.campaign.as_deref() == Some(campaign)
    }

    /// Whether this is the live pinned HQ key of `campaign`.
    pub fn hq_of(&self, campaign: &str) -> bool {
        !self.revoked && self.role == Role::Hq && self.campaign.as_deref() == Some(campaign)
    }
}

/// Every trusted (and revoked) key.
pub fn trusted(store: &Store) -> Result<Vec<Trusted>, SyncError> {
    Ok(store
        .settings_with_prefix(TRUST)?
        .into_iter()
        .filter_map(|(_, v)| serde_json::from_value(v).ok())
        .collect())
}

/// The trust entry of a fingerprint, if any.
pub fn trust_of(store: &Store, fingerprint: &str) -> Result<Option<Trusted>, SyncError> {
    Ok(store
        .setting(&format!("{TRUST}{fingerprint}"))?
        .and_then(|v| serde_json::from_value(v).ok()))
}

/// The setting record that trusts (or updates) a key.
pub fn trust_record(t: &Trusted) -> Change {
    Change::Setting {
        key: format!("{TRUST}{}", t.fingerprint),
        value: serde_json::to_value(t).unwrap_or_default(),
    }
}

/// The pinned HQ key of a campaign on this laptop.
pub fn pinned_hq(store: &Store, campaign: &str) -> Result<Option<Trusted>, SyncError> {
    Ok(trusted(store)?.into_iter().find(|t| t.hq_of(campaign)))
}

/// A laptop's last imported plan of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanState {
    /// HQ's sequence number of the plan.
    pub seq: u64,
    /// The fingerprint of the HQ key that signed it (numbers are HQ's own:
    /// a key pinned anew after a revocation starts its own count).
    #[serde(default)]
    pub hq: String,
    /// The team (id) the plan was for.
    pub team: String,
}

/// The last plan this laptop imported for a campaign.
pub fn plan_state(store: &Store, campaign: &str) -> Result<Option<PlanState>, SyncError> {
    Ok(store
        .setting(&format!("{PLAN}{campaign}"))?
        .and_then(|v| serde_json::from_value(v).ok()))
}

/// The record of a plan imported.
pub fn plan_state_record(campaign: &str, state: &PlanState) -> Change {
    Change::Setting {
        key: format!("{PLAN}{campaign}"),
        value: serde_json::to_value(state).unwrap_or_default(),
    }
}

/// HQ's next plan number of a campaign, recorded (journaled) before the
/// plan is written, so no two plans ever share one.
pub fn next_plan_seq(store: &Store, campaign: &str) -> Result<u64, SyncError> {
    let key = format!("{PLAN_SEQ}{campaign}");
    let last = store.setting(&key)?.and_then(|v| v.as_u64()).unwrap_or(0);
    let next = last + 1;
    store.commit(&[Change::Setting {
        key,
        value: Value::from(next),
    }])?;
    Ok(next)
}

/// A device's certificate seen in an earlier bundle.
pub fn stored_cert(store: &Store, device: &str) -> Result<Option<DeviceCert>, SyncError> {
    Ok(store
        .setting(&format!("{CERT}{device}"))?
        .and_then(|v| serde_json::from_value(v).ok())
        .filter(DeviceCert::verifies))
}

/// The record that keeps a device's certificate.
pub fn cert_record(cert: &DeviceCert) -> Change {
    Change::Setting {
        key: format!("{CERT}{}", cert.device),
        value: serde_json::to_value(cert).unwrap_or_default(),
    }
}

/// Team ids of a campaign named by id or name, in the order given.
pub fn team_ids(campaign: &Campaign, named: &[String]) -> Result<Vec<String>, SyncError> {
    let mut out: Vec<String> = Vec::new();
    for n in named {
        let team = campaign
            .team(n.trim())
            .ok_or_else(|| SyncError::NoTeam(n.clone()))?;
        if !out.contains(&team.id) {
            out.push(team.id.clone());
        }
    }
    Ok(out)
}

/// A typed fingerprint, checked (case and dashes forgiven).
pub fn typed_fingerprint(typed: &str) -> Result<String, SyncError> {
    let fp = normalize_fingerprint(typed);
    let shape = typed
        .chars()
        .all(|c| c.is_ascii_hexdigit() || matches!(c, '-' | ' ' | ':'));
    if fp.len() != 19 || !shape {
        return Err(SyncError::BadFingerprint(crate::domain::ids::clean_label(
            typed,
        )));
    }
    Ok(fp)
}

/// `keys trust FP [--team T]… [--label L]`: in a campaign, enrols the
/// device for the teams given (on a laptop, by default for its own team;
/// HQ must name them); with no campaign yet, records the fingerprint as
/// confirmed, for the first plan or results its key signs. A revoked HQ
/// key is trusted again as HQ.
pub fn trust_typed(
    store: &Store,
    typed: &str,
    label: Option<&str>,
    teams: &[String],
) -> Result<Trusted, SyncError> {
    let fp = typed_fingerprint(typed)?;
    let old = trust_of(store, &fp)?;
    let mut t = old
        .clone()
        .unwrap_or_else(|| Trusted::new(&fp, Role::Confirmed));
    t.revoked = false;
    if let Some(l) = label {
        t.label = crate::domain::ids::clean_label(l);
    }
    let campaign = current(store).ok();
    match campaign {
        Some(c) if t.role != Role::Hq || !teams.is_empty() => {
            let ids = if !teams.is_empty() {
                team_ids(&c, teams)?
            } else if !store.is_hq_of(&c.id)?
                && let Some(plan) = plan_state(store, &c.id)?
            {
                vec![plan.team]
            } else {
                return Err(SyncError::NeedTeam(fp));
            };
            if t.campaign.as_deref() != Some(c.id.as_str()) {
                t.device = None;
            }
            t.role = Role::Device;
            t.campaign = Some(c.id);
            t.teams = ids;
        }
        Some(_) => {}
        None if !teams.is_empty() => return Err(SyncError::NoCampaign),
        None => {}
    }
    store.commit(&[trust_record(&t)])?;
    Ok(t)
}

/// `keys revoke FP`: the key is trusted for nothing from now on.
pub fn revoke_typed(store: &Store, typed: &str) -> Result<Trusted, SyncError> {
    let fp = typed_fingerprint(typed)?;
    let mut t = trust_of(store, &fp)?.ok_or(SyncError::UnknownFingerprint(fp))?;
    t.revoked = true;
    store.commit(&[trust_record(&t)])?;
    Ok(t)
}

/// Data folders of earlier builds: a campaign that no plan brought here
/// (no plan imported for it, no HQ key trusted for it or, as earlier builds
/// kept them, for any campaign) was made here by `campaign new` or the
/// demo, so this folder is its HQ. Recorded once; later starts find it.
pub fn adopt_earlier_hq(store: &Store) -> Result<(), SyncError> {
    let campaigns = store.campaigns()?;
    if campaigns.is_empty() {
        return Ok(());
    }
    let keys = trusted(store)?;
    let mut records = Vec::new();
    for c in campaigns {
        let pinned = keys
            .iter()
            .any(|t| t.role == Role::Hq && t.campaign.as_deref().is_none_or(|x| x == c.id));
        if !pinned && !store.is_hq_of(&c.id)? && plan_state(store, &c.id)?.is_none() {
            records.push(crate::store::Change::hq_role(&c.id));
        }
    }
    if !records.is_empty() {
        store.commit(&records)?;
    }
    Ok(())
}
