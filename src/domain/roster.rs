//! A unit's 实名制 roster (花名册): who holds the unit's 编制, of which
//! kind, where they actually work, in which 内设机构, and whether they hold
//! a leading post. HQ imports it from the county's roster; it gives the
//! 实有人数 and 领导实配 of the 调查登记表 and the person-level findings
//! (混岗混编, 在编不在岗/借调, 超职数). Personal data: 身份证号 is kept
//! only masked.

use serde::{Deserialize, Serialize};

/// Most people one unit's roster may hold (a county office has tens to a
/// few hundred).
pub const MAX_PEOPLE: usize = 5_000;
/// Longest text of a roster field, in characters.
pub const MAX_TEXT: usize = 100;

/// The kind of 编制 a person holds (or a post is of).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffKind {
    /// 行政编制
    Admin,
    /// 事业编制
    Inst,
    /// 工勤编制
    Worker,
    /// 机关其他编制
    Other,
}

impl StaffKind {
    pub const ALL: [StaffKind; 4] = [
        StaffKind::Admin,
        StaffKind::Inst,
        StaffKind::Worker,
        StaffKind::Other,
    ];

    /// The name a roster and a report use (行政, 事业 …).
    pub fn name(self) -> &'static str {
        match self {
            StaffKind::Admin => "行政",
            StaffKind::Inst => "事业",
            StaffKind::Worker => "工勤",
            StaffKind::Other => "其他",
        }
    }

    /// The kind a cell names: 行政, 行政编制, 公务员, 参公 (事业编制
    /// managed as civil servants), 机关工勤 … `None` for anything else.
    pub fn read(cell: &str) -> Option<StaffKind> {
        let s: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.trim_end_matches("编制").trim_end_matches("人员");
        match s {
            "行政" | "公务员" | "行政机关" => Some(StaffKind::Admin),
            "事业" | "参公" | "参照公务员法管理" | "参照管理" | "事业单位" => {
                Some(StaffKind::Inst)
            }
            "工勤" | "机关工勤" | "工勤技能" => Some(StaffKind::Worker),
            "其他" | "机关其他" => Some(StaffKind::Other),
            _ => None,
        }
    }
}

/// One person of a roster, as its row said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The roster's row (and sheet), to show as evidence.
    pub row: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 姓名
    pub name: String,
    /// 编制类型
    pub kind: StaffKind,
    /// 实际工作单位, when the roster names one other than the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub works_at: Option<String>,
    /// 所在内设机构 or 岗位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// 岗位性质, when the roster states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<StaffKind>,
    /// 职务/职级
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 是否领导职务
    #[serde(default)]
    pub leader: bool,
    /// 身份证号, masked (`3715**********1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_masked: Option<String>,
}

/// A unit's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    /// The unit's id.
    pub unit: String,
    /// The file it came from (its name only).
    pub source: String,
    /// When HQ imported it (RFC 3339).
    pub imported_at: String,
    /// Whether the roster has a 是否领导职务 column: without one, leaders
    /// are not counted.
    #[serde(default)]
    pub has_leaders: bool,
    pub people: Vec<Person>,
}

/// What a roster counts for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RosterCounts {
    pub admin: u32,
    pub inst: u32,
    pub worker: u32,
    pub other: u32,
    /// 部门领导实配 (a leading post outside any 内设机构); `None` when the
    /// roster does not say who leads.
    pub leaders: Option<u32>,
    /// 内设机构领导实配 (a leading post in a 内设机构).
    pub body_leaders: Option<u32>,
}

impl RosterCounts {
    /// The names a form's `prefill: "roster.KEY"` may use.
    pub const KEYS: [&'static str; 6] = [
        "admin",
        "inst",
        "worker",
        "other",
        "leaders",
        "body_leaders",
    ];

    /// Whether `key` names a count.
    pub fn is_key(key: &str) -> bool {
        Self::KEYS.contains(&key)
    }

    /// A count by its prefill name (`admin`, `inst`, `worker`, `other`,
    /// `leaders`, `body_leaders`).
    pub fn get(&self, key: &str) -> Option<u32> {
        match key {
            "admin" => Some(self.admin),
            "inst" => Some(self.inst),
            "worker" => Some(self.worker),
            "other" => Some(self.other),
            "leaders" => self.leaders,
            "body_leaders" => self.body_leaders,
            _ => None,
        }
    }
}

