//! The demo campaign (`kaocha demo`): 2013年东阿县政府部门机构编制评估（演示）,
//! five units, two teams, invented but realistic baselines, and two sample
//! registration tables chosen so that the rules fire (超编, 超职数, 空壳机构).
//! Seeding is idempotent: ids and times are fixed, so a second run adds
//! nothing. The 绩效考核 demo (`demo_jx`) is seeded beside it; the 机构
//! 编制评估 one is made current.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::domain::{
    Author, Baseline, Campaign, CampaignKind, EntryInit, Member, Revision, RevisionDraft, Stage,
    Status, Team, Unit,
};
use crate::store::CURRENT_CAMPAIGN;
use crate::store::Change;
use crate::store::{Store, StoreError};

/// The demo campaign's id.
pub const CAMPAIGN_ID: &str = "demo-donge-2013";

/// What seeding did.
#[derive(Debug, Clone, PartialEq)]
pub struct Seeded {
    pub campaign: Campaign,
    /// Whether anything was written (false on a second run).
    pub wrote: bool,
}

/// Seeds the demo campaign and makes it current.
pub fn seed(store: &Store) -> Result<Seeded, StoreError> {
    let campaign = campaign();
    let mut records = Vec::new();
    if store.campaign(CAMPAIGN_ID)?.as_deref() != Some(&campaign) {
        records.push(Change::Campaign {
            campaign: campaign.clone(),
        });
    }
    if store.setting(CURRENT_CAMPAIGN)? != Some(Value::from(CAMPAIGN_ID)) {
        records.push(Change::current_campaign(CAMPAIGN_ID));
    }
    // The folder that seeds the demo is its HQ: it issues the demo's plans.
    if !store.is_hq_of(CAMPAIGN_ID)? {
        records.push(Change::hq_role(CAMPAIGN_ID));
    }
    for revision in sample_entries() {
        if !store.has_entry(&revision.body.entry)? {
            records.push(Change::Revision { revision });
        }
    }
    let jx = super::demo_jx::campaign();
    if store.campaign(&jx.id)?.as_deref() != Some(&jx) {
        records.push(Change::Campaign {
            campaign: jx.clone(),
        });
    }
    if !store.is_hq_of(&jx.id)? {
        records.push(Change::hq_role(&jx.id));
    }
    for revision in super::demo_jx::sample_entries() {
        if !store.has_entry(&revision.body.entry)? {
            records.push(Change::Revision { revision });
        }
    }
    let wrote = !records.is_empty();
    store.commit(&records)?;
    Ok(Seeded { campaign, wrote })
}

fn team(id: &str, name: &str, members: &[(&str, Option<&str>)]) -> Team {
    Team {
        id: id.into(),
        name: name.into(),
        members: members
            .iter()
            .map(|(n, r)| Member {
                name: (*n).into(),
                role: r.map(Into::into),
            })
            .collect(),
    }
}

struct Figures {
    admin: u32,
    inst: u32,
    worker: u32,
    leaders: u32,
    body_leaders: u32,
    nonleaders: u32,
    bodies: &'static [&'static str],
}

fn unit(id: &str, name: &str, team: &str, doc: &str, f: Figures) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        team: Some(team.into()),
        parent: None,
        baseline: Baseline {
            level: Some("zk".into()),
            funding: Some("full".into()),
            sanding_doc: Some(doc.into()),
            admin_quota: Some(f.admin),
            inst_quota: Some(f.inst),
            worker_quota: Some(f.worker),
            other_quota: Some(0),
            leader_posts: Some(f.leaders),
            body_leader_posts: Some(f.body_leaders),
            nonleader_posts: Some(f.nonleaders),
            bodies: Some(f.bodies.len() as u32),
            body_names: f.bodies.iter().map(|s| (*s).to_string()).collect(),
            functions: vec![],
        },
    }
}

