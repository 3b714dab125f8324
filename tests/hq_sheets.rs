//! Unit lists laid out over two header rows and several sheets, with
//! 下属单位 listed under their parent, through the real binary (issue 15):
//! each test builds the workbook or CSV a county office would send and
//! asserts the exact units, quotas and parents read.

mod common;

use std::path::{Path, PathBuf};

use common::Kaocha;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;

fn hq() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2024年莘县机构编制评估",
        "--kind",
        "jgbz",
        "--year",
        "2024",
    ])
    .ok();
    k.run(["teams", "add", "第一组"]).ok();
    k
}

fn import(k: &Kaocha, file: &Path, extra: &[&str]) -> common::Out {
    let mut args = vec!["units", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    k.run(args)
}

/// The campaign's units as JSON.
fn units(k: &Kaocha) -> Vec<Value> {
    let c: Value = k.run(["campaign", "show", "--json"]).ok().json();
    c["units"].as_array().cloned().unwrap_or_default()
}

/// (name, admin, inst, worker, leader posts) of every unit.
fn quotas(k: &Kaocha) -> Vec<(String, Value, Value, Value, Value)> {
    units(k)
        .iter()
        .map(|u| {
            let b = &u["baseline"];
            (
                u["name"].as_str().unwrap().to_string(),
                b["admin_quota"].clone(),
                b["inst_quota"].clone(),
                b["worker_quota"].clone(),
                b["leader_posts"].clone(),
            )
        })
        .collect()
}

/// (name, the parent's name) of every unit.
fn parents(k: &Kaocha) -> Vec<(String, Option<String>)> {
    let all = units(k);
    let name_of = |id: &Value| {
        all.iter()
            .find(|u| u["id"] == *id)
            .and_then(|u| u["name"].as_str())
            .map(str::to_string)
    };
    all.iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                name_of(&u["parent"]),
            )
        })
        .collect()
}

fn q(name: &str, a: u64, i: u64, w: u64, l: u64) -> (String, Value, Value, Value, Value) {
    (name.into(), a.into(), i.into(), w.into(), l.into())
}

fn write_row(ws: &mut Worksheet, r: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        match v.parse::<f64>() {
            Ok(n) => ws.write_number(r, c as u16, n).unwrap(),
            Err(_) => ws.write_string(r, c as u16, *v).unwrap(),
        };
    }
}

/// The two-row header of the county's 编制情况表: 单位名称 merged down,
/// 编制数, 实有人数 and 领导职数 merged across their sub-columns.
fn two_row_header(ws: &mut Worksheet) {
    let f = Format::new();
    ws.merge_range(0, 0, 0, 7, "2024年县直机关编制情况表", &f)
        .unwrap();
    ws.merge_range(1, 0, 2, 0, "序号", &f).unwrap();
    ws.merge_range(1, 1, 2, 1, "单位名称", &f).unwrap();
    ws.merge_range(1, 2, 1, 4, "编制数", &f).unwrap();
    ws.merge_range(1, 5, 1, 7, "实有人数", &f).unwrap();
    ws.merge_range(1, 8, 1, 9, "领导职数", &f).unwrap();
    write_row(
        ws,
        2,
        &[
            "", "", "行政", "事业", "工勤", "行政", "事业", "工勤", "正职", "副职",
        ],
    );
}

