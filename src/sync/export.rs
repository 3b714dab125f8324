//! Export: a results bundle of the current campaign (all revisions, or with
//! `incremental` only those no earlier export to that folder held), or a plan
//! bundle of one team's share of the campaign. Written atomically; a
//! results bundle carries the attached files its revisions name
//! (`sync::files`), streamed, so memory does not grow with their size.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::SyncError;
use super::bundle::{self, Counts, Header, HqKeys, Kind, Origin, Payload, PlanInfo, Signed};
use super::files;
use super::keys::{DeviceCert, DeviceKey, age_identity};
use super::trust::{next_plan_seq, stored_cert};
use super::{current, latest_form};
use crate::domain::now_rfc3339;
use crate::domain::{Campaign, REVIEW_PREFIX, Review};
use crate::store::Store;
use crate::store::{StoredRevision, fsutil};

/// Setting naming the team this laptop works for (from its plan).
pub const TEAM: &str = "team";
/// Setting holding HQ's age recipient (from the plan).
pub const HQ_RECIPIENT: &str = "hq_recipient";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub file: PathBuf,
    pub kind: Kind,
    pub counts: Counts,
    pub encrypted: bool,
    /// The signing key's fingerprint.
    pub fingerprint: String,
    /// Bytes of the attached files carried.
    pub file_bytes: u64,
    /// Attachments named but not here, so not carried (described).
    pub missing: Vec<String>,
}

impl Exported {
    /// What was written, for the user (the lines joined).
    pub fn summary(&self) -> String {
        self.lines().join("\n")
    }

    /// What was written, line by line: the bundle, the files it carries,
    /// and each attachment whose file is not here.
    pub fn lines(&self) -> Vec<String> {
        let line = crate::i18n::exported(
            &self.file.display().to_string(),
            self.counts.revisions,
            self.counts.entries,
            self.counts.forms,
            self.encrypted,
            &self.fingerprint,
        );
        let mut lines = vec![line];
        if self.counts.files > 0 {
            lines.push(crate::i18n::sync_files_carried(
                self.counts.files,
                &crate::domain::attachment::size_text(self.file_bytes),
            ));
        }
        if !self.missing.is_empty() {
            lines.push(crate::i18n::sync_files_missing_export(self.missing.len()));
            lines.extend(self.missing.iter().map(|m| format!("  {m}")));
        }
        lines
    }
}

fn origin(
    store: &Store,
    person: &str,
    key: &DeviceKey,
    campaign: &Campaign,
) -> Result<Origin, SyncError> {
    let team = store
        .setting(TEAM)?
        .and_then(|v| v.as_str().map(str::to_string));
    let team_name = team
        .as_deref()
        .and_then(|t| campaign.team(t))
        .map(|t| t.name.clone());
    let device = store.device();
    Ok(Origin {
        device: device.id.clone(),
        team,
        label: match team_name {
            Some(t) => format!("{t} · {} · {}", device.label, person),
            None => format!("{} · {}", device.label, person),
        },
        key: key.public(),
    })
}

fn header(kind: Kind, campaign: &Campaign, origin: Origin, counts: Counts) -> (Header, Signed) {
    let id = uuid::Uuid::now_v7().to_string();
    let created_at = now_rfc3339();
    let signed = Signed {
        id: id.clone(),
        kind,
        campaign: campaign.id.clone(),
        created_at: created_at.clone(),
        origin: origin.clone(),
        counts: counts.clone(),
    };
    let header = Header {
        format: bundle::FORMAT.into(),
        version: bundle::VERSION,
        kind,
        id,
        created_at,
        campaign: campaign.id.clone(),
        origin,
        counts,
        payload_sha256: String::new(),
        signature: String::new(),
    };
    (header, signed)
}

/// The folder a file goes to, as the key of its export cursor.
fn destination(path: &Path) -> String {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    format!("export:{}", dir.display())
}

