//! 自查自评 through the real binary: HQ writes a unit's 自评表, the unit's
//! answers are typed into that very workbook (its sheet XML edited in
//! place) or into workbooks built in code (rows shuffled, columns swapped,
//! an extra column, no id column, a CSV), and `selfcheck import` reads
//! them back exactly: scores written as text, blanks not scored, a score
//! above 满分 refused at its cell with nothing changed, a team's laptop
//! refused. Then the self scores beside a team's scores, differences and
//! flags computed by hand, in `selfcheck show` and the unit report.

mod common;
#[path = "common/docx.rs"]
mod docx;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{Kaocha, journal_segments};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

const CAMPAIGN: &str = "2024年聊城事业单位绩效考核";

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// HQ of a 绩效考核 campaign with two units and a 自查自评 due date.
fn hq() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run(["campaign", "new", "--name", CAMPAIGN, "--kind", "jx"])
        .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县人民医院\r\n县图书馆\r\n").unwrap();
    k.run(["units", "import", arg(&list)]).ok();
    k.run(["campaign", "set", "procedure.selfcheck_due=2024-03-31"])
        .ok();
    k
}

/// `selfcheck template --unit UNIT -o DIR/自评表-UNIT.xlsx`.
fn template(k: &Kaocha, dir: &Path, unit: &str) -> PathBuf {
    let path = dir.join(format!("自评表-{unit}.xlsx"));
    let out = k
        .run(["selfcheck", "template", "--unit", unit, "-o", arg(&path)])
        .ok();
    out.stdout_has(&[&format!("已写出{unit}的自评表")]);
    path
}

