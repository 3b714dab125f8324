//! `kaocha selfcheck import`: a unit's returned 自评表 becomes its
//! `jx.selfcheck` entry, at HQ only. The workbook is read whole and
//! checked first (`selfcheck_read`); any problem is reported with its
//! sheet, row and column and nothing is written. The unit comes from the
//! title rows or `--unit` (both must agree). The file is the unit's whole
//! self-check: the entry is created, or amended to match it, in one
//! revision; the same file imported again changes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::selfcheck_read::{self as read, BlockRead, Book};
use super::selfcheck_sheet::{self as sheet, FORM};
use super::{HqError, current, latest_form, names, table};
use crate::domain::{
    Author, Baseline, Campaign, CampaignKind, Entry, EntryInit, RevisionDraft, Status, Unit, dag,
    new_entry_id, new_row_id, now_rfc3339,
};
use crate::form::Form;
use crate::form::eval::Answers;
use crate::form::path::{row_item_path, row_path};
use crate::form::validate::check_value;
use crate::i18n;
use crate::store::Store;

/// What an import did (or, dry, would do) to the unit's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Created,
    Amended,
    Unchanged,
}

/// One indicator the unit scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub item: String,
    pub label: String,
    pub max: f64,
    pub score: f64,
}

/// What `selfcheck import` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfImport {
    pub file: String,
    pub unit: String,
    pub unit_id: String,
    /// The entry written or amended (none on a dry run that would create
    /// one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    pub action: Action,
    /// How many answers change.
    pub changes: usize,
    pub dry_run: bool,
    pub blocks: Vec<BlockRead>,
    pub scored: Vec<Scored>,
    /// Indicators without a self score (blank or not in the file): not
    /// scored, never 0.
    pub unscored: Vec<String>,
    /// Indicators whose earlier self score this file takes away.
    pub cleared: Vec<String>,
    pub bonus: usize,
    pub materials: usize,
}

/// Imports (or, with `dry_run`, only checks) a returned self-check
/// workbook; `unit` names the unit when the file does not, and must agree
/// with it when it does.
pub fn import(
    store: &Store,
    author: &Author,
    path: &Path,
    unit: Option<&str>,
    dry_run: bool,
) -> Result<SelfImport, HqError> {
    let campaign = current(store)?;
    if !store.is_hq_of(&campaign.id)? {
        return Err(HqError::Invalid(i18n::sc_not_hq(&campaign.name)));
    }
    if campaign.kind != CampaignKind::Jx {
        return Err(HqError::Invalid(i18n::sc_jx_only()));
    }
    let form = latest_form(store, FORM)?;
    let file = path.display().to_string();
    let tables = table::read_all(path, None)?;
    let book = read::read(form, &tables);
    if !book
        .blocks
        .iter()
        .any(|b| b.kind == sheet::Block::Indicators)
    {
        return Err(HqError::Invalid(i18n::sc_no_header(&file)));
    }
    if !book.errors.is_empty() {
        let mut errors = book.errors.clone();
        errors.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        let mut lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        if errors.len() >= read::MAX_ERRORS {
            lines.push(i18n::sc_more_problems());
        }
        return Err(HqError::Invalid(i18n::sc_bad_cells(&file, &lines)));
    }
    let filled = book
        .indicators
        .iter()
        .any(|r| r.score.is_some() || r.note.is_some());
    if !filled && book.bonus.is_empty() && book.materials.is_empty() {
        return Err(HqError::Invalid(i18n::sc_nothing_filled(&file)));
    }
    let unit = unit_of(&campaign, &book.titles, unit)?;
    let existing = store
        .entries(&campaign.id, Some(&unit.id))?
        .into_iter()
        .filter(|e| e.form == FORM && e.status != Status::Deleted)
        .min_by_key(|e| (e.status != Status::Final, e.created_at.clone()));
    if existing.as_ref().is_some_and(|e| !e.conflicts.is_empty()) {
        return Err(HqError::Invalid(i18n::sc_conflicted(&unit.name)));
    }
    let before = existing
        .as_ref()
        .map(|e| e.answers.clone())
        .unwrap_or_default();
    let want = answers(form, &before, &book)?;
    let changes = dag::diff(&before, &want);
    let mut report = summary(form, &book, &before, &want);
    report.file = file;
    report.unit = unit.name.clone();
    report.unit_id = unit.id.clone();
    report.changes = changes.len();
    report.dry_run = dry_run;
    report.action = match (&existing, changes.is_empty()) {
        (None, _) => Action::Created,
        (Some(_), true) => Action::Unchanged,
        (Some(_), false) => Action::Amended,
    };
    report.entry = existing.as_ref().map(|e| e.id.clone());
    if dry_run || report.action == Action::Unchanged {
        return Ok(report);
    }
    let source = path
        .file_name()
        .map(|n| crate::domain::ids::clean_label(&n.to_string_lossy()))
        .unwrap_or_default();
    let revision = match &existing {
        Some(e) => draft(e, author, changes, &source),
        None => RevisionDraft {
            entry: new_entry_id(),
            parents: vec![],
            author: author.clone(),
            at: now_rfc3339(),
            init: Some(EntryInit {
                campaign: campaign.id.clone(),
                unit: unit.id.clone(),
                form: form.def.id.clone(),
                form_version: form.def.version,
                finding: None,
            }),
            changes: changes.into(),
            status: Some(Status::Draft),
            reason: Some(i18n::sc_reason(&source)),
        },
    }
    .seal();
    let saved = store.save(&revision)?;
    report.entry = Some(saved.id);
    Ok(report)
}

