//! The bundle file: one UTF-8 JSON object whose `payload` is kept as the
//! exact bytes of the file (`RawValue`), so its SHA-256 and ed25519
//! signature cover precisely what was written. The payload repeats the
//! envelope's id, kind and campaign, so those are signed too.
//!
//! A bundle whose revisions name attachments is version 4: the
//! envelope is one line, and the files follow it raw, in the order and
//! with the sizes its signed payload lists (`files`), so their hashes
//! carry the signature to them (see `sync::files`). Without files a bundle
//! is version 3. Versions 1 and 2 (earlier builds) are still read: they
//! differ only in what the signature covers (`statement`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::SyncError;
use super::keys::{DeviceCert, DeviceKey, verify};
use crate::domain::{Campaign, Review, Revision, Roster};
use crate::form::FormDef;

/// The `format` of every bundle.
pub const FORMAT: &str = "kaocha-bundle";
/// The bundle version this build writes when no file follows the envelope.
pub const VERSION: u32 = 3;
/// The version of a bundle whose files follow its envelope line.
pub const VERSION_FILES: u32 = 4;
/// Versions 1 (no files) and 2 (files follow) of earlier builds: the same
/// layout, but signed over the whole payload, which ed25519 hashes twice
/// with SHA-512 (a quarter of a large export). From version 3 the
/// signature covers a short statement naming the version and the
/// payload's SHA-256 (`statement`), which is checked against the payload
/// first: as strong, and the payload is hashed once.
const LEGACY: u32 = 1;
pub(crate) const LEGACY_FILES: u32 = 2;

/// Whether this build reads bundles of `version`.
pub fn readable(version: u32) -> bool {
    matches!(version, LEGACY | LEGACY_FILES | VERSION | VERSION_FILES)
}

/// What a bundle of version 3 or later signs: its version and the SHA-256
/// of its payload (hex), in a form no payload can take (not JSON).
pub fn statement(version: u32, payload_sha256: &str) -> Vec<u8> {
    format!("kaocha-bundle {version} payload sha256:{payload_sha256}").into_bytes()
}

/// Plan (HQ → field) or results (field → HQ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Results,
}

/// Who made the bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub device: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub label: String,
    pub key: String,
}

/// What the bundle holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub revisions: usize,
    pub entries: usize,
    pub forms: usize,
    /// Attached files following the envelope (version 2).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub files: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A file that follows the envelope: its SHA-256 and size, in the order the
/// files follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carried {
    pub sha256: String,
    pub size: u64,
}

/// The envelope as written (payload excluded).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub kind: Kind,
    pub id: String,
    pub created_at: String,
    pub campaign: String,
    pub origin: Origin,
    pub counts: Counts,
    pub payload_sha256: String,
    pub signature: String,
}

/// The envelope as read, the payload still raw bytes of the file.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    #[serde(flatten)]
    pub header: Header,
    #[serde(borrow)]
    pub payload: &'a RawValue,
}

/// The envelope facts repeated inside the signed payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub id: String,
    pub kind: Kind,
    pub campaign: String,
    pub created_at: String,
    pub origin: Origin,
    pub counts: Counts,
}

/// HQ's keys, in plan bundles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HqKeys {
    pub key: String,
    pub recipient: String,
}

/// The payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload<R = Revision> {
    pub bundle: Signed,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Campaign>,
    #[serde(default)]
    pub forms: Vec<FormDef>,
    /// Revisions, or (when exporting) their stored JSON as it is.
    #[serde(default = "Vec::new")]
    pub revisions: Vec<R>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hq: Option<HqKeys>,
    /// HQ's reviews of the team's entries (plan bundles).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// The plan's sequence number (plan bundles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanInfo>,
    /// Certificates of the devices whose revisions the bundle holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceCert>,
    /// The rosters of the plan's units (plan bundles only: personal data
    /// goes only to the team that visits the unit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rosters: Vec<Roster>,
    /// The attached files that follow the envelope, in order (results
    /// bundles of version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Carried>,
}

/// What only a plan says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    /// HQ's sequence number for the campaign's plans: a laptop refuses one
    /// not newer than the last it imported.
    pub seq: u64,
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A bundle's envelope as written, in pieces written one after the other
/// (`write_to`): the header up to `"payload":`, the payload, and the
/// closing brace with the newline. A payload of revision texts (see
/// `write_parts_raw`) stays in pieces too: what serde wrote before the
/// revisions, each revision's text, and what serde wrote after them, so
/// the revisions are never copied into one buffer.
pub struct Written<'a> {
    head: Vec<u8>,
    front: Vec<u8>,
    revisions: &'a [String],
    back: Vec<u8>,
}

