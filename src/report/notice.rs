//! The 考核预告: the notice a 绩效考核's office sends a unit before the
//! visit. It is addressed to the unit, says when the team comes (未定 when
//! the procedure sets no dates), who the team is (its members with their
//! roles), what to prepare (numbered, the 自评表 with its due date last),
//! whom to contact, and is signed by the campaign's office with the date.
//! Written as Word, Markdown or HTML from one `Notice`; jx campaigns only.

use std::fmt::Write;

use super::letter::{long_date, office_of};
use super::{Format, ReportError};
use crate::domain::{Campaign, CampaignKind, Unit};
use crate::i18n;

/// A notice, its texts in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    /// To whom (主送): `县人民医院：`.
    pub to: String,
    pub opening: String,
    /// 一、考察时间 … 四、联系方式.
    pub parts: Vec<NoticePart>,
    pub closing: String,
    /// `特此通知。`
    pub end: String,
    /// Who signs: the campaign's office.
    pub office: String,
    /// The date, written out (2013年10月20日).
    pub date: String,
}

/// One numbered part: its heading and its lines, each with a label (`""`
/// for a plain line).
#[derive(Debug, Clone, PartialEq)]
pub struct NoticePart {
    pub heading: String,
    pub lines: Vec<(String, String)>,
}

/// A plain line.
fn plain(text: String) -> (String, String) {
    (String::new(), text)
}

impl Notice {
    /// The notice to `unit` of `campaign`, signed by `office` (else the
    /// office the campaign's name gives) on `today` (`YYYY-MM-DD`).
    /// Refused for a campaign that is no 绩效考核.
    pub fn new(
        campaign: &Campaign,
        unit: &Unit,
        office: Option<&str>,
        today: &str,
    ) -> Result<Notice, ReportError> {
        if campaign.kind != CampaignKind::Jx {
            return Err(ReportError::Refused(i18n::nt_only_jx()));
        }
        let p = campaign.procedure.as_deref().cloned().unwrap_or_default();
        let time = match (p.visit_from.as_deref(), p.visit_to.as_deref()) {
            (Some(a), Some(b)) if a == b => long_date(a),
            (Some(a), Some(b)) => i18n::nt_range(&long_date(a), &long_date(b)),
            (Some(a), None) => i18n::nt_from_day(&long_date(a)),
            (None, Some(b)) => i18n::nt_until_day(&long_date(b)),
            (None, None) => i18n::nt_undecided(),
        };
        let team = match unit.team.as_deref().and_then(|t| campaign.team(t)) {
            Some(t) => {
                let mut lines = vec![(i18n::nt_team(), t.name.clone())];
                let members: Vec<String> = t
                    .members
                    .iter()
                    .map(|m| match m.role.as_deref().map(str::trim) {
                        Some(role) if !role.is_empty() => i18n::nt_member(&m.name, role),
                        _ => m.name.clone(),
                    })
                    .collect();
                if !members.is_empty() {
                    lines.push((i18n::nt_members(), members.join("、")));
                }
                lines
            }
            None => vec![plain(i18n::nt_undecided())],
        };
        let mut wanted: Vec<String> = p.materials.clone();
        if let Some(due) = &p.selfcheck_due {
            wanted.push(i18n::nt_selfcheck(&long_date(due)));
        }
        let materials = if wanted.is_empty() {
            vec![plain(i18n::nt_undecided())]
        } else {
            wanted
                .iter()
                .enumerate()
                .map(|(n, m)| plain(i18n::nt_material(n + 1, m)))
                .collect()
        };
        let contact = vec![plain(p.contact.clone().unwrap_or_else(i18n::nt_undecided))];
        let headings: [fn(&str) -> String; 4] = [
            i18n::nt_h_time,
            i18n::nt_h_team,
            i18n::nt_h_materials,
            i18n::nt_h_contact,
        ];
        let parts = headings
            .iter()
            .zip([vec![plain(time)], team, materials, contact])
            .enumerate()
            .map(|(n, (heading, lines))| NoticePart {
                heading: heading(&i18n::part_number(n + 1)),
                lines,
            })
            .collect();
        Ok(Notice {
            title: match campaign.year {
                Some(year) => i18n::nt_title(&unit.name, year),
                None => i18n::nt_title_no_year(&unit.name),
            },
            to: i18n::nt_to(&unit.name),
            opening: i18n::nt_opening(&campaign.name),
            parts,
            closing: i18n::nt_closing(),
            end: i18n::nt_end(),
            office: office
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map_or_else(|| office_of(&campaign.name), str::to_string),
            date: long_date(today),
        })
    }

    /// The notice in `format`: Word, Markdown or HTML.
    pub fn report(&self, format: Format) -> Result<Vec<u8>, ReportError> {
        super::text_document(format, || self.docx(), || self.markdown(), || self.html())
    }

    /// As a Word document, set as the 问题反馈函 is: the title, to whom,
    /// the opening, each part under its 黑体 heading, the closing, and the
    /// signature block on the right.
    pub fn docx(&self) -> Result<Vec<u8>, ReportError> {
        use super::docx::{Body, Word};
        let mut w = Word::new(Body::Letter);
        w.title(&self.title);
        w.para(&self.to);
        w.indented(&self.opening);
        for part in &self.parts {
            w.heading(&part.heading);
            for (label, text) in &part.lines {
                if label.is_empty() {
                    w.indented(text);
                } else {
                    w.labelled(label, text);
                }
            }
        }
        w.indented(&self.closing);
        w.indented(&self.end);
        w.blank().blank();
        w.right(&self.office);
        w.right(&self.date);
        w.finish()
    }

