//! Automatic findings on a fixture campaign (see `analysis_fixture`), every
//! figure worked out by hand in the comments: 超编 per category, 超职数,
//! 空壳 bodies by name, 擅自设立, 内设机构超限, 混岗, the questionnaire share
//! and the tags; the 核定与实有 table; the demo's findings.

mod analysis_fixture;

use analysis_fixture::build;
use kaocha::analysis::rules::Rules;
use kaocha::analysis::{Finding, UnitAnalysis};
use serde_json::{Value, json};

/// id, 核定, 实有, 差额 of a table line.
type TableRow<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>);

fn finding<'a>(a: &'a UnitAnalysis, rule: &str, n: usize) -> &'a Finding {
    a.findings
        .iter()
        .filter(|f| f.rule == rule)
        .nth(n)
        .unwrap_or_else(|| panic!("no finding #{n} of {rule} in {:#?}", a.findings))
}

fn num(f: &Finding, name: &str) -> Value {
    f.numbers.get(name).cloned().unwrap_or(Value::Null)
}

#[test]
fn unit_1_findings_number_by_number() {
    let f = build();
    let a = f.unit("u1");
    let rules: Vec<&str> = a.findings.iter().map(|f| f.rule.as_str()).collect();
    // In rule order. Not firing: worker 2 = 2, other 1 = 1, body leaders 4 = 4,
    // mixed_posts 0, and no #空壳机构/#混岗混编 tags.
    assert_eq!(
        rules,
        [
            "overstaff_admin",
            "overstaff_inst",
            "overlead_dept",
            "shell_body",
            "shell_body",
            "unapproved_body",
            "bodies_over",
            "short_staff_survey",
            "short_staff_talk",
            "overlap_talk",
            "strengthen_talk",
        ]
    );
    let reg = a.registration.clone().unwrap_or_default();

    // 超编, one finding per 编制类别: admin 12 − 10 = 2, inst 7 − 5 = 2.
    let admin = finding(&a, "overstaff_admin", 0);
    assert_eq!(admin.category, "超编");
    assert_eq!(
        (
            num(admin, "quota"),
            num(admin, "actual"),
            num(admin, "over")
        ),
        (json!(10), json!(12), json!(2))
    );
    assert_eq!(admin.facts, "行政编制核定10名，实有12名，超编2名。");
    assert_eq!(admin.sources, vec![reg.clone()]);
    assert_eq!(admin.key, format!("overstaff_admin:u1:{reg}"));
    assert_eq!(admin.severity, "major");
    assert!(admin.suggestion.contains("先出后进"));
    let inst = finding(&a, "overstaff_inst", 0);
    assert_eq!(
        (num(inst, "quota"), num(inst, "actual"), num(inst, "over")),
        (json!(5), json!(7), json!(2))
    );

    // 超职数: 部门领导 4 − 3 = 1.
    let lead = finding(&a, "overlead_dept", 0);
    assert_eq!(lead.category, "超职数配备领导干部");
    assert_eq!(lead.facts, "部门领导职数核定3名，实配4名，超职数1名。");

    // 空壳: 综合股 (0 people) and 信息中心 (1 person, its head); 法规股 has
    // 1 person who is not its head, so it is no shell.
    let shell0 = finding(&a, "shell_body", 0);
    let shell1 = finding(&a, "shell_body", 1);
    assert_eq!(num(shell0, "name"), json!("综合股"));
    assert_eq!(num(shell0, "actual"), json!(0));
    assert_eq!(shell0.facts, "内设机构“综合股”实有0人，有机构无人员。");
    assert_eq!(num(shell1, "name"), json!("信息中心"));
    assert_eq!(
        shell1.facts,
        "内设机构“信息中心”实有1人，仅负责人到位，有机构无人员。"
    );
    assert!(shell0.key.starts_with(&format!("shell_body:u1:{reg}:r")));
    assert_ne!(shell0.key, shell1.key);
    assert!(
        shell0.evidence[0].contains("第 2 行"),
        "{:?}",
        shell0.evidence
    );
    assert!(
        shell1.evidence[0].contains("第 3 行"),
        "{:?}",
        shell1.evidence
    );

    // 擅自设立: 信息中心 (body_approved = 否).
    let unapproved = finding(&a, "unapproved_body", 0);
    assert_eq!(unapproved.category, "擅自设立机构");
    assert_eq!(unapproved.severity, "severe");
    assert_eq!(
        unapproved.facts,
        "内设机构“信息中心”未经机构编制部门批准设立。"
    );

    // 内设机构超限: 4 bodies > 3 approved.
    let over = finding(&a, "bodies_over", 0);
    assert_eq!(
        (num(over, "quota"), num(over, "count"), num(over, "over")),
        (json!(3), json!(4), json!(1))
    );

    // 人员紧张 (questionnaires): 11 answers to q2 (the deleted 12th does not
    // count); tight 5 + severe 2 = 7; 7/11 = 63.6 % ≥ 50 %, 11 ≥ 5.
    let survey = finding(&a, "short_staff_survey", 0);
    assert_eq!(survey.category, "人员紧张");
    assert_eq!(
        (
            num(survey, "answered"),
            num(survey, "hits"),
            num(survey, "percent")
        ),
        (json!(11), json!(7), json!(63.6))
    );
    assert_eq!(
        survey.facts,
        "11份有效问卷中，7份（63.6%）认为现有编制“紧张”或“严重不足”。"
    );
    assert_eq!(survey.sources.len(), 11);
    assert_eq!(survey.key, "short_staff_survey:u1");
    assert!(
        survey.evidence[0].contains("“紧张” 5 份、“严重不足” 2 份"),
        "{:?}",
        survey.evidence
    );

    // 人员紧张 (tags): 张三's q4 "#人员紧张" and 王五's remark ticked 人员紧张 =
    // 2 mentions in 2 entries; 李四's "#人员紧张" is in q7 (tagged 职能需强化
    // only) and does not count.
    let talk = finding(&a, "short_staff_talk", 0);
    assert_eq!(
        (num(talk, "mentions"), num(talk, "entries")),
        (json!(2), json!(2))
    );
    assert_eq!(talk.facts, "访谈、座谈中有2处反映人员紧张（2份记录）。");
    assert!(
        talk.evidence
            .iter()
            .any(|e| e.contains("张三") && e.contains("#人员紧张")),
        "{:?}",
        talk.evidence
    );
    assert!(
        talk.evidence
            .iter()
            .any(|e| e.contains("王五：股室人手不够")),
        "{:?}",
        talk.evidence
    );
    assert!(!talk.evidence.iter().any(|e| e.contains("李四")));

    // 职能交叉不顺: 张三's q2; 职能需强化: 赵六's remark.
    let overlap = finding(&a, "overlap_talk", 0);
    assert_eq!(
        (num(overlap, "mentions"), num(overlap, "entries")),
        (json!(1), json!(1))
    );
    let strengthen = finding(&a, "strengthen_talk", 0);
    assert_eq!(num(strengthen, "mentions"), json!(1));
    assert!(strengthen.evidence[0].contains("赵六"));
}

