//! A synthetic campaign of N entries of the built-in forms with realistic
//! Chinese text, written in batches (one journal write, one transaction
//! and one fsync per batch), for `kaocha bench`.

use serde_json::{Value, json};

use kaocha::domain::{
    Author, Baseline, Campaign, EntryInit, RevisionDraft, Status, Unit, new_entry_id,
};
use kaocha::store::Change;
use kaocha::store::{Store, StoreError};

/// The generated campaign's id.
pub const CAMPAIGN: &str = "bench-campaign";
/// Records per commit while generating.
const BATCH: usize = 2_000;

const TEXTS: &[&str] = &[
    "办公室人员紧张，长期借调两人，综合协调股只有一人在岗。",
    "与市场监管部门在食品安全监管上存在职责交叉，目前靠联席会议协调。",
    "执法大队常年借用乡镇人员，建议增加行政编制两名。",
    "内设机构设置基本合理，但科技情报所有牌子无人员。",
    "领导职数配备超过核定一名，系历史原因形成。",
];

/// A campaign of `units` units for the generated entries (the demo's
/// stages and teams, its own units).
pub fn campaign(units: usize) -> Campaign {
    let mut c = kaocha::app::demo::campaign();
    c.id = CAMPAIGN.into();
    c.name = "基准测试任务（合成数据）".into();
    c.units = (0..units)
        .map(|i| Unit {
            id: format!("u{i:05}"),
            name: format!("测试单位{i:05}"),
            team: Some("t1".into()),
            parent: None,
            baseline: Baseline {
                admin_quota: Some(10 + (i % 6) as u32),
                inst_quota: Some(8),
                worker_quota: Some(2),
                leader_posts: Some(4),
                bodies: Some(5),
                ..Baseline::default()
            },
        })
        .collect();
    c
}

fn entry_revision(n: usize, unit: &str, device: &str) -> kaocha::domain::Revision {
    let (form, changes): (&str, Value) = match n % 4 {
        0 => (
            "jgbz.interview",
            json!({
                "interviewee": format!("访谈对象{n}"), "position": "科长", "category": "head",
                "q2": TEXTS[n % TEXTS.len()], "q4": TEXTS[(n + 1) % TEXTS.len()], "q7": TEXTS[(n + 2) % TEXTS.len()],
            }),
        ),
        1 | 2 => {
            let respondent = ["leader", "head", "staff"][n % 3];
            let q2 = ["ample", "basic", "tight", "severe"][n % 4];
            (
                "jgbz.questionnaire",
                json!({
                    "respondent": respondent, "q1": "well", "q2": q2, "q3": "mostly", "q4": "some",
                    "q5": "full", "q6": "ok", "q7": "no", "q8": "good",
                }),
            )
        }
        _ => (
            "inspection",
            json!({ "inspectors": "王建国、李红", "c1": true, "c1_note": TEXTS[n % TEXTS.len()] }),
        ),
    };
    RevisionDraft {
        entry: new_entry_id(),
        parents: vec![],
        author: Author {
            device: device.into(),
            person: "基准".into(),
        },
        at: "2013-11-26T10:32:05+08:00".into(),
        init: Some(EntryInit {
            campaign: CAMPAIGN.into(),
            unit: unit.into(),
            form: form.into(),
            form_version: 1,
            finding: None,
        }),
        changes: match changes {
            Value::Object(m) => m.into_iter().collect(),
            _ => Default::default(),
        },
        status: Some(Status::Draft),
        reason: None,
    }
    .seal()
}

/// Units for `entries` entries when none are asked for: 50 entries a unit,
/// as a county's campaign has.
pub fn default_units(entries: usize) -> usize {
    (entries / 50).max(1)
}

/// Writes a campaign of `units` units and `entries` entries spread over
/// them.
pub fn generate(store: &Store, entries: usize, units: usize) -> Result<(), StoreError> {
    let units = units.max(1);
    let c = campaign(units);
    store.commit(&[
        Change::Campaign {
            campaign: c.clone(),
        },
        Change::current_campaign(CAMPAIGN),
    ])?;
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..entries {
        let unit = &c.units[n % units].id;
        batch.push(Change::Revision {
            revision: entry_revision(n, unit, &store.device().id),
        });
        if batch.len() == BATCH {
            store.commit(&batch)?;
            batch.clear();
        }
    }
    store.commit(&batch)?;
    Ok(())
}
