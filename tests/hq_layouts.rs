//! Unit lists laid out as county offices really lay them out (issue 15, in
//! part), through the real binary: subtotal, total and section rows in any
//! column are skipped and listed, names typed with spaces, half-width
//! brackets or line breaks are one unit, and a team written short is met
//! with the team it most likely means, never with advice that would make a
//! wrong team.

mod common;

use std::path::{Path, PathBuf};

use common::{Kaocha, Out};
use serde_json::Value;

const HEADER: &[&str] = &["序号", "单位名称", "机构规格", "行政编制", "考核组"];

fn csv(dir: &Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let path = dir.join(name);
    let mut text = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    (*c).to_string()
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn hq() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2024年东阿县机构编制评估",
        "--kind",
        "jgbz",
        "--year",
        "2024",
    ])
    .ok();
    k.run(["teams", "add", "第一组"]).ok();
    k.run(["teams", "add", "第二组"]).ok();
    k
}

fn import(k: &Kaocha, file: &Path, extra: &[&str]) -> Out {
    let mut args = vec!["units", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    k.run(args)
}

/// (name, admin quota, team name) of every unit.
fn units(k: &Kaocha) -> Vec<(String, Option<u64>, Option<String>)> {
    let c: Value = k.run(["campaign", "show", "--json"]).ok().json();
    let teams = c["teams"].as_array().cloned().unwrap_or_default();
    let team_name = |id: &Value| {
        teams
            .iter()
            .find(|t| t["id"] == *id)
            .and_then(|t| t["name"].as_str())
            .map(str::to_string)
    };
    c["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["baseline"]["admin_quota"].as_u64(),
                team_name(&u["team"]),
            )
        })
        .collect()
}

#[test]
fn subtotal_total_and_section_rows_in_any_column_are_skipped_and_listed() {
    let k = hq();
    let file = csv(
        k.dir(),
        "单位名单.csv",
        &[
            HEADER,
            &["", "一、党委工作部门", "", "", ""],
            &["1", "县委办公室", "正科级", "12", "第一组"],
            &["小计", "", "", "12", ""],
            &["", "政府工作部门", "", "", ""],
            &["", "其中：行政机关", "", "", ""],
            &["2", "县审计局", "正科级", "15", "第二组"],
            &["3", "县统计局", "正科级", "8", "第二组"],
            &["", "小　计", "", "23", ""],
            &["", "县直合计", "", "35", ""],
            &["", "总  计", "", "35", ""],
        ],
    );
    let out = import(&k, &file, &["--json"]).ok();
    let report = out.json();
    assert_eq!(
        report["sheets"][0]["skipped_rows"],
        serde_json::json!([2, 4, 5, 6, 9, 10, 11]),
        "{report}"
    );
    assert_eq!(
        units(&k),
        [
            (
                "县委办公室".to_string(),
                Some(12),
                Some("第一组".to_string())
            ),
            ("县审计局".to_string(), Some(15), Some("第二组".to_string())),
            ("县统计局".to_string(), Some(8), Some("第二组".to_string())),
        ]
    );
}

#[test]
fn a_name_typed_with_spaces_brackets_or_a_line_break_is_one_unit() {
    let k = hq();
    let first = csv(
        k.dir(),
        "a.csv",
        &[
            HEADER,
            &["1", "县 审 计 局", "正科级", "15", "第一组"],
            &[
                "2",
                "县人口和计划生育局\n(县计生委)",
                "正科级",
                "9",
                "第一组",
            ],
        ],
    );
    import(&k, &first, &[]).ok();
    // A second file writes them the other way: the same two units, updated.
    let second = csv(
        k.dir(),
        "b.csv",
        &[
            HEADER,
            &["1", "县审计局", "正科级", "16", "第一组"],
            &[
                "2",
                "县人口和计划生育局（县计生委）",
                "正科级",
                "10",
                "第一组",
            ],
        ],
    );
    import(&k, &second, &[]).ok();
    assert_eq!(
        units(&k),
        [
            ("县审计局".to_string(), Some(16), Some("第一组".to_string())),
            (
                "县人口和计划生育局（县计生委）".to_string(),
                Some(10),
                Some("第一组".to_string())
            ),
        ]
    );
}

#[test]
fn a_team_written_short_is_met_with_the_team_it_means_and_nothing_is_written() {
    let k = hq();
    let file = csv(
        k.dir(),
        "c.csv",
        &[HEADER, &["1", "县审计局", "正科级", "15", "一组"]],
    );
    let out = import(&k, &file, &[]).failed();
    out.stderr_has(&["一组", "是指“第一组”吗"]);
    assert!(
        !out.stderr.contains("teams add"),
        "advice that would make a wrong team"
    );
    assert!(units(&k).is_empty());
}

