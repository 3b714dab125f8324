//! `kaocha roster import`: a 实名制 roster (one person per row: 姓名, 单位,
//! 编制类型, 实际工作单位, 所在内设机构, 职务, 是否领导职务, 身份证号) into
//! the current campaign, one roster per unit, read with the same tolerant
//! reader as unit lists. Every row is checked first; a problem is reported
//! with its sheet, row and column and nothing is written. A row of a unit
//! the campaign does not assess is passed over and listed (a county roster
//! covers every unit). Each unit the file lists gets its roster replaced.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::header::{self, Header, Recognizer, cell};
use super::names;
use super::table::{self, Row, Table};
use super::{CellError, HqError, current};
use crate::domain::roster::{MAX_PEOPLE, MAX_TEXT, mask_id};
use crate::domain::{Campaign, Person, Roster, RosterCounts, StaffKind, Unit};
use crate::i18n;
use crate::store::{Change, Store};

/// What a roster column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RosterField {
    Name,
    Unit,
    Kind,
    WorksAt,
    Body,
    Post,
    Title,
    Leader,
    IdNumber,
}

/// Every roster column: its field, its headers (the first is shown).
const COLUMNS: &[(RosterField, &[&str])] = &[
    (RosterField::Name, &["姓名", "人员姓名"]),
    (
        RosterField::Unit,
        &["单位", "单位名称", "所在单位", "编制所在单位", "编制单位"],
    ),
    (
        RosterField::Kind,
        &[
            "编制类型",
            "编制性质",
            "编制类别",
            "人员类别",
            "编制情况",
            "身份类别",
        ],
    ),
    (
        RosterField::WorksAt,
        &[
            "实际工作单位",
            "实际工作单位或岗位",
            "现工作单位",
            "借调单位",
            "工作单位",
        ],
    ),
    (
        RosterField::Body,
        &[
            "所在内设机构",
            "内设机构",
            "所在科室",
            "科室",
            "所在股室",
            "股室",
            "岗位",
            "工作岗位",
            "所在部门",
        ],
    ),
    (RosterField::Post, &["岗位性质", "岗位类别", "岗位类型"]),
    (
        RosterField::Title,
        &["职务", "职务职级", "职级", "现任职务", "职务（职级）"],
    ),
    (
        RosterField::Leader,
        &["是否领导职务", "领导职务", "是否领导", "是否领导干部"],
    ),
    (
        RosterField::IdNumber,
        &["身份证号", "身份证号码", "公民身份号码", "身份证"],
    ),
];

/// Columns a roster must have.
const REQUIRED: [RosterField; 3] = [RosterField::Name, RosterField::Unit, RosterField::Kind];

/// A header's field: compared without spaces, NFKC.
fn recognize(text: &str) -> Option<RosterField> {
    let s: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.nfkc().collect::<String>() == s))
        .map(|(f, _)| *f)
}

/// A column's first name.
fn column_name(field: RosterField) -> &'static str {
    COLUMNS
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, names)| names.first().copied())
        .unwrap_or("")
}

fn read_joined(top: &str, sub: &str) -> Option<RosterField> {
    recognize(&header::joined(top, sub))
        .or_else(|| recognize(sub))
        .or_else(|| recognize(top))
}

fn recognizer() -> Recognizer<'static, RosterField> {
    Recognizer {
        read: &read_joined,
        key: &|f: &RosterField| *f == RosterField::Name,
    }
}

/// Whether a sheet is a roster: a 姓名 column and at least two other
/// roster columns (`units import` names such a file as one).
pub fn roster_header(t: &Table) -> bool {
    header::find(t, &recognizer(), 3).is_some()
}

/// What a roster import does (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterImport {
    pub file: String,
    /// Each sheet read: its name, its header row, the rows of people.
    pub sheets: Vec<RosterSheet>,
    /// Each unit's roster as it will stand: name, people, counts.
    pub units: Vec<UnitRoster>,
    /// Rows of units the campaign does not assess, passed over.
    pub unknown_units: Vec<UnknownUnit>,
    /// Whether the file says who leads (a 是否领导职务 column).
    pub has_leaders: bool,
    pub dry_run: bool,
    #[serde(skip)]
    pub rosters: Vec<Roster>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterSheet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub header_row: usize,
    pub people: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRoster {
    pub unit: String,
    pub people: usize,
    pub counts: RosterCounts,
}

/// A row naming a unit the campaign does not assess.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownUnit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub row: usize,
    pub unit: String,
    /// A unit of the campaign it may mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meant: Option<String>,
}

