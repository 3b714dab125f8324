//! Import: read within the size limit (a plain bundle as this build writes
//! it as a stream, its revisions parsed while its payload is hashed,
//! `sync::stream`; any other whole, decrypting as a stream), verify
//! format, version, hash and signature, decide who signed it and what they
//! may change (`scope`), check the plan or that results carry revisions
//! only, check every revision (`check`), and only then write everything in
//! one commit. The attached files that follow a version-2 envelope are
//! read as a stream and checked against their signed hashes before they
//! are installed, and installed before that commit (`sync::files`). A
//! bundle already imported adds nothing (unless revisions it brought have
//! been dropped since); bundles may come in any order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::SyncError;
use super::bundle::{self, Envelope, Header, Kind, Payload};
use super::check::{Checked, Context, Early, check_revisions};
use super::files;
use super::keys::fingerprint;
use super::plan_in;
use super::read;
use super::scope::{self, Authors, Signer};
use super::stream::{self, Look, Streamed};
use super::trust::cert_record;
use crate::domain::ids::{clean_label, is_name_id, is_uuid};
use crate::domain::{Campaign, now_rfc3339};
use crate::form::{Form, load_form};
use crate::i18n;
use crate::store::fsutil::real_sync;
use crate::store::{Change, Prepared, Source, Store};

/// Most device certificates one bundle may carry.
const MAX_DEVICES: usize = 1_000;

pub use super::options::Options;

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
    /// Attached files the bundle carried (each checked against its hash).
    pub files: usize,
    pub file_bytes: u64,
    /// Attachments the revisions name whose files are neither in the
    /// bundle nor here (described).
    pub missing_files: Vec<String>,
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
        if self.files > 0 {
            lines.push(i18n::sync_files_received(
                self.files,
                &crate::domain::attachment::size_text(self.file_bytes),
            ));
        }
        if !self.missing_files.is_empty() {
            lines.push(i18n::sync_files_missing_import(self.missing_files.len()));
            lines.extend(self.missing_files.iter().map(|m| format!("  {m}")));
        }
        lines
    }
}

fn receipt_key(id: &str) -> String {
    format!("bundle:{id}")
}

/// Imports a bundle file (refused unread when larger than the limit). A
/// plain bundle as this build writes it is read as a stream; any other is
/// read whole.
pub fn import_file(store: &Store, path: &Path, opts: &Options) -> Result<Report, SyncError> {
    if let Some(report) =
        import_streamed(store, opts, |look| stream::file(path, opts.max_bytes, look))?
    {
        return Ok(report);
    }
    let opened = read::bundle_file(store.dir(), path, opts.max_bytes)?;
    import_plain(store, opened.head, opened.rest, opts)
}

/// Imports one bundle's bytes (plain or encrypted).
pub fn import(store: &Store, bytes: &[u8], opts: &Options) -> Result<Report, SyncError> {
    if let Some(report) = import_streamed(store, opts, |look| {
        stream::bytes(bytes, opts.max_bytes, look)
    })? {
        return Ok(report);
    }
    let opened = read::bundle_bytes(store.dir(), bytes, opts.max_bytes)?;
    import_plain(store, opened.head, opened.rest, opts)
}

/// Imports what `read` reads as a stream, each revision checked by itself
/// while the rest is read (`check::Early`); `None` when `read` leaves the
/// bundle to the whole-file reader.
fn import_streamed<'a>(
    store: &Store,
    opts: &Options,
    read: impl FnOnce(Look<'_>) -> Result<Option<Streamed<'a>>, SyncError>,
) -> Result<Option<Report>, SyncError> {
    let mut early = Early::default();
    let Some(s) = read(&mut |first, part| early.take(store, first, part))? else {
        return Ok(None);
    };
    import_parsed(store, s.header, s.payload, s.rest, Some(early), opts).map(Some)
}

/// The ids of an envelope, in their formats.
fn check_header(h: &Header) -> Result<(), SyncError> {
    let ok = is_uuid(&h.id)
        && is_name_id(&h.campaign)
        && is_name_id(&h.origin.device)
        && h.origin.team.as_deref().is_none_or(is_name_id);
    if ok { Ok(()) } else { Err(SyncError::BadIds) }
}

