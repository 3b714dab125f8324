//! Keys to commands, aware of the mode, and the key names the help and the
//! key bar show. The defaults are data (`keys.json` beside this file,
//! embedded); a user file (`keys.json` in the data dir, `{"ctrl+s": "save",
//! "f4": "help"}`) is merged over them, and F1 and the key bar show the keys
//! the user actually has. On Windows crossterm reports key releases too: only
//! presses and repeats are acted on.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Cmd};

/// Navigate (keys are commands, letters act in lists) or Edit (letters are
/// text; only Esc, Tab, Enter, arrows, Ctrl- and F-keys are commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Navigate,
    Edit,
}

/// A key as the keymap names it: code and modifiers.
pub type Chord = (KeyCode, KeyModifiers);

/// The default bindings, in the order the help lists a command's keys:
/// `[key, command]`, or `[key, command, "navigate"]` for a key that is a
/// command only in lists (letters always are; in text they are text).
const DEFAULTS: &str = include_str!("keys.json");

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// Keys → commands for both modes.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Commands in both modes (F-keys, Ctrl-keys, arrows, Enter …).
    always: HashMap<Chord, Cmd>,
    /// Extra commands in Navigate mode only (letters in lists).
    navigate: HashMap<Chord, Cmd>,
    /// Every binding in the order it was given (defaults, then the user's),
    /// for showing a command's keys.
    order: Vec<Chord>,
}

/// One key of a help line or of the key bar.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// Every key bound to the command in the mode shown.
    All(Cmd),
    /// The first key bound to it (the key bar's short form).
    First(Cmd),
    /// A key that is no command: digits that pick, Alt+digits, Space.
    Text(&'static str),
}

impl Default for Keymap {
    fn default() -> Self {
        let mut keymap = Keymap {
            always: HashMap::new(),
            navigate: HashMap::new(),
            order: Vec::new(),
        };
        // The embedded defaults are checked by a test: a bad line is a bug.
        let lines: Vec<Vec<String>> = serde_json::from_str(DEFAULTS).unwrap_or_default();
        for line in lines {
            let (Some(key), Some(cmd)) = (line.first(), line.get(1)) else {
                continue;
            };
            if let (Some(chord), Some(cmd)) = (parse_chord(key), parse_cmd(cmd)) {
                let lists_only = line.get(2).is_some_and(|m| m == "navigate");
                keymap.bind(chord, cmd, lists_only);
            }
        }
        keymap
    }
}

impl Keymap {
    /// The default keymap with a user's overrides (`{"key": "command"}`)
    /// merged over it; the names that do not parse are returned.
    pub fn with_overrides(json: &str) -> Result<(Keymap, Vec<String>), String> {
        let map: HashMap<String, String> = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut keymap = Keymap::default();
        let mut bad = Vec::new();
        let mut pairs: Vec<(String, String)> = map.into_iter().collect();
        pairs.sort();
        for (key, cmd) in pairs {
            match (parse_chord(&key), parse_cmd(&cmd)) {
                (Some(chord), Some(cmd)) => keymap.bind(chord, cmd, false),
                // Shown on screen: a hostile file's control characters never are.
                _ => bad.push(crate::domain::ids::clean_label(&format!("{key}: {cmd}"))),
            }
        }
        Ok((keymap, bad))
    }

    /// Binds a key; a letter (or a key marked `lists_only`) is a command in
    /// lists only.
    fn bind(&mut self, chord: Chord, cmd: Cmd, lists_only: bool) {
        let letter = matches!(chord, (KeyCode::Char(_), m) if m == NONE || m == SHIFT);
        if letter || lists_only {
            self.navigate.insert(chord, cmd);
        } else {
            self.always.insert(chord, cmd);
        }
        self.order.retain(|c| *c != chord);
        self.order.push(chord);
    }

