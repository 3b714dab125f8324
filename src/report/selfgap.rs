//! The unit report's 自评与考核对比 section as plain data: the unit's self
//! scores beside the assessed ones, indicator by indicator and in total,
//! the large differences marked and listed. The Markdown, HTML and Word
//! renderers lay it out (large rows highlighted).

use super::{Cell, Sheet};
use crate::analysis::number_text;
use crate::analysis::selfcheck::{SelfComparison, TotalKind};
use crate::hq::selfcheck_sheet::short_label;
use crate::i18n;

/// The section: intro, table, which rows are large, the large ones as
/// lines, and what the unit left unscored.
pub(crate) struct SelfView {
    pub intro: String,
    pub table: Sheet,
    /// Indices of `table.rows` with a large difference.
    pub large_rows: Vec<usize>,
    /// The large differences, one line each.
    pub large: Vec<String>,
    /// 未自评：…, when the unit left indicators blank.
    pub unscored: Option<String>,
    /// Said when the team has not scored the unit yet.
    pub not_assessed: Option<String>,
}

/// A difference with its sign (+1.5, −2, 0).
fn signed(d: f64) -> String {
    if d > 0.0 {
        format!("+{}", number_text(d))
    } else {
        number_text(d)
    }
}

fn score_cell(v: Option<f64>) -> Cell {
    v.map_or_else(|| Cell::text("—"), Cell::Num)
}

fn total_index(kind: TotalKind) -> usize {
    match kind {
        TotalKind::Common => 0,
        TotalKind::Specific => 1,
        TotalKind::Bonus => 2,
        TotalKind::Total => 3,
    }
}

/// The section of a comparison.
pub(crate) fn view(c: &SelfComparison) -> SelfView {
    let pct = number_text(c.self_gap * 100.0);
    let mut rows = Vec::new();
    let mut large_rows = Vec::new();
    let mut large = Vec::new();
    let dash = || "—".to_string();
    for l in &c.indicators {
        if l.flagged {
            large_rows.push(rows.len());
            large.push(i18n::sc_rep_large(
                &short_label(&l.label),
                &l.self_score.map_or_else(dash, number_text),
                &l.assessed.map_or_else(dash, number_text),
                &l.diff.map_or_else(dash, signed),
            ));
        }
        rows.push(vec![
            Cell::Text(short_label(&l.label)),
            Cell::Num(l.max),
            score_cell(l.self_score),
            score_cell(l.assessed),
            l.diff.map_or(Cell::Empty, |d| Cell::Text(signed(d))),
            if l.flagged {
                Cell::Text(i18n::sc_flag_large())
            } else {
                Cell::Empty
            },
        ]);
    }
    for t in &c.totals {
        let name = i18n::sc_total_name(total_index(t.kind));
        if t.flagged {
            large_rows.push(rows.len());
            large.push(i18n::sc_rep_large(
                &name,
                &number_text(t.self_score),
                &t.assessed.map_or_else(dash, number_text),
                &t.diff.map_or_else(dash, signed),
            ));
        }
        rows.push(vec![
            Cell::Text(name),
            Cell::Num(t.max),
            Cell::Num(t.self_score),
            score_cell(t.assessed),
            t.diff.map_or(Cell::Empty, |d| Cell::Text(signed(d))),
            if t.flagged {
                Cell::Text(i18n::sc_flag_large())
            } else {
                Cell::Empty
            },
        ]);
    }
    SelfView {
        intro: i18n::sc_rep_intro(&pct, c.flagged),
        table: Sheet {
            name: i18n::sc_h_compare(),
            header: vec![
                i18n::sc_col_indicator(),
                i18n::sc_col_max(),
                i18n::sc_col_self(),
                i18n::sc_col_assessed(),
                i18n::sc_col_diff(),
                i18n::sc_col_flag(),
            ],
            rows,
        },
        large_rows,
        large,
        unscored: (!c.unscored.is_empty()).then(|| {
            let labels: Vec<String> = c.unscored.iter().map(|l| short_label(l)).collect();
            i18n::sc_unscored(&labels.join(&i18n::sc_sep()))
        }),
        not_assessed: c.assessed_entry.is_none().then(i18n::sc_not_assessed),
    }
}
