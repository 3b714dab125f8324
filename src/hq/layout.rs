//! One sheet of a unit list read into unit rows: which column fills which
//! field (parts such as 正职 and 副职 added up), which rows are units and
//! which are totals, sections or 栏次 numbers, which units are listed under
//! another (其中：, └, —), and every problem with its row and column.

use std::collections::BTreeMap;

use super::CellError;
use super::columns::{self, Col, Column, Field, Kind, Problem};
use super::header::{self, Header, Recognizer, cell};
use super::names;
use super::table::{HEADER_SEARCH_ROWS, Row, Table};
use crate::domain::Campaign;
use crate::i18n;

/// A read cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(Option<String>),
    Count(Option<u32>),
    List(Vec<String>),
}

/// One unit row, checked.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub row: usize,
    pub name: String,
    /// The unit it is listed under (其中：…), by name.
    pub parent: Option<String>,
    pub values: Vec<(Field, Value)>,
}

/// What a sheet holds and how it was read.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetRows {
    pub units: Vec<Parsed>,
    /// Headers that are no unit column (ignored).
    pub ignored: Vec<String>,
    /// (letter, header as read, field) of every column read.
    pub understood: Vec<(String, String, String)>,
    /// Total, subtotal, section and 栏次 rows passed over.
    pub skipped: Vec<usize>,
    /// Blank count cells read as 0 (`第3行 行政编制`).
    pub zeros: Vec<String>,
    /// Names written otherwise in the file (row, as written, as kept).
    pub normalised: Vec<(usize, String, String)>,
}

/// How a unit list's headers are recognised.
pub(super) fn recognizer() -> Recognizer<'static, Col> {
    Recognizer {
        read: &columns::recognize_joined,
        key: &|c: &Col| c.column.field == Field::Name && !c.part,
    }
}

/// The header of a unit list: one with 单位名称 and another unit column;
/// else (a list of names alone) one with 单位名称. A 填表说明 sheet, whose
/// rows name one column each (`单位名称 | 填写全称`), has none of the first.
pub(super) fn strong_header(t: &Table) -> Option<Header<Col>> {
    header::find(t, &recognizer(), 2)
}

/// The header of a sheet with a 单位名称 column at all.
pub(super) fn any_header(t: &Table) -> Option<Header<Col>> {
    strong_header(t).or_else(|| header::find(t, &recognizer(), 1))
}

/// A sheet's layout: the column each field is read from, and the columns
/// that add up to a field.
pub(super) struct Layout<'t> {
    table: &'t Table,
    header: Header<Col>,
    field_at: BTreeMap<Field, usize>,
    parts: BTreeMap<Field, Vec<usize>>,
}

impl<'t> Layout<'t> {
    /// Reads a sheet's header. A field's second whole column is a problem;
    /// parts stand only where the field has no whole column.
    pub fn new(table: &'t Table, header: Header<Col>, errors: &mut Vec<CellError>) -> Self {
        let mut field_at: BTreeMap<Field, usize> = BTreeMap::new();
        let mut parts: BTreeMap<Field, Vec<usize>> = BTreeMap::new();
        for (i, col) in header.columns.iter().enumerate() {
            let Some(col) = col else { continue };
            if col.part {
                parts.entry(col.column.field).or_default().push(i);
            } else if let Some(first) = field_at.insert(col.column.field, i) {
                errors.push(CellError {
                    sheet: table.sheet.clone(),
                    row: header.number,
                    column: header.name(i),
                    letter: Some(table.column_letter(i)),
                    problem: i18n::hq_duplicate_column(
                        &header.name(first),
                        &table.column_letter(first),
                    ),
                });
            }
        }
        parts.retain(|field, _| !field_at.contains_key(field));
        Layout {
            table,
            header,
            field_at,
            parts,
        }
    }

    /// The header's row number.
    pub fn header_row(&self) -> usize {
        self.header.number
    }

    /// The column of the units' names.
    pub fn name_at(&self) -> usize {
        self.field_at.get(&Field::Name).copied().unwrap_or(0)
    }

    /// The header of column `i`, as read.
    pub fn header_text(&self, i: usize) -> String {
        self.header.name(i)
    }

