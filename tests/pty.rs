//! End-to-end tests of the terminal app in a real pseudo-terminal: the
//! `kaocha` binary runs in a pty (portable-pty), its output is fed into a
//! terminal emulator (vt100), keys are written as the bytes a terminal
//! sends, and what the screen shows (and what the CLI reads back) is
//! asserted. Nothing here sleeps to let the app catch up: every step waits
//! for text on the screen, with generous timeouts.
#![cfg(unix)]

#[path = "common/pty_app.rs"]
mod pty_app;

use pty_app::*;
use serde_json::Value;
use std::collections::BTreeSet;

const INTERVIEW_Q4: &str = "办公室人员紧张，长期借调两人。";
const UNIT_NAME: &str = "东阿县食品药品监督管理局";

#[test]
fn fill_registration_and_interview_then_sigkill_and_find_everything() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let known = labels(&form_json("jgbz.registration"));
    let mut tui = demo_unit(&dir, 2, "县药监局");
    tui.wait_for("▶ 调查登记表");
    tui.show("unit screen 县药监局");

    // Enter on the empty 调查登记表 stage: a new registration opens.
    tui.send(ENTER);
    tui.wait_for("机构编制评估调查登记表");
    tui.wait_label("单位名称");
    tui.send(UNIT_NAME);
    tui.wait_for(UNIT_NAME);
    tui.show("registration: unit_name typed");
    tui.send(TAB);
    tui.wait_label("机构规格");
    tui.tab_to("行政编制实有人数", &known);
    tui.send("11");
    tui.show("registration: 11 typed");
    tui.send(TAB);
    // The cursor moves once the save is durable: wait for that move before
    // tabbing on, or a second Tab queued behind the save skips an item.
    tui.wait_until("the item after 行政编制实有人数", WAIT, |t| {
        let l = t.detail_label();
        known.iter().any(|k| is_label(&l, k)) && !is_label(&l, "行政编制实有人数")
    });
    tui.tab_to("事业编制实有人数", &known);
    tui.show("registration: at inst_actual");
    tui.send("13");
    tui.send(TAB);
    tui.wait_until("the item after 事业编制实有人数", WAIT, |t| {
        let l = t.detail_label();
        known.iter().any(|k| is_label(&l, k)) && !is_label(&l, "事业编制实有人数")
    });
    tui.wait_until("已保存 in the top bar", WAIT, |t| {
        t.saved_time().is_some()
    });
    tui.show("registration: after 13 Tab");

    // Back on the unit screen the registration is listed by its name.
    tui.esc();
    tui.wait_for("三定（核定）");
    tui.wait_for(&format!("] {UNIT_NAME}"));
    tui.show("unit screen after Esc");

    // A new 个别访谈: select the stage, n.
    tui.send(TAB);
    tui.wait_for("▶ 个别访谈");
    tui.send("n");
    tui.wait_for("机构编制评估访谈提纲");
    tui.wait_label("访谈对象姓名");
    tui.send("张三");
    tui.send(TAB);
    tui.wait_label("职务");
    tui.show("interview: at position");
    tui.wait_until("已保存 after 张三", WAIT, |t| t.saved_time().is_some());
    let first_save = tui.saved_time().unwrap_or_default();

    for prefix in ["1. 本单位", "2. 与哪些部门", "3. 内设机构", "4. 人员配备"] {
        tui.send(CTRL_DOWN);
        tui.wait_label_prefix(prefix);
        tui.show(&format!("interview: jumped to {prefix}"));
    }
    tui.send(INTERVIEW_Q4);
    tui.wait_for(INTERVIEW_Q4);
    tui.show("interview: q4 typed");
    // No more typing: the autosave shows a new time once it is durable.
    tui.wait_until("a new 已保存 time from the autosave", WAIT, |t| {
        t.saved_time().is_some_and(|s| s != first_save)
    });
    tui.show("interview: autosaved");

    let status = tui.sigkill();
    assert!(!status.success(), "SIGKILL is not a clean exit: {status:?}");
    drop(tui);

    // Everything is there, read back by the CLI.
    let regs = entries(&dir, "u-yjj", "jgbz.registration");
    assert_eq!(regs.len(), 1, "one registration of 县药监局: {regs:#?}");
    let reg = answers(&dir, regs[0]["id"].as_str().unwrap());
    assert_eq!(
        reg.get("unit_name"),
        Some(&Value::from(UNIT_NAME)),
        "{reg:#?}"
    );
    assert_eq!(reg.get("admin_actual"), Some(&Value::from(11)), "{reg:#?}");
    assert_eq!(reg.get("inst_actual"), Some(&Value::from(13)), "{reg:#?}");

    let interviews = entries(&dir, "u-yjj", "jgbz.interview");
    assert_eq!(interviews.len(), 1, "one interview: {interviews:#?}");
    let interview_id = interviews[0]["id"].as_str().unwrap().to_string();
    let iv = answers(&dir, &interview_id);
    assert_eq!(iv.get("interviewee"), Some(&Value::from("张三")), "{iv:#?}");
    let q4 = iv.get("q4").and_then(Value::as_str).unwrap_or_default();
    assert!(q4.contains(INTERVIEW_Q4), "q4 is {q4:?}");

    // And in the app again: the unit, the interview, question 4.
    let mut tui = Tui::start(&dir, &[], 30, 100);
    tui.wait_for("县人口和计划生育局");
    tui.send("2");
    tui.wait_for("县药监局 · ");
    tui.wait_for(&format!("] {UNIT_NAME}"));
    tui.send(TAB);
    tui.wait_for("▶ 个别访谈");
    tui.send(DOWN);
    tui.wait_for("] 张三");
    tui.wait_until("the interview selected", WAIT, |t| {
        t.screen()
            .lines()
            .any(|l| l.contains('▶') && l.contains("] 张三"))
    });
    tui.send(ENTER);
    tui.wait_label("访谈对象姓名");
    for prefix in ["1. 本单位", "2. 与哪些部门", "3. 内设机构", "4. 人员配备"] {
        tui.send(CTRL_DOWN);
        tui.wait_label_prefix(prefix);
    }
    tui.wait_for(INTERVIEW_Q4);
    tui.show("reopened: q4");
    tui.send(F10);
    let status = tui.wait_exit();
    assert!(status.success(), "F10 exits cleanly: {status:?}");
}