impl Roster {
    /// People of each kind, and leaders when the roster says who leads.
    pub fn counts(&self) -> RosterCounts {
        let of = |k: StaffKind| self.people.iter().filter(|p| p.kind == k).count() as u32;
        let leaders = |in_body: bool| {
            self.has_leaders.then(|| {
                self.people
                    .iter()
                    .filter(|p| p.leader && p.body.is_some() == in_body)
                    .count() as u32
            })
        };
        RosterCounts {
            admin: of(StaffKind::Admin),
            inst: of(StaffKind::Inst),
            worker: of(StaffKind::Worker),
            other: of(StaffKind::Other),
            leaders: leaders(false),
            body_leaders: leaders(true),
        }
    }

    /// Whether a roster that came from elsewhere (a plan bundle) is
    /// well-formed: sizes within bounds, no control characters, 身份证号
    /// only masked.
    pub fn is_well_formed(&self) -> bool {
        let text_ok = |s: &str| s.chars().count() <= MAX_TEXT && !s.chars().any(char::is_control);
        let opt_ok = |s: &Option<String>| s.as_deref().is_none_or(text_ok);
        self.people.len() <= MAX_PEOPLE
            && text_ok(&self.source)
            && text_ok(&self.imported_at)
            && self.people.iter().all(|p| {
                text_ok(&p.name)
                    && !p.name.trim().is_empty()
                    && opt_ok(&p.sheet)
                    && opt_ok(&p.works_at)
                    && opt_ok(&p.body)
                    && opt_ok(&p.title)
                    && p.id_masked.as_deref().is_none_or(is_masked_id)
            })
    }
}

/// A 身份证号 as kept: its first four and last four characters, the rest
/// starred (`3715**********1234`); `None` when the cell is no 身份证号
/// (18 characters, digits and a final X, or the old 15 digits).
pub fn mask_id(cell: &str) -> Option<String> {
    let s: String = cell
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let chars: Vec<char> = s.chars().collect();
    let ok = match chars.len() {
        18 => {
            chars[..17].iter().all(char::is_ascii_digit)
                && (chars[17].is_ascii_digit() || chars[17] == 'X')
        }
        15 => chars.iter().all(char::is_ascii_digit),
        _ => false,
    };
    ok.then(|| {
        let n = chars.len();
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' })
            .collect()
    })
}

/// Whether a text is a masked 身份证号 as `mask_id` writes it.
pub fn is_masked_id(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    (n == 18 || n == 15)
        && chars.iter().enumerate().all(|(i, c)| {
            if i < 4 || i >= n - 4 {
                c.is_ascii_digit() || (i == n - 1 && *c == 'X')
            } else {
                *c == '*'
            }
        })
}

/// A person's name as a report shows it when the campaign does not allow
/// names: the family name, the rest starred (张*, 欧阳**).
pub fn masked_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let keep = if chars.len() >= 4 { 2 } else { 1 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_kept_masked_only() {
        assert_eq!(
            mask_id("37152219800101123x").as_deref(),
            Some("3715**********123X")
        );
        assert_eq!(
            mask_id("371522800101123").as_deref(),
            Some("3715*******1123")
        );
        assert_eq!(mask_id("3715221980010112"), None);
        assert_eq!(mask_id("37152219800101123Y"), None);
        assert!(is_masked_id("3715**********123X"));
        assert!(!is_masked_id("37152219800101123X"), "a full number");
        assert!(!is_masked_id("3715*********1123X"));
    }

    #[test]
    fn kinds_read_as_rosters_write_them() {
        assert_eq!(StaffKind::read("行政编制"), Some(StaffKind::Admin));
        assert_eq!(StaffKind::read(" 参公 "), Some(StaffKind::Inst));
        assert_eq!(StaffKind::read("机关工勤人员"), Some(StaffKind::Worker));
        assert_eq!(StaffKind::read("聘用"), None);
    }

    #[test]
    fn names_masked_keep_the_family_name() {
        assert_eq!(masked_name("张三"), "张*");
        assert_eq!(masked_name("王小明"), "王**");
        assert_eq!(masked_name("欧阳晓峰"), "欧阳**");
    }
}
