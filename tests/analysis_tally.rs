//! Questionnaire tallies (small groups folded, anonymous), scores (bonus cap,
//! repeated awards, grades) and the campaign summary on the fixture
//! campaign, every figure worked out by hand in the comments.

mod analysis_fixture;

use analysis_fixture::build;
use kaocha::analysis::Tally;

/// (count, percent) of each option of an item, overall.
fn counts(t: &Tally, item: &str) -> Vec<(String, usize, f64)> {
    let it = t
        .items
        .iter()
        .find(|i| i.item == item)
        .unwrap_or_else(|| panic!("{item}"));
    it.options
        .iter()
        .map(|o| (o.value.clone(), o.count, o.percent))
        .collect()
}

/// (count, percent) of each option of an item, in group `group`.
fn group_counts(t: &Tally, item: &str, group: &str) -> (usize, Vec<(usize, f64)>) {
    let it = t
        .items
        .iter()
        .find(|i| i.item == item)
        .unwrap_or_else(|| panic!("{item}"));
    let g = it
        .by_group
        .iter()
        .find(|g| g.group == group)
        .unwrap_or_else(|| panic!("{group}"));
    (
        g.answered,
        g.options.iter().map(|o| (o.count, o.percent)).collect(),
    )
}

#[test]
fn tallies_fold_small_groups_and_never_name_anyone() {
    let f = build();
    let a = f.unit("u1");
    assert_eq!(a.questionnaires, 11); // the deleted one is not counted
    let t = &a.tallies[0];
    assert_eq!(t.respondents, 11);
    // leader 2 < 3 → folded; the fold would hold 2 < 3, so the smallest shown
    // category (head, 4) joins it: 一般工作人员 5, 其他/不分组 2 + 4 = 6.
    let groups: Vec<(&str, &str, usize)> = t
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.label.as_str(), g.respondents))
        .collect();
    assert_eq!(
        groups,
        [("staff", "一般工作人员", 5), ("_other", "其他/不分组", 6)]
    );
    // every choice item but the respondent category: q1 … q8
    let items: Vec<&str> = t.items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(items, ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]);

    // q2 overall: ample 1/11 = 9.1 %, basic 3/11 = 27.3 %, tight 5/11 = 45.5 %,
    // severe 2/11 = 18.2 %.
    let q2 = counts(t, "q2");
    assert_eq!(
        q2,
        [
            ("ample".to_string(), 1, 9.1),
            ("basic".to_string(), 3, 27.3),
            ("tight".to_string(), 5, 45.5),
            ("severe".to_string(), 2, 18.2),
        ]
    );
    // staff (5): basic 1 = 20 %, tight 3 = 60 %, severe 1 = 20 %.
    assert_eq!(
        group_counts(t, "q2", "staff"),
        (5, vec![(0, 0.0), (1, 20.0), (3, 60.0), (1, 20.0)])
    );
    // other (6): ample 1 = 16.7 %, basic 2 = 33.3 %, tight 2 = 33.3 %, severe 1 = 16.7 %.
    assert_eq!(
        group_counts(t, "q2", "_other"),
        (6, vec![(1, 16.7), (2, 33.3), (2, 33.3), (1, 16.7)])
    );

    // q1: one questionnaire skipped it, so 10 answered: vwell 6 = 60 %, well 4 = 40 %.
    let q1 = t.items.iter().find(|i| i.item == "q1").map(|i| i.answered);
    assert_eq!(q1, Some(10));
    assert_eq!(
        counts(t, "q1")[..2],
        [
            ("vwell".to_string(), 6, 60.0),
            ("well".to_string(), 4, 40.0)
        ]
    );
    // staff answered 4: vwell 2, well 2; other 6: vwell 4 = 66.7 %, well 2 = 33.3 %.
    assert_eq!(
        group_counts(t, "q1", "staff").1[..2],
        [(2, 50.0), (2, 50.0)]
    );
    assert_eq!(
        group_counts(t, "q1", "_other").1[..2],
        [(4, 66.7), (2, 33.3)]
    );

    // Anonymous: nothing in the tally names an entry or a person.
    let text = serde_json::to_string(t).unwrap_or_default();
    for e in
        f.ws.store
            .entries("fx-2024", Some("u1"))
            .unwrap_or_default()
    {
        assert!(!text.contains(&e.id));
    }
    assert!(!text.contains("测试员"));

    // u2: one category only (staff 4) → no breakdown at all.
    let b = f.unit("u2");
    assert!(b.tallies[0].groups.is_empty());
    assert_eq!(
        counts(&b.tallies[0], "q2")[3],
        ("severe".to_string(), 4, 100.0)
    );
    // u3: leader 3 and head 3 are both shown; nothing is folded.
    let c = f.unit("u3");
    let t = &c.tallies[0];
    let groups: Vec<(&str, usize)> = t
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.respondents))
        .collect();
    assert_eq!(groups, [("leader", 3), ("head", 3)]);
    // q2 overall: tight 2 = 33.3 %, basic 3 = 50 %, severe 1 = 16.7 %.
    assert_eq!(
        counts(t, "q2")[1..],
        [
            ("basic".to_string(), 3, 50.0),
            ("tight".to_string(), 2, 33.3),
            ("severe".to_string(), 1, 16.7)
        ]
    );
    assert_eq!(
        group_counts(t, "q2", "head"),
        (3, vec![(0, 0.0), (2, 66.7), (1, 33.3), (0, 0.0)])
    );
}

