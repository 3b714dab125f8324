//! Where a unit list's header is: the row naming its columns (a title may
//! stand above it, a 填表说明 sheet may come before it), and the problem to
//! report when there is none.

use super::CellError;
use super::columns::{self, Column, Field};
use super::table::{HEADER_SEARCH_ROWS, Row, Table};
use crate::i18n;

/// The header: its row, where it is in the table, and the column of each
/// cell.
pub(super) struct Header<'t> {
    pub index: usize,
    pub row: &'t Row,
    pub columns: Vec<Option<&'static Column>>,
}

/// The header row: the first of the top rows with a 单位名称 column and at
/// least one other unit column; else (a list of names alone) the first
/// with a 单位名称 column. A 填表说明 sheet, whose rows name one column each
/// (`单位名称 | 填写全称`), has no header.
pub(super) fn find_header(t: &Table) -> Option<Header<'_>> {
    strong_header(t).or_else(|| header_where(t, |_| true))
}

/// The header row when it has a 单位名称 column and another unit column.
pub(super) fn strong_header(t: &Table) -> Option<Header<'_>> {
    header_where(t, |r| {
        r.cells
            .iter()
            .filter(|c| columns::recognize(c).is_some())
            .count()
            >= 2
    })
}

fn header_where<'t>(t: &'t Table, also: impl Fn(&Row) -> bool) -> Option<Header<'t>> {
    t.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|r| {
            r.cells
                .iter()
                .any(|c| columns::recognize(c).is_some_and(|col| col.field == Field::Name))
                && also(r)
        })
        .and_then(|index| {
            let row = t.rows.get(index)?;
            Some(Header {
                index,
                row,
                columns: row.cells.iter().map(|c| columns::recognize(c)).collect(),
            })
        })
}

/// The problem of a table without a header: pointed at the row that looks
/// most like one, else the first row with any text.
pub(super) fn no_header(t: &Table) -> CellError {
    let name_col = columns::column(Field::Name).map_or("单位名称", |c| c.header);
    let known = |r: &&Row| {
        r.cells
            .iter()
            .filter(|c| columns::recognize(c).is_some())
            .count()
    };
    let mut best: Option<&Row> = None;
    for r in t.rows.iter().take(HEADER_SEARCH_ROWS) {
        if known(&r) > best.as_ref().map_or(0, known) {
            best = Some(r);
        }
    }
    let row = best.or_else(|| {
        t.rows
            .iter()
            .find(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
    });
    match row {
        None => CellError {
            row: 1,
            column: name_col.into(),
            letter: None,
            problem: i18n::hq_empty_file(),
        },
        Some(r) => CellError {
            row: r.number,
            column: name_col.into(),
            letter: None,
            problem: i18n::hq_missing_name_column(&name_synonyms()),
        },
    }
}

fn name_synonyms() -> String {
    columns::column(Field::Name)
        .map(|c| c.synonyms.join("、"))
        .unwrap_or_default()
}
