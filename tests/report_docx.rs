//! The Word documents, written through the real binary and read back from
//! the package's XML: a unit's 评估报告, the 汇总报告, the 问题反馈函, a
//! blank paper form and an entry's page. Each shares the house style
//! (A4, `第 X 页` from a PAGE field, 黑体 headings, 仿宋 body with its
//! fallback, header rows repeated on every page, rows that never split),
//! carries the content the Markdown report has, and its text is a
//! snapshot.

mod analysis_fixture;
mod common;
mod county_fixture;
#[path = "common/docx.rs"]
mod docx;

use std::path::{Path, PathBuf};

use common::{Kaocha, kaocha};
use docx::{Docx, assert_header_repeats};
use kaocha::analysis::FindingState;
use kaocha::app::workspace::Workspace;

/// Runs `kaocha ARGS -o NAME` on `dir` and reads the document written.
#[track_caller]
fn write(dir: &Path, lang: &str, args: &[&str], out: &Path) -> Docx {
    let mut all: Vec<&str> = args.to_vec();
    let path = out.to_str().unwrap();
    all.extend(["-o", path]);
    kaocha(dir, lang, &all).ok();
    Docx::read(out)
}

/// The document's text, one paragraph a line, with times filtered.
fn snapshot(name: &str, lines: &[String]) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[time]");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[id]",
    );
    settings.bind(|| insta::assert_snapshot!(name, lines.join("\n")));
}

/// Asserts that every heading of `level` is set in 黑体 and returns their
/// texts.
#[track_caller]
fn headings(d: &Docx, level: u8) -> Vec<String> {
    let hs = d.headings(level);
    for h in &hs {
        assert!(
            h.in_font("黑体"),
            "heading {:?} is not in 黑体: {}",
            h.text,
            h.xml
        );
    }
    hs.into_iter().map(|h| h.text).collect()
}

/// Asserts the title: the first paragraph, centred, in 方正小标宋简体.
#[track_caller]
fn assert_title(d: &Docx, title: &str) {
    let first = d.paras().into_iter().next().unwrap();
    assert_eq!(first.text, title);
    assert!(first.in_font("方正小标宋简体"), "{}", first.xml);
    assert!(
        first.xml.contains(r#"<w:jc w:val="center" />"#),
        "{}",
        first.xml
    );
    assert!(
        d.fonts
            .contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体" />"#),
        "{}",
        d.fonts
    );
}

#[test]
fn the_unit_report_lays_out_every_part_as_a_document() {
    let f = analysis_fixture::build();
    // One finding accepted into the 问题清单, the others left open.
    let a = f.unit("u1");
    let first = a
        .findings
        .iter()
        .find(|x| x.state == FindingState::Open)
        .unwrap();
    let form = f.ws.latest_form("findings").unwrap();
    f.ws.record_finding(&f.campaign, &a.unit, form, first, None)
        .unwrap();
    let dir = f.into_dir();
    let out = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "zh",
        &["report", "unit", "甲局"],
        &out.path().join("u.docx"),
    );

    d.assert_house_style();
    assert_title(&d, "甲局评估情况报告");
    assert_eq!(
        headings(&d, 0),
        [
            "一、核定与实有",
            "二、发现的问题",
            "三、个别访谈与座谈",
            "四、调查问卷统计",
            "五、评分与等次"
        ]
    );
    let subs = headings(&d, 1);
    let accepted = kaocha::i18n::a_state_accepted();
    assert_eq!(
        subs[0],
        format!("1. 【超编】行政编制超编（较重）·{accepted}")
    );
    assert!(subs.iter().any(|s| s.contains("张三")), "digest: {subs:?}");
    assert!(
        subs.iter().any(|s| s.starts_with("2. 本单位现有编制")),
        "tally: {subs:?}"
    );

    // 核定与实有: a header row repeated on every page, then its 8 lines.
    let table = d.table_headed(&["项目", "核定", "实有", "差额"]);
    assert_header_repeats(&table);
    assert_eq!(table.rows.len(), 9, "{:?}", table.cells());
    assert_eq!(table.rows[1].cells, ["行政编制", "10", "12", "2"]);
    // Every table but the overview (labels and values) has its header.
    let tables = d.tables();
    assert!(tables.len() >= 5, "{}", tables.len());
    for t in tables.iter().skip(1) {
        assert_header_repeats(t);
    }
    // The overview counts the recorded finding apart from the open ones.
    let overview = &tables[0];
    assert!(
        overview.cells().contains(&vec![
            "问题".to_string(),
            "问题清单记录 1 个，自动发现待确认 10 个".to_string()
        ]),
        "{:?}",
        overview.cells()
    );
    let texts = d.texts();
    for line in [
        "事实描述：行政编制核定10名，实有12名，超编2名。",
        "· 《机构编制评估调查登记表》测试县甲局",
        "访谈对象姓名：张三",
        "总分 94.5 分，等次 A。",
    ] {
        assert!(texts.iter().any(|t| t == line), "{line} not in {texts:#?}");
    }
    snapshot("docx_unit_u1", &d.lines());
}

