//! `kaocha units import`: a unit list (one row per unit, Chinese column
//! headers) into the current campaign. Every row is checked first; any
//! problem is reported with its row and column and nothing is written.
//! Units are matched by name, so importing again updates them in place.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::columns::{self, Column, Field, Kind, Problem};
use super::current;
use super::header::{Header, find_header, no_header, strong_header};
use super::names;
use super::table::{self, Row, Table};
use super::{CellError, HqError};
use crate::domain::{Baseline, Campaign, Unit};
use crate::i18n;
use crate::store::Store;

/// What an import does (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitsImport {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    /// Units of the campaign the file does not list (kept as they are).
    pub kept: Vec<String>,
    /// Headers that are not unit columns (ignored).
    pub ignored_columns: Vec<String>,
    /// How each read column was understood: its letter and header as
    /// written, and the field it fills (`D 行政编制` → `行政编制核定数`).
    pub understood: Vec<(String, String, String)>,
    /// Rows skipped as subtotals, totals (小计, 合计) or section headings
    /// (党委工作部门).
    pub skipped_rows: Vec<usize>,
    /// Blank count cells read as 0 (the file has the column, so a blank
    /// means none): `第3行 行政编制`.
    pub blank_as_zero: Vec<String>,
    /// Units the file adds whose names are close to a unit the campaign
    /// has (the new name, the existing one): `县审计局（县审计局）` beside
    /// `县审计局`.
    pub similar: Vec<(String, String)>,
    pub dry_run: bool,
    #[serde(skip)]
    pub campaign: Option<Campaign>,
}

/// A read cell.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(Option<String>),
    Count(Option<u32>),
    List(Vec<String>),
}

/// One unit row, checked.
#[derive(Debug, Clone)]
struct Parsed {
    name: String,
    values: Vec<(Field, Value)>,
}

/// Imports (or, with `dry_run`, only checks) a unit list into the current
/// campaign.
pub fn import(
    store: &Store,
    path: &Path,
    sheet: Option<&str>,
    dry_run: bool,
    add_similar: bool,
) -> Result<UnitsImport, HqError> {
    let campaign = current(store)?;
    // A workbook: the first sheet with a full header (not a 填表说明 sheet
    // before it), else the first with a 单位名称 column at all.
    let table = match table::read(path, sheet, &|t| strong_header(t).is_some()) {
        Ok(t) if find_header(&t).is_some() => t,
        _ => table::read(path, sheet, &|t| find_header(t).is_some())?,
    };
    let mut report = plan(&campaign, &table, &path.display().to_string())?;
    report.dry_run = dry_run;
    // A near-duplicate is asked about before anything is written.
    if !dry_run && !add_similar && !report.similar.is_empty() {
        let pairs: Vec<String> = report
            .similar
            .iter()
            .map(|(new, old)| i18n::hq_similar_pair(new, old))
            .collect();
        return Err(HqError::Invalid(i18n::hq_similar_refused(
            &pairs.join("；"),
        )));
    }
    if let Some(after) = &report.campaign
        && !dry_run
        && *after != campaign
    {
        store.commit(&[super::campaign_record(after.clone())])?;
    }
    Ok(report)
}