/// Imports (or, with `dry_run`, only checks) a roster.
pub fn import(
    store: &Store,
    path: &Path,
    sheet: Option<&str>,
    dry_run: bool,
    now: &str,
) -> Result<RosterImport, HqError> {
    let campaign = current(store)?;
    // Personal data enters at HQ only; a team gets its units' rosters in
    // its plan.
    if !store.is_hq_of(&campaign.id)? {
        return Err(HqError::Invalid(i18n::roster_not_hq(&campaign.name)));
    }
    let tables = table::read_all(path, sheet)?;
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut report = plan(
        &campaign,
        &tables,
        &path.display().to_string(),
        &source,
        now,
    )?;
    report.dry_run = dry_run;
    if !dry_run {
        let records: Vec<Change> = report
            .rosters
            .iter()
            .map(|r| Change::roster(&campaign.id, &r.unit, Some(r)))
            .collect();
        store.commit(&records)?;
    }
    Ok(report)
}

/// One sheet's header and the column of each field.
struct Layout<'t> {
    table: &'t Table,
    header: Header<RosterField>,
    at: BTreeMap<RosterField, usize>,
}

impl Layout<'_> {
    fn error(&self, row: usize, i: usize, problem: String) -> CellError {
        CellError {
            sheet: self.table.sheet.clone(),
            row,
            column: self.header.name(i),
            letter: Some(self.table.column_letter(i)),
            problem,
        }
    }

    fn get<'r>(&self, row: &'r Row, field: RosterField) -> Option<(usize, &'r str)> {
        let i = *self.at.get(&field)?;
        let text = cell(row, i).trim();
        (!text.is_empty()).then_some((i, text))
    }
}

/// The campaign's units as rows look them up: by name as kept, and by the
/// core of their names (for the unit an unknown name may mean).
struct Units<'c> {
    by_name: HashMap<String, &'c Unit>,
    cores: names::Cores<'c>,
}