/// What a unit types into a cell.
enum Typed<'a> {
    Text(&'a str),
    Number(f64),
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A copy of the workbook at `from` with cells filled in, as a person
/// typing into it would: `(sheet number from 1, cell, value)`. The cells
/// are the template's own (empty, formatted) cells.
fn filled(from: &Path, to: &Path, cells: &[(usize, &str, Typed)]) -> PathBuf {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        for (sheet, at, value) in cells {
            if name != format!("xl/worksheets/sheet{sheet}.xml") {
                continue;
            }
            let mut xml = String::from_utf8(bytes).unwrap();
            let open = format!("<c r=\"{at}\" s=\"");
            let start = xml.find(&open).unwrap_or_else(|| panic!("no cell {at}"));
            let end = start + xml[start..].find("/>").unwrap() + 2;
            let style = &xml[start + open.len()..end - 3];
            let cell = match value {
                Typed::Text(t) => format!(
                    "<c r=\"{at}\" s=\"{style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    xml_escape(t)
                ),
                Typed::Number(n) => format!("<c r=\"{at}\" s=\"{style}\"><v>{n}</v></c>"),
            };
            xml.replace_range(start..end, &cell);
            bytes = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    to.to_path_buf()
}

/// The 县人民医院 template with the answers used throughout: 登记管理 ９分
/// (full-width, as text) with a note, 社会评价 8.5 (a number), 主体业务
/// " 45 ", 经济社会效益 left blank, 管理运行 "9分"; one award, one document.
fn hospital(k: &Kaocha, dir: &Path) -> PathBuf {
    let blank = template(k, dir, "县人民医院");
    filled(
        &blank,
        &dir.join("县人民医院-交回.xlsx"),
        &[
            (1, "E5", Typed::Text("９分")),
            (1, "F5", Typed::Text("年度报告按时报送；\n变更登记1项")),
            (1, "E6", Typed::Number(8.5)),
            (1, "E8", Typed::Text(" 45 ")),
            (1, "E10", Typed::Text("9分")),
            (2, "B4", Typed::Text("全国文明单位")),
            (2, "C4", Typed::Text("国家级（+2分）")),
            (2, "D4", Typed::Number(2.0)),
            (2, "E4", Typed::Text("文明委〔2020〕3号")),
            (3, "B4", Typed::Text("2023年度报告")),
            (3, "C4", Typed::Text("登记管理")),
        ],
    )
}

fn import(k: &Kaocha, file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["selfcheck", "import", arg(file), "--json"];
    args.extend_from_slice(extra);
    k.run(&args).ok().json()
}

/// The unit's self-check entry (there is one).
fn self_entry(k: &Kaocha, unit: &str) -> Value {
    let ids = k.list_ids(&["--unit", unit, "--form", "jx.selfcheck"]);
    assert_eq!(ids.len(), 1, "{ids:?}");
    k.show(&ids[0])
}

/// A repeat's rows: each row's children, in order.
fn rows_of(entry: &Value, repeat: &str, children: &[&str]) -> Vec<Vec<Value>> {
    common::rows(entry, repeat)
        .iter()
        .map(|r| {
            children
                .iter()
                .map(|c| entry["answers"][format!("{repeat}[{r}].{c}")].clone())
                .collect()
        })
        .collect()
}

/// What a refused command must leave as it was: every entry as listed,
/// and the journal byte for byte.
fn state(k: &Kaocha) -> (String, Vec<Vec<u8>>) {
    let list = k.run(["entry", "list", "--json"]).ok().stdout;
    let journal = journal_segments(k.dir())
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    (list, journal)
}

#[test]
fn a_filled_template_is_read_back_exactly_and_a_second_import_changes_nothing() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let path = hospital(&k, files.path());
    // A dry run says what it would write and writes nothing.
    let before = state(&k);
    let dry = import(&k, &path, &["--dry-run"]);
    assert_eq!(dry["action"], "created");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(state(&k), before);
    let text = k.run(["selfcheck", "import", arg(&path), "--dry-run"]).ok();
    text.stdout_has(&[
        "县人民医院-交回.xlsx：县人民医院的自评表",
        "工作表“自评表”第 3 行表头：指标 5 行",
        "工作表“加分项”第 3 行表头：加分项 1 行",
        "工作表“佐证材料”第 3 行表头：佐证材料 1 行",
        "已自评 4/5 项指标，合计 71.5 分",
        "自评分：登记管理 9、社会评价 8.5、主体业务开展情况 45、管理运行状况 9",
        "未自评（空白，不按 0 分计）：经济社会效益",
        "申报加分项 1 项，佐证材料 1 份",
        "试运行：将新建自评记录，未写入。",
    ]);

    let done = import(&k, &path, &[]);
    assert_eq!(done["action"], "created");
    assert_eq!(done["unit"], "县人民医院");
    assert_eq!(done["unscored"], json!(["经济社会效益"]));
    let scored: Vec<(String, f64)> = done["scored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["item"].as_str().unwrap().into(),
                s["score"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scored,
        [
            ("reg_mgmt".into(), 9.0),
            ("social_eval".into(), 8.5),
            ("main_business".into(), 45.0),
            ("mgmt_ops".into(), 9.0),
        ]
    );
    let e = self_entry(&k, "县人民医院");
    assert_eq!(e["id"], done["entry"]);
    let a = &e["answers"];
    assert_eq!(a["reg_mgmt"], 9.0);
    assert_eq!(a["reg_mgmt_note"], "年度报告按时报送；\n变更登记1项");
    assert_eq!(a["social_eval"], 8.5);
    assert_eq!(a["main_business"], 45.0);
    assert_eq!(a["mgmt_ops"], 9.0);
    assert!(a.get("econ_social").is_none(), "a blank is not 0: {a}");
    assert_eq!(
        rows_of(&e, "bonus", &["bonus_item", "bonus_level", "bonus_proof"]),
        [vec![
            json!("全国文明单位"),
            json!("national"),
            json!("文明委〔2020〕3号")
        ]]
    );
    assert_eq!(
        rows_of(&e, "materials", &["material_name", "material_note"]),
        [vec![json!("2023年度报告"), json!("登记管理")]]
    );
    // The same file again: nothing to change, nothing written.
    let before = state(&k);
    let again = k.run(["selfcheck", "import", arg(&path)]).ok();
    again.stdout_has(&["与已导入的自评记录", "相同，未作修改。"]);
    assert_eq!(state(&k), before);
    assert_eq!(k.history(e["id"].as_str().unwrap()).len(), 1);
}

#[test]
fn a_corrected_file_amends_the_entry_in_one_revision() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let first = hospital(&k, files.path());
    let id = import(&k, &first, &[])["entry"]
        .as_str()
        .unwrap()
        .to_string();
    let document = common::rows(&k.show(&id), "materials");
    // The unit fills 经济社会效益, changes 社会评价, blanks 管理运行 and
    // lists a second document.
    let blank = template(&k, files.path(), "县人民医院");
    let second = filled(
        &blank,
        &files.path().join("更正.xlsx"),
        &[
            (1, "E5", Typed::Text("９分")),
            (1, "F5", Typed::Text("年度报告按时报送；\n变更登记1项")),
            (1, "E6", Typed::Number(7.0)),
            (1, "E8", Typed::Number(45.0)),
            (1, "E9", Typed::Text("１８")),
            (2, "B4", Typed::Text("全国文明单位")),
            (2, "C4", Typed::Text("国家级（+2分）")),
            (2, "E4", Typed::Text("文明委〔2020〕3号")),
            (3, "B4", Typed::Text("2023年度报告")),
            (3, "C4", Typed::Text("登记管理")),
            (3, "B5", Typed::Text("审计报告")),
        ],
    );
    let r = import(&k, &second, &[]);
    assert_eq!(r["action"], "amended");
    assert_eq!(r["entry"], id.as_str());
    assert_eq!(r["cleared"], json!(["管理运行状况"]));
    // social_eval, econ_social, mgmt_ops, and the new document's row and
    // name; the award and the first document keep their rows.
    assert_eq!(r["changes"], 5);
    let e = k.show(&id);
    assert_eq!(e["answers"]["social_eval"], 7.0);
    assert_eq!(e["answers"]["econ_social"], 18.0);
    assert!(e["answers"].get("mgmt_ops").is_none());
    let documents = common::rows(&e, "materials");
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0], document[0], "the same document, the same row");
    assert_eq!(
        rows_of(&e, "materials", &["material_name"]),
        [vec![json!("2023年度报告")], vec![json!("审计报告")]]
    );
    let history = k.history(&id);
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["reason"], "据单位交回的自评表导入：更正.xlsx");
}

