//! Keys of a `photo` or `file` item and of its dialogs. On the item,
//! Enter opens the attach prompt (a path typed, pasted or dragged, and a
//! caption; with no path, or Ctrl+O, the file chooser), → or Space the
//! list of its attachments. A folder lists its photos to choose (all at
//! first, Space toggles). In the list, Enter or `o` opens a file, `e`
//! edits its caption, Del or `d` removes it (asked first), `n` attaches
//! more. Every change is an effect through the workspace; a finalised
//! entry asks for the reason first, as other edits do.

use ratatui_textarea::TextArea;

use super::super::action::{Action, Cmd, Effect};
use super::super::attach::{AttachOp, Attached, Dialog, FolderLoad, Target};
use super::super::chooser::ChooserFor;
use super::super::model::{Confirmed, Flash, FormState, Model, Pending, Popup, SaveState};
use super::line::edit_line;
use super::out::{Out, current_item, form_mut};
use crate::domain::Status;
use crate::domain::attachment::{self, Attachment};
use crate::i18n;

/// The current item as an attachment target, when it holds attachments.
pub(super) fn target(st: &FormState) -> Option<Target> {
    let (item, path) = current_item(st)?;
    item.is_attachment().then(|| Target {
        entry: st.entry.id.clone(),
        path: path.to_string(),
        label: item.ui_label().to_string(),
        photo: item.kind == crate::form::ItemType::Photo,
    })
}

/// The attachments the form's entry holds at `path`.
pub fn list_of(st: &FormState, path: &str) -> Vec<Attachment> {
    st.entry
        .answers
        .get(path)
        .and_then(attachment::list)
        .unwrap_or_default()
}

/// A key on an attachment item of the form; `None` for keys that move
/// between items or act on the form.
pub(super) fn item_key(st: &FormState, input: &Action) -> Option<Out> {
    let t = target(st)?;
    let popup = |d: Dialog| Out {
        popup: Some(Popup::Attach(Box::new(d))),
        ..Out::default()
    };
    match input {
        Action::Cmd(Cmd::Enter | Cmd::Commit) => Some(popup(Dialog::prompt(t))),
        Action::Paste(text) => {
            // A file dragged onto the item: the prompt opens with it.
            let mut d = Dialog::prompt(t);
            if let Dialog::Prompt { path, .. } = &mut d {
                edit_line(path, Action::Paste(text.clone()));
            }
            Some(popup(d))
        }
        Action::Cmd(Cmd::Right | Cmd::Clear) | Action::Char(' ') => {
            if list_of(st, &t.path).is_empty() {
                return Some(Out::info(i18n::ui_at_list_first()));
            }
            Some(popup(Dialog::List {
                target: t,
                selected: 0,
            }))
        }
        Action::Cmd(Cmd::Browse) => Some(Out {
            effects: vec![Effect::OpenChooser(ChooserFor::Attach {
                target: t,
                caption: None,
            })],
            ..Out::default()
        }),
        _ => None,
    }
}

/// Runs an attachment change on the form's entry: asks for the reason
/// first on a finalised entry (unless given this session).
pub fn run(model: &mut Model, target: Target, op: AttachOp) -> Vec<Effect> {
    let Some(st) = form_mut(model).filter(|st| st.entry.id == target.entry) else {
        return vec![];
    };
    if st.entry.status == Status::Deleted {
        model.flash = Some(Flash {
            text: i18n::edit_deleted(),
            error: true,
        });
        return vec![];
    }
    if st.entry.status == Status::Final && st.reason.is_none() {
        model.popup = Some(Popup::Reason {
            input: Box::default(),
            then: Box::new(Pending::Attach(target, op)),
        });
        return vec![];
    }
    let reason = st.reason.clone();
    if !matches!(op, AttachOp::Add { choose: true, .. }) {
        model.save = SaveState::Saving;
    }
    vec![Effect::Attach { target, op, reason }]
}

/// A key while an attachment dialog is open (it was taken out of the
/// model; a key that does not close it puts it back).
pub fn key(model: &mut Model, input: Action, dialog: Dialog) -> Vec<Effect> {
    match dialog {
        Dialog::Prompt {
            target,
            path,
            caption,
            on_caption,
        } => prompt_key(model, input, target, path, caption, on_caption),
        Dialog::Folder { load, selected } => folder_key(model, input, load, selected),
        Dialog::List { target, selected } => list_key(model, input, target, selected),
        Dialog::Caption {
            target,
            selected,
            sha,
            name,
            input: text,
        } => caption_key(
            model,
            input,
            Caption {
                target,
                selected,
                sha,
                name,
                text,
            },
        ),
    }
}