/// The demo campaign.
pub fn campaign() -> Campaign {
    let stage = |form: &str, title: &str, min: u32| Stage {
        form: form.into(),
        title: title.into(),
        min,
    };
    Campaign {
        id: CAMPAIGN_ID.into(),
        name: "2013年东阿县政府部门机构编制评估（演示）".into(),
        kind: CampaignKind::Jgbz,
        year: Some(2013),
        demo: true,
        roster_names: false,
        procedure: None,
        teams: vec![
            team(
                "t1",
                "第一组",
                &[("王建国", Some("组长")), ("李红", None), ("赵磊", None)],
            ),
            team(
                "t2",
                "第二组",
                &[("刘洋", Some("组长")), ("陈静", None), ("孙伟", None)],
            ),
        ],
        units: vec![
            unit(
                "u-ajj",
                "县安监局",
                "t1",
                "东政办发〔2010〕31号",
                Figures {
                    admin: 12,
                    inst: 8,
                    worker: 2,
                    leaders: 4,
                    body_leaders: 5,
                    nonleaders: 3,
                    bodies: &[
                        "办公室",
                        "监督管理股",
                        "综合协调股",
                        "法规股",
                        "安全生产执法大队",
                    ],
                },
            ),
            unit(
                "u-yjj",
                "县药监局",
                "t1",
                "东政办发〔2010〕35号",
                Figures {
                    admin: 10,
                    inst: 12,
                    worker: 2,
                    leaders: 3,
                    body_leaders: 4,
                    nonleaders: 2,
                    bodies: &["办公室", "药品安全监管股", "医疗器械监管股", "稽查大队"],
                },
            ),
            unit(
                "u-kjj",
                "县科技局",
                "t2",
                "东政办发〔2010〕27号",
                Figures {
                    admin: 8,
                    inst: 6,
                    worker: 1,
                    leaders: 3,
                    body_leaders: 4,
                    nonleaders: 2,
                    bodies: &["办公室", "科技发展股", "知识产权股", "科技情报所"],
                },
            ),
            unit(
                "u-sjj",
                "县审计局",
                "t2",
                "东政办发〔2010〕22号",
                Figures {
                    admin: 15,
                    inst: 10,
                    worker: 3,
                    leaders: 5,
                    body_leaders: 8,
                    nonleaders: 4,
                    bodies: &[
                        "办公室",
                        "法规审理股",
                        "财政审计股",
                        "经贸审计股",
                        "农业审计股",
                        "行政事业审计股",
                        "经济责任审计股",
                        "投资审计中心",
                    ],
                },
            ),
            unit(
                "u-jsj",
                "县人口和计划生育局",
                "t2",
                "东政办发〔2010〕40号",
                Figures {
                    admin: 13,
                    inst: 20,
                    worker: 3,
                    leaders: 5,
                    body_leaders: 7,
                    nonleaders: 3,
                    bodies: &[
                        "办公室",
                        "规划统计股",
                        "政策法规股",
                        "宣传教育股",
                        "流动人口管理股",
                        "财务股",
                        "技术服务站",
                    ],
                },
            ),
        ],
        stages: vec![
            stage("jgbz.registration", "调查登记表", 1),
            stage("jgbz.interview", "个别访谈", 3),
            stage("jgbz.symposium", "座谈会", 1),
            stage("jgbz.questionnaire", "调查问卷", 10),
            stage("inspection", "实地考察", 1),
            stage("findings", "问题清单", 0),
        ],
        grading: None,
    }
}

