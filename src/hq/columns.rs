//! The columns of a unit list (单位名单): the accepted Chinese headers and
//! their synonyms, and how a cell's text becomes a baseline value.
//! Headers are compared after NFKC (full-width letters, digits, brackets and
//! spaces become half-width), without spaces, a leading `*` or 核定, and a
//! trailing bracketed note such as （人）.

use unicode_normalization::UnicodeNormalization;

use crate::domain::{Codes, FUNDINGS, LEVELS};

/// What a column holds: a field of a unit.
pub use crate::domain::UnitField as Field;

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Count,
    Level,
    Funding,
    List,
    Lines,
}

/// A column: its field, its main header, its synonyms, how it is read.
pub struct Column {
    pub field: Field,
    pub header: &'static str,
    pub synonyms: &'static [&'static str],
    pub kind: Kind,
}

/// Every accepted column; the README lists the same table.
pub const COLUMNS: &[Column] = &[
    Column {
        field: Field::Name,
        header: "单位名称",
        synonyms: &[
            "单位",
            "被评估单位",
            "被考核单位",
            "单位全称",
            "部门名称",
            "部门",
            "机构名称",
        ],
        kind: Kind::Text,
    },
    Column {
        field: Field::Level,
        header: "机构规格",
        synonyms: &["规格", "机构级别", "级别", "单位规格"],
        kind: Kind::Level,
    },
    Column {
        field: Field::Funding,
        header: "经费形式",
        synonyms: &["经费来源", "经费方式", "经费类型", "经费形式类别"],
        kind: Kind::Funding,
    },
    Column {
        field: Field::SandingDoc,
        header: "三定文件文号",
        synonyms: &["三定文号", "三定文件", "三定规定文号", "三定规定", "文号"],
        kind: Kind::Text,
    },
    Column {
        field: Field::AdminQuota,
        header: "行政编制",
        synonyms: &["行政编制数", "行政编制名额"],
        kind: Kind::Count,
    },
    Column {
        field: Field::InstQuota,
        header: "事业编制",
        synonyms: &["事业编制数", "事业编制名额"],
        kind: Kind::Count,
    },
    Column {
        field: Field::WorkerQuota,
        header: "工勤编制",
        synonyms: &["工勤编制数", "工勤人员编制", "机关工勤编制", "工勤"],
        kind: Kind::Count,
    },
    Column {
        field: Field::OtherQuota,
        header: "机关其他编制",
        synonyms: &["其他编制", "其他编制数", "机关其他编制数"],
        kind: Kind::Count,
    },
    Column {
        field: Field::LeaderPosts,
        header: "部门领导职数",
        synonyms: &["领导职数", "单位领导职数", "班子职数", "领导班子职数"],
        kind: Kind::Count,
    },
    Column {
        field: Field::BodyLeaderPosts,
        header: "内设机构领导职数",
        synonyms: &["中层领导职数", "中层职数", "内设机构领导", "股室领导职数"],
        kind: Kind::Count,
    },
    Column {
        field: Field::NonleaderPosts,
        header: "非领导职数",
        synonyms: &["非领导职务职数", "非领导职务"],
        kind: Kind::Count,
    },
    Column {
        field: Field::Bodies,
        header: "内设机构数",
        synonyms: &["内设机构个数", "内设机构数量", "股室数"],
        kind: Kind::Count,
    },
    Column {
        field: Field::BodyNames,
        header: "内设机构名称",
        synonyms: &["内设机构", "内设机构名单", "股室名称", "股室"],
        kind: Kind::List,
    },
    Column {
        field: Field::Functions,
        header: "主要职责",
        synonyms: &["职责", "三定职责"],
        kind: Kind::Lines,
    },
    Column {
        field: Field::Parent,
        header: "上级单位",
        synonyms: &["主管部门", "主管单位", "上级主管部门", "举办单位"],
        kind: Kind::Text,
    },
    Column {
        field: Field::Team,
        header: "考核组",
        synonyms: &["评估组", "组别", "分组", "考核小组"],
        kind: Kind::Text,
    },
];

/// The column of a field.
pub fn column(field: Field) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.field == field)
}

/// A header as compared: NFKC, no whitespace, no `*` marks.
fn squash(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

/// The header without a trailing bracketed note: 行政编制(名) → 行政编制.
fn without_note(h: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']'), ('〔', '〕'), ('【', '】')] {
        if h.ends_with(close)
            && let Some(i) = h.rfind(open)
            && i > 0
        {
            return &h[..i];
        }
    }
    h
}

/// The column a header names, if any.
pub fn recognize(header: &str) -> Option<&'static Column> {
    let full = squash(header);
    let bare = without_note(&full);
    let candidates = [
        full.as_str(),
        bare,
        full.strip_prefix("核定").unwrap_or(&full),
        bare.strip_prefix("核定").unwrap_or(bare),
    ];
    candidates.iter().find_map(|h| {
        COLUMNS
            .iter()
            .find(|c| c.header == *h || c.synonyms.contains(h))
    })
}

