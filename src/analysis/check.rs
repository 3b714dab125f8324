//! Loading and checking a rules file (`Rules::builtin`, `Rules::load`): the JSON shapes of `rules.json`,
//! every rule's keys, names, expressions and facts placeholders checked
//! against the forms, each problem located by file, rule, line and column.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::env::placeholders;
use super::rules::{
    BUILTIN_FILE, BUILTIN_SOURCE, FORMAT, RosterCheck, Rule, RuleError, RuleKind, Rules,
    SEVERITIES, SHARE_NUMBERS, TAGGED_NUMBERS, Table, TableRow,
};
use crate::domain::{Baseline, FINDING_CATEGORIES};
use crate::form::expr::{Expr, Ref};
use crate::form::{Form, ItemType, locate_id, valid_form_id, valid_item_id};
use crate::i18n;

/// Largest rules file accepted.
const MAX_BYTES: usize = 1 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    format: String,
    version: u32,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    table: Option<TableDef>,
    rules: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDef {
    form: String,
    rows: Vec<TableRowDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableRowDef {
    id: String,
    label: String,
    #[serde(default)]
    staff: bool,
    quota: String,
    actual: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    title: String,
    category: String,
    #[serde(default = "default_severity")]
    severity: String,
    kind: String,
    #[serde(default)]
    form: Option<String>,
    #[serde(default)]
    forms: Option<Vec<String>>,
    #[serde(default)]
    repeat: Option<String>,
    #[serde(default)]
    numbers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    values: Option<Vec<String>>,
    #[serde(default)]
    min_share: Option<f64>,
    #[serde(default)]
    min_count: Option<u32>,
    #[serde(default)]
    check: Option<String>,
    facts: String,
    #[serde(default)]
    suggestion: String,
}

fn default_severity() -> String {
    "major".into()
}

impl Rules {
    /// The embedded rules, checked against the built-in forms.
    pub fn builtin() -> Result<Rules, Vec<RuleError>> {
        let forms = crate::form::builtin::forms().unwrap_or_default();
        let by_id = |id: &str| forms.iter().find(|f| f.id() == id);
        Rules::load(BUILTIN_FILE, BUILTIN_SOURCE, &by_id)
    }

    /// Loads and checks a rules file's text; `forms` gives the newest version
    /// of a form by id. `file` names the file in errors.
    pub fn load<'f>(
        file: &str,
        source: &str,
        forms: &dyn Fn(&str) -> Option<&'f Form>,
    ) -> Result<Rules, Vec<RuleError>> {
        load(file, source, forms)
    }
}

/// Loads and checks a rules file's text (see `Rules::load`).
pub(super) fn load<'f>(
    file: &str,
    source: &str,
    forms: &dyn Fn(&str) -> Option<&'f Form>,
) -> Result<Rules, Vec<RuleError>> {
    let mut ck = Checker {
        file,
        source,
        forms,
        errors: Vec::new(),
        rule: None,
        anchor: None,
    };
    if source.len() > MAX_BYTES {
        ck.at(1, 1, i18n::r_too_large());
        return Err(ck.errors);
    }
    let value: Value = match serde_json::from_str(source.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            ck.at(e.line(), e.column(), i18n::r_json(&e.to_string()));
            return Err(ck.errors);
        }
    };
    let def: FileDef = match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => {
            ck.at(1, 1, i18n::r_schema(&e.to_string()));
            return Err(ck.errors);
        }
    };
    if def.format != FORMAT || def.version != 1 {
        ck.at(1, 1, i18n::r_format(&def.format, def.version));
    }
    let table = def.table.map(|t| ck.table(t)).unwrap_or_default();
    let mut rules = Vec::new();
    let mut ids = HashSet::new();
    for raw in &def.rules {
        let id = raw.get("id").and_then(Value::as_str).unwrap_or("?");
        ck.rule = Some(id.to_string());
        ck.anchor = Some(id.to_string());
        if !ids.insert(id.to_string()) {
            ck.err(i18n::r_duplicate_id());
        }
        match serde_json::from_value::<RuleDef>(raw.clone()) {
            Ok(d) => {
                if let Some(rule) = ck.rule_def(d) {
                    rules.push(rule);
                }
            }
            Err(e) => ck.err(i18n::r_schema(&e.to_string())),
        }
    }
    if ck.errors.is_empty() {
        Ok(Rules {
            file: file.to_string(),
            description: def.description,
            rules,
            table,
        })
    } else {
        Err(ck.errors)
    }
}