/// Every revision of the campaign's entries (or those since `since`), as
/// stored JSON.
fn campaign_revisions(
    store: &Store,
    campaign: &str,
    since: u64,
) -> Result<Vec<StoredRevision>, SyncError> {
    if since == 0 {
        return Ok(store.campaign_revisions(campaign)?);
    }
    let mut of_campaign: HashMap<String, bool> = HashMap::new();
    let mut out = Vec::new();
    for r in store.revisions_since(since)? {
        let entry = r.body.entry.clone();
        let yes = match of_campaign.get(&entry) {
            Some(y) => *y,
            None => {
                let y = store.entry(&entry)?.is_some_and(|e| e.campaign == campaign);
                of_campaign.insert(entry, y);
                y
            }
        };
        if yes {
            out.push(StoredRevision::of(&r)?);
        }
    }
    Ok(out)
}

/// Writes a results bundle: the envelope, then the files it lists, through
/// an age stream when it is encrypted; atomically (a temp file beside it,
/// synced, renamed, the folder synced), so a failure leaves nothing under
/// the name and memory holds only the envelope.
fn finish_streamed(
    path: &Path,
    head: &bundle::Written<'_>,
    files: &[files::Outgoing],
    recipient: Option<&dyn age::Recipient>,
) -> Result<bool, SyncError> {
    use std::io::Write;
    let io = |e| SyncError::io(path, e);
    fsutil::write_atomic_with(
        path,
        |file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            match &recipient {
                None => {
                    head.write_to(&mut out).map_err(io)?;
                    files::write_files(&mut out, files)?;
                }
                Some(r) => {
                    let encryptor = age::Encryptor::with_recipients(std::iter::once(*r))
                        .map_err(|e| SyncError::Key(e.to_string()))?;
                    let mut sealed = encryptor.wrap_output(&mut out).map_err(io)?;
                    head.write_to(&mut sealed).map_err(io)?;
                    files::write_files(&mut sealed, files)?;
                    sealed.finish().map_err(io)?;
                }
            }
            out.flush().map_err(io)
        },
        io,
    )?;
    Ok(recipient.is_some())
}

/// Mounted removable drives (USB sticks): on Linux the folders under
/// `/media/$USER` and `/run/media/$USER`, on macOS those of `/Volumes`;
/// on Windows the drive letters from E: on that exist (removable drives
/// usually come after the system and data disks). Sorted.
pub fn removable_drives() -> Vec<PathBuf> {
    let mut out = Vec::new();
    #[cfg(unix)]
    {
        let user = std::env::var("USER").unwrap_or_default();
        let mut bases = vec![format!("/media/{user}"), format!("/run/media/{user}")];
        if cfg!(target_os = "macos") {
            bases.push("/Volumes".to_string());
        }
        for base in bases {
            if let Ok(dir) = std::fs::read_dir(&base) {
                let mut mounts: Vec<PathBuf> = dir
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    // The system disk shows in /Volumes as a link to /.
                    .filter(|p| p.is_dir() && !p.is_symlink())
                    .collect();
                mounts.sort();
                out.extend(mounts);
            }
        }
    }
    #[cfg(windows)]
    {
        for letter in b'E'..=b'Z' {
            let root = PathBuf::from(format!("{}:\\", letter as char));
            if root.exists() {
                out.push(root);
            }
        }
    }
    out
}

/// The documents folder, else the home folder.
pub fn documents_folder() -> Option<PathBuf> {
    directories::UserDirs::new().map(|u| {
        u.document_dir()
            .map_or_else(|| u.home_dir().to_path_buf(), Path::to_path_buf)
    })
}

