//! Who signed a bundle and what they may change, decided before anything is
//! written. A plan is accepted only from the HQ key pinned for its campaign
//! (the first one only after its fingerprint was confirmed), and never by
//! HQ itself. A results bundle is accepted only from a device enrolled for
//! teams of the campaign, and each of its revisions only for units of those
//! teams; a revision relayed from another device (a team leader's merge)
//! is checked against that device's own enrolment too, through the device
//! certificate the bundle carries.

use std::collections::{BTreeSet, HashMap};

use super::SyncError;
use super::bundle::Header;
use super::keys::{DeviceCert, fingerprint, normalize_fingerprint, own_public};
use super::options::Options;
use super::trust::{
    Role, Trusted, pinned_hq, plan_state, team_ids, trust_of, trust_record, trusted,
};
use crate::domain::Campaign;
use crate::domain::ids::clean_label;
use crate::store::Change;
use crate::store::Store;

/// The units a signer or an author may change.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Every unit of the campaign: this installation's own key, or the
    /// pinned HQ key of the campaign.
    All,
    /// The units of these teams (ids).
    Teams(BTreeSet<String>),
}

impl Scope {
    /// Whether a unit assigned to `team` is in scope.
    pub fn allows(&self, team: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Teams(teams) => team.is_some_and(|t| teams.contains(t)),
        }
    }

    /// The scope both allow.
    pub fn and(&self, other: &Scope) -> Scope {
        match (self, other) {
            (Scope::All, x) | (x, Scope::All) => x.clone(),
            (Scope::Teams(a), Scope::Teams(b)) => {
                Scope::Teams(a.intersection(b).cloned().collect())
            }
        }
    }
}

/// The signer of a bundle as this installation trusts it.
#[derive(Debug, Clone)]
pub struct Signer {
    /// The device id the signer signs for.
    pub device: String,
    pub fingerprint: String,
    pub scope: Scope,
    /// Trust records the import writes (a confirmed HQ key, an enrolment,
    /// a device bound to its key).
    pub records: Vec<Change>,
    pub newly_trusted: bool,
}

impl Signer {
    /// The signer of a bundle, trusted for everything until decided.
    fn of(h: &Header) -> Signer {
        Signer {
            device: h.origin.device.clone(),
            fingerprint: fingerprint(&h.origin.key),
            scope: Scope::All,
            records: Vec::new(),
            newly_trusted: false,
        }
    }
}

fn forced(opts: &Options, fp: &str) -> bool {
    opts.trust.iter().any(|t| normalize_fingerprint(t) == fp)
}

fn is_own(store: &Store, key: &str) -> Result<bool, SyncError> {
    Ok(own_public(store.dir())? == key)
}

/// Checks the signer of a plan: never at HQ of its campaign, never this
/// installation's own, then the pinned HQ key (or, for the first plan, a
/// fingerprint the operator confirmed).
pub fn plan_signer(store: &Store, h: &Header, opts: &Options) -> Result<Signer, SyncError> {
    if store.is_hq_of(&h.campaign)? || is_own(store, &h.origin.key)? {
        return Err(SyncError::HqImportsPlan(clean_label(&h.origin.label)));
    }
    let mut signer = Signer::of(h);
    let fp = signer.fingerprint.clone();
    if let Some(pin) = pinned_hq(store, &h.campaign)? {
        return if pin.fingerprint == fp {
            Ok(signer)
        } else {
            Err(SyncError::NotHq {
                trusted: pin.fingerprint,
                signer: fp,
            })
        };
    }
    let known = trust_of(store, &fp)?.filter(|t| !t.revoked);
    // A key pinned as HQ of another campaign here is a confirmed HQ key.
    let confirmed = forced(opts, &fp)
        || known
            .as_ref()
            .is_some_and(|t| matches!(t.role, Role::Confirmed | Role::Hq));
    if !confirmed {
        return Err(SyncError::HqUnconfirmed {
            signer: fp,
            label: clean_label(&h.origin.label),
        });
    }
    let t = Trusted {
        key: Some(h.origin.key.clone()),
        label: clean_label(&h.origin.label),
        campaign: Some(h.campaign.clone()),
        ..Trusted::new(&fp, Role::Hq)
    };
    signer.records.push(trust_record(&t));
    signer.newly_trusted = true;
    Ok(signer)
}

/// The teams an import enrols a newly trusted device for: those given
/// (`--team`), else on a laptop its own team; HQ must say.
fn enrol_teams(
    store: &Store,
    campaign: &Campaign,
    opts: &Options,
    fp: &str,
) -> Result<Vec<String>, SyncError> {
    if !opts.teams.is_empty() {
        return team_ids(campaign, &opts.teams);
    }
    if !store.is_hq_of(&campaign.id)?
        && let Some(plan) = plan_state(store, &campaign.id)?
    {
        return Ok(vec![plan.team]);
    }
    Err(SyncError::NeedTeam(fp.to_string()))
}

