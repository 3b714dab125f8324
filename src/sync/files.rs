//! Attached files in bundles. An export (results, or a plan with the
//! entries HQ has) carries the files its revisions name (an incremental
//! one only those the earlier exports to that folder did not name),
//! streamed from the attachments folder after the envelope line; the signed payload lists each one's SHA-256 and
//! size. An import reads them as a stream into temp files, checks every
//! hash before anything is installed or committed, installs them before
//! the revisions that name them, and reports (never drops in silence) a
//! file that a revision names and that is neither carried nor here.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::SyncError;
use super::bundle::Carried;
use crate::domain::Revision;
use crate::domain::attachment::{self, Attachment};
use crate::domain::ids::clean_label;
use crate::i18n;
use crate::store::attach::{self, MAX_FILE_BYTES, Received, Staged};
use crate::store::fsutil::SyncFn;
use crate::store::{Store, StoredRevision};

/// Most files one bundle may list.
pub const MAX_FILES: usize = 100_000;

/// A file an export carries: what the payload lists, and where it is kept.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub carried: Carried,
    pub path: PathBuf,
    /// How messages name it (the attachment's cleaned name).
    pub name: String,
}

/// The files an export carries, and those its revisions name that are not
/// here (described for the person exporting).
#[derive(Debug, Default)]
pub struct ToCarry {
    pub files: Vec<Outgoing>,
    pub missing: Vec<String>,
}

impl ToCarry {
    /// The payload's list.
    pub fn listed(&self) -> Vec<Carried> {
        self.files.iter().map(|f| f.carried.clone()).collect()
    }

    /// Their total size.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.carried.size).sum()
    }
}

/// The attachments a stored revision names. Only a revision whose text
/// names a hash is parsed: most revisions name none.
fn named_by(json: &str) -> Vec<Attachment> {
    if !json.contains("\"sha256\"") {
        return Vec::new();
    }
    serde_json::from_str::<Revision>(json)
        .map(|r| names_of(&r))
        .unwrap_or_default()
}

/// The attachments a revision's changes name.
pub fn names_of(revision: &Revision) -> Vec<Attachment> {
    revision
        .body
        .changes
        .values()
        .flat_map(attachment::referenced)
        .collect()
}

/// The files to carry with `stored` (the revisions an export holds). With
/// `incremental`, a file another revision of the same entry named (one an
/// earlier export to the same folder held) is not carried again. A file not
/// kept here whole (missing, or not its recorded size) is listed as missing.
pub fn to_carry(
    store: &Store,
    stored: &[StoredRevision],
    incremental: bool,
) -> Result<ToCarry, SyncError> {
    let mut named: Vec<(String, Attachment)> = Vec::new();
    for r in stored {
        for a in named_by(&r.json) {
            named.push((r.entry.clone(), a));
        }
    }
    // Only an incremental export asks which revisions it holds.
    let here: HashSet<&str> = match incremental {
        true => stored.iter().map(|r| r.id.as_str()).collect(),
        false => HashSet::new(),
    };
    carry(store, named, &here, incremental)
}

/// The files to carry with parsed revisions (a plan's), every one.
pub fn to_carry_revisions(store: &Store, revisions: &[Revision]) -> Result<ToCarry, SyncError> {
    let named = revisions
        .iter()
        .flat_map(|r| names_of(r).into_iter().map(|a| (r.body.entry.clone(), a)))
        .collect();
    carry(store, named, &HashSet::new(), false)
}

/// The files `named` (entry, attachment) that go: each once, and with
/// `incremental` none that a revision of the entry not in `here` named.
fn carry(
    store: &Store,
    named: Vec<(String, Attachment)>,
    here: &HashSet<&str>,
    incremental: bool,
) -> Result<ToCarry, SyncError> {
    let mut sent: HashSet<String> = HashSet::new();
    if incremental && !named.is_empty() {
        let entries: BTreeSet<&str> = named.iter().map(|(e, _)| e.as_str()).collect();
        for entry in entries {
            for earlier in store.revisions(entry)? {
                if !here.contains(earlier.id.as_str()) {
                    sent.extend(names_of(&earlier).into_iter().map(|a| a.sha256));
                }
            }
        }
    }
    let mut out = ToCarry::default();
    let mut seen: HashSet<String> = HashSet::new();
    for (entry, a) in named {
        if sent.contains(&a.sha256) || !seen.insert(a.sha256.clone()) {
            continue;
        }
        let name = clean_label(&a.name);
        match attach::path_of(store.dir(), &a.sha256) {
            Some(path) if attach::is_kept(store.dir(), &a.sha256, a.size) => {
                out.files.push(Outgoing {
                    carried: Carried {
                        sha256: a.sha256,
                        size: a.size,
                    },
                    path,
                    name,
                });
            }
            _ => out.missing.push(i18n::sync_file_not_here(
                &entry,
                &name,
                a.sha256.get(..12).unwrap_or_default(),
            )),
        }
    }
    Ok(out)
}