#[test]
fn scores_bonus_cap_repeated_awards_and_grades() {
    let f = build();
    // u1: common 9 + 8.5 = 17.5; specific 46 + 18 + 8 = 72; indicators 89.5.
    // Bonus claimed 2 + 1 + 2 + 1 + 1 = 7; "省级 文明单位 " is "省级文明单位"
    // again, so only its higher row (2) counts: 6; capped at 5.
    // Total 89.5 + 5 = 94.5 → A.
    let s = f.unit("u1").score.unwrap_or_else(|| panic!("no score"));
    assert_eq!(
        (s.common_total, s.specific_total, s.indicators_total),
        (17.5, 72.0, 89.5)
    );
    assert_eq!(s.indicators_max, 100.0);
    assert_eq!(
        (s.bonus_claimed, s.bonus_counted, s.bonus_cap, s.bonus),
        (7.0, 6.0, 5.0, 5.0)
    );
    let counted: Vec<(&str, f64, bool)> = s
        .bonus_rows
        .iter()
        .map(|r| (r.item.as_str(), r.points, r.counted))
        .collect();
    assert_eq!(
        counted,
        [
            ("省级文明单位", 2.0, true),
            ("省级 文明单位", 1.0, false),
            ("国家级科技进步奖", 2.0, true),
            ("市级先进集体", 1.0, true),
            ("ISO9001认证", 1.0, true),
        ]
    );
    assert_eq!((s.total, s.grade.as_str(), s.complete), (94.5, "A", true));
    let social = s.sections[0]
        .indicators
        .iter()
        .find(|i| i.item == "social_eval");
    assert_eq!(
        social.and_then(|i| i.note.clone()).as_deref(),
        Some("满意度调查扣1.5分")
    );

    // u2: 8 + 8 = 16; 38 + 12.5 + 5 = 55.5; 71.5. Bonus 1 + 2 + 1 = 4 claimed;
    // 市级文明单位 twice: the 2-point row counts, the 1-point one not → 3
    // (under the cap). 71.5 + 3 = 74.5 < 75 → C (stacking would give 75.5, B).
    let s = f.unit("u2").score.unwrap_or_else(|| panic!("no score"));
    assert_eq!(
        (
            s.indicators_total,
            s.bonus_claimed,
            s.bonus_counted,
            s.bonus
        ),
        (71.5, 4.0, 3.0, 3.0)
    );
    assert_eq!((s.total, s.grade.as_str()), (74.5, "C"));
    assert_eq!(
        s.bonus_rows.iter().map(|r| r.counted).collect::<Vec<_>>(),
        [false, true, true]
    );

    // u3: 6 + 6 + 30 + 10 + 6 = 58 < fail line 60 → D.
    let s = f.unit("u3").score.unwrap_or_else(|| panic!("no score"));
    assert_eq!(
        (s.common_total, s.specific_total, s.total, s.grade.as_str()),
        (12.0, 46.0, 58.0, "D")
    );
}