/// Checks the signer of a results bundle: this installation's own key or
/// the campaign's pinned HQ key may change anything; any other key must be
/// a device enrolled for the campaign (or one the operator trusts now, with
/// its teams), bound to the device id it signs for.
pub fn results_signer(
    store: &Store,
    h: &Header,
    campaign: &Campaign,
    opts: &Options,
) -> Result<Signer, SyncError> {
    let mut signer = Signer::of(h);
    let fp = signer.fingerprint.clone();
    if is_own(store, &h.origin.key)?
        || pinned_hq(store, &campaign.id)?.is_some_and(|p| p.fingerprint == fp)
    {
        return Ok(signer);
    }
    let known = trust_of(store, &fp)?;
    let enrolled = known.clone().filter(|t| t.enrolled_in(&campaign.id));
    let mut t = match enrolled {
        Some(t) => t,
        None => {
            let confirmed = known
                .as_ref()
                .is_some_and(|t| !t.revoked && t.role == Role::Confirmed);
            if !forced(opts, &fp) && !confirmed {
                return Err(SyncError::Untrusted {
                    signer: fp,
                    label: clean_label(&h.origin.label),
                });
            }
            signer.newly_trusted = true;
            Trusted {
                key: Some(h.origin.key.clone()),
                label: clean_label(&h.origin.label),
                campaign: Some(campaign.id.clone()),
                teams: enrol_teams(store, campaign, opts, &fp)?,
                ..Trusted::new(&fp, Role::Device)
            }
        }
    };
    match &t.device {
        Some(d) if *d != h.origin.device => {
            return Err(SyncError::DeviceMismatch {
                signer: fp,
                bound: d.clone(),
                claimed: h.origin.device.clone(),
            });
        }
        Some(_) if !signer.newly_trusted => {}
        _ => {
            t.device = Some(h.origin.device.clone());
            t.key = Some(h.origin.key.clone());
            signer.records.push(trust_record(&t));
        }
    }
    if t.teams.is_empty() {
        return Err(SyncError::NeedTeam(fp));
    }
    signer.scope = Scope::Teams(t.teams.iter().cloned().collect());
    Ok(signer)
}

/// The scopes of the devices whose revisions a bundle relays, from the
/// certificates it carries (or that earlier bundles carried).
pub struct Authors<'a> {
    store: &'a Store,
    campaign: &'a Campaign,
    opts: &'a Options,
    certs: HashMap<String, DeviceCert>,
    known: HashMap<String, Option<Scope>>,
    /// Enrolments and certificates to write with the import.
    pub records: Vec<Change>,
}

impl<'a> Authors<'a> {
    /// The bundle's certificates (each verified when first needed).
    pub fn new(
        store: &'a Store,
        campaign: &'a Campaign,
        opts: &'a Options,
        certs: &[DeviceCert],
    ) -> Authors<'a> {
        Authors {
            store,
            campaign,
            opts,
            certs: certs
                .iter()
                .map(|c| (c.device.clone(), c.clone()))
                .collect(),
            known: HashMap::new(),
            records: Vec::new(),
        }
    }

    /// What a device may change here (`None`: it is not enrolled).
    pub fn scope(&mut self, device: &str) -> Result<Option<Scope>, SyncError> {
        if let Some(s) = self.known.get(device) {
            return Ok(s.clone());
        }
        let scope = self.find(device)?;
        self.known.insert(device.to_string(), scope.clone());
        Ok(scope)
    }

    fn find(&mut self, device: &str) -> Result<Option<Scope>, SyncError> {
        let store = self.store;
        let (cert, carried) = match self.certs.get(device).filter(|c| c.verifies()) {
            Some(c) => (c.clone(), true),
            None => match super::trust::stored_cert(store, device)? {
                Some(c) => (c, false),
                None => return Ok(None),
            },
        };
        let fp = cert.fingerprint();
        let full = is_own(self.store, &cert.key)?
            || pinned_hq(store, &self.campaign.id)?.is_some_and(|p| p.fingerprint == fp);
        let enrolled = trusted(store)?
            .into_iter()
            .find(|t| t.fingerprint == fp && t.enrolled_in(&self.campaign.id));
        let scope = if full {
            Some(Scope::All)
        } else if let Some(t) = enrolled {
            // A key bound to another device does not sign for this one.
            if t.device.as_deref().is_some_and(|d| d != device) {
                None
            } else {
                if t.device.is_none() {
                    self.records.push(trust_record(&Trusted {
                        device: Some(device.to_string()),
                        key: Some(cert.key.clone()),
                        ..t.clone()
                    }));
                }
                Some(Scope::Teams(t.teams.iter().cloned().collect()))
            }
        } else if forced(self.opts, &fp) {
            let teams = enrol_teams(self.store, self.campaign, self.opts, &fp)?;
            self.records.push(trust_record(&Trusted {
                key: Some(cert.key.clone()),
                campaign: Some(self.campaign.id.clone()),
                teams: teams.clone(),
                device: Some(device.to_string()),
                ..Trusted::new(&fp, Role::Device)
            }));
            Some(Scope::Teams(teams.into_iter().collect()))
        } else {
            None
        };
        if scope.is_some() && carried {
            self.records.push(super::trust::cert_record(&cert));
        }
        Ok(scope)
    }
}
