//! A paste that arrives as keystrokes (the legacy Windows console, some
//! SSH clients, `tmux send-keys`), through the real binary in a pty: the
//! whole burst goes into the field being typed; none of its lines commits
//! the field, and none of its digits picks an option.
#![cfg(unix)]

#[path = "common/pty_app.rs"]
mod pty_app;

use pty_app::*;
use serde_json::Value;

#[test]
fn three_lines_sent_as_keys_land_in_one_field() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = demo_unit(&dir, 2, "县药监局");
    tui.wait_for("▶ 调查登记表");
    tui.send(ENTER);
    tui.wait_for("机构编制评估调查登记表");
    tui.wait_label("单位名称");
    // One write: the terminal sends the pasted lines as typed keys.
    tui.send("东阿县\r食品药品\r2");
    tui.wait_for("东阿县 食品药品 2");
    tui.wait_label("单位名称");
    tui.send(F10);
    assert!(tui.wait_exit().success());
    drop(tui);
    let regs = entries(&dir, "u-yjj", "jgbz.registration");
    assert_eq!(regs.len(), 1, "{regs:#?}");
    let reg = answers(&dir, regs[0]["id"].as_str().unwrap());
    assert_eq!(
        reg.get("unit_name"),
        Some(&Value::from("东阿县 食品药品 2")),
        "{reg:#?}"
    );
    // 机构规格 keeps what the baseline filled in (正科级); a `2` keyed
    // into it would have made it 副处级.
    assert_eq!(
        reg.get("level"),
        Some(&Value::from("zk")),
        "no digit picked 机构规格: {reg:#?}"
    );
}