fn draft(
    e: &Entry,
    author: &Author,
    changes: BTreeMap<String, Value>,
    source: &str,
) -> RevisionDraft {
    RevisionDraft {
        entry: e.id.clone(),
        parents: e.heads.clone(),
        author: author.clone(),
        at: now_rfc3339(),
        init: None,
        changes: changes.into(),
        status: None,
        reason: Some(i18n::sc_reason(source)),
    }
}

/// The unit a file is for: named in its title rows (by id, by name, or
/// after 单位：) and/or given; both must be the same unit.
fn unit_of<'c>(
    campaign: &'c Campaign,
    titles: &[String],
    given: Option<&str>,
) -> Result<&'c Unit, HqError> {
    let known: Vec<(String, &Unit)> = campaign
        .units
        .iter()
        .map(|u| (names::unit_name(&u.name), u))
        .collect();
    let by_name = |text: &str| {
        let name = names::unit_name(text);
        known.iter().find(|(n, _)| *n == name).map(|(_, u)| *u)
    };
    let mut named: Vec<&Unit> = Vec::new();
    let mut unknown: Option<String> = None;
    for text in titles {
        let text = text.trim();
        let labelled = text.split_once(['：', ':']).and_then(|(label, rest)| {
            let label = sheet::norm(label);
            (label.contains("单位") || label.contains("unit")).then_some(rest.trim())
        });
        let found = campaign
            .units
            .iter()
            .find(|u| u.id == text)
            .or_else(|| by_name(text))
            .or_else(|| labelled.and_then(by_name));
        match (found, labelled) {
            (Some(u), _) if !named.iter().any(|n| n.id == u.id) => named.push(u),
            (Some(_), _) => {}
            (None, Some(rest)) if !rest.is_empty() => unknown = Some(sheet::shown(rest)),
            _ => {}
        }
    }
    match given {
        Some(key) => {
            let unit = campaign
                .unit(key)
                .or_else(|| by_name(key))
                .ok_or_else(|| HqError::Invalid(i18n::unknown_unit(key)))?;
            match named.iter().find(|n| n.id != unit.id) {
                Some(other) => Err(HqError::Invalid(i18n::sc_unit_differs(
                    &other.name,
                    &unit.name,
                ))),
                None => Ok(unit),
            }
        }
        None => match named.as_slice() {
            [one] => Ok(one),
            [] => Err(HqError::Invalid(match unknown {
                Some(name) => i18n::sc_unit_unknown(&name),
                None => i18n::sc_no_unit(),
            })),
            many => Err(HqError::Invalid(i18n::sc_units_ambiguous(
                &many
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join(&i18n::sc_sep()),
            ))),
        },
    }
}