#[test]
fn unit_2_and_3_findings() {
    let f = build();
    let a = f.unit("u2");
    let rules: Vec<&str> = a.findings.iter().map(|f| f.rule.as_str()).collect();
    // admin: the registration's corrected quota 7 (not the baseline's 8):
    // 8 − 7 = 1; worker 2 − 1 = 1; body leaders 5 − 3 = 2; 混岗 3.
    // Questionnaires: 4 of 4 say 严重不足 (100 %) but 4 < 5: no finding.
    assert_eq!(
        rules,
        [
            "overstaff_admin",
            "overstaff_worker",
            "overlead_body",
            "mixed_posts"
        ]
    );
    let admin = finding(&a, "overstaff_admin", 0);
    assert_eq!(
        (
            num(admin, "quota"),
            num(admin, "actual"),
            num(admin, "over")
        ),
        (json!(7), json!(8), json!(1))
    );
    let worker = finding(&a, "overstaff_worker", 0);
    assert_eq!(
        (
            num(worker, "quota"),
            num(worker, "actual"),
            num(worker, "over")
        ),
        (json!(1), json!(2), json!(1))
    );
    let body = finding(&a, "overlead_body", 0);
    assert_eq!(body.facts, "内设机构领导职数核定3名，实配5名，超职数2名。");
    assert_eq!(num(finding(&a, "mixed_posts", 0), "mixed"), json!(3));

    // u3: no registration; 6 questionnaires, tight 2 + severe 1 = 3 of 6 =
    // exactly 50 % (the line is ≥); one tagged interview; the deleted
    // interview's #职能交叉不顺 never counts.
    let c = f.unit("u3");
    let rules: Vec<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["short_staff_survey", "short_staff_talk"]);
    let survey = finding(&c, "short_staff_survey", 0);
    assert_eq!(
        (
            num(survey, "answered"),
            num(survey, "hits"),
            num(survey, "percent")
        ),
        (json!(6), json!(3), json!(50))
    );
    assert_eq!(
        num(finding(&c, "short_staff_talk", 0), "mentions"),
        json!(1)
    );
    assert_eq!(c.registration, None);
}

