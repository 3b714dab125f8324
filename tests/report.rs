//! Reports on the fixture campaign: the Markdown reports as insta snapshots,
//! the HTML page's figures and SVG, the XLSX read back with calamine, the
//! CSV's BOM and round trip; and the demo reported in every format, through
//! the library and through the `kaocha report` command.

mod analysis_fixture;

use std::io::Cursor;

use analysis_fixture::{GENERATED, build};
use calamine::{Data, Reader, Xlsx};
use kaocha::analysis::summary;
use kaocha::report::{self, Format, campaign_report, unit_report};

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn snapshot(name: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[id]",
    );
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[time]");
    settings.bind(|| insta::assert_snapshot!(name, value));
}

#[test]
fn markdown_reports_match_their_snapshots() {
    let f = build();
    let u1 = f.unit("u1");
    let md = text(
        unit_report(&f.campaign, &u1, Format::Markdown, GENERATED)
            .unwrap_or_else(|e| panic!("{e}")),
    );
    snapshot("unit_u1_markdown", &md);
    // The campaign report once every finding is accepted into the 问题清单.
    f.record_open(None);
    let units = f.units();
    let s = summary(&f.campaign, &units);
    let md = text(
        campaign_report(&s, &units, Format::Markdown, GENERATED).unwrap_or_else(|e| panic!("{e}")),
    );
    snapshot("campaign_markdown", &md);
}

/// Every `<tag …>` has its `</tag>` (or is `<tag …/>`), in order.
fn assert_balanced(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {xml}"));
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(open, name.trim(), "mismatched tags");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default();
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// The SVG blocks of a page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .unwrap_or_else(|| panic!("unclosed svg"));
        out.push(&rest[start..start + end + "</svg>".len()]);
        rest = &rest[start + end + 6..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("{name} missing in {tag}"))
        + key.len();
    let len = tag[start..].find('"').unwrap_or(0);
    &tag[start..start + len]
}