#[test]
fn the_unit_report_names_its_parent_and_the_rules_it_could_not_decide() {
    let dir = county_fixture::build().into_dir();
    let out = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "zh",
        &["report", "unit", "县农业技术推广中心"],
        &out.path().join("njz.docx"),
    );
    let overview = d.tables().into_iter().next().unwrap().cells();
    assert!(
        overview.contains(&vec!["上级单位".to_string(), "县农业农村局".to_string()]),
        "{overview:?}"
    );
    assert!(headings(&d, 1).contains(&"无法判断".to_string()));
    assert!(
        d.texts()
            .iter()
            .any(|t| t.starts_with("· 无法判断“行政编制超编”：缺少行政编制核定数")),
        "{:#?}",
        d.texts()
    );
}

#[test]
fn the_summary_has_a_row_per_unit_under_a_repeated_header() {
    let f = analysis_fixture::build();
    f.record_open(None);
    let dir = f.into_dir();
    let out = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "zh",
        &["report", "campaign"],
        &out.path().join("c.docx"),
    );
    d.assert_house_style();
    assert!(d.is_landscape(), "sixteen columns print across the page");
    assert_title(&d, "2024年测试县机构编制评估（测试）汇总表");
    assert_eq!(
        headings(&d, 0),
        [
            "一、各单位汇总",
            "二、问题分类统计",
            "三、等次分布",
            "四、问题明细"
        ]
    );
    let tables = d.tables();
    assert_eq!(tables.len(), 4);
    for t in &tables {
        assert_header_repeats(t);
    }
    let summary = &tables[0];
    assert_eq!(summary.rows.len(), 1 + 3, "{:?}", summary.cells());
    assert_eq!(summary.rows[0].cells.len(), 16);
    let names: Vec<&str> = summary.rows[1..]
        .iter()
        .map(|r| r.cells[1].as_str())
        .collect();
    assert_eq!(names, ["甲局", "乙局", "丙中心"]);
    // Findings by category: one row per category, as in the other formats.
    assert_eq!(tables[1].rows.len(), 1 + 9);
    // Every finding, one row each.
    assert_eq!(tables[3].rows.len(), 1 + 17);
    snapshot("docx_campaign", &d.lines());
}

#[test]
fn the_summary_carries_the_warning_line_and_the_parent_column() {
    let dir = county_fixture::build().into_dir();
    let out = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "zh",
        &["report", "campaign"],
        &out.path().join("c.docx"),
    );
    assert!(
        d.texts()
            .iter()
            .any(|t| t == "另有 1 个单位缺少核定数，1 项规则无法判断（各单位的“无法判断”列）。"),
        "{:#?}",
        d.texts()
    );
    let summary = d.tables().into_iter().next().unwrap();
    let header = &summary.rows[0].cells;
    assert!(header.contains(&"上级单位".to_string()), "{header:?}");
    assert!(header.contains(&"无法判断".to_string()), "{header:?}");
}

