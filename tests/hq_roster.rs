//! The 实名制 roster through the real binary (issue 15): counts per 编制类型
//! and unit, leaders, a row of a unit the campaign does not assess, 身份证号
//! kept masked only (nowhere in the data folder in full), and refusals that
//! say what to do and change nothing.

mod common;

use std::path::{Path, PathBuf};

use common::Kaocha;
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

const FULL_ID: &str = "371522198001011234";

fn hq() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2024年茌平县机构编制评估",
        "--kind",
        "jgbz",
        "--year",
        "2024",
    ])
    .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(
        &list,
        "单位名称,行政编制,事业编制,工勤编制,领导职数\r\n县审计局,10,2,1,3\r\n县统计局,8,0,1,3\r\n",
    )
    .unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    k
}

fn roster_book(dir: &Path, rows: &[[&str; 8]]) -> PathBuf {
    let path = dir.join("花名册.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("实名制花名册").unwrap();
    ws.write_string(0, 0, "县直机关实名制管理人员花名册")
        .unwrap();
    let header = [
        "序号",
        "姓名",
        "单位",
        "编制类型",
        "实际工作单位",
        "所在内设机构",
        "职务",
        "是否领导职务",
        "身份证号",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_number(r, 0, f64::from(r - 1)).unwrap();
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16 + 1, *v).unwrap();
            }
        }
    }
    book.save(&path).unwrap();
    path
}

fn rows() -> Vec<[&'static str; 8]> {
    vec![
        ["张三", "县审计局", "行政", "", "", "局长", "是", FULL_ID],
        ["李四", "县审计局", "行政", "", "", "副局长", "是", ""],
        [
            "王五",
            "县审计局",
            "行政编制",
            "",
            "办公室",
            "主任",
            "是",
            "",
        ],
        ["赵六", "县审计局", "事业", "", "办公室", "科员", "否", ""],
        ["孙七", "县审计局", "工勤", "", "", "驾驶员", "否", ""],
        [
            "周八",
            "县统计局",
            "行政",
            "县委办公室",
            "",
            "科员",
            "否",
            "",
        ],
        ["吴九", "县统计局", "参公", "", "", "科员", "否", ""],
        ["郑十", "县气象局", "事业", "", "", "科员", "否", ""],
        ["钱一", "县 统计局", "行政", "", "", "局长", "是", ""],
    ]
}

#[test]
fn a_roster_counts_each_units_people_by_kind_and_its_leaders() {
    let k = hq();
    let path = roster_book(k.dir(), &rows());
    let report = k
        .run(["roster", "import", path.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(report["sheets"][0]["header_row"], 2, "{report}");
    assert_eq!(
        report["units"],
        json!([
            {"unit": "县审计局", "people": 5, "counts": {
                "admin": 3, "inst": 1, "worker": 1, "other": 0,
                "leaders": 2, "body_leaders": 1}},
            {"unit": "县统计局", "people": 3, "counts": {
                "admin": 2, "inst": 1, "worker": 0, "other": 0,
                "leaders": 1, "body_leaders": 0}},
        ])
    );
    // 县气象局 is not assessed: passed over and said so, with its row.
    assert_eq!(
        report["unknown_units"],
        json!([{"sheet": "实名制花名册", "row": 10, "unit": "县气象局"}])
    );
    let shown: Value = k.run(["roster", "show", "县统计局", "--json"]).ok().json();
    let people = shown["people"].as_array().unwrap();
    assert_eq!(people[0]["name"], "周八");
    assert_eq!(people[0]["works_at"], "县委办公室");
    assert_eq!(people[0]["row"], 8);
}

#[test]
fn the_id_number_is_kept_masked_and_never_shown_in_full() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let path = roster_book(files.path(), &rows());
    let out = k.run(["roster", "import", path.to_str().unwrap()]).ok();
    out.stdout_has(&[
        "县审计局：5 人（行政 3，事业 1，工勤 1，其他 0），部门领导 2，内设机构领导 1",
    ]);
    out.stdout_has(&["不是本任务被评估单位、未导入的行：第10行“县气象局”"]);
    let shown = k.run(["roster", "show", "县审计局"]).ok();
    shown.stdout_has(&["张三", "3715**********1234"]);
    assert!(!shown.stdout.contains(FULL_ID));
    let masked = k.run(["roster", "show", "县审计局", "--mask-names"]).ok();
    masked.stdout_has(&["张*", "王*"]);
    assert!(!masked.stdout.contains("张三"));
    // Nowhere in the data folder (journal, database) in full.
    let mut stack = vec![k.dir().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                assert!(
                    !bytes
                        .windows(FULL_ID.len())
                        .any(|w| w == FULL_ID.as_bytes()),
                    "{} holds the full 身份证号",
                    p.display()
                );
                assert!(
                    !bytes.windows(12).any(|w| w == &FULL_ID.as_bytes()[4..16]),
                    "{} holds the middle of the 身份证号",
                    p.display()
                );
            }
        }
    }
}