fn keep(model: &mut Model, d: Dialog) {
    model.popup = Some(Popup::Attach(Box::new(d)));
}

fn box_text(t: &TextArea<'static>) -> String {
    t.lines().join(" ").trim().to_string()
}

/// The prompt: Tab switches between the path and the caption, Enter
/// attaches what the path names (a folder lists its photos; no path opens
/// the chooser), Ctrl+O opens the chooser, Esc cancels.
fn prompt_key(
    model: &mut Model,
    input: Action,
    target: Target,
    mut path: Box<TextArea<'static>>,
    mut caption: Box<TextArea<'static>>,
    mut on_caption: bool,
) -> Vec<Effect> {
    let caption_text = Some(box_text(&caption)).filter(|c| !c.is_empty());
    match input {
        Action::Cmd(Cmd::Back) => return vec![],
        Action::Cmd(Cmd::Browse) => {
            return vec![Effect::OpenChooser(ChooserFor::Attach {
                target,
                caption: caption_text,
            })];
        }
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let typed = box_text(&path);
            if typed.is_empty() {
                return vec![Effect::OpenChooser(ChooserFor::Attach {
                    target,
                    caption: caption_text,
                })];
            }
            // Open until it is done: a refused path can be corrected.
            keep(
                model,
                Dialog::Prompt {
                    target: target.clone(),
                    path,
                    caption,
                    on_caption,
                },
            );
            let op = AttachOp::Add {
                files: vec![typed],
                caption: caption_text,
                choose: true,
            };
            return run(model, target, op);
        }
        Action::Cmd(Cmd::Next | Cmd::Prev | Cmd::Up | Cmd::Down) => on_caption = !on_caption,
        other => edit_line(if on_caption { &mut caption } else { &mut path }, other),
    }
    keep(
        model,
        Dialog::Prompt {
            target,
            path,
            caption,
            on_caption,
        },
    );
    vec![]
}

/// A folder's photos: ↑↓ move, Space toggles, Enter attaches the chosen.
fn folder_key(
    model: &mut Model,
    input: Action,
    mut load: Box<FolderLoad>,
    mut selected: usize,
) -> Vec<Effect> {
    let last = load.photos.len().saturating_sub(1);
    let page = usize::from(model.size.1.saturating_sub(10)).max(1);
    match input {
        Action::Cmd(Cmd::Back) => return vec![],
        Action::Cmd(Cmd::Up) => selected = selected.saturating_sub(1),
        Action::Cmd(Cmd::Down) => selected = (selected + 1).min(last),
        Action::Cmd(Cmd::PageUp) => selected = selected.saturating_sub(page),
        Action::Cmd(Cmd::PageDown) => selected = (selected + page).min(last),
        Action::Cmd(Cmd::Home) => selected = 0,
        Action::Cmd(Cmd::End) => selected = last,
        Action::Char(' ') => {
            if let Some(p) = load.photos.get_mut(selected) {
                p.chosen = !p.chosen;
            }
            selected = (selected + 1).min(last);
        }
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let files: Vec<String> = load
                .photos
                .iter()
                .filter(|p| p.chosen)
                .map(|p| p.path.clone())
                .collect();
            if files.is_empty() {
                model.flash = Some(Flash {
                    text: i18n::ui_at_none_chosen(),
                    error: true,
                });
            } else {
                let FolderLoad {
                    target, caption, ..
                } = *load;
                let op = AttachOp::Add {
                    files,
                    caption,
                    choose: false,
                };
                return run(model, target, op);
            }
        }
        _ => {}
    }
    keep(model, Dialog::Folder { load, selected });
    vec![]
}

