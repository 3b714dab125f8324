//! The mouse through the real binary in a pty: the app asks the terminal
//! for mouse reports (and stops asking when it quits), and a click on a
//! unit's row of the home screen, twice, opens that unit.
#![cfg(unix)]

#[path = "common/pty_app.rs"]
mod pty_app;

use pty_app::*;

/// An SGR mouse report of a left press and release at a cell (0-based).
fn left_click(x: u16, y: u16) -> String {
    format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1)
}

#[test]
fn a_double_click_on_a_unit_row_opens_it() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = Tui::start(&dir, &["demo"], 30, 100);
    let home = tui.wait_for("县人口和计划生育局");
    let y = home
        .lines()
        .position(|l| l.contains("县审计局"))
        .expect("县审计局 on the home screen");
    let y = u16::try_from(y).expect("a row");
    tui.send(&left_click(8, y));
    tui.send(&left_click(8, y));
    tui.wait_for("县审计局 · ");
    tui.wait_for("三定（核定）");
    tui.send(F10);
    assert!(tui.wait_exit().success());
    let out = String::from_utf8_lossy(&tui.all_output()).into_owned();
    // Mouse reports on (1000: clicks, 1006: SGR coordinates), and off again.
    assert!(out.contains("\x1b[?1000h") && out.contains("\x1b[?1006h"));
    assert!(out.contains("\x1b[?1000l"));
}
