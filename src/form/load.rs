//! Loading and checking form files. Every problem names the file, the item
//! (when there is one) and the line and column, so whoever edits a form can
//! find it; the checks run before a form is ever used.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::compiled::{Form, ItemExprs};
use super::expr::{Expr, Ref};
use super::lang::EnglishProblem;
use super::schema::{FormDef, Item, ItemType};
use crate::domain::{Baseline, FINDING_CATEGORIES, RosterCounts};
use crate::i18n;

pub use super::load_error::{FormError, Problem};

/// Largest form file accepted.
const MAX_FORM_BYTES: usize = 1 << 20;

/// A loaded form, or every problem found in its file.
pub type FormResult = Result<Form, Vec<FormError>>;

/// Loads and checks one form file's text. `file` names it in errors.
pub fn load_form(file: &str, source: &str) -> Result<Form, Vec<FormError>> {
    let mut ck = Checker {
        file,
        source,
        errors: Vec::new(),
        seen: HashMap::new(),
    };
    if source.len() > MAX_FORM_BYTES {
        ck.at(1, 1, None, Problem::TooLarge);
        return Err(ck.errors);
    }
    let value: Value = match serde_json::from_str(source.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            ck.at(e.line(), e.column(), None, Problem::Json(e.to_string()));
            return Err(ck.errors);
        }
    };
    ck.items_deserialize(&value);
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    let def: FormDef = match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => {
            let (line, column) = match serde_json::from_str::<FormDef>(source) {
                Err(located) => (located.line(), located.column()),
                Ok(_) => (1, 1),
            };
            ck.at(line, column, None, Problem::Schema(e.to_string()));
            return Err(ck.errors);
        }
    };
    let exprs = ck.check(&def);
    for (item, problem) in super::lang::english_problems(&def) {
        let problem = match problem {
            EnglishProblem::Text { key, fault } => Problem::BadText { key, fault },
            EnglishProblem::StepCount => Problem::BadLabelsEn,
        };
        match item {
            Some(id) => ck.item_err(&id, 1, problem),
            None => ck.at(1, 1, None, problem),
        }
    }
    if ck.errors.is_empty() {
        Ok(Form::new(def, exprs))
    } else {
        Err(ck.errors)
    }
}

/// Loads every `*.json` form file of a folder (not `rules.json`, which is
/// checked by `analysis::rules` — `kaocha forms check` runs both), sorted by
/// name: each file's form or its problems.
pub fn check_dir(dir: &Path) -> std::io::Result<Vec<(String, FormResult)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "rules.json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let result = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => load_form(&name, &text),
                Err(_) => Err(vec![FormError {
                    file: name.clone(),
                    item: None,
                    line: 1,
                    column: 1,
                    problem: Problem::Json(i18n::not_utf8().to_string()),
                }]),
            },
            Err(e) => return Err(e),
        };
        out.push((name, result));
    }
    Ok(out)
}

struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<FormError>,
    /// How often each item id has been located so far (for duplicates).
    seen: HashMap<String, usize>,
}

