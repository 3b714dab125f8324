//! `kaocha units import`: a unit list (one row per unit, Chinese column
//! headers) into the current campaign. Every sheet with a unit list is
//! read (a 填表说明 sheet is passed over); every row is checked first; any
//! problem is reported with its sheet, row and column and nothing is
//! written. Units are matched by name, so importing again updates them in
//! place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::columns::{self, Field};
use super::current;
use super::layout::{self, Layout, Parsed, Value, read_cell};
use super::names;
use super::table::{self, Table};
use super::{CellError, HqError};
use crate::domain::{Baseline, Campaign, Unit};
use crate::i18n;
use crate::store::Store;

/// What an import does (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitsImport {
    pub file: String,
    /// Each sheet read, in the workbook's order, and how it was read.
    pub sheets: Vec<SheetReport>,
    /// Sheets without a unit list (a 填表说明 sheet), not read.
    pub passed_over: Vec<String>,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    /// Units of the campaign the file does not list (kept as they are).
    pub kept: Vec<String>,
    /// Units listed under another (unit, the one it is under).
    pub parents: Vec<(String, String)>,
    /// Units the file adds whose names are close to a unit the campaign
    /// has (the new name, the existing one): `县审计局（县审计局）` beside
    /// `县审计局`.
    pub similar: Vec<(String, String)>,
    pub dry_run: bool,
    #[serde(skip)]
    pub campaign: Option<Campaign>,
}

/// How one sheet was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The header's (first) row.
    pub header_row: usize,
    /// The rows read as units.
    pub unit_rows: Vec<usize>,
    /// Headers that are not unit columns (ignored).
    pub ignored_columns: Vec<String>,
    /// How each read column was understood: its letter, its header as
    /// read (`编制数/行政` from two rows), and the field it fills.
    pub understood: Vec<(String, String, String)>,
    /// Rows skipped as subtotals, totals (小计, 合计), section headings
    /// (党委工作部门) or 栏次 numbers.
    pub skipped_rows: Vec<usize>,
    /// Blank count cells read as 0 (the file has the column, so a blank
    /// means none): `第3行 行政编制`.
    pub blank_as_zero: Vec<String>,
    /// Names written otherwise in the file: (row, as written, as kept).
    pub normalised: Vec<(usize, String, String)>,
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
    let tables = table::read_all(path, sheet)?;
    let mut report = plan(&campaign, &tables, &path.display().to_string())?;
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

/// The sheets holding a unit list: those with a full header (单位名称 and
/// another unit column), else those with a 单位名称 column at all.
fn unit_sheets(tables: &[Table]) -> Vec<&Table> {
    let strong: Vec<&Table> = tables
        .iter()
        .filter(|t| layout::strong_header(t).is_some())
        .collect();
    if strong.is_empty() {
        tables
            .iter()
            .filter(|t| layout::any_header(t).is_some())
            .collect()
    } else {
        strong
    }
}

/// Checks the tables and computes the campaign they lead to.
fn plan(campaign: &Campaign, tables: &[Table], file: &str) -> Result<UnitsImport, HqError> {
    let refused = |errors: Vec<CellError>| HqError::Rows {
        file: file.into(),
        errors,
    };
    if let Some(t) = tables.iter().find(|t| super::roster::roster_header(t)) {
        return Err(HqError::Invalid(i18n::hq_looks_like_roster(
            file,
            t.sheet.as_deref().unwrap_or(""),
        )));
    }
    let sheets = unit_sheets(tables);
    if sheets.is_empty() {
        let t = tables.first().cloned().unwrap_or_default();
        return Err(refused(vec![layout::no_header(&t)]));
    }
    let mut errors = Vec::new();
    let mut seen = BTreeMap::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut reports = Vec::new();
    for t in &sheets {
        let Some(header) = layout::any_header(t) else {
            continue;
        };
        let layout = Layout::new(t, header, &mut errors);
        let rows = layout.rows(campaign, &mut seen, &mut errors);
        if rows.units.is_empty() && sheets.len() == 1 {
            errors.push(CellError {
                sheet: t.sheet.clone(),
                row: layout.header_row(),
                column: layout.header_text(layout.name_at()),
                letter: None,
                problem: i18n::hq_no_units(),
            });
        }
        reports.push(SheetReport {
            sheet: t.sheet.clone(),
            header_row: layout.header_row(),
            unit_rows: rows.units.iter().map(|p| p.row).collect(),
            ignored_columns: rows.ignored,
            understood: rows.understood,
            skipped_rows: rows.skipped,
            blank_as_zero: rows.zeros,
            normalised: rows.normalised,
        });
        parsed.extend(rows.units);
    }
    if errors.is_empty() && parsed.is_empty() {
        errors.extend(sheets.first().map(|t| layout::no_header(t)));
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        return Err(refused(errors));
    }
    let mut report = merge(campaign, parsed, file);
    if let Some(name) = report.campaign.as_ref().and_then(in_a_loop) {
        return Err(HqError::Invalid(i18n::hq_parent_loop(&name)));
    }
    report.sheets = reports;
    report.passed_over = tables
        .iter()
        .filter(|t| !sheets.iter().any(|s| std::ptr::eq(*s, *t)))
        .filter_map(|t| t.sheet.clone())
        .filter(|_| tables.len() > 1)
        .collect();
    Ok(report)
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
    } else if field == Field::Parent {
        let id = u.id.clone();
        let parent = parent_of_text(&campaign, &id, text)?;
        if let Some(u) = campaign.units.iter_mut().find(|u| u.id == id) {
            u.parent = parent;
        }
    } else {
        apply(u, &[(field, value)]);
    }
    if let Some(name) = in_a_loop(&campaign) {
        return Err(HqError::Invalid(i18n::hq_parent_loop(&name)));
    }
    let changed = campaign
        .units
        .iter()
        .find(|u| u.id == unit || u.name == unit)
        .cloned()
        .ok_or_else(|| HqError::Invalid(i18n::unknown_unit(unit)))?;
    store.commit(&[super::campaign_record(campaign)])?;
    Ok(changed)
}