#[test]
fn a_two_row_header_with_merged_groups_reads_every_quota() {
    let k = hq();
    let path = k.dir().join("编制情况表.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    two_row_header(ws);
    write_row(
        ws,
        3,
        &["1", "县审计局", "12", "3", "1", "13", "2", "1", "1", "3"],
    );
    write_row(
        ws,
        4,
        &["2", "县统计局", "8", "0", "1", "7", "0", "1", "1", "2"],
    );
    write_row(
        ws,
        5,
        &["", "合计", "20", "3", "2", "20", "2", "2", "2", "5"],
    );
    book.save(&path).unwrap();
    let report = import(&k, &path, &["--json"]).ok().json();
    assert_eq!(
        quotas(&k),
        [q("县审计局", 12, 3, 1, 4), q("县统计局", 8, 0, 1, 3)],
        "{report}"
    );
    let sheet = &report["sheets"][0];
    assert_eq!(sheet["header_row"], 2);
    assert_eq!(sheet["unit_rows"], serde_json::json!([4, 5]));
    assert_eq!(sheet["skipped_rows"], serde_json::json!([6]));
    // 实有人数 is not a quota: listed as ignored under its full name.
    assert_eq!(
        sheet["ignored_columns"],
        serde_json::json!(["序号", "实有人数/行政", "实有人数/事业", "实有人数/工勤"])
    );
}

#[test]
fn a_two_row_header_written_once_over_its_group_in_a_gbk_csv_reads_the_same() {
    let k = hq();
    let rows = [
        "县直机关编制情况表,,,,,,",
        "序号,单位名称,编制数,,,领导职数,",
        ",,行政,事业,工勤,正职,副职",
        "甲,乙,1,2,3,4,5",
        "1,县审计局,12,3,1,1,3",
        "2,县统计局,8,,1,1,2",
    ];
    let text = rows.join("\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let path = k.dir().join("编制.csv");
    std::fs::write(&path, &gbk).unwrap();
    let out = import(&k, &path, &["--dry-run"]).ok();
    out.stdout_has(&[
        "表头在第 2 行，单位在第 5–6 行",
        "C列“编制数/行政”→行政编制",
        "E列“编制数/工勤”→工勤编制",
        "F列“领导职数/正职”→部门领导职数（各列相加）",
        "G列“领导职数/副职”→部门领导职数（各列相加）",
        "已跳过合计、小计或分类标题行：第 4 行",
        "空白的编制数、职数按 0 计：第6行 编制数/事业",
    ]);
    import(&k, &path, &[]).ok();
    assert_eq!(
        quotas(&k),
        [q("县审计局", 12, 3, 1, 4), q("县统计局", 8, 0, 1, 3)]
    );
}

/// A workbook of two sheets, 行政机关 and 事业单位; the third 事业单位 is
/// `third`.
fn two_sheets(path: &Path, third: &str) {
    let mut book = Workbook::new();
    let header = ["序号", "单位名称", "行政编制", "事业编制"];
    let admin = book.add_worksheet();
    admin.set_name("行政机关").unwrap();
    write_row(admin, 0, &header);
    write_row(admin, 1, &["1", "县审计局", "12", "0"]);
    write_row(admin, 2, &["2", "县统计局", "8", "0"]);
    let inst = book.add_worksheet();
    inst.set_name("事业单位").unwrap();
    write_row(inst, 0, &header);
    write_row(inst, 1, &["1", "县档案馆", "0", "9"]);
    write_row(inst, 2, &["2", "县科技馆", "0", "6"]);
    write_row(inst, 3, &["3", third, "0", "5"]);
    book.save(path).unwrap();
}

#[test]
fn every_sheet_with_a_unit_list_is_read_and_named() {
    let k = hq();
    let path = k.dir().join("分类名单.xlsx");
    // The same unit on two sheets: refused, naming both places.
    two_sheets(&path, "县审计局");
    let out = import(&k, &path, &[]).failed();
    out.stderr_has(&[
        "工作表“事业单位”第 4 行",
        "“县审计局”与工作表“行政机关”第 2 行重复",
        "未导入任何单位",
    ]);
    assert!(units(&k).is_empty());
    // Corrected, both sheets are read.
    two_sheets(&path, "县文化馆");
    let out = import(&k, &path, &[]).ok();
    out.stdout_has(&[
        "新增 5 个单位",
        "工作表“行政机关”：表头在第 1 行，单位在第 2–3 行",
        "工作表“事业单位”：表头在第 1 行，单位在第 2–4 行",
    ]);
    let names: Vec<String> = quotas(&k).into_iter().map(|u| u.0).collect();
    assert_eq!(
        names,
        ["县审计局", "县统计局", "县档案馆", "县科技馆", "县文化馆"]
    );
}

fn csv(dir: &Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let text: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
    let path = dir.join(name);
    std::fs::write(&path, format!("\u{feff}{}\r\n", text.join("\r\n"))).unwrap();
    path
}

#[test]
fn units_listed_under_another_keep_their_parent() {
    let k = hq();
    let path = csv(
        k.dir(),
        "下属.csv",
        &[
            &["序号", "单位名称", "行政编制", "事业编制"],
            &["1", "县农业农村局", "15", "0"],
            &["", "其中：县农业技术推广中心", "0", "20"],
            &["", "└县农业综合执法大队", "0", "12"],
            &["2", "县文化和旅游局", "10", "0"],
            &["", "\u{3000}\u{3000}县图书馆", "0", "8"],
            &["", "—县文化馆", "0", "6"],
            &["", "政府工作部门", "", ""],
            &["", "—县档案馆", "0", "5"],
        ],
    );
    let out = import(&k, &path, &[]).ok();
    out.stdout_has(&[
        "下属单位：县农业技术推广中心（属县农业农村局）",
        "名称已规范：第3行“其中：县农业技术推广中心”→“县农业技术推广中心”",
    ]);
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        parents(&k),
        [
            ("县农业农村局".into(), None),
            ("县农业技术推广中心".into(), some("县农业农村局")),
            ("县农业综合执法大队".into(), some("县农业农村局")),
            ("县文化和旅游局".into(), None),
            ("县图书馆".into(), some("县文化和旅游局")),
            ("县文化馆".into(), some("县文化和旅游局")),
            // After a section heading, no unit above it is its parent.
            ("县档案馆".into(), None),
        ]
    );
}

#[test]
fn a_roster_is_named_as_one_not_refused_as_duplicates() {
    let k = hq();
    let path = csv(
        k.dir(),
        "花名册.csv",
        &[
            &["序号", "姓名", "单位", "编制类型", "职务"],
            &["1", "张三", "县审计局", "行政", "局长"],
            &["2", "李四", "县审计局", "行政", "副局长"],
            &["3", "王五", "县审计局", "事业", "科员"],
        ],
    );
    let out = import(&k, &path, &[]).failed();
    out.stderr_has(&["看来是实名制花名册", "kaocha roster import", "未作任何修改"]);
    assert!(
        !out.stderr.contains("重复"),
        "not reported as duplicate units: {}",
        out.stderr
    );
    assert!(units(&k).is_empty());
}

#[test]
fn a_parent_column_names_the_parent_and_a_wrong_one_is_refused() {
    let k = hq();
    let bad = csv(
        k.dir(),
        "主管.csv",
        &[
            &["单位名称", "主管部门", "事业编制"],
            &["县农业农村局", "", "0"],
            &["县农业技术推广中心", "县农业农村局", "20"],
            &["县档案馆", "县档案局", "5"],
            &["县科技馆", "县科技馆", "6"],
        ],
    );
    let out = import(&k, &bad, &[]).failed();
    out.stderr_has(&[
        "第 4 行，列“主管部门”（B 列）：没有单位“县档案局”",
        "第 5 行，列“主管部门”（B 列）：“县科技馆”不能是自己的上级单位",
    ]);
    assert!(units(&k).is_empty());
    let good = csv(
        k.dir(),
        "主管2.csv",
        &[
            &["单位名称", "主管部门", "事业编制"],
            &["县农业农村局", "", "0"],
            &["县农业技术推广中心", "县农业农村局", "20"],
        ],
    );
    import(&k, &good, &[]).ok();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        parents(&k),
        [
            ("县农业农村局".into(), None),
            ("县农业技术推广中心".into(), some("县农业农村局")),
        ]
    );
    // A file that would make the two each other's parent is refused whole.
    let looped = csv(
        k.dir(),
        "主管3.csv",
        &[
            &["单位名称", "主管部门"],
            &["县农业农村局", "县农业技术推广中心"],
        ],
    );
    import(&k, &looped, &[])
        .failed()
        .stderr_has(&["上级单位形成了循环", "未作任何修改"]);
    assert_eq!(parents(&k)[0], ("县农业农村局".into(), None));
}

#[test]
fn hq_sets_and_clears_a_parent_by_name_and_a_loop_is_refused() {
    use kaocha::domain::UnitField;
    use kaocha::hq::units::set_unit_field;
    let k = hq();
    let list = csv(
        k.dir(),
        "l.csv",
        &[
            &["单位名称", "行政编制"],
            &["县农业农村局", "15"],
            &["县畜牧站", "0"],
        ],
    );
    import(&k, &list, &[]).ok();
    let store = kaocha::store::Store::open(k.dir()).unwrap();
    let child = set_unit_field(&store, "县畜牧站", UnitField::Parent, "县 农业农村局").unwrap();
    assert_eq!(child.parent.as_deref(), Some("u1"));
    let err = set_unit_field(&store, "县农业农村局", UnitField::Parent, "县畜牧站").unwrap_err();
    assert!(err.to_string().contains("循环"), "{err}");
    let err = set_unit_field(&store, "县畜牧站", UnitField::Parent, "县气象局").unwrap_err();
    assert!(err.to_string().contains("没有单位“县气象局”"), "{err}");
    let cleared = set_unit_field(&store, "县畜牧站", UnitField::Parent, "").unwrap();
    assert_eq!(cleared.parent, None);
}
