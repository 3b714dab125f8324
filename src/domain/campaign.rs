//! A campaign (评估任务): its units with their baselines (三定), its teams and
//! the visit stages each unit goes through.

use serde::{Deserialize, Serialize};

/// The two kinds of campaign run by 编办.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignKind {
    /// 机构编制评估
    Jgbz,
    /// 事业单位绩效考核
    Jx,
}

/// A campaign: units, teams, stage requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub kind: CampaignKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Demonstration data, never real.
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub teams: Vec<Team>,
    /// The visit stages in order, each a form with a minimum count.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// How scores become grades (绩效考核); `None`: `Grading::default()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading: Option<Grading>,
    /// Whether findings and reports name the people of a roster (else
    /// only their family names: 张*).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub roster_names: bool,
    /// 绩效考核: the procedure's dates, notice, 社会评价 rule, raters and
    /// 公示 (`None`: nothing set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Box<super::Procedure>>,
}

/// The campaign's grading settings for 百分制 scores: the bonus cap and the
/// grade lines (A ≥ `a_line`, B ≥ `b_line`, else C; D below `fail_line` when
/// the campaign sets one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grading {
    /// Most bonus points (加分项) counted.
    #[serde(default = "Grading::default_bonus_cap")]
    pub bonus_cap: f64,
    /// Lowest total of grade A.
    #[serde(default = "Grading::default_a_line")]
    pub a_line: f64,
    /// Lowest total of grade B.
    #[serde(default = "Grading::default_b_line")]
    pub b_line: f64,
    /// Totals below this line are grade D (不合格); none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_line: Option<f64>,
    /// Most units in grade A, as a share of the scored units (0.3: A 不超过
    /// 30 %); none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_quota: Option<f64>,
    /// The same for grade B.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b_quota: Option<f64>,
    /// 专业评审: how many highest and lowest rater scores are dropped
    /// before the mean (1: 去掉一个最高分和一个最低分); none: the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_trim: Option<f64>,
    /// 自查自评: the share of an indicator's 满分 by which a unit's self
    /// score may differ from the assessed one before it is flagged (0.1
    /// when unset; never less than one point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_gap: Option<f64>,
}

impl Grading {
    fn default_bonus_cap() -> f64 {
        5.0
    }
    fn default_a_line() -> f64 {
        90.0
    }
    fn default_b_line() -> f64 {
        75.0
    }
}

impl Default for Grading {
    fn default() -> Self {
        Grading {
            bonus_cap: Grading::default_bonus_cap(),
            a_line: Grading::default_a_line(),
            b_line: Grading::default_b_line(),
            fail_line: None,
            a_quota: None,
            b_quota: None,
            review_trim: None,
            self_gap: None,
        }
    }
}