struct Checker<'a, 'f> {
    file: &'a str,
    source: &'a str,
    forms: &'a dyn Fn(&str) -> Option<&'f Form>,
    errors: Vec<RuleError>,
    /// The rule being checked.
    rule: Option<String>,
    /// The `"id"` whose place problems are reported at.
    anchor: Option<String>,
}

/// Where names of an expression may come from.
struct Scope<'s> {
    form: Option<&'s Form>,
    /// The repeat whose row the expression runs in.
    row: Option<&'s str>,
    numbers: &'s BTreeMap<String, String>,
}

impl<'f> Checker<'_, 'f> {
    fn at(&mut self, line: usize, column: usize, problem: String) {
        self.errors.push(RuleError {
            file: self.file.to_string(),
            rule: self.rule.clone(),
            line,
            column,
            problem,
        });
    }

    /// A problem of the current rule, located at its `"id"`.
    fn err(&mut self, problem: String) {
        let (line, column) = match &self.anchor {
            Some(id) => locate_id(self.source, id, 1),
            None => (1, 1),
        };
        self.at(line, column, problem);
    }

    fn form(&mut self, id: &str) -> Option<&'f Form> {
        let found = (self.forms)(id);
        if found.is_none() {
            self.err(i18n::r_unknown_form(id));
        }
        found
    }

    fn table(&mut self, t: TableDef) -> Table {
        self.rule = Some("table".into());
        self.anchor = None;
        let form = self.form(&t.form);
        let empty = BTreeMap::new();
        let scope = Scope {
            form,
            row: None,
            numbers: &empty,
        };
        let mut rows = Vec::new();
        for r in t.rows {
            self.anchor = Some(r.id.clone());
            let quota = self.expr(&format!("{}.quota", r.id), &r.quota, &scope);
            let actual = self.expr(&format!("{}.actual", r.id), &r.actual, &scope);
            if let (Some(quota), Some(actual)) = (quota, actual) {
                rows.push(TableRow {
                    id: r.id,
                    label: r.label,
                    staff: r.staff,
                    quota,
                    actual,
                });
            }
        }
        self.rule = None;
        self.anchor = None;
        Table { form: t.form, rows }
    }

    fn rule_def(&mut self, d: RuleDef) -> Option<Rule> {
        if !valid_form_id(&d.id) {
            self.err(i18n::r_bad_id());
        }
        if !FINDING_CATEGORIES.contains(&d.category.as_str()) {
            self.err(i18n::r_unknown_category(&d.category));
        }
        if !SEVERITIES.contains(&d.severity.as_str()) {
            self.err(i18n::r_bad_severity(&d.severity));
        }
        let allowed: &[&str] = match d.kind.as_str() {
            "entry" => &["form", "numbers", "when"],
            "rows" => &["form", "repeat", "numbers", "when"],
            "share" => &["form", "item", "values", "min_share", "min_count"],
            "tagged" => &["forms"],
            "roster" => &["check"],
            other => {
                self.err(i18n::r_unknown_kind(other));
                return None;
            }
        };
        let present = [
            ("form", d.form.is_some()),
            ("forms", d.forms.is_some()),
            ("repeat", d.repeat.is_some()),
            ("numbers", d.numbers.is_some()),
            ("when", d.when.is_some()),
            ("item", d.item.is_some()),
            ("values", d.values.is_some()),
            ("min_share", d.min_share.is_some()),
            ("min_count", d.min_count.is_some()),
            ("check", d.check.is_some()),
        ];
        for (key, set) in present {
            if set && !allowed.contains(&key) {
                self.err(i18n::r_key_not_for_kind(key, &d.kind));
            }
        }
        let kind = match d.kind.as_str() {
            "entry" | "rows" => self.expr_kind(&d)?,
            "share" => self.share_kind(&d)?,
            "roster" => self.roster_kind(&d)?,
            _ => self.tagged_kind(&d)?,
        };
        let known: Vec<String> = match &kind {
            RuleKind::Entry { numbers, .. } | RuleKind::Rows { numbers, .. } => {
                numbers.keys().cloned().collect()
            }
            RuleKind::Share { .. } => SHARE_NUMBERS.iter().map(|s| s.to_string()).collect(),
            RuleKind::Tagged { .. } => TAGGED_NUMBERS.iter().map(|s| s.to_string()).collect(),
            RuleKind::Roster { check } => check.numbers().iter().map(|s| s.to_string()).collect(),
        };
        for (name, column) in placeholders(&d.facts) {
            if !known.contains(&name) {
                self.err(i18n::r_unknown_placeholder(&name, column));
            }
        }
        Some(Rule {
            id: d.id,
            title: d.title,
            category: d.category,
            severity: d.severity,
            facts: d.facts,
            suggestion: d.suggestion,
            kind,
        })
    }

    fn required<'v, T>(&mut self, value: &'v Option<T>, key: &str) -> Option<&'v T> {
        if value.is_none() {
            self.err(i18n::r_missing_key(key));
        }
        value.as_ref()
    }

    fn expr_kind(&mut self, d: &RuleDef) -> Option<RuleKind> {
        let form_id = self.required(&d.form, "form")?.clone();
        let when_src = self.required(&d.when, "when")?.clone();
        let form = self.form(&form_id);
        let rows = d.kind == "rows";
        let repeat = if rows {
            let r = self.required(&d.repeat, "repeat")?.clone();
            let is_repeat = form
                .and_then(|f| f.item(&r))
                .is_some_and(|i| i.kind == ItemType::Repeat);
            if form.is_some() && !is_repeat {
                self.err(i18n::r_not_a_repeat(&r));
            }
            Some(r)
        } else {
            None
        };
        let sources = d.numbers.clone().unwrap_or_default();
        for name in sources.keys() {
            if !valid_item_id(name) || form.is_some_and(|f| f.item(name).is_some()) {
                self.err(i18n::r_bad_number_name(name));
            }
        }
        let scope = Scope {
            form,
            row: repeat.as_deref(),
            numbers: &sources,
        };
        let mut numbers = BTreeMap::new();
        for (name, src) in &sources {
            if let Some(e) = self.expr(&format!("numbers.{name}"), src, &scope) {
                numbers.insert(name.clone(), e);
            }
        }
        if let Some(cycle) = find_cycle(&numbers) {
            self.err(i18n::r_number_cycle(&cycle));
        }
        let when = self.expr("when", &when_src, &scope)?;
        if numbers.len() != sources.len() {
            return None;
        }
        Some(match repeat {
            Some(repeat) => RuleKind::Rows {
                form: form_id,
                repeat,
                numbers,
                when,
            },
            None => RuleKind::Entry {
                form: form_id,
                numbers,
                when,
            },
        })
    }

    fn share_kind(&mut self, d: &RuleDef) -> Option<RuleKind> {
        let form_id = self.required(&d.form, "form")?.clone();
        let item_id = self.required(&d.item, "item")?.clone();
        let values = self.required(&d.values, "values")?.clone();
        let form = self.form(&form_id);
        if let Some(form) = form {
            match form.item(&item_id) {
                Some(item) if item.kind == ItemType::Choice => {
                    for v in &values {
                        if item.choice_label(v).is_none() {
                            self.err(i18n::r_unknown_option(v, &item_id));
                        }
                    }
                }
                _ => self.err(i18n::r_not_a_choice(&item_id)),
            }
        }
        if values.is_empty() {
            self.err(i18n::r_missing_key("values"));
        }
        let min_share = d.min_share.unwrap_or(0.5);
        if !(min_share > 0.0 && min_share <= 1.0) {
            self.err(i18n::r_bad_share());
        }
        Some(RuleKind::Share {
            form: form_id,
            item: item_id,
            values,
            min_share,
            min_count: d.min_count.unwrap_or(1) as usize,
        })
    }

    fn roster_kind(&mut self, d: &RuleDef) -> Option<RuleKind> {
        let name = self.required(&d.check, "check")?.clone();
        match RosterCheck::named(&name) {
            Some(check) => Some(RuleKind::Roster { check }),
            None => {
                self.err(i18n::r_unknown_roster_check(&name));
                None
            }
        }
    }

    fn tagged_kind(&mut self, d: &RuleDef) -> Option<RuleKind> {
        let forms = self.required(&d.forms, "forms")?.clone();
        let before = self.errors.len();
        if forms.is_empty() {
            self.err(i18n::r_missing_key("forms"));
        }
        let mut can_tag = false;
        for id in &forms {
            if let Some(form) = self.form(id) {
                can_tag |= form.def.all_items().any(|i| can_raise(i, &d.category));
            }
        }
        // (an unknown form is reported already)
        if !forms.is_empty() && !can_tag && self.errors.len() == before {
            self.err(i18n::r_no_tagged_item(&d.category));
        }
        Some(RuleKind::Tagged { forms })
    }

    /// Parses an expression of the rule (`key` names it) and checks its names.
    fn expr(&mut self, key: &str, src: &str, scope: &Scope) -> Option<Expr> {
        let expr = match Expr::parse(src) {
            Ok(e) => e,
            Err(e) => {
                self.err(i18n::r_expr(key, e.column, &e.message.to_string()));
                return None;
            }
        };
        for r in expr.refs() {
            let problem = match r {
                Ref::Field { name, column } => {
                    if scope.numbers.contains_key(&name) {
                        None
                    } else {
                        match scope.form.map(|f| (f.item(&name), f.repeat_of(&name))) {
                            None => None, // unknown form: reported already
                            Some((None, _)) => Some(i18n::r_unknown_name(key, column, &name)),
                            Some((Some(_), Some(rep))) if Some(rep.id.as_str()) != scope.row => {
                                Some(i18n::r_row_item_outside(key, column, &name))
                            }
                            _ => None,
                        }
                    }
                }
                Ref::Baseline { key: name, column } => {
                    (!Baseline::is_key(&name)).then(|| i18n::r_unknown_baseline(key, column, &name))
                }
                Ref::Rows { repeat, column } => scope
                    .form
                    .filter(|f| f.item(&repeat).is_none_or(|i| i.kind != ItemType::Repeat))
                    .map(|_| i18n::r_not_a_repeat_at(key, column, &repeat)),
                Ref::Column {
                    repeat,
                    field,
                    column,
                } => scope
                    .form
                    .filter(|f| f.repeat_of(&field).is_none_or(|r| r.id != repeat))
                    .map(|_| i18n::r_unknown_name(key, column, &format!("{repeat}.{field}"))),
                Ref::SelfValue { column } => Some(i18n::r_self(key, column)),
            };
            if let Some(p) = problem {
                self.err(p);
            }
        }
        Some(expr)
    }
}

