//! The reports as Word documents, in the shared style of `docx`: a unit's
//! 评估报告 (the Markdown and HTML report's content laid out as a document:
//! title, a heading per part, tables for the tables), the campaign's
//! 汇总报告, and an entry's printable page.

use super::campaign_sheets::{campaign_headings, campaign_sheets};
use super::docx::{Body, Word};
use super::evidence::Evidence;
use super::sections::{FindingView, TallyView, digest_heading, finding_views, score_line};
use super::sheets::UnitSheets;
use super::{Cell, ReportError, Sheet};
use crate::analysis::{Summary, UnitAnalysis};
use crate::domain::Campaign;
use crate::i18n;

/// A sheet of labels and values (the overview) as a table without a
/// header row.
fn pairs(w: &mut Word, sheet: &Sheet) {
    let rows: Vec<(String, String)> = sheet
        .rows
        .iter()
        .map(|r| {
            let text = |c: usize| r.get(c).map(Cell::display).unwrap_or_default();
            (text(0), text(1))
        })
        .collect();
    let refs: Vec<(&str, &str)> = rows.iter().map(|(l, v)| (l.as_str(), v.as_str())).collect();
    w.pairs(&refs);
}

fn sheet_table(w: &mut Word, sheet: &Sheet) {
    w.table(&sheet.header, &sheet.rows);
}

/// Columns a portrait page holds legibly; a summary with more is printed
/// on landscape pages.
const LANDSCAPE_OVER: usize = 10;

/// A unit's report.
pub fn unit(
    campaign: &Campaign,
    a: &UnitAnalysis,
    ev: &Evidence,
    generated: &str,
) -> Result<Vec<u8>, ReportError> {
    let sheets = UnitSheets::new(campaign, a, ev, generated);
    let mut w = Word::new(Body::Report);
    w.title(&i18n::rep_unit_title(&a.unit.name));
    let mut meta = campaign.name.clone();
    if campaign.demo {
        meta.push_str(&i18n::rep_demo());
    }
    w.meta(&format!("{meta} · {}", i18n::rep_generated(generated)));
    pairs(&mut w, &sheets.info);

    w.heading(&i18n::rep_h_table());
    sheet_table(&mut w, &sheets.table);
    if a.registration.is_none() {
        w.para(&i18n::rep_registration_none());
    }

    findings_part(&mut w, a, ev);
    digests_part(&mut w, a);
    tally_part(&mut w, a);

    w.heading(&i18n::rep_h_score());
    match &a.score {
        Some(s) => {
            sheet_table(&mut w, &sheets.score);
            w.para(&score_line(s));
        }
        None => {
            w.para(&i18n::rep_no_score());
        }
    }
    self_part(&mut w, a);
    if !ev.is_empty() {
        // Listed with their hashes; nothing is embedded.
        w.heading(&i18n::ev_heading());
        w.para(&i18n::ev_intro(ev.files.len()));
        sheet_table(&mut w, &ev.sheet());
    }
    w.finish()
}

/// 自评与考核对比, when the unit's self-check was imported: the table
/// (large differences marked), then those listed.
fn self_part(w: &mut Word, a: &UnitAnalysis) {
    let Some(c) = &a.selfcheck else {
        return;
    };
    let v = super::selfgap::view(c);
    w.heading(&v.table.name);
    w.para(&v.intro);
    if let Some(n) = &v.not_assessed {
        w.para(n);
    }
    sheet_table(w, &v.table);
    if !v.large.is_empty() {
        w.para(&i18n::sc_rep_large_head());
        for l in &v.large {
            w.bullet(&format!("⚠ {l}"));
        }
    }
    if let Some(u) = &v.unscored {
        w.para(u);
    }
}

/// The findings, each under its numbered heading with its labelled lines,
/// then the rules that could not be decided, apart.
fn findings_part(w: &mut Word, a: &UnitAnalysis, ev: &Evidence) {
    w.heading(&i18n::rep_h_findings());
    if a.findings.is_empty() {
        w.para(&i18n::rep_no_findings());
    }
    for f in finding_views(&a.findings) {
        finding(w, &f.counted(ev));
    }
    if !a.gaps.is_empty() {
        w.subheading(&i18n::rep_h_gaps());
        w.para(&i18n::rep_gaps_intro());
        for g in &a.gaps {
            w.bullet(&g.text);
        }
    }
}

