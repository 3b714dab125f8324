//! The mouse, second to the keyboard: where the last frame drew the rows a
//! click can pick (`Hits`, filled by the views as they draw), and a mouse
//! event as the app's action (a left click picks a row, the wheel moves
//! like ↑/↓).

use std::cell::RefCell;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::{Action, Cmd};

/// The rows of the last frame a click can pick: each one line high, with
/// the index the screen selects by.
#[derive(Debug, Default)]
pub struct Hits(RefCell<Vec<(Rect, usize)>>);

impl Clone for Hits {
    fn clone(&self) -> Hits {
        Hits(RefCell::new(
            self.0.try_borrow().map(|h| h.clone()).unwrap_or_default(),
        ))
    }
}

impl Hits {
    /// Forgets the last frame's rows (a frame starts).
    pub fn clear(&self) {
        if let Ok(mut h) = self.0.try_borrow_mut() {
            h.clear();
        }
    }

    /// Rows `first..first + count` of a list, drawn one per line from
    /// `top_y` down in the columns of `area`.
    pub fn rows(&self, area: Rect, top_y: u16, first: usize, count: usize) {
        self.rows_of(area, top_y, first, count, 1);
    }

    /// As `rows`, each row `lines` lines high.
    pub fn rows_of(&self, area: Rect, top_y: u16, first: usize, count: usize, lines: u16) {
        let Ok(mut h) = self.0.try_borrow_mut() else {
            return;
        };
        for k in 0..count {
            let Some(y) = u16::try_from(k)
                .ok()
                .and_then(|k| k.checked_mul(lines))
                .and_then(|d| top_y.checked_add(d))
            else {
                break;
            };
            let rect = Rect::new(area.x, y, area.width, lines).intersection(area);
            if !rect.is_empty() {
                h.push((rect, first + k));
            }
        }
    }

    /// The index of the row drawn at a cell, if any.
    pub fn at(&self, x: u16, y: u16) -> Option<usize> {
        let h = self.0.try_borrow().ok()?;
        h.iter()
            .find(|(r, _)| r.contains(Position::new(x, y)))
            .map(|(_, i)| *i)
    }
}

/// A mouse event as an action: a left click, or the wheel as ↑/↓.
pub fn action(m: MouseEvent) -> Option<Action> {
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
            x: m.column,
            y: m.row,
        }),
        MouseEventKind::ScrollUp => Some(Action::Cmd(Cmd::Up)),
        MouseEventKind::ScrollDown => Some(Action::Cmd(Cmd::Down)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_finds_the_row_drawn_there_and_only_inside_the_list() {
        let hits = Hits::default();
        let area = Rect::new(2, 3, 10, 4);
        hits.rows(area, 4, 7, 5);
        assert_eq!(hits.at(2, 4), Some(7));
        assert_eq!(hits.at(11, 6), Some(9));
        // Left of the list, above it, below its area (row 11 is cut off).
        assert_eq!(
            (hits.at(1, 4), hits.at(5, 3), hits.at(5, 7)),
            (None, None, None)
        );
        hits.clear();
        assert_eq!(hits.at(2, 4), None);
        hits.rows_of(area, 3, 0, 2, 2);
        assert_eq!((hits.at(3, 4), hits.at(3, 5)), (Some(0), Some(1)));
    }
}