/// A results bundle carries revisions (and the certificates of their
/// devices), nothing that only HQ may send.
fn results_only(p: &Payload) -> Result<(), SyncError> {
    let carried = [
        (p.campaign.is_some(), "campaign"),
        (!p.forms.is_empty(), "forms"),
        (p.hq.is_some(), "hq"),
        (!p.reviews.is_empty(), "reviews"),
        (p.plan.is_some(), "plan"),
        (!p.rosters.is_empty(), "rosters"),
    ];
    match carried.iter().find(|(yes, _)| *yes) {
        Some((_, what)) => Err(SyncError::ResultsCarry((*what).to_string())),
        None => Ok(()),
    }
}

/// Imports a bundle's plain bytes; they are let go as soon as they are
/// parsed (the parsed revisions are all that is kept).
fn import_plain(
    store: &Store,
    bytes: Cow<'_, [u8]>,
    rest: Box<dyn Read + '_>,
    opts: &Options,
) -> Result<Report, SyncError> {
    let (header, payload) = {
        let (env, payload) = verified(&bytes)?;
        (env.header, payload)
    };
    drop(bytes);
    import_parsed(store, header, payload, rest, None, opts)
}

/// Imports a bundle whose hash and signature hold and whose payload
/// repeats its envelope (`early`: what was found of its revisions while
/// it was read).
fn import_parsed(
    store: &Store,
    header: Header,
    payload: Payload,
    mut rest: Box<dyn Read + '_>,
    early: Option<Early>,
    opts: &Options,
) -> Result<Report, SyncError> {
    let h = &header;
    check_header(h)?;
    let mut report = Report::of_bundle(h, opts);
    // Results are of a campaign here; a plan brings its own.
    let local = match h.kind {
        Kind::Plan => None,
        Kind::Results => Some(
            store
                .campaign(&h.campaign)?
                .ok_or_else(|| SyncError::OtherCampaign(h.campaign.clone()))?,
        ),
    };
    let signer: Signer = match &local {
        None => scope::plan_signer(store, h, opts)?,
        Some(c) => scope::results_signer(store, h, c, opts)?,
    };
    report.newly_trusted = signer.newly_trusted;
    if store.setting(&receipt_key(&h.id))?.is_some() && holds_all(store, &payload)? {
        report.already_imported = true;
        return Ok(report);
    }
    files::check_listed(&payload.files)?;
    if payload.devices.len() > MAX_DEVICES {
        return Err(SyncError::NotBundle(i18n::sync_too_many_devices(
            MAX_DEVICES,
        )));
    }
    let mut records = Vec::new();
    let campaign = match local {
        None => plan_in::plan_records(store, h, &payload, opts, &mut records)?,
        Some(c) => {
            results_only(&payload)?;
            std::sync::Arc::unwrap_or_clone(c)
        }
    };
    let forms = bundle_forms(&payload)?;
    report.forms = forms.len();
    let (trust, checked) = checked_trust(store, &campaign, &forms, signer, &payload, early, opts)?;
    records.extend(trust);
    // The signer's own certificate is kept, so this installation can relay
    // the signer's revisions later (a team leader's merge).
    if let Some(c) = payload
        .devices
        .iter()
        .find(|c| c.device == h.origin.device && c.key == h.origin.key && c.verifies())
    {
        records.push(cert_record(c));
    }
    // Every file is read and checked before anything is installed, and
    // installed before the revisions naming it are committed.
    let incoming = files::receive(
        store.dir(),
        &payload.files,
        &mut rest,
        !opts.dry_run,
        real_sync,
    )?;
    report.files = incoming.checked;
    report.file_bytes = incoming.bytes;
    report.missing_files = files::missing(store.dir(), &payload.revisions, &payload.files);
    if !opts.dry_run {
        incoming.install(store.dir(), real_sync)?;
    }
    write(store, h, payload, records, checked, opts, &mut report)?;
    Ok(report)
}

