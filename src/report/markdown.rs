//! Markdown reports: a unit's assessment (overview, 核定与实有, findings
//! with evidence and suggestions, interview and symposium digests,
//! questionnaire tallies, score and grade), the campaign's 汇总表 and the
//! 问题反馈函.

use std::fmt::Write;

use super::campaign_sheets::{campaign_headings, campaign_sheets};
use super::evidence::Evidence;
use super::sections::{FindingView, TallyView, digest_heading, finding_views, score_line};
use super::sheets::UnitSheets;
use super::{Cell, Sheet};
use crate::analysis::{Summary, UnitAnalysis};
use crate::domain::Campaign;
use crate::i18n;

/// Text for a table cell: one line, `|` escaped.
fn cell_text(s: &str) -> String {
    inline(s).replace('\n', "<br>")
}

/// Inline text with Markdown's special characters escaped.
pub(super) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Text that may span lines, inside a list item: every line escaped and
/// indented, none able to start a heading or a list.
pub(super) fn block(s: &str) -> String {
    inline(s.trim())
        .lines()
        .map(|l| {
            let l = l.trim_start();
            if l.starts_with(['#', '-', '+', '=']) {
                return format!("\\{l}");
            }
            match l.split_once('.') {
                Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    format!("{n}\\.{rest}")
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("  \n  ")
}

/// A Markdown table; numeric columns are right-aligned.
pub(super) fn table(out: &mut String, header: &[String], rows: &[Vec<Cell>]) {
    let numeric: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter()
                .any(|r| matches!(r.get(c), Some(Cell::Int(_) | Cell::Num(_) | Cell::Pct(_))))
        })
        .collect();
    let head: Vec<String> = header.iter().map(|h| cell_text(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let rule: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in rows {
        let cells: Vec<String> = (0..header.len())
            .map(|c| {
                row.get(c)
                    .map_or(String::new(), |v| cell_text(&v.display()))
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn sheet_table(out: &mut String, sheet: &Sheet) {
    table(out, &sheet.header, &sheet.rows);
}

/// A second-level heading.
pub(super) fn h2(out: &mut String, title: &str) {
    let _ = writeln!(out, "## {title}\n");
}

/// A paragraph of text that is already Markdown.
pub(super) fn para(out: &mut String, s: &str) {
    let _ = writeln!(out, "{s}\n");
}

/// 佐证材料 (nothing when there is none): every file with its hash.
fn evidence_section(out: &mut String, ev: &Evidence) {
    if ev.is_empty() {
        return;
    }
    h2(out, &i18n::ev_heading());
    para(out, &inline(&i18n::ev_intro(ev.files.len())));
    sheet_table(out, &ev.sheet());
}

/// A unit's report.
pub fn unit(campaign: &Campaign, a: &UnitAnalysis, ev: &Evidence, generated: &str) -> String {
    let sheets = UnitSheets::new(campaign, a, ev, generated);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&i18n::rep_unit_title(&a.unit.name)));
    sheet_table(&mut out, &sheets.info);
    table_section(&mut out, a, &sheets.table);
    findings_section(&mut out, a, ev);
    digests_section(&mut out, a);
    tally_section(&mut out, a);
    score_section(&mut out, a, &sheets.score);
    self_section(&mut out, a);
    evidence_section(&mut out, ev);
    out
}

/// 自评与考核对比, when the unit's self-check was imported: the table,
/// then the large differences in bold.
fn self_section(out: &mut String, a: &UnitAnalysis) {
    let Some(c) = &a.selfcheck else {
        return;
    };
    let v = super::selfgap::view(c);
    h2(out, &v.table.name);
    para(out, &inline(&v.intro));
    if let Some(n) = &v.not_assessed {
        para(out, &inline(n));
    }
    sheet_table(out, &v.table);
    if !v.large.is_empty() {
        para(out, &format!("**{}**", inline(&i18n::sc_rep_large_head())));
        for l in &v.large {
            let _ = writeln!(out, "- **{}**", inline(l));
        }
        out.push('\n');
    }
    if let Some(u) = &v.unscored {
        para(out, &inline(u));
    }
}

/// 核定与实有: the table, and a note when the unit has no registration.
fn table_section(out: &mut String, a: &UnitAnalysis, table: &Sheet) {
    h2(out, &i18n::rep_h_table());
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
    gaps(out, a);
}

/// The rules that could not be decided, after the findings and apart from
/// them.
fn gaps(out: &mut String, a: &UnitAnalysis) {
    if a.gaps.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}\n", inline(&i18n::rep_h_gaps()));
    para(out, &inline(&i18n::rep_gaps_intro()));
    for g in &a.gaps {
        let _ = writeln!(out, "- {}", block(&g.text));
    }
    out.push('\n');
}

/// One finding: its numbered heading, then its labelled lines as a list.
fn finding(out: &mut String, f: &FindingView<'_>) {
    let _ = writeln!(out, "### {}. {}\n", f.number, inline(&f.heading));
    if let Some(w) = &f.warning {
        let _ = writeln!(out, "- **{}**：{}", w.label, inline(&w.value));
    }
    let _ = writeln!(out, "- **{}**：{}", f.facts.label, block(f.facts.value));
    let _ = writeln!(out, "- **{}**：{}", f.rule.label, inline(&f.rule.value));
    if let Some(evidence) = &f.evidence {
        let _ = writeln!(out, "- **{}**：", evidence.label);
        for e in evidence.value {
            let _ = writeln!(out, "  - {}", block(e));
        }
    }
    if let Some(a) = &f.attachments {
        let _ = writeln!(out, "- **{}**：{}", a.label, inline(&a.value));
    }
    if let Some(suggestion) = &f.suggestion {
        let _ = writeln!(
            out,
            "- **{}**：{}",
            suggestion.label,
            block(suggestion.value)
        );
    }
    out.push('\n');
}

/// Each interview and symposium entry: its heading and its lines as a list.
fn digests_section(out: &mut String, a: &UnitAnalysis) {
    h2(out, &i18n::rep_h_digests());
    if a.digests.is_empty() {
        para(out, &i18n::rep_no_digests());
    }
    for d in &a.digests {
        let _ = writeln!(out, "### {}\n", inline(&digest_heading(d)));
        for l in &d.lines {
            let _ = writeln!(out, "- **{}**：{}", inline(&l.label), block(&l.text));
        }
        out.push('\n');
    }
}

/// Each questionnaire tally: its intro, then a table per answered item.
fn tally_section(out: &mut String, a: &UnitAnalysis) {
    h2(out, &i18n::rep_h_tally());
    if a.tallies.is_empty() {
        para(out, &i18n::rep_no_tally());
    }
    for t in a.tallies.iter().map(TallyView::new) {
        para(out, &inline(&t.intro));
        for item in &t.items {
            let _ = writeln!(out, "### {}\n", inline(&item.heading));
            table(out, &item.header, &item.rows);
        }
    }
}

/// The score table with the total and grade under it.
fn score_section(out: &mut String, a: &UnitAnalysis, score: &Sheet) {
    h2(out, &i18n::rep_h_score());
    match &a.score {
        Some(s) => {
            sheet_table(out, score);
            para(out, &inline(&score_line(s)));
        }
        None => para(out, &i18n::rep_no_score()),
    }
}

/// The campaign's 汇总表.
pub fn campaign(summary: &Summary, units: &[UnitAnalysis], generated: &str) -> String {
    let sheets = campaign_sheets(summary, units);
    let mut out = String::new();
    let mut title = i18n::rep_campaign_title(&summary.name);
    if summary.demo {
        title.push_str(&i18n::rep_demo());
    }
    let _ = writeln!(out, "# {}\n", inline(&title));
    let _ = writeln!(
        out,
        "{}\n",
        inline(&i18n::rep_campaign_intro(
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
            &inline(&i18n::rep_gaps_total(summary.gap_units, summary.gaps_total)),
        );
    }
    for note in super::grade_notes(summary) {
        para(&mut out, &inline(&note));
    }
    let headings = campaign_headings(units);
    for (heading, sheet) in headings.iter().zip(&sheets) {
        h2(&mut out, heading);
        if sheet.rows.is_empty() {
            para(&mut out, &i18n::rep_none());
        } else {
            sheet_table(&mut out, sheet);
        }
    }
    out
}

/// An entry as a printable page (`report::entry`): its facts as a table,
/// then each section with its items, repeat tables as tables.
pub fn entry(page: &super::entry::Page) -> String {
    use super::entry::Part;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&page.title));
    let facts: Vec<Vec<Cell>> = page
        .facts
        .iter()
        .map(|(l, v)| vec![Cell::text(l), Cell::text(v)])
        .collect();
    table(
        &mut out,
        &[i18n::rep_col_item(), i18n::rep_col_value()],
        &facts,
    );
    for s in &page.sections {
        h2(&mut out, &inline(&s.title));
        for p in &s.parts {
            match p {
                Part::Field { label, value } => {
                    let _ = writeln!(out, "- **{}**：{}", inline(label), block(value));
                }
                Part::Table {
                    label,
                    header,
                    rows,
                } => {
                    let _ = writeln!(out, "\n**{}**\n", inline(label));
                    table(&mut out, header, rows);
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The 问题反馈函 (`report::letter`): title, to whom, the opening, each
/// finding with its labelled lines, the closing and the signature.
pub fn letter(l: &super::letter::Letter) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&l.title));
    para(&mut out, &inline(&l.to));
    para(&mut out, &inline(&l.opening));
    for item in &l.items {
        h2(&mut out, &inline(&item.heading));
        for (label, text) in &item.lines {
            let _ = writeln!(out, "- **{}**：{}", inline(label), block(text));
        }
        out.push('\n');
    }
    para(&mut out, &inline(&l.closing));
    para(&mut out, &inline(&l.end));
    let _ = writeln!(out, "{}  \n{}", inline(&l.office), inline(&l.date));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(cell_text("a|b\nc"), "a\\|b<br>c");
        assert_eq!(inline("<b>*x*</b>"), "&lt;b&gt;\\*x\\*&lt;/b&gt;");
        assert_eq!(
            block("# 标题\n- 一\n1. 二"),
            "\\# 标题  \n  \\- 一  \n  1\\. 二"
        );
    }
}