/// A workbook built in code: a title, blank rows, then the header; the
/// rows as given.
fn book(path: &Path, title: &[&str], header: &[&str], rows: &[Vec<&str>]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("单位自评").unwrap();
    for (r, t) in title.iter().enumerate() {
        ws.write_string(r as u32, 0, *t).unwrap();
    }
    let top = title.len() as u32 + 2;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(top, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (top + 1 + r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(n) if !v.starts_with(' ') => ws.write_number(r, c, n).unwrap(),
                _ if v.is_empty() => ws,
                _ => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
    path.to_path_buf()
}

#[test]
fn shuffled_rows_swapped_columns_an_extra_column_and_no_id_column_read_the_same() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    // Columns: 自评说明 and 自评分 swapped ahead of 指标, an extra 填报人
    // column, no 编号; rows in another order, labels numbered or with
    // their 满分, scores as text.
    let path = book(
        &files.path().join("乱序.xlsx"),
        &["2024年度自查自评", "被考核单位：县图书馆"],
        &["自评说明", "自评分", "填报人", "指标", "满分"],
        &[
            vec!["", "９.５", "王五", "管理运行状况", "10"],
            vec!["", "", "", "二、个性指标", ""],
            vec!["开放时间达标", " 38 ", "王五", "3.主体业务开展情况", "50"],
            vec!["", "10分", "", "登记管理（满分10分）", "10"],
            vec!["", "16.25", "", "经济社会效益", "20"],
            vec!["问卷未做完", "", "", "社会评价", "10"],
        ],
    );
    let r = import(&k, &path, &[]);
    assert_eq!(r["unit"], "县图书馆", "the unit from the title row");
    assert_eq!(r["unscored"], json!(["社会评价"]));
    let a = &self_entry(&k, "县图书馆")["answers"];
    assert_eq!(a["mgmt_ops"], 9.5);
    assert_eq!(a["main_business"], 38.0);
    assert_eq!(a["main_business_note"], "开放时间达标");
    assert_eq!(a["reg_mgmt"], 10.0);
    assert_eq!(a["econ_social"], 16.25);
    assert!(a.get("social_eval").is_none());
    assert_eq!(a["social_eval_note"], "问卷未做完");

    // A CSV without a title, the unit given: the same reading.
    let csv = files.path().join("自评.csv");
    std::fs::write(
        &csv,
        "指标,满分,自评分\r\n登记管理,10,８\r\n社会评价,10,\r\n主体业务开展情况,50,40分\r\n",
    )
    .unwrap();
    let r = import(&k, &csv, &["--unit", "县人民医院"]);
    assert_eq!(
        r["unscored"],
        json!(["社会评价", "经济社会效益", "管理运行状况"])
    );
    let a = &self_entry(&k, "县人民医院")["answers"];
    assert_eq!(
        (a["reg_mgmt"].as_f64(), a["main_business"].as_f64()),
        (Some(8.0), Some(40.0))
    );
}

#[test]
fn scores_above_the_maximum_or_below_zero_are_refused_at_their_cells_and_nothing_changes() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let good = hospital(&k, files.path());
    import(&k, &good, &[]);
    let blank = template(&k, files.path(), "县人民医院");
    let bad = filled(
        &blank,
        &files.path().join("超分.xlsx"),
        &[
            (1, "E5", Typed::Number(10.0)),
            (1, "E6", Typed::Text("-1")),
            (1, "E8", Typed::Text("５１分")),
            (2, "B4", Typed::Text("省级文明单位")),
            (2, "C4", Typed::Text("省级")),
        ],
    );
    let before = state(&k);
    let out = k.run(["selfcheck", "import", arg(&bad)]).failed();
    out.stderr_has(&[
        "超分.xlsx 有 3 处问题，未导入。",
        "（未作任何修改）",
        "工作表“加分项”第 4 行，列“分值”（D 列）：“省级”有 2、1 分几档，请在分值一栏写明",
        "工作表“自评表”第 6 行，列“自评分”（E 列）：自评分不能为负数",
        "工作表“自评表”第 8 行，列“自评分”（E 列）：自评分 51 超过满分 50",
    ]);
    assert!(out.stdout.is_empty());
    assert_eq!(state(&k), before, "the database is unchanged");
    // The first import stands.
    assert_eq!(self_entry(&k, "县人民医院")["answers"]["reg_mgmt"], 9.0);
}

