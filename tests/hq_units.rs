//! `kaocha units import` through the real binary: the same unit list as
//! XLSX (written with rust_xlsxwriter), UTF-8 CSV (with BOM) and GBK CSV
//! (what Chinese Excel saves) gives identical units; malformed lists are
//! refused with row and column and change nothing; importing again updates
//! units by name without duplicating them.

mod common;

use std::path::{Path, PathBuf};

use common::{Kaocha, Out, snapshot};
use serde_json::Value;

const TITLE: &str = "2024年东阿县机构编制评估 被评估单位名单";
const HEADER: &[&str] = &[
    "序号",
    "单位名称",
    "机构规格",
    "经费形式",
    "三定文件文号",
    "核定行政编制（名）",
    "事业编制",
    "工勤编制",
    "机关其他编制",
    "领导职数",
    "内设机构领导职数",
    "非领导职数",
    "内设机构数",
    "内设机构名称",
    "考核组",
];

/// The unit list as a person types it in a spreadsheet.
fn units_v1() -> Vec<Vec<&'static str>> {
    vec![
        vec![TITLE],
        HEADER.to_vec(),
        vec![
            "1",
            "县审计局",
            "正科级",
            "全额拨款",
            "东政办发〔2010〕22号",
            "15",
            "10",
            "3",
            "0",
            "5",
            "8",
            "4",
            "3",
            "办公室、法规审理股、财政审计股",
            "第一组",
        ],
        vec![
            "2",
            " 县科技局 ",
            "正科",
            "全额",
            "东政办发〔2010〕27号",
            "8",
            "6",
            "1",
            "0",
            "3",
            "4",
            "2",
            "2",
            "办公室，科技发展股",
            "第二组",
        ],
        vec![
            "3",
            "县文化馆",
            "股级",
            "差额补贴",
            "",
            "0",
            "12",
            "1",
            "",
            "2",
            "",
            "",
            "0",
            "",
            "",
        ],
        vec!["", "合计", "", "", "", "23", "28", "5"],
    ]
}

/// The same list with the digits a Chinese IME may leave behind (full-width,
/// `12.0`, spaces), as found in hand-made CSV files.
fn units_v1_untidy() -> Vec<Vec<&'static str>> {
    let mut rows = units_v1();
    rows[2][5] = "１５";
    rows[2][6] = "10.0";
    rows[3][5] = " 8　";
    rows
}

/// CSV text of rows (quoted where needed).
fn csv_text(rows: &[Vec<&str>]) -> String {
    let mut out = String::new();
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
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn write_utf8_csv(dir: &Path, name: &str, rows: &[Vec<&str>]) -> PathBuf {
    let path = dir.join(name);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(csv_text(rows).as_bytes());
    std::fs::write(&path, bytes).expect("write csv");
    path
}

fn write_gbk_csv(dir: &Path, name: &str, rows: &[Vec<&str>]) -> PathBuf {
    let path = dir.join(name);
    let text = csv_text(rows);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "fixture must be GBK-encodable");
    assert!(
        rows.is_empty() || std::str::from_utf8(&bytes).is_err(),
        "a GBK fixture must not be valid UTF-8"
    );
    std::fs::write(&path, &bytes).expect("write gbk csv");
    path
}

/// An XLSX workbook: numbers as number cells (as Excel stores them), the
/// rest as text; `sheets` are (name, rows).
fn write_xlsx(dir: &Path, name: &str, sheets: &[(&str, Vec<Vec<&str>>)]) -> PathBuf {
    let path = dir.join(name);
    let mut book = rust_xlsxwriter::Workbook::new();
    for (sheet, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*sheet).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let (r, c) = (r as u32, c as u16);
                match cell.trim().parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).map(drop),
                    Err(_) => ws.write_string(r, c, *cell).map(drop),
                }
                .expect("write cell");
            }
        }
    }
    book.save(&path).expect("save xlsx");
    path
}

/// A data dir with a new campaign and two teams (no units yet).
fn hq(lang: &'static str) -> Kaocha {
    let k = Kaocha::new(lang);
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
    k.run(["teams", "add", "第一组", "--members", "张三(组长),李四"])
        .ok();
    k.run(["teams", "add", "第二组", "--members", "王五(组长),赵六"])
        .ok();
    k
}

