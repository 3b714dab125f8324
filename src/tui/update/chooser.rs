//! Keys of the file and folder chooser: ↑↓ PgUp PgDn Home End move, Enter
//! goes into a folder or picks (this folder, a file), ← or Backspace go up,
//! Tab switches to the typed path box (a paste goes there too), Esc
//! cancels. Listing a folder is an effect (`Effect::ChooserGo`); what was
//! chosen becomes the export, import or report, and the folder is
//! remembered for next time.

use std::path::Path;

use super::super::action::{Action, Cmd, Effect};
use super::super::chooser::{Chooser, ChooserFor, ChooserLoad, ChooserRow};
use super::super::model::{Flash, Model, Popup};
use super::line::edit_line;
use crate::i18n;

/// A folder listed or a file typed, for the chooser.
pub fn loaded(model: &mut Model, load: ChooserLoad) -> Vec<Effect> {
    match load {
        ChooserLoad::Open(purpose, listing) => {
            model.popup = Some(Popup::Chooser(Box::new(Chooser::new(purpose, listing))));
            vec![]
        }
        ChooserLoad::Folder(listing) => {
            if let Some(Popup::Chooser(c)) = model.popup.as_mut() {
                c.show(listing);
            }
            vec![]
        }
        ChooserLoad::File(path) => match model.popup.take() {
            Some(Popup::Chooser(c)) if c.purpose.picks_file() => picked(model, &c.purpose, path),
            other => {
                model.popup = other;
                vec![]
            }
        },
    }
}

/// Handles a key while the chooser is open (it was taken out of the
/// model; a key that does not close it puts it back).
pub fn key(model: &mut Model, input: Action, mut c: Box<Chooser>) -> Vec<Effect> {
    if matches!(input, Action::Cmd(Cmd::Back)) {
        return vec![];
    }
    let effects = if c.typing {
        typing_key(model, input, &mut c)
    } else {
        list_key(model, input, &mut c)
    };
    match effects {
        Chosen::Keep(effects) => {
            model.popup = Some(Popup::Chooser(c));
            effects
        }
        Chosen::Done(effects) => effects,
    }
}

/// What a key did: the chooser stays open, or it is done.
enum Chosen {
    Keep(Vec<Effect>),
    Done(Vec<Effect>),
}

/// Lists `path` (relative to the folder shown) in the chooser.
fn go(c: &Chooser, path: String) -> Chosen {
    Chosen::Keep(vec![Effect::ChooserGo {
        path,
        from: c.listing.folder.clone(),
        file: c.purpose.picks_file(),
        extensions: c.purpose.extensions(),
    }])
}

fn list_key(model: &mut Model, input: Action, c: &mut Chooser) -> Chosen {
    let len = c.rows().len();
    let last = len.saturating_sub(1);
    let page = usize::from(model.size.1.saturating_sub(12)).max(1);
    match input {
        Action::Cmd(Cmd::Up) => c.selected = c.selected.saturating_sub(1),
        Action::Cmd(Cmd::Down) => c.selected = (c.selected + 1).min(last),
        Action::Cmd(Cmd::PageUp) => c.selected = c.selected.saturating_sub(page),
        Action::Cmd(Cmd::PageDown) => c.selected = (c.selected + page).min(last),
        Action::Cmd(Cmd::Home) => c.selected = 0,
        Action::Cmd(Cmd::End) => c.selected = last,
        Action::Cmd(Cmd::Next | Cmd::Prev) => c.typing = true,
        Action::Paste(text) => {
            c.typing = true;
            edit_line(&mut c.input, Action::Paste(text));
        }
        Action::Cmd(Cmd::Backspace | Cmd::Left) => {
            if let Some(parent) = c.listing.parent.clone() {
                return go(c, parent);
            }
        }
        Action::Cmd(Cmd::Right) => {
            if let Some(ChooserRow::Item(i)) = c.row()
                && let Some(item) = c.listing.items.get(i).filter(|it| it.folder)
            {
                return go(c, item.path.clone());
            }
        }
        Action::Cmd(Cmd::Enter) => return enter(model, c),
        _ => {}
    }
    Chosen::Keep(vec![])
}

/// Enter on the list: this folder is picked, a place or folder opened, a
/// file picked.
fn enter(model: &mut Model, c: &Chooser) -> Chosen {
    match c.row() {
        Some(ChooserRow::Here) if !c.listing.folder.is_empty() => {
            Chosen::Done(picked(model, &c.purpose, c.listing.folder.clone()))
        }
        Some(ChooserRow::Place(i)) => match c.listing.places.get(i) {
            Some(p) => go(c, p.path.clone()),
            None => Chosen::Keep(vec![]),
        },
        Some(ChooserRow::Up) => match c.listing.parent.clone() {
            Some(parent) => go(c, parent),
            None => Chosen::Keep(vec![]),
        },
        Some(ChooserRow::Item(i)) => match c.listing.items.get(i) {
            Some(item) if item.folder => go(c, item.path.clone()),
            Some(item) if c.purpose.picks_file() => {
                Chosen::Done(picked(model, &c.purpose, item.path.clone()))
            }
            _ => Chosen::Keep(vec![]),
        },
        _ => Chosen::Keep(vec![]),
    }
}

fn typing_key(model: &mut Model, input: Action, c: &mut Chooser) -> Chosen {
    match input {
        Action::Cmd(Cmd::Next | Cmd::Prev | Cmd::Up | Cmd::Down) => c.typing = false,
        Action::Cmd(Cmd::Enter | Cmd::Commit) => {
            let typed = c.input.lines().join("").trim().to_string();
            if typed.is_empty() {
                model.flash = Some(Flash {
                    text: i18n::ui_chooser_type_path(),
                    error: true,
                });
            } else {
                return go(c, typed);
            }
        }
        other => edit_line(&mut c.input, other),
    }
    Chosen::Keep(vec![])
}

/// What was chosen becomes its effect; the folder is remembered first.
fn picked(model: &mut Model, purpose: &ChooserFor, path: String) -> Vec<Effect> {
    let folder = if purpose.picks_file() {
        Path::new(&path)
            .parent()
            .map_or_else(String::new, |p| p.display().to_string())
    } else {
        path.clone()
    };
    let mut effects = vec![Effect::RememberFolder {
        key: purpose.setting().to_string(),
        folder: folder.clone(),
    }];
    model.flash = None;
    if let ChooserFor::Attach { target, caption } = purpose {
        // `path` is the file, or the folder shown ("this folder").
        effects.extend(super::attach::chosen(
            model,
            target.clone(),
            caption.clone(),
            path,
        ));
        return effects;
    }
    effects.push(match purpose {
        ChooserFor::Export {
            incremental,
            encrypt,
        } => Effect::Export {
            folder,
            incremental: *incremental,
            encrypt: *encrypt,
        },
        ChooserFor::Import => Effect::Import {
            path,
            trust: None,
            team: None,
            switch_team: false,
        },
        ChooserFor::Reports => Effect::ExportReports { folder, unit: None },
        ChooserFor::UnitList => Effect::ImportSheet {
            path,
            roster: false,
        },
        ChooserFor::Roster => Effect::ImportSheet { path, roster: true },
        ChooserFor::UnitReport { unit } => Effect::ExportReports {
            folder,
            unit: Some(unit.clone()),
        },
        ChooserFor::Attach { .. } => return effects,
    });
    model.flash = None;
    effects
}