    /// A problem of the cell of `row` in column `i`.
    fn error(&self, row: &Row, i: usize, problem: String) -> CellError {
        CellError {
            sheet: self.table.sheet.clone(),
            row: row.number,
            column: self.header_text(i),
            letter: Some(self.table.column_letter(i)),
            problem,
        }
    }

    /// Whether column `i` is read (whole or as a part).
    fn read_at(&self, i: usize) -> bool {
        self.field_at.values().any(|&at| at == i)
            || self.parts.values().flatten().any(|&at| at == i)
    }

    /// The sheet's unit rows, and how it was read. Blank rows, and rows
    /// with nothing under a read column, are passed over; a row without a
    /// name or with a name seen before (in `seen`, from earlier sheets too)
    /// is a problem.
    pub fn rows(
        &self,
        campaign: &Campaign,
        seen: &mut BTreeMap<String, (Option<String>, usize)>,
        errors: &mut Vec<CellError>,
    ) -> SheetRows {
        let mut out = SheetRows {
            ignored: self.ignored(),
            understood: self.understood(),
            ..SheetRows::default()
        };
        let mut parent: Option<String> = None;
        for row in self.table.rows.iter().skip(self.header.data_start()) {
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let filled: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
            let section = matches!(filled.as_slice(), [only] if names::is_section(only));
            if section
                || names::is_column_numbers(&filled)
                || row.cells.iter().any(|c| names::is_total(c))
            {
                out.skipped.push(row.number);
                // A section or total closes the group above it.
                parent = None;
                continue;
            }
            if !self.any_read_column_filled(row) {
                continue;
            }
            let written = cell(row, self.name_at());
            let (under, bare) = names::listed_under(written);
            let name = names::unit_name(bare);
            if name.is_empty() {
                errors.push(self.error(row, self.name_at(), i18n::hq_name_empty()));
                continue;
            }
            if let Some((sheet, first)) = seen.get(&name) {
                let problem = match sheet {
                    Some(s) if *s != self.table.sheet.clone().unwrap_or_default() => {
                        i18n::hq_duplicate_unit_sheet(&name, s, *first)
                    }
                    _ => i18n::hq_duplicate_unit(&name, *first),
                };
                errors.push(self.error(row, self.name_at(), problem));
                continue;
            }
            seen.insert(name.clone(), (self.table.sheet.clone(), row.number));
            if columns::text(written) != name {
                out.normalised
                    .push((row.number, columns::text(written), name.clone()));
            }
            let mut parent_name = if under { parent.clone() } else { None };
            if !under {
                parent = Some(name.clone());
            }
            let values = self.values(campaign, row, errors, &mut out.zeros);
            // A 上级单位 column names the parent outright: a unit above in the
            // file or one the campaign has.
            if let Some(i) = self.field_at.get(&Field::Parent).copied()
                && let Some((_, Value::Text(Some(written)))) =
                    values.iter().find(|(f, _)| *f == Field::Parent)
            {
                let named = names::unit_name(written);
                let known = seen.contains_key(&named)
                    || campaign
                        .units
                        .iter()
                        .any(|u| names::unit_name(&u.name) == named);
                if named == name {
                    errors.push(self.error(row, i, i18n::hq_parent_self(&name)));
                } else if !known {
                    errors.push(self.error(row, i, i18n::hq_parent_unknown(&named)));
                } else {
                    parent_name = Some(named);
                }
            }
            out.units.push(Parsed {
                row: row.number,
                name,
                parent: parent_name,
                values,
            });
        }
        out
    }

    /// Headers of columns not read.
    fn ignored(&self) -> Vec<String> {
        (0..self.header.names.len())
            .filter(|&i| !self.read_at(i))
            .map(|i| self.header_text(i))
            .filter(|h| !h.is_empty())
            .collect()
    }

    /// How each read column was understood.
    fn understood(&self) -> Vec<(String, String, String)> {
        let mut out: Vec<(usize, String)> = self
            .field_at
            .iter()
            .map(|(f, &i)| (i, f.label()))
            .chain(
                self.parts
                    .iter()
                    .flat_map(|(f, at)| at.iter().map(move |&i| (i, i18n::hq_part_of(&f.label())))),
            )
            .collect();
        out.sort();
        out.into_iter()
            .map(|(i, field)| (self.table.column_letter(i), self.header_text(i), field))
            .collect()
    }