impl Campaign {
    /// A unit by id or by exact name.
    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.units
            .iter()
            .find(|u| u.id == key)
            .or_else(|| self.units.iter().find(|u| u.name == key))
    }

    /// A team by id or by exact name.
    pub fn team(&self, key: &str) -> Option<&Team> {
        self.teams
            .iter()
            .find(|t| t.id == key)
            .or_else(|| self.teams.iter().find(|t| t.name == key))
    }

    /// Whether every id (campaign, units, teams, the units' teams, stage
    /// forms) has its format and no unit or team id is given twice.
    pub fn ids_ok(&self) -> bool {
        use super::ids::is_name_id;
        let mut units = std::collections::HashSet::new();
        let mut teams = std::collections::HashSet::new();
        is_name_id(&self.id)
            && self.units.iter().all(|u| {
                is_name_id(&u.id)
                    && units.insert(u.id.as_str())
                    && u.team.as_deref().is_none_or(is_name_id)
            })
            // A parent is another unit of the campaign.
            && self.units.iter().all(|u| {
                u.parent.as_deref().is_none_or(|p| {
                    p != u.id && self.units.iter().any(|other| other.id == p)
                })
            })
            && self
                .teams
                .iter()
                .all(|t| is_name_id(&t.id) && teams.insert(t.id.as_str()))
            && self.stages.iter().all(|s| is_name_id(&s.form))
    }

    /// Drops control characters from every label (names, titles, the
    /// baseline's texts), so none can reach a terminal.
    pub fn clean_labels(&mut self) {
        use super::ids::clean_label;
        let clean = |s: &mut String| *s = clean_label(s);
        clean(&mut self.name);
        for u in &mut self.units {
            clean(&mut u.name);
            let b = &mut u.baseline;
            for text in [&mut b.level, &mut b.funding, &mut b.sanding_doc]
                .into_iter()
                .flatten()
            {
                clean(text);
            }
            b.body_names.iter_mut().for_each(clean);
            b.functions.iter_mut().for_each(clean);
        }
        for t in &mut self.teams {
            clean(&mut t.name);
            for m in &mut t.members {
                clean(&mut m.name);
                if let Some(r) = &mut m.role {
                    clean(r);
                }
            }
        }
        for s in &mut self.stages {
            clean(&mut s.title);
        }
        if let Some(p) = &mut self.procedure {
            p.materials.iter_mut().for_each(clean);
            p.raters.iter_mut().for_each(clean);
            for text in [&mut p.contact, &mut p.objections_to].into_iter().flatten() {
                clean(text);
            }
        }
    }

    /// The unit `unit` is listed under (its 上级单位), when the campaign has
    /// it.
    pub fn parent_of(&self, unit: &Unit) -> Option<&Unit> {
        let parent = unit.parent.as_deref()?;
        self.units.iter().find(|u| u.id == parent)
    }

    /// The units as a county lists them: each unit followed by the units
    /// listed under it (and theirs after each), otherwise in the campaign's
    /// order, each with its depth (0: listed under no unit). Every unit
    /// comes once, even in a chain of parents that goes round (it starts
    /// at depth 0 where the chain is entered).
    pub fn tree_order(&self) -> Vec<(&Unit, usize)> {
        let mut out = Vec::with_capacity(self.units.len());
        let mut seen = std::collections::HashSet::new();
        let is_root = |u: &Unit| self.parent_of(u).is_none();
        let roots = self.units.iter().filter(|u| is_root(u));
        // Units in a chain that goes round have no root: they come last.
        let rest = self.units.iter().filter(|u| !is_root(u));
        for root in roots.chain(rest) {
            let mut stack = vec![(root, 0usize)];
            while let Some((u, depth)) = stack.pop() {
                if !seen.insert(u.id.as_str()) {
                    continue;
                }
                out.push((u, depth));
                let children = self
                    .units
                    .iter()
                    .filter(|c| c.parent.as_deref() == Some(u.id.as_str()));
                // Reversed onto the stack, so they come in the campaign's order.
                stack.extend(children.rev().map(|c| (c, depth + 1)));
            }
        }
        out
    }

    /// The units assigned to the team with this id.
    pub fn units_of<'a>(&'a self, team_id: &'a str) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units
            .iter()
            .filter(move |u| u.team.as_deref() == Some(team_id))
    }
}

/// One visit stage: entries of `form`, at least `min` of them (0: optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub form: String,
    pub title: String,
    #[serde(default)]
    pub min: u32,
}

impl Stage {
    /// Whether a unit has done this stage with `finals` final entries of
    /// it: as many as `min`, or one when none is required. Drafts do not
    /// count.
    pub fn done_by(&self, finals: usize) -> bool {
        finals >= (self.min as usize).max(1)
    }
}

/// A unit under assessment (被评估单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The unit this one is listed under (下属单位: a 事业单位 under its
    /// 主管部门), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default)]
    pub baseline: Baseline,
}

/// A field of a unit: its name, team and 三定 facts (the columns of a unit
/// list, and what HQ edits on the unit screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitField {
    Name,
    Level,
    Funding,
    SandingDoc,
    AdminQuota,
    InstQuota,
    WorkerQuota,
    OtherQuota,
    LeaderPosts,
    BodyLeaderPosts,
    NonleaderPosts,
    Bodies,
    BodyNames,
    Functions,
    Team,
    /// 上级单位: the unit it is listed under, by name (or id).
    Parent,
}