/// A column of a header that may take two rows: its column, and whether
/// it holds only part of its field (领导职数/正职 beside 领导职数/副职,
/// which add up).
#[derive(Clone, Copy)]
pub struct Col {
    pub column: &'static Column,
    pub part: bool,
}

/// Groups whose sub-columns count people, not quotas (实有人数/行政): read
/// by no unit column.
const ACTUAL: &[&str] = &["实有", "在编", "现有", "实际", "在岗", "实配"];
/// Sub-columns that hold a part of their group's count.
const PARTS: &[&str] = &["正职", "副职", "正", "副", "正职数", "副职数"];
/// Sub-columns that hold their group's total.
const TOTALS: &[&str] = &["合计", "小计", "计", "总数", "共计", "总计", "合计数"];

/// The column a header names, read from both rows of a two-row header
/// (`sub` empty for one row): 编制数/行政 → 行政编制, 内设机构/个数 →
/// 内设机构数, 领导职数/正职 → part of 部门领导职数, 实有人数/工勤 → none.
pub fn recognize_joined(top: &str, sub: &str) -> Option<Col> {
    let whole = |column| Col {
        column,
        part: false,
    };
    let (t, s) = (squash(top), squash(sub));
    if s.is_empty() || s == t {
        return recognize(top).map(whole);
    }
    if t.is_empty() {
        return recognize(sub).map(whole);
    }
    if ACTUAL.iter().any(|a| t.contains(a)) {
        return None;
    }
    if let Some(column) = recognize(top).filter(|c| c.kind == Kind::Count) {
        if PARTS.contains(&s.as_str()) {
            return Some(Col { column, part: true });
        }
        if TOTALS.contains(&s.as_str()) {
            return Some(whole(column));
        }
    }
    let bare = without_note(&t);
    let bare = bare.strip_prefix("核定").unwrap_or(bare);
    [format!("{t}{s}"), format!("{s}{t}"), format!("{s}{bare}")]
        .iter()
        .find_map(|h| recognize(h))
        .or_else(|| {
            // 编制数/合计: no field holds a total of quotas.
            (!TOTALS.contains(&s.as_str()) && !PARTS.contains(&s.as_str()))
                .then(|| recognize(sub))
                .flatten()
        })
        .map(whole)
}

/// Text of a cell: trimmed (full-width spaces too), NFC.
pub fn text(cell: &str) -> String {
    cell.trim().nfc().collect()
}

/// Why a cell's text does not fit its column.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NotCount(String),
    TooLarge(String),
    Level(String),
    Funding(String),
}

/// A count (编制数, 职数): a non-negative whole number; full-width digits,
/// `12.0` and a trailing 人/名/个 are accepted. Empty → `None`.
pub fn count(cell: &str) -> Result<Option<u32>, Problem> {
    let raw = text(cell);
    let s: String = raw.nfkc().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_end_matches(['人', '名', '个']);
    if s.is_empty() {
        return Ok(None);
    }
    let whole = match s.split_once('.') {
        Some((w, frac)) if !w.is_empty() && frac.chars().all(|c| c == '0') => w,
        Some(_) => return Err(Problem::NotCount(raw)),
        None => s,
    };
    if !whole.chars().all(|c| c.is_ascii_digit()) {
        // 十二, 二十五: Chinese numerals, whole and not negative.
        return match crate::domain::typed::integer(whole) {
            Some(n) if n >= 0 => u32::try_from(n)
                .map(Some)
                .map_err(|_| Problem::TooLarge(raw)),
            _ => Err(Problem::NotCount(raw)),
        };
    }
    whole
        .parse::<u32>()
        .map(Some)
        .map_err(|_| Problem::TooLarge(raw))
}

/// The code a cell names in `codes` (by one of its names or the code
/// itself); `Ok(None)` for an empty cell, `Err(())` for anything else.
fn code_in(codes: Codes, cell: &str) -> Result<Option<String>, ()> {
    let s = squash(cell);
    if s.is_empty() {
        return Ok(None);
    }
    codes
        .iter()
        .find(|(code, names)| *code == s || names.contains(&s.as_str()))
        .map(|(code, _)| Some((*code).to_string()))
        .ok_or(())
}

/// 机构规格 → the registration form's option value (zc fc zk fk gj).
pub fn level(cell: &str) -> Result<Option<String>, Problem> {
    code_in(LEVELS, cell).map_err(|()| Problem::Level(text(cell)))
}

/// 经费形式 → full / diff / self.
pub fn funding(cell: &str) -> Result<Option<String>, Problem> {
    code_in(FUNDINGS, cell).map_err(|()| Problem::Funding(text(cell)))
}