/// Where an export goes by default: a mounted USB drive if there is one,
/// else the documents folder, else the home folder.
pub fn default_folder() -> PathBuf {
    removable_drives()
        .into_iter()
        .next()
        .or_else(documents_folder)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A file name for a results bundle: kind, time and this device.
pub fn file_name(store: &Store) -> String {
    let now = jiff::ZonedDateTime::now()
        .strftime("%Y%m%d-%H%M%S")
        .to_string();
    let device: String = store
        .device()
        .id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .rev()
        .take(6)
        .collect();
    format!("kaocha-results-{now}-{device}.json")
}

/// `kaocha export`: a results bundle of the current campaign.
pub fn results(
    store: &Store,
    person: &str,
    path: &Path,
    incremental: bool,
    encrypt: bool,
) -> Result<Exported, SyncError> {
    let campaign = current(store)?;
    let key = DeviceKey::load_or_create(store.dir())?;
    let recipient = if encrypt {
        Some(
            store
                .setting(HQ_RECIPIENT)?
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or(SyncError::NoRecipient)?,
        )
    } else {
        None
    };
    let cursor = destination(path);
    let since = if incremental {
        store
            .setting(&cursor)?
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    } else {
        0
    };
    let now = store.log_seq()?;
    let stored = campaign_revisions(store, &campaign.id, since)?;
    let entries: BTreeSet<&str> = stored.iter().map(|r| r.entry.as_str()).collect();
    let entries = entries.len();
    let authors: BTreeSet<&str> = stored.iter().map(|r| r.device.as_str()).collect();
    let devices = certificates(store, &key, &authors)?;
    let carry = files::to_carry(store, &stored, incremental)?;
    let revisions: Vec<_> = stored.into_iter().map(|r| r.json).collect();
    let counts = Counts {
        revisions: revisions.len(),
        entries,
        forms: 0,
        files: carry.files.len(),
    };
    let (mut header, signed) = header(
        Kind::Results,
        &campaign,
        origin(store, person, &key, &campaign)?,
        counts.clone(),
    );
    let payload = Payload {
        bundle: signed,
        campaign: None,
        forms: vec![],
        revisions,
        hq: None,
        reviews: vec![],
        plan: None,
        devices,
        rosters: vec![],
        files: carry.listed(),
    };
    if !carry.files.is_empty() {
        header.version = bundle::VERSION_FILES;
    }
    // The payload's revisions are written from where they are (the
    // envelope holds pieces of `payload`, not a copy).
    let written = bundle::write_parts_raw(header, &payload, &key)?;
    let recipient = match recipient.as_deref() {
        None => None,
        Some(r) => Some(
            r.parse::<age::x25519::Recipient>()
                .map_err(|_| SyncError::NoRecipient)?,
        ),
    };
    let encrypted = finish_streamed(
        path,
        &written,
        &carry.files,
        recipient.as_ref().map(|r| r as &dyn age::Recipient),
    )?;
    store.set_setting(&cursor, Value::from(now))?;
    Ok(Exported {
        file: path.to_path_buf(),
        kind: Kind::Results,
        counts,
        encrypted,
        fingerprint: key.fingerprint(),
        file_bytes: carry.bytes(),
        missing: carry.missing,
    })
}

/// This installation's certificate, and those seen here of the other
/// devices that made revisions of the bundle (so a receiver can check a
/// relayed revision against its author's enrolment).
fn certificates(
    store: &Store,
    key: &DeviceKey,
    authors: &BTreeSet<&str>,
) -> Result<Vec<DeviceCert>, SyncError> {
    let own = &store.device().id;
    let mut out = vec![key.cert(own)];
    for device in authors.iter().filter(|d| **d != own.as_str()) {
        if let Some(cert) = stored_cert(store, device)? {
            out.push(cert);
        }
    }
    Ok(out)
}

/// HQ's reviews of the entries of a plan's units (a team's share).
fn team_reviews(store: &Store, share: &Campaign) -> Result<Vec<Review>, SyncError> {
    let mut entries = BTreeSet::new();
    for unit in &share.units {
        for e in store.entries(&share.id, Some(&unit.id))? {
            entries.insert(e.id);
        }
    }
    Ok(store
        .settings_with_prefix(REVIEW_PREFIX)?
        .into_iter()
        .filter_map(|(_, v)| serde_json::from_value::<Review>(v).ok())
        .filter(|r| entries.contains(&r.entry))
        .collect())
}

/// `kaocha plan export --team TEAM`: the campaign with that team's units,
/// the forms of its stages, this (HQ) installation's keys, and HQ's
/// reviews of the entries of those units.
pub fn plan(store: &Store, person: &str, team: &str, path: &Path) -> Result<Exported, SyncError> {
    plan_protected(store, person, team, path, None)
}

/// A plan bundle, encrypted under `passphrase` when one is given (the team
/// is told it apart from the file): a plan with rosters holds personal data.
pub fn plan_protected(
    store: &Store,
    person: &str,
    team: &str,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<Exported, SyncError> {
    if let Some(p) = passphrase {
        super::protect::check_passphrase(p)?;
    }
    let campaign = current(store)?;
    if !store.is_hq_of(&campaign.id)? {
        return Err(SyncError::NotHqHere(campaign.name.clone()));
    }
    let team = campaign
        .team(team)
        .cloned()
        .ok_or_else(|| SyncError::NoTeam(team.to_string()))?;
    let key = DeviceKey::load_or_create(store.dir())?;
    let recipient = age_identity(store.dir())?.to_public().to_string();
    let mut share = campaign.clone();
    share
        .units
        .retain(|u| u.team.as_deref() == Some(team.id.as_str()));
    share.teams = vec![team];
    let mut forms = Vec::new();
    for stage in &campaign.stages {
        if let Ok(f) = latest_form(store, &stage.form)
            && !forms
                .iter()
                .any(|d: &crate::form::FormDef| d.id == f.def.id)
        {
            forms.push(f.def.clone());
        }
    }
    let reviews = team_reviews(store, &share)?;
    // The rosters of the team's units, and of no other.
    let rosters: Vec<crate::domain::Roster> = store
        .rosters(&campaign.id)?
        .into_iter()
        .filter(|r| share.units.iter().any(|u| u.id == r.unit))
        .collect();
    // The entries HQ already has for these units travel too, so the field
    // continues them instead of starting a second one.
    let mut revisions = Vec::new();
    for unit in &share.units {
        for e in store.entries(&campaign.id, Some(&unit.id))? {
            revisions.extend(store.revisions(&e.id)?);
        }
    }
    let entries: BTreeSet<&str> = revisions.iter().map(|r| r.body.entry.as_str()).collect();
    // Their files travel too, so the field has what they name.
    let carry = files::to_carry_revisions(store, &revisions)?;
    let counts = Counts {
        revisions: revisions.len(),
        entries: entries.len(),
        forms: forms.len(),
        files: carry.files.len(),
    };
    let authors: BTreeSet<&str> = revisions
        .iter()
        .map(|r| r.body.author.device.as_str())
        .collect();
    let devices = certificates(store, &key, &authors)?;
    // Numbered (and the number journaled) only once everything else is ready.
    let seq = next_plan_seq(store, &campaign.id)?;
    let (mut header, signed) = header(
        Kind::Plan,
        &campaign,
        origin(store, person, &key, &campaign)?,
        counts.clone(),
    );
    let payload = Payload {
        bundle: signed,
        campaign: Some(share),
        forms,
        revisions,
        hq: Some(HqKeys {
            key: key.public(),
            recipient,
        }),
        reviews,
        plan: Some(PlanInfo { seq }),
        devices,
        rosters,
        files: carry.listed(),
    };
    if !carry.files.is_empty() {
        header.version = bundle::VERSION_FILES;
    }
    let written = bundle::write_parts(header, &payload, &key)?;
    drop(payload);
    let recipient = passphrase
        .map(|p| age::scrypt::Recipient::new(age::secrecy::SecretString::from(p.to_string())));
    finish_streamed(
        path,
        &written,
        &carry.files,
        recipient.as_ref().map(|r| r as &dyn age::Recipient),
    )?;
    Ok(Exported {
        file: path.to_path_buf(),
        kind: Kind::Plan,
        counts,
        encrypted: passphrase.is_some(),
        fingerprint: key.fingerprint(),
        file_bytes: carry.bytes(),
        missing: carry.missing,
    })
}