#[test]
fn tally_ten_questionnaires_one_key_per_answer() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let form = form_json("jgbz.questionnaire");
    let items = ["respondent", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"];
    let options: Vec<Vec<String>> = items.iter().map(|id| option_values(&form, id)).collect();
    // Questionnaire i answers item k with digit (i + k·(1 or 2)) mod the
    // item's option count, plus 1: every questionnaire differs (respondent
    // and q1 together already do).
    let digits = |i: usize| -> Vec<usize> {
        options
            .iter()
            .enumerate()
            .map(|(k, o)| (i + k * (k % 2 + 1)) % o.len() + 1)
            .collect()
    };

    let mut tui = demo_unit(&dir, 4, "县审计局");
    for stage in ["个别访谈", "座谈会", "调查问卷"] {
        tui.send(TAB);
        tui.wait_for(&format!("▶ {stage}"));
    }
    tui.send(ENTER);
    tui.wait_for("问卷快速录入");
    tui.wait_for("第 1 份");
    tui.wait_for("第 1 题 / 共 10 题");
    tui.show("quick entry opened");

    let before = tui.sent;
    let mut expected = BTreeSet::new();
    for i in 0..10 {
        let ds = digits(i);
        for d in &ds {
            tui.send(&d.to_string());
        }
        // The open question 9 comes last: Enter alone skips it.
        tui.wait_for("第 10 题 / 共 10 题");
        tui.send(ENTER);
        tui.wait_for(&format!("第 {} 份", i + 2));
        let answers: Vec<(String, String)> = items
            .iter()
            .zip(&ds)
            .zip(&options)
            .map(|((id, d), o)| (id.to_string(), o[d - 1].clone()))
            .collect();
        expected.insert(answers);
    }
    assert_eq!(
        tui.sent - before,
        100,
        "one key per answer, nine answers and Enter past the open question, ten questionnaires"
    );
    assert_eq!(expected.len(), 10, "the questionnaires differ");
    tui.wait_for("第 11 份");
    tui.show("quick entry after 10");

    // Leaving offers to finalise the complete ones: all ten are.
    tui.esc();
    tui.wait_for("本次录入了 10 份问卷");
    tui.send(ENTER);
    tui.wait_for("三定（核定）");
    tui.wait_for("已定稿 10 份问卷。");
    tui.wait_for("10/10 ✓");
    tui.show("unit after quick entry");
    tui.send(F10);
    let status = tui.wait_exit();
    assert!(status.success(), "F10 exits cleanly: {status:?}");

    let listed = entries(&dir, "u-sjj", "jgbz.questionnaire");
    assert_eq!(listed.len(), 10, "ten questionnaires: {listed:#?}");
    let mut found = BTreeSet::new();
    for e in &listed {
        let a = answers(&dir, e["id"].as_str().unwrap());
        let keys: BTreeSet<&str> = a.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            items.iter().copied().collect(),
            "a questionnaire holds only its answers (no identity): {a:#?}"
        );
        let row: Vec<(String, String)> = items
            .iter()
            .map(|id| {
                (
                    id.to_string(),
                    a[*id].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        found.insert(row);
    }
    assert_eq!(found, expected);
}

#[test]
fn shrink_to_30x8_and_back() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = demo_unit(&dir, 2, "县药监局");
    tui.send(ENTER);
    tui.wait_label("单位名称");

    tui.resize(8, 30);
    tui.wait_for("窗口太小");
    tui.wait_for("30×8");
    tui.show("30x8");

    tui.resize(30, 100);
    tui.wait_until("the form drawn again", WAIT, |t| {
        let s = t.screen();
        !s.contains("窗口太小")
            && s.contains("机构编制评估调查登记表")
            && is_label(&t.detail_label(), "单位名称")
    });
    tui.show("back to 100x30");
    assert!(
        tui.child.try_wait().expect("try_wait").is_none(),
        "kaocha is still running"
    );
    tui.send(F10);
    let status = tui.wait_exit();
    assert!(status.success(), "F10 exits cleanly: {status:?}");
}

#[test]
fn locked_data_dir_is_reported_before_the_terminal_is_touched() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    std::fs::create_dir_all(&dir).unwrap();
    let store = kaocha::store::Store::open(&dir).expect("open the store in the test");

    let mut tui = Tui::start(&dir, &[], 30, 100);
    let status = tui.wait_exit();
    let out = tui.all_output();
    let text = String::from_utf8_lossy(&out);
    assert!(
        !status.success(),
        "a locked data dir is an error: {status:?}"
    );
    assert!(
        text.contains("数据已被另一个 kaocha 窗口打开"),
        "the lock is reported: {text:?}"
    );
    assert!(
        !text.contains("\x1b[?1049h"),
        "the alternate screen was entered: {text:?}"
    );
    drop(store);
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn restores_the_terminal_on_quit() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let mut tui = Tui::start(&dir, &["demo"], 30, 100);
    tui.wait_for("县人口和计划生育局");
    assert!(tui.parser.lock().unwrap().screen().alternate_screen());
    assert!(tui.parser.lock().unwrap().screen().bracketed_paste());
    tui.send(F10);
    let status = tui.wait_exit();
    assert!(status.success(), "F10 exits cleanly: {status:?}");
    let out = tui.all_output();
    if std::env::var_os("KAOCHA_PTY_SHOW").is_some() {
        let end = &out[out.len().saturating_sub(80)..];
        println!(
            "===== output ends with =====\n{:?}",
            String::from_utf8_lossy(end)
        );
    }

    let enter_alt = rfind(&out, b"\x1b[?1049h").expect("the alternate screen was used");
    let leave_alt = rfind(&out, b"\x1b[?1049l").expect("the alternate screen is left");
    assert!(leave_alt > enter_alt, "left after it was entered");
    let paste_on = rfind(&out, b"\x1b[?2004h").expect("bracketed paste was enabled");
    let paste_off = rfind(&out, b"\x1b[?2004l").expect("bracketed paste is disabled");
    assert!(paste_off > paste_on, "disabled after it was enabled");

    // Leaving the alternate screen is the last thing, but for showing the
    // cursor again (ratatui's Terminal does that when it is dropped).
    let tail = &out[leave_alt + b"\x1b[?1049l".len()..];
    let tail = String::from_utf8_lossy(tail).replace("\x1b[?25h", "");
    assert_eq!(tail, "", "output after leaving the alternate screen");

    let screen = tui.parser.lock().unwrap();
    assert!(!screen.screen().alternate_screen());
    assert!(!screen.screen().bracketed_paste());
}