/// The parent a typed 上级单位 names for unit `id`: a unit of the campaign
/// by name or id, not the unit itself; empty clears it.
fn parent_of_text(campaign: &Campaign, id: &str, text: &str) -> Result<Option<String>, HqError> {
    let named = names::unit_name(text);
    if named.is_empty() {
        return Ok(None);
    }
    let parent = campaign
        .units
        .iter()
        .find(|u| u.id == named || names::unit_name(&u.name) == named)
        .ok_or_else(|| HqError::Invalid(i18n::hq_parent_unknown(&named)))?;
    if parent.id == id {
        return Err(HqError::Invalid(i18n::hq_parent_self(&named)));
    }
    Ok(Some(parent.id.clone()))
}

/// The name of a unit whose chain of parents comes back to it, if any.
fn in_a_loop(campaign: &Campaign) -> Option<String> {
    campaign.units.iter().find_map(|start| {
        let mut at = start.parent.as_deref();
        for _ in 0..campaign.units.len() {
            let p = at?;
            if p == start.id {
                return Some(start.name.clone());
            }
            at = campaign.unit(p).and_then(|u| u.parent.as_deref());
        }
        None
    })
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
    let taken: HashSet<&str> = campaign.units.iter().map(|u| u.id.as_str()).collect();
    (campaign.units.len() + 1..)
        .map(|n| format!("u{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default()
}

/// The campaign after the rows: units matched by name updated, new ones
/// added, parents set by name.
fn merge(campaign: &Campaign, parsed: Vec<Parsed>, file: &str) -> UnitsImport {
    let mut after = campaign.clone();
    let mut report = UnitsImport {
        file: file.into(),
        sheets: Vec::new(),
        passed_over: Vec::new(),
        added: vec![],
        updated: vec![],
        unchanged: vec![],
        kept: vec![],
        parents: vec![],
        similar: Vec::new(),
        dry_run: false,
        campaign: None,
    };
    // Each unit's place by its name as kept (new units join as added).
    let mut places: HashMap<String, usize> = after
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (names::unit_name(&u.name), i))
        .collect();
    let index_of = |places: &HashMap<String, usize>, name: &str| places.get(name).copied();
    let cores = names::Cores::new(campaign.units.iter().map(|u| u.name.as_str()));
    // Each row's unit (by index), as it was before.
    let mut before: Vec<(usize, Option<Unit>)> = Vec::new();
    for row in &parsed {
        match index_of(&places, &row.name) {
            Some(i) => {
                before.push((i, after.units.get(i).cloned()));
                if let Some(unit) = after.units.get_mut(i) {
                    apply(unit, &row.values);
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
                places.insert(row.name.clone(), after.units.len() - 1);
                before.push((after.units.len() - 1, None));
                if let Some(old) = cores.similar_to(&row.name) {
                    report.similar.push((row.name.clone(), old.to_string()));
                }
            }
        }
    }
    for row in &parsed {
        let Some(parent) = &row.parent else { continue };
        let parent_id =
            index_of(&places, parent).and_then(|i| after.units.get(i).map(|u| u.id.clone()));
        if let (Some(i), Some(id)) = (index_of(&places, &row.name), parent_id)
            && let Some(unit) = after.units.get_mut(i)
            && unit.id != id
        {
            unit.parent = Some(id);
            report.parents.push((row.name.clone(), parent.clone()));
        }
    }
    for (row, (i, was)) in parsed.iter().zip(&before) {
        let now = after.units.get(*i);
        match was {
            None => report.added.push(row.name.clone()),
            Some(u) if Some(u) == now => report.unchanged.push(row.name.clone()),
            Some(_) => report.updated.push(row.name.clone()),
        }
    }
    let listed: HashSet<&str> = parsed.iter().map(|p| p.name.as_str()).collect();
    report.kept = campaign
        .units
        .iter()
        .filter(|u| !listed.contains(names::unit_name(&u.name).as_str()))
        .map(|u| u.name.clone())
        .collect();
    report.campaign = Some(after);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::table::of_rows as table;

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
        let r = plan(&campaign(), &[t], "f.xlsx").unwrap();
        assert_eq!(r.added, ["县审计局", "县科技局"]);
        assert_eq!(r.sheets[0].ignored_columns, ["序号"]);
        assert_eq!(r.sheets[0].skipped_rows, [5]);
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
        let Err(HqError::Rows { errors, .. }) = plan(&campaign(), &[t], "f.csv") else {
            panic!("should fail");
        };
        assert_eq!(errors.len(), 3);
        assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "行政编制"));
        assert_eq!((errors[1].row, errors[1].column.as_str()), (2, "考核组"));
        assert_eq!((errors[2].row, errors[2].column.as_str()), (3, "单位名称"));
    }
}
