//! The text being typed into a field, kept in `draft.json` in the data
//! folder while it is not saved yet, so that a terminal closed or a laptop
//! switched off mid-sentence loses at most the last fraction of a second.
//! The next start takes it back into its field. The file is read like
//! any other file: capped, parsed, and its entry looked up before use.
//! (The draft itself is plain data: `domain::Draft`.)

use std::path::{Path, PathBuf};

use crate::domain::{Draft, ids};
use crate::store::fsutil;

/// The file's name in the data folder.
const FILE: &str = "draft.json";

/// Largest draft read: a text answer's 100 000 characters, four bytes each,
/// with room for the rest.
const MAX_BYTES: u64 = 512 * 1024;

/// Longest answer path kept (`rep[row].item` is a few dozen bytes).
const MAX_PATH: usize = 256;

fn file(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Keeps `draft` durably (a temp file, fsync, rename), replacing the last.
pub fn keep(dir: &Path, draft: &Draft) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(draft).map_err(std::io::Error::other)?;
    fsutil::write_atomic(&file(dir), &bytes)
}

/// Forgets the draft: its text was saved, or given up.
pub fn clear(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(file(dir)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The draft left by the last run, if there is a readable one. A file too
/// large or not a draft is removed: it cannot be taken back.
pub fn take(dir: &Path) -> Option<Draft> {
    let path = file(dir);
    let meta = std::fs::metadata(&path).ok()?;
    let draft = (meta.len() <= MAX_BYTES)
        .then(|| std::fs::read(&path).ok())
        .flatten()
        .and_then(|bytes| serde_json::from_slice::<Draft>(&bytes).ok())
        .filter(|d| ids::is_uuid(&d.entry) && d.path.len() <= MAX_PATH)
        .map(|d| Draft {
            text: d
                .text
                .chars()
                .filter(|c| !ids::is_control_in_text(*c))
                .collect(),
            ..d
        });
    if draft.is_none() {
        let _ = clear(dir);
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_taken_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(take(dir.path()), None);
        let d = Draft {
            entry: "0190e1c4-3a00-7000-8000-00000000a001".into(),
            path: "q1".into(),
            text: "乙乙乙乙".into(),
        };
        keep(dir.path(), &d).unwrap();
        assert_eq!(take(dir.path()), Some(d.clone()));
        // Control characters never reach the screen.
        let noisy = Draft {
            text: "a\u{1b}[2Jb\nc".into(),
            ..d.clone()
        };
        keep(dir.path(), &noisy).unwrap();
        assert_eq!(take(dir.path()).unwrap().text, "a[2Jb\nc");
        clear(dir.path()).unwrap();
        assert_eq!(take(dir.path()), None);
        clear(dir.path()).unwrap();
    }

    #[test]
    fn a_broken_or_huge_file_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(file(dir.path()), b"{not json").unwrap();
        assert_eq!(take(dir.path()), None);
        assert!(!file(dir.path()).exists());
        std::fs::write(file(dir.path()), vec![b' '; 600 * 1024]).unwrap();
        assert_eq!(take(dir.path()), None);
        assert!(!file(dir.path()).exists());
        let bad = r#"{"entry":"../x","path":"q1","text":"a"}"#;
        std::fs::write(file(dir.path()), bad).unwrap();
        assert_eq!(take(dir.path()), None);
        assert!(!file(dir.path()).exists());
    }
}