#[test]
fn the_unit_comes_from_the_file_or_from_unit_and_both_must_agree() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let path = hospital(&k, files.path());
    let before = state(&k);
    k.run(["selfcheck", "import", arg(&path), "--unit", "县图书馆"])
        .failed()
        .stderr_has(&[
            "文件是“县人民医院”的自评表，而 --unit 指定的是“县图书馆”",
            "未作任何修改",
        ]);
    let untitled = book(
        &files.path().join("无标题.xlsx"),
        &[],
        &["指标", "自评分"],
        &[vec!["登记管理", "8"]],
    );
    k.run(["selfcheck", "import", arg(&untitled)])
        .failed()
        .stderr_has(&["文件中找不到单位名称。用 --unit 指明"]);
    let stranger = book(
        &files.path().join("外单位.xlsx"),
        &["被考核单位：县气象局"],
        &["指标", "自评分"],
        &[vec!["登记管理", "8"]],
    );
    k.run(["selfcheck", "import", arg(&stranger)])
        .failed()
        .stderr_has(&["文件写的单位“县气象局”不是本任务的被评估单位"]);
    // The template as sent, nothing filled in.
    let blank = template(&k, files.path(), "县图书馆");
    k.run(["selfcheck", "import", arg(&blank)])
        .failed()
        .stderr_has(&["没有填写任何自评分", "未作任何修改"]);
    assert_eq!(state(&k), before);
}

#[test]
fn a_team_laptop_cannot_import_a_self_assessment() {
    let hq = Kaocha::new("zh");
    hq.run(["campaign", "new", "--name", CAMPAIGN, "--kind", "jx"])
        .ok();
    hq.run(["teams", "add", "第一组"]).ok();
    let files = tempfile::tempdir().unwrap();
    let list = files.path().join("单位.csv");
    std::fs::write(&list, "单位名称,考核组\r\n县人民医院,第一组\r\n").unwrap();
    hq.run(["units", "import", arg(&list)]).ok();
    let plan = files.path().join("plan.json");
    hq.run(["plan", "export", "--team", "第一组", "-o", arg(&plan)])
        .ok();
    let team = Kaocha::new("zh");
    team.run(["import", arg(&plan), "--trust", &hq.fingerprint()])
        .ok();
    let path = hospital(&hq, files.path());
    let before = state(&team);
    team.run(["selfcheck", "import", arg(&path)])
        .failed()
        .stderr_has(&["自评表只在考核委导入", "未作任何修改"]);
    assert_eq!(state(&team), before);
}

/// The 县人民医院 team's score sheet: 9, 9, 43.5, 16, 8.5.
fn team_scores(k: &Kaocha) {
    k.new_entry(
        "县人民医院",
        "jx.scoring",
        "reg_mgmt=9 social_eval=9 main_business=43.5 econ_social=16 mgmt_ops=8.5",
    );
}

