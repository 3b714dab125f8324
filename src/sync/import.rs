//! Import: decrypt (if age-encrypted), verify format, version, hash,
//! signature and trust, check the campaign and every revision (id matches
//! content, known form, sane sizes, parents present), and only then write
//! everything in one transaction. A bundle already imported adds nothing;
//! bundles may come in any order.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::SyncError;
use super::bundle::{self, AGE_MAGIC, Envelope, Kind, Payload};
use super::export::{HQ_RECIPIENT, TEAM};
use super::keys::{
    DeviceKey, Trusted, fingerprint, normalize_fingerprint, trust_of, trust_record, trusted,
};
use crate::domain::{Review, Revision, review_key};
use crate::form::path::FieldPath;
use crate::form::validate::{MAX_TEXT_CHARS, check_value};
use crate::form::{Form, load_form};
use crate::i18n;
use crate::store::Source;
use crate::store::journal::Record;
use crate::workspace::{CURRENT_CAMPAIGN, Workspace, now_rfc3339};

/// Most changes one revision may carry.
const MAX_CHANGES: usize = 5_000;
/// Most elements of one array value.
const MAX_ARRAY: usize = 1_000;
/// Largest revision accepted (its JSON).
const MAX_REVISION_BYTES: usize = 1 << 20;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Fingerprints the operator trusts for this import.
    pub trust: Vec<String>,
    /// Check and report; write nothing.
    pub dry_run: bool,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub bundle: String,
    pub kind: String,
    pub origin: String,
    pub fingerprint: String,
    pub already_imported: bool,
    pub newly_trusted: bool,
    pub revisions_new: usize,
    pub revisions_known: usize,
    pub entries: usize,
    pub merged: usize,
    pub conflicted: usize,
    pub forms: usize,
    pub dry_run: bool,
}

impl Report {
    /// What the import did, as lines for a person (`file` names the bundle).
    pub fn lines(&self, file: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if self.newly_trusted {
            lines.push(i18n::trusted_on_import(&self.fingerprint, &self.origin));
        }
        lines.push(if self.already_imported {
            i18n::already_imported(file)
        } else {
            i18n::imported(
                file,
                &self.origin,
                &self.kind,
                self.revisions_new,
                self.revisions_known,
                self.entries,
                self.merged,
                self.conflicted,
                self.dry_run,
            )
        });
        lines
    }
}

fn receipt_key(id: &str) -> String {
    format!("bundle:{id}")
}

/// Decrypts an age-encrypted bundle with this installation's identity.
fn decrypt(ws: &Workspace, bytes: &[u8]) -> Result<Option<Vec<u8>>, SyncError> {
    if !bytes.starts_with(AGE_MAGIC) {
        return Ok(None);
    }
    let path = ws.store.dir().join("keys").join("age.key");
    if !path.exists() {
        return Err(SyncError::NotForUs);
    }
    let identity = super::keys::age_identity(ws.store.dir())?;
    age::decrypt(&identity, bytes)
        .map(Some)
        .map_err(|_| SyncError::NotForUs)
}