/// Whether an item can raise `category`: a text item tagged with it, or a
/// multi item with an option labelled as it.
pub(crate) fn can_raise(item: &crate::form::Item, category: &str) -> bool {
    match item.kind {
        ItemType::Text => item.tags.iter().any(|t| t == category),
        ItemType::Multi => item.choices().iter().any(|c| c.label == category),
        _ => false,
    }
}

/// A cycle among named numbers, as `a → b → a`.
fn find_cycle(numbers: &BTreeMap<String, Expr>) -> Option<String> {
    let deps = |name: &str| -> Vec<String> {
        numbers
            .get(name)
            .map(|e| {
                e.refs()
                    .into_iter()
                    .filter_map(|r| match r {
                        Ref::Field { name, .. } if numbers.contains_key(&name) => Some(name),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for start in numbers.keys() {
        // depth-first, keeping the path
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = HashSet::new();
        while let Some((name, path)) = stack.pop() {
            for next in deps(&name) {
                if &next == start {
                    let mut p = path.clone();
                    p.push(next);
                    return Some(p.join(" → "));
                }
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next, p));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        let mut n = BTreeMap::new();
        for (k, v) in [("a", "b + 1"), ("b", "c"), ("c", "a"), ("d", "1")] {
            n.insert(
                k.to_string(),
                Expr::parse(v).unwrap_or_else(|e| panic!("{e}")),
            );
        }
        let c = find_cycle(&n).unwrap_or_default();
        assert!(c.starts_with("a → b → c → a"), "{c}");
    }
}