    /// Whether a row has text under any read column.
    fn any_read_column_filled(&self, row: &Row) -> bool {
        (0..row.cells.len()).any(|i| self.read_at(i) && !cell(row, i).trim().is_empty())
    }

    /// A unit row's values but its name, each read from its field's
    /// column, parts added up.
    fn values(
        &self,
        campaign: &Campaign,
        row: &Row,
        errors: &mut Vec<CellError>,
        zeros: &mut Vec<String>,
    ) -> Vec<(Field, Value)> {
        let mut values = Vec::new();
        for (&field, &i) in &self.field_at {
            let Some(col) = columns::column(field) else {
                continue;
            };
            if field == Field::Name {
                continue;
            }
            if let Some(v) = self.value_at(campaign, col, row, i, errors, zeros) {
                values.push((field, v));
            }
        }
        for (&field, at) in &self.parts {
            let Some(col) = columns::column(field) else {
                continue;
            };
            let mut sum: Option<u32> = Some(0);
            for &i in at {
                match self.value_at(campaign, col, row, i, errors, zeros) {
                    Some(Value::Count(Some(n))) => sum = sum.and_then(|s| s.checked_add(n)),
                    Some(_) => {}
                    None => sum = None,
                }
            }
            if let Some(total) = sum {
                values.push((field, Value::Count(Some(total))));
            }
        }
        values
    }

    /// The value of a row's cell in column `i`; `None` after a problem.
    fn value_at(
        &self,
        campaign: &Campaign,
        col: &Column,
        row: &Row,
        i: usize,
        errors: &mut Vec<CellError>,
        zeros: &mut Vec<String>,
    ) -> Option<Value> {
        // A blank count in a column the file has: none, said so.
        if col.kind == Kind::Count && cell(row, i).trim().is_empty() {
            zeros.push(i18n::hq_blank_cell(row.number, &self.header_text(i)));
            return Some(Value::Count(Some(0)));
        }
        match read_cell(campaign, col, cell(row, i)) {
            Ok(v) => Some(v),
            Err(problem) => {
                errors.push(self.error(row, i, problem));
                None
            }
        }
    }
}

/// A cell's text read as its column says.
pub(super) fn read_cell(campaign: &Campaign, col: &Column, cell: &str) -> Result<Value, String> {
    let problem = |p: Problem| match p {
        Problem::NotCount(s) => i18n::hq_not_count(&s),
        Problem::TooLarge(s) => i18n::hq_too_large(&s),
        Problem::Level(s) => i18n::hq_bad_level(&s),
        Problem::Funding(s) => i18n::hq_bad_funding(&s),
    };
    match col.kind {
        Kind::Count => columns::count(cell).map(Value::Count).map_err(problem),
        Kind::Level => columns::level(cell).map(Value::Text).map_err(problem),
        Kind::Funding => columns::funding(cell).map(Value::Text).map_err(problem),
        Kind::List => Ok(Value::List(columns::list(cell))),
        Kind::Lines => Ok(Value::List(columns::lines(cell))),
        Kind::Text if col.field == Field::Team => {
            let name = columns::text(cell);
            if name.is_empty() {
                return Ok(Value::Text(None));
            }
            campaign
                .team(&name)
                .map(|t| Value::Text(Some(t.id.clone())))
                .ok_or_else(|| {
                    let teams = campaign.teams.iter().map(|t| t.name.as_str());
                    match names::closest_team(&name, teams) {
                        Some(meant) => i18n::hq_team_meant(&name, meant),
                        None => i18n::hq_unknown_team_cell(&name),
                    }
                })
        }
        Kind::Text => {
            let text = columns::text(cell);
            Ok(Value::Text((!text.is_empty()).then_some(text)))
        }
    }
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
    let synonyms = columns::column(Field::Name)
        .map(|c| c.synonyms.join("、"))
        .unwrap_or_default();
    CellError {
        sheet: t.sheet.clone(),
        row: row.map_or(1, |r| r.number),
        column: name_col.into(),
        letter: None,
        problem: match row {
            None => i18n::hq_empty_file(),
            Some(_) => i18n::hq_missing_name_column(&synonyms),
        },
    }
}