fn check_svg(svg: &str) {
    assert_balanced(svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let mut rects = 0;
    for part in svg.split("<rect").skip(1) {
        let tag = &part[..part.find("/>").unwrap_or_else(|| panic!("rect not closed"))];
        for a in ["x", "y", "width", "height"] {
            let v: f64 = attr(tag, a)
                .parse()
                .unwrap_or_else(|_| panic!("{a} of <rect{tag}"));
            assert!(v.is_finite() && v >= 0.0, "{a}={v}");
        }
        rects += 1;
    }
    assert!(rects > 0, "no bars in {svg}");
}

#[test]
fn html_holds_the_figures_and_valid_svg() {
    let f = build();
    f.record_open(None);
    let u1 = f.unit("u1");
    let html = text(
        unit_report(&f.campaign, &u1, Format::Html, GENERATED).unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    for figure in [
        "行政编制核定10名，实有12名，超编2名。",
        "部门领导职数核定3名，实配4名，超职数1名。",
        "内设机构“综合股”实有0人，有机构无人员。",
        "内设机构“信息中心”未经机构编制部门批准设立。",
        "11份有效问卷中，7份（63.6%）认为现有编制“紧张”或“严重不足”。",
        "<td class=\"n\">45.5%</td>",
        "一般工作人员（5人）",
        "其他/不分组（6人）",
        "总分 94.5 分，等次 A。",
        "<td class=\"n\">94.5</td>",
        "#人员紧张",
    ] {
        assert!(html.contains(figure), "{figure} missing");
    }
    let charts = svgs(&html);
    // 核定与实有, the 2 answered questionnaire items (q1, q2), the score chart
    assert_eq!(charts.len(), 4);
    charts.iter().for_each(|s| check_svg(s));
    // the q2 chart has bars of 9.1, 27.3, 45.5, 18.2 % of 360 px
    let q2 = charts
        .iter()
        .find(|s| s.contains("本单位现有编制能否满足工作需要"))
        .unwrap_or_else(|| panic!("q2 chart"));
    for w in ["32.8", "98.3", "163.8", "65.5"] {
        assert!(q2.contains(&format!("width=\"{w}\"")), "{w} in {q2}");
    }
    assert!(q2.contains("5 (45.5%)"));
    let body =
        &html[html.find("<body>").unwrap_or(0)..html.find("</body>").unwrap_or(html.len()) + 7];
    assert_balanced(body);

    let units = f.units();
    let s = summary(&f.campaign, &units);
    let html = text(
        campaign_report(&s, &units, Format::Html, GENERATED).unwrap_or_else(|e| panic!("{e}")),
    );
    for figure in [
        "<td>甲局</td>",
        "<td class=\"n\">94.5</td>",
        "<td>D</td>",
        "4 个（2 个单位）",
        "33.3%",
    ] {
        assert!(html.contains(figure), "{figure} missing");
    }
    let charts = svgs(&html);
    assert_eq!(charts.len(), 2); // findings by type, grades
    charts.iter().for_each(|s| check_svg(s));
    let body =
        &html[html.find("<body>").unwrap_or(0)..html.find("</body>").unwrap_or(html.len()) + 7];
    assert_balanced(body);
}

fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .unwrap_or_else(|e| panic!("{e}"));
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn find_row(r: &calamine::Range<Data>, pred: impl Fn(&[Data]) -> bool) -> Vec<Data> {
    r.rows()
        .find(|row| pred(row))
        .map(<[Data]>::to_vec)
        .unwrap_or_else(|| panic!("row not found"))
}

#[test]
fn xlsx_has_the_expected_sheets_and_cells() {
    let f = build();
    // Every automatic finding accepted into the 问题清单 (a summary counts
    // recorded findings; open ones have a column of their own).
    f.record_open(None);
    let units = f.units();
    let s = summary(&f.campaign, &units);
    let bytes =
        campaign_report(&s, &units, Format::Xlsx, GENERATED).unwrap_or_else(|e| panic!("{e}"));
    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wb.sheet_names(),
        ["汇总表", "问题分类", "等次分布", "问题明细"]
    );

    let sum = sheet(&bytes, "汇总表");
    assert_eq!(cell(&sum, 0, 0), Data::String("序号".into()));
    assert_eq!(cell(&sum, 0, 3), Data::String("行政编制核定".into()));
    assert_eq!(cell(&sum, 0, 12), Data::String("待确认".into()));
    assert_eq!(cell(&sum, 0, 15), Data::String("等次".into()));
    // 甲局: 10/12, 5/7, 2/2, 1/1, 11 findings, 0 to decide, 11
    // questionnaires, 94.5, A
    let row: Vec<Data> = (0..16).map(|c| cell(&sum, 1, c)).collect();
    assert_eq!(
        row,
        [
            Data::Float(1.0),
            Data::String("甲局".into()),
            Data::String("第一组".into()),
            Data::Float(10.0),
            Data::Float(12.0),
            Data::Float(5.0),
            Data::Float(7.0),
            Data::Float(2.0),
            Data::Float(2.0),
            Data::Float(1.0),
            Data::Float(1.0),
            Data::Float(11.0),
            Data::Float(0.0),
            Data::Float(11.0),
            Data::Float(94.5),
            Data::String("A".into()),
        ]
    );
    // 乙局's corrected admin quota; 丙中心 has no 实有 (empty cells)
    assert_eq!(
        (cell(&sum, 2, 3), cell(&sum, 2, 4)),
        (Data::Float(7.0), Data::Float(8.0))
    );
    assert_eq!(
        (cell(&sum, 3, 4), cell(&sum, 3, 14), cell(&sum, 3, 15)),
        (Data::Empty, Data::Float(58.0), Data::String("D".into()))
    );

    let cats = sheet(&bytes, "问题分类");
    assert_eq!(
        find_row(&cats, |r| r.first() == Some(&Data::String("超编".into())))[1..],
        [Data::Float(4.0), Data::Float(2.0)]
    );
    let grades = sheet(&bytes, "等次分布");
    let a = find_row(&grades, |r| r.first() == Some(&Data::String("A".into())));
    assert_eq!(a[1], Data::Float(1.0));
    assert!(
        matches!(a[2], Data::Float(p) if (p - 0.333).abs() < 1e-9),
        "{a:?}"
    );
    let all = sheet(&bytes, "问题明细");
    assert_eq!(all.height(), 1 + 17);

    // a unit's workbook: one sheet per section
    let u1 = f.unit("u1");
    let bytes =
        unit_report(&f.campaign, &u1, Format::Xlsx, GENERATED).unwrap_or_else(|e| panic!("{e}"));
    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wb.sheet_names(),
        [
            "基本情况",
            "核定与实有",
            "问题清单",
            "问卷统计",
            "访谈座谈",
            "评分"
        ]
    );
    let t = sheet(&bytes, "核定与实有");
    assert_eq!(
        (0..4).map(|c| cell(&t, 1, c)).collect::<Vec<_>>(),
        [
            Data::String("行政编制".into()),
            Data::Float(10.0),
            Data::Float(12.0),
            Data::Float(2.0)
        ]
    );
    let fs = sheet(&bytes, "问题清单");
    assert_eq!(fs.height(), 1 + 11);
    assert_eq!(
        (cell(&fs, 1, 3), cell(&fs, 1, 4)),
        (
            Data::String("已采纳".into()),
            Data::String("行政编制核定10名，实有12名，超编2名。".into())
        )
    );
    let q = sheet(&bytes, "问卷统计");
    assert_eq!(cell(&q, 0, 4), Data::String("一般工作人员（5人）".into()));
    let tight = find_row(&q, |r| r.get(1) == Some(&Data::String("紧张".into())));
    assert_eq!(tight[2], Data::Float(5.0));
    assert!(
        matches!(tight[3], Data::Float(p) if (p - 0.455).abs() < 1e-9),
        "{tight:?}"
    );
    assert_eq!(
        (tight[4].clone(), tight[6].clone()),
        (Data::Float(3.0), Data::Float(2.0))
    );
    let sc = sheet(&bytes, "评分");
    let total = find_row(&sc, |r| r.first() == Some(&Data::String("总分".into())));
    assert_eq!(total[2], Data::Float(94.5));
    let bonus = find_row(&sc, |r| {
        r.first() == Some(&Data::String("加分项合计".into()))
    });
    assert_eq!(
        (bonus[1].clone(), bonus[2].clone()),
        (Data::Float(5.0), Data::Float(5.0))
    );
    let grade = find_row(&sc, |r| r.first() == Some(&Data::String("等次".into())));
    assert_eq!(grade[2], Data::String("A".into()));
}