/// The hospital's self-check with every indicator scored: 10, 9.5, 48,
/// 18, 9 (and the award: +2).
fn full_self_check(k: &Kaocha, dir: &Path) -> PathBuf {
    let blank = template(k, dir, "县人民医院");
    filled(
        &blank,
        &dir.join("完整.xlsx"),
        &[
            (1, "E5", Typed::Number(10.0)),
            (1, "E6", Typed::Number(9.5)),
            (1, "E8", Typed::Number(48.0)),
            (1, "E9", Typed::Number(18.0)),
            (1, "E10", Typed::Number(9.0)),
            (2, "B4", Typed::Text("全国文明单位")),
            (2, "C4", Typed::Text("国家级（+2分）")),
        ],
    )
}

#[test]
fn self_scores_beside_the_teams_with_large_differences_flagged() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    team_scores(&k);
    import(&k, &full_self_check(&k, files.path()), &[]);
    let c = k
        .run(["selfcheck", "show", "县人民医院", "--json"])
        .ok()
        .json();
    // Thresholds: 10 % of 满分, at least 1 point: 1, 1, 5, 2, 1.
    let lines: Vec<(String, f64, f64, f64, f64, bool)> = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["item"].as_str().unwrap().to_string(),
                l["self"].as_f64().unwrap(),
                l["assessed"].as_f64().unwrap(),
                l["diff"].as_f64().unwrap(),
                l["threshold"].as_f64().unwrap(),
                l["flagged"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("reg_mgmt", 10.0, 9.0, 1.0, 1.0, true),
        ("social_eval", 9.5, 9.0, 0.5, 1.0, false),
        ("main_business", 48.0, 43.5, 4.5, 5.0, false),
        ("econ_social", 18.0, 16.0, 2.0, 2.0, true),
        ("mgmt_ops", 9.0, 8.5, 0.5, 1.0, false),
    ];
    assert_eq!(
        lines,
        want.map(|(i, s, a, d, t, f)| (i.to_string(), s, a, d, t, f))
    );
    assert_eq!(c["flagged"], 2);
    // Totals: 共性 19.5 − 18 = 1.5 (< 2); 个性 75 − 68 = 7 (< 8); 加分
    // 2 − 0 = 2 (≥ 1); 总分 96.5 − 86 = 10.5 (≥ 10).
    let totals: Vec<(f64, f64, bool)> = c["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["diff"].as_f64().unwrap(),
                t["threshold"].as_f64().unwrap(),
                t["flagged"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            (1.5, 2.0, false),
            (7.0, 8.0, false),
            (2.0, 1.0, true),
            (10.5, 10.0, true)
        ]
    );
    let text = k.run(["selfcheck", "show", "县人民医院"]).ok();
    text.stdout_has(&[
        "！ 登记管理  满分 10  自评 10  考核 9  差 +1",
        "   社会评价  满分 10  自评 9.5  考核 9  差 +0.5",
        "！ 经济社会效益  满分 20  自评 18  考核 16  差 +2",
        "！ 总分  满分 100  自评 96.5  考核 86  差 +10.5",
        "指标中差异较大的 2 项",
    ]);

    // A wider gap: 5 % of 满分, still at least 1 point: 主体业务 (2.5)
    // now counts; 社会评价 and 管理运行 (0.5 < 1) still do not.
    k.run(["campaign", "set", "grading.self_gap=0.05"]).ok();
    let c = k
        .run(["selfcheck", "show", "县人民医院", "--json"])
        .ok()
        .json();
    let flagged: Vec<&str> = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["flagged"] == true)
        .map(|l| l["item"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["reg_mgmt", "main_business", "econ_social"]);
    assert_eq!(c["indicators"][2]["threshold"], 2.5);
    k.run(["campaign", "set", "grading.self_gap=2"])
        .failed()
        .stderr_has(&["self_gap 2 不合理", "未作任何修改"]);
    // A rater whose own 专业评审 sheet is not final sees no assessed score,
    // here no more than in the unit report.
    k.run(["campaign", "set", "procedure.raters=甲"]).ok();
    let sealed = k
        .run(["--user", "甲", "selfcheck", "show", "县人民医院"])
        .failed();
    sealed.stderr_has(&["县人民医院的专业评审评委"]);
    assert!(sealed.stdout.is_empty());
}