/// The demo, with 县安监局's findings in every state: 超编 accepted and
/// given a deadline, 超职数 dismissed, 混岗混编 left open, one finding
/// recorded by hand with its own deadline, and one recorded by hand and
/// deleted.
fn demo_with_findings() -> Kaocha {
    let k = Kaocha::demo("zh");
    {
        let ws = Workspace::open(k.dir(), Some(common::USER.into())).unwrap();
        let campaign = ws.campaign().unwrap();
        let unit = ws.unit(&campaign, "县安监局").unwrap();
        let rules = kaocha::analysis::Rules::builtin().unwrap();
        let a = kaocha::report::analyse_unit(&ws.store, &campaign, &unit, &rules).unwrap();
        let rule = |r: &str| a.findings.iter().find(|f| f.rule == r).unwrap();
        let form = ws.latest_form("findings").unwrap();
        let accepted = ws
            .record_finding(&campaign, &unit, form, rule("overstaff_admin"), None)
            .unwrap();
        let sets = [
            (
                "rectify_req".to_string(),
                "按“先出后进”消化超编人员".to_string(),
            ),
            ("rectify_deadline".to_string(), "2014-03-31".to_string()),
        ];
        ws.set_answers(&accepted, &sets, None).unwrap();
        ws.record_finding(
            &campaign,
            &unit,
            form,
            rule("overlead_dept"),
            Some("已报批增加职数"),
        )
        .unwrap();
    }
    k.new_entry(
        "县安监局",
        "findings",
        "finding_type=unauth_body facts=擅自设立“应急指挥中心” basis=东政办发〔2010〕31号 \
         rectify_req=撤销未经批准设立的机构 rectify_deadline=2014-06-30",
    );
    let deleted = k.new_entry(
        "县安监局",
        "findings",
        "finding_type=other facts=已删除的问题",
    );
    k.run(["entry", "delete", &deleted, "--reason", "重复记录"])
        .ok();
    k
}

#[test]
fn the_letter_lists_only_the_recorded_findings_numbered_with_their_deadlines() {
    let k = demo_with_findings();
    let out = tempfile::tempdir().unwrap();
    let d = write(
        k.dir(),
        "zh",
        &["report", "letter", "县安监局"],
        &out.path().join("l.docx"),
    );
    d.assert_house_style();
    assert_title(&d, "关于反馈县安监局机构编制评估发现问题的函");
    assert_eq!(headings(&d, 0), ["一、超编", "二、擅自设立机构"]);
    let texts = d.texts();
    assert_eq!(texts[1], "县安监局：");
    assert!(
        texts[2].starts_with("根据2013年东阿县政府部门机构编制评估（演示）工作安排，2013年"),
        "{}",
        texts[2]
    );
    for line in [
        "事实描述：行政编制核定12名，实有14名，超编2名。",
        "整改要求：按“先出后进”消化超编人员",
        "整改期限：2014年3月31日前",
        "事实描述：擅自设立“应急指挥中心”",
        "依据：东政办发〔2010〕31号",
        "整改期限：2014年6月30日前",
        "请你单位高度重视，对照上述问题逐项认真整改，并于2014年6月30日前将整改情况书面报告我办。",
        "东阿县机构编制委员会办公室",
    ] {
        assert!(texts.iter().any(|t| t == line), "{line} not in {texts:#?}");
    }
    // Neither the dismissed, nor the open, nor the deleted one.
    let all = texts.join("\n");
    for absent in [
        "超职数",
        "部门领导职数",
        "混岗混编",
        "有2名事业编制人员",
        "已删除的问题",
    ] {
        assert!(!all.contains(absent), "{absent} in the letter:\n{all}");
    }
    // Signed and dated last, on the right.
    let paras: Vec<_> = d
        .paras()
        .into_iter()
        .filter(|p| !p.text.is_empty())
        .collect();
    let [.., office, date] = paras.as_slice() else {
        panic!()
    };
    assert_eq!(office.text, "东阿县机构编制委员会办公室");
    assert!(
        date.xml.contains(r#"<w:jc w:val="right" />"#),
        "{}",
        date.xml
    );
    assert!(
        date.text.ends_with('日') && date.text.contains('年'),
        "{}",
        date.text
    );
    let mut lines = d.lines();
    if let Some(last) = lines.last_mut() {
        *last = "[date]".into();
    }
    snapshot("docx_letter", &lines);

    // --office signs for another office; md and html carry the same.
    let md_path = out.path().join("l.md");
    k.run([
        "report",
        "letter",
        "县安监局",
        "--office",
        "东阿县考核委办公室",
        "-o",
        md_path.to_str().unwrap(),
    ])
    .ok();
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        md.starts_with("# 关于反馈县安监局机构编制评估发现问题的函"),
        "{md}"
    );
    assert!(
        md.contains("## 二、擅自设立机构") && md.contains("东阿县考核委办公室"),
        "{md}"
    );
    assert!(!md.contains("混岗混编"), "{md}");
}

