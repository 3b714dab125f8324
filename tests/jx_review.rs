//! 专业评审 through the real binary (issue 16): five raters score a unit's
//! specific indicators on their own sheets; with review_trim=1 the unit's
//! 主体业务 score is the mean without the highest and the lowest, the report
//! shows every rater's score and the spread, and a rater's draft does not
//! count. Hand-computed: 38 45 43 50 46 → (43 + 45 + 46) / 3 = 44.67.

mod common;

use common::Kaocha;

fn report(k: &Kaocha) -> String {
    let path = k.dir().join("单位报告.md");
    k.run(["report", "unit", "县人民医院", "-o", path.to_str().unwrap()])
        .ok();
    std::fs::read_to_string(path).unwrap()
}

fn row<'a>(report: &'a str, label: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with('|') && l.contains(label))
        .unwrap_or_default()
}

#[test]
fn the_raters_trimmed_mean_is_the_units_specific_score() {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2014年聊城事业单位绩效考核",
        "--kind",
        "jx",
    ])
    .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县人民医院\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    k.new_entry(
        "县人民医院",
        "jx.scoring",
        "reg_mgmt=10 social_eval=9 main_business=40 econ_social=15 mgmt_ops=8",
    );
    // Before any review, the 考核组's own scores stand.
    assert!(row(&report(&k), "主体业务").contains("| 40 |"));
    for (rater, score) in [("甲", 38), ("乙", 45), ("丙", 43), ("丁", 50), ("戊", 46)] {
        let id = k.new_entry(
            "县人民医院",
            "jx.review",
            &format!("rater={rater} main_business={score} econ_social=18 mgmt_ops=9"),
        );
        k.run(["entry", "finalize", &id]).ok();
    }
    // A draft sheet is no score yet.
    k.new_entry("县人民医院", "jx.review", "rater=己 main_business=10");
    // The mean by default: (38+45+43+50+46)/5 = 44.4.
    assert!(
        row(&report(&k), "主体业务").contains("| 44.4 |"),
        "{}",
        report(&k)
    );
    k.run(["campaign", "set", "grading.review_trim=1"]).ok();
    let r = report(&k);
    let business = row(&r, "主体业务");
    assert!(business.contains("| 44.67 |"), "{business}");
    assert!(
        business
            .contains("评委5人：38、45、43、50、46；去掉最高分和最低分（38、50）后平均；极差12"),
        "{business}"
    );
    // 个性 = 44.67 + 18 + 9 = 71.67; total = 10 + 9 + 71.67 = 90.67.
    assert!(row(&r, "个性指标合计").contains("| 71.67 |"), "{r}");
    assert!(r.contains("总分 90.67 分，等次 A。"), "{r}");
    k.run(["campaign", "set", "grading.review_trim=1.5"])
        .failed()
        .stderr_has(&["review_trim 1.5 不合理"]);
}
