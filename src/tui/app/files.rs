//! The file and folder chooser's effects: open it at the folder last used
//! for its purpose, list a folder (places first, then `..`, sub-folders and
//! bundle files, names made safe to show, capped), go to a typed path, and
//! remember the folder a user chose. The only place the chooser reads the
//! disk.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::App;
use crate::i18n;
use crate::sync::export;
use crate::tui::action::{Action, Effect, Loaded};
use crate::tui::chooser::{ChooserFor, ChooserLoad, Item, Listing, MAX_ENTRIES, Place, safe_name};

impl App {
    /// Chooser effects; `None` for the others.
    pub(super) fn files_effect(&mut self, effect: &Effect) -> Option<Vec<Action>> {
        Some(match effect {
            Effect::OpenChooser(purpose) => vec![self.open_chooser(purpose)],
            Effect::ChooserGo {
                path,
                from,
                file,
                extensions,
            } => go(path, from, *file, extensions),
            Effect::RememberFolder { key, folder } => {
                match self
                    .ws
                    .store
                    .set_setting(key, Value::String(folder.clone()))
                {
                    Ok(()) => vec![],
                    // Not remembering is no reason to stop what was chosen.
                    Err(e) => {
                        self.log("remember folder", &e);
                        vec![]
                    }
                }
            }
            _ => return None,
        })
    }

    /// The folder last used for `purpose`, when it is still there.
    pub(super) fn last_folder(&self, purpose: &ChooserFor) -> Option<PathBuf> {
        let v = self.ws.store.setting(purpose.setting()).ok().flatten()?;
        let p = PathBuf::from(v.as_str()?);
        p.is_dir().then_some(p)
    }

    /// A chooser at the last folder used for `purpose`, else where exports
    /// go by default; a folder that cannot be read gives way to the next.
    fn open_chooser(&self, purpose: &ChooserFor) -> Action {
        let candidates = self
            .last_folder(purpose)
            .into_iter()
            .chain([export::default_folder()])
            .chain(export::documents_folder());
        let mut first_error = None;
        for folder in candidates {
            match list(&folder, purpose.extensions()) {
                Ok(listing) => {
                    return Action::Loaded(Loaded::Chooser(Box::new(ChooserLoad::Open(
                        purpose.clone(),
                        listing,
                    ))));
                }
                Err(e) => {
                    first_error.get_or_insert((folder, e));
                }
            }
        }
        match first_error {
            Some((folder, e)) => Action::Refused(unreadable(&folder, &e)),
            None => Action::Loaded(Loaded::Chooser(Box::new(ChooserLoad::Open(
                purpose.clone(),
                Listing {
                    places: places(),
                    ..Listing::default()
                },
            )))),
        }
    }
}

/// Goes to a typed or chosen path: a folder is listed, a file is taken
/// when a file is wanted; anything else is refused with words and changes
/// nothing.
fn go(typed: &str, from: &str, file: bool, extensions: &[&str]) -> Vec<Action> {
    let path = resolve(typed, from);
    let shown = safe_name(&path.display().to_string());
    match std::fs::metadata(&path) {
        Err(e) => vec![Action::Refused(unreadable(&path, &e))],
        Ok(m) if m.is_dir() => match list(&path, extensions) {
            Ok(listing) => vec![Action::Loaded(Loaded::Chooser(Box::new(
                ChooserLoad::Folder(listing),
            )))],
            Err(e) => vec![Action::Refused(unreadable(&path, &e))],
        },
        Ok(_) if !file => vec![Action::Refused(i18n::ui_chooser_not_a_folder(&shown))],
        Ok(_) if !has_extension(&path, extensions) => {
            vec![Action::Refused(i18n::ui_chooser_wrong_kind(&shown))]
        }
        Ok(_) => vec![Action::Loaded(Loaded::Chooser(Box::new(
            ChooserLoad::File(path.display().to_string()),
        )))],
    }
}