/// The answers the entry is to have: `before` with every indicator's score
/// and note, the bonus rows and the documents as the file has them. A
/// repeat whose rows read the same keeps them; otherwise a row that reads
/// the same as an old one keeps its id.
fn answers(
    form: &Form,
    before: &BTreeMap<String, Value>,
    book: &Book,
) -> Result<BTreeMap<String, Value>, HqError> {
    let mut want = before.clone();
    for s in sheet::sections(form) {
        for i in s.indicators {
            let read = book.indicators.iter().find(|r| r.id == i.id);
            let note_id = format!("{}_note", i.id);
            want.remove(&i.id);
            want.remove(&note_id);
            if let Some(n) = read.and_then(|r| r.score) {
                want.insert(i.id.clone(), number(n));
            }
            if let Some(note) = read.and_then(|r| r.note.clone())
                && form.item(&note_id).is_some()
            {
                want.insert(note_id, Value::String(note));
            }
        }
    }
    let bonus: Vec<BTreeMap<String, Value>> = book
        .bonus
        .iter()
        .map(|b| {
            let mut row = BTreeMap::new();
            row.insert(sheet::BONUS_ITEM.to_string(), Value::from(b.item.as_str()));
            row.insert(
                sheet::BONUS_LEVEL.to_string(),
                Value::from(b.level.as_str()),
            );
            if let Some(p) = &b.proof {
                row.insert(sheet::BONUS_PROOF.to_string(), Value::from(p.as_str()));
            }
            row
        })
        .collect();
    let materials: Vec<BTreeMap<String, Value>> = book
        .materials
        .iter()
        .map(|m| {
            let mut row = BTreeMap::new();
            row.insert(
                sheet::MATERIAL_NAME.to_string(),
                Value::from(m.name.as_str()),
            );
            if let Some(n) = &m.note {
                row.insert(sheet::MATERIAL_NOTE.to_string(), Value::from(n.as_str()));
            }
            row
        })
        .collect();
    for (child, rows) in [
        (sheet::BONUS_ITEM, bonus),
        (sheet::MATERIAL_NAME, materials),
    ] {
        if let Some(repeat) = form.repeat_of(child) {
            set_rows(form, &repeat.id, before, &mut want, &rows);
        }
    }
    // Every value fits its item (the reader checked them; this is the
    // form's own word on it).
    for (path, value) in &want {
        let id = crate::form::path::FieldPath::parse(path);
        let item = id.as_ref().and_then(|p| form.item(p.item_id()));
        let fits = match (&id, item) {
            (Some(crate::form::path::FieldPath::Row { .. }), _) => value.is_number(),
            (Some(_), Some(item)) => item.is_input() && check_value(item, value).is_ok(),
            _ => false,
        };
        if !fits {
            return Err(HqError::Invalid(i18n::sc_value_refused(path)));
        }
    }
    Ok(want)
}

fn number(n: f64) -> Value {
    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// The rows of a repeat as their children's values, in order.
fn rows_of(
    form: &Form,
    repeat: &str,
    answers: &BTreeMap<String, Value>,
) -> Vec<(String, BTreeMap<String, Value>)> {
    let baseline = Baseline::default();
    let children: Vec<String> = form
        .item(repeat)
        .map(|r| r.children().iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    Answers::new(form, answers, &baseline)
        .rows(repeat)
        .into_iter()
        .map(|row| {
            let values = children
                .iter()
                .filter_map(|c| {
                    let v = answers.get(&row_item_path(repeat, &row, c))?;
                    Some((c.clone(), v.clone()))
                })
                .collect();
            (row, values)
        })
        .collect()
}

fn set_rows(
    form: &Form,
    repeat: &str,
    before: &BTreeMap<String, Value>,
    want: &mut BTreeMap<String, Value>,
    rows: &[BTreeMap<String, Value>],
) {
    let old = rows_of(form, repeat, before);
    if old.iter().map(|(_, v)| v).eq(rows.iter()) {
        return;
    }
    let prefix = format!("{repeat}[");
    want.retain(|k, _| !k.starts_with(&prefix));
    let mut used: Vec<&str> = Vec::new();
    for (n, values) in rows.iter().enumerate() {
        let reuse = old
            .iter()
            .find(|(id, v)| v == values && !used.contains(&id.as_str()))
            .map(|(id, _)| id.as_str());
        let id = match reuse {
            Some(id) => {
                used.push(id);
                id.to_string()
            }
            None => new_row_id(),
        };
        want.insert(row_path(repeat, &id), Value::from(n as u64 + 1));
        for (child, v) in values {
            want.insert(row_item_path(repeat, &id, child), v.clone());
        }
    }
}

/// What the file scored, left blank and takes away.
fn summary(
    form: &Form,
    book: &Book,
    before: &BTreeMap<String, Value>,
    want: &BTreeMap<String, Value>,
) -> SelfImport {
    let mut out = SelfImport {
        file: String::new(),
        unit: String::new(),
        unit_id: String::new(),
        entry: None,
        action: Action::Unchanged,
        changes: 0,
        dry_run: false,
        blocks: book.blocks.clone(),
        scored: Vec::new(),
        unscored: Vec::new(),
        cleared: Vec::new(),
        bonus: book.bonus.len(),
        materials: book.materials.len(),
    };
    for s in sheet::sections(form) {
        for i in s.indicators {
            match want.get(&i.id).and_then(Value::as_f64) {
                Some(score) => out.scored.push(Scored {
                    item: i.id.clone(),
                    label: i.label.clone(),
                    max: i.max,
                    score,
                }),
                None => {
                    if before.contains_key(&i.id) {
                        out.cleared.push(i.label.clone());
                    }
                    out.unscored.push(i.label.clone());
                }
            }
        }
    }
    out
}
