//! Single-line editing of a dialog's text box: typed and pasted text
//! (line breaks as spaces), Backspace and Delete, the cursor keys.

use ratatui_textarea::{CursorMove, TextArea};

use super::super::action::{Action, Cmd};

/// Single-line editing of a popup input.
pub(super) fn edit_line(text: &mut TextArea<'static>, input: Action) {
    match input {
        Action::Char(c) => text.insert_char(c),
        Action::Paste(s) => {
            text.insert_str(s.replace(['\r', '\n'], " "));
        }
        Action::Cmd(Cmd::Backspace) => {
            text.delete_char();
        }
        Action::Cmd(Cmd::DeleteForward) => {
            text.delete_next_char();
        }
        Action::Cmd(Cmd::Left) => text.move_cursor(CursorMove::Back),
        Action::Cmd(Cmd::Right) => text.move_cursor(CursorMove::Forward),
        Action::Cmd(Cmd::Home) => text.move_cursor(CursorMove::Head),
        Action::Cmd(Cmd::End) => text.move_cursor(CursorMove::End),
        _ => {}
    }
}
