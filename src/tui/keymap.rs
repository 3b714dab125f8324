//! Keys to commands, aware of the mode. Defaults live here; a user file
//! (`keys.json` in the data dir, `{"ctrl+s": "save", "f4": "help"}`) is merged
//! over them. On Windows crossterm reports key releases too: only presses and
//! repeats are acted on.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Cmd};
use super::model::Mode;

/// A key as the keymap names it: code and modifiers.
pub type Chord = (KeyCode, KeyModifiers);

/// Keys → commands for both modes.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Commands in both modes (F-keys, Ctrl-keys, arrows, Enter …).
    always: HashMap<Chord, Cmd>,
    /// Extra commands in Navigate mode only (letters in lists).
    navigate: HashMap<Chord, Cmd>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

impl Default for Keymap {
    fn default() -> Self {
        use Cmd::*;
        use KeyCode as K;
        let always: HashMap<Chord, Cmd> = [
            ((K::Up, NONE), Up),
            ((K::Down, NONE), Down),
            ((K::Left, NONE), Left),
            ((K::Right, NONE), Right),
            ((K::PageUp, NONE), PageUp),
            ((K::PageDown, NONE), PageDown),
            ((K::Home, NONE), Cmd::Home),
            ((K::End, NONE), End),
            ((K::Tab, NONE), Next),
            ((K::BackTab, NONE), Prev),
            ((K::BackTab, SHIFT), Prev),
            ((K::Enter, NONE), Enter),
            ((K::Enter, CTRL), Commit),
            ((K::Esc, NONE), Back),
            ((K::F(1), NONE), Help),
            ((K::F(2), NONE), Save),
            ((K::Char('s'), CTRL), Save),
            ((K::F(3), NONE), Search),
            ((K::F(5), NONE), Sync),
            ((K::F(6), NONE), NextSpeaker),
            ((K::F(7), NONE), New),
            ((K::F(8), NONE), Clear),
            ((K::F(9), NONE), Finalize),
            ((K::F(10), NONE), Quit),
            ((K::Char('q'), CTRL), Quit),
            ((K::Char('z'), CTRL), Undo),
            ((K::Up, CTRL), JumpPrev),
            ((K::Down, CTRL), JumpNext),
            ((K::Backspace, NONE), Backspace),
            ((K::Delete, NONE), DeleteForward),
        ]
        .into_iter()
        .collect();
        let navigate: HashMap<Chord, Cmd> = [
            ((K::Char('n'), NONE), New),
            ((K::Char('/'), NONE), Search),
            ((K::Char('?'), NONE), Help),
            ((K::Char('q'), NONE), Quick),
            ((K::Char('f'), NONE), Findings),
            ((K::Char('e'), NONE), Edit),
            ((K::Char('s'), NONE), Summary),
            ((K::Char('x'), NONE), Export),
            ((K::Char('d'), NONE), Dismiss),
            ((K::Char('t'), NONE), Assign),
            ((K::Char('T'), NONE), NewTeam),
            ((K::Char('T'), SHIFT), NewTeam),
            ((K::Char('a'), NONE), AddUnit),
            ((K::Char('v'), NONE), Approve),
            ((K::Char('r'), NONE), Return),
            ((K::Delete, NONE), Delete),
        ]
        .into_iter()
        .collect();
        Keymap { always, navigate }
    }
}

impl Keymap {
    /// The default keymap with a user's overrides (`{"key": "command"}`)
    /// merged over it; the names that do not parse are returned.
    pub fn with_overrides(json: &str) -> Result<(Keymap, Vec<String>), String> {
        let map: HashMap<String, String> = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut keymap = Keymap::default();
        let mut bad = Vec::new();
        for (key, cmd) in map {
            match (parse_chord(&key), parse_cmd(&cmd)) {
                (Some(chord), Some(cmd)) => {
                    let letter = matches!(chord, (KeyCode::Char(_), m) if m == NONE || m == SHIFT);
                    if letter {
                        keymap.navigate.insert(chord, cmd);
                    } else {
                        keymap.always.insert(chord, cmd);
                    }
                }
                _ => bad.push(format!("{key}: {cmd}")),
            }
        }
        Ok((keymap, bad))
    }