/// Checks the tables and computes every unit's roster.
fn plan(
    campaign: &Campaign,
    tables: &[Table],
    file: &str,
    source: &str,
    now: &str,
) -> Result<RosterImport, HqError> {
    let mut errors = Vec::new();
    let mut people: BTreeMap<String, Vec<Person>> = BTreeMap::new();
    let mut report = RosterImport {
        file: file.into(),
        sheets: Vec::new(),
        units: Vec::new(),
        unknown_units: Vec::new(),
        has_leaders: false,
        dry_run: false,
        rosters: Vec::new(),
    };
    let mut leaders_column = true;
    let units = Units {
        by_name: campaign
            .units
            .iter()
            .map(|u| (names::unit_name(&u.name), u))
            .collect(),
        cores: names::Cores::new(campaign.units.iter().map(|u| u.name.as_str())),
    };
    for t in tables {
        let Some(header) = header::find(t, &recognizer(), 3) else {
            continue;
        };
        let mut at = BTreeMap::new();
        for (i, f) in header.columns.iter().enumerate() {
            if let Some(f) = f {
                at.entry(*f).or_insert(i);
            }
        }
        let layout = Layout {
            table: t,
            header,
            at,
        };
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|f| !layout.at.contains_key(f))
            .map(|f| column_name(*f))
            .collect();
        if !missing.is_empty() {
            errors.push(CellError {
                sheet: t.sheet.clone(),
                row: layout.header.number,
                column: missing.join("、"),
                letter: None,
                problem: i18n::roster_missing_columns(&missing.join("、")),
            });
            continue;
        }
        leaders_column &= layout.at.contains_key(&RosterField::Leader);
        let mut count = 0;
        for row in t.rows.iter().skip(layout.header.data_start()) {
            let filled: Vec<&String> = row.cells.iter().filter(|c| !c.trim().is_empty()).collect();
            if filled.is_empty()
                || names::is_column_numbers(&filled)
                || row.cells.iter().any(|c| names::is_total(c))
            {
                continue;
            }
            if let Some((unit, person)) = read_row(&units, &layout, row, &mut errors, &mut report) {
                people.entry(unit).or_default().push(person);
                count += 1;
            }
        }
        report.sheets.push(RosterSheet {
            sheet: t.sheet.clone(),
            header_row: layout.header.number,
            people: count,
        });
    }
    if report.sheets.is_empty() && errors.is_empty() {
        return Err(HqError::Invalid(i18n::roster_no_header(file)));
    }
    for (unit, list) in &people {
        if list.len() > MAX_PEOPLE {
            let name = campaign
                .unit(unit)
                .map_or(unit.as_str(), |u| u.name.as_str());
            errors.push(CellError {
                sheet: None,
                row: list.last().map_or(0, |p| p.row),
                column: column_name(RosterField::Unit).into(),
                letter: None,
                problem: i18n::roster_too_many(name, MAX_PEOPLE),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        return Err(HqError::Rows {
            file: file.into(),
            errors,
        });
    }
    report.has_leaders = leaders_column;
    // In the campaign's order of units.
    for u in &campaign.units {
        let Some(list) = people.remove(&u.id) else {
            continue;
        };
        let roster = Roster {
            unit: u.id.clone(),
            source: source.chars().take(MAX_TEXT).collect(),
            imported_at: now.into(),
            has_leaders: leaders_column,
            people: list,
        };
        report.units.push(UnitRoster {
            unit: u.name.clone(),
            people: roster.people.len(),
            counts: roster.counts(),
        });
        report.rosters.push(roster);
    }
    Ok(report)
}

/// One person's row: the unit's id and the person, or `None` after a
/// problem (in `errors`) or for a unit the campaign does not assess (in
/// the report).
fn read_row(
    units: &Units<'_>,
    l: &Layout<'_>,
    row: &Row,
    errors: &mut Vec<CellError>,
    report: &mut RosterImport,
) -> Option<(String, Person)> {
    let at = |f: RosterField| l.at.get(&f).copied().unwrap_or(0);
    let before = errors.len();
    let name = l
        .get(row, RosterField::Name)
        .map(|(_, s)| short(&names::unit_name(s)));
    if name.is_none() {
        errors.push(l.error(row.number, at(RosterField::Name), i18n::roster_name_empty()));
    }
    let unit_text = l
        .get(row, RosterField::Unit)
        .map(|(_, s)| names::unit_name(names::listed_under(s).1));
    let unit = match &unit_text {
        None => {
            errors.push(l.error(row.number, at(RosterField::Unit), i18n::roster_unit_empty()));
            None
        }
        Some(u) => units.by_name.get(u).copied(),
    };
    let kind = match l.get(row, RosterField::Kind) {
        None => {
            errors.push(l.error(row.number, at(RosterField::Kind), i18n::roster_kind_empty()));
            None
        }
        Some((i, s)) => StaffKind::read(s).or_else(|| {
            errors.push(l.error(row.number, i, i18n::roster_bad_kind(s)));
            None
        }),
    };
    let leader = match l.get(row, RosterField::Leader) {
        None => Some(false),
        Some((i, s)) => yes_no(s).or_else(|| {
            errors.push(l.error(row.number, i, i18n::roster_bad_leader(s)));
            None
        }),
    };
    let id_masked = match l.get(row, RosterField::IdNumber) {
        None => Some(None),
        Some((i, s)) => match mask_id(s) {
            Some(m) => Some(Some(m)),
            None => {
                // Never echo the number itself.
                errors.push(l.error(row.number, i, i18n::roster_bad_id()));
                None
            }
        },
    };
    if errors.len() > before {
        return None;
    }
    let (Some(name), Some(kind), Some(leader), Some(id_masked)) = (name, kind, leader, id_masked)
    else {
        return None;
    };
    let Some(unit) = unit else {
        let written = unit_text.unwrap_or_default();
        let meant = units.cores.similar_to(&written).map(str::to_string);
        report.unknown_units.push(UnknownUnit {
            sheet: l.table.sheet.clone(),
            row: row.number,
            unit: short(&written),
            meant,
        });
        return None;
    };
    let text = |f| l.get(row, f).map(|(_, s)| short(&names::unit_name(s)));
    let works_at = text(RosterField::WorksAt).filter(|w| *w != names::unit_name(&unit.name));
    let person = Person {
        row: row.number,
        sheet: l.table.sheet.clone(),
        name,
        kind,
        works_at,
        body: text(RosterField::Body),
        post: l
            .get(row, RosterField::Post)
            .and_then(|(_, s)| StaffKind::read(s.trim_end_matches("岗位").trim_end_matches('岗'))),
        title: text(RosterField::Title),
        leader,
        id_masked,
    };
    Some((unit.id.clone(), person))
}

/// A text cut to what a roster keeps.
fn short(s: &str) -> String {
    crate::domain::ids::clean_label(s)
        .chars()
        .take(MAX_TEXT)
        .collect()
}

/// 是/否 as rosters write it: 是, 否, Y, N, √, ×, 1, 0, 领导, 非领导.
fn yes_no(cell: &str) -> Option<bool> {
    let s: String = cell.nfkc().filter(|c| !c.is_whitespace()).collect();
    match s.to_lowercase().as_str() {
        "是" | "y" | "yes" | "√" | "1" | "领导" | "领导职务" | "true" => Some(true),
        "否" | "n" | "no" | "×" | "x" | "0" | "非领导" | "非领导职务" | "false" => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(recognize(" 姓 名 "), Some(RosterField::Name));
        assert_eq!(recognize("编制性质"), Some(RosterField::Kind));
        assert_eq!(recognize("实际工作单位或岗位"), Some(RosterField::WorksAt));
        assert_eq!(recognize("公民身份号码"), Some(RosterField::IdNumber));
        assert_eq!(recognize("性别"), None);
    }

    #[test]
    fn leader_cells() {
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no(" √ "), Some(true));
        assert_eq!(yes_no("否"), Some(false));
        assert_eq!(yes_no("非领导"), Some(false));
        assert_eq!(yes_no("也许"), None);
    }
}
