//! Person-level findings from the 实名制 roster (issue 15), through the real
//! binary: 混岗混编 (事业编制 in a 机关's 内设机构, 行政编制 in a unit without
//! any), 在编不在岗/借调 and 超职数, each naming its people and the roster
//! rows it rests on; names only where the campaign allows them.

mod common;

use common::Kaocha;
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
    ])
    .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(
        &list,
        "单位名称,行政编制,事业编制,领导职数,内设机构领导职数,内设机构名称\r\n\
         县审计局,10,0,1,3,办公室、审计一股\r\n\
         县档案馆,0,5,2,0,\r\n",
    )
    .unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    let roster = k.dir().join("花名册.csv");
    std::fs::write(
        &roster,
        "序号,姓名,单位,编制类型,实际工作单位,所在内设机构,职务,是否领导职务\r\n\
         1,张三,县审计局,行政,,,局长,是\r\n\
         2,李四,县审计局,行政,,,副局长,是\r\n\
         3,赵六,县审计局,事业,,办公室,科员,否\r\n\
         4,孙七,县审计局,行政,县委办公室,,科员,否\r\n\
         5,周八,县档案馆,行政,,,科员,否\r\n\
         6,吴九,县档案馆,事业,,,馆员,否\r\n",
    )
    .unwrap();
    k.run(["roster", "import", roster.to_str().unwrap()]).ok();
    k
}

/// (rule, facts, evidence) of every finding of a unit.
fn findings(k: &Kaocha, unit: &str) -> Vec<(String, String, String)> {
    let all: Value = k.run(["findings", "--unit", unit, "--json"]).ok().json();
    all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["facts"].as_str().unwrap().to_string(),
                f["evidence"][0].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_person_level_finding_names_its_people_and_rows() {
    let k = hq();
    let found = findings(&k, "县审计局");
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        rules,
        ["roster_mixed", "roster_away", "roster_overlead"],
        "{found:?}"
    );
    assert_eq!(
        found[0].1,
        "实名制花名册显示，有1人混岗混编：赵*（事业编制，在办公室）。"
    );
    assert!(
        found[0].2.contains("花名册.csv") && found[0].2.ends_with("第 4 行"),
        "{}",
        found[0].2
    );
    assert_eq!(
        found[1].1,
        "实名制花名册显示，有1人编制在本单位、实际在其他单位工作：孙*（实际在县委办公室）。"
    );
    assert!(found[1].2.ends_with("第 5 行"), "{}", found[1].2);
    assert_eq!(
        found[2].1,
        "部门领导职数核定1名，实名制花名册中担任部门领导职务的有2人，超1人：张*（局长）、李*（副局长）。"
    );
    assert!(found[2].2.ends_with("第 2、3 行"), "{}", found[2].2);
    // 行政编制 in a unit that has none is 混编 too; a 事业 person there is not.
    let archive = findings(&k, "县档案馆");
    assert_eq!(archive.len(), 1, "{archive:?}");
    assert_eq!(
        archive[0].1,
        "实名制花名册显示，有1人混岗混编：周*（行政编制，本单位无行政编制）。"
    );
}

#[test]
fn names_appear_in_full_only_where_the_campaign_allows_them() {
    let k = hq();
    k.run(["campaign", "set", "roster_names=true"]).ok();
    let found = findings(&k, "县审计局");
    assert!(
        found[2].1.ends_with("张三（局长）、李四（副局长）。"),
        "{found:?}"
    );
    k.run(["campaign", "set", "roster_names=也许"])
        .failed()
        .stderr_has(&["roster_names", "未作任何修改"]);
}

#[test]
fn within_the_approved_posts_there_is_no_overlead_finding() {
    let k = hq();
    let list = k.dir().join("单位2.csv");
    std::fs::write(&list, "单位名称,领导职数\r\n县审计局,2\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    let rules: Vec<String> = findings(&k, "县审计局").into_iter().map(|f| f.0).collect();
    assert!(!rules.iter().any(|r| r == "roster_overlead"), "{rules:?}");
}

#[test]
fn leaders_without_approved_posts_are_a_gap_not_silence() {
    let k = hq();
    // 县档案馆's list gives 领导职数 2; a roster naming a leader of a unit
    // whose list gives none leaves 超职数 undecided, and says so.
    let list = k.dir().join("单位3.csv");
    std::fs::write(&list, "单位名称,行政编制\r\n县统计局,5\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    let roster = k.dir().join("花名册2.csv");
    std::fs::write(
        &roster,
        "姓名,单位,编制类型,职务,是否领导职务\r\n钱一,县统计局,行政,局长,是\r\n",
    )
    .unwrap();
    k.run(["roster", "import", roster.to_str().unwrap()]).ok();
    let all: Value = k
        .run(["findings", "--unit", "县统计局", "--json"])
        .ok()
        .json();
    let gaps: Vec<&str> = all["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        gaps,
        [
            "无法判断“花名册：部门领导超职数”：花名册中有领导职务人员，但缺少部门领导职数（单位名单未导入）；请导入单位名单"
        ]
    );
    assert!(all["findings"].as_array().unwrap().is_empty(), "{all}");
}
