//! Keys on the form screen. The current item always has its editor; leaving
//! it (Tab, Enter, arrows out, Esc, jumps) commits it. A commit is checked
//! here (pure) and saved by an effect; the cursor moves on only once the save
//! is durable, so a failed save leaves the typed text where it was.

use ratatui_textarea::{CursorMove, TextArea};

use super::super::action::{Action, Clock, Cmd, Effect, EntryData};
use super::super::model::{AfterSave, Confirmed, Field, FormState, Model, Popup, Row};
use super::commit::{leave, live_check, reset_field, save};
use super::minutes;
use super::out::{Out, apply, current_item, form_mut};
use super::outline::{field_for, next_selectable, outline, pick_options};
use crate::form::ItemType;
use crate::i18n;

/// The form screen for a loaded entry, on its first item.
pub fn open_form(data: EntryData) -> FormState {
    let rows = outline(&data.form, &data.entry.answers, &data.baseline);
    let cursor = next_selectable(&rows, 0, true).unwrap_or(0);
    let field = field_for(&data.form, &data.entry.answers, rows.get(cursor));
    let stamp = data.form.def.stamps_by_default();
    FormState {
        form: data.form,
        entry: data.entry,
        unit_name: data.unit_name,
        baseline: data.baseline,
        roster: data.roster,
        rows,
        cursor,
        field,
        problem: None,
        reason: None,
        undo: Vec::new(),
        focus_new_row: None,
        focus_item: None,
        after_save: None,
        stamp,
        idle: 0,
        undoing: false,
        redo: Vec::new(),
        redoing: false,
        discard_armed: false,
        new: data.new,
        review: data.review,
    }
}

/// Handles a key on the form screen.
/// The terminal changed size: the text being edited is laid out afresh
/// from its top (its view was scrolled to fit the old size), the cursor
/// where it was. The editor's own undo of this field starts over.
pub fn refit(model: &mut Model) {
    let Some(st) = form_mut(model) else { return };
    let multiline = current_item(st).is_some_and(|(item, _)| item.is_multiline());
    if let Field::Text { input, .. } = &mut st.field {
        let ratatui_textarea::DataCursor(row, col) = input.cursor();
        let mut fresh = super::outline::text_area(&input.lines().join("\n"), multiline);
        fresh.move_cursor(CursorMove::Jump(
            u16::try_from(row).unwrap_or(u16::MAX),
            u16::try_from(col).unwrap_or(u16::MAX),
        ));
        **input = fresh;
    }
}

pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let now = model.now.clone();
    let page = usize::from(model.size.1.saturating_sub(6)).max(1);
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    if let Some(out) = super::attach::item_key(st, &input) {
        return apply(model, out);
    }
    let out = match input {
        Action::Char(c) => char_in(st, c, &now),
        Action::Paste(text) => paste(st, &text, &now),
        Action::Cmd(cmd) => cmd_in(st, cmd, &now, page),
        _ => Out::default(),
    };
    apply(model, out)
}

fn is_multiline(st: &FormState) -> bool {
    current_item(st).is_some_and(|(i, _)| i.is_multiline())
}

/// Whether new paragraphs of the current item get a time stamp: long
/// answers the form stamps (`stamped`, else those of interviews and
/// meetings), not rows (a row has its own time).
fn stamps(st: &FormState) -> bool {
    current_item(st).is_some_and(|(item, _)| item.is_stamped(st.stamp))
        && matches!(st.rows.get(st.cursor), Some(Row::Item { row: None, .. }))
}

fn char_in(st: &mut FormState, c: char, now: &Clock) -> Out {
    st.discard_armed = false;
    let stamp = stamps(st);
    let multiline = is_multiline(st);
    match &mut st.field {
        Field::Text {
            input,
            dirty,
            fresh,
        } => {
            let first = std::mem::take(fresh);
            if first && !multiline {
                input.select_all();
                input.cut();
            }
            if first && stamp {
                new_paragraph(input);
            }
            if stamp {
                stamp_line(input, now);
            }
            input.insert_char(c);
            *dirty = true;
            st.idle = 0;
            live_check(st);
            Out::default()
        }
        Field::Pick { typed, .. } => {
            let typed_before = typed.take();
            pick_char(st, c, typed_before)
        }
        Field::Multi {
            chosen,
            highlight,
            dirty,
        } => {
            let Some((item, _)) = current_item_of(&st.form, &st.rows, st.cursor) else {
                return Out::default();
            };
            let options: Vec<String> = item.choices().iter().map(|o| o.value.clone()).collect();
            let index = match c {
                ' ' => Some(*highlight),
                d => d.to_digit(10).and_then(|d| (d as usize).checked_sub(1)),
            };
            match index.and_then(|i| options.get(i)) {
                Some(v) => {
                    if let Some(pos) = chosen.iter().position(|x| x == v) {
                        chosen.remove(pos);
                    } else {
                        chosen.push(v.clone());
                    }
                    *dirty = true;
                    Out::default()
                }
                None => Out::error(i18n::ui_pick_by_digit(options.len())),
            }
        }
        Field::None => Out::default(),
    }
}