    /// The command a chord means in a mode.
    fn command(&self, chord: Chord, mode: Mode) -> Option<Cmd> {
        if mode == Mode::Navigate
            && let Some(cmd) = self.navigate.get(&chord)
        {
            return Some(*cmd);
        }
        self.always.get(&chord).copied()
    }

    /// What a key means in a mode; `None` for releases and unmapped keys.
    pub fn action(&self, key: KeyEvent, mode: Mode) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        // The chord as sent first (Ctrl+Shift+Z is not Ctrl+Z), then without
        // Shift (which is in a letter's case already).
        let mods = key.modifiers & !KeyModifiers::SHIFT;
        if let Some(cmd) = self
            .command((key.code, key.modifiers), mode)
            .or_else(|| self.command((key.code, mods), mode))
        {
            return Some(Action::Cmd(cmd));
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

    /// The names of the keys bound to `cmd` in `mode`, in binding order,
    /// each once (`["n", "F7"]`).
    pub fn names(&self, cmd: Cmd, mode: Mode) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for chord in &self.order {
            if self.command(*chord, mode) == Some(cmd) {
                let name = chord_name(*chord);
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// The keys of a help line or a key-bar entry as text, joined by `sep`;
    /// empty when the user unbound them all.
    pub fn text(&self, keys: &[Key], mode: Mode, sep: &str) -> String {
        let mut names: Vec<String> = Vec::new();
        for key in keys {
            match key {
                Key::All(cmd) => names.extend(self.names(*cmd, mode)),
                Key::First(cmd) => names.extend(self.names(*cmd, mode).into_iter().take(1)),
                Key::Text(t) => names.push((*t).to_string()),
            }
        }
        // `Ctrl+↑` and `Ctrl+↓` run together read `Ctrl+↑↓`.
        if sep.is_empty()
            && let Some((prefix, _)) = names.first().and_then(|n| n.rsplit_once('+'))
            && names.len() > 1
            && names.iter().all(|n| n.starts_with(&format!("{prefix}+")))
        {
            let rest: Vec<&str> = names.iter().map(|n| &n[prefix.len() + 1..]).collect();
            return format!("{prefix}+{}", rest.concat());
        }
        names.join(sep)
    }
}

/// A line of F1 or of the key bar: its keys, how they are joined, and what
/// they do.
pub type KeyLine<'a> = (&'a [Key], &'a str, String);

impl Keymap {
    /// Lines as text (`keys`, `what`), dropping those whose keys the user
    /// unbound.
    pub fn lines(&self, lines: Vec<KeyLine<'_>>, mode: Mode) -> Vec<(String, String)> {
        lines
            .into_iter()
            .map(|(keys, sep, what)| (self.text(keys, mode, sep), what))
            .filter(|(keys, _)| !keys.is_empty())
            .collect()
    }
}

/// A chord as the help writes it: `F2`, `Ctrl+S`, `Shift+Tab`, `↑`, `n`.
pub fn chord_name((code, mods): Chord) -> String {
    let key = match code {
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift+Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) if mods.contains(CTRL) || mods.contains(KeyModifiers::ALT) => {
            c.to_uppercase().to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if mods.contains(CTRL) {
        out.push_str("Ctrl+");
    }
    // With Ctrl or Alt a capital letter is Shift plus the letter.
    let shifted = matches!(code, KeyCode::Char(c) if c.is_uppercase() || mods.contains(SHIFT));
    if shifted && (mods.contains(CTRL) || mods.contains(KeyModifiers::ALT)) {
        out.push_str("Shift+");
    }
    if mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt+");
    }
    // Shift is in the name already (`Shift+Tab`, `T`).
    out + &key
}

/// `f1`, `ctrl+s`, `alt+x`, `enter`, `esc`, `tab`, `up`, `n` …
pub fn parse_chord(s: &str) -> Option<Chord> {
    let trimmed = s.trim();
    let lower = trimmed.to_lowercase();
    let mut mods = NONE;
    let mut rest = lower.as_str();
    let mut original = trimmed;
    loop {
        let (r, m) = if let Some(r) = rest.strip_prefix("ctrl+") {
            (r, CTRL)
        } else if let Some(r) = rest.strip_prefix("alt+") {
            (r, KeyModifiers::ALT)
        } else if let Some(r) = rest.strip_prefix("shift+") {
            (r, SHIFT)
        } else {
            break;
        };
        mods |= m;
        original = &original[original.len() - r.len()..];
        rest = r;
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
        "space" => KeyCode::Char(' '),
        f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
        // A letter keeps its case (`T` is Shift+t).
        _ if original.chars().count() == 1 => KeyCode::Char(original.chars().next()?),
        _ => return None,
    };
    Some((code, mods))
}

/// A command by its name in `keys.json` (its serde name).
pub fn parse_cmd(s: &str) -> Option<Cmd> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
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
        // Redo: Ctrl+Y, and Ctrl+Shift+Z however the terminal spells it.
        for (c, mods) in [('y', CTRL), ('Z', CTRL | SHIFT), ('z', CTRL | SHIFT)] {
            assert!(
                matches!(
                    k.action(key(KeyCode::Char(c), mods, KeyEventKind::Press), Mode::Edit),
                    Some(Action::Cmd(Cmd::Redo))
                ),
                "{c} {mods:?}"
            );
        }
    }

    #[test]
    fn every_default_binding_parses() {
        let lines: Vec<Vec<String>> = serde_json::from_str(DEFAULTS).unwrap();
        for line in &lines {
            assert!(parse_chord(&line[0]).is_some(), "{line:?}");
            assert!(parse_cmd(&line[1]).is_some(), "{line:?}");
        }
        let chords: std::collections::HashSet<Chord> =
            lines.iter().filter_map(|l| parse_chord(&l[0])).collect();
        assert_eq!(Keymap::default().order.len(), chords.len());
        let k = Keymap::default();
        assert_eq!(k.always.len() + k.navigate.len(), lines.len());
    }

    #[test]
    fn the_help_names_the_keys_the_user_has() {
        let k = Keymap::default();
        assert_eq!(k.names(Cmd::New, Mode::Navigate), ["n", "F7"]);
        assert_eq!(k.names(Cmd::New, Mode::Edit), ["F7"]);
        assert_eq!(k.names(Cmd::Prev, Mode::Edit), ["Shift+Tab"]);
        assert_eq!(k.names(Cmd::Delete, Mode::Navigate), ["Del"]);
        assert_eq!(
            k.names(Cmd::DeleteForward, Mode::Navigate),
            Vec::<String>::new()
        );
        let jump = [Key::All(Cmd::JumpPrev), Key::All(Cmd::JumpNext)];
        assert_eq!(k.text(&jump, Mode::Edit, " / "), "Ctrl+↑ / Ctrl+↓");
        assert_eq!(k.text(&jump, Mode::Edit, ""), "Ctrl+↑↓");
        assert_eq!(k.text(&[Key::First(Cmd::Quit)], Mode::Edit, "/"), "F10");
        let (mine, _) = Keymap::with_overrides(r#"{"f4": "help", "f1": "undo"}"#).unwrap();
        assert_eq!(mine.names(Cmd::Help, Mode::Edit), ["F4"]);
        assert_eq!(mine.names(Cmd::Undo, Mode::Edit), ["Ctrl+Z", "F1"]);
        assert_eq!(mine.names(Cmd::Help, Mode::Navigate), ["?", "F4"]);
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
        // What is echoed of a bad entry carries no control characters.
        let (_, bad) = Keymap::with_overrides(r#"{"\u001b]0;x\u0007": "help"}"#).unwrap();
        assert_eq!(bad.len(), 1);
        assert!(!bad[0].chars().any(char::is_control), "{bad:?}");
    }
}