    /// What a key means in a mode; `None` for releases and unmapped keys.
    pub fn action(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let mods = key.modifiers & !KeyModifiers::SHIFT;
        let chord = (key.code, mods);
        if mode == Mode::Navigate
            && let Some(cmd) = self.navigate.get(&chord)
        {
            return Some(Action::Cmd(*cmd));
        }
        if let Some(cmd) = self
            .always
            .get(&chord)
            .or_else(|| self.always.get(&(key.code, key.modifiers)))
        {
            return Some(Action::Cmd(*cmd));
        }
        match key.code {
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::ALT) => {
                c.to_digit(10).map(|d| Action::Cmd(Cmd::Jump(d as u8)))
            }
            KeyCode::Char(_) if key.modifiers.contains(KeyModifiers::CONTROL) => None,
            KeyCode::Char(c) => Some(Action::Char(c)),
            _ => None,
        }
    }
}

/// `f1`, `ctrl+s`, `alt+x`, `enter`, `esc`, `tab`, `up`, `n` …
pub fn parse_chord(s: &str) -> Option<Chord> {
    let lower = s.trim().to_lowercase();
    let mut mods = NONE;
    let mut rest = lower.as_str();
    loop {
        if let Some(r) = rest.strip_prefix("ctrl+") {
            mods |= CTRL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt+") {
            mods |= KeyModifiers::ALT;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("shift+") {
            mods |= SHIFT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "delete" | "del" => KeyCode::Delete,
        "backspace" => KeyCode::Backspace,
        f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some((code, mods))
}

/// A command by its name in `keys.json`.
pub fn parse_cmd(s: &str) -> Option<Cmd> {
    use Cmd::*;
    Some(match s.trim() {
        "up" => Up,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "page_up" => PageUp,
        "page_down" => PageDown,
        "home" => Home,
        "end" => End,
        "next" => Next,
        "prev" => Prev,
        "enter" | "open" => Enter,
        "commit" => Commit,
        "back" => Back,
        "help" => Help,
        "save" => Save,
        "search" => Search,
        "sync" => Sync,
        "new" => New,
        "delete" => Delete,
        "clear" => Clear,
        "finalize" => Finalize,
        "quit" => Quit,
        "undo" => Undo,
        "jump_prev" => JumpPrev,
        "jump_next" => JumpNext,
        "next_speaker" => NextSpeaker,
        "quick" => Quick,
        "findings" => Findings,
        "edit" => Edit,
        "summary" => Summary,
        "export" => Export,
        "dismiss" => Dismiss,
        "assign" => Assign,
        "new_team" => NewTeam,
        "add_unit" => AddUnit,
        "approve" => Approve,
        "return" => Return,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind,
            state: crossterm::event::KeyEventState::NONE,
        }
    }

    #[test]
    fn releases_are_ignored_and_letters_are_text_in_edit_mode() {
        let k = Keymap::default();
        assert!(
            k.action(
                key(KeyCode::Char('n'), NONE, KeyEventKind::Release),
                Mode::Navigate
            )
            .is_none()
        );
        assert!(matches!(
            k.action(
                key(KeyCode::Char('n'), NONE, KeyEventKind::Press),
                Mode::Navigate
            ),
            Some(Action::Cmd(Cmd::New))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('n'), NONE, KeyEventKind::Press),
                Mode::Edit
            ),
            Some(Action::Char('n'))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('n'), NONE, KeyEventKind::Repeat),
                Mode::Edit
            ),
            Some(Action::Char('n'))
        ));
        assert!(matches!(
            k.action(key(KeyCode::F(9), NONE, KeyEventKind::Press), Mode::Edit),
            Some(Action::Cmd(Cmd::Finalize))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('3'), KeyModifiers::ALT, KeyEventKind::Press),
                Mode::Edit
            ),
            Some(Action::Cmd(Cmd::Jump(3)))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('中'), NONE, KeyEventKind::Press),
                Mode::Navigate
            ),
            Some(Action::Char('中'))
        ));
    }

    #[test]
    fn user_overrides_merge_over_defaults() {
        let (k, bad) =
            Keymap::with_overrides(r#"{"f4": "help", "x": "new", "ctrl+k": "nonsense"}"#).unwrap();
        assert_eq!(bad, vec!["ctrl+k: nonsense".to_string()]);
        assert!(matches!(
            k.action(key(KeyCode::F(4), NONE, KeyEventKind::Press), Mode::Edit),
            Some(Action::Cmd(Cmd::Help))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('x'), NONE, KeyEventKind::Press),
                Mode::Navigate
            ),
            Some(Action::Cmd(Cmd::New))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::Char('x'), NONE, KeyEventKind::Press),
                Mode::Edit
            ),
            Some(Action::Char('x'))
        ));
        assert!(matches!(
            k.action(
                key(KeyCode::F(1), NONE, KeyEventKind::Press),
                Mode::Navigate
            ),
            Some(Action::Cmd(Cmd::Help))
        ));
        assert!(Keymap::with_overrides("not json").is_err());
    }
}
