//! Markdown reports: a unit's assessment (overview, 核定与实有, findings
//! with evidence and suggestions, interview and symposium digests,
//! questionnaire tallies, score and grade) and the campaign's 汇总表.

use std::fmt::Write;

use super::sheets::{
    campaign_headings, campaign_sheets, info_lines, tally_header, tally_row, unit_sheets,
};
use super::{Cell, Sheet};
use crate::analysis::{Summary, UnitAnalysis};
use crate::domain::Campaign;
use crate::i18n;

/// Text for a table cell: one line, `|` escaped.
fn cell_text(s: &str) -> String {
    inline(s).replace('\n', "<br>")
}

/// Inline text with Markdown's special characters escaped.
fn inline(s: &str) -> String {
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
fn block(s: &str) -> String {
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
fn table(out: &mut String, header: &[String], rows: &[Vec<Cell>]) {
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

/// A unit's report.
pub fn unit(campaign: &Campaign, a: &UnitAnalysis, generated: &str) -> String {
    let sheets = unit_sheets(campaign, a, generated);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&i18n::rep_unit_title(&a.unit.name)));
    let info: Vec<Vec<Cell>> = info_lines(campaign, a, generated)
        .into_iter()
        .map(|(k, v)| vec![Cell::Text(k), Cell::Text(v)])
        .collect();
    table(
        &mut out,
        &[i18n::rep_col_item(), i18n::rep_col_value()],
        &info,
    );

    let _ = writeln!(out, "## {}\n", i18n::rep_h_table());
    if let Some(s) = sheets.get(1) {
        sheet_table(&mut out, s);
    }
    if a.registration.is_none() {
        let _ = writeln!(out, "{}\n", i18n::rep_registration_none());
    }

    let _ = writeln!(out, "## {}\n", i18n::rep_h_findings());
    if a.findings.is_empty() {
        let _ = writeln!(out, "{}\n", i18n::rep_no_findings());
    }
    for (n, f) in a.findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {}\n",
            n + 1,
            inline(&i18n::rep_finding_heading(
                &f.category,
                &f.title,
                &i18n::severity_label(&f.severity)
            ))
        );
        let _ = writeln!(out, "- **{}**：{}", i18n::rep_col_facts(), block(&f.facts));
        let _ = writeln!(
            out,
            "- **{}**：{}",
            i18n::rep_col_rule(),
            inline(&i18n::rep_rule_ref(&f.title, &f.rule))
        );
        if !f.evidence.is_empty() {
            let _ = writeln!(out, "- **{}**：", i18n::rep_col_evidence());
            for e in &f.evidence {
                let _ = writeln!(out, "  - {}", block(e));
            }
        }
        if !f.suggestion.is_empty() {
            let _ = writeln!(
                out,
                "- **{}**：{}",
                i18n::rep_col_suggestion(),
                block(&f.suggestion)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", i18n::rep_h_digests());
    if a.digests.is_empty() {
        let _ = writeln!(out, "{}\n", i18n::rep_no_digests());
    }
    for d in &a.digests {
        let _ = writeln!(
            out,
            "### {}\n",
            inline(&i18n::rep_digest_heading(
                &d.form_title,
                &d.title,
                &crate::form::display::status_text(d.status)
            ))
        );
        for l in &d.lines {
            let _ = writeln!(out, "- **{}**：{}", inline(&l.label), block(&l.text));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", i18n::rep_h_tally());
    if a.tallies.is_empty() {
        let _ = writeln!(out, "{}\n", i18n::rep_no_tally());
    }
    for t in &a.tallies {
        let groups: Vec<String> = t
            .groups
            .iter()
            .map(|g| i18n::rep_group(&g.label, g.respondents))
            .collect();
        let intro = if groups.is_empty() {
            i18n::rep_tally_intro_plain(&t.title, t.respondents)
        } else {
            i18n::rep_tally_intro(&t.title, t.respondents, &groups.join("、"))
        };
        let _ = writeln!(out, "{}\n", inline(&intro));
        for item in t.items.iter().filter(|i| i.answered > 0) {
            let _ = writeln!(
                out,
                "### {}\n",
                inline(&i18n::rep_item_heading(&item.label, item.answered))
            );
            let rows: Vec<Vec<Cell>> = item
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| tally_row(item, i, o))
                .collect();
            table(&mut out, &tally_header(&t.groups), &rows);
        }
    }

    let _ = writeln!(out, "## {}\n", i18n::rep_h_score());
    match (&a.score, sheets.get(5)) {
        (Some(s), Some(sheet)) => {
            sheet_table(&mut out, sheet);
            let _ = writeln!(
                out,
                "{}\n",
                inline(&i18n::rep_score_line(
                    &crate::analysis::number_text(s.total),
                    &s.grade
                ))
            );
        }
        _ => {
            let _ = writeln!(out, "{}\n", i18n::rep_no_score());
        }
    }
    out
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
            summary.scored,
            generated
        ))
    );
    let headings = campaign_headings();
    for (heading, sheet) in headings.iter().zip(&sheets) {
        let _ = writeln!(out, "## {heading}\n");
        if sheet.rows.is_empty() {
            let _ = writeln!(out, "{}\n", i18n::rep_none());
        } else {
            sheet_table(&mut out, sheet);
        }
    }
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