fn registration(entry: &str, unit: &str, at: &str, answers: Value) -> Revision {
    let changes: BTreeMap<String, Value> = match answers {
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    RevisionDraft {
        entry: entry.into(),
        parents: vec![],
        author: Author {
            device: "demo".into(),
            person: "演示数据".into(),
        },
        at: at.into(),
        init: Some(EntryInit {
            campaign: CAMPAIGN_ID.into(),
            unit: unit.into(),
            form: "jgbz.registration".into(),
            form_version: 1,
            finding: None,
        }),
        changes: changes.into(),
        status: Some(Status::Draft),
        reason: None,
    }
    .seal()
}

/// Two filled registration tables: 县安监局 (超编, 超职数) and 县科技局
/// (an internal body with nobody in it).
pub fn sample_entries() -> Vec<Revision> {
    vec![
        registration(
            "0190e1c4-3a00-7000-8000-00000000a001",
            "u-ajj",
            "2013-11-20T09:30:00+08:00",
            json!({
                "unit_name": "东阿县安全生产监督管理局", "level": "zk", "funding": "full",
                "sanding_doc": "东政办发〔2010〕31号", "filler": "张敏", "fill_date": "2013-11-20",
                "admin_quota": 12, "admin_actual": 14, "inst_quota": 8, "inst_actual": 8,
                "worker_quota": 2, "worker_actual": 2, "other_quota": 0, "other_actual": 0,
                "leader_posts_quota": 4, "leader_posts_actual": 5,
                "body_leader_posts_quota": 5, "body_leader_posts_actual": 5,
                "nonleader_posts_quota": 3, "nonleader_posts_actual": 3,
                "bodies_quota": 5,
                "bodies[r01]": 1, "bodies[r01].body_name": "办公室", "bodies[r01].body_approved": true, "bodies[r01].body_quota": 4, "bodies[r01].body_actual": 5,
                "bodies[r02]": 2, "bodies[r02].body_name": "监督管理股", "bodies[r02].body_approved": true, "bodies[r02].body_quota": 5, "bodies[r02].body_actual": 6,
                "bodies[r03]": 3, "bodies[r03].body_name": "综合协调股", "bodies[r03].body_approved": true, "bodies[r03].body_quota": 3, "bodies[r03].body_actual": 3,
                "bodies[r04]": 4, "bodies[r04].body_name": "法规股", "bodies[r04].body_approved": true, "bodies[r04].body_quota": 3, "bodies[r04].body_actual": 3,
                "bodies[r05]": 5, "bodies[r05].body_name": "安全生产执法大队", "bodies[r05].body_approved": true, "bodies[r05].body_quota": 5, "bodies[r05].body_actual": 7,
                "outside_staff": 3, "lent_out": 0, "borrowed_in": 2, "borrowed_from": "乡镇安监站", "absent_on_payroll": 0, "mixed_posts": 2
            }),
        ),
        registration(
            "0190e1c4-3a00-7000-8000-00000000a002",
            "u-kjj",
            "2013-11-21T10:00:00+08:00",
            json!({
                "unit_name": "东阿县科学技术局", "level": "zk", "funding": "full",
                "sanding_doc": "东政办发〔2010〕27号", "filler": "周平", "fill_date": "2013-11-21",
                "admin_quota": 8, "admin_actual": 7, "inst_quota": 6, "inst_actual": 5,
                "worker_quota": 1, "worker_actual": 1, "other_quota": 0, "other_actual": 0,
                "leader_posts_quota": 3, "leader_posts_actual": 3,
                "body_leader_posts_quota": 4, "body_leader_posts_actual": 3,
                "nonleader_posts_quota": 2, "nonleader_posts_actual": 2,
                "bodies_quota": 4,
                "bodies[r01]": 1, "bodies[r01].body_name": "办公室", "bodies[r01].body_approved": true, "bodies[r01].body_quota": 4, "bodies[r01].body_actual": 4,
                "bodies[r02]": 2, "bodies[r02].body_name": "科技发展股", "bodies[r02].body_approved": true, "bodies[r02].body_quota": 4, "bodies[r02].body_actual": 4,
                "bodies[r03]": 3, "bodies[r03].body_name": "知识产权股", "bodies[r03].body_approved": true, "bodies[r03].body_quota": 3, "bodies[r03].body_actual": 3,
                "bodies[r04]": 4, "bodies[r04].body_name": "科技情报所", "bodies[r04].body_approved": true, "bodies[r04].body_quota": 3, "bodies[r04].body_actual": 0, "bodies[r04].body_head_in_place": false,
                "outside_staff": 0, "lent_out": 1, "lent_out_to": "县委办公室", "borrowed_in": 0, "absent_on_payroll": 1, "mixed_posts": 0
            }),
        ),
    ]
}