fn current_item_of<'a>(
    form: &'a crate::form::Form,
    rows: &'a [Row],
    cursor: usize,
) -> Option<(&'a crate::form::Item, &'a str)> {
    match rows.get(cursor)? {
        Row::Item { id, path, .. } => Some((form.item(id)?, path.as_str())),
        _ => None,
    }
}

/// A digit (or 是/否) in a choice, yes/no or scale field: chooses and moves on.
fn pick_char(st: &mut FormState, c: char, typed: Option<u8>) -> Out {
    let Some((item, path)) = current_item(st) else {
        return Out::default();
    };
    let path = path.to_string();
    let options = pick_options(&st.form, &item.id);
    let kind = item.kind;
    let index = match (kind, c) {
        (ItemType::Yesno, '是' | 'y' | 'Y') => Some(0),
        (ItemType::Yesno, '否' | 'n' | 'N') => Some(1),
        (ItemType::Scale, d) => d
            .to_digit(10)
            .and_then(|d| options.iter().position(|o| o == &d.to_string())),
        (_, d) => match (d.to_digit(10), typed) {
            (Some(d), Some(first)) => (usize::from(first) * 10 + d as usize).checked_sub(1),
            (Some(d), None)
                if options.len() >= 10 && (d as usize) * 10 <= options.len() && d > 0 =>
            {
                if let Field::Pick { typed, .. } = &mut st.field {
                    *typed = Some(d as u8);
                }
                return Out::info(i18n::ui_second_digit(d));
            }
            (Some(d), None) => (d as usize).checked_sub(1),
            (None, _) => None,
        },
    };
    match index.and_then(|i| options.get(i).cloned().map(|v| (i, v))) {
        Some((i, value)) => {
            if let Field::Pick { highlight, .. } = &mut st.field {
                *highlight = i;
            }
            save(st, vec![(path, value)], AfterSave::Next)
        }
        None => Out::error(i18n::ui_pick_by_digit(options.len())),
    }
}

/// A logged answer's empty line starts with the time (`[HH:MM] `).
fn stamp_line(input: &mut TextArea<'static>, now: &Clock) {
    if input
        .lines()
        .get(input.cursor().0)
        .is_some_and(String::is_empty)
    {
        input.insert_str(format!("[{}] ", now.hm()));
    }
}

/// Coming back to a logged answer: what is typed goes after the text in
/// a paragraph of its own (stamped with the time it is typed), not onto
/// the end of an earlier paragraph under that paragraph's stamp.
fn new_paragraph(input: &mut TextArea<'static>) {
    if input.lines().iter().all(String::is_empty) {
        return;
    }
    input.move_cursor(CursorMove::Bottom);
    input.move_cursor(CursorMove::End);
    if input.lines().last().is_some_and(|l| !l.is_empty()) {
        input.insert_newline();
    }
}

fn paste(st: &mut FormState, text: &str, now: &Clock) -> Out {
    let multiline = is_multiline(st);
    let stamp = stamps(st);
    if let Field::Text {
        input,
        dirty,
        fresh,
    } = &mut st.field
    {
        let first = std::mem::take(fresh);
        if first && !multiline {
            input.select_all();
            input.cut();
        }
        if first && stamp {
            new_paragraph(input);
        }
        if stamp {
            stamp_line(input, now);
        }
        let clean = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean = if multiline {
            clean
        } else {
            clean.replace('\n', " ")
        };
        input.insert_str(clean);
        *dirty = true;
        st.idle = 0;
        live_check(st);
        return Out::default();
    }
    // A choice or yes/no question: pasted text picks nothing.
    Out::info(i18n::ui_paste_needs_text())
}

/// The lines Ctrl+↑/↓ and Alt+digit jump between: in an interview, every
/// question of the sections that hold its long-text questions (a choice
/// among them too: question 9 is a scale), else the first item of each
/// section.
fn jump_targets(st: &FormState) -> Vec<usize> {
    let long = |id: &str| st.form.item(id).is_some_and(|i| i.is_multiline());
    let mut questions = Vec::new();
    let mut section: Vec<usize> = Vec::new();
    let mut has_long = false;
    for (i, r) in st.rows.iter().enumerate() {
        match r {
            Row::Section(_) => {
                if has_long {
                    questions.append(&mut section);
                }
                section.clear();
                has_long = false;
            }
            Row::Item { id, row: None, .. } => {
                has_long |= long(id);
                section.push(i);
            }
            _ => {}
        }
    }
    if has_long {
        questions.append(&mut section);
    }
    if !questions.is_empty() {
        return questions;
    }
    st.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, Row::Section(_)))
        .filter_map(|(i, _)| next_selectable(&st.rows, i, true))
        .collect()
}