impl Written<'_> {
    /// The payload's pieces, in order (commas between the revisions).
    fn payload_pieces(&self) -> impl Iterator<Item = &[u8]> {
        let revisions = self
            .revisions
            .iter()
            .enumerate()
            .flat_map(|(i, r)| [if i > 0 { &b","[..] } else { &b""[..] }, r.as_bytes()]);
        std::iter::once(self.front.as_slice())
            .chain(revisions)
            .chain(std::iter::once(self.back.as_slice()))
    }

    /// Writes the envelope.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(&self.head)?;
        for piece in self.payload_pieces() {
            out.write_all(piece)?;
        }
        out.write_all(b"}\n")
    }

    /// The envelope as one buffer.
    pub fn into_bytes(self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_to(&mut out);
        out
    }
}

/// Writes a bundle: payload serialised once, hashed and signed over
/// exactly those bytes.
pub fn write<R: Serialize>(
    header: Header,
    payload: &Payload<R>,
    key: &DeviceKey,
) -> Result<Vec<u8>, SyncError> {
    write_parts(header, payload, key).map(Written::into_bytes)
}

/// `write` in pieces.
pub fn write_parts<R: Serialize>(
    header: Header,
    payload: &Payload<R>,
    key: &DeviceKey,
) -> Result<Written<'static>, SyncError> {
    let front = serde_json::to_vec(payload).map_err(|e| SyncError::NotBundle(e.to_string()))?;
    signed(
        header,
        Written {
            head: Vec::new(),
            front,
            revisions: &[],
            back: Vec::new(),
        },
        key,
    )
}

/// `write_parts` of a payload whose revisions are JSON texts already
/// checked (as the store reads them from its journal): serde writes every
/// other field, and the revisions go in as they are, not copied. The same
/// bytes as `write_parts` of them parsed.
pub fn write_parts_raw<'a>(
    header: Header,
    payload: &'a Payload<String>,
    key: &DeviceKey,
) -> Result<Written<'a>, SyncError> {
    let pieces = raw_payload(payload).map_err(|e| SyncError::NotBundle(e.to_string()))?;
    signed(header, pieces, key)
}

/// The envelope of a payload's pieces: their hash, and the signature of
/// the statement naming it.
fn signed<'a>(
    header: Header,
    mut pieces: Written<'a>,
    key: &DeviceKey,
) -> Result<Written<'a>, SyncError> {
    let mut sha = Sha256::new();
    for piece in pieces.payload_pieces() {
        sha.update(piece);
    }
    let payload_sha256 = format!("{:x}", sha.finalize());
    let header = Header {
        signature: key.sign(&statement(header.version, &payload_sha256)),
        payload_sha256,
        ..header
    };
    let mut head = serde_json::to_vec(&header).map_err(|e| SyncError::NotBundle(e.to_string()))?;
    head.pop(); // the closing brace
    head.extend_from_slice(b",\"payload\":");
    pieces.head = head;
    Ok(pieces)
}

fn is_none<T>(x: &Option<&T>) -> bool {
    x.is_none()
}

fn is_empty<T>(x: &&[T]) -> bool {
    x.is_empty()
}

/// A payload as serde writes `Payload` (its fields in their order, with
/// the same ones left out), in pieces around the revisions' texts.
fn raw_payload(p: &Payload<String>) -> serde_json::Result<Written<'_>> {
    // Every field named: one added to `Payload` must be placed here too.
    let Payload {
        bundle,
        campaign,
        forms,
        revisions,
        hq,
        reviews,
        plan,
        devices,
        rosters,
        files,
    } = p;
    #[derive(Serialize)]
    struct Front<'a> {
        bundle: &'a Signed,
        #[serde(skip_serializing_if = "is_none")]
        campaign: Option<&'a Campaign>,
        forms: &'a [FormDef],
    }
    #[derive(Serialize)]
    struct Back<'a> {
        #[serde(skip_serializing_if = "is_none")]
        hq: Option<&'a HqKeys>,
        #[serde(skip_serializing_if = "is_empty")]
        reviews: &'a [Review],
        #[serde(skip_serializing_if = "is_none")]
        plan: Option<&'a PlanInfo>,
        #[serde(skip_serializing_if = "is_empty")]
        devices: &'a [DeviceCert],
        #[serde(skip_serializing_if = "is_empty")]
        rosters: &'a [Roster],
        #[serde(skip_serializing_if = "is_empty")]
        files: &'a [Carried],
    }
    let mut front = serde_json::to_vec(&Front {
        bundle,
        campaign: campaign.as_ref(),
        forms,
    })?;
    front.pop(); // the closing brace
    front.extend_from_slice(b",\"revisions\":[");
    let after = serde_json::to_vec(&Back {
        hq: hq.as_ref(),
        reviews,
        plan: plan.as_ref(),
        devices,
        rosters,
        files,
    })?;
    let mut back = b"]".to_vec();
    match after.strip_prefix(b"{").filter(|rest| *rest != b"}") {
        Some(rest) => {
            back.push(b',');
            back.extend_from_slice(rest);
        }
        None => back.push(b'}'),
    }
    Ok(Written {
        head: Vec::new(),
        front,
        revisions,
        back,
    })
}