/// The item's list: ↑↓ move, Enter or `o` opens, `e` edits the caption,
/// Del, F8 or `d` removes (asked first), `n` attaches more, Esc closes.
fn list_key(model: &mut Model, input: Action, target: Target, selected: usize) -> Vec<Effect> {
    let list = form_mut(model)
        .map(|st| list_of(st, &target.path))
        .unwrap_or_default();
    let last = list.len().saturating_sub(1);
    let mut selected = selected.min(last);
    let current = list.get(selected).cloned();
    match (input, current) {
        (Action::Cmd(Cmd::Back), _) => return vec![],
        (Action::Cmd(Cmd::Up), _) => selected = selected.saturating_sub(1),
        (Action::Cmd(Cmd::Down), _) => selected = (selected + 1).min(last),
        (Action::Cmd(Cmd::Home), _) => selected = 0,
        (Action::Cmd(Cmd::End), _) => selected = last,
        (Action::Cmd(Cmd::New | Cmd::AddUnit), _) => {
            keep(model, Dialog::prompt(target));
            return vec![];
        }
        (Action::Cmd(Cmd::Enter | Cmd::OpenFile), Some(a)) => {
            keep(model, Dialog::List { target, selected });
            return vec![Effect::OpenAttachment {
                sha: a.sha256,
                name: a.name,
            }];
        }
        (Action::Cmd(Cmd::Edit), Some(a)) => {
            let mut input = TextArea::new(vec![a.caption.clone().unwrap_or_default()]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            keep(
                model,
                Dialog::Caption {
                    target,
                    selected,
                    sha: a.sha256,
                    name: a.name,
                    input: Box::new(input),
                },
            );
            return vec![];
        }
        (Action::Cmd(Cmd::Delete | Cmd::Clear | Cmd::Dismiss), Some(a)) => {
            let name = crate::domain::ids::clean_label(&a.name);
            model.popup = Some(Popup::Confirm {
                title: i18n::ui_at_remove_title(),
                body: vec![i18n::ui_at_remove_body(&name, &target.label)],
                on_yes: Confirmed::Detach {
                    target,
                    sha: a.sha256,
                    name,
                    selected,
                },
            });
            return vec![];
        }
        _ => {}
    }
    keep(model, Dialog::List { target, selected });
    vec![]
}

/// A caption being edited, with where it came from.
struct Caption {
    target: Target,
    selected: usize,
    sha: String,
    name: String,
    text: Box<TextArea<'static>>,
}

/// Enter saves the caption (blank removes it), Esc goes back to the list.
fn caption_key(model: &mut Model, input: Action, mut c: Caption) -> Vec<Effect> {
    match input {
        Action::Cmd(Cmd::Back) => {
            keep(
                model,
                Dialog::List {
                    target: c.target,
                    selected: c.selected,
                },
            );
            vec![]
        }
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let caption = box_text(&c.text);
            keep(
                model,
                Dialog::List {
                    target: c.target.clone(),
                    selected: c.selected,
                },
            );
            let op = AttachOp::Caption {
                sha: c.sha,
                name: c.name,
                caption,
            };
            run(model, c.target, op)
        }
        other => {
            edit_line(&mut c.text, other);
            keep(
                model,
                Dialog::Caption {
                    target: c.target,
                    selected: c.selected,
                    sha: c.sha,
                    name: c.name,
                    input: c.text,
                },
            );
            vec![]
        }
    }
}

/// Removing an attachment was confirmed: the list shows again.
pub fn detach_confirmed(
    model: &mut Model,
    target: Target,
    sha: String,
    name: String,
    selected: usize,
) -> Vec<Effect> {
    keep(
        model,
        Dialog::List {
            target: target.clone(),
            selected,
        },
    );
    run(model, target, AttachOp::Remove { sha, name })
}

/// A file or folder was chosen in the chooser.
pub fn chosen(
    model: &mut Model,
    target: Target,
    caption: Option<String>,
    path: String,
) -> Vec<Effect> {
    let op = AttachOp::Add {
        files: vec![path],
        caption,
        choose: true,
    };
    run(model, target, op)
}

/// A folder's photos were listed: choose which.
pub fn folder(model: &mut Model, load: FolderLoad) {
    if model.save == SaveState::Saving {
        // Nothing was written yet (a reason given before the folder).
        model.save = SaveState::Idle;
    }
    keep(
        model,
        Dialog::Folder {
            load: Box::new(load),
            selected: 0,
        },
    );
}

/// An attachment step is done: a new head is taken as any save's (the
/// outline, undo), and the message says what was done. The prompt
/// closes; the list stays, on an attachment still there.
pub fn attached(model: &mut Model, done: Attached) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(entry) = done.entry {
        model.save = SaveState::Saved(model.now.time.clone());
        model.unsaved = 0;
        effects = super::commit::saved(model, entry);
    } else if model.save == SaveState::Saving {
        model.save = SaveState::Idle;
    }
    model.flash = Some(Flash {
        text: done.message,
        error: false,
    });
    if done.op.is_none() {
        return effects;
    }
    let left = done
        .target
        .as_ref()
        .and_then(|t| form_mut(model).map(|st| list_of(st, &t.path).len()))
        .unwrap_or(0);
    if let Some(Popup::Attach(d)) = model.popup.as_mut() {
        match d.as_mut() {
            Dialog::Prompt { .. } | Dialog::Folder { .. } => model.popup = None,
            Dialog::List { selected, .. } if left > 0 => *selected = (*selected).min(left - 1),
            Dialog::List { .. } => model.popup = None,
            Dialog::Caption { .. } => {}
        }
    }
    effects
}
