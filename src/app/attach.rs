//! Attaching files to an entry (`kaocha entry attach ID ITEM FILE…`). What
//! a person typed, pasted or dragged is read as a path (quoted, a
//! `file://` URL, spaces escaped with `\`); a folder gives its photos.
//! Every file is checked before anything is written, then stored durably
//! (`store::attach`), and only then does one revision add them all to the
//! item: after a crash the entry names only files that are there.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::edit::fresh;
use super::workspace::{WorkError, Workspace};
use crate::domain::attachment::{self, Attachment, MAX_CAPTION_CHARS, MAX_PER_ITEM};
use crate::domain::ids::clean_label;
use crate::domain::{Entry, Status, dag};
use crate::form::ItemType;
use crate::form::plan::{EditError, attachment_target};
use crate::store::attach::{AttachError, AttachRefused, MAX_FILE_BYTES, check_source};

/// The files a folder gives: photos, by their extension.
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "heic"];

/// What an attach did: the entry after it, the field path, how many files
/// were added, how many were already in the item, and how many of those
/// had their kept file written again (it was missing or altered).
#[derive(Debug, Clone)]
pub struct Attached {
    pub entry: Entry,
    pub path: String,
    pub label: String,
    pub added: usize,
    pub already: usize,
    pub restored: usize,
}

/// A path as typed, pasted or dragged onto a terminal: surrounding
/// quotes dropped, a `file://` URL decoded (`%20`, UTF-8 names, `/C:/` on
/// Windows), and elsewhere than Windows `\ ` read as a space when the text
/// as written names nothing.
pub fn pasted_path(text: &str) -> PathBuf {
    let t = strip_quotes(text.trim());
    if let Some(rest) = t.strip_prefix("file://") {
        let rest = rest.strip_prefix("localhost").unwrap_or(rest);
        let decoded = percent_decode(rest);
        let b = decoded.as_bytes();
        if b.len() > 2 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return PathBuf::from(decoded.get(1..).unwrap_or_default());
        }
        return PathBuf::from(decoded);
    }
    if cfg!(not(windows)) && t.contains('\\') && !Path::new(t).exists() {
        let mut out = String::new();
        let mut chars = t.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        return PathBuf::from(out);
    }
    PathBuf::from(t)
}

/// What was pasted or dragged, as one path or several: several files
/// dragged at once arrive as one line of quoted or escaped paths (or
/// `file://` URLs) separated by spaces. When the text as a whole names
/// nothing and every one of its words names something, the words are the
/// paths; otherwise it is one path (a missing one is then named whole).
pub fn pasted_paths(text: &str) -> Vec<PathBuf> {
    let whole = pasted_path(text);
    if whole.exists() {
        return vec![whole];
    }
    let words = shell_words(text.trim());
    if words.len() > 1 {
        let paths: Vec<PathBuf> = words.iter().map(|w| pasted_path(w)).collect();
        if paths.iter().all(|p| p.exists()) {
            return paths;
        }
    }
    vec![whole]
}