/// A typed path as meant: quotes a copied Windows path comes in dropped,
/// `~` the home folder, a relative path from the folder shown.
fn resolve(typed: &str, from: &str) -> PathBuf {
    let t = typed.trim().trim_matches(['"', '\'']).trim();
    let home = || directories::UserDirs::new().map(|u| u.home_dir().to_path_buf());
    let path = match t.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '\\']) => match home() {
            Some(h) => h.join(rest.trim_start_matches(['/', '\\'])),
            None => PathBuf::from(t),
        },
        _ => PathBuf::from(t),
    };
    if path.is_absolute() || from.is_empty() {
        path
    } else {
        Path::new(from).join(path)
    }
}

/// Why a folder cannot be shown, in words.
fn unreadable(path: &Path, e: &std::io::Error) -> String {
    let shown = safe_name(&path.display().to_string());
    match e.kind() {
        std::io::ErrorKind::NotFound => i18n::ui_chooser_not_found(&shown),
        std::io::ErrorKind::PermissionDenied => i18n::ui_chooser_denied(&shown),
        _ => i18n::ui_chooser_unreadable(&shown, &e.to_string()),
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    if extensions == crate::tui::chooser::ANY_FILE {
        return true;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Lists `folder`: its sub-folders and, when `extensions` is not empty,
/// its files with one of them; hidden ones (a leading dot) left out;
/// folders first, by name; at most `MAX_ENTRIES`, the rest counted.
pub(crate) fn list(folder: &Path, extensions: &[&str]) -> std::io::Result<Listing> {
    let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut items = Vec::new();
    let mut more = 0;
    for entry in std::fs::read_dir(&folder)? {
        let Ok(entry) = entry else { continue };
        let raw = entry.file_name().to_string_lossy().into_owned();
        if raw.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows links: a link to a folder is a folder.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let folder_entry = meta.is_dir();
        if !folder_entry && (extensions.is_empty() || !has_extension(&path, extensions)) {
            continue;
        }
        if items.len() >= MAX_ENTRIES {
            more += 1;
            continue;
        }
        items.push(Item {
            name: safe_name(&raw),
            path: path.display().to_string(),
            folder: folder_entry,
            size: (!folder_entry).then_some(meta.len()),
            modified: (!folder_entry)
                .then(|| meta.modified().ok().and_then(time_text))
                .flatten(),
        });
    }
    items.sort_by(|a, b| {
        b.folder
            .cmp(&a.folder)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(Listing {
        folder: folder.display().to_string(),
        parent: folder.parent().map(|p| p.display().to_string()),
        places: places(),
        items,
        more,
    })
}

/// A file's time as shown: `2024-05-01 10:32` in local time.
fn time_text(t: std::time::SystemTime) -> Option<String> {
    let z = jiff::ZonedDateTime::try_from(t).ok()?;
    Some(z.strftime("%Y-%m-%d %H:%M").to_string())
}

/// The places listed first: USB drives, the documents folder, the desktop,
/// the home folder; on Windows the drive letters that exist.
fn places() -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    let mut add = |label: String, path: &Path| {
        let path = path.display().to_string();
        if !out.iter().any(|p| p.path == path) {
            out.push(Place { label, path });
        }
    };
    for drive in export::removable_drives() {
        let name = drive.file_name().map_or_else(String::new, |n| {
            format!(" {}", safe_name(&n.to_string_lossy()))
        });
        add(format!("{}{name}", i18n::ui_place_usb()), &drive);
    }
    if let Some(u) = directories::UserDirs::new() {
        if let Some(d) = u.document_dir() {
            add(i18n::ui_place_documents(), d);
        }
        if let Some(d) = u.desktop_dir() {
            add(i18n::ui_place_desktop(), d);
        }
        add(i18n::ui_place_home(), u.home_dir());
    }
    #[cfg(windows)]
    for letter in b'C'..=b'Z' {
        let root = PathBuf::from(format!("{}:\\", letter as char));
        if root.exists() {
            add(i18n::ui_place_drive(&format!("{}:", letter as char)), &root);
        }
    }
    out
}