impl UnitField {
    /// The fields HQ edits one by one on the unit screen, in its order
    /// (上级单位 last, so the first fourteen keep their digits).
    pub const EDITABLE: [UnitField; 15] = [
        UnitField::Name,
        UnitField::Team,
        UnitField::Level,
        UnitField::Funding,
        UnitField::SandingDoc,
        UnitField::AdminQuota,
        UnitField::InstQuota,
        UnitField::WorkerQuota,
        UnitField::OtherQuota,
        UnitField::LeaderPosts,
        UnitField::BodyLeaderPosts,
        UnitField::NonleaderPosts,
        UnitField::Bodies,
        UnitField::BodyNames,
        UnitField::Parent,
    ];

    /// The field's name in the person's language.
    pub fn label(self) -> String {
        use crate::i18n::*;
        match self {
            UnitField::Name => uf_name(),
            UnitField::Level => uf_level(),
            UnitField::Funding => uf_funding(),
            UnitField::SandingDoc => uf_sanding_doc(),
            UnitField::AdminQuota => uf_admin_quota(),
            UnitField::InstQuota => uf_inst_quota(),
            UnitField::WorkerQuota => uf_worker_quota(),
            UnitField::OtherQuota => uf_other_quota(),
            UnitField::LeaderPosts => uf_leader_posts(),
            UnitField::BodyLeaderPosts => uf_body_leader_posts(),
            UnitField::NonleaderPosts => uf_nonleader_posts(),
            UnitField::Bodies => uf_bodies(),
            UnitField::BodyNames => uf_body_names(),
            UnitField::Functions => uf_functions(),
            UnitField::Team => uf_team(),
            UnitField::Parent => uf_parent(),
        }
    }
}

/// Codes a baseline stores, each with the names people write for it; the
/// first name is the one shown. Names are data (a unit list's cells, the
/// registration form's option labels), the same in every UI language.
pub type Codes = &'static [(&'static str, &'static [&'static str])];

/// 机构规格: the registration form's option values (zc fc zk fk gj).
pub const LEVELS: Codes = &[
    ("zc", &["正处级", "正处", "正县级", "正县"]),
    ("fc", &["副处级", "副处", "副县级", "副县"]),
    ("zk", &["正科级", "正科", "正乡级"]),
    ("fk", &["副科级", "副科", "副乡级"]),
    ("gj", &["股级", "股"]),
];

/// 经费形式: full / diff / self.
pub const FUNDINGS: Codes = &[
    ("full", &["全额拨款", "全额", "财政全额拨款", "全供"]),
    ("diff", &["差额补贴", "差额拨款", "差额补助", "差额"]),
    ("self", &["经费自理", "自收自支", "自理"]),
];

/// The name a code of `codes` is shown by (zk → 正科级); `None` for what is
/// no code of it.
pub fn code_name(codes: Codes, code: &str) -> Option<&'static str> {
    codes
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, names)| names.first().copied())
}

/// The approved set-up of a unit (三定): functions, bodies, quota.
/// Field names are the `baseline.KEY` names of form expressions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// 机构规格 (option value of the registration form: zc, fc, zk, fk, gj)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 经费形式 (full, diff, self)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<String>,
    /// 三定文件文号
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanding_doc: Option<String>,
    /// 核定行政编制
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_quota: Option<u32>,
    /// 核定事业编制
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inst_quota: Option<u32>,
    /// 核定工勤编制
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_quota: Option<u32>,
    /// 核定机关其他编制
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_quota: Option<u32>,
    /// 部门领导职数
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_posts: Option<u32>,
    /// 内设机构领导职数
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_leader_posts: Option<u32>,
    /// 非领导职数
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonleader_posts: Option<u32>,
    /// 核定内设机构数
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bodies: Option<u32>,
    /// Names of the approved internal bodies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body_names: Vec<String>,
    /// Main functions of the 三定 (主要职责), one per line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
}

