//! The 绩效考核 demo campaign (`kaocha demo` seeds it beside the 机构编制
//! 评估 one): 2013年茌平县卫生系统事业单位绩效考核（演示）, three invented
//! units of a county's health system (where 聊城 began), one team, two
//! raters, the procedure's dates, a 社会评价 rule and a grade quota, and
//! for each unit a score sheet, a site visit, twelve questionnaires and
//! the two raters' final sheets, chosen so that the quota moves one unit
//! from A to B; two units returned their 自评表 (the third is late). Ids and times are fixed, so seeding twice adds nothing.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::domain::{
    Author, Baseline, Campaign, CampaignKind, EntryInit, Grading, Member, Procedure, Revision,
    RevisionDraft, SocialRule, Stage, Status, Team, Unit,
};

/// The 绩效考核 demo campaign's id.
pub const CAMPAIGN_ID: &str = "demo-chiping-2013";

/// The three units: id, name, 事业编制.
const UNITS: [(&str, &str, u32); 3] = [
    ("u-rmyy", "县人民医院", 420),
    ("u-zyy", "县中医院", 260),
    ("u-jkzx", "县疾病预防控制中心", 45),
];

/// The two members of the 专业考核委员会.
const RATERS: [&str; 2] = ["周明远", "吴慧"];

/// The demo campaign.
pub fn campaign() -> Campaign {
    let stage = |form: &str, title: &str, min: u32| Stage {
        form: form.into(),
        title: title.into(),
        min,
    };
    Campaign {
        id: CAMPAIGN_ID.into(),
        name: "2013年茌平县卫生系统事业单位绩效考核（演示）".into(),
        kind: CampaignKind::Jx,
        year: Some(2013),
        demo: true,
        units: UNITS
            .iter()
            .map(|(id, name, inst)| Unit {
                id: (*id).into(),
                name: (*name).into(),
                team: Some("t-jx".into()),
                parent: None,
                baseline: Baseline {
                    level: Some("fk".into()),
                    funding: Some("diff".into()),
                    inst_quota: Some(*inst),
                    ..Baseline::default()
                },
            })
            .collect(),
        teams: vec![Team {
            id: "t-jx".into(),
            name: "绩效考核组".into(),
            members: [("马文华", Some("组长")), ("何静", None), ("郭强", None)]
                .iter()
                .map(|(n, r)| Member {
                    name: (*n).into(),
                    role: r.map(Into::into),
                })
                .collect(),
        }],
        stages: vec![
            stage("jx.scoring", "绩效评分", 1),
            stage("jx.review", "专业评审", 2),
            stage("inspection", "实地考察", 1),
            stage("jx.questionnaire", "社会评价问卷", 10),
            stage("findings", "问题清单", 0),
        ],
        grading: Some(Grading {
            // One place in A of three units: the second unit over the line
            // moves to B.
            a_quota: Some(0.34),
            ..Grading::default()
        }),
        roster_names: false,
        procedure: Some(Box::new(Procedure {
            selfcheck_due: Some("2013-10-31".into()),
            visit_from: Some("2013-11-04".into()),
            visit_to: Some("2013-11-08".into()),
            materials: vec![
                "机构编制“三定”规定及事业单位法人证书".into(),
                "2013年度工作总结及绩效目标完成情况".into(),
                "自查自评表及佐证材料".into(),
                "内部管理制度汇编".into(),
            ],
            contact: Some("县编办事业单位登记管理科 张科长 0635-4261234".into()),
            raters: RATERS.iter().map(|r| (*r).to_string()).collect(),
            social: Some(SocialRule {
                min_sample: 10,
                ..SocialRule::default()
            }),
            publicity_from: Some("2013-12-09".into()),
            publicity_to: Some("2013-12-15".into()),
            objections_to: Some("县编办（县政府大院2号楼304室），电话 0635-4261234".into()),
        })),
    }
}