#[test]
fn a_protected_key_is_asked_for_once_before_the_screens() {
    const PASS: &str = "考察口令2013";
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    let cli = |args: &[&str], pass: Option<&str>| {
        let mut cmd = std::process::Command::new(BIN);
        cmd.arg("--data-dir")
            .arg(&dir)
            .args(args)
            .env("KAOCHA_LANG", "zh")
            .env_remove("KAOCHA_DATA_DIR")
            .env_remove("KAOCHA_PASSPHRASE");
        if let Some(p) = pass {
            cmd.env("KAOCHA_PASSPHRASE", p);
        }
        let out = cmd.output().expect("run kaocha");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    cli(&["demo", "--no-tui"], None);
    cli(&["keys", "protect"], Some(PASS));
    let shown = cli(&["keys", "show"], None);
    let fp = shown
        .lines()
        .next()
        .and_then(|l| l.rsplit('：').next())
        .expect("the fingerprint")
        .trim()
        .to_string();

    let mut tui = Tui::start(&dir, &[], 30, 100);
    // Asked before the screens start, without echo; a wrong one is said so.
    tui.wait_for("密钥口令");
    assert!(!tui.parser.lock().unwrap().screen().alternate_screen());
    // The prompt is printed a moment before echo goes off; a person types
    // after that moment, and so does the test.
    tui.wait_until("echo off", WAIT, Tui::echo_off);
    tui.send("不对的口令\r");
    tui.wait_for("口令不对");
    tui.wait_until("echo off again", WAIT, Tui::echo_off);
    tui.send(&format!("{PASS}\r"));
    tui.wait_for("县人口和计划生育局");
    // Signing works for the rest of the session without asking again.
    tui.send("\x1b[15~");
    tui.wait_for(&format!("本机密钥指纹 {fp}"));
    let out = tmp.path().join("stick");
    std::fs::create_dir_all(&out).unwrap();
    // Enter opens the folder chooser; Tab goes to its path box; Enter
    // shows the folder typed, and Enter again exports there.
    tui.send(ENTER);
    tui.wait_for("保存到此文件夹");
    tui.send("\t");
    tui.wait_for("回到列表");
    tui.send(out.to_str().unwrap());
    tui.wait_for(out.to_str().unwrap());
    tui.send(ENTER);
    tui.wait_for(&format!("当前文件夹：{}", out.display()));
    tui.send(ENTER);
    tui.wait_for("已导出");
    tui.send(F10);
    assert!(tui.wait_exit().success());
    let raw = tui.all_output();
    for typed in [PASS, "不对的口令"] {
        assert!(
            rfind(&raw, typed.as_bytes()).is_none(),
            "{typed:?} was echoed to the terminal"
        );
    }
    let bundles: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(bundles.len(), 1, "one bundle exported");
    let bytes = std::fs::read(bundles[0].as_ref().unwrap().path()).unwrap();
    let env = kaocha::sync::bundle::open(&bytes).expect("a signed bundle");
    assert_eq!(kaocha::sync::keys::fingerprint(&env.header.origin.key), fp);
}

#[test]
fn a_key_left_locked_is_never_asked_for_inside_the_screens() {
    let tmp = tempdir();
    let dir = data_dir(&tmp);
    for (args, pass) in [
        (vec!["demo", "--no-tui"], None),
        (vec!["keys", "protect"], Some("考察口令2013")),
    ] {
        let mut cmd = std::process::Command::new(BIN);
        cmd.arg("--data-dir")
            .arg(&dir)
            .args(&args)
            .env("KAOCHA_LANG", "zh")
            .env_remove("KAOCHA_DATA_DIR")
            .env_remove("KAOCHA_PASSPHRASE");
        if let Some(p) = pass {
            cmd.env("KAOCHA_PASSPHRASE", p);
        }
        assert!(cmd.output().expect("run kaocha").status.success());
    }
    let mut tui = Tui::start(&dir, &[], 30, 100);
    // Three wrong passphrases: the screens start anyway, for data entry.
    for _ in 0..3 {
        tui.wait_until("a prompt", WAIT, |t| {
            t.screen().matches("密钥口令").count() > t.screen().matches("口令不对").count()
        });
        tui.send("不对的口令\r");
    }
    tui.wait_for("县人口和计划生育局");
    // Signing then says what to do instead of prompting over the screen.
    tui.send("\x1b[15~");
    tui.wait_for("本机密钥指纹");
    let out = tmp.path().join("stick");
    std::fs::create_dir_all(&out).unwrap();
    // Enter opens the folder chooser; Tab goes to its path box; Enter
    // shows the folder typed, and Enter again exports there.
    tui.send(ENTER);
    tui.wait_for("保存到此文件夹");
    tui.send("\t");
    tui.wait_for("回到列表");
    tui.send(out.to_str().unwrap());
    tui.wait_for(out.to_str().unwrap());
    tui.send(ENTER);
    tui.wait_for(&format!("当前文件夹：{}", out.display()));
    tui.send(ENTER);
    tui.wait_for("重新启动 kaocha");
    tui.sigkill();
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing exported"
    );
}