/// The keys of a baseline that form expressions may read.
pub const BASELINE_KEYS: &[&str] = &[
    "level",
    "funding",
    "sanding_doc",
    "admin_quota",
    "inst_quota",
    "worker_quota",
    "other_quota",
    "leader_posts",
    "body_leader_posts",
    "nonleader_posts",
    "bodies",
];

impl Baseline {
    /// The value of `baseline.KEY` as JSON (null when unset or unknown).
    pub fn get(&self, key: &str) -> serde_json::Value {
        use serde_json::Value;
        let num = |v: Option<u32>| v.map_or(Value::Null, Value::from);
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        match key {
            "level" => text(&self.level),
            "funding" => text(&self.funding),
            "sanding_doc" => text(&self.sanding_doc),
            "admin_quota" => num(self.admin_quota),
            "inst_quota" => num(self.inst_quota),
            "worker_quota" => num(self.worker_quota),
            "other_quota" => num(self.other_quota),
            "leader_posts" => num(self.leader_posts),
            "body_leader_posts" => num(self.body_leader_posts),
            "nonleader_posts" => num(self.nonleader_posts),
            "bodies" => num(self.bodies),
            _ => Value::Null,
        }
    }

    /// Whether `key` is a baseline key expressions may read.
    pub fn is_key(key: &str) -> bool {
        BASELINE_KEYS.contains(&key)
    }
}

/// An assessment team (考核组).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// A member of a team; `role` e.g. 组长.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(parents: &[(&str, Option<&str>)]) -> Campaign {
        serde_json::from_value(serde_json::json!({
            "id": "c", "name": "c", "kind": "jgbz",
            "units": parents.iter().map(|(id, p)| serde_json::json!({
                "id": id, "name": id, "parent": p,
            })).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn units_under_a_parent_follow_it() {
        let c = campaign(&[
            ("u1", None),
            ("u2", Some("u4")),
            ("u3", None),
            ("u4", Some("u1")),
            ("u5", Some("u1")),
        ]);
        let order: Vec<(&str, usize)> = c
            .tree_order()
            .into_iter()
            .map(|(u, d)| (u.id.as_str(), d))
            .collect();
        assert_eq!(
            order,
            [("u1", 0), ("u4", 1), ("u2", 2), ("u5", 1), ("u3", 0)]
        );
        assert_eq!(c.parent_of(&c.units[1]).map(|u| u.id.as_str()), Some("u4"));
        // A chain that goes round still lists every unit once.
        let round = campaign(&[("a", Some("b")), ("b", Some("a")), ("c", None)]);
        let ids: Vec<&str> = round
            .tree_order()
            .iter()
            .map(|(u, _)| u.id.as_str())
            .collect();
        assert_eq!(ids, ["c", "a", "b"]);
    }

    #[test]
    fn the_procedure_texts_lose_control_characters() {
        let mut c = campaign(&[("u1", None)]);
        c.procedure = Some(Box::new(crate::domain::Procedure {
            materials: vec!["三定\u{1b}[2J方案".into()],
            contact: Some("王\u{7}科长".into()),
            raters: vec!["周明远\u{1b}]0;x\u{7}".into()],
            objections_to: Some("编办\r\n秘书科".into()),
            ..Default::default()
        }));
        c.clean_labels();
        let p = c.procedure.as_deref().unwrap();
        let all = [
            p.materials[0].as_str(),
            p.contact.as_deref().unwrap(),
            p.raters[0].as_str(),
            p.objections_to.as_deref().unwrap(),
        ];
        assert!(
            all.iter().all(|t| !t.chars().any(char::is_control)),
            "{all:?}"
        );
        assert!(p.materials[0].starts_with("三定") && p.materials[0].ends_with("方案"));
    }

    #[test]
    fn a_parent_is_another_unit_of_the_campaign() {
        assert!(campaign(&[("u1", None), ("u2", Some("u1"))]).ids_ok());
        assert!(!campaign(&[("u1", None), ("u2", Some("u9"))]).ids_ok());
        assert!(!campaign(&[("u1", Some("u1"))]).ids_ok());
    }
}