#[test]
fn campaign_summary() {
    let f = build();
    // Nothing is recorded yet: every automatic finding is still to decide.
    let s = f.summary();
    assert_eq!(
        s.units
            .iter()
            .map(|u| (u.findings_total, u.open))
            .collect::<Vec<_>>(),
        [(0, 11), (0, 4), (0, 2)]
    );
    assert_eq!((s.findings_total, s.open_total), (0, 17));
    assert!(s.categories.is_empty());
    f.record_open(None);
    let s = f.summary();
    assert_eq!(s.open_total, 0);
    assert_eq!(
        s.staff,
        ["行政编制", "事业编制", "工勤编制", "机关其他编制"]
    );
    let line = |i: usize| &s.units[i];
    // u1: 11 findings; u2: 4; u3: 2 → 17.
    assert_eq!(
        s.units
            .iter()
            .map(|u| (u.name.as_str(), u.findings_total, u.questionnaires))
            .collect::<Vec<_>>(),
        [("甲局", 11, 11), ("乙局", 4, 4), ("丙中心", 2, 6)]
    );
    assert_eq!(s.findings_total, 17);
    // 核定/实有 per 编制类别: u2's admin quota is the registration's 7.
    let cells = |i: usize| {
        line(i)
            .staff
            .iter()
            .map(|c| (c.quota, c.actual))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cells(0),
        [
            (Some(10.0), Some(12.0)),
            (Some(5.0), Some(7.0)),
            (Some(2.0), Some(2.0)),
            (Some(1.0), Some(1.0))
        ]
    );
    assert_eq!(
        cells(1),
        [
            (Some(7.0), Some(8.0)),
            (Some(10.0), Some(10.0)),
            (Some(1.0), Some(2.0)),
            (Some(0.0), Some(0.0))
        ]
    );
    assert_eq!(
        cells(2),
        [
            (Some(5.0), None),
            (Some(5.0), None),
            (Some(1.0), None),
            (None, None)
        ]
    );
    assert_eq!(line(0).team.as_deref(), Some("第一组"));
    assert_eq!(line(2).team, None);
    assert_eq!(line(0).findings.get("超编"), Some(&2));
    assert_eq!(
        (line(0).score, line(0).grade.as_deref()),
        (Some(94.5), Some("A"))
    );
    // Findings by category, canonical order: 空壳 u1 2; 混岗 u2 1; 超编 u1 2 +
    // u2 2 = 4 at 2 units; 超职数 u1 1 + u2 1; 职能交叉 u1 1; 人员紧张 u1 2 + u3 2;
    // 职能需强化 u1 1; 擅自设立 u1 1; 内设机构超限 u1 1. 2+1+4+2+1+4+1+1+1 = 17.
    let cats: Vec<(&str, usize, usize)> = s
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.findings, c.units))
        .collect();
    assert_eq!(
        cats,
        [
            ("空壳机构", 2, 1),
            ("混岗混编", 1, 1),
            ("超编", 4, 2),
            ("超职数配备领导干部", 2, 2),
            ("职能交叉不顺", 1, 1),
            ("人员紧张", 4, 2),
            ("职能需强化", 1, 1),
            ("擅自设立机构", 1, 1),
            ("内设机构超限", 1, 1),
        ]
    );
    // Grades of 3 scored units: A 1 (33.3 %), B 0, C 1, D 1.
    let grades: Vec<(&str, usize, f64)> = s
        .grades
        .iter()
        .map(|g| (g.grade.as_str(), g.units, g.percent))
        .collect();
    assert_eq!(
        grades,
        [
            ("A", 1, 33.3),
            ("B", 0, 0.0),
            ("C", 1, 33.3),
            ("D", 1, 33.3)
        ]
    );
    assert_eq!(s.scored, 3);
}

/// A questionnaire with a multiple-choice item counts every option each
/// respondent ticked (shares of respondents, adding up past 100 %).
#[test]
fn a_multiple_choice_item_counts_every_ticked_option() {
    let source = r#"{"id": "t.multi", "version": 1, "title": "多选问卷", "kind": "questionnaire",
        "per_unit": "many", "anonymous": true, "sections": [{"id": "s", "title": "题目", "items": [
        {"id": "channels", "type": "multi", "label": "您通过哪些渠道了解“三定”规定",
         "options": [{"value": "doc", "label": "文件"}, {"value": "meeting", "label": "会议"},
                     {"value": "web", "label": "网站"}]}]}]}"#;
    let form = kaocha::form::load_form("t.multi.json", source).unwrap_or_else(|e| panic!("{e:?}"));
    let entry = |n: u32, ticked: &[&str]| {
        let root = kaocha::domain::RevisionDraft {
            entry: format!("0190e1c4-3a00-7000-8000-0000000000c{n}"),
            parents: vec![],
            author: kaocha::domain::Author {
                device: "test".into(),
                person: "匿名".into(),
            },
            at: "2013-11-26T10:32:05+08:00".into(),
            init: Some(kaocha::domain::EntryInit {
                campaign: "c".into(),
                unit: "u".into(),
                form: "t.multi".into(),
                form_version: 1,
                finding: None,
            }),
            changes: [("channels".to_string(), serde_json::json!(ticked))].into(),
            status: Some(kaocha::domain::Status::Draft),
            reason: None,
        }
        .seal();
        kaocha::domain::Entry::from_root(&root).expect("root")
    };
    let entries = [
        entry(1, &["doc", "meeting"]),
        entry(2, &["meeting", "web"]),
        entry(3, &["web"]),
        entry(4, &["doc", "meeting", "web"]),
    ];
    let refs: Vec<&kaocha::domain::Entry> = entries.iter().collect();
    let t = kaocha::analysis::tally(&form, &refs);
    assert_eq!(t.respondents, 4);
    let item = &t.items[0];
    assert!(item.multi);
    assert_eq!(item.answered, 4);
    let got: Vec<(&str, usize, f64)> = item
        .options
        .iter()
        .map(|o| (o.value.as_str(), o.count, o.percent))
        .collect();
    assert_eq!(
        got,
        [("doc", 2, 50.0), ("meeting", 3, 75.0), ("web", 3, 75.0)]
    );
    // One or two questionnaires would tell how a person answered: counted,
    // never tallied; three are.
    for n in [1, 2] {
        let t = kaocha::analysis::tally(&form, &refs[..n]);
        assert_eq!((t.respondents, t.items.len()), (n, 0), "{n} questionnaires");
    }
    let t = kaocha::analysis::tally(&form, &refs[..3]);
    assert_eq!(t.items[0].answered, 3);
}