#[test]
fn a_cell_merged_down_over_several_units_is_each_ones() {
    let k = hq();
    let path = k.dir().join("merged.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (n, name, quota)) in [(1, "县审计局", 15), (2, "县统计局", 8), (3, "县科技局", 6)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_number(r, 0, f64::from(n)).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_number(r, 3, f64::from(quota)).unwrap();
    }
    // 机构规格 merged over all three, 考核组 over the first two.
    ws.merge_range(1, 2, 3, 2, "正科级", &plain).unwrap();
    ws.merge_range(1, 4, 2, 4, "第二组", &plain).unwrap();
    book.save(&path).unwrap();
    import(&k, &path, &[]).ok();
    assert_eq!(
        units(&k),
        [
            ("县审计局".to_string(), Some(15), Some("第二组".to_string())),
            ("县统计局".to_string(), Some(8), Some("第二组".to_string())),
            ("县科技局".to_string(), Some(6), None),
        ]
    );
    let c: Value = k.run(["campaign", "show", "--json"]).ok().json();
    let levels: Vec<&str> = c["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["baseline"]["level"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(levels, ["zk", "zk", "zk"]);
}

#[test]
fn a_instructions_sheet_before_the_list_is_passed_over() {
    let k = hq();
    let path = k.dir().join("wps.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let help = book.add_worksheet();
    help.set_name("填表说明").unwrap();
    for (r, (a, b)) in [
        ("栏目", "填写要求"),
        ("单位名称", "填写全称，不用简称"),
        ("规格", "正科级、副科级等"),
        ("行政编制数", "填写核定数"),
        ("考核组", "填写组名"),
    ]
    .into_iter()
    .enumerate()
    {
        help.write_string(r as u32, 0, a).unwrap();
        help.write_string(r as u32, 1, b).unwrap();
    }
    let data = book.add_worksheet();
    data.set_name("单位名单").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        data.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in [
        ["1", "县审计局", "正科级", "15", "第一组"],
        ["2", "县统计局", "正科级", "8", "第二组"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            data.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let report = import(&k, &path, &["--json"]).ok().json();
    assert_eq!(report["sheets"][0]["sheet"], "单位名单", "{report}");
    assert_eq!(report["sheets"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["passed_over"], serde_json::json!(["填表说明"]));
    assert_eq!(
        units(&k),
        [
            ("县审计局".to_string(), Some(15), Some("第一组".to_string())),
            ("县统计局".to_string(), Some(8), Some("第二组".to_string())),
        ]
    );
}

#[test]
fn a_blank_quota_in_a_file_with_the_column_is_0_and_the_import_says_so() {
    let k = hq();
    let file = csv(
        k.dir(),
        "blank.csv",
        &[
            HEADER,
            &["1", "县审计局", "正科级", "", "第一组"],
            &["2", "县统计局", "正科级", "8", "第二组"],
        ],
    );
    let out = import(&k, &file, &[]).ok();
    out.stdout_has(&["空白的编制数、职数按 0 计：第2行 行政编制"]);
    assert_eq!(
        units(&k),
        [
            ("县审计局".to_string(), Some(0), Some("第一组".to_string())),
            ("县统计局".to_string(), Some(8), Some("第二组".to_string())),
        ]
    );
}

#[test]
fn a_name_close_to_an_existing_unit_is_asked_about_before_anything_is_written() {
    let k = hq();
    let first = csv(
        k.dir(),
        "a.csv",
        &[HEADER, &["1", "县审计局", "正科级", "15", "第一组"]],
    );
    import(&k, &first, &[]).ok();
    let second = csv(
        k.dir(),
        "b.csv",
        &[
            HEADER,
            &["1", "县审计局（县审计局）", "正科级", "16", "第一组"],
            &["2", "县统计局", "正科级", "8", "第二组"],
        ],
    );
    // The dry run says so; the import refuses, naming both, and writes nothing.
    let dry = import(&k, &second, &["--dry-run"]).ok();
    dry.stdout_has(&["新单位“县审计局（县审计局）”与已有单位“县审计局”名称相近"]);
    let out = import(&k, &second, &[]).failed();
    out.stderr_has(&[
        "“县审计局（县审计局）”与已有的“县审计局”",
        "--add-similar",
        "未作任何修改",
    ]);
    assert_eq!(units(&k).len(), 1);
    // Told they are different units, it adds them.
    import(&k, &second, &["--add-similar"]).ok();
    assert_eq!(units(&k).len(), 3);
}

#[test]
fn a_dry_run_shows_how_each_column_was_understood() {
    let k = hq();
    let file = csv(
        k.dir(),
        "d.csv",
        &[
            &["序号", "单位名称", "规格", "核定行政编制（名）", "考核组"],
            &["1", "县审计局", "正科级", "15", "第一组"],
        ],
    );
    let out = import(&k, &file, &["--dry-run"]).ok();
    out.stdout_has(&[
        "读到的列：",
        "B列“单位名称”→单位名称",
        "C列“规格”→机构规格",
        "D列“核定行政编制（名）”→",
        "E列“考核组”→考核组",
    ]);
    assert!(units(&k).is_empty(), "a dry run writes nothing");
}