/// Writes the files after the envelope, each checked against its hash as
/// it is copied (a file altered here stops the export).
pub fn write_files(out: &mut impl Write, files: &[Outgoing]) -> Result<(), SyncError> {
    for f in files {
        let src = File::open(&f.path).map_err(|e| SyncError::io(&f.path, e))?;
        let (got, n) =
            attach::copy_hashed(src, out, f.carried.size).map_err(|e| SyncError::io(&f.path, e))?;
        if n != f.carried.size || got != f.carried.sha256 {
            return Err(SyncError::FileAlteredHere(f.name.clone()));
        }
    }
    Ok(())
}

/// Checks a payload's list of files: real hashes, each at most the
/// attachment limit, none twice, not too many.
pub fn check_listed(files: &[Carried]) -> Result<(), SyncError> {
    if files.len() > MAX_FILES {
        return Err(SyncError::NotBundle(i18n::sync_too_many_files(MAX_FILES)));
    }
    let mut seen = HashSet::new();
    for f in files {
        if !attachment::is_sha256(&f.sha256) || f.size > MAX_FILE_BYTES {
            return Err(SyncError::BadFiles);
        }
        if !seen.insert(f.sha256.as_str()) {
            return Err(SyncError::BadFiles);
        }
    }
    Ok(())
}

/// The files of a bundle as read: staged ones (installed by `install`,
/// removed when dropped), and how many were checked.
#[derive(Debug, Default)]
pub struct Incoming {
    staged: Vec<Staged>,
    pub checked: usize,
    pub bytes: u64,
}

/// Reads the listed files from `rest` (what follows the envelope), checking
/// each against its hash; the stream must end with the last. A file kept
/// here already is checked and not written; with `keep` false (a dry run)
/// none is. On any failure the staged files are removed: nothing is left.
pub fn receive(
    data_dir: &Path,
    files: &[Carried],
    rest: &mut dyn Read,
    keep: bool,
    sync: SyncFn,
) -> Result<Incoming, SyncError> {
    let mut incoming = Incoming::default();
    for (i, f) in files.iter().enumerate() {
        let store_it = keep && !attach::is_kept(data_dir, &f.sha256, f.size);
        let short = || SyncError::FilesCutOff {
            got: i,
            want: files.len(),
        };
        match attach::receive(data_dir, &f.sha256, f.size, rest, store_it, sync) {
            Ok(staged) => incoming.staged.extend(staged),
            Err(Received::Short) => return Err(short()),
            Err(Received::Mismatch) => {
                return Err(SyncError::FileMismatch(
                    f.sha256.get(..12).unwrap_or_default().to_string(),
                ));
            }
            Err(Received::Write(e)) => {
                return Err(SyncError::io(&data_dir.join(attach::FOLDER), e));
            }
        }
        incoming.checked += 1;
        incoming.bytes += f.size;
    }
    let mut one = [0u8; 1];
    loop {
        match rest.read(&mut one) {
            Ok(0) => break,
            Ok(_) => return Err(SyncError::NotBundle(i18n::sync_trailing_data())),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(SyncError::NotBundle(i18n::sync_trailing_data())),
        }
    }
    Ok(incoming)
}

impl Incoming {
    /// Puts every staged file under its hash (before the revisions naming
    /// them are committed).
    pub fn install(self, data_dir: &Path, sync: SyncFn) -> Result<(), SyncError> {
        for s in self.staged {
            s.install(sync)
                .map_err(|e| SyncError::io(&data_dir.join(attach::FOLDER), e))?;
        }
        Ok(())
    }
}

/// The attachments the incoming revisions name whose files are neither in
/// the bundle nor kept here, described by entry and name.
pub fn missing(data_dir: &Path, revisions: &[Revision], carried: &[Carried]) -> Vec<String> {
    let carried: HashMap<&str, u64> = carried
        .iter()
        .map(|c| (c.sha256.as_str(), c.size))
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in revisions {
        for a in names_of(r) {
            if carried.contains_key(a.sha256.as_str())
                || !seen.insert(a.sha256.clone())
                || attach::is_kept(data_dir, &a.sha256, a.size)
            {
                continue;
            }
            out.push(i18n::sync_file_not_carried(
                &clean_label(&r.body.entry),
                &clean_label(&a.name),
                a.sha256.get(..12).unwrap_or_default(),
            ));
        }
    }
    out
}