fn finding(w: &mut Word, f: &FindingView<'_>) {
    w.subheading(&format!("{}. {}", f.number, f.heading));
    if let Some(warning) = &f.warning {
        w.labelled(&warning.label, &format!("⚠ {}", warning.value));
    }
    w.labelled(&f.facts.label, f.facts.value);
    w.labelled(&f.rule.label, &f.rule.value);
    if let Some(evidence) = &f.evidence {
        w.labelled(&evidence.label, "");
        for e in evidence.value {
            w.bullet(e);
        }
    }
    if let Some(a) = &f.attachments {
        w.labelled(&a.label, &a.value);
    }
    if let Some(suggestion) = &f.suggestion {
        w.labelled(&suggestion.label, suggestion.value);
    }
}

/// Each interview and symposium: its heading and its lines.
fn digests_part(w: &mut Word, a: &UnitAnalysis) {
    w.heading(&i18n::rep_h_digests());
    if a.digests.is_empty() {
        w.para(&i18n::rep_no_digests());
    }
    for d in &a.digests {
        w.subheading(&digest_heading(d));
        for l in &d.lines {
            w.labelled(&l.label, &l.text);
        }
    }
}

/// Each questionnaire tally: its intro, then a table per answered item.
fn tally_part(w: &mut Word, a: &UnitAnalysis) {
    w.heading(&i18n::rep_h_tally());
    if a.tallies.is_empty() {
        w.para(&i18n::rep_no_tally());
    }
    for t in a.tallies.iter().map(TallyView::new) {
        w.para(&t.intro);
        for item in &t.items {
            w.subheading(&item.heading);
            w.table(&item.header, &item.rows);
        }
    }
}

/// The campaign's 汇总报告: the intro and its warnings, then each part's
/// table (the summary with one row per unit first).
pub fn campaign(
    summary: &Summary,
    units: &[UnitAnalysis],
    generated: &str,
) -> Result<Vec<u8>, ReportError> {
    let sheets = campaign_sheets(summary, units);
    // A summary of many columns (staff kinds, 上级单位, the procedure's
    // steps) is printed across landscape pages.
    let wide = sheets.iter().any(|s| s.header.len() > LANDSCAPE_OVER);
    let mut w = if wide {
        Word::landscape(Body::Report)
    } else {
        Word::new(Body::Report)
    };
    let mut title = i18n::rep_campaign_title(&summary.name);
    if summary.demo {
        title.push_str(&i18n::rep_demo());
    }
    w.title(&title);
    w.para(&i18n::rep_campaign_intro(
        summary.units.len(),
        summary.findings_total,
        summary.open_total,
        summary.scored,
        generated,
    ));
    if summary.gaps_total > 0 {
        w.para(&i18n::rep_gaps_total(summary.gap_units, summary.gaps_total));
    }
    for note in super::grade_notes(summary) {
        w.para(&note);
    }
    for (heading, sheet) in campaign_headings(units).iter().zip(&sheets) {
        w.heading(heading);
        if sheet.rows.is_empty() {
            w.para(&i18n::rep_none());
        } else {
            sheet_table(&mut w, sheet);
        }
    }
    w.finish()
}

/// An entry's page: the title, its facts and each section's items as
/// tables of labels and values, repeat tables as tables.
pub fn entry(page: &super::entry::Page) -> Result<Vec<u8>, ReportError> {
    use super::entry::Part;
    let mut w = Word::new(Body::Report);
    w.title(&page.title);
    let facts: Vec<(&str, &str)> = page
        .facts
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_str()))
        .collect();
    w.pairs(&facts);
    for s in &page.sections {
        w.heading(&s.title);
        let mut fields: Vec<(&str, &str)> = Vec::new();
        for p in &s.parts {
            match p {
                Part::Field { label, value } => fields.push((label, value)),
                Part::Table {
                    label,
                    header,
                    rows,
                } => {
                    if !fields.is_empty() {
                        w.pairs(&std::mem::take(&mut fields));
                    }
                    w.subheading(label);
                    w.table(header, rows);
                }
            }
        }
        if !fields.is_empty() {
            w.pairs(&fields);
        }
    }
    w.finish()
}