/// A click on line `row` of the outline: goes there as a jump does (what
/// is typed is saved first); a line the cursor cannot take does nothing.
pub fn click(model: &mut Model, row: usize) -> Vec<Effect> {
    let Some(st) = form_mut(model) else {
        return vec![];
    };
    if row == st.cursor || !st.rows.get(row).is_some_and(super::outline::selectable) {
        return vec![];
    }
    let out = jump(st, Some(row));
    apply(model, out)
}

fn jump(st: &mut FormState, target: Option<usize>) -> Out {
    match target.and_then(|t| st.rows.get(t).cloned()) {
        Some(row) => leave(st, AfterSave::To(row)),
        None => Out::default(),
    }
}

/// A command on the form screen. Each part below takes the commands it
/// knows, in this order: the minutes table, the text being edited, the
/// highlight of a pick, moving between items, then the form as a whole.
fn cmd_in(st: &mut FormState, cmd: Cmd, now: &Clock, page: usize) -> Out {
    if cmd != Cmd::Back {
        st.discard_armed = false;
    }
    if let Some(out) = minutes::cmd(st, cmd) {
        return out;
    }
    if let Some(out) = text_cmd(st, cmd, now) {
        return out;
    }
    if let Some(out) = pick_cmd(st, cmd) {
        return out;
    }
    if let Some(out) = move_cmd(st, cmd, page) {
        return out;
    }
    form_cmd(st, cmd)
}

/// Editing keys inside a text field; `None` when the field is not text or
/// the key does not edit it (it then moves between items or acts on the
/// form).
fn text_cmd(st: &mut FormState, cmd: Cmd, now: &Clock) -> Option<Out> {
    let multiline = is_multiline(st);
    let stamp = stamps(st).then_some(now);
    let Field::Text {
        input,
        dirty,
        fresh,
    } = &mut st.field
    else {
        return None;
    };
    *fresh = false;
    if !edit_text(input, dirty, cmd, multiline, stamp) {
        return None;
    }
    st.idle = 0;
    live_check(st);
    Some(Out::default())
}

/// Applies an editing key to the text: moves the cursor (up and down only
/// within a long answer), deletes, starts a new line (time-stamped when
/// `stamp` is given), takes back typing. False when `cmd` is not one.
fn edit_text(
    input: &mut TextArea<'static>,
    dirty: &mut bool,
    cmd: Cmd,
    multiline: bool,
    stamp: Option<&Clock>,
) -> bool {
    let line = input.cursor().0;
    let last_line = input.lines().len().saturating_sub(1);
    match cmd {
        Cmd::Left => input.move_cursor(CursorMove::Back),
        Cmd::Right => input.move_cursor(CursorMove::Forward),
        Cmd::Home => input.move_cursor(CursorMove::Head),
        Cmd::End => input.move_cursor(CursorMove::End),
        Cmd::Up if multiline && line > 0 => input.move_cursor(CursorMove::Up),
        Cmd::Down if multiline && line < last_line => input.move_cursor(CursorMove::Down),
        Cmd::Backspace => *dirty |= input.delete_char(),
        Cmd::DeleteForward => *dirty |= input.delete_next_char(),
        Cmd::Enter if multiline => {
            input.insert_newline();
            if let Some(now) = stamp {
                input.insert_str(format!("[{}] ", now.hm()));
            }
            *dirty = true;
        }
        Cmd::Undo if *dirty => {
            input.undo();
        }
        _ => return false,
    }
    true
}

/// ←/→ move the highlight of a pick or multi field; Enter takes the
/// highlighted option of a pick. `None` for other keys and fields.
fn pick_cmd(st: &mut FormState, cmd: Cmd) -> Option<Out> {
    match (&st.field, cmd) {
        (Field::Pick { .. } | Field::Multi { .. }, Cmd::Left | Cmd::Right) => {
            move_highlight(st, cmd == Cmd::Right);
            Some(Out::default())
        }
        (Field::Pick { highlight, .. }, Cmd::Enter) => {
            let h = *highlight;
            Some(pick_highlighted(st, h))
        }
        _ => None,
    }
}