/// One entry as a single final revision.
fn entry(n: u32, unit: &str, form: &str, person: &str, at: &str, answers: Value) -> Revision {
    let changes: BTreeMap<String, Value> = match answers {
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    RevisionDraft {
        entry: format!("0190e1c4-3a00-7000-8000-0000000b{n:04x}"),
        parents: vec![],
        author: Author {
            device: "demo".into(),
            person: person.into(),
        },
        at: at.into(),
        init: Some(EntryInit {
            campaign: CAMPAIGN_ID.into(),
            unit: unit.into(),
            form: form.into(),
            form_version: 1,
            finding: None,
        }),
        changes: changes.into(),
        status: Some(Status::Final),
        reason: None,
    }
    .seal()
}

/// Per unit: the team's scores (登记管理, 社会评价, 主体业务, 经济社会效益,
/// 管理运行), a bonus (award, level), each rater's (主体业务, 经济社会效益,
/// 管理运行), and the questionnaires' overall ratings (非常满意, 满意,
/// 基本满意, 不满意).
struct Figures {
    /// The unit's own scores (自查自评), when it returned them.
    own: Option<[f64; 5]>,
    team: [f64; 5],
    bonus: Option<(&'static str, &'static str)>,
    raters: [[f64; 3]; 2],
    ratings: [usize; 4],
}

const FIGURES: [Figures; 3] = [
    // 10 + 11/12 × 10 (9.17) + (45 + 18.5 + 9) + 2 = 93.67: A.
    Figures {
        own: Some([10.0, 10.0, 48.0, 19.0, 10.0]),
        team: [10.0, 9.0, 45.0, 18.0, 9.0],
        bonus: Some(("省级文明单位", "provincial2")),
        raters: [[46.0, 19.0, 9.0], [44.0, 18.0, 9.0]],
        ratings: [8, 3, 1, 0],
    },
    // 10 + 10.8/12 × 10 (9) + (46 + 18.5 + 9) + 1 = 93.5: A by the line,
    // B by the quota.
    Figures {
        own: Some([10.0, 9.0, 47.0, 18.0, 9.0]),
        team: [10.0, 9.0, 46.0, 18.0, 9.0],
        bonus: Some(("市级卫生先进单位", "city")),
        raters: [[45.0, 18.0, 9.0], [47.0, 19.0, 9.0]],
        ratings: [7, 4, 1, 0],
    },
    // 9 + 9.2/12 × 10 (7.67) + (41 + 15.5 + 8) = 81.17: B.
    Figures {
        own: None,
        team: [9.0, 8.0, 41.0, 16.0, 8.0],
        bonus: None,
        raters: [[40.0, 16.0, 8.0], [42.0, 15.0, 8.0]],
        ratings: [4, 5, 2, 1],
    },
];

/// Every entry of the demo: per unit a score sheet, a site visit, twelve
/// questionnaires and two raters' sheets, all final.
pub fn sample_entries() -> Vec<Revision> {
    let mut out = Vec::new();
    let mut n = 0u32;
    let mut next = || {
        n += 1;
        n
    };
    const CHOICES: [&str; 4] = ["very_satisfied", "satisfied", "basic", "unsatisfied"];
    for (u, ((unit, _, _), f)) in UNITS.iter().zip(&FIGURES).enumerate() {
        let day = 4 + u as u32;
        let at = |hour: u32| format!("2013-11-{day:02}T{hour:02}:00:00+08:00");
        if let Some([reg, social, main, econ, mgmt]) = f.own {
            out.push(entry(
                next(),
                unit,
                "jx.selfcheck",
                "考核委",
                &format!("2013-10-{:02}T15:00:00+08:00", 28 + u),
                json!({
                    "reg_mgmt": reg, "social_eval": social, "main_business": main,
                    "econ_social": econ, "mgmt_ops": mgmt,
                    "main_business_note": "年度目标任务全部完成，门诊量、住院人次同比增长。",
                    "materials[r01]": 1,
                    "materials[r01].material_name": "2013年度工作总结",
                    "materials[r02]": 2,
                    "materials[r02].material_name": "绩效目标完成情况统计表",
                }),
            ));
        }
        let [reg, social, main, econ, mgmt] = f.team;
        let mut scoring = json!({
            "reg_mgmt": reg, "social_eval": social, "main_business": main,
            "econ_social": econ, "mgmt_ops": mgmt,
        });
        if reg < 10.0 {
            scoring["reg_mgmt_note"] = json!("2012年度报告逾期报送，扣1分。");
        }
        if let Some((award, level)) = f.bonus {
            scoring["bonus[r01]"] = json!(1);
            scoring["bonus[r01].bonus_item"] = json!(award);
            scoring["bonus[r01].bonus_level"] = json!(level);
        }
        out.push(entry(
            next(),
            unit,
            "jx.scoring",
            "马文华",
            &at(16),
            scoring,
        ));
        out.push(entry(
            next(),
            unit,
            "inspection",
            "何静",
            &at(11),
            json!({
                "inspect_date": format!("2013-11-{day:02}"), "inspectors": "马文华、何静、郭强",
                "c1": true, "c2": true, "c3": true, "c4": u != 2, "c5": true, "c6": true,
            }),
        ));
        let mut q = 0;
        for (choice, count) in CHOICES.iter().zip(f.ratings) {
            for _ in 0..count {
                q += 1;
                out.push(entry(
                    next(),
                    unit,
                    "jx.questionnaire",
                    "郭强",
                    &format!("2013-11-{day:02}T14:{q:02}:00+08:00"),
                    json!({
                        "respondent": if q % 3 == 0 { "public" } else { "client" },
                        "q_service": choice, "q_efficiency": choice, "q_open": "satisfied",
                        "overall": choice,
                    }),
                ));
            }
        }
        for (rater, [main, econ, mgmt]) in RATERS.iter().zip(f.raters) {
            out.push(entry(
                next(),
                unit,
                "jx.review",
                rater,
                &format!("2013-11-{:02}T10:00:00+08:00", 20 + u),
                json!({
                    "rater": rater, "main_business": main, "econ_social": econ, "mgmt_ops": mgmt,
                }),
            ));
        }
    }
    out
}