/// Reads and verifies an envelope: format, version, payload hash and
/// signature (trust is the importer's business). A UTF-8 BOM is allowed.
pub fn open(bytes: &[u8]) -> Result<Envelope<'_>, SyncError> {
    let env = read(bytes)?;
    verify_envelope(&env)?;
    Ok(env)
}

/// Whether the payload is the one the envelope's hash and signature name.
pub fn verify_envelope(env: &Envelope<'_>) -> Result<(), SyncError> {
    let payload = env.payload.get().as_bytes();
    let h = &env.header;
    if h.version >= VERSION {
        return verify_hashed(h, &sha256_hex(payload));
    }
    if sha256_hex(payload) != h.payload_sha256 {
        return Err(SyncError::HashMismatch);
    }
    if !verify(&h.origin.key, payload, &h.signature) {
        return Err(SyncError::BadSignature);
    }
    Ok(())
}

/// Whether a payload whose SHA-256 (hex) is `sha256` is the one the
/// envelope's hash and signature name (version 3 or later: the signature
/// covers the hash, not the payload).
pub fn verify_hashed(h: &Header, sha256: &str) -> Result<(), SyncError> {
    if sha256 != h.payload_sha256 {
        return Err(SyncError::HashMismatch);
    }
    if h.version < VERSION || !verify(&h.origin.key, &statement(h.version, sha256), &h.signature) {
        return Err(SyncError::BadSignature);
    }
    Ok(())
}

/// Reads an envelope (format, version, shape) without verifying it: the
/// caller must `verify_envelope` before using anything in it.
pub fn read(bytes: &[u8]) -> Result<Envelope<'_>, SyncError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SyncError::NotBundle(crate::i18n::sync_empty()));
    }
    // The envelope in one pass when it is well formed; only when it is
    // not, `format` and `version` alone, so that a file of another kind or
    // version gets the right message.
    let parsed = serde_json::from_slice::<Envelope<'_>>(bytes);
    if !matches!(&parsed, Ok(env) if env.header.format == FORMAT && readable(env.header.version)) {
        check_kind(bytes)?;
    }
    parsed.map_err(|e| SyncError::NotBundle(json_problem(&e)))
}

/// The format and version of a file that is not a well-formed envelope.
fn check_kind(bytes: &[u8]) -> Result<(), SyncError> {
    // Only `format` and `version` (the rest is skipped, not kept).
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        format: Option<serde_json::Value>,
        #[serde(default)]
        version: Option<serde_json::Value>,
    }
    let probe: Probe =
        serde_json::from_slice(bytes).map_err(|e| SyncError::NotBundle(json_problem(&e)))?;
    let format = probe
        .format
        .as_ref()
        .and_then(|f| f.as_str())
        .unwrap_or_default();
    if format.is_empty() {
        return Err(SyncError::NotBundle(crate::i18n::json_no_format()));
    }
    if format != FORMAT {
        return Err(SyncError::BadFormat(crate::domain::ids::clean_label(
            format,
        )));
    }
    let version = probe
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if !readable(version) {
        return Err(SyncError::BadVersion(version));
    }
    Ok(())
}

/// What is wrong with a file's JSON, in words (no parser jargon).
fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    match e.classify() {
        Category::Eof => crate::i18n::json_eof(line, column),
        _ if text.contains("recursion limit") => crate::i18n::json_too_deep(line, column),
        _ if text.contains("unicode") || text.contains("UTF-8") || text.contains("utf-8") => {
            crate::i18n::json_bad_text(line, column)
        }
        Category::Data => crate::i18n::json_shape(line, column),
        Category::Syntax | Category::Io => crate::i18n::json_syntax(line, column),
    }
}

/// Parses a verified payload and checks it repeats the envelope.
pub fn payload(env: &Envelope<'_>) -> Result<Payload, SyncError> {
    let p: Payload = serde_json::from_str(env.payload.get())
        .map_err(|e| SyncError::NotBundle(json_problem(&e)))?;
    repeats(&env.header, &p)?;
    Ok(p)
}

/// Whether a payload repeats its envelope (what the envelope says is
/// believed only when the signed payload says it too).
pub fn repeats(h: &Header, p: &Payload) -> Result<(), SyncError> {
    let b = &p.bundle;
    if b.id != h.id
        || b.kind != h.kind
        || b.campaign != h.campaign
        || b.created_at != h.created_at
        || b.origin != h.origin
        || b.counts != h.counts
    {
        return Err(SyncError::EnvelopeMismatch);
    }
    Ok(())
}
