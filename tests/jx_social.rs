//! 社会评价 through the real binary (issue 16): the campaign states its
//! rule, the questionnaires entered for a unit become its 社会评价 score
//! with the sample shown, drafts and 不了解 are not counted, and too few
//! respondents is reported while the team's own score stands.

mod common;

use common::Kaocha;

fn report(k: &Kaocha) -> String {
    let path = k.dir().join("单位报告.md");
    k.run(["report", "unit", "县中心血站", "-o", path.to_str().unwrap()])
        .ok();
    std::fs::read_to_string(path).unwrap()
}

fn row<'a>(report: &'a str, label: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with('|') && l.contains(label))
        .unwrap_or_default()
}

fn questionnaires(k: &Kaocha, answers: &[(&str, usize)]) {
    for (value, n) in answers {
        for _ in 0..*n {
            let id = k.new_entry(
                "县中心血站",
                "jx.questionnaire",
                &format!("respondent=client q_service={value} q_efficiency=satisfied q_open=satisfied overall={value}"),
            );
            k.run(["entry", "finalize", &id]).ok();
        }
    }
}

#[test]
fn questionnaires_become_the_social_score_by_the_campaigns_rule() {
    let k = Kaocha::new("zh");
    k.line("campaign new --name 2014年聊城事业单位绩效考核 --kind jx")
        .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县中心血站\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    k.new_entry(
        "县中心血站",
        "jx.scoring",
        "reg_mgmt=10 social_eval=9 main_business=40 econ_social=15 mgmt_ops=8",
    );
    // Without a rule the team's score stands, and nothing is said.
    questionnaires(
        &k,
        &[("very_satisfied", 3), ("satisfied", 2), ("unknown", 1)],
    );
    let r = report(&k);
    assert!(row(&r, "社会评价（").contains("| 9 |"), "{r}");
    assert!(!r.contains("份计入") && !r.contains("未按问卷折算"), "{r}");

    // A rule asking for 5: 3 × 1 + 2 × 0.8 = 4.6 over 5 counted (不了解
    // is not) = 0.92 → 9.2 of 10; the draft is not counted.
    k.line("campaign set procedure.social=default procedure.social.min_sample=5")
        .ok();
    k.new_entry(
        "县中心血站",
        "jx.questionnaire",
        "respondent=client overall=unsatisfied",
    );
    let r = report(&k);
    let social = row(&r, "社会评价（");
    assert!(social.contains("| 9.2 |"), "{social}");
    assert!(
        social.contains(
            "社会评价问卷5份计入（非常满意3、满意2、基本满意0、不满意0、不了解1），满意度92%"
        ),
        "{social}"
    );
    // 共性 = 10 + 9.2; total = 19.2 + 40 + 15 + 8 = 82.2.
    assert!(r.contains("总分 82.2 分，等次 B。"), "{r}");

    // Bands: 0.92 reaches the 0.9 band's 10 points.
    k.line("campaign set procedure.social.bands=0.9:10,0.8:8")
        .ok();
    let social_row = row(&report(&k), "社会评价（").to_string();
    assert!(social_row.contains("| 10 |"), "{social_row}");
    assert!(social_row.contains("达到90%档，得10分"), "{social_row}");

    // Asking for 30: too few, reported; the team's 9 stands.
    k.line("campaign set procedure.social.min_sample=30").ok();
    let r = report(&k);
    let social = row(&r, "社会评价（");
    assert!(social.contains("| 9 |"), "{social}");
    assert!(
        social.contains("社会评价问卷6份，计入5份，少于规定的30份，未按问卷折算（满意度92%）"),
        "{social}"
    );
    k.refused(
        "campaign set procedure.social.weights=satisfied:2",
        &["权重为 0 到 1"],
    );
}