/// Moves the highlight of a pick or multi field one option on or back,
/// staying within its options.
fn move_highlight(st: &mut FormState, forward: bool) {
    let n = match current_item(st) {
        Some((item, _)) if item.kind == ItemType::Multi => item.choices().len(),
        Some((item, _)) => pick_options(&st.form, &item.id).len(),
        None => 0,
    };
    if let Field::Pick { highlight, .. } | Field::Multi { highlight, .. } = &mut st.field {
        *highlight = if forward {
            (*highlight + 1).min(n.saturating_sub(1))
        } else {
            highlight.saturating_sub(1)
        };
    }
}

/// Saves option `h` of the current pick item and moves on.
fn pick_highlighted(st: &mut FormState, h: usize) -> Out {
    let Some((item, path)) = current_item(st) else {
        return Out::default();
    };
    let path = path.to_string();
    match pick_options(&st.form, &item.id).get(h).cloned() {
        Some(value) => save(st, vec![(path, value)], AfterSave::Next),
        None => Out::default(),
    }
}

/// Moving between items (leaving one commits it): ↑/↓, Tab, the page
/// keys, Home/End and the jumps between questions or sections. `None`
/// for other commands.
fn move_cmd(st: &mut FormState, cmd: Cmd, page: usize) -> Option<Out> {
    let last = st.rows.len().saturating_sub(1);
    let target = match cmd {
        Cmd::Up | Cmd::Prev => return Some(leave(st, AfterSave::Prev)),
        Cmd::Down | Cmd::Next => return Some(leave(st, AfterSave::Next)),
        Cmd::PageDown => next_selectable(&st.rows, (st.cursor + page).min(last), false),
        Cmd::PageUp => next_selectable(&st.rows, st.cursor.saturating_sub(page), true),
        Cmd::Home => next_selectable(&st.rows, 0, true),
        Cmd::End => next_selectable(&st.rows, last, false),
        Cmd::JumpNext => jump_targets(st).into_iter().find(|&t| t > st.cursor),
        Cmd::JumpPrev => jump_targets(st).into_iter().rev().find(|&t| t < st.cursor),
        Cmd::Jump(n) => usize::from(n)
            .checked_sub(1)
            .and_then(|i| jump_targets(st).get(i).copied()),
        _ => return None,
    };
    Some(jump(st, target))
}

/// Commands on the entry as a whole: Enter (which adds a row on an "add
/// row" line), save, back, clear or delete, finalise, undo.
fn form_cmd(st: &mut FormState, cmd: Cmd) -> Out {
    let row = st.rows.get(st.cursor).cloned();
    match cmd {
        Cmd::Enter | Cmd::Commit => match row {
            Some(Row::AddRow { repeat }) => add_row(st, repeat),
            _ => leave(st, AfterSave::Next),
        },
        Cmd::Save => save_now(st),
        Cmd::Back => leave(st, AfterSave::Back),
        Cmd::Clear | Cmd::Delete => clear(st, row),
        Cmd::Finalize => super::finalize::finalize(st),
        Cmd::Undo => super::undo::replay(st, false),
        Cmd::Redo => super::undo::replay(st, true),
        Cmd::NextRequired => super::review::next_required(st),
        Cmd::History => Out {
            effects: vec![Effect::LoadHistory(st.entry.id.clone())],
            ..Out::default()
        },
        _ => Out::default(),
    }
}

/// Enter on an "add row" line: a new row of `repeat`, focused once saved.
fn add_row(st: &mut FormState, repeat: String) -> Out {
    st.focus_new_row = Some(repeat.clone());
    save(
        st,
        vec![(format!("{repeat}[+]"), String::new())],
        AfterSave::Stay,
    )
}

/// F2 / Ctrl+S: commits the current item and stays; says so when there was
/// nothing to save.
fn save_now(st: &mut FormState) -> Out {
    let out = leave(st, AfterSave::Stay);
    if out.effects.is_empty() && out.flash.is_none() && out.reason.is_none() {
        return Out::info(i18n::ui_nothing_to_save());
    }
    out
}

/// F8: clears the current item, or (on a row heading) deletes the row.
fn clear(st: &mut FormState, row: Option<Row>) -> Out {
    match row {
        Some(Row::Item { path, id, .. }) if st.form.item(&id).is_some_and(|i| i.is_input()) => {
            if st.entry.answers.contains_key(&path) {
                st.field = Field::None;
                save(st, vec![(path, String::new())], AfterSave::Stay)
            } else {
                reset_field(st);
                Out::default()
            }
        }
        Some(Row::RowHead { repeat, row, n }) => {
            let label = st
                .form
                .item(&repeat)
                .map_or(repeat.clone(), |i| i.ui_label().to_string());
            Out {
                popup: Some(Popup::Confirm {
                    title: i18n::ui_delete_title(),
                    body: vec![i18n::ui_delete_row(&label, n)],
                    on_yes: Confirmed::DeleteRow { repeat, row },
                }),
                ..Out::default()
            }
        }
        _ => Out::default(),
    }
}