/// Whether every revision a bundle brings is here. A bundle imported before
/// is imported again when one is not: a `doctor --rebuild --force` over a
/// damaged journal line dropped it, and the bundle brings it back.
fn holds_all(store: &Store, payload: &Payload) -> Result<bool, SyncError> {
    for r in &payload.revisions {
        if !store.has_revision(&r.body.entry, &r.id)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The envelope and its payload, once the hash and signature hold. The
/// payload is parsed while another thread checks them; nothing parsed is
/// used unless they hold.
fn verified(bytes: &[u8]) -> Result<(Envelope<'_>, Payload), SyncError> {
    let env = bundle::read(bytes)?;
    let (verified, parsed) = std::thread::scope(|s| {
        let verifying = s.spawn(|| bundle::verify_envelope(&env));
        let parsed = bundle::payload(&env);
        let verified = verifying
            .join()
            .unwrap_or_else(|_| bundle::verify_envelope(&env));
        (verified, parsed)
    });
    verified?;
    // The envelope must repeat what is signed before anything of it is
    // believed.
    let payload = parsed?;
    Ok((env, payload))
}

impl Report {
    /// The report of a bundle before anything of it is imported.
    fn of_bundle(h: &Header, opts: &Options) -> Report {
        Report {
            bundle: h.id.clone(),
            kind: match h.kind {
                Kind::Plan => "plan".into(),
                Kind::Results => "results".into(),
            },
            origin: clean_label(&h.origin.label),
            fingerprint: fingerprint(&h.origin.key),
            dry_run: opts.dry_run,
            ..Report::default()
        }
    }

    /// What the store wrote (or, dry, would write) of the bundle's `total`
    /// revisions: new and known ones, merges, conflicts.
    fn count_written(&mut self, prepared: &Prepared, total: usize) {
        // The merge revisions the store added come last.
        let written_new = prepared.revisions.saturating_sub(prepared.merges);
        self.revisions_new = written_new;
        self.revisions_known = total - written_new;
        self.merged = prepared.merged_entries;
        self.conflicted = prepared
            .heads
            .values()
            .filter(|e| !e.conflicts.is_empty())
            .count();
    }
}

/// Checks every revision of the bundle against the campaign and forms;
/// returns the trust records to write with them (the signer's, then those
/// of the relayed authors), and what the checks found.
fn checked_trust(
    store: &Store,
    campaign: &Campaign,
    forms: &HashMap<(String, u32), Form>,
    signer: Signer,
    payload: &Payload,
    early: Option<Early>,
    opts: &Options,
) -> Result<(Vec<Change>, Checked), SyncError> {
    let mut authors = Authors::new(store, campaign, opts, &payload.devices);
    let cx = Context {
        store,
        campaign,
        forms,
        signer: &signer,
    };
    let checked = check_revisions(&cx, &payload.revisions, &mut authors, early)?;
    let mut records = signer.records;
    records.extend(authors.records);
    Ok((records, checked))
}

/// Writes the records, the bundle's revisions and its receipt in one
/// commit (or, dry, only prepares them), and counts into the report what
/// was new.
fn write(
    store: &Store,
    h: &Header,
    payload: Payload,
    records: Vec<Change>,
    checked: Checked,
    opts: &Options,
    report: &mut Report,
) -> Result<(), SyncError> {
    let total = payload.revisions.len();
    report.entries = checked.entries;
    // The parsed revisions become records where they lie (a record is the
    // size of a revision, so std collects them into the same list, with no
    // second list beside it), the other records go in front of them, and
    // the receipt after.
    let lead = records.len();
    let mut all: Vec<Change> = payload
        .revisions
        .into_iter()
        .map(|revision| Change::Revision { revision })
        .collect();
    all.reserve(lead + 1);
    all.extend(records);
    all.rotate_right(lead);
    all.push(receipt(h, report, total));
    let records = all;
    // The roots found unstored, by their place among the records.
    let unstored = checked.unstored.map(|mut u| {
        u.roots.splice(0..0, std::iter::repeat_n(false, lead));
        u
    });
    let prepared = if opts.dry_run {
        store.dry_run(records, Source::Import, unstored.as_ref())?
    } else {
        store.commit_owned(records, Source::Import, unstored.as_ref())?
    };
    report.count_written(&prepared, total);
    Ok(())
}

/// The setting that marks a bundle imported (`revisions` it carried).
fn receipt(h: &Header, report: &Report, revisions: usize) -> Change {
    Change::Setting {
        key: receipt_key(&h.id),
        value: serde_json::json!({
            "imported_at": now_rfc3339(), "kind": report.kind, "origin": report.origin,
            "fingerprint": report.fingerprint, "revisions": revisions,
        }),
    }
}

/// The bundle's forms, each checked like a form file.
fn bundle_forms(payload: &Payload) -> Result<HashMap<(String, u32), Form>, SyncError> {
    let mut out = HashMap::new();
    for def in &payload.forms {
        let text = serde_json::to_string(def).map_err(|e| SyncError::NotBundle(e.to_string()))?;
        let form = load_form(&clean_label(&def.id), &text).map_err(|errors| {
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
