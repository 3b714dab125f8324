//! The attachment effects: attach files to an item (a folder typed or
//! chosen lists its photos first), remove one, change a caption — each
//! through the workspace, one revision, reported only once it returned —
//! and open a kept file with the system viewer (`app::open`).

use super::{App, failure};
use crate::app::attach::{folder_photos, pasted_path, pasted_paths};
use crate::app::workspace::WorkError;
use crate::domain::{Entry, attachment};
use crate::form::Form;
use crate::form::display::time_text;
use crate::i18n;
use crate::tui::action::{Action, Effect, Loaded};
use crate::tui::attach::{AttachOp, Attached, FolderLoad, Photo, Target};
use crate::tui::chooser::safe_name;

impl App {
    /// Attachment effects; `None` for the others.
    pub(super) fn attach_effect(&self, effect: &Effect) -> Option<Vec<Action>> {
        Some(match effect {
            Effect::Attach { target, op, reason } => {
                match self.attach(target, op, reason.as_deref()) {
                    Ok(actions) => actions,
                    Err(e) => {
                        self.log("attach", &e);
                        vec![failure(&e)]
                    }
                }
            }
            Effect::OpenAttachment { sha, name } => self.open_attachment(sha, name),
            _ => return None,
        })
    }

    fn attach(
        &self,
        target: &Target,
        op: &AttachOp,
        reason: Option<&str>,
    ) -> Result<Vec<Action>, WorkError> {
        let ws = &self.ws;
        let entry = ws.find_entry(&target.entry)?;
        let done = |entry: Option<Entry>, message: String| {
            vec![Action::Attached(Box::new(Attached {
                entry,
                message,
                target: Some(target.clone()),
                op: Some(op.clone()),
            }))]
        };
        match op {
            AttachOp::Add {
                files,
                caption,
                choose,
            } => {
                if let ([one], true) = (files.as_slice(), *choose) {
                    let folder = pasted_path(one);
                    if folder.is_dir() {
                        let photos = folder_photos(&folder)?
                            .into_iter()
                            .map(|p| Photo {
                                name: safe_name(
                                    &p.file_name().unwrap_or_default().to_string_lossy(),
                                ),
                                size: std::fs::metadata(&p).map_or(0, |m| m.len()),
                                path: p.display().to_string(),
                                chosen: true,
                            })
                            .collect();
                        return Ok(vec![Action::Loaded(Loaded::AttachFolder(Box::new(
                            FolderLoad {
                                target: target.clone(),
                                folder: safe_name(&folder.display().to_string()),
                                photos,
                                caption: caption.clone(),
                            },
                        )))]);
                    }
                }
                // Several files dragged at once come as one line.
                let files: Vec<String> = match files.as_slice() {
                    [one] => pasted_paths(one)
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect(),
                    _ => files.clone(),
                };
                let a = ws.attach(&entry, &target.path, &files, caption.as_deref(), reason)?;
                if a.added == 0 {
                    let text = if a.restored > 0 {
                        i18n::at_restored(a.restored)
                    } else {
                        i18n::at_all_already()
                    };
                    return Ok(done(None, text));
                }
                let mut text =
                    i18n::at_saved(a.added, &target.label, &time_text(&a.entry.updated_at));
                if a.already > 0 {
                    text.push_str(&i18n::at_already(a.already));
                }
                Ok(done(Some(a.entry), text))
            }
            AttachOp::Remove { sha, name } => {
                let e = ws.detach(&entry, &target.path, sha, reason)?;
                let text = i18n::ui_at_removed(name, &time_text(&e.updated_at));
                Ok(done(Some(e), text))
            }
            AttachOp::Caption { sha, name, caption } => {
                let e = ws.set_caption(&entry, &target.path, sha, caption, reason)?;
                let text = i18n::ui_at_captioned(name, &time_text(&e.updated_at));
                Ok(done(Some(e), text))
            }
        }
    }

    /// Opens a kept file with the system viewer (or the program the app
    /// was given, else `KAOCHA_OPENER`).
    fn open_attachment(&self, sha: &str, name: &str) -> Vec<Action> {
        let program = self
            .opener
            .clone()
            .or_else(crate::app::open::opener_from_env);
        match crate::app::open::open_attachment(self.ws.store.dir(), sha, name, program.as_deref())
        {
            Ok(_) => vec![Action::Attached(Box::new(Attached {
                entry: None,
                message: i18n::ui_at_opened(&crate::domain::ids::clean_label(name)),
                target: None,
                op: None,
            }))],
            Err(e) => {
                self.log("open attachment", &e);
                vec![Action::Refused(e.to_string())]
            }
        }
    }
}

/// How many files an entry's attachment items hold.
pub(super) fn attachment_count(form: &Form, entry: &Entry) -> usize {
    entry
        .answers
        .iter()
        .filter(|(path, _)| {
            let id = path.rsplit('.').next().unwrap_or(path);
            form.item(id).is_some_and(|i| i.is_attachment())
        })
        .filter_map(|(_, v)| attachment::list(v))
        .map(|l| l.len())
        .sum()
}
