//! The terminal closed or the app killed mid-sentence, through the real
//! binary in a pty: a hang-up (SIGHUP, as closing a terminal window sends)
//! saves what was typed before the app exits; a SIGKILL a moment after the
//! last key finds the text again at the next start (the draft), where it
//! is saved. A start also removes the copies of attachments opened in a
//! session before.
#![cfg(unix)]

#[path = "common/pty_app.rs"]
mod pty_app;

use pty_app::*;
use serde_json::Value;
use std::time::Duration;

const TYPED: &str = "乙乙乙乙";

/// A new 个别访谈 of 县药监局 with `TYPED` in 访谈对象姓名, not saved yet.
fn typed_in_new_interview(dir: &std::path::Path) -> Tui {
    let mut tui = demo_unit(dir, 2, "县药监局");
    tui.send(TAB);
    tui.wait_for("▶ 个别访谈");
    tui.send("n");
    tui.wait_for("机构编制评估访谈提纲");
    tui.wait_label("访谈对象姓名");
    tui.send(TYPED);
    tui.wait_for(TYPED);
    tui
}

fn interviewee(dir: &std::path::Path) -> Option<Value> {
    let list = entries(dir, "u-yjj", "jgbz.interview");
    assert_eq!(list.len(), 1, "one interview: {list:#?}");
    answers(dir, list[0]["id"].as_str().unwrap())
        .get("interviewee")
        .cloned()
}

#[test]
fn a_hang_up_right_after_typing_saves_it() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = typed_in_new_interview(&dir);
    let status = std::process::Command::new("kill")
        .args(["-HUP", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    tui.wait_exit();
    drop(tui);
    assert_eq!(interviewee(&dir), Some(Value::from(TYPED)));
    assert!(
        !dir.join("draft.json").exists(),
        "saved, so no draft is left"
    );
}

#[test]
fn a_kill_after_typing_stops_finds_the_text_at_the_next_start() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = typed_in_new_interview(&dir);
    // The inspector stops typing; 0.3 s later the laptop dies.
    std::thread::sleep(Duration::from_millis(300));
    tui.sigkill();
    drop(tui);
    assert_eq!(interviewee(&dir), None, "the autosave had not run yet");

    let mut tui = Tui::start(&dir, &[], 30, 100);
    tui.wait_for("已找回");
    tui.wait_label("访谈对象姓名");
    tui.wait_for(TYPED);
    tui.show("restarted: the draft is back");
    // It saves like any typing: after two quiet seconds.
    tui.wait_until("已保存 in the top bar", WAIT, |t| {
        t.saved_time().is_some()
    });
    tui.send(F10);
    assert!(tui.wait_exit().success());
    drop(tui);
    assert_eq!(interviewee(&dir), Some(Value::from(TYPED)));
    assert!(!dir.join("draft.json").exists());
}

#[test]
fn a_start_removes_the_copies_opened_before() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let copies = dir.join("open").join("0123456789abcdef");
    std::fs::create_dir_all(&copies).expect("open/");
    std::fs::write(copies.join("花名册.xlsx"), b"roster").expect("a copy");
    let mut tui = Tui::start(&dir, &["demo"], 30, 100);
    tui.wait_for("县人口和计划生育局");
    assert!(
        !copies.exists(),
        "the copies are gone once the screen shows"
    );
    assert!(dir.join("journal").is_dir(), "the data folder is kept");
    tui.sigkill();
}
