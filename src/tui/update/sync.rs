//! Keys on the 同步 screen: export to a folder, import a file, trust a key
//! by fingerprint, and resolve conflicts field by field.

use ratatui_textarea::{CursorMove, TextArea};

use super::super::action::{Action, Cmd, Effect, ImportAsk, SyncData};
use super::super::chooser::ChooserFor;
use super::super::model::{
    Confirmed, Flash, Model, PickFor, Popup, Resolving, SYNC_ROWS, Screen, SyncState,
};
use super::back;
use crate::i18n;

fn line(text: &str) -> Box<TextArea<'static>> {
    let mut t = TextArea::new(vec![text.to_string()]);
    t.move_cursor(CursorMove::End);
    Box::new(t)
}

fn text_of(t: &TextArea<'static>) -> String {
    t.lines().join("").trim().to_string()
}

/// Shows loaded sync data: a new screen, or the open one refreshed.
pub fn loaded(model: &mut Model, data: SyncData) {
    if let Some(Screen::Sync(s)) = model.stack.last_mut() {
        s.data = data;
        s.resolving = None;
        s.row = s.row.min(SYNC_ROWS - 1 + s.data.conflicts.len());
        return;
    }
    model.stack.push(Screen::Sync(Box::new(SyncState {
        data,
        row: 0,
        trust_fp: line(""),
        incremental: false,
        encrypt: false,
        log: Vec::new(),
        resolving: None,
    })));
}

/// Lines a sync step reported go to the screen's log.
pub fn done(model: &mut Model, lines: Vec<String>) {
    if let Some(Screen::Sync(s)) = model.stack.last_mut() {
        s.log.extend(lines);
        let len = s.log.len();
        if len > 50 {
            s.log.drain(..len - 50);
        }
    }
}

/// An import waits for the operator: HQ's fingerprint read over the
/// phone in groups, a device's team, or a team switch.
pub fn import_asks(model: &mut Model, ask: ImportAsk) {
    // The fingerprint on a line of its own, in groups to read out.
    let confirm =
        |title: String, lead: String, check: String, path, fingerprint: String| Popup::Confirm {
            title,
            body: vec![
                lead,
                format!(
                    "    {}",
                    crate::domain::ids::spoken_fingerprint(&fingerprint)
                ),
                check,
            ],
            on_yes: Confirmed::TrustAndImport {
                path,
                fingerprint,
                team: None,
            },
        };
    model.popup = Some(match ask {
        ImportAsk::ConfirmHq {
            path,
            fingerprint,
            label,
        } => confirm(
            i18n::ui_confirm_hq_title(),
            i18n::ui_confirm_hq(&label),
            i18n::ui_confirm_hq_check(),
            path,
            fingerprint,
        ),
        ImportAsk::Enrol {
            path,
            fingerprint,
            label,
            teams,
        } if teams.is_empty() => confirm(
            i18n::ui_trust_title(),
            i18n::ui_untrusted(&label),
            i18n::ui_trust_check(),
            path,
            fingerprint,
        ),
        ImportAsk::Enrol {
            path,
            fingerprint,
            label,
            teams,
        } => Popup::pick(
            i18n::ui_enrol_title(
                &label,
                &crate::domain::ids::spoken_fingerprint(&fingerprint),
            ),
            teams,
            PickFor::EnrolAndImport { path, fingerprint },
        ),
        ImportAsk::SwitchTeam { path, from, to } => Popup::Confirm {
            title: i18n::ui_switch_team_title(),
            body: vec![i18n::ui_switch_team(&from, &to)],
            on_yes: Confirmed::SwitchAndImport { path },
        },
    });
}

/// Trusting a device at HQ: pick its team.
pub fn trust_needs_team(model: &mut Model, fingerprint: String, teams: Vec<(String, String)>) {
    model.popup = Some(Popup::pick(
        i18n::ui_enrol_title("", &crate::domain::ids::spoken_fingerprint(&fingerprint)),
        teams,
        PickFor::TrustTeam { fingerprint },
    ));
}

fn sync_mut(model: &mut Model) -> Option<&mut SyncState> {
    match model.stack.last_mut() {
        Some(Screen::Sync(s)) => Some(s),
        _ => None,
    }
}

