//! Keys that arrive together, faster than anyone types: a paste from a
//! terminal that sends pasted text as keystrokes (the legacy Windows
//! console, some SSH clients, `tmux send-keys`). While text is being typed
//! (the form, a dialog), such a run becomes one paste: a text field takes
//! it whole, anything else refuses it, so no line of it can commit a row,
//! answer a dialog or pick an option.
//! A few keys typed during a slow save stay keys: a run is a paste only
//! from `MIN_RUN` text keys on.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::keymap::{Keymap, Mode};

/// Fewest text keys, all waiting at once, that make a paste.
pub const MIN_RUN: usize = 3;

/// The text a key adds when pasted: characters and Enter (a line break).
fn text_of(key: &KeyEvent) -> Option<char> {
    if key.kind == KeyEventKind::Release
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => Some(c),
        KeyCode::Enter => Some('\n'),
        _ => None,
    }
}

/// The actions of `events`, all read without waiting. `typing`: text is
/// pasted into where they arrive (`Model::takes_paste`), so runs of text
/// keys become pastes.
pub fn actions(events: Vec<Event>, keymap: &Keymap, mode: Mode, pasting: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let mut run: Vec<KeyEvent> = Vec::new();
    let flush = |run: &mut Vec<KeyEvent>, out: &mut Vec<Action>| {
        if run.len() >= MIN_RUN {
            // An Enter that ends the burst is the key pressed after the
            // text (`send-keys PATH Enter`), not a line of it.
            let enter = run.last().filter(|k| k.code == KeyCode::Enter).copied();
            if enter.is_some() {
                run.pop();
            }
            out.push(Action::Paste(run.iter().filter_map(text_of).collect()));
            out.extend(enter.and_then(|k| keymap.action(k, mode)));
        } else {
            out.extend(run.iter().filter_map(|k| keymap.action(*k, mode)));
        }
        run.clear();
    };
    for event in events {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Release => {}
            Event::Key(key) if pasting && text_of(&key).is_some() => run.push(key),
            Event::Key(key) => {
                flush(&mut run, &mut out);
                out.extend(keymap.action(key, mode));
            }
            Event::Paste(text) => {
                flush(&mut run, &mut out);
                out.push(Action::Paste(text));
            }
            Event::Resize(w, h) => {
                flush(&mut run, &mut out);
                out.push(Action::Resize(w, h));
            }
            Event::Mouse(m) => {
                flush(&mut run, &mut out);
                out.extend(super::mouse::action(m));
            }
            _ => {}
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn keys(text: &str) -> Vec<Event> {
        text.chars()
            .map(|c| {
                key(if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                })
            })
            .collect()
    }

    fn kinds(actions: &[Action]) -> Vec<String> {
        actions
            .iter()
            .map(|a| match a {
                Action::Paste(t) => format!("paste {t:?}"),
                Action::Char(c) => format!("char {c}"),
                Action::Cmd(c) => format!("{c:?}"),
                _ => "other".into(),
            })
            .collect()
    }

    #[test]
    fn a_burst_of_lines_is_one_paste_while_typing() {
        let k = Keymap::default();
        let got = actions(keys("一行\n二行\n2"), &k, Mode::Edit, true);
        assert_eq!(kinds(&got), ["paste \"一行\\n二行\\n2\""]);
        // An Enter after the text is the key that follows the paste.
        let got = actions(keys("路径名\n"), &k, Mode::Edit, true);
        assert_eq!(kinds(&got), ["paste \"路径名\"", "Enter"]);
        // A key that is no text ends the run and stays a key.
        let mut events = keys("abc");
        events.push(key(KeyCode::Tab));
        events.extend(keys("d"));
        let got = actions(events, &k, Mode::Edit, true);
        assert_eq!(kinds(&got), ["paste \"abc\"", "Next", "char d"]);
    }

    #[test]
    fn a_few_keys_or_no_text_field_stay_keys() {
        let k = Keymap::default();
        // Two keys typed during a slow save.
        let got = actions(keys("a\n"), &k, Mode::Edit, true);
        assert_eq!(kinds(&got), ["char a", "Enter"]);
        // Digits keyed into quick entry or a choice are answers, not text.
        let got = actions(keys("1234"), &k, Mode::Edit, false);
        assert_eq!(kinds(&got), ["char 1", "char 2", "char 3", "char 4"]);
        // Releases (Windows sends them) are dropped.
        let release = Event::Key(KeyEvent::new_with_kind(
            KeyCode::Char('x'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        ));
        let got = actions(vec![release], &k, Mode::Edit, true);
        assert!(got.is_empty());
    }
}