/// RFC 4180 records (quoted fields, doubled quotes, CRLF).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "trailing data"
    );
    records
}

#[test]
fn csv_has_a_bom_and_round_trips() {
    let f = build();
    let u1 = f.unit("u1");
    let bytes =
        unit_report(&f.campaign, &u1, Format::Csv, GENERATED).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let s = text(bytes);
    let records = parse_csv(s.trim_start_matches('\u{feff}'));
    // the same tables, cell for cell, as the report's sheets
    let mut expected = Vec::new();
    for (i, sheet) in report::unit_sheets(&f.campaign, &u1, GENERATED)
        .iter()
        .enumerate()
    {
        if i > 0 {
            expected.push(vec![String::new()]);
        }
        expected.push(vec![sheet.name.clone()]);
        expected.push(sheet.header.clone());
        expected.extend(
            sheet
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.display()).collect()),
        );
    }
    assert_eq!(records, expected);
    // a finding's evidence has two lines in one quoted field
    let talk = records
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "人员紧张") && r[4].contains("访谈"))
        .unwrap_or_else(|| panic!("talk"));
    assert_eq!(talk[6].lines().count(), 2);

    let units = f.units();
    let s = summary(&f.campaign, &units);
    let csv =
        text(campaign_report(&s, &units, Format::Csv, GENERATED).unwrap_or_else(|e| panic!("{e}")));
    assert!(csv.starts_with("\u{feff}汇总表\r\n序号,被评估单位,考核组,行政编制核定"));
    let records = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(
        records[2],
        [
            "1",
            "甲局",
            "第一组",
            "10",
            "12",
            "5",
            "7",
            "2",
            "2",
            "1",
            "1",
            "0",
            "11",
            "11",
            "94.5",
            "A"
        ]
    );
    assert_eq!(records[4][..5], ["3", "丙中心", "", "5", ""]);
}

