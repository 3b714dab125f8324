//! HTML reports: one self-contained page (inline CSS, no scripts, no
//! outside files) laid out for printing on A4, with SVG bar charts. Every
//! text is escaped.

use std::fmt::Write;

use super::campaign_sheets::{campaign_headings, campaign_sheets};
use super::evidence::{Evidence, EvidenceFile, figure_lines, preview_of};
use super::sections::{
    FindingView, ItemView, TallyView, digest_heading, finding_views, score_line,
};
use super::sheets::UnitSheets;
use super::svg::{Bar, bars, esc, pairs};
use super::{Cell, Sheet};
use crate::analysis::{Summary, UnitAnalysis};
use crate::domain::Campaign;
use crate::i18n;

const CSS: &str = "\
@page { size: A4; margin: 16mm 14mm; }
body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", SimSun, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #222; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin: 16pt 0 6pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p.meta { text-align: center; color: #555; margin: 0 0 10pt; }
.demo { color: #b3261e; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
td.n { text-align: right; white-space: nowrap; }
table.wide { font-size: 8pt; }
table.wide th, table.wide td { padding: 1pt 2pt; }
table.wide td:nth-child(2), table.wide td:nth-child(3) { white-space: nowrap; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
div.finding { border-left: 3pt solid #d9822b; padding: 0 0 0 6pt; margin: 0 0 10pt; break-inside: avoid; page-break-inside: avoid; }
div.finding.severe { border-color: #b3261e; }
div.finding.minor { border-color: #7a9cc6; }
div.finding p { margin: 2pt 0; }
p.grade { font-size: 13pt; font-weight: bold; }
figure.evidence { margin: 6pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
figure.evidence img { display: block; max-width: 100%; height: auto; }
figure.evidence figcaption { font-size: 9pt; color: #444; word-break: break-all; }
@media print { body { max-width: none; } }
";

pub(super) fn page_start(out: &mut String, title: &str) {
    let lang = match i18n::lang() {
        i18n::Lang::Zh => "zh-CN",
        i18n::Lang::En => "en",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    );
}

/// Text with line breaks kept.
fn text(s: &str) -> String {
    esc(s).replace('\n', "<br>")
}

/// Tables with more columns than this get the compact style.
const WIDE: usize = 8;

pub(super) fn table(out: &mut String, header: &[String], rows: &[Vec<Cell>]) {
    out.push_str(if header.len() > WIDE {
        "<table class=\"wide\">\n<thead><tr>"
    } else {
        "<table>\n<thead><tr>"
    });
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in 0..header.len() {
            match row.get(c) {
                Some(cell @ (Cell::Int(_) | Cell::Num(_) | Cell::Pct(_))) => {
                    let _ = write!(out, "<td class=\"n\">{}</td>", esc(&cell.display()));
                }
                Some(cell) => {
                    let _ = write!(out, "<td>{}</td>", text(&cell.display()));
                }
                None => out.push_str("<td></td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn sheet_table(out: &mut String, sheet: &Sheet) {
    table(out, &sheet.header, &sheet.rows);
}

pub(super) fn h2(out: &mut String, title: &str) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(title));
}

pub(super) fn para(out: &mut String, s: &str) {
    let _ = writeln!(out, "<p>{}</p>", text(s));
}

/// 佐证材料 (nothing when there is none): the table of every file, then
/// the photos that could be read, downscaled and embedded with their
/// captions, one at a time; what could not be is named with the reason.
fn evidence_section(out: &mut String, ev: &Evidence) {
    if ev.is_empty() {
        return;
    }
    h2(out, &i18n::ev_heading());
    para(out, &i18n::ev_intro(ev.files.len()));
    sheet_table(out, &ev.sheet());
    let mut figures = String::new();
    let mut not_shown = Vec::new();
    for f in &ev.files {
        match preview_of(ev, f) {
            Ok(jpeg) => figure(&mut figures, f, &jpeg),
            Err(why) => not_shown.push(i18n::ev_not_shown(&f.file.name, &why.text())),
        }
    }
    let _ = writeln!(out, "<h3>{}</h3>", esc(&i18n::ev_photos_heading()));
    out.push_str(&figures);
    if !not_shown.is_empty() {
        out.push_str("<ul class=\"not-shown\">");
        for n in &not_shown {
            let _ = write!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>\n");
    }
}

/// One embedded photo: the downscaled JPEG, then its caption, record,
/// item, name, time and hash under it (all escaped).
fn figure(out: &mut String, f: &EvidenceFile, jpeg: &[u8]) {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(jpeg);
    let (caption, about, sha) = figure_lines(f);
    let mut lines: Vec<String> = caption
        .map(|c| format!("<b>{}</b>", esc(c)))
        .into_iter()
        .collect();
    lines.push(esc(&about));
    lines.push(format!("<code>{}</code>", esc(sha)));
    let _ = writeln!(
        out,
        "<figure class=\"evidence\"><img src=\"data:image/jpeg;base64,{data}\" alt=\"{}\">\
<figcaption>{}</figcaption></figure>",
        esc(&f.file.name),
        lines.join("<br>")
    );
}

/// A unit's report page.
pub fn unit(campaign: &Campaign, a: &UnitAnalysis, ev: &Evidence, generated: &str) -> String {
    let sheets = UnitSheets::new(campaign, a, ev, generated);
    let mut out = String::new();
    unit_head(&mut out, campaign, a, generated, &sheets.info);
    table_section(&mut out, a, &sheets.table);
    findings_section(&mut out, a, ev);
    digests_section(&mut out, a);
    tally_section(&mut out, a);
    score_section(&mut out, a, &sheets.score);
    self_section(&mut out, a);
    evidence_section(&mut out, ev);
    out.push_str("</body>\n</html>\n");
    out
}

/// 自评与考核对比, when the unit's self-check was imported: the table
/// with the large differences' rows highlighted, then those listed.
fn self_section(out: &mut String, a: &UnitAnalysis) {
    let Some(c) = &a.selfcheck else {
        return;
    };
    let v = super::selfgap::view(c);
    h2(out, &v.table.name);
    para(out, &v.intro);
    if let Some(n) = &v.not_assessed {
        para(out, n);
    }
    out.push_str("<table>\n<thead><tr>");
    for h in &v.table.header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in v.table.rows.iter().enumerate() {
        out.push_str(if v.large_rows.contains(&i) {
            "<tr class=\"large\" style=\"background:#fde8e6;font-weight:bold\">"
        } else {
            "<tr>"
        });
        for cell in row {
            match cell {
                Cell::Int(_) | Cell::Num(_) | Cell::Pct(_) => {
                    let _ = write!(out, "<td class=\"n\">{}</td>", esc(&cell.display()));
                }
                _ => {
                    let _ = write!(out, "<td>{}</td>", text(&cell.display()));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !v.large.is_empty() {
        let _ = writeln!(
            out,
            "<p><strong>{}</strong></p>\n<ul>",
            esc(&i18n::sc_rep_large_head())
        );
        for l in &v.large {
            let _ = writeln!(out, "<li><strong>{}</strong></li>", esc(l));
        }
        out.push_str("</ul>\n");
    }
    if let Some(u) = &v.unscored {
        para(out, u);
    }
}

/// The page's start, its title, the campaign line and the overview table.
fn unit_head(
    out: &mut String,
    campaign: &Campaign,
    a: &UnitAnalysis,
    generated: &str,
    info: &Sheet,
) {
    let title = i18n::rep_unit_title(&a.unit.name);
    page_start(out, &title);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let demo = if campaign.demo {
        format!("<span class=\"demo\">{}</span>", esc(&i18n::rep_demo()))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}{demo} · {}</p>",
        esc(&campaign.name),
        esc(&i18n::rep_generated(generated))
    );
    sheet_table(out, info);
}

/// 核定与实有: quota against actual as a chart, the table, and a note when
/// the unit has no registration.
fn table_section(out: &mut String, a: &UnitAnalysis, table: &Sheet) {
    h2(out, &i18n::rep_h_table());
    let rows: Vec<(String, Option<f64>, Option<f64>)> = a
        .table
        .iter()
        .map(|l| (l.label.clone(), l.quota, l.actual))
        .collect();
    out.push_str(&pairs(
        &i18n::rep_sheet_table(),
        &rows,
        [&i18n::rep_col_quota(), &i18n::rep_col_actual()],
    ));
    out.push('\n');
    sheet_table(out, table);
    if a.registration.is_none() {
        para(out, &i18n::rep_registration_none());
    }
}

fn findings_section(out: &mut String, a: &UnitAnalysis, ev: &Evidence) {
    h2(out, &i18n::rep_h_findings());
    if a.findings.is_empty() {
        para(out, &i18n::rep_no_findings());
    }
    for f in finding_views(&a.findings) {
        finding(out, &f.counted(ev));
    }
    if !a.gaps.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&i18n::rep_h_gaps()));
        para(out, &i18n::rep_gaps_intro());
        out.push_str("<ul class=\"gaps\">");
        for g in &a.gaps {
            let _ = write!(out, "<li>{}</li>", text(&g.text));
        }
        out.push_str("</ul>\n");
    }
}

/// One finding: a box, marked by its severity, with its labelled lines.
fn finding(out: &mut String, f: &FindingView<'_>) {
    let _ = writeln!(
        out,
        "<div class=\"finding {}\">\n<h3>{}. {}</h3>",
        esc(f.severity),
        f.number,
        esc(&f.heading)
    );
    if let Some(w) = &f.warning {
        labelled(out, &w.label, &w.value);
    }
    labelled(out, &f.facts.label, f.facts.value);
    labelled(out, &f.rule.label, &f.rule.value);
    if let Some(evidence) = &f.evidence {
        let _ = write!(out, "<p><b>{}</b>：</p>\n<ul>", esc(&evidence.label));
        for e in evidence.value {
            let _ = write!(out, "<li>{}</li>", text(e));
        }
        out.push_str("</ul>\n");
    }
    if let Some(a) = &f.attachments {
        labelled(out, &a.label, &a.value);
    }
    if let Some(suggestion) = &f.suggestion {
        labelled(out, &suggestion.label, suggestion.value);
    }
    out.push_str("</div>\n");
}

/// A paragraph: a bold label, then the text.
pub(super) fn labelled(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "<p><b>{}</b>：{}</p>", esc(label), text(value));
}

/// Each interview and symposium entry: its heading and its lines as a table.
fn digests_section(out: &mut String, a: &UnitAnalysis) {
    h2(out, &i18n::rep_h_digests());
    if a.digests.is_empty() {
        para(out, &i18n::rep_no_digests());
    }
    for d in &a.digests {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&digest_heading(d)));
        let rows: Vec<Vec<Cell>> = d
            .lines
            .iter()
            .map(|l| vec![Cell::text(&l.label), Cell::text(&l.text)])
            .collect();
        table(out, &[i18n::rep_col_item(), i18n::rep_col_value()], &rows);
    }
}

/// Each questionnaire tally: its intro, then a chart and a table per
/// answered item.
fn tally_section(out: &mut String, a: &UnitAnalysis) {
    h2(out, &i18n::rep_h_tally());
    if a.tallies.is_empty() {
        para(out, &i18n::rep_no_tally());
    }
    for t in a.tallies.iter().map(TallyView::new) {
        para(out, &t.intro);
        for item in &t.items {
            tally_item(out, item);
        }
    }
}

fn tally_item(out: &mut String, item: &ItemView<'_>) {
    let chart: Vec<Bar> = item
        .item
        .options
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            value: o.percent,
            text: format!("{} ({:.1}%)", o.count, o.percent),
        })
        .collect();
    out.push_str(&bars(&item.heading, &chart, 100.0));
    out.push('\n');
    table(out, &item.header, &item.rows);
}

/// The score: indicators against their maximum as a chart, the table, and
/// the total and grade.
fn score_section(out: &mut String, a: &UnitAnalysis, score: &Sheet) {
    h2(out, &i18n::rep_h_score());
    let Some(s) = &a.score else {
        para(out, &i18n::rep_no_score());
        return;
    };
    let rows: Vec<(String, Option<f64>, Option<f64>)> = s
        .sections
        .iter()
        .flat_map(|sec| sec.indicators.iter())
        .map(|i| (i.label.clone(), Some(i.max), i.score))
        .collect();
    out.push_str(&pairs(
        &i18n::rep_sheet_score(),
        &rows,
        [&i18n::rep_col_max(), &i18n::rep_col_score()],
    ));
    out.push('\n');
    sheet_table(out, score);
    let _ = writeln!(out, "<p class=\"grade\">{}</p>", esc(&score_line(s)));
}

/// The campaign's 汇总表 page.
pub fn campaign(summary: &Summary, units: &[UnitAnalysis], generated: &str) -> String {
    let sheets = campaign_sheets(summary, units);
    let title = i18n::rep_campaign_title(&summary.name);
    let mut out = String::new();
    page_start(&mut out, &title);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let demo = if summary.demo {
        format!("<span class=\"demo\">{}</span> · ", esc(&i18n::rep_demo()))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">{demo}{}</p>",
        esc(&i18n::rep_campaign_intro(
            summary.units.len(),
            summary.findings_total,
            summary.open_total,
            summary.scored,
            generated
        ))
    );
    if summary.gaps_total > 0 {
        para(
            &mut out,
            &i18n::rep_gaps_total(summary.gap_units, summary.gaps_total),
        );
    }
    for note in super::grade_notes(summary) {
        para(&mut out, &note);
    }
    let headings = campaign_headings(units);
    for (i, (heading, sheet)) in headings.iter().zip(&sheets).enumerate() {
        h2(&mut out, heading);
        match i {
            1 if !summary.categories.is_empty() => {
                let max = summary
                    .categories
                    .iter()
                    .map(|c| c.findings)
                    .max()
                    .unwrap_or(0);
                let chart: Vec<Bar> = summary
                    .categories
                    .iter()
                    .map(|c| Bar {
                        label: c.category.clone(),
                        value: c.findings as f64,
                        text: i18n::rep_category_bar(c.findings, c.units),
                    })
                    .collect();
                out.push_str(&bars(&i18n::rep_sheet_categories(), &chart, max as f64));
                out.push('\n');
            }
            2 if summary.scored > 0 => {
                let chart: Vec<Bar> = summary
                    .grades
                    .iter()
                    .map(|g| Bar {
                        label: g.grade.clone(),
                        value: g.units as f64,
                        text: format!("{} ({:.1}%)", g.units, g.percent),
                    })
                    .collect();
                out.push_str(&bars(
                    &i18n::rep_sheet_grades(),
                    &chart,
                    summary.scored as f64,
                ));
                out.push('\n');
            }
            _ => {}
        }
        if sheet.rows.is_empty() {
            para(&mut out, &i18n::rep_none());
        } else {
            sheet_table(&mut out, sheet);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// An entry as a printable page (`report::entry`): its facts, then each
/// section's items as a two-column table, repeat tables as tables.
pub fn entry(page: &super::entry::Page) -> String {
    use super::entry::Part;
    let mut out = String::new();
    page_start(&mut out, &page.title);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&page.title));
    let pairs = |out: &mut String, pairs: &[(&str, &str)]| {
        out.push_str("<table>\n<tbody>\n");
        for (l, v) in pairs {
            let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", esc(l), text(v));
        }
        out.push_str("</tbody>\n</table>\n");
    };
    let facts: Vec<(&str, &str)> = page
        .facts
        .iter()
        .map(|(l, v)| (l.as_str(), v.as_str()))
        .collect();
    pairs(&mut out, &facts);
    for s in &page.sections {
        let _ = writeln!(out, "<h2>{}</h2>", esc(&s.title));
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
                        pairs(&mut out, &std::mem::take(&mut fields));
                    }
                    let _ = writeln!(out, "<h3>{}</h3>", esc(label));
                    table(&mut out, header, rows);
                }
            }
        }
        if !fields.is_empty() {
            pairs(&mut out, &fields);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The 问题反馈函 (`report::letter`) as a page: the title, to whom, the
/// opening, each finding with its labelled lines, the closing and the
/// signature on the right.
pub fn letter(l: &super::letter::Letter) -> String {
    let mut out = String::new();
    page_start(&mut out, &l.title);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&l.title));
    para(&mut out, &l.to);
    para(&mut out, &l.opening);
    for item in &l.items {
        h2(&mut out, &item.heading);
        for (label, text) in &item.lines {
            labelled(&mut out, label, text);
        }
    }
    para(&mut out, &l.closing);
    para(&mut out, &l.end);
    let _ = writeln!(
        out,
        "<p style=\"text-align: right\">{}<br>{}</p>",
        esc(&l.office),
        esc(&l.date)
    );
    out.push_str("</body>\n</html>\n");
    out
}