#[test]
fn a_roster_with_problems_is_refused_row_by_row_and_nothing_is_written() {
    let k = hq();
    let mut bad = rows();
    bad[1][2] = "聘用";
    bad[2][6] = "也许";
    bad[3][7] = "37152219800101";
    bad[4][0] = "";
    let path = roster_book(k.dir(), &bad);
    let out = k.run(["roster", "import", path.to_str().unwrap()]).failed();
    out.stderr_has(&[
        "有 4 处问题",
        "工作表“实名制花名册”第 4 行，列“编制类型”（D 列）：“聘用”不是可识别的编制类型",
        "第 5 行，列“是否领导职务”（H 列）：“也许”不是“是”或“否”",
        "第 6 行，列“身份证号”（I 列）：身份证号格式不对",
        "第 7 行，列“姓名”（B 列）：姓名为空",
    ]);
    assert!(
        !out.stderr.contains("37152219800101"),
        "the number itself is never echoed"
    );
    k.run(["roster", "show", "县审计局"])
        .failed()
        .stderr_has(&["还没有花名册"]);
}

#[test]
fn a_file_that_is_no_roster_is_named_as_such() {
    let k = hq();
    let list = k.dir().join("单位.csv");
    let out = k.run(["roster", "import", list.to_str().unwrap()]).failed();
    out.stderr_has(&["找不到花名册表头", "kaocha units import", "未作任何修改"]);
}

#[test]
fn a_new_registration_form_is_prefilled_from_the_roster_and_stays_editable() {
    let k = hq();
    let files = tempfile::tempdir().unwrap();
    let path = roster_book(files.path(), &rows());
    k.run(["roster", "import", path.to_str().unwrap()]).ok();
    let id = k.new_entry("县审计局", "jgbz.registration", "");
    let answers = &k.show(&id)["answers"];
    assert_eq!(answers["admin_actual"], 3, "{answers}");
    assert_eq!(answers["inst_actual"], 1);
    assert_eq!(answers["worker_actual"], 1);
    assert_eq!(answers["other_actual"], 0);
    assert_eq!(answers["leader_posts_actual"], 2);
    assert_eq!(answers["body_leader_posts_actual"], 1);
    // The quota still comes from the unit list.
    assert_eq!(answers["admin_quota"], 10);
    k.set(&id, "admin_actual=4");
    assert_eq!(k.show(&id)["answers"]["admin_actual"], 4);
    // Each unit from its own roster.
    let other = k.new_entry("县统计局", "jgbz.registration", "");
    assert_eq!(k.show(&other)["answers"]["admin_actual"], 2);
}

#[test]
fn without_a_leader_column_leaders_are_not_counted_nor_prefilled() {
    let k = hq();
    let path = k.dir().join("简表.csv");
    std::fs::write(
        &path,
        "姓名,单位,编制类型\r\n张三,县审计局,行政\r\n李四,县审计局,事业\r\n",
    )
    .unwrap();
    let out = k.run(["roster", "import", path.to_str().unwrap()]).ok();
    out.stdout_has(&[
        "县审计局：2 人（行政 1，事业 1，工勤 0，其他 0）",
        "没有“是否领导职务”列",
    ]);
    let id = k.new_entry("县审计局", "jgbz.registration", "");
    let answers = &k.show(&id)["answers"];
    assert_eq!(answers["admin_actual"], 1);
    assert!(answers.get("leader_posts_actual").is_none(), "{answers}");
}