#[test]
fn demo_reports_in_every_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ws =
        kaocha::app::workspace::Workspace::open(dir.path(), None).unwrap_or_else(|e| panic!("{e}"));
    kaocha::app::demo::seed(&ws.store).unwrap_or_else(|e| panic!("{e}"));
    let campaign = ws.campaign().unwrap_or_else(|e| panic!("{e}"));
    let rules = kaocha::analysis::Rules::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let units =
        report::analyse_campaign(&ws.store, &campaign, &rules).unwrap_or_else(|e| panic!("{e}"));
    let s = summary(&campaign, &units);
    for format in [Format::Markdown, Format::Html, Format::Xlsx, Format::Csv] {
        for u in &units {
            let bytes =
                unit_report(&campaign, u, format, GENERATED).unwrap_or_else(|e| panic!("{e}"));
            assert!(!bytes.is_empty());
        }
        let bytes =
            campaign_report(&s, &units, format, GENERATED).unwrap_or_else(|e| panic!("{e}"));
        assert!(!bytes.is_empty());
    }
    let ajj = units
        .iter()
        .find(|u| u.unit.name == "县安监局")
        .unwrap_or_else(|| panic!("安监局"));
    let md = text(
        unit_report(&campaign, ajj, Format::Markdown, GENERATED).unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(
        md.contains("【超编】行政编制超编")
            && md.contains("【超职数配备领导干部】部门领导超职数配备")
    );
    let kjj = units
        .iter()
        .find(|u| u.unit.name == "县科技局")
        .unwrap_or_else(|| panic!("科技局"));
    let md = text(
        unit_report(&campaign, kjj, Format::Markdown, GENERATED).unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(md.contains("内设机构“科技情报所”实有0人"));
}

#[test]
fn report_command_writes_files_atomically() {
    let bin = env!("CARGO_BIN_EXE_kaocha");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env("KAOCHA_DATA_DIR", &data)
            .env("KAOCHA_LANG", "zh")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(run(&["demo", "--no-tui"]).status.success());
    // a bare file name, the format from its extension
    let out = run(&["report", "unit", "县安监局", "-o", "安监局.html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已写出报告：安监局.html"));
    let html = std::fs::read_to_string(dir.path().join("安监局.html")).unwrap_or_default();
    assert!(html.contains("行政编制核定12名，实有14名，超编2名。"));
    let out = run(&["report", "campaign", "--format", "xlsx", "-o", "汇总.bin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(dir.path().join("汇总.bin"))
            .unwrap_or_default()
            .starts_with(b"PK")
    );
    // no temp files left beside them
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");
    // an unknown format or a missing folder is an error, nothing is written
    let out = run(&["report", "campaign", "-o", "汇总.pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
    let out = run(&["report", "campaign", "-o", "no/such/dir/x.md"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法写出报告"));
    // findings as JSON
    let out = run(&["findings", "--unit", "县科技局", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(v["findings"][0]["category"], "空壳机构");
    assert_eq!(v["findings"][0]["numbers"]["name"], "科技情报所");
    assert_eq!(v["gaps"], serde_json::json!([]));
}
