//! Opening an attachment with the system viewer. The kept file has no
//! extension (it is named by its hash), so it is first copied under its
//! own name into the data folder's `open/` folder (a copy: a viewer that
//! saves over it never alters the kept original); then the system's
//! opener (`xdg-open`, `open` on macOS, `cmd /C start` on Windows) is
//! started detached, its input and output null so a terminal app is not
//! disturbed. `KAOCHA_OPENER` names another program to run instead, with
//! the file as its one argument (tests point it at a recorder).
//!
//! The copies are for looking at, not for keeping: each time the screen
//! starts, the copies a session before left are removed (`clear_copies`),
//! so photos of people and scanned rosters do not pile up outside the
//! attachments folder. A copy still open in a viewer (Windows locks it)
//! stays until a later start.
//!
//! A file may come from anyone (a bundle), and the system opener runs
//! programs: only documents and pictures are opened (`OPENABLE`), never a
//! script or a program, and the copy's name keeps no character a shell
//! would read. On Windows `explorer` opens it, so no `cmd` parses the path.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::domain::attachment::clean_name;
use crate::i18n;
use crate::store::attach::path_of;
use crate::store::fsutil::create_private_dir;

/// The folder of the copies opened, in the data folder.
pub const OPEN_FOLDER: &str = "open";
/// The environment variable naming the program that opens files.
pub const OPENER_ENV: &str = "KAOCHA_OPENER";

/// The kinds of file opened with the system viewer, by extension:
/// pictures, PDF and OFD, office documents, plain text. Anything else (a
/// program, a script, a shortcut) could run when opened.
pub const OPENABLE: &[&str] = &[
    "jpg", "jpeg", "png", "heic", "heif", "gif", "bmp", "tif", "tiff", "webp", "pdf", "ofd", "doc",
    "docx", "xls", "xlsx", "wps", "et", "dps", "ppt", "pptx", "txt", "csv", "rtf",
];

