//! A fixture campaign for the analysis and report tests, built through the
//! library (a workspace on a temp dir, entries made with `new_entry` /
//! `set_answers`). Every expected figure is worked out by hand in the tests
//! that use it; the comments here say what each entry holds.
#![allow(dead_code)]

use kaocha::analysis::{FindingState, Rules, UnitAnalysis, summary::Summary};
use kaocha::app::workspace::Workspace;
use kaocha::domain::{Campaign, Entry, Status};
use kaocha::store::CURRENT_CAMPAIGN;
use serde_json::json;

/// The fixed time printed on reports in tests.
pub const GENERATED: &str = "2024-05-01 10:00";

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub ws: Workspace,
    pub campaign: Campaign,
    pub rules: Rules,
}

impl Fixture {
    pub fn units(&self) -> Vec<UnitAnalysis> {
        kaocha::report::analyse_campaign(&self.ws.store, &self.campaign, &self.rules)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn unit(&self, id: &str) -> UnitAnalysis {
        let unit = self
            .ws
            .unit(&self.campaign, id)
            .unwrap_or_else(|e| panic!("{e}"));
        kaocha::report::analyse_unit(&self.ws.store, &self.campaign, &unit, &self.rules)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn summary(&self) -> Summary {
        kaocha::analysis::summary(&self.campaign, &self.units())
    }

    /// The data dir, closed by the library so the binary can open it.
    pub fn into_dir(self) -> tempfile::TempDir {
        self._dir
    }

    /// Records every open automatic finding of every unit as a 问题清单
    /// entry, as the 问题清单 screen's Enter does (a dismissal with
    /// `dismiss`).
    pub fn record_open(&self, dismiss: Option<&str>) {
        let form = self
            .ws
            .latest_form("findings")
            .unwrap_or_else(|e| panic!("{e}"));
        for a in self.units() {
            for f in a.findings.iter().filter(|f| f.state == FindingState::Open) {
                self.ws
                    .record_finding(&self.campaign, &a.unit, form, f, dismiss)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}

fn sets(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn new(f: &Fixture, unit: &str, form: &str, pairs: &[(&str, &str)]) -> Entry {
    let unit =
        f.ws.unit(&f.campaign, unit)
            .unwrap_or_else(|e| panic!("{e}"));
    let form = f.ws.latest_form(form).unwrap_or_else(|e| panic!("{e}"));
    f.ws.new_entry(&f.campaign, &unit, form, &sets(pairs))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn set(f: &Fixture, entry: &Entry, pairs: &[(&str, &str)]) -> Entry {
    f.ws.set_answers(entry, &sets(pairs), None)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Three units:
/// * u1 甲局 — registration with 超编 (admin, inst), 超职数 (dept), four
///   bodies (one empty, one unapproved with only its head, so two 空壳 and
///   one 擅自设立; 4 bodies > 3 approved), 11 questionnaires (+1 deleted),
///   two interviews and a symposium with tags, and a scoring entry whose
///   bonus exceeds the cap and repeats an award;
/// * u2 乙局 — registration with a corrected admin quota, 超编 (admin,
///   worker), 超职数 (bodies), 混岗; 4 questionnaires (too few for the share
///   rule); a scoring entry where dropping the repeated award decides C;
/// * u3 丙中心 — no registration; 6 questionnaires at exactly 50 %, one
///   tagged interview and one deleted one; a score below the fail line.
pub fn build() -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap_or_else(|e| panic!("{e}"));
    let campaign: Campaign = serde_json::from_value(json!({
        "id": "fx-2024", "name": "2024年测试县机构编制评估（测试）", "kind": "jgbz", "year": 2024,
        "teams": [{"id": "t1", "name": "第一组", "members": [{"name": "王组长", "role": "组长"}]}],
        "units": [
            {"id": "u1", "name": "甲局", "team": "t1", "baseline": {
                "sanding_doc": "测政发〔2020〕1号",
                "admin_quota": 10, "inst_quota": 5, "worker_quota": 2, "other_quota": 1,
                "leader_posts": 3, "body_leader_posts": 4, "nonleader_posts": 2, "bodies": 3}},
            {"id": "u2", "name": "乙局", "team": "t1", "baseline": {
                "admin_quota": 8, "inst_quota": 10, "worker_quota": 1, "other_quota": 0,
                "leader_posts": 3, "body_leader_posts": 3, "nonleader_posts": 2, "bodies": 2}},
            {"id": "u3", "name": "丙中心", "baseline": {
                "admin_quota": 5, "inst_quota": 5, "worker_quota": 1,
                "leader_posts": 2, "body_leader_posts": 2, "bodies": 2}}
        ],
        "stages": [],
        "grading": {"bonus_cap": 5, "a_line": 90, "b_line": 75, "fail_line": 60}
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    ws.store
        .put_campaign(&campaign)
        .unwrap_or_else(|e| panic!("{e}"));
    ws.store
        .set_setting(CURRENT_CAMPAIGN, json!("fx-2024"))
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = Rules::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let f = Fixture {
        _dir: dir,
        ws,
        campaign,
        rules,
    };

    // ---- u1 甲局 --------------------------------------------------------
    let reg = new(
        &f,
        "u1",
        "jgbz.registration",
        &[
            ("unit_name", "测试县甲局"),
            ("fill_date", "2024-04-20"),
            ("admin_actual", "12"),
            ("inst_actual", "7"),
            ("worker_actual", "2"),
            ("other_actual", "1"),
            ("leader_posts_actual", "4"),
            ("body_leader_posts_actual", "4"),
            ("mixed_posts", "0"),
        ],
    );
    let reg = set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "办公室"),
            ("bodies[+].body_approved", "是"),
            ("bodies[+].body_actual", "4"),
        ],
    );
    let reg = set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "综合股"),
            ("bodies[+].body_approved", "是"),
            ("bodies[+].body_actual", "0"),
            ("bodies[+].body_head_in_place", "否"),
        ],
    );
    let reg = set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "信息中心"),
            ("bodies[+].body_approved", "否"),
            ("bodies[+].body_actual", "1"),
            ("bodies[+].body_head_in_place", "是"),
        ],
    );
    set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "法规股"),
            ("bodies[+].body_approved", "是"),
            ("bodies[+].body_actual", "1"),
            ("bodies[+].body_head_in_place", "否"),
        ],
    );

    // 11 questionnaires: (respondent, q1, q2)
    let u1_q = [
        ("leader", "vwell", "tight"),
        ("leader", "vwell", "basic"),
        ("head", "vwell", "tight"),
        ("head", "vwell", "severe"),
        ("head", "well", "basic"),
        ("head", "well", "ample"),
        ("staff", "vwell", "tight"),
        ("staff", "well", "tight"),
        ("staff", "well", "severe"),
        ("staff", "", "tight"),
        ("staff", "vwell", "basic"),
    ];
    for (r, q1, q2) in u1_q {
        new(
            &f,
            "u1",
            "jgbz.questionnaire",
            &[("respondent", r), ("q1", q1), ("q2", q2)],
        );
    }
    // a 12th, deleted: never counts
    let gone = new(
        &f,
        "u1",
        "jgbz.questionnaire",
        &[("respondent", "leader"), ("q2", "severe")],
    );
    f.ws.set_status(&gone, Status::Deleted, None)
        .unwrap_or_else(|e| panic!("{e}"));

    new(
        &f,
        "u1",
        "jgbz.interview",
        &[
            ("interviewee", "张三"),
            ("position", "办公室主任"),
            ("category", "head"),
            ("date", "2024-04-21"),
            ("time", "09:30"),
            ("q2", "与市场监管局在执法检查上职责交叉 #职能交叉不顺"),
            ("q4", "办公室只有两人，#人员紧张 ，经常加班。"),
        ],
    );
    new(
        &f,
        "u1",
        "jgbz.interview",
        &[
            ("interviewee", "李四"),
            ("category", "staff"),
            ("date", "2024-04-21"),
            ("time", "10:30"),
            ("q4", "人员基本够用。"),
            // q7 is tagged 职能需强化 only: #人员紧张 here raises nothing
            ("q7", "#人员紧张 执法力量不足"),
        ],
    );
    let sym = new(
        &f,
        "u1",
        "jgbz.symposium",
        &[
            ("topic", "干部职工座谈"),
            ("date", "2024-04-22"),
            ("start_time", "15:00"),
        ],
    );
    let sym = set(
        &f,
        &sym,
        &[
            ("remarks[+].speaker", "王五"),
            ("remarks[+].remark", "股室人手不够。"),
            ("remarks[+].remark_tags", "short"),
        ],
    );
    set(
        &f,
        &sym,
        &[
            ("remarks[+].speaker", "赵六"),
            ("remarks[+].remark", "应加强安全生产监管。"),
            ("remarks[+].remark_tags", "strengthen"),
        ],
    );

    // score: 9 + 8.5 | 46 + 18 + 8 = 89.5; bonus 2 + 1 (same award) + 2 + 1 + 1
    let sc = new(
        &f,
        "u1",
        "jx.scoring",
        &[
            ("reg_mgmt", "9"),
            ("social_eval", "8.5"),
            ("social_eval_note", "满意度调查扣1.5分"),
            ("main_business", "46"),
            ("econ_social", "18"),
            ("mgmt_ops", "8"),
        ],
    );
    let mut sc = sc;
    for (item, level) in [
        ("省级文明单位", "provincial2"),
        ("省级 文明单位 ", "provincial1"),
        ("国家级科技进步奖", "national"),
        ("市级先进集体", "city"),
        ("ISO9001认证", "city"),
    ] {
        sc = set(
            &f,
            &sc,
            &[
                ("bonus[+].bonus_item", item),
                ("bonus[+].bonus_level", level),
            ],
        );
    }

    // ---- u2 乙局 --------------------------------------------------------
    let reg = new(
        &f,
        "u2",
        "jgbz.registration",
        &[
            ("unit_name", "测试县乙局"),
            ("admin_quota", "7"), // a later approval lowered it from 8
            ("admin_actual", "8"),
            ("inst_actual", "10"),
            ("worker_actual", "2"),
            ("other_actual", "0"),
            ("leader_posts_actual", "3"),
            ("body_leader_posts_actual", "5"),
            ("mixed_posts", "3"),
        ],
    );
    let reg = set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "办公室"),
            ("bodies[+].body_approved", "是"),
            ("bodies[+].body_actual", "3"),
        ],
    );
    set(
        &f,
        &reg,
        &[
            ("bodies[+].body_name", "业务股"),
            ("bodies[+].body_approved", "是"),
            ("bodies[+].body_actual", "5"),
        ],
    );
    for _ in 0..4 {
        new(
            &f,
            "u2",
            "jgbz.questionnaire",
            &[("respondent", "staff"), ("q2", "severe")],
        );
    }
    // 16 + 55.5 = 71.5; bonus 1 + 2 (same award: 2 counts) + 1 → 3
    let mut sc = new(
        &f,
        "u2",
        "jx.scoring",
        &[
            ("reg_mgmt", "8"),
            ("social_eval", "8"),
            ("main_business", "38"),
            ("econ_social", "12.5"),
            ("mgmt_ops", "5"),
        ],
    );
    for (item, level) in [
        ("市级文明单位", "city"),
        ("市级文明单位", "provincial2"),
        ("优秀党组织", "city"),
    ] {
        sc = set(
            &f,
            &sc,
            &[
                ("bonus[+].bonus_item", item),
                ("bonus[+].bonus_level", level),
            ],
        );
    }
    let _ = sc;

    // ---- u3 丙中心 ------------------------------------------------------
    for (r, q2) in [
        ("leader", "tight"),
        ("leader", "basic"),
        ("leader", "severe"),
        ("head", "tight"),
        ("head", "basic"),
        ("head", "basic"),
    ] {
        new(
            &f,
            "u3",
            "jgbz.questionnaire",
            &[("respondent", r), ("q2", q2)],
        );
    }
    new(
        &f,
        "u3",
        "jgbz.interview",
        &[
            ("interviewee", "孙七"),
            ("date", "2024-04-23"),
            ("time", "09:00"),
            ("q4", "窗口岗位#人员紧张"),
        ],
    );
    let gone = new(
        &f,
        "u3",
        "jgbz.interview",
        &[
            ("interviewee", "周八"),
            ("date", "2024-04-23"),
            ("time", "10:00"),
            ("q2", "#职能交叉不顺"),
        ],
    );
    f.ws.set_status(&gone, Status::Deleted, None)
        .unwrap_or_else(|e| panic!("{e}"));
    new(
        &f,
        "u3",
        "jx.scoring",
        &[
            ("reg_mgmt", "6"),
            ("social_eval", "6"),
            ("main_business", "30"),
            ("econ_social", "10"),
            ("mgmt_ops", "6"),
        ],
    );
    f
}
