//! The seven steps of the 绩效考核 procedure through the real binary
//! (issue 16): each step's state and date follow the unit's entries and the
//! campaign's procedure settings, in the unit report and in the 汇总's
//! 考核进度 sheet.

mod common;

use common::Kaocha;

fn md(k: &Kaocha, args: &[&str]) -> String {
    let path = k.dir().join("r.md");
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", path.to_str().unwrap()]);
    k.run(&all).ok();
    std::fs::read_to_string(path).unwrap()
}

/// The value of a step's row in a unit report's overview table.
fn step(report: &str, name: &str) -> String {
    let prefix = format!("| {name} | ");
    report
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(|rest| rest.trim_end_matches(" |").to_string())
        .unwrap_or_else(|| panic!("no {name} in\n{report}"))
}

fn finalize(k: &Kaocha, id: &str) {
    k.run(["entry", "finalize", id]).ok();
}

#[test]
fn each_step_follows_the_data() {
    let k = Kaocha::new("zh");
    k.line("campaign new --name 2014年聊城事业单位绩效考核 --kind jx")
        .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县疾控中心\r\n县卫生监督所\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    let today = k.line("entry new --unit 县疾控中心 --form jx.scoring").ok();
    let scoring = today.stdout.trim().to_string();
    let day = k.show(&scoring)["created_at"].as_str().unwrap()[..10].to_string();

    // Nothing set, nothing done.
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(step(&r, "自查自评"), "未开始");
    assert_eq!(step(&r, "考核预告"), "未开始 · 日期未定");
    assert_eq!(step(&r, "实地考察"), format!("进行中 · {day} · 0/2 项"));
    assert_eq!(step(&r, "社会评价"), "未开始");
    assert_eq!(step(&r, "专业评审"), "未开始");
    assert_eq!(step(&r, "确定等次"), "进行中");
    assert_eq!(step(&r, "公示备案"), "未开始 · 日期未定");

    k.line(
        "campaign set procedure.selfcheck_due=2000-01-01 procedure.visit_from=2014-11-03 \
         procedure.visit_to=2014-11-07 procedure.raters=甲，乙 procedure.social=default \
         procedure.social.min_sample=2 procedure.publicity_from=2000-02-01 \
         procedure.publicity_to=2000-02-07",
    )
    .ok();
    k.set(
        &scoring,
        "reg_mgmt=9 social_eval=8 main_business=45 econ_social=18 mgmt_ops=9",
    );
    finalize(&k, &scoring);
    let inspection = k.new_entry("县疾控中心", "inspection", "");
    let _ = inspection;
    for _ in 0..2 {
        let q = k.new_entry(
            "县疾控中心",
            "jx.questionnaire",
            "respondent=client q_service=satisfied q_efficiency=satisfied q_open=satisfied overall=very_satisfied",
        );
        finalize(&k, &q);
    }
    let a = k.new_entry(
        "县疾控中心",
        "jx.review",
        "rater=甲 main_business=44 econ_social=18 mgmt_ops=9",
    );
    finalize(&k, &a);
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(step(&r, "自查自评"), "逾期 · 2000-01-01");
    assert_eq!(
        step(&r, "考核预告"),
        "已完成 · 2014-11-03 · 考察 2014-11-03 至 2014-11-07"
    );
    // The inspection is still a draft: one of two required stages done.
    assert_eq!(step(&r, "实地考察"), format!("进行中 · {day} · 1/2 项"));
    assert_eq!(step(&r, "社会评价"), "已完成 · 问卷 2/2");
    assert_eq!(step(&r, "专业评审"), "进行中 · 评委 1/2 人定稿");
    // 9 + 10 (2 × very satisfied) + 44 + 18 + 9 = 90.
    assert_eq!(step(&r, "确定等次"), "已完成 · 总分 90");
    assert_eq!(step(&r, "公示备案"), "已完成 · 2000-02-07");

    let b = k.new_entry(
        "县疾控中心",
        "jx.review",
        "rater=乙 main_business=46 econ_social=18 mgmt_ops=9",
    );
    finalize(&k, &b);
    finalize(&k, &inspection);
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(
        step(&r, "专业评审"),
        format!("已完成 · {day} · 评委 2/2 人定稿")
    );

    // An objection left open holds the 公示 past its end; decided, it
    // lets it close.
    k.run([
        "objection",
        "add",
        "县疾控中心",
        "--text",
        "社会评价样本偏少",
        "--date",
        "2000-02-03",
    ])
    .ok();
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(
        step(&r, "公示备案"),
        "进行中 · 2000-02-07 · 异议 1 件待处理"
    );
    k.run([
        "objection",
        "decide",
        "1",
        "--rejected",
        "--outcome",
        "样本符合规定",
        "--date",
        "2000-02-06",
    ])
    .ok();
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(step(&r, "公示备案"), "已完成 · 2000-02-07");

    // A 公示 still to come.
    k.line("campaign set procedure.publicity_to=2999-01-10 procedure.publicity_from=2999-01-01")
        .ok();
    let r = md(&k, &["unit", "县疾控中心"]);
    assert_eq!(step(&r, "公示备案"), "未开始 · 2999-01-01");

    // The 汇总: one row per unit, a cell per step, the steps done.
    let c = md(&k, &["campaign"]);
    let c = c
        .split_once("## 五、考核进度")
        .unwrap_or_else(|| panic!("{c}"))
        .1;
    let row = c
        .lines()
        .find(|l| l.starts_with("| 1 | 县疾控中心 |"))
        .unwrap_or_else(|| panic!("{c}"))
        .to_string();
    assert!(
        row.contains("| 逾期 2000-01-01 | 已完成 2014-11-03 |") && row.ends_with("| 5/7 |"),
        "{row}"
    );
    let other = c
        .lines()
        .find(|l| l.starts_with("| 2 | 县卫生监督所 |"))
        .unwrap_or_else(|| panic!("{c}"))
        .to_string();
    assert!(other.ends_with("| 1/7 |"), "{other}");
}
