//! The 问题反馈函: a formal letter to a unit about its findings. It is
//! addressed to the unit, opens with the campaign, lists the findings its
//! 问题清单 records (not the open ones nor the dismissed ones), numbered,
//! each with its 问题类型, 事实描述, 依据, 整改要求 and 整改期限 as the
//! 问题清单 entry gives them, asks for a written report on the
//! rectification by the latest deadline, and is signed by the campaign's
//! office with the date. Written as Word, Markdown or HTML from one
//! `Letter`.

use serde_json::Value;

use super::ReportError;
use crate::analysis::UnitAnalysis;
use crate::domain::{Campaign, CampaignKind, Entry};
use crate::i18n;

/// A letter, its texts in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub title: String,
    /// To whom (主送): `县安监局：`.
    pub to: String,
    pub opening: String,
    pub items: Vec<LetterItem>,
    /// The request for a written report, with the latest deadline.
    pub closing: String,
    /// `特此函告。`
    pub end: String,
    /// Who signs: the campaign's office.
    pub office: String,
    /// The date, written out (2014年1月15日).
    pub date: String,
}

/// One finding of the letter.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterItem {
    /// Its number and 问题类型: `一、超编`.
    pub heading: String,
    /// Label and text: 事实描述, 依据, 整改要求, 整改期限 (those it has).
    pub lines: Vec<(String, String)>,
}

/// A date as the letter writes it: `2014-03-31` → 2014年3月31日; any
/// other text as it is.
pub(super) fn long_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.trim().splitn(3, '-').collect();
    match parts.as_slice() {
        [y, m, d] => match (
            y.parse::<i32>(),
            m.parse::<i8>(),
            d.get(..2).unwrap_or(d).parse::<i8>(),
        ) {
            (Ok(y), Ok(m), Ok(d)) => i18n::date_long(y, m, d),
            _ => iso.trim().to_string(),
        },
        _ => iso.trim().to_string(),
    }
}

/// The office of a campaign named like `2013年东阿县政府部门机构编制评估`:
/// the county's (or city's) 机构编制委员会办公室, else the bare title.
pub fn office_of(campaign: &str) -> String {
    // The name after its year (2013年, 2013年度).
    let rest = campaign.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let rest = if rest.len() < campaign.len() {
        rest.trim_start_matches("年度").trim_start_matches('年')
    } else {
        rest
    };
    // Regions in order, each below the one before (山东省 聊城市 东阿县);
    // the office is the last one's.
    let level = |segment: &str| match segment.chars().last() {
        Some('省') => 0,
        Some('市' | '州') => 1,
        _ => 2,
    };
    let mut region: Option<&str> = None;
    let mut at = rest;
    while let Some(end) = at
        .char_indices()
        .take(8)
        .find(|(_, c)| "省市县区旗州".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
    {
        let (segment, tail) = at.split_at(end);
        if segment.chars().count() < 2 || region.is_some_and(|r| level(segment) <= level(r)) {
            break;
        }
        region = Some(segment);
        at = tail;
    }
    match region {
        Some(r) => i18n::letter_office(r),
        None => i18n::letter_office_plain(),
    }
}

/// The text answer `id` of an entry, when it has one.
fn answer(e: Option<&Entry>, id: &str) -> Option<String> {
    e?.answers
        .get(id)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Letter {
    /// The letter to the unit of `a` about its recorded findings, their
    /// 问题清单 entries among `entries` (the unit's); signed by `office`
    /// (else the office the campaign's name gives) on `today`
    /// (`YYYY-MM-DD`). Refused when no finding is recorded.
    pub fn new(
        campaign: &Campaign,
        a: &UnitAnalysis,
        entries: &[Entry],
        office: Option<&str>,
        today: &str,
    ) -> Result<Letter, ReportError> {
        let recorded: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.state.is_recorded())
            .collect();
        if recorded.is_empty() {
            return Err(ReportError::EmptyLetter(a.unit.name.clone()));
        }
        let mut latest: Option<String> = None;
        let items = recorded
            .iter()
            .enumerate()
            .map(|(n, f)| {
                let e = f
                    .entry
                    .as_deref()
                    .and_then(|id| entries.iter().find(|e| e.id == id));
                let mut lines = vec![(i18n::letter_facts(), f.facts.clone())];
                if let Some(basis) = answer(e, "basis") {
                    lines.push((i18n::letter_basis(), basis));
                }
                // What to do: the 整改要求 written, else the 意见建议.
                let requirement = answer(e, "rectify_req")
                    .or_else(|| (!f.suggestion.trim().is_empty()).then(|| f.suggestion.clone()));
                if let Some(r) = requirement {
                    lines.push((i18n::letter_requirement(), r));
                }
                if let Some(deadline) = answer(e, "rectify_deadline") {
                    lines.push((
                        i18n::letter_deadline(),
                        i18n::letter_by(&long_date(&deadline)),
                    ));
                    if latest.as_ref().is_none_or(|l| *l < deadline) {
                        latest = Some(deadline);
                    }
                }
                LetterItem {
                    heading: i18n::letter_item(&i18n::part_number(n + 1), &f.category),
                    lines,
                }
            })
            .collect();
        let what = match campaign.kind {
            CampaignKind::Jgbz => i18n::letter_what_jgbz(),
            CampaignKind::Jx => i18n::letter_what_jx(),
        };
        Ok(Letter {
            title: i18n::letter_title(&a.unit.name, &what),
            to: i18n::letter_to(&a.unit.name),
            opening: match campaign.year {
                Some(year) => i18n::letter_opening(&campaign.name, year, &what),
                None => i18n::letter_opening_no_year(&campaign.name, &what),
            },
            items,
            closing: match &latest {
                Some(d) => i18n::letter_closing(&long_date(d)),
                None => i18n::letter_closing_no_deadline(),
            },
            end: i18n::letter_end(),
            office: office
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map_or_else(|| office_of(&campaign.name), str::to_string),
            date: long_date(today),
        })
    }
}

/// The letter as a Word document: the title, to whom, the opening, each
/// finding under its 黑体 heading, the closing, and the signature block
/// on the right.
pub fn docx(l: &Letter) -> Result<Vec<u8>, ReportError> {
    use super::docx::{Body, Word};
    let mut w = Word::new(Body::Letter);
    w.title(&l.title);
    w.para(&l.to);
    w.indented(&l.opening);
    for item in &l.items {
        w.heading(&item.heading);
        for (label, text) in &item.lines {
            w.labelled(label, text);
        }
    }
    w.indented(&l.closing);
    w.indented(&l.end);
    w.blank().blank();
    w.right(&l.office);
    w.right(&l.date);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_is_the_last_region_of_the_campaign_name() {
        let office = |n: &str| office_of(n);
        assert_eq!(
            office("2013年东阿县政府部门机构编制评估（演示）"),
            "东阿县机构编制委员会办公室"
        );
        assert_eq!(
            office("2024年度山东省聊城市东阿县机构编制评估"),
            "东阿县机构编制委员会办公室"
        );
        assert_eq!(
            office("聊城市东昌府区事业单位绩效考核"),
            "东昌府区机构编制委员会办公室"
        );
        assert_eq!(office("2024年市直部门评估"), "机构编制委员会办公室");
        assert_eq!(office("机构编制评估"), "机构编制委员会办公室");
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date("2014-03-31"), "2014年3月31日");
        assert_eq!(long_date("2014-03-31T10:00:00+08:00"), "2014年3月31日");
        assert_eq!(long_date("下月底"), "下月底");
    }
}