#[test]
fn a_unit_without_a_recorded_finding_gets_no_letter() {
    let k = demo_with_findings();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("l.docx");
    let o = k
        .run(["report", "letter", "县科技局", "-o", path.to_str().unwrap()])
        .failed();
    // 县科技局 has an open finding, none recorded.
    o.stderr_has(&["县科技局没有问题清单记录的问题，不写问题反馈函"]);
    assert!(!path.exists());
    let o = kaocha(
        k.dir(),
        "en",
        ["report", "letter", "县科技局", "-o", path.to_str().unwrap()],
    )
    .failed();
    o.stderr_has(&["县科技局 has no finding recorded"]);
    // A table format is refused, naming what a letter can be.
    let xlsx = out.path().join("l.xlsx");
    k.run(["report", "letter", "县安监局", "-o", xlsx.to_str().unwrap()])
        .failed()
        .stderr_has(&["记录全文和问题反馈函可写成 md、html 或 docx"]);
    assert!(!xlsx.exists());
}

fn form_json(k: &Kaocha, id: &str) -> serde_json::Value {
    k.run(["forms", "show", id, "--json"]).ok().json()
}

#[test]
fn a_blank_form_has_every_section_and_item_with_space_to_write() {
    let k = Kaocha::demo("zh");
    let out = tempfile::tempdir().unwrap();
    let d = write(
        k.dir(),
        "zh",
        &["forms", "print", "jgbz.registration"],
        &out.path().join("f.docx"),
    );
    d.assert_house_style();
    let form = form_json(&k, "jgbz.registration");
    assert_title(&d, form["title"].as_str().unwrap());
    let sections: Vec<&str> = form["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(headings(&d, 0), sections);
    let texts = d.texts();
    // Every item's label is there (notes as text, the rest as labels).
    for section in form["sections"].as_array().unwrap() {
        for item in section["items"].as_array().unwrap() {
            let label = item["label"].as_str().unwrap();
            assert!(
                texts.iter().any(|t| t.starts_with(label)),
                "{label} missing"
            );
        }
    }
    // A choice offers a box per option.
    let level = texts
        .iter()
        .position(|t| t.starts_with("机构规格"))
        .unwrap();
    assert_eq!(
        texts[level + 1],
        "☐ 正处级　　☐ 副处级　　☐ 正科级　　☐ 副科级　　☐ 股级"
    );
    // A hint, in small text right under its label.
    let hint = d
        .paras()
        .into_iter()
        .find(|p| p.text == "填写全称，与“三定”规定一致。")
        .unwrap();
    assert!(hint.xml.contains(r#"<w:sz w:val="18" />"#), "{}", hint.xml);
    // 内设机构: the repeat's columns as a repeated header over empty rows.
    let bodies = form["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .find(|i| i["type"] == "repeat")
        .unwrap();
    let columns: Vec<&str> = bodies["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] != "note")
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    let table = d.table_headed(&columns);
    assert_header_repeats(&table);
    assert_eq!(table.rows.len(), 1 + 5);
    assert!(
        table.rows[1..]
            .iter()
            .all(|r| r.cells.iter().all(String::is_empty))
    );
    // A text item gets an empty bordered box.
    let boxes = d.tables().into_iter().filter(|t| t.rows.len() == 1).count();
    assert!(boxes >= 5, "{boxes}");
    snapshot("docx_blank_registration", &d.lines());
}

#[test]
fn a_blank_form_is_word_only() {
    let k = Kaocha::demo("zh");
    let out = tempfile::tempdir().unwrap();
    let pdf: PathBuf = out.path().join("f.pdf");
    k.run([
        "forms",
        "print",
        "jgbz.registration",
        "-o",
        pdf.to_str().unwrap(),
    ])
    .failed()
    .stderr_has(&["纸质表只能写成 Word 文件（.docx）"]);
    assert!(!pdf.exists());
    k.run(["forms", "print", "no.such.form", "-o", "x.docx"])
        .failed();
}

#[test]
fn the_entry_page_is_written_in_the_same_style() {
    let k = Kaocha::demo("zh");
    let out = tempfile::tempdir().unwrap();
    let d = write(
        k.dir(),
        "zh",
        &["report", "entry", common::harness::AJJ_REGISTRATION],
        &out.path().join("e.docx"),
    );
    d.assert_house_style();
    assert_title(&d, "《机构编制评估调查登记表》东阿县安全生产监督管理局");
    let sections = headings(&d, 0);
    assert_eq!(sections.first().map(String::as_str), Some("基本情况"));
    let bodies = d
        .tables()
        .into_iter()
        .find(|t| {
            t.rows
                .first()
                .is_some_and(|r| r.cells.first().map(String::as_str) == Some("机构名称"))
        })
        .unwrap();
    assert_header_repeats(&bodies);
    snapshot("docx_entry_ajj", &d.lines());
}
