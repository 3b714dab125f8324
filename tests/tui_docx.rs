//! The screens write the Word documents too: the unit screen's `x` writes
//! the unit's report as .docx beside the other formats, and its 问题反馈函
//! when the 问题清单 records a finding (only then); 汇总's `x` writes the
//! summary as .docx. Driven through the effect the folder chooser sends.

mod common;
#[path = "common/docx.rs"]
mod docx;

use common::harness::{Harness, flash};
use docx::Docx;
use kaocha::analysis::FindingState;
use kaocha::tui::action::Effect;

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Accepts 县安监局's open 超编 finding into the 问题清单.
fn accept_overstaff(h: &Harness) {
    let ws = &h.app.ws;
    let campaign = ws.campaign().unwrap();
    let unit = ws.unit(&campaign, "u-ajj").unwrap();
    let rules = kaocha::analysis::Rules::builtin().unwrap();
    let a = kaocha::report::analyse_unit(&ws.store, &campaign, &unit, &rules).unwrap();
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "overstaff_admin" && f.state == FindingState::Open)
        .unwrap();
    let form = ws.latest_form("findings").unwrap();
    ws.record_finding(&campaign, &unit, form, f, None).unwrap();
}

#[test]
fn the_unit_screen_writes_the_letter_beside_the_report_once_a_finding_is_recorded() {
    let mut h = Harness::demo();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().display().to_string();
    h.open_ajj();
    // Open findings only: the report, no letter.
    h.effect(Effect::ExportReports {
        folder: folder.clone(),
        unit: Some("u-ajj".into()),
    });
    let written = files_in(out.path());
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(
        !written.iter().any(|n| n.contains("问题反馈函")),
        "{written:?}"
    );
    let report = written.iter().find(|n| n.ends_with(".docx")).unwrap();
    let d = Docx::read(&out.path().join(report));
    assert_eq!(d.texts()[0], "县安监局评估情况报告");

    accept_overstaff(&h);
    let again = tempfile::tempdir().unwrap();
    h.effect(Effect::ExportReports {
        folder: again.path().display().to_string(),
        unit: Some("u-ajj".into()),
    });
    let written = files_in(again.path());
    assert_eq!(written.len(), 5, "{written:?}");
    let letter = written
        .iter()
        .find(|n| n.starts_with("kaocha-县安监局-问题反馈函-") && n.ends_with(".docx"))
        .unwrap_or_else(|| panic!("no letter in {written:?}"));
    let d = Docx::read(&again.path().join(letter));
    let texts = d.texts();
    assert_eq!(texts[0], "关于反馈县安监局机构编制评估发现问题的函");
    assert!(texts.contains(&"一、超编".to_string()), "{texts:#?}");
    assert!(flash(&h).contains(letter.as_str()), "{}", flash(&h));
}

#[test]
fn the_summary_writes_its_word_document_too() {
    let mut h = Harness::demo();
    let out = tempfile::tempdir().unwrap();
    h.effect(Effect::LoadSummary);
    h.effect(Effect::ExportReports {
        folder: out.path().display().to_string(),
        unit: None,
    });
    let written = files_in(out.path());
    let docx = written
        .iter()
        .find(|n| n.starts_with("kaocha-summary-") && n.ends_with(".docx"))
        .unwrap_or_else(|| panic!("no .docx in {written:?}"));
    let d = Docx::read(&out.path().join(docx));
    d.assert_house_style();
    let summary = d.tables().into_iter().next().unwrap();
    // The demo's five units under the header.
    assert_eq!(summary.rows.len(), 1 + 5);
    docx::assert_header_repeats(&summary);
}