#[test]
fn baseline_vs_actual_table() {
    let f = build();
    let a = f.unit("u1");
    let rows: Vec<TableRow> = a
        .table
        .iter()
        .map(|l| (l.id.as_str(), l.quota, l.actual, l.diff))
        .collect();
    assert_eq!(
        rows,
        [
            ("admin", Some(10.0), Some(12.0), Some(2.0)),
            ("inst", Some(5.0), Some(7.0), Some(2.0)),
            ("worker", Some(2.0), Some(2.0), Some(0.0)),
            ("other", Some(1.0), Some(1.0), Some(0.0)),
            ("leaders", Some(3.0), Some(4.0), Some(1.0)),
            ("body_leaders", Some(4.0), Some(4.0), Some(0.0)),
            ("nonleaders", Some(2.0), None, None), // 实配 not filled
            ("bodies", Some(3.0), Some(4.0), Some(1.0)),
        ]
    );
    // Without a registration the 核定 column still comes from the baseline.
    let c = f.unit("u3");
    assert_eq!(c.table[0].quota, Some(5.0));
    assert_eq!(c.table[0].actual, None);
    assert_eq!(c.table[3].quota, None); // other_quota not set for u3
}

#[test]
fn demo_registrations_raise_the_expected_findings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ws =
        kaocha::app::workspace::Workspace::open(dir.path(), None).unwrap_or_else(|e| panic!("{e}"));
    kaocha::app::demo::seed(&ws.store).unwrap_or_else(|e| panic!("{e}"));
    let campaign = ws.campaign().unwrap_or_else(|e| panic!("{e}"));
    let rules = Rules::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let units = kaocha::report::analyse_campaign(&ws.store, &campaign, &rules)
        .unwrap_or_else(|e| panic!("{e}"));
    let ajj = units
        .iter()
        .find(|u| u.unit.name == "县安监局")
        .unwrap_or_else(|| panic!("安监局"));
    let cats: Vec<&str> = ajj.findings.iter().map(|f| f.category.as_str()).collect();
    assert!(
        cats.contains(&"超编") && cats.contains(&"超职数配备领导干部"),
        "{cats:?}"
    );
    let kjj = units
        .iter()
        .find(|u| u.unit.name == "县科技局")
        .unwrap_or_else(|| panic!("科技局"));
    let shell = kjj.findings.iter().find(|f| f.category == "空壳机构");
    assert_eq!(
        shell.map(|f| f.numbers.get("name").cloned()),
        Some(Some(json!("科技情报所")))
    );
}

/// The campaign's analyses (read unit by unit on two threads) are each
/// unit's own analysis, in the campaign's order, without the digests (no
/// campaign report or screen shows them); the fixture's units have digests
/// of their own, so leaving them out is seen.
#[test]
fn a_campaigns_analyses_are_each_units_own_in_the_campaigns_order() {
    let f = build();
    let all = f.units();
    let ids: Vec<&str> = all.iter().map(|a| a.unit.id.as_str()).collect();
    let order: Vec<&str> = f.campaign.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, order);
    let mut with_digests = 0;
    for a in &all {
        let mut own = f.unit(&a.unit.id);
        with_digests += usize::from(!own.digests.is_empty());
        assert!(a.digests.is_empty(), "{} kept its digests", a.unit.id);
        own.digests.clear();
        assert_eq!(
            serde_json::to_value(a).unwrap_or_default(),
            serde_json::to_value(&own).unwrap_or_default(),
            "{}",
            a.unit.id
        );
    }
    assert!(with_digests >= 2, "only {with_digests} units have digests");
}
