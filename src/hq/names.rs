//! How county offices write unit lists, read as meant: a unit name typed
//! with spaces between its characters (`县 审 计 局`), half-width brackets
//! (`(县计生委)`) or a line break is one name; subtotal, total and section
//! rows (`小 计`, `县直合计`, `一、党委工作部门`, `其中：行政机关`) in any column
//! are not units; a team written short (`一组`) is matched to the team it
//! most likely means.

use unicode_normalization::UnicodeNormalization;

/// A unit's name as the campaign keeps it: trimmed, NFC, on one line,
/// without spaces between Chinese characters (a space between two Latin
/// words stays), brackets full-width as Chinese names write them.
pub fn unit_name(cell: &str) -> String {
    let text: String = cell.nfc().collect();
    let one_line: Vec<&str> = text.split(['\n', '\r']).map(str::trim).collect();
    let mut out = String::new();
    let mut space = false;
    for c in one_line.join(" ").trim_matches(is_space).chars() {
        if is_space(c) {
            space = true;
            continue;
        }
        if space && out.chars().last().is_some_and(is_latin) && is_latin(c) {
            out.push(' ');
        }
        space = false;
        out.push(match c {
            '(' => '（',
            ')' => '）',
            c => c,
        });
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A name without its bracketed parts. Two different names with the same
/// core are close enough to be one unit written two ways
/// (`县审计局（县审计局）`, `县人口和计划生育局（县计生委）` beside `县审计局`,
/// `县人口和计划生育局`).
pub fn core(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in unit_name(name).chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The units of a campaign by the core of their names, to find the one a
/// new name is close to (looked up once per name).
pub struct Cores<'c> {
    by_core: std::collections::HashMap<String, Vec<&'c str>>,
}

impl<'c> Cores<'c> {
    pub fn new(names: impl IntoIterator<Item = &'c str>) -> Self {
        let mut by_core: std::collections::HashMap<String, Vec<&'c str>> = Default::default();
        for n in names {
            let c = core(n);
            if !c.is_empty() {
                by_core.entry(c).or_default().push(n);
            }
        }
        Cores { by_core }
    }

    /// The first name of the list with the same core as `name` but
    /// another name.
    pub fn similar_to(&self, name: &str) -> Option<&'c str> {
        let kept = unit_name(name);
        self.by_core
            .get(&core(name))?
            .iter()
            .find(|n| unit_name(n) != kept)
            .copied()
    }
}

/// Whether a name cell lists its unit under the one above it, and the
/// name without the mark: `其中：县农业技术推广中心`, `└综合执法大队`,
/// `—县档案馆`, or indented with full-width spaces.
pub fn listed_under(cell: &str) -> (bool, &str) {
    let s = cell.trim_start_matches([' ', '\t']);
    let indented = s.starts_with('\u{3000}');
    let s = s.trim_start_matches(is_space);
    for mark in ["其中：", "其中:"] {
        if let Some(rest) = s.strip_prefix(mark) {
            return (true, rest);
        }
    }
    let marks = ['└', '├', '∟', '—', '－', '-', '·', '•', '―', '─'];
    let rest = s.trim_start_matches(marks);
    if rest.len() < s.len() {
        return (true, rest.trim_start_matches(is_space));
    }
    (indented, s)
}

/// Whether a row's text is only 栏次 numbers (1 2 3 …, 甲 乙 丙), as a
/// form numbers its columns under the header.
pub fn is_column_numbers(filled: &[&String]) -> bool {
    let numbering = |c: &&String| {
        let s: String = c.nfkc().filter(|c| !is_space(*c)).collect();
        ["甲", "乙", "丙", "丁", "戊"].contains(&s.as_str())
            || (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
    };
    let numbers: Vec<u32> = filled
        .iter()
        .filter_map(|c| c.nfkc().collect::<String>().trim().parse().ok())
        .collect();
    filled.len() >= 3
        && filled.iter().all(numbering)
        && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

/// A cell's text without any space and without a trailing colon.
fn squashed(cell: &str) -> String {
    let s: String = cell.nfkc().filter(|c| !is_space(*c)).collect();
    s.trim_end_matches([':', '：']).to_string()
}

/// Whether a cell says the row is a subtotal or total: 小计, 合计, 总计,
/// 共计 (spaced or with a colon, alone or ending a name: 县直合计).
pub fn is_total(cell: &str) -> bool {
    let s = squashed(cell);
    ["小计", "合计", "总计", "共计"]
        .iter()
        .any(|t| s == *t || (s.ends_with(t) && s.chars().count() <= 8))
}

/// Categories a list groups its units under (a section row names one).
const SECTIONS: &[&str] = &[
    "党委工作部门",
    "党委部门",
    "政府工作部门",
    "政府部门",
    "人大机关",
    "政协机关",
    "审判机关",
    "检察机关",
    "群团机关",
    "群团组织",
    "民主党派机关",
    "行政机关",
    "事业单位",
    "参公单位",
    "参照公务员法管理单位",
    "直属事业单位",
    "县直单位",
    "县直部门",
    "乡镇",
];

/// Whether a row's only text is a section heading: a category of units
/// (`政府工作部门`, `其中：行政机关`), numbered or not (`一、`, `（二）`).
pub fn is_section(only_text: &str) -> bool {
    let s = squashed(only_text);
    let s = s
        .strip_prefix("其中")
        .map_or(s.as_str(), |r| r.trim_start_matches([':', '：']));
    let s = strip_numbering(s);
    SECTIONS.contains(&s)
}

/// `一、X`, `（一）X`, `(一)X`, `1.X`, `1、X` → `X`.
fn strip_numbering(s: &str) -> &str {
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    if let Some(rest) = s.strip_prefix(['（', '(']) {
        let body = rest.trim_start_matches(numeral);
        if body.len() < rest.len()
            && let Some(after) = body.strip_prefix(['）', ')'])
        {
            return after;
        }
        return s;
    }
    let body = s.trim_start_matches(numeral);
    if body.len() < s.len()
        && let Some(after) = body.strip_prefix(['、', '.', '．'])
    {
        return after;
    }
    s
}

/// The team among `names` that `typed` most likely means, when it is not
/// one of them: the same name without 第, 组, 考核, 小 and with 1-10 read
/// as 一-十 (`一组`, `1组`, `考核一组` → `第一组`).
pub fn closest_team<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = |s: &str| -> String {
        let s: String = s.nfkc().filter(|c| !is_space(*c)).collect();
        let s = s.replace("考核", "").replace(['第', '组', '小'], "");
        match s.parse::<u32>() {
            Ok(n @ 1..=10) => ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
                .get(n as usize - 1)
                .map_or(s.clone(), |c| (*c).to_string()),
            _ => s,
        }
    };
    let want = key(typed);
    if want.is_empty() {
        return None;
    }
    let mut found = names.into_iter().filter(|n| key(n) == want);
    let first = found.next()?;
    // Two teams both close: no guess.
    found.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `a` is similar to `b` as `Cores` tells it.
    fn similar(a: &str, b: &str) -> bool {
        Cores::new([b]).similar_to(a).is_some()
    }

    #[test]
    fn names_lose_inner_spaces_line_breaks_and_half_width_brackets() {
        assert_eq!(unit_name(" 县 审 计 局 "), "县审计局");
        assert_eq!(unit_name("县\u{3000}审计局"), "县审计局");
        assert_eq!(
            unit_name("县人口和计划生育局(县计生委)"),
            "县人口和计划生育局（县计生委）"
        );
        assert_eq!(
            unit_name("县人口和计划生育局\n（县计生委）"),
            "县人口和计划生育局（县计生委）"
        );
        assert_eq!(unit_name("县 IT Center"), "县IT Center");
    }

    #[test]
    fn totals_and_sections_are_told_from_units() {
        for t in [
            "小计",
            "小 计",
            "小　计",
            "小计：",
            "合　计",
            "总  计",
            "县直合计",
        ] {
            assert!(is_total(t), "{t}");
        }
        for u in ["县审计局", "县计划生育协会", "县统计局"] {
            assert!(!is_total(u), "{u}");
        }
        for s in [
            "党委工作部门",
            "一、政府工作部门",
            "（二）事业单位",
            "其中：行政机关",
        ] {
            assert!(is_section(s), "{s}");
        }
        for u in ["县审计局", "其中：县农业技术推广中心", "一、县审计局"] {
            assert!(!is_section(u), "{u}");
        }
    }

    #[test]
    fn a_unit_listed_under_another_is_told_by_its_mark() {
        assert_eq!(
            listed_under("其中：县农业技术推广中心"),
            (true, "县农业技术推广中心")
        );
        assert_eq!(listed_under("└综合执法大队"), (true, "综合执法大队"));
        assert_eq!(listed_under("—县档案馆"), (true, "县档案馆"));
        assert_eq!(listed_under("\u{3000}\u{3000}县档案馆"), (true, "县档案馆"));
        assert_eq!(listed_under(" 县审计局 "), (false, "县审计局 "));
        assert_eq!(listed_under("县审计局"), (false, "县审计局"));
    }

    #[test]
    fn a_row_numbering_the_columns_is_not_a_unit() {
        let row = |cells: &[&str]| -> bool {
            let owned: Vec<String> = cells.iter().map(|s| (*s).to_string()).collect();
            let refs: Vec<&String> = owned.iter().collect();
            is_column_numbers(&refs)
        };
        assert!(row(&["甲", "乙", "1", "2", "3"]));
        assert!(row(&["1", "2", "3", "4"]));
        assert!(!row(&["1", "县审计局", "12"]));
        assert!(!row(&["1", "12", "3"]));
    }

    #[test]
    fn names_that_differ_only_in_a_bracket_are_similar() {
        assert!(similar("县审计局（县审计局）", "县审计局"));
        assert!(similar(
            "县人口和计划生育局(县计生委)",
            "县人口和计划生育局"
        ));
        assert!(!similar("县审计局", "县 审 计 局"));
        assert!(!similar("县审计局", "县统计局"));
        let cores = Cores::new(["县审计局", "县人口和计划生育局（县计生委）"]);
        assert_eq!(cores.similar_to("县审计局（县审计局）"), Some("县审计局"));
        assert_eq!(
            cores.similar_to("县人口和计划生育局"),
            Some("县人口和计划生育局（县计生委）")
        );
        assert_eq!(cores.similar_to("县 审计局"), None, "the same unit");
        assert_eq!(cores.similar_to("县统计局"), None);
    }

    #[test]
    fn a_short_team_name_finds_the_team_meant() {
        let teams = ["第一组", "第二组", "第十组"];
        assert_eq!(closest_team("一组", teams), Some("第一组"));
        assert_eq!(closest_team("1组", teams), Some("第一组"));
        assert_eq!(closest_team("考核二组", teams), Some("第二组"));
        assert_eq!(closest_team("第三组", teams), None);
        assert_eq!(closest_team("", teams), None);
    }
}
