//! The mouse, second to the keyboard (issue 14): a click picks the row
//! drawn under it and a second click opens it; on the form a click goes to
//! the item, saving what was typed; the wheel moves like ↑/↓; in a real
//! terminal the app asks for mouse reports and a click works end to end.

mod common;

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use kaocha::tui::action::{Action, Cmd};
use kaocha::tui::model::Screen;

/// The row (y) of the first line of the drawn screen holding `text`.
fn row_of(h: &Harness, w: u16, ht: u16, text: &str) -> u16 {
    let screen = buffer_text(draw(&h.model, w, ht).backend().buffer());
    let y = screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
    u16::try_from(y).unwrap()
}

fn click(h: &mut Harness, w: u16, ht: u16, x: u16, text: &str) {
    let y = row_of(h, w, ht, text);
    h.go(Action::Click { x, y });
}

#[test]
fn a_click_picks_a_unit_and_a_second_click_opens_it() {
    for (w, ht) in [(80, 24), (120, 40)] {
        let mut h = Harness::demo();
        click(&mut h, w, ht, 6, "县科技局");
        let Screen::Home(home) = h.model.screen() else {
            panic!("left home")
        };
        assert_eq!(home.data.units[home.selected].unit.name, "县科技局");
        click(&mut h, w, ht, 6, "县科技局");
        let Screen::Unit(u) = h.model.screen() else {
            panic!("no unit screen at {w}×{ht}")
        };
        assert_eq!(u.data.unit.name, "县科技局");
    }
}

#[test]
fn a_click_outside_any_row_or_on_the_bars_does_nothing() {
    let mut h = Harness::demo();
    let before = match h.model.screen() {
        Screen::Home(home) => home.selected,
        _ => panic!("not home"),
    };
    draw(&h.model, 80, 24);
    // The top bar, the key bar, a border.
    for (x, y) in [(5, 0), (5, 23), (0, 5)] {
        h.go(Action::Click { x, y });
        let Screen::Home(home) = h.model.screen() else {
            panic!("left home on a click at {x},{y}")
        };
        assert_eq!(home.selected, before);
    }
}

#[test]
fn a_click_in_the_outline_goes_to_the_item_and_saves_what_was_typed() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("unit_name", None);
    h.cmd(Cmd::Clear);
    h.type_text("东阿县安全生产监督管理局（改）");
    click(&mut h, 120, 40, 4, "行政编制实有");
    let st = h.form();
    match st.rows.get(st.cursor) {
        Some(kaocha::tui::model::Row::Item { id, .. }) => assert_eq!(id, "admin_actual"),
        other => panic!("cursor on {other:?}"),
    }
    let stored = h
        .app
        .ws
        .store
        .entry(AJJ_REGISTRATION)
        .unwrap()
        .unwrap()
        .answers["unit_name"]
        .clone();
    assert_eq!(stored, "东阿县安全生产监督管理局（改）");
}

#[test]
fn the_wheel_moves_like_the_arrows_and_a_click_in_the_summary_opens_a_unit() {
    let wheel = |kind| MouseEvent {
        kind,
        column: 3,
        row: 3,
        modifiers: KeyModifiers::NONE,
    };
    let of = |kind| format!("{:?}", kaocha::tui::mouse::action(wheel(kind)));
    assert_eq!(of(MouseEventKind::ScrollDown), "Some(Cmd(Down))");
    assert_eq!(of(MouseEventKind::ScrollUp), "Some(Cmd(Up))");
    assert_eq!(of(MouseEventKind::Down(MouseButton::Right)), "None");
    let mut h = Harness::demo();
    h.cmd(Cmd::Summary);
    click(&mut h, 120, 40, 5, "县审计局");
    click(&mut h, 120, 40, 5, "县审计局");
    let Screen::Unit(u) = h.model.screen() else {
        panic!("no unit screen")
    };
    assert_eq!(u.data.unit.name, "县审计局");
}