/// Checks a table and computes the campaign it leads to.
fn plan(campaign: &Campaign, t: &Table, file: &str) -> Result<UnitsImport, HqError> {
    let refused = |errors: Vec<CellError>| HqError::Rows {
        file: file.into(),
        errors,
    };
    let Some(header) = find_header(t) else {
        return Err(refused(vec![no_header(t)]));
    };
    let mut errors = Vec::new();
    let (layout, ignored) = Layout::read(t, header, &mut errors);
    let mut zeros = Vec::new();
    let (parsed, skipped) = layout.units(campaign, &mut errors, &mut zeros);
    if errors.is_empty() && parsed.is_empty() {
        errors.push(CellError {
            row: layout.header.row.number,
            column: layout.header_text(layout.name_at()),
            letter: None,
            problem: i18n::hq_no_units(),
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(refused(errors));
    }
    let mut report = merge(campaign, parsed, t.sheet.clone(), file, ignored, skipped);
    report.blank_as_zero = zeros;
    report.understood = layout
        .field_at
        .values()
        .filter_map(|&i| {
            let col = layout.header.columns.get(i).copied().flatten()?;
            Some((
                t.column_letter(i),
                layout.header_text(i),
                col.header.to_string(),
            ))
        })
        .collect();
    report
        .understood
        .sort_by_key(|(letter, ..)| (letter.len(), letter.clone()));
    Ok(report)
}

/// A unit list's layout: its table, its header, and the column each field
/// is read from (the last, when a header repeats, which is refused anyway).
struct Layout<'t> {
    table: &'t Table,
    header: Header<'t>,
    field_at: BTreeMap<Field, usize>,
}

impl<'t> Layout<'t> {
    /// Reads the header; returns the headers that are not unit columns
    /// (ignored). A field's second column is a problem.
    fn read(
        table: &'t Table,
        header: Header<'t>,
        errors: &mut Vec<CellError>,
    ) -> (Layout<'t>, Vec<String>) {
        let mut ignored = Vec::new();
        let mut field_at: BTreeMap<Field, usize> = BTreeMap::new();
        for (i, col) in header.columns.iter().enumerate() {
            let cell = columns::text(&header.row.cells[i]);
            match col {
                None if !cell.is_empty() => ignored.push(cell),
                None => {}
                Some(c) => {
                    if let Some(first) = field_at.insert(c.field, i) {
                        errors.push(CellError {
                            row: header.row.number,
                            column: cell,
                            letter: Some(table.column_letter(i)),
                            problem: i18n::hq_duplicate_column(
                                &columns::text(&header.row.cells[first]),
                                &table.column_letter(first),
                            ),
                        });
                    }
                }
            }
        }
        let layout = Layout {
            table,
            header,
            field_at,
        };
        (layout, ignored)
    }

    /// The column of the units' names.
    fn name_at(&self) -> usize {
        self.field_at.get(&Field::Name).copied().unwrap_or(0)
    }

    /// The header of column `i`, as written.
    fn header_text(&self, i: usize) -> String {
        columns::text(&self.header.row.cells[i])
    }

    /// A problem of the cell of `row` in column `i`.
    fn error(&self, row: &Row, i: usize, problem: String) -> CellError {
        CellError {
            row: row.number,
            column: self.header_text(i),
            letter: Some(self.table.column_letter(i)),
            problem,
        }
    }

    /// The unit rows under the header, and the numbers of the total rows
    /// skipped. Blank rows, and rows with nothing under a unit column, are
    /// passed over; a row without a name or with a name seen before is a
    /// problem.
    fn units(
        &self,
        campaign: &Campaign,
        errors: &mut Vec<CellError>,
        zeros: &mut Vec<String>,
    ) -> (Vec<Parsed>, Vec<usize>) {
        let mut parsed: Vec<Parsed> = Vec::new();
        let mut first_row_of: BTreeMap<String, usize> = BTreeMap::new();
        let mut skipped = Vec::new();
        for row in &self.table.rows[self.header.index + 1..] {
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let name = names::unit_name(cell(row, self.name_at()));
            let filled: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
            let section = matches!(filled.as_slice(), [only] if names::is_section(only));
            if section || row.cells.iter().any(|c| names::is_total(c)) {
                skipped.push(row.number);
                continue;
            }
            if !self.any_unit_column_filled(row) {
                continue;
            }
            let name_problem = if name.is_empty() {
                Some(i18n::hq_name_empty())
            } else {
                first_row_of
                    .get(&name)
                    .map(|first| i18n::hq_duplicate_unit(&name, *first))
            };
            if let Some(problem) = name_problem {
                errors.push(self.error(row, self.name_at(), problem));
                continue;
            }
            first_row_of.insert(name.clone(), row.number);
            let values = self.values(campaign, row, errors, zeros);
            parsed.push(Parsed { name, values });
        }
        (parsed, skipped)
    }

    /// Whether a row has text under any unit column.
    fn any_unit_column_filled(&self, row: &Row) -> bool {
        self.header
            .columns
            .iter()
            .enumerate()
            .any(|(i, c)| c.is_some() && !cell(row, i).trim().is_empty())
    }

    /// A unit row's values but its name, each read from its field's column.
    fn values(
        &self,
        campaign: &Campaign,
        row: &Row,
        errors: &mut Vec<CellError>,
        zeros: &mut Vec<String>,
    ) -> Vec<(Field, Value)> {
        let mut values = Vec::new();
        for (i, col) in self.header.columns.iter().enumerate() {
            let Some(col) = col else { continue };
            if col.field == Field::Name || self.field_at.get(&col.field) != Some(&i) {
                continue;
            }
            // A blank count in a column the file has: none, said so.
            if col.kind == Kind::Count && cell(row, i).trim().is_empty() {
                zeros.push(i18n::hq_blank_cell(row.number, &self.header_text(i)));
                values.push((col.field, Value::Count(Some(0))));
                continue;
            }
            match read_cell(campaign, col, cell(row, i)) {
                Ok(v) => values.push((col.field, v)),
                Err(problem) => errors.push(self.error(row, i, problem)),
            }
        }
        values
    }
}

/// The text of a row's cell `i` (empty past the row's end).
fn cell(row: &Row, i: usize) -> &str {
    row.cells.get(i).map_or("", String::as_str)
}

fn read_cell(campaign: &Campaign, col: &Column, cell: &str) -> Result<Value, String> {
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

/// Puts one row's values on a unit. An empty 考核组 cell keeps the unit's
/// team; every other empty cell clears its value.
fn apply(unit: &mut Unit, values: &[(Field, Value)]) {
    let b: &mut Baseline = &mut unit.baseline;
    for (field, value) in values {
        match (field, value.clone()) {
            (Field::Team, Value::Text(Some(t))) => unit.team = Some(t),
            (Field::Level, Value::Text(v)) => b.level = v,
            (Field::Funding, Value::Text(v)) => b.funding = v,
            (Field::SandingDoc, Value::Text(v)) => b.sanding_doc = v,
            (Field::AdminQuota, Value::Count(v)) => b.admin_quota = v,
            (Field::InstQuota, Value::Count(v)) => b.inst_quota = v,
            (Field::WorkerQuota, Value::Count(v)) => b.worker_quota = v,
            (Field::OtherQuota, Value::Count(v)) => b.other_quota = v,
            (Field::LeaderPosts, Value::Count(v)) => b.leader_posts = v,
            (Field::BodyLeaderPosts, Value::Count(v)) => b.body_leader_posts = v,
            (Field::NonleaderPosts, Value::Count(v)) => b.nonleader_posts = v,
            (Field::Bodies, Value::Count(v)) => b.bodies = v,
            (Field::BodyNames, Value::List(v)) => b.body_names = v,
            (Field::Functions, Value::List(v)) => b.functions = v,
            _ => {}
        }
    }
}

/// `units set UNIT HEADER VALUE`: sets one field of a unit, named by a
/// unit-list header (`行政编制`, `核定行政编制` …).
pub fn set_field(store: &Store, unit: &str, header: &str, text: &str) -> Result<Unit, HqError> {
    let col = columns::recognize(header)
        .ok_or_else(|| HqError::Invalid(i18n::hq_unknown_column(header)))?;
    set_unit_field(store, unit, col.field, text)
}

/// Sets one field of a unit from its text, read as a unit list's cell is.
pub fn set_unit_field(
    store: &Store,
    unit: &str,
    field: Field,
    text: &str,
) -> Result<Unit, HqError> {
    let mut campaign = current(store)?;
    let col = columns::column(field)
        .ok_or_else(|| HqError::Invalid(i18n::hq_unknown_column(&field.label())))?;
    let value = read_cell(&campaign, col, text).map_err(HqError::Invalid)?;
    let u = campaign
        .units
        .iter_mut()
        .find(|u| u.id == unit || u.name == unit)
        .ok_or_else(|| HqError::Invalid(i18n::unknown_unit(unit)))?;
    if field == Field::Name {
        let name = columns::text(text);
        if name.is_empty() {
            return Err(HqError::Invalid(i18n::hq_unknown_column(&field.label())));
        }
        u.name = name;
    } else {
        apply(u, &[(field, value)]);
    }
    let changed = u.clone();
    store.commit(&[super::campaign_record(campaign)])?;
    Ok(changed)
}

/// Adds a unit with just its name (the baseline is filled in later).
pub fn add_unit(store: &Store, name: &str) -> Result<Unit, HqError> {
    let mut campaign = current(store)?;
    let name = columns::text(name);
    if name.is_empty() || campaign.units.iter().any(|u| u.name == name) {
        return Err(HqError::Invalid(i18n::hq_unit_name_taken(&name)));
    }
    let unit = Unit {
        id: new_unit_id(&campaign),
        name,
        team: None,
        parent: None,
        baseline: Baseline::default(),
    };
    campaign.units.push(unit.clone());
    store.commit(&[super::campaign_record(campaign)])?;
    Ok(unit)
}

/// A fresh unit id: `u1`, `u2` … not used yet.
fn new_unit_id(campaign: &Campaign) -> String {
    let mut n = campaign.units.len() + 1;
    loop {
        let id = format!("u{n}");
        if campaign.units.iter().all(|u| u.id != id) {
            return id;
        }
        n += 1;
    }
}

fn merge(
    campaign: &Campaign,
    parsed: Vec<Parsed>,
    sheet: Option<String>,
    file: &str,
    ignored_columns: Vec<String>,
    skipped_rows: Vec<usize>,
) -> UnitsImport {
    let mut after = campaign.clone();
    let mut report = UnitsImport {
        file: file.into(),
        sheet,
        added: vec![],
        updated: vec![],
        unchanged: vec![],
        kept: vec![],
        ignored_columns,
        understood: Vec::new(),
        skipped_rows,
        blank_as_zero: Vec::new(),
        similar: Vec::new(),
        dry_run: false,
        campaign: None,
    };
    for row in &parsed {
        let existing = after
            .units
            .iter_mut()
            .find(|u| names::unit_name(&u.name) == row.name);
        match existing {
            Some(unit) => {
                let before = unit.clone();
                apply(unit, &row.values);
                if *unit == before {
                    report.unchanged.push(row.name.clone());
                } else {
                    report.updated.push(row.name.clone());
                }
            }
            None => {
                let mut unit = Unit {
                    id: new_unit_id(&after),
                    name: row.name.clone(),
                    team: None,
                    parent: None,
                    baseline: Baseline::default(),
                };
                apply(&mut unit, &row.values);
                after.units.push(unit);
                report.added.push(row.name.clone());
                if let Some(old) = campaign
                    .units
                    .iter()
                    .find(|u| names::similar(&u.name, &row.name))
                {
                    report.similar.push((row.name.clone(), old.name.clone()));
                }
            }
        }
    }
    report.kept = campaign
        .units
        .iter()
        .filter(|u| !parsed.iter().any(|p| p.name == names::unit_name(&u.name)))
        .map(|u| u.name.clone())
        .collect();
    report.campaign = Some(after);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            sheet: None,
            first_column: 0,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    number: i + 1,
                    cells: r.iter().map(|s| (*s).to_string()).collect(),
                })
                .collect(),
        }
    }

    fn campaign() -> Campaign {
        serde_json::from_value(serde_json::json!({
            "id": "c", "name": "测试", "kind": "jgbz",
            "teams": [{"id": "t1", "name": "第一组"}]
        }))
        .unwrap()
    }

    #[test]
    fn reads_rows_with_a_title_above_the_header() {
        let t = table(&[
            &["2024年机构编制评估单位名单", "", ""],
            &[
                "序号",
                "被评估单位",
                "核定行政编制（名）",
                "机构规格",
                "考核组",
            ],
            &["1", " 县审计局 ", "１５", "正科级", "第一组"],
            &["2", "县科技局", "8.0", "副科", ""],
            &["", "合计", "23", "", ""],
        ]);
        let r = plan(&campaign(), &t, "f.xlsx").unwrap();
        assert_eq!(r.added, ["县审计局", "县科技局"]);
        assert_eq!(r.ignored_columns, ["序号"]);
        assert_eq!(r.skipped_rows, [5]);
        let c = r.campaign.unwrap();
        assert_eq!(c.units[0].baseline.admin_quota, Some(15));
        assert_eq!(c.units[0].baseline.level.as_deref(), Some("zk"));
        assert_eq!(c.units[0].team.as_deref(), Some("t1"));
        assert_eq!(c.units[1].team, None);
    }

    #[test]
    fn lists_every_problem_with_row_and_column() {
        let t = table(&[
            &["单位名称", "行政编制", "考核组"],
            &["县审计局", "十二点", "第三组"],
            &["县审计局", "3", ""],
        ]);
        let Err(HqError::Rows { errors, .. }) = plan(&campaign(), &t, "f.csv") else {
            panic!("should fail");
        };
        assert_eq!(errors.len(), 3);
        assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "行政编制"));
        assert_eq!((errors[1].row, errors[1].column.as_str()), (2, "考核组"));
        assert_eq!((errors[2].row, errors[2].column.as_str()), (3, "单位名称"));
    }
}