/// Imports one bundle file's bytes.
pub fn import(ws: &Workspace, bytes: &[u8], opts: &Options) -> Result<Report, SyncError> {
    let decrypted = decrypt(ws, bytes)?;
    let bytes = decrypted.as_deref().unwrap_or(bytes);
    let env = bundle::read(bytes)?;
    // The payload is parsed while another thread checks its hash and
    // signature; nothing parsed is used unless they hold.
    let (verified, parsed) = std::thread::scope(|s| {
        let verifying = s.spawn(|| bundle::verify_envelope(&env));
        let parsed = bundle::payload(&env);
        let verified = verifying
            .join()
            .unwrap_or_else(|_| bundle::verify_envelope(&env));
        (verified, parsed)
    });
    verified?;
    let h = &env.header;
    let fp = fingerprint(&h.origin.key);
    let mut report = Report {
        bundle: h.id.clone(),
        kind: match h.kind {
            Kind::Plan => "plan".into(),
            Kind::Results => "results".into(),
        },
        origin: h.origin.label.clone(),
        fingerprint: fp.clone(),
        dry_run: opts.dry_run,
        ..Report::default()
    };
    let trust = check_trust(ws, &env, &fp, opts)?;
    report.newly_trusted = trust.is_some();
    if ws.store.setting(&receipt_key(&h.id))?.is_some() {
        report.already_imported = true;
        return Ok(report);
    }
    let payload = parsed?;
    let mut records = Vec::new();
    match h.kind {
        Kind::Plan => plan_records(ws, &env, &payload, &mut records)?,
        Kind::Results => {
            if ws.store.campaign(&h.campaign)?.is_none() {
                return Err(SyncError::OtherCampaign(h.campaign.clone()));
            }
        }
    }
    let forms = bundle_forms(&payload)?;
    report.forms = forms.len();
    // The units revisions may name: the plan's, else the campaign's here.
    let local = ws.store.campaign(&h.campaign)?;
    let units: HashSet<String> = payload
        .campaign
        .as_ref()
        .or(local.as_ref())
        .map(|c| c.units.iter().map(|u| u.id.clone()).collect())
        .unwrap_or_default();
    check_revisions(ws, &h.campaign, &units, &payload.revisions, &forms)?;
    if let Some(t) = trust {
        records.push(trust_record(&t));
    }
    let total = payload.revisions.len();
    report.entries = payload
        .revisions
        .iter()
        .map(|r| r.body.entry.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    // The parsed revisions move into the records: no second copy.
    records.extend(
        payload
            .revisions
            .into_iter()
            .map(|revision| Record::Revision { revision }),
    );
    records.push(Record::Meta {
        key: receipt_key(&h.id),
        value: serde_json::json!({
            "imported_at": now_rfc3339(), "kind": report.kind, "origin": h.origin.label,
            "fingerprint": fp, "revisions": total,
        }),
    });
    let prepared = if opts.dry_run {
        ws.store.dry_run(records, Source::Import)?
    } else {
        ws.store.commit_owned(records, Source::Import)?
    };
    // The merge revisions the store added come last.
    let (incoming, merged) = prepared
        .records
        .split_at(prepared.records.len() - prepared.merges);
    let written_new = incoming
        .iter()
        .filter(|r| matches!(r, Record::Revision { .. }))
        .count();
    let merges: BTreeSet<&str> = merged
        .iter()
        .filter_map(|r| match r {
            Record::Revision { revision } => Some(revision.body.entry.as_str()),
            _ => None,
        })
        .collect();
    report.revisions_new = written_new;
    report.revisions_known = total - written_new;
    report.merged = merges.len();
    report.conflicted = prepared
        .heads
        .values()
        .filter(|e| !e.conflicts.is_empty())
        .count();
    Ok(report)
}

/// Checks the signer is trusted. Returns the trust entry to record when
/// the import itself establishes trust (first plan, or `--trust`).
fn check_trust(
    ws: &Workspace,
    env: &Envelope<'_>,
    fp: &str,
    opts: &Options,
) -> Result<Option<Trusted>, SyncError> {
    let h = &env.header;
    let own = DeviceKey::load_or_create(ws.store.dir())?.public() == h.origin.key;
    let forced = opts.trust.iter().any(|t| normalize_fingerprint(t) == fp);
    let known = trust_of(&ws.store, fp)?.filter(|t| !t.revoked);
    let new = |role: &str| Trusted {
        fingerprint: fp.to_string(),
        key: Some(h.origin.key.clone()),
        label: h.origin.label.clone(),
        role: role.into(),
        revoked: false,
    };
    if own {
        return Ok(None);
    }
    match (h.kind, known) {
        (Kind::Plan, Some(t)) if t.role == "hq" => Ok(None),
        (Kind::Results, Some(_)) => Ok(None),
        (Kind::Plan, _) => {
            let any_hq = trusted(&ws.store)?
                .iter()
                .any(|t| t.role == "hq" && !t.revoked);
            // Trust on first use only for a campaign this installation does
            // not have yet: HQ's own campaign is never taken over by a plan.
            let first_use = !any_hq && ws.store.campaign(&h.campaign)?.is_none();
            if first_use || forced {
                Ok(Some(new("hq")))
            } else {
                Err(SyncError::NotHq(fp.to_string()))
            }
        }
        (Kind::Results, None) if forced => Ok(Some(new("device"))),
        (Kind::Results, None) => Err(SyncError::Untrusted(fp.to_string())),
    }
}

/// A plan's campaign, forms and HQ keys as records.
fn plan_records(
    ws: &Workspace,
    env: &Envelope<'_>,
    payload: &Payload,
    records: &mut Vec<Record>,
) -> Result<(), SyncError> {
    let h = &env.header;
    let campaign = payload
        .campaign
        .clone()
        .ok_or_else(|| SyncError::NotBundle(i18n::sync_plan_without_campaign()))?;
    if campaign.id != h.campaign {
        return Err(SyncError::OtherCampaign(campaign.id));
    }
    records.push(Record::Campaign {
        campaign: campaign.clone(),
    });
    for form in &payload.forms {
        records.push(Record::Form { form: form.clone() });
    }
    if let Some(hq) = &payload.hq {
        records.push(Record::Meta {
            key: HQ_RECIPIENT.into(),
            value: Value::from(hq.recipient.clone()),
        });
    }
    if let [team] = campaign.teams.as_slice() {
        records.push(Record::Meta {
            key: TEAM.into(),
            value: Value::from(team.id.clone()),
        });
    }
    // A laptop on nothing or on the demo moves to the real campaign.
    let current = ws.campaign().ok();
    if current.is_none_or(|c| c.demo && c.id != campaign.id) {
        records.push(Record::Meta {
            key: CURRENT_CAMPAIGN.into(),
            value: Value::from(campaign.id),
        });
    }
    review_records(ws, payload, records)
}

/// HQ's reviews in a plan, as the same `review:<entry>` settings HQ keeps;
/// one older than the review already here is skipped.
fn review_records(
    ws: &Workspace,
    payload: &Payload,
    records: &mut Vec<Record>,
) -> Result<(), SyncError> {
    for r in &payload.reviews {
        let sane = !r.entry.is_empty()
            && r.entry.len() <= 100
            && r.by.chars().count() <= 200
            && r.comment
                .as_ref()
                .is_none_or(|c| c.chars().count() <= MAX_TEXT_CHARS);
        if !sane {
            return Err(SyncError::NotBundle(i18n::hq_bad_review_in_bundle(
                &r.entry,
            )));
        }
        let key = review_key(&r.entry);
        let here = ws
            .store
            .setting(&key)?
            .and_then(|v| serde_json::from_value::<Review>(v).ok());
        if here.as_ref().is_some_and(|h| h == r || !r.newer_than(h)) {
            continue;
        }
        let value = serde_json::to_value(r).map_err(|e| SyncError::NotBundle(e.to_string()))?;
        records.push(Record::Meta { key, value });
    }
    Ok(())
}

/// The bundle's forms, each checked like a form file.
fn bundle_forms(payload: &Payload) -> Result<HashMap<(String, u32), Form>, SyncError> {
    let mut out = HashMap::new();
    for def in &payload.forms {
        let text = serde_json::to_string(def).map_err(|e| SyncError::NotBundle(e.to_string()))?;
        let form = load_form(&def.id, &text).map_err(|errors| {
            SyncError::NotBundle(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        out.insert((def.id.clone(), def.version), form);
    }
    Ok(out)
}

/// What is wrong with a revision by itself (id, size, time), if anything.
fn own_problem(r: &Revision) -> Option<String> {
    let Some(size) = r.checked_len() else {
        return Some(i18n::sync_why_id());
    };
    if size > MAX_REVISION_BYTES
        || r.body
            .reason
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
    {
        return Some(i18n::sync_why_size());
    }
    if r.body.at.parse::<jiff::Timestamp>().is_err() {
        return Some(i18n::sync_why_time(
            &r.body.at.chars().take(40).collect::<String>(),
        ));
    }
    None
}

/// `own_problem` of every revision, by position, on every core: hashing
/// each revision's content is most of an import's checking.
fn own_problems(revisions: &[Revision]) -> HashMap<usize, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let part = revisions.len().div_ceil(threads).max(1);
    let check = |k: usize, chunk: &[Revision]| -> Vec<(usize, String)> {
        chunk
            .iter()
            .enumerate()
            .filter_map(|(i, r)| own_problem(r).map(|why| (k * part + i, why)))
            .collect()
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = revisions
            .chunks(part)
            .enumerate()
            .map(|(k, chunk)| (k, chunk, s.spawn(move || check(k, chunk))))
            .collect();
        workers
            .into_iter()
            // A worker that failed is redone here, so nothing goes unchecked.
            .flat_map(|(k, chunk, w)| w.join().unwrap_or_else(|_| check(k, chunk)))
            .collect()
    })
}

fn value_is_sane(v: &Value, depth: usize) -> bool {
    match v {
        Value::String(s) => s.chars().count() <= MAX_TEXT_CHARS,
        Value::Array(a) => {
            a.len() <= MAX_ARRAY && depth < 4 && a.iter().all(|x| value_is_sane(x, depth + 1))
        }
        Value::Object(_) => false,
        _ => true,
    }
}

/// Every revision: unique, id matching content, of this campaign, of a known
/// form, with sane values that fit their items, and parents that exist.
fn check_revisions(
    ws: &Workspace,
    campaign: &str,
    units: &HashSet<String>,
    revisions: &[Revision],
    forms: &HashMap<(String, u32), Form>,
) -> Result<(), SyncError> {
    let bad = |r: &Revision, why: String| SyncError::BadRevision(r.id.clone(), why);
    let own = own_problems(revisions);
    let mut ids = HashSet::new();
    let mut of_entry: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut roots: BTreeMap<&str, (&str, u32)> = BTreeMap::new();
    for (i, r) in revisions.iter().enumerate() {
        if !ids.insert(r.id.as_str()) {
            return Err(bad(r, i18n::sync_why_duplicate()));
        }
        of_entry.entry(&r.body.entry).or_default().insert(&r.id);
        if let Some(why) = own.get(&i) {
            return Err(bad(r, why.clone()));
        }
        match (&r.body.init, r.body.parents.is_empty()) {
            (Some(init), true) => {
                if init.campaign != campaign {
                    return Err(bad(r, i18n::sync_why_campaign()));
                }
                if !units.contains(&init.unit) {
                    return Err(bad(r, i18n::sync_why_unit(&init.unit)));
                }
                if ws.store.entry(&r.body.entry)?.is_some()
                    && !ws.store.has_revision(&r.body.entry, &r.id)?
                {
                    return Err(bad(r, i18n::sync_why_second_root()));
                }
                roots.insert(&r.body.entry, (&init.form, init.form_version));
            }
            (None, false) => {}
            _ => return Err(bad(r, i18n::sync_why_root())),
        }
    }
    let form_of = |id: &str, version: u32| -> Option<&Form> {
        forms
            .get(&(id.to_string(), version))
            .or_else(|| ws.form(id, version).ok())
    };
    let mut entry_forms: HashMap<String, (String, u32)> = HashMap::new();
    for r in revisions {
        let entry = &r.body.entry;
        let (form_id, version) = match (roots.get(entry.as_str()), entry_forms.get(entry)) {
            (Some((f, v)), _) => (f.to_string(), *v),
            (None, Some((f, v))) => (f.clone(), *v),
            (None, None) => match ws.store.entry(entry)? {
                Some(e) if e.campaign == campaign => (e.form, e.form_version),
                Some(_) => return Err(bad(r, i18n::sync_why_campaign())),
                None => return Err(SyncError::MissingParent(r.id.clone())),
            },
        };
        entry_forms.insert(entry.clone(), (form_id.clone(), version));
        let form = form_of(&form_id, version)
            .ok_or_else(|| bad(r, i18n::sync_why_form(&format!("{form_id}@{version}"))))?;
        if r.body.changes.len() > MAX_CHANGES {
            return Err(bad(r, i18n::sync_why_size()));
        }
        for (path, value) in &r.body.changes {
            if !value_is_sane(value, 0) {
                return Err(bad(r, i18n::sync_why_size()));
            }
            let fits = match FieldPath::parse(path) {
                Some(FieldPath::Row { repeat, .. }) => {
                    form.item(&repeat).is_some() && (value.is_null() || value.is_number())
                }
                Some(p) => form
                    .item(p.item_id())
                    .is_some_and(|item| item.is_input() && check_value(item, value).is_ok()),
                None => false,
            };
            if !fits {
                return Err(bad(r, i18n::sync_why_value(path)));
            }
        }
        for p in &r.body.parents {
            let in_bundle = of_entry
                .get(entry.as_str())
                .is_some_and(|set| set.contains(p.as_str()));
            if !in_bundle && !ws.store.has_revision(entry, p)? {
                return Err(SyncError::MissingParent(r.id.clone()));
            }
        }
    }
    Ok(())
}