/// A list of names separated by 、,，;； or line breaks.
pub fn list(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '\n', '\r'])
        .map(text)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Lines (主要职责): one per line, or separated by ；.
pub fn lines(cell: &str) -> Vec<String> {
    cell.split(['\n', '\r', ';', '；'])
        .map(text)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let f = |h: &str| recognize(h).map(|c| c.field);
        assert_eq!(f("单位名称"), Some(Field::Name));
        assert_eq!(f(" 被评估单位 "), Some(Field::Name));
        assert_eq!(f("*单位名称"), Some(Field::Name));
        assert_eq!(f("核定行政编制"), Some(Field::AdminQuota));
        assert_eq!(f("行政编制（名）"), Some(Field::AdminQuota));
        assert_eq!(f("行政编制数"), Some(Field::AdminQuota));
        assert_eq!(f("领导职数"), Some(Field::LeaderPosts));
        assert_eq!(f("内设机构数"), Some(Field::Bodies));
        assert_eq!(f("内设机构"), Some(Field::BodyNames));
        assert_eq!(f("行政　编制"), Some(Field::AdminQuota));
        assert_eq!(f("序号"), None);
    }

    #[test]
    fn two_row_headers() {
        let f = |t: &str, s: &str| recognize_joined(t, s).map(|c| (c.column.field, c.part));
        assert_eq!(f("编制数", "行政"), Some((Field::AdminQuota, false)));
        assert_eq!(f("核定编制", "事业"), Some((Field::InstQuota, false)));
        assert_eq!(f("编制数（名）", "工勤"), Some((Field::WorkerQuota, false)));
        assert_eq!(f("编制情况", "行政编制"), Some((Field::AdminQuota, false)));
        assert_eq!(f("实有人数", "行政"), None);
        assert_eq!(f("实有人数", "工勤"), None);
        assert_eq!(f("编制数", "合计"), None);
        assert_eq!(f("领导职数", "正职"), Some((Field::LeaderPosts, true)));
        assert_eq!(f("领导职数", "副职"), Some((Field::LeaderPosts, true)));
        assert_eq!(f("领导职数", "合计"), Some((Field::LeaderPosts, false)));
        assert_eq!(f("内设机构", "个数"), Some((Field::Bodies, false)));
        assert_eq!(f("内设机构", "名称"), Some((Field::BodyNames, false)));
        assert_eq!(f("单位名称", "单位名称"), Some((Field::Name, false)));
        assert_eq!(f("", "机构规格"), Some((Field::Level, false)));
        assert_eq!(f("职数", "非领导"), Some((Field::NonleaderPosts, false)));
    }

    #[test]
    fn counts() {
        assert_eq!(count("12"), Ok(Some(12)));
        assert_eq!(count(" １２ "), Ok(Some(12)));
        assert_eq!(count("12.0"), Ok(Some(12)));
        assert_eq!(count("12人"), Ok(Some(12)));
        assert_eq!(count("　"), Ok(None));
        assert_eq!(count("十二"), Ok(Some(12)));
        assert_eq!(count("二十五人"), Ok(Some(25)));
        assert_eq!(count("十二点"), Err(Problem::NotCount("十二点".into())));
        assert_eq!(count("-1"), Err(Problem::NotCount("-1".into())));
        assert_eq!(count("12.5"), Err(Problem::NotCount("12.5".into())));
        assert!(matches!(count("99999999999"), Err(Problem::TooLarge(_))));
    }

    #[test]
    fn names_read_back_as_their_codes() {
        use crate::domain::code_name;
        for (code, _) in LEVELS {
            let name = code_name(LEVELS, code).unwrap_or_default();
            assert_eq!(level(name), Ok(Some(code.to_string())), "{name}");
        }
        for (code, _) in FUNDINGS {
            let name = code_name(FUNDINGS, code).unwrap_or_default();
            assert_eq!(funding(name), Ok(Some(code.to_string())), "{name}");
        }
        assert_eq!(code_name(LEVELS, "zk"), Some("正科级"));
        assert_eq!(code_name(FUNDINGS, "full"), Some("全额拨款"));
        assert_eq!(code_name(LEVELS, "正科级"), None);
    }

    #[test]
    fn codes() {
        assert_eq!(level("正科级"), Ok(Some("zk".into())));
        assert_eq!(level("副处"), Ok(Some("fc".into())));
        assert!(level("处级").is_err());
        assert_eq!(funding("差额补贴"), Ok(Some("diff".into())));
        assert_eq!(funding("自收自支"), Ok(Some("self".into())));
        assert_eq!(funding("full"), Ok(Some("full".into())));
        assert_eq!(level(" 正科 "), Ok(Some("zk".into())));
        assert_eq!(level(""), Ok(None));
        assert!(funding("全额拨款x").is_err());
        assert_eq!(
            list("办公室、法规股，财务股; 稽查大队"),
            ["办公室", "法规股", "财务股", "稽查大队"]
        );
    }
}
