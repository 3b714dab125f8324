//! The 公示 of a 绩效考核's results as a document: the title, the intro
//! with the 公示 period and where to object, a table of the units (序号,
//! 单位, 总分, the final 等次 after the quotas, 备注: an open objection, the
//! reason a quota moved the grade), the units without a complete score
//! listed last as 未评分 and counted apart, where the grades stand on the
//! day, and the office's signature. Word (the header row repeated on every
//! page), Markdown or HTML (every text escaped), from one `PublicityDoc`.

use std::fmt::Write;

use super::letter::{long_date, office_of};
use super::{Cell, Format, ReportError};
use crate::analysis::publicity::{GradeState, Publicity};
use crate::domain::{Campaign, CampaignKind};
use crate::i18n;

/// The 公示 as written.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicityDoc {
    pub title: String,
    /// The intro, the period, where to object, whom to call.
    pub intro: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The counts, and where the grades stand.
    pub after: Vec<String>,
    pub office: String,
    /// The date, written out.
    pub date: String,
}

impl PublicityDoc {
    /// The 公示 of `campaign` from its list `p`, signed by `office` (else
    /// the office the campaign's name gives) on `p.today`. Refused for a
    /// campaign that is no 绩效考核.
    pub fn new(
        campaign: &Campaign,
        p: &Publicity,
        office: Option<&str>,
    ) -> Result<PublicityDoc, ReportError> {
        if campaign.kind != CampaignKind::Jx {
            return Err(ReportError::Refused(i18n::pb_only_jx()));
        }
        let mut intro = vec![i18n::pb_intro(&p.name)];
        intro.push(match (&p.from, &p.to) {
            (Some(from), Some(to)) => i18n::pb_period(&long_date(from), &long_date(to)),
            _ => i18n::pb_period_undecided(),
        });
        if let Some(place) = &p.objections_to {
            intro.push(i18n::pb_objections_to(place));
        }
        if let Some(contact) = &p.contact {
            intro.push(i18n::pb_contact(contact));
        }
        let header = vec![
            i18n::pb_h_no(),
            i18n::pb_h_unit(),
            i18n::pb_h_score(),
            i18n::pb_h_grade(),
            i18n::pb_h_note(),
        ];
        let rows = p
            .rows
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let mut notes = Vec::new();
                if r.open_objections > 0 {
                    notes.push(GradeState::Objected.label());
                }
                notes.extend(r.grade_note.clone());
                vec![
                    Cell::Int((n + 1) as f64),
                    Cell::text(&r.name),
                    r.score
                        .map_or_else(|| Cell::text(i18n::pb_unscored()), Cell::Num),
                    Cell::text(r.grade.clone().unwrap_or_else(i18n::pb_unscored)),
                    Cell::text(notes.join("；")),
                ]
            })
            .collect();
        let total = p.scored + p.unscored;
        let mut after = vec![if p.unscored == 0 {
            i18n::pb_counts_all(total)
        } else {
            i18n::pb_counts(total, p.scored, p.unscored)
        }];
        let states: Vec<String> = p
            .state_counts()
            .iter()
            .map(|(s, n)| i18n::pb_state_count(&s.label(), *n))
            .collect();
        if !states.is_empty() {
            after.push(i18n::pb_states(
                &long_date(&p.today),
                &states.join(&i18n::ui_list_sep()),
            ));
        }
        Ok(PublicityDoc {
            title: i18n::pb_title(&p.name),
            intro,
            header,
            rows,
            after,
            office: office
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map_or_else(|| office_of(&campaign.name), str::to_string),
            date: long_date(&p.today),
        })
    }

    /// The 公示 in `format`: Word, Markdown or HTML.
    pub fn report(&self, format: Format) -> Result<Vec<u8>, ReportError> {
        super::text_document(format, || self.docx(), || self.markdown(), || self.html())
    }

    /// As a Word document: the title, the intro, the table (its header
    /// row repeated on every page), the counts and the signature.
    pub fn docx(&self) -> Result<Vec<u8>, ReportError> {
        use super::docx::{Body, Word};
        let mut w = Word::new(Body::Report);
        w.title(&self.title);
        for p in &self.intro {
            w.indented(p);
        }
        w.table(&self.header, &self.rows);
        for p in &self.after {
            w.indented(p);
        }
        w.blank();
        w.right(&self.office);
        w.right(&self.date);
        w.finish()
    }

    /// As Markdown.
    pub fn markdown(&self) -> String {
        use super::markdown::{inline, para, table};
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", inline(&self.title));
        for p in &self.intro {
            para(&mut out, &inline(p));
        }
        table(&mut out, &self.header, &self.rows);
        for p in &self.after {
            para(&mut out, &inline(p));
        }
        let _ = writeln!(out, "{}  \n{}", inline(&self.office), inline(&self.date));
        out
    }

    /// As a page, every text escaped.
    pub fn html(&self) -> String {
        use super::html::{page_start, para, table};
        use super::svg::esc;
        let mut out = String::new();
        page_start(&mut out, &self.title);
        let _ = writeln!(out, "<h1>{}</h1>", esc(&self.title));
        for p in &self.intro {
            para(&mut out, p);
        }
        table(&mut out, &self.header, &self.rows);
        for p in &self.after {
            para(&mut out, p);
        }
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