impl Checker<'_> {
    fn at(&mut self, line: usize, column: usize, item: Option<&str>, problem: Problem) {
        self.errors.push(FormError {
            file: self.file.to_string(),
            item: item.map(str::to_string),
            line,
            column,
            problem,
        });
    }

    /// Reports a problem of item `id`, located at its `n`-th `"id": "…"`.
    fn item_err(&mut self, id: &str, nth: usize, problem: Problem) {
        let (line, column) = locate_id(self.source, id, nth);
        self.at(line, column, Some(id), problem);
    }

    fn next_occurrence(&mut self, id: &str) -> usize {
        let n = self.seen.entry(id.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    /// Deserialises each item on its own, so a bad one is named.
    fn items_deserialize(&mut self, value: &Value) {
        let Some(sections) = value.get("sections").and_then(Value::as_array) else {
            return;
        };
        for section in sections {
            let Some(items) = section.get("items").and_then(Value::as_array) else {
                continue;
            };
            for item in items {
                self.item_deserialize(item);
                if let Some(children) = item.get("items").and_then(Value::as_array) {
                    for child in children {
                        self.item_deserialize(child);
                    }
                }
            }
        }
        self.seen.clear();
    }

    fn item_deserialize(&mut self, item: &Value) {
        let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
        let nth = self.next_occurrence(id);
        let mut shallow = item.clone();
        if let Some(obj) = shallow.as_object_mut() {
            obj.remove("items");
            if item.get("items").is_some() {
                obj.insert("items".into(), Value::Array(vec![]));
            }
        }
        if let Err(e) = serde_json::from_value::<Item>(shallow) {
            self.item_err(id, nth, Problem::Schema(e.to_string()));
        }
    }

    fn check(&mut self, def: &FormDef) -> HashMap<String, ItemExprs> {
        if !valid_form_id(&def.id) {
            self.at(1, 1, None, Problem::BadFormId(def.id.clone()));
        }
        if def.version == 0 {
            self.at(1, 1, None, Problem::BadVersion);
        }
        if def.sections.is_empty() {
            self.at(1, 1, None, Problem::NoSections);
        }
        // Names: every item id, and which repeat (if any) holds it.
        let mut parent: HashMap<&str, Option<&str>> = HashMap::new();
        let mut kinds: HashMap<&str, ItemType> = HashMap::new();
        for section in &def.sections {
            if section.items.is_empty() {
                self.at(1, 1, None, Problem::EmptySection(section.id.clone()));
            }
            for item in &section.items {
                self.check_id(item, &parent);
                parent.insert(&item.id, None);
                kinds.insert(&item.id, item.kind);
                for child in item.children() {
                    self.check_id(child, &parent);
                    parent.insert(&child.id, Some(&item.id));
                    kinds.insert(&child.id, child.kind);
                }
            }
        }
        self.seen.clear();
        let names = Names { parent, kinds };
        let mut exprs = HashMap::new();
        for item in def.all_items() {
            let nth = self.next_occurrence(&item.id);
            let parsed = self.check_item(item, nth, &names);
            exprs.insert(item.id.clone(), parsed);
        }
        self.check_calc_cycles(def, &exprs);
        if let Some(t) = &def.title_item
            && !names.parent.contains_key(t.as_str())
        {
            self.at(1, 1, None, Problem::UnknownTitleItem(t.clone()));
        }
        exprs
    }

    fn check_id(&mut self, item: &Item, known: &HashMap<&str, Option<&str>>) {
        let nth = self.next_occurrence(&item.id);
        if !valid_item_id(&item.id) {
            self.item_err(&item.id, nth, Problem::BadItemId);
        }
        if known.contains_key(item.id.as_str()) {
            self.item_err(&item.id, nth, Problem::DuplicateId);
        }
    }

    fn check_item(&mut self, item: &Item, nth: usize, names: &Names) -> ItemExprs {
        let id = item.id.as_str();
        let err = |ck: &mut Self, p: Problem| ck.item_err(id, nth, p);
        for key in item.present_keys() {
            if !item.allowed_keys().contains(&key) {
                let kind = format!("{:?}", item.kind).to_lowercase();
                err(self, Problem::KeyNotForType { key, kind });
            }
        }
        self.check_kind(item, nth);
        if item.stamped.is_some() && item.kind == ItemType::Text && !item.is_multiline() {
            err(self, Problem::StampedSingleLine);
        }
        if let (Some(lo), Some(hi)) = (item.min, item.max)
            && lo > hi
        {
            err(self, Problem::BadRange);
        }
        if let Some(p) = &item.prefill {
            let ok = p.strip_prefix("baseline.").is_some_and(Baseline::is_key)
                || p.strip_prefix("roster.").is_some_and(RosterCounts::is_key);
            if !ok || !item.is_input() {
                err(self, Problem::BadPrefill(p.clone()));
            }
        }
        if let Some(d) = &item.default
            && !default_fits(item, d)
        {
            err(self, Problem::BadDefault);
        }
        for tag in &item.tags {
            if !FINDING_CATEGORIES.contains(&tag.as_str()) {
                err(self, Problem::UnknownTag(tag.clone()));
            }
        }
        let row = names.parent.get(id).copied().flatten();
        ItemExprs {
            relevant: self.expr(item, nth, "relevant", item.relevant.as_deref(), row, names),
            constraint: self.expr(
                item,
                nth,
                "constraint",
                item.constraint.as_deref(),
                row,
                names,
            ),
            calc: self.expr(item, nth, "expr", item.expr.as_deref(), row, names),
        }
    }

    /// What an item's type needs: options, a range, an expression, rows.
    fn check_kind(&mut self, item: &Item, nth: usize) {
        let id = item.id.as_str();
        let mut err = |p: Problem| self.item_err(id, nth, p);
        match item.kind {
            ItemType::Choice | ItemType::Multi => {
                if item.choices().is_empty() {
                    err(Problem::NoOptions);
                }
                let mut values = HashSet::new();
                for c in item.choices() {
                    if !values.insert(c.value.as_str()) {
                        err(Problem::DuplicateOption(c.value.clone()));
                    }
                }
            }
            ItemType::Scale => match (item.min, item.max) {
                (Some(lo), Some(hi)) if lo < hi && lo.fract() == 0.0 && hi.fract() == 0.0 => {
                    if let Some(labels) = &item.labels
                        && labels.len() as f64 != hi - lo + 1.0
                    {
                        err(Problem::BadLabels);
                    }
                }
                (Some(_), Some(_)) => err(Problem::BadRange),
                _ => err(Problem::MissingKey("min/max")),
            },
            ItemType::Score => match item.max {
                Some(hi) if hi > item.min.unwrap_or(0.0) => {}
                Some(_) => err(Problem::BadRange),
                None => err(Problem::MissingKey("max")),
            },
            ItemType::Calc if item.expr.is_none() => err(Problem::MissingKey("expr")),
            // Attachments come from files the inspector picks: nothing
            // can be prefilled or defaulted into them.
            ItemType::Photo | ItemType::File => {
                let kind = format!("{:?}", item.kind).to_lowercase();
                for (set, key) in [
                    (item.default.is_some(), "default"),
                    (item.prefill.is_some(), "prefill"),
                ] {
                    if set {
                        err(Problem::KeyNotForType {
                            key,
                            kind: kind.clone(),
                        });
                    }
                }
            }
            ItemType::Repeat => {
                if item.children().is_empty() {
                    err(Problem::MissingKey("items"));
                }
                if item.children().iter().any(|c| c.kind == ItemType::Repeat) {
                    err(Problem::NestedRepeat);
                }
            }
            _ => {}
        }
    }

    /// Parses one expression and checks every name in it.
    fn expr(
        &mut self,
        item: &Item,
        nth: usize,
        key: &'static str,
        src: Option<&str>,
        row: Option<&str>,
        names: &Names,
    ) -> Option<Expr> {
        let src = src?;
        let expr = match Expr::parse(src) {
            Ok(e) => e,
            Err(error) => {
                self.item_err(&item.id, nth, Problem::Expr { key, error });
                return None;
            }
        };
        for r in expr.refs() {
            let problem = match r {
                Ref::Field { name, column } => match names.parent.get(name.as_str()) {
                    None => Some(Problem::UnknownName { key, name, column }),
                    Some(Some(rep)) if Some(*rep) != row => {
                        Some(Problem::RowItemOutsideRow { key, name, column })
                    }
                    _ => None,
                },
                Ref::Baseline { key: name, column } => (!Baseline::is_key(&name))
                    .then_some(Problem::UnknownBaselineKey { key, name, column }),
                Ref::Rows { repeat, column } => {
                    names.not_repeat(&repeat).then_some(Problem::NotARepeat {
                        key,
                        name: repeat,
                        column,
                    })
                }
                Ref::Column {
                    repeat,
                    field,
                    column,
                } => {
                    if names.not_repeat(&repeat) {
                        Some(Problem::NotARepeat {
                            key,
                            name: repeat,
                            column,
                        })
                    } else if names.parent.get(field.as_str()) != Some(&Some(repeat.as_str())) {
                        Some(Problem::UnknownName {
                            key,
                            name: format!("{repeat}.{field}"),
                            column,
                        })
                    } else {
                        None
                    }
                }
                Ref::SelfValue { column } => {
                    (key != "constraint").then_some(Problem::SelfOutsideConstraint { key, column })
                }
            };
            if let Some(p) = problem {
                self.item_err(&item.id, nth, p);
            }
        }
        Some(expr)
    }

    /// A calc that (through other calcs) depends on itself never settles.
    fn check_calc_cycles(&mut self, def: &FormDef, exprs: &HashMap<String, ItemExprs>) {
        let deps = |id: &str| -> Vec<String> {
            exprs
                .get(id)
                .and_then(|e| e.calc.as_ref())
                .map(|e| {
                    e.refs()
                        .into_iter()
                        .filter_map(|r| match r {
                            Ref::Field { name, .. } => Some(name),
                            Ref::Column { field, .. } => Some(field),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        for item in def.all_items().filter(|i| i.kind == ItemType::Calc) {
            let mut stack = deps(&item.id);
            let mut visited = HashSet::new();
            while let Some(next) = stack.pop() {
                if next == item.id {
                    self.item_err(&item.id, 1, Problem::CalcCycle);
                    break;
                }
                if visited.insert(next.clone()) {
                    stack.extend(deps(&next));
                }
            }
        }
    }
}

struct Names<'a> {
    parent: HashMap<&'a str, Option<&'a str>>,
    kinds: HashMap<&'a str, ItemType>,
}

impl Names<'_> {
    fn not_repeat(&self, name: &str) -> bool {
        self.kinds.get(name) != Some(&ItemType::Repeat)
    }
}

/// A form or rule id: a lowercase letter, then lowercase letters, digits,
/// `_` and `.`; 64 characters at most.
pub(crate) fn valid_form_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= crate::domain::ids::MAX_ID_LEN
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

/// An item or name id: a form id without dots.
pub(crate) fn valid_item_id(id: &str) -> bool {
    valid_form_id(id) && !id.contains('.')
}

fn default_fits(item: &Item, d: &Value) -> bool {
    match (item.kind, d) {
        (ItemType::Date, Value::String(s)) => s == "today" || super::validate::is_date(s),
        (ItemType::Time, Value::String(s)) => s == "now" || super::validate::is_time(s),
        _ => super::validate::check_value(item, d).is_ok(),
    }
}

/// Line and column (1-based, in characters) of the `nth` `"id": "<id>"` in
/// the source; the start of the file when it cannot be found.
pub(crate) fn locate_id(source: &str, id: &str, nth: usize) -> (usize, usize) {
    let needle = format!("\"{id}\"");
    let mut found = 0;
    for (pos, _) in source.match_indices(&needle) {
        let before = source[..pos].trim_end();
        let Some(before) = before.strip_suffix(':') else {
            continue;
        };
        if !before.trim_end().ends_with("\"id\"") {
            continue;
        }
        found += 1;
        if found == nth.max(1) {
            let line_start = source[..pos].rfind('\n').map_or(0, |i| i + 1);
            let line = source[..pos].matches('\n').count() + 1;
            let column = source[line_start..pos].chars().count() + 1;
            return (line, column);
        }
    }
    (1, 1)
}
