//! An entry as a printable page (issue 14, "review while entering"): Ctrl+P
//! on the form shows the whole entry read-only, what was being typed
//! included; `kaocha report entry ID` writes the same page as Markdown,
//! HTML or Word, and refuses a table format.

mod common;

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw};
use kaocha::tui::action::Cmd;
use kaocha::tui::model::Popup;

fn page_lines(h: &Harness) -> Vec<String> {
    match &h.model.popup {
        Some(Popup::Page(v)) => v.lines.clone(),
        other => panic!("no page popup: {other:?}"),
    }
}

#[test]
fn ctrl_p_shows_the_whole_entry_with_what_is_being_typed() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("filler", None);
    h.cmd(Cmd::Clear);
    h.type_text("李四");
    h.cmd(Cmd::Page);
    let lines = page_lines(&h);
    assert_eq!(
        lines[0],
        "《机构编制评估调查登记表》东阿县安全生产监督管理局"
    );
    for line in [
        "被评估单位：县安监局",
        "状态：草稿",
        "【编制与人员】",
        "行政编制实有人数：14 人",
        "机构规格：正科级",
        "填表人：李四",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line} not in {lines:#?}");
    }
    // A repeat table: its row count, then one line per row.
    let bodies = lines
        .iter()
        .position(|l| l.starts_with("内设机构："))
        .unwrap();
    assert!(
        lines[bodies + 1].starts_with("  1. 机构名称 "),
        "{lines:#?}"
    );
    // No row or entry id anywhere.
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("0190e1c4") || l.contains("[r"))
    );
    // Drawn over the form; End reaches the last line; Esc closes it.
    let screen = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(screen.contains("记录全文"), "{screen}");
    h.cmd(Cmd::End);
    let screen = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    let last = lines.iter().rev().find(|l| !l.is_empty()).unwrap();
    let tail: String = last.chars().take(12).collect();
    assert!(screen.contains(&tail), "{tail} not at the end:\n{screen}");
    h.cmd(Cmd::Back);
    assert!(h.model.popup.is_none());
    assert_eq!(h.form().entry.id, AJJ_REGISTRATION);
}

fn kaocha(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaocha"))
        .arg("--data-dir")
        .arg(dir)
        .args(["--lang", "zh"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_writes_the_page_as_markdown_html_and_word_and_refuses_a_table() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    assert!(kaocha(&dir, &["demo", "--no-tui"]).status.success());
    let out = |name: &str| tmp.path().join(name);
    for name in ["e.md", "e.html", "e.docx"] {
        let o = kaocha(
            &dir,
            &[
                "report",
                "entry",
                AJJ_REGISTRATION,
                "-o",
                out(name).to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{o:?}");
    }
    let md = std::fs::read_to_string(out("e.md")).unwrap();
    assert!(md.starts_with("# 《机构编制评估调查登记表》东阿县安全生产监督管理局"));
    assert!(md.contains("- **行政编制实有人数**：14 人"), "{md}");
    assert!(md.contains("| 机构名称 |"), "{md}");
    let html = std::fs::read_to_string(out("e.html")).unwrap();
    assert!(
        html.contains("<th>行政编制实有人数</th><td>14 人</td>"),
        "{html}"
    );
    let docx = docx_rs::read_docx(&std::fs::read(out("e.docx")).unwrap()).unwrap();
    let json = docx.json();
    for text in [
        "东阿县安全生产监督管理局",
        "行政编制实有人数",
        "14 人",
        "机构名称",
    ] {
        assert!(json.contains(text), "{text} not in the Word file");
    }
    // A table format is refused, with the formats that work, and no file.
    let o = kaocha(
        &dir,
        &[
            "report",
            "entry",
            AJJ_REGISTRATION,
            "-o",
            out("e.xlsx").to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("md、html 或 docx"), "{err}");
    assert!(!out("e.xlsx").exists());
}