/// Words as a shell splits them: quotes group, elsewhere than Windows
/// `\` escapes the next character.
fn shell_words(t: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '\\') if cfg!(not(windows)) => {
                word.extend(chars.next());
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

fn strip_quotes(t: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// `%XX` as the byte it stands for; the bytes read as UTF-8.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How a path is named in messages: control characters dropped.
fn shown(p: &Path) -> String {
    clean_label(&p.display().to_string())
}

/// The photos of a folder (by their extension), sorted by name; refused
/// when it cannot be read or holds none.
pub fn folder_photos(folder: &Path) -> Result<Vec<PathBuf>, AttachRefused> {
    let read = std::fs::read_dir(folder).map_err(|e| AttachError::Read {
        name: shown(folder),
        why: e.to_string(),
    })?;
    let mut photos: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|f| {
            f.is_file()
                && f.extension().is_some_and(|x| {
                    PHOTO_EXTENSIONS.contains(&x.to_string_lossy().to_lowercase().as_str())
                })
        })
        .collect();
    if photos.is_empty() {
        return Err(AttachRefused::NoImages(shown(folder)));
    }
    photos.sort();
    Ok(photos)
}

/// The files to attach: each path itself, or a folder's photos (by name).
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, AttachRefused> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(folder_photos(p)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

impl Workspace {
    /// Attaches files to an entry's `photo` or `file` item (`item` or
    /// `rep[sel].item`), with one caption for all of them. Refused, with
    /// nothing written, when the entry cannot be changed, the item holds no
    /// attachments, or a file is missing or too large. Files already in the
    /// item are not added again. One revision for all.
    pub fn attach(
        &self,
        entry: &Entry,
        item: &str,
        files: &[String],
        caption: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Attached, WorkError> {
        if entry.status == Status::Deleted {
            return Err(EditError::Deleted.into());
        }
        if !entry.conflicts.is_empty() {
            return Err(EditError::Conflicted.into());
        }
        if entry.status == Status::Final && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(EditError::NeedReason.into());
        }
        let form = self.form(&entry.form, entry.form_version)?;
        let baseline = self.baseline_of(entry);
        let mut working = entry.answers.clone();
        let (path, target) = attachment_target(form, &fresh(), &baseline, &mut working, item)?;
        let label = target.ui_label().to_string();
        if !target.is_attachment() {
            return Err(AttachRefused::NotAttachmentItem(target.id.clone(), label).into());
        }
        if files.is_empty() {
            return Err(AttachRefused::NoFiles.into());
        }
        let sources = expand(&files.iter().map(|f| pasted_path(f)).collect::<Vec<_>>())?;
        for src in &sources {
            check_source(src, &shown(src), MAX_FILE_BYTES).map_err(AttachRefused::from)?;
        }
        let mut list =
            attachment::list(working.get(&path).unwrap_or(&Value::Null)).unwrap_or_default();
        if list.len() + sources.len() > MAX_PER_ITEM {
            return Err(AttachRefused::TooMany(label, MAX_PER_ITEM).into());
        }
        let caption: Option<String> = caption
            .map(|c| clean_label(c).chars().take(MAX_CAPTION_CHARS).collect())
            .filter(|c: &String| !c.is_empty());
        let (mut added, mut already, mut restored) = (0, 0, 0);
        for src in &sources {
            let stored = self
                .store
                .put_attachment(src, &shown(src))
                .map_err(AttachRefused::from)?;
            if list.iter().any(|a| a.sha256 == stored.sha256) {
                already += 1;
                restored += usize::from(stored.written);
                continue;
            }
            let meta = if target.kind == ItemType::Photo {
                super::exif::read(src)
            } else {
                super::exif::PhotoMeta::default()
            };
            let name = src
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            list.push(Attachment {
                sha256: stored.sha256,
                name: attachment::clean_name(&name),
                size: stored.size,
                caption: caption.clone(),
                taken_at: meta.taken_at,
                gps: meta.gps,
            });
            added += 1;
        }
        let mut done = Attached {
            entry: entry.clone(),
            path: path.clone(),
            label,
            added,
            already,
            restored,
        };
        if added == 0 {
            return Ok(done);
        }
        working.insert(path, attachment::to_value(&list));
        let changes = dag::diff(&entry.answers, &working);
        done.entry = self.commit_change(entry, changes, None, reason)?;
        Ok(done)
    }

    /// Takes the attachment `sha` off the item at `path` (one revision;
    /// its kept file stays: originals are never deleted).
    pub fn detach(
        &self,
        entry: &Entry,
        path: &str,
        sha: &str,
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        self.change_list(entry, path, sha, reason, |list, i| {
            list.remove(i);
        })
    }

    /// Sets (or, blank, removes) the caption of the attachment `sha` of
    /// the item at `path` (one revision).
    pub fn set_caption(
        &self,
        entry: &Entry,
        path: &str,
        sha: &str,
        caption: &str,
        reason: Option<&str>,
    ) -> Result<Entry, WorkError> {
        let caption: String = clean_label(caption)
            .trim()
            .chars()
            .take(MAX_CAPTION_CHARS)
            .collect();
        self.change_list(entry, path, sha, reason, |list, i| {
            if let Some(a) = list.get_mut(i) {
                a.caption = (!caption.is_empty()).then(|| caption.clone());
            }
        })
    }

    /// Changes the attachment `sha` of the item at `path` and saves the
    /// item's new list as one revision; refused, with nothing written, as
    /// an attach is, or when the item holds no such attachment.
    fn change_list(
        &self,
        entry: &Entry,
        path: &str,
        sha: &str,
        reason: Option<&str>,
        change: impl FnOnce(&mut Vec<Attachment>, usize),
    ) -> Result<Entry, WorkError> {
        if entry.status == Status::Deleted {
            return Err(EditError::Deleted.into());
        }
        if entry.status == Status::Final && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(EditError::NeedReason.into());
        }
        let form = self.form(&entry.form, entry.form_version)?;
        let baseline = self.baseline_of(entry);
        let mut working = entry.answers.clone();
        let (path, target) = attachment_target(form, &fresh(), &baseline, &mut working, path)?;
        if !target.is_attachment() {
            return Err(AttachRefused::NotAttachmentItem(
                target.id.clone(),
                target.ui_label().into(),
            )
            .into());
        }
        let mut list =
            attachment::list(working.get(&path).unwrap_or(&Value::Null)).unwrap_or_default();
        let Some(i) = list.iter().position(|a| a.sha256 == sha) else {
            return Err(AttachRefused::NotInItem(target.ui_label().to_string()).into());
        };
        change(&mut list, i);
        working.insert(path, attachment::to_value(&list));
        let changes = dag::diff(&entry.answers, &working);
        if changes.is_empty() {
            return Ok(entry.clone());
        }
        self.commit_change(entry, changes, None, reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_and_dragged_paths() {
        assert_eq!(
            pasted_path("  '/tmp/现场 照片.jpg' "),
            PathBuf::from("/tmp/现场 照片.jpg")
        );
        assert_eq!(
            pasted_path("\"/tmp/a b.jpg\""),
            PathBuf::from("/tmp/a b.jpg")
        );
        assert_eq!(
            pasted_path("file:///tmp/%E7%8E%B0%E5%9C%BA%20a.jpg"),
            PathBuf::from("/tmp/现场 a.jpg")
        );
        assert_eq!(
            pasted_path("file://localhost/tmp/a.jpg"),
            PathBuf::from("/tmp/a.jpg")
        );
        assert_eq!(
            pasted_path("file:///C:/Users/a.jpg"),
            PathBuf::from("C:/Users/a.jpg")
        );
        assert_eq!(pasted_path("file:///tmp/100%"), PathBuf::from("/tmp/100%"));
        #[cfg(unix)]
        assert_eq!(
            pasted_path(r"/nowhere/a\ b\(1\).jpg"),
            PathBuf::from("/nowhere/a b(1).jpg")
        );
    }

    #[test]
    fn several_dragged_files_are_several_paths() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("现场 1.jpg");
        let b = dir.path().join("b.jpg");
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let line = format!("'{}' {}", a.display(), b.display());
        assert_eq!(pasted_paths(&line), vec![a.clone(), b.clone()]);
        // One existing path with a space stays one.
        assert_eq!(pasted_paths(&a.display().to_string()), vec![a.clone()]);
        // A word naming nothing: the whole text is the (missing) path.
        let bad = format!("'{}' /nowhere/x.jpg", a.display());
        assert_eq!(pasted_paths(&bad).len(), 1);
    }
}