/// Whether a file of this name is opened with the system viewer.
pub fn is_openable(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && OPENABLE.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// A name as the copy is called: no character a shell or `cmd` reads.
fn safe_name(name: &str) -> String {
    clean_name(name)
        .chars()
        .map(|c| {
            if "&|<>^%!\"'`$;,=()[]{}*?~".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Why a file was not opened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpenError {
    /// Not a document or a picture: it could run as a program.
    #[error("{}", i18n::ui_at_not_openable(.0))]
    NotOpenable(String),
    /// The kept file is not in the data folder.
    #[error("{}", i18n::ui_at_missing_file(.0))]
    Missing(String),
    #[error("{}", i18n::ui_at_open_failed(name, why))]
    Failed { name: String, why: String },
}

/// The program set in `KAOCHA_OPENER`, if any.
pub fn opener_from_env() -> Option<OsString> {
    std::env::var_os(OPENER_ENV).filter(|p| !p.is_empty())
}

/// Opens the attachment `sha` (named `name`) with `program`, else the
/// system's opener. Returns the path handed to it.
pub fn open_attachment(
    data_dir: &Path,
    sha: &str,
    name: &str,
    program: Option<&OsStr>,
) -> Result<PathBuf, OpenError> {
    let shown = crate::domain::ids::clean_label(name);
    if !is_openable(name) {
        return Err(OpenError::NotOpenable(shown));
    }
    let kept = path_of(data_dir, sha)
        .filter(|p| p.is_file())
        .ok_or_else(|| OpenError::Missing(shown.clone()))?;
    let failed = |e: std::io::Error| OpenError::Failed {
        name: shown.clone(),
        why: e.to_string(),
    };
    let folder = data_dir
        .join(OPEN_FOLDER)
        .join(sha.get(..16).unwrap_or(sha));
    create_private_dir(&folder).map_err(failed)?;
    let copy = folder.join(safe_name(name));
    if let Err(e) = std::fs::copy(&kept, &copy) {
        // Still open in a viewer (Windows locks it): the earlier copy does.
        if !copy.is_file() {
            return Err(failed(e));
        }
    }
    spawn(command(&copy, program)).map_err(failed)?;
    Ok(copy)
}

/// Removes the copies in `open/` (what a viewer holds open is left, and
/// nothing outside the folder is touched); returns how many were removed.
pub fn clear_copies(data_dir: &Path) -> usize {
    let Ok(folders) = std::fs::read_dir(data_dir.join(OPEN_FOLDER)) else {
        return 0;
    };
    let mut removed = 0;
    for folder in folders.flatten() {
        // Only the folders `open_attachment` makes (a link is not followed).
        if !folder.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(folder.path()) else {
            continue;
        };
        for file in files.flatten() {
            if file.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(file.path()).is_ok()
            {
                removed += 1;
            }
        }
        // Only when it is empty now.
        let _ = std::fs::remove_dir(folder.path());
    }
    removed
}

/// The command that opens `path`.
fn command(path: &Path, program: Option<&OsStr>) -> Command {
    if let Some(p) = program {
        let mut c = Command::new(p);
        c.arg(path);
        return c;
    }
    if cfg!(windows) {
        let mut c = Command::new("explorer");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    }
}

/// Starts `cmd` detached: no terminal input or output, its own process
/// group (Ctrl+C in the app does not reach it); reaped in the background.
fn spawn(mut cmd: Command) -> std::io::Result<()> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_kept_file_is_said_and_nothing_runs() {
        let dir = tempfile::tempdir().unwrap();
        let got = open_attachment(
            dir.path(),
            &"ab".repeat(32),
            "岗位牌.jpg",
            Some(OsStr::new("/nonexistent/opener")),
        );
        assert_eq!(got, Err(OpenError::Missing("岗位牌.jpg".into())));
        assert!(!dir.path().join(OPEN_FOLDER).exists());
    }

    #[test]
    fn programs_and_scripts_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "evidence.bat",
            "照片.jpg.exe",
            "a.lnk",
            "run.desktop",
            "x.js",
            "noext",
            ".jpg",
        ] {
            assert!(!is_openable(name), "{name}");
            let got = open_attachment(dir.path(), &"ab".repeat(32), name, None);
            assert!(
                matches!(got, Err(OpenError::NotOpenable(_))),
                "{name}: {got:?}"
            );
        }
        for name in ["岗位牌.JPG", "三定方案.pdf", "花名册.xlsx", "scan.ofd"] {
            assert!(is_openable(name), "{name}");
        }
        assert_eq!(safe_name("a&calc&b (1).jpg"), "a_calc_b _1_.jpg");
        assert!(!dir.path().join(OPEN_FOLDER).exists());
    }

    #[test]
    fn the_copies_are_cleared_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let open = dir.path().join(OPEN_FOLDER);
        std::fs::create_dir_all(open.join("0123456789abcdef")).unwrap();
        std::fs::write(open.join("0123456789abcdef").join("花名册.xlsx"), b"x").unwrap();
        std::fs::write(open.join("0123456789abcdef").join("照片.jpg"), b"y").unwrap();
        // Not a copy's folder: a file directly in open/, and a kept file.
        std::fs::write(open.join("note.txt"), b"z").unwrap();
        let kept = dir
            .path()
            .join("attachments")
            .join("ab")
            .join("ab".repeat(32));
        std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
        std::fs::write(&kept, b"k").unwrap();
        assert_eq!(clear_copies(dir.path()), 2);
        assert!(!open.join("0123456789abcdef").exists());
        assert!(open.join("note.txt").is_file());
        assert!(kept.is_file());
        assert_eq!(clear_copies(dir.path()), 0);
        assert_eq!(clear_copies(&dir.path().join("nowhere")), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_open_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("mine.jpg"), b"m").unwrap();
        let open = dir.path().join(OPEN_FOLDER);
        std::fs::create_dir_all(&open).unwrap();
        std::os::unix::fs::symlink(&elsewhere, open.join("0123456789abcdef")).unwrap();
        assert_eq!(clear_copies(dir.path()), 0);
        assert!(elsewhere.join("mine.jpg").is_file());
    }

    #[test]
    fn the_system_opener_gets_the_copy() {
        let c = command(Path::new("/d/open/x/a b.jpg"), None);
        let args: Vec<_> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args.last().map(String::as_str), Some("/d/open/x/a b.jpg"));
    }
}
