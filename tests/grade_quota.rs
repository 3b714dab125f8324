//! 确定等次 by quota through the real binary (issue 16): a 绩效考核 campaign
//! caps grade A at 50 % of the units scored; of three units over the A line,
//! two with an equal total, the one with the lower 共性指标 score moves to B
//! and the summary says why. Hand-computed: totals 96, 92 (共性 19), 92 (共性
//! 18), 80; 4 scored units × 50 % = 2 places.

mod common;

use common::Kaocha;

fn jx() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2014年莘县事业单位绩效考核",
        "--kind",
        "jx",
    ])
    .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(
        &list,
        "单位名称\r\n县人民医院\r\n县中医院\r\n县妇幼保健院\r\n县疾控中心\r\n",
    )
    .unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    for (unit, scores) in [
        ("县人民医院", [10, 10, 48, 19, 9]),
        ("县中医院", [10, 9, 46, 18, 9]),
        ("县妇幼保健院", [9, 9, 47, 18, 9]),
        ("县疾控中心", [8, 8, 40, 16, 8]),
    ] {
        let items = [
            "reg_mgmt",
            "social_eval",
            "main_business",
            "econ_social",
            "mgmt_ops",
        ];
        let sets: Vec<String> = items
            .iter()
            .zip(scores)
            .map(|(i, s)| format!("{i}={s}"))
            .collect();
        k.new_entry(unit, "jx.scoring", &sets.join(" "));
    }
    k
}

/// The summary's grade column, unit by unit, from the markdown report.
fn grades(k: &Kaocha) -> String {
    let path = k.dir().join("汇总.md");
    k.run(["report", "campaign", "-o", path.to_str().unwrap()])
        .ok();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn a_quota_moves_the_lower_of_two_equal_totals_and_says_why() {
    let k = jx();
    let before = grades(&k);
    assert!(!before.contains("等次调整"), "{before}");
    k.run(["campaign", "set", "grading.a_quota=0.5"]).ok();
    let after = grades(&k);
    assert!(
        after.contains(
            "等次调整：县妇幼保健院 定为B——A等次限参评单位的50%（4个单位中2个），按总分、共性指标、个性指标得分排第3，调为B。"
        ),
        "{after}"
    );
    assert_eq!(after.matches("等次调整").count(), 1, "{after}");
    let row = |name: &str| {
        after
            .lines()
            .find(|l| l.starts_with('|') && l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("县中医院").contains("| A |"), "{}", row("县中医院"));
    assert!(
        row("县妇幼保健院").contains("| B |"),
        "{}",
        row("县妇幼保健院")
    );
}

#[test]
fn a_quota_outside_0_to_1_is_refused() {
    let k = jx();
    k.run(["campaign", "set", "grading.a_quota=30"])
        .failed()
        .stderr_has(&["等次比例 30 不合理", "未作任何修改"]);
}