/// Handles a key on the sync screen.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(s) = sync_mut(model) else {
        return vec![];
    };
    if s.resolving.is_some() {
        return resolve_key(model, input);
    }
    let rows = SYNC_ROWS + s.data.conflicts.len();
    let input_row = match s.row {
        4 => Some(&mut s.trust_fp),
        _ => None,
    };
    if let Some(t) = input_row {
        let edited = match &input {
            Action::Char(c) => {
                t.insert_char(*c);
                true
            }
            Action::Paste(p) => {
                t.insert_str(p.replace(['\r', '\n'], ""));
                true
            }
            Action::Cmd(Cmd::Backspace) => {
                t.delete_char();
                true
            }
            Action::Cmd(Cmd::DeleteForward) => {
                t.delete_next_char();
                true
            }
            Action::Cmd(Cmd::Left) => {
                t.move_cursor(CursorMove::Back);
                true
            }
            Action::Cmd(Cmd::Right) => {
                t.move_cursor(CursorMove::Forward);
                true
            }
            Action::Cmd(Cmd::Home) => {
                t.move_cursor(CursorMove::Head);
                true
            }
            Action::Cmd(Cmd::End) => {
                t.move_cursor(CursorMove::End);
                true
            }
            _ => false,
        };
        if edited {
            return vec![];
        }
    }
    match input {
        Action::Cmd(Cmd::Up | Cmd::Prev) => {
            s.row = s.row.checked_sub(1).unwrap_or(rows - 1);
            vec![]
        }
        Action::Cmd(Cmd::Down | Cmd::Next) => {
            s.row = (s.row + 1) % rows;
            vec![]
        }
        Action::Char(' ') if matches!(s.row, 1 | 2) => {
            toggle(s);
            vec![]
        }
        Action::Cmd(Cmd::Enter) => enter(model),
        Action::Cmd(Cmd::Back) => back(model),
        _ => vec![],
    }
}

fn toggle(s: &mut SyncState) {
    match s.row {
        1 => s.incremental = !s.incremental,
        2 => s.encrypt = !s.encrypt,
        _ => {}
    }
}

fn enter(model: &mut Model) -> Vec<Effect> {
    let Some(s) = sync_mut(model) else {
        return vec![];
    };
    match s.row {
        // Where to: chosen in the chooser, which opens at the folder used
        // last (else a USB drive, else the documents folder).
        0 => vec![Effect::OpenChooser(ChooserFor::Export {
            incremental: s.incremental,
            encrypt: s.encrypt,
        })],
        1 | 2 => {
            toggle(s);
            vec![]
        }
        3 => vec![Effect::OpenChooser(ChooserFor::Import)],
        4 => {
            let fp = text_of(&s.trust_fp);
            s.trust_fp = line("");
            vec![Effect::Trust {
                fingerprint: fp,
                team: None,
            }]
        }
        n => {
            let i = n - SYNC_ROWS;
            if let Some(e) = s.data.conflicts.get(i) {
                s.resolving = Some(Resolving {
                    entry: i,
                    field: 0,
                    picks: vec![None; e.fields.len()],
                });
            }
            vec![]
        }
    }
}

/// Resolving one entry: ↑↓ choose the field, a digit picks its side, Enter
/// saves once every field has a pick, Esc stops.
fn resolve_key(model: &mut Model, input: Action) -> Vec<Effect> {
    let Some(s) = sync_mut(model) else {
        return vec![];
    };
    let Some(r) = s.resolving.as_mut() else {
        return vec![];
    };
    let Some(entry) = s.data.conflicts.get(r.entry) else {
        s.resolving = None;
        return vec![];
    };
    let fields = entry.fields.len();
    match input {
        Action::Cmd(Cmd::Up | Cmd::Prev) => r.field = r.field.saturating_sub(1),
        Action::Cmd(Cmd::Down | Cmd::Next) => r.field = (r.field + 1).min(fields.saturating_sub(1)),
        Action::Char(c) if c.is_ascii_digit() => {
            let n = c.to_digit(10).unwrap_or(0) as usize;
            let sides = entry.fields.get(r.field).map_or(0, |f| f.sides.len());
            if n >= 1 && n <= sides {
                if let Some(p) = r.picks.get_mut(r.field) {
                    *p = Some(n);
                }
                r.field = (r.field + 1).min(fields.saturating_sub(1));
            } else {
                model.flash = Some(Flash {
                    text: i18n::ui_pick_by_digit(sides),
                    error: true,
                });
            }
        }
        Action::Cmd(Cmd::Enter) => {
            if r.picks.iter().all(Option::is_some) {
                let picks = entry
                    .fields
                    .iter()
                    .zip(&r.picks)
                    .map(|(f, p)| (f.path.clone(), p.unwrap_or(1).to_string()))
                    .collect();
                let id = entry.id.clone();
                s.resolving = None;
                return vec![Effect::Resolve { entry: id, picks }];
            }
            model.flash = Some(Flash {
                text: i18n::ui_pick_every_field(),
                error: true,
            });
        }
        Action::Cmd(Cmd::Back) => s.resolving = None,
        _ => {}
    }
    vec![]
}