#[test]
fn the_unit_report_compares_self_and_assessed_scores() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    team_scores(&k);
    import(&k, &full_self_check(&k, files.path()), &[]);
    let report = |ext: &str| {
        let path = files.path().join(format!("单位报告.{ext}"));
        k.run(["report", "unit", "县人民医院", "-o", arg(&path)])
            .ok();
        path
    };
    let md = std::fs::read_to_string(report("md")).unwrap();
    // The procedure's first step is done on the day of the import.
    let entry = self_entry(&k, "县人民医院");
    let day = &entry["updated_at"].as_str().unwrap()[..10];
    assert!(
        md.contains(&format!("| 自查自评 | 已完成 · {day} |")),
        "{md}"
    );
    assert!(md.contains("## 自评与考核对比"), "{md}");
    assert!(
        md.contains("| 登记管理 | 10 | 10 | 9 | +1 | ⚠ 差异较大 |"),
        "{md}"
    );
    assert!(md.contains("| 社会评价 | 10 | 9.5 | 9 | +0.5 |  |"), "{md}");
    assert!(
        md.contains("- **经济社会效益：自评 18，考核 16，差 +2**"),
        "{md}"
    );
    assert!(
        md.contains("- **总分：自评 96.5，考核 86，差 +10.5**"),
        "{md}"
    );
    let html = std::fs::read_to_string(report("html")).unwrap();
    let large: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("<tr class=\"large\""))
        .collect();
    assert_eq!(large.len(), 4, "two indicators, 加分项 and 总分:\n{html}");
    assert!(large[0].contains("<td>登记管理</td>"), "{}", large[0]);
    let word = docx::Docx::read(&report("docx"));
    let table = word.table_headed(&[
        "指标",
        "满分",
        "自评分",
        "考核得分",
        "差（自评−考核）",
        "提示",
    ]);
    assert_eq!(
        table.cells()[1],
        ["登记管理", "10", "10", "9", "+1", "⚠ 差异较大"]
    );
    assert!(word.texts().iter().any(|t| t == "差异较大的指标："));
    assert!(
        word.texts()
            .iter()
            .any(|t| t == "· ⚠ 经济社会效益：自评 18，考核 16，差 +2"),
        "{:?}",
        word.texts()
    );
}

#[test]
fn an_english_workbook_reads_back_the_same() {
    let k = Kaocha::new("en");
    k.run([
        "campaign",
        "new",
        "--name",
        "2024 county performance",
        "--kind",
        "jx",
    ])
    .ok();
    let files = tempfile::tempdir().unwrap();
    let list = files.path().join("units.csv");
    std::fs::write(&list, "单位名称\r\n县人民医院\r\n").unwrap();
    k.run(["units", "import", arg(&list)]).ok();
    let blank = files.path().join("self.xlsx");
    k.run([
        "selfcheck",
        "template",
        "--unit",
        "县人民医院",
        "-o",
        arg(&blank),
    ])
    .ok();
    let path = filled(
        &blank,
        &files.path().join("returned.xlsx"),
        &[
            (1, "E5", Typed::Number(7.0)),
            (1, "F10", Typed::Text("two audits")),
            (2, "B4", Typed::Text("Award X")),
            (2, "C4", Typed::Text("Provincial (+1)")),
        ],
    );
    let out = k.run(["selfcheck", "import", arg(&path)]).ok();
    out.stdout_has(&[
        "sheet “Self-assessment”, header in row 3: indicators, 5 rows",
        "1 of 5 indicators self-scored, 7 points in all",
        "not self-scored (blank, not counted as 0): Public rating, Core work",
    ]);
    let e = self_entry(&k, "县人民医院");
    assert_eq!(e["answers"]["reg_mgmt"], 7.0);
    assert_eq!(e["answers"]["mgmt_ops_note"], "two audits");
    assert_eq!(
        rows_of(&e, "bonus", &["bonus_item", "bonus_level"]),
        [vec![json!("Award X"), json!("provincial1")]]
    );
    // Above 满分, in English.
    let bad = filled(
        &blank,
        &files.path().join("bad.xlsx"),
        &[(1, "E8", Typed::Text("60 points"))],
    );
    k.run(["selfcheck", "import", arg(&bad)])
        .failed()
        .stderr_has(&[
            "sheet “Self-assessment”",
            "row 8",
            "self score 60 is above the maximum 50",
            "nothing was changed",
        ]);
}