fn import(k: &Kaocha, file: &Path, extra: &[&str]) -> Out {
    let mut args = vec!["units", "import", file.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    k.run(args)
}

fn campaign(k: &Kaocha) -> Value {
    k.run(["campaign", "show", "--json"]).ok().json()
}

fn units(k: &Kaocha) -> Value {
    campaign(k)["units"].clone()
}

#[test]
fn xlsx_utf8_csv_and_gbk_csv_give_identical_units() {
    let files = tempfile::tempdir().expect("tempdir");
    let xlsx = write_xlsx(files.path(), "单位名单.xlsx", &[("单位名单", units_v1())]);
    let utf8 = write_utf8_csv(files.path(), "单位名单-utf8.csv", &units_v1_untidy());
    let gbk = write_gbk_csv(files.path(), "单位名单-gbk.csv", &units_v1_untidy());

    let mut results = Vec::new();
    for file in [&xlsx, &utf8, &gbk] {
        let k = hq("zh");
        let out = import(&k, file, &[]).ok();
        out.stdout_has(&[
            "新增 3 个单位",
            "县审计局",
            "已跳过合计、小计或分类标题行：第 6 行",
            "序号",
        ]);
        results.push(units(&k));
    }
    assert_eq!(results[0], results[1], "XLSX and UTF-8 CSV differ");
    assert_eq!(results[0], results[2], "XLSX and GBK CSV differ");

    let u = &results[0];
    assert_eq!(u.as_array().map(Vec::len), Some(3));
    let audit = &u[0];
    assert_eq!(audit["name"], "县审计局");
    assert_eq!(audit["team"], "t1");
    let b = &audit["baseline"];
    assert_eq!(b["level"], "zk");
    assert_eq!(b["funding"], "full");
    assert_eq!(b["sanding_doc"], "东政办发〔2010〕22号");
    assert_eq!(b["admin_quota"], 15);
    assert_eq!(b["inst_quota"], 10);
    assert_eq!(b["worker_quota"], 3);
    assert_eq!(b["other_quota"], 0);
    assert_eq!(b["leader_posts"], 5);
    assert_eq!(b["body_leader_posts"], 8);
    assert_eq!(b["nonleader_posts"], 4);
    assert_eq!(b["bodies"], 3);
    assert_eq!(
        b["body_names"],
        serde_json::json!(["办公室", "法规审理股", "财政审计股"])
    );
    assert_eq!(u[1]["name"], "县科技局", "surrounding spaces are dropped");
    assert_eq!(u[1]["team"], "t2");
    assert_eq!(u[1]["baseline"]["admin_quota"], 8);
    assert_eq!(u[2]["baseline"]["level"], "gj");
    assert_eq!(u[2]["baseline"]["funding"], "diff");
    assert_eq!(u[2]["baseline"]["admin_quota"], 0);
    // A blank count in a file that has the column means none (issue 15).
    assert_eq!(u[2]["baseline"]["other_quota"], 0, "blank cell: 0");
    assert!(u[2]["team"].is_null());
}

/// One malformed list: its rows, and the fragments the refusal must name.
struct Case {
    what: &'static str,
    rows: Vec<Vec<&'static str>>,
    zh: Vec<&'static str>,
}

fn malformed_cases() -> Vec<Case> {
    let mut text_in_number = units_v1();
    // 十二 is read as 12 (Chinese numerals are counts): text that is no
    // number at all.
    text_in_number[3][5] = "待定";
    let mut duplicate = units_v1();
    duplicate[4][1] = "县审计局";
    let mut missing = units_v1();
    missing[1][1] = "名称";
    vec![
        Case {
            what: "text in a number column",
            rows: text_in_number,
            zh: vec![
                "第 4 行",
                "列“核定行政编制（名）”",
                "F 列",
                "“待定”不是整数",
            ],
        },
        Case {
            what: "duplicate unit names",
            rows: duplicate,
            zh: vec!["第 5 行", "列“单位名称”", "“县审计局”与第 3 行重复"],
        },
        Case {
            what: "missing required column",
            rows: missing,
            zh: vec!["第 2 行", "列“单位名称”", "必需的列"],
        },
        Case {
            what: "empty file",
            rows: vec![],
            zh: vec!["第 1 行", "列“单位名称”", "文件是空的"],
        },
    ]
}

#[test]
fn malformed_lists_are_refused_with_row_and_column_and_change_nothing() {
    let files = tempfile::tempdir().expect("tempdir");
    let k = hq("zh");
    let good = write_utf8_csv(files.path(), "good.csv", &units_v1());
    import(&k, &good, &[]).ok();
    for (n, case) in malformed_cases().into_iter().enumerate() {
        let csv = write_utf8_csv(files.path(), &format!("bad{n}.csv"), &case.rows);
        let gbk = write_gbk_csv(files.path(), &format!("bad{n}-gbk.csv"), &case.rows);
        let xlsx = write_xlsx(
            files.path(),
            &format!("bad{n}.xlsx"),
            &[("Sheet1", case.rows.clone())],
        );
        for file in [&csv, &gbk, &xlsx] {
            let before = campaign(&k);
            let journal = snapshot(&k.dir().join("journal"));
            let out = import(&k, file, &[]).failed();
            assert!(
                out.stdout.is_empty(),
                "{}: stdout {:?}",
                case.what,
                out.stdout
            );
            out.stderr_has(&case.zh);
            out.stderr_has(&["未导入任何单位"]);
            assert_eq!(campaign(&k), before, "{}: campaign changed", case.what);
            assert_eq!(
                snapshot(&k.dir().join("journal")),
                journal,
                "{}: journal changed",
                case.what
            );
        }
    }
}

#[test]
fn every_problem_is_listed_in_english_too() {
    let files = tempfile::tempdir().expect("tempdir");
    let k = hq("en");
    let mut rows = units_v1();
    rows[2][5] = "twelve";
    rows[3][2] = "处级";
    rows[4][14] = "第三组";
    let file = write_utf8_csv(files.path(), "bad.csv", &rows);
    let out = import(&k, &file, &[]).failed();
    out.stderr_has(&[
        "3 problems; no unit was imported",
        "row 3, column “核定行政编制（名）” (F): “twelve” is not a whole number",
        "row 4, column “机构规格” (C): “处级” is not a known level",
        "row 5, column “考核组” (O): there is no team “第三组”",
    ]);
    assert_eq!(units(&k), serde_json::json!([]));
}

#[test]
fn importing_again_updates_units_by_name_without_duplicates() {
    let files = tempfile::tempdir().expect("tempdir");
    let k = hq("zh");
    let v1 = write_xlsx(files.path(), "v1.xlsx", &[("单位名单", units_v1())]);
    import(&k, &v1, &[]).ok();
    let first = units(&k);

    let again = import(&k, &v1, &[]).ok();
    again.stdout_has(&["新增 0 个单位，更新 0 个，无变化 3 个"]);
    assert_eq!(units(&k), first);

    // v2: rows in another order, one figure changed, one unit new, one left
    // out, the 考核组 column dropped.
    let header: Vec<&str> = HEADER[..14].to_vec();
    let mut audit = units_v1()[2][..14].to_vec();
    audit[5] = "16";
    let tech = units_v1()[3][..14].to_vec();
    let archive = vec![
        "4",
        "县档案馆",
        "副科级",
        "全额拨款",
        "",
        "0",
        "5",
        "1",
        "",
        "2",
        "",
        "",
        "2",
        "办公室；档案保管股",
    ];
    let v2 = write_gbk_csv(files.path(), "v2.csv", &[header, archive, tech, audit]);
    let dry = import(&k, &v2, &["--dry-run"]).ok();
    dry.stdout_has(&[
        "新增 1 个单位，更新 1 个，无变化 1 个",
        "试运行",
        "县文化馆",
    ]);
    assert_eq!(units(&k), first, "a dry run writes nothing");

    import(&k, &v2, &[])
        .ok()
        .stdout_has(&["新增：县档案馆", "更新：县审计局"]);
    let after = units(&k);
    let list = after.as_array().expect("units");
    assert_eq!(list.len(), 4, "{after}");
    let by_name = |name: &str| {
        list.iter()
            .find(|u| u["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {after}"))
    };
    assert_eq!(
        by_name("县审计局")["id"],
        first[0]["id"],
        "same unit, same id"
    );
    assert_eq!(by_name("县审计局")["baseline"]["admin_quota"], 16);
    assert_eq!(
        by_name("县审计局")["team"],
        "t1",
        "team kept without a 考核组 column"
    );
    assert_eq!(by_name("县科技局"), &first[1]);
    assert_eq!(
        by_name("县文化馆"),
        &first[2],
        "a unit not in the file is kept"
    );
    assert_eq!(
        by_name("县档案馆")["baseline"]["body_names"],
        serde_json::json!(["办公室", "档案保管股"])
    );
}

#[test]
fn the_sheet_with_the_unit_list_is_found_or_named() {
    let files = tempfile::tempdir().expect("tempdir");
    let k = hq("zh");
    let book = write_xlsx(
        files.path(),
        "book.xlsx",
        &[
            ("填表说明", vec![vec!["请按下表填写，数字填阿拉伯数字。"]]),
            ("单位名单", units_v1()),
        ],
    );
    let wrong = import(&k, &book, &["--sheet", "名单"]).failed();
    wrong.stderr_has(&["没有名为“名单”的工作表", "填表说明、单位名单"]);
    let out = import(&k, &book, &["--sheet", "单位名单"]).ok();
    out.stdout_has(&[
        "新增 3 个单位",
        "工作表“单位名单”：表头在第 2 行，单位在第 3–5 行",
    ]);
    let k2 = hq("zh");
    import(&k2, &book, &[]).ok().stdout_has(&[
        "工作表“单位名单”：表头在第 2 行，单位在第 3–5 行",
        "未读取的工作表（没有单位名单表头，如填表说明）：填表说明",
    ]);
    assert_eq!(units(&k2), units(&k));
}