    /// As Markdown.
    pub fn markdown(&self) -> String {
        use super::markdown::{block, h2, inline, para};
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", inline(&self.title));
        para(&mut out, &inline(&self.to));
        para(&mut out, &inline(&self.opening));
        for part in &self.parts {
            h2(&mut out, &inline(&part.heading));
            for (label, text) in &part.lines {
                if label.is_empty() {
                    let _ = writeln!(out, "{}  ", block(text));
                } else {
                    let _ = writeln!(out, "**{}**：{}  ", inline(label), block(text));
                }
            }
            out.push('\n');
        }
        para(&mut out, &inline(&self.closing));
        para(&mut out, &inline(&self.end));
        let _ = writeln!(out, "{}  \n{}", inline(&self.office), inline(&self.date));
        out
    }

    /// As a page, every text escaped.
    pub fn html(&self) -> String {
        use super::html::{h2, labelled, page_start, para};
        use super::svg::esc;
        let mut out = String::new();
        page_start(&mut out, &self.title);
        let _ = writeln!(out, "<h1>{}</h1>", esc(&self.title));
        para(&mut out, &self.to);
        para(&mut out, &self.opening);
        for part in &self.parts {
            h2(&mut out, &part.heading);
            for (label, text) in &part.lines {
                if label.is_empty() {
                    para(&mut out, text);
                } else {
                    labelled(&mut out, label, text);
                }
            }
        }
        para(&mut out, &self.closing);
        para(&mut out, &self.end);
        let _ = writeln!(
            out,
            "<p style=\"text-align: right\">{}<br>{}</p>",
            esc(&self.office),
            esc(&self.date)
        );
        out.push_str("</body>\n</html>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Member, Procedure, Team};

    fn campaign(kind: CampaignKind, procedure: Option<Procedure>) -> Campaign {
        Campaign {
            id: "c".into(),
            name: "2013年东阿县事业单位绩效考核".into(),
            kind,
            year: Some(2013),
            demo: false,
            units: vec![Unit {
                id: "u1".into(),
                name: "县人民医院".into(),
                team: Some("t1".into()),
                parent: None,
                baseline: Default::default(),
            }],
            teams: vec![Team {
                id: "t1".into(),
                name: "第一考核组".into(),
                members: vec![
                    Member {
                        name: "张三".into(),
                        role: Some("组长".into()),
                    },
                    Member {
                        name: "李四".into(),
                        role: None,
                    },
                ],
            }],
            stages: vec![],
            grading: None,
            roster_names: false,
            procedure: procedure.map(Box::new),
        }
    }

    fn lines(n: &Notice, part: usize) -> Vec<(String, String)> {
        n.parts[part].lines.clone()
    }

    fn pair(label: &str, text: &str) -> (String, String) {
        (label.to_string(), text.to_string())
    }

    #[test]
    fn a_notice_without_procedure_settings_says_undecided() {
        let c = campaign(CampaignKind::Jx, None);
        let n = Notice::new(&c, &c.units[0], None, "2013-10-20").unwrap();
        assert_eq!(
            n.title,
            "关于对县人民医院开展2013年度绩效考核实地考察的通知"
        );
        assert_eq!(n.to, "县人民医院：");
        assert_eq!(lines(&n, 0), [pair("", "未定，另行通知。")]);
        assert_eq!(
            lines(&n, 1),
            [
                pair("考核组", "第一考核组"),
                pair("成员", "张三（组长）、李四")
            ]
        );
        assert_eq!(lines(&n, 2), [pair("", "未定，另行通知。")]);
        assert_eq!(lines(&n, 3), [pair("", "未定，另行通知。")]);
        assert_eq!(n.office, "东阿县机构编制委员会办公室");
        assert_eq!(n.date, "2013年10月20日");
    }

    #[test]
    fn the_procedure_fills_time_materials_and_contact() {
        let p = Procedure {
            visit_from: Some("2013-11-04".into()),
            visit_to: Some("2013-11-08".into()),
            materials: vec!["三定规定".into(), "年度工作总结".into()],
            selfcheck_due: Some("2013-10-31".into()),
            contact: Some("王五 0635-1234567".into()),
            ..Procedure::default()
        };
        let c = campaign(CampaignKind::Jx, Some(p));
        let n = Notice::new(&c, &c.units[0], Some("县考核委"), "2013-10-20").unwrap();
        let headings: Vec<&str> = n.parts.iter().map(|p| p.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "一、考察时间",
                "二、考核组",
                "三、需准备的材料",
                "四、联系方式"
            ]
        );
        assert_eq!(lines(&n, 0), [pair("", "2013年11月4日至2013年11月8日")]);
        assert_eq!(
            lines(&n, 2),
            [
                pair("", "1. 三定规定"),
                pair("", "2. 年度工作总结"),
                pair("", "3. 自评表（请于2013年10月31日前报送）"),
            ]
        );
        assert_eq!(lines(&n, 3), [pair("", "王五 0635-1234567")]);
        assert_eq!(n.office, "县考核委");
    }

    #[test]
    fn only_a_jx_campaign_gets_a_notice() {
        let c = campaign(CampaignKind::Jgbz, None);
        let e = Notice::new(&c, &c.units[0], None, "2013-10-20").unwrap_err();
        assert!(e.to_string().contains("只用于事业单位绩效考核"), "{e}");
    }
}
