//! Evaluating a form over answers: which rows a repeat has, which items are
//! relevant, what calc items compute. Reads answers; never changes them.

use std::cell::Cell;
use std::collections::BTreeMap;

use serde_json::Value;

use super::compiled::Form;
use super::expr::{Env, Expr, Val};
use super::path::{row_item_path, row_path};
use super::schema::{Item, ItemType};
use crate::domain::Baseline;

/// Deepest chain of calcs evaluated through one another.
const MAX_CALC_DEPTH: usize = 32;

/// The answers of one entry, seen through its form and its unit's baseline.
pub struct Answers<'a> {
    pub form: &'a Form,
    pub values: &'a BTreeMap<String, Value>,
    pub baseline: &'a Baseline,
}

impl<'a> Answers<'a> {
    /// Bundles what evaluation needs.
    pub fn new(
        form: &'a Form,
        values: &'a BTreeMap<String, Value>,
        baseline: &'a Baseline,
    ) -> Answers<'a> {
        Answers {
            form,
            values,
            baseline,
        }
    }

    /// The row ids of a repeat in display order (by the marker's order value,
    /// then by id).
    pub fn rows(&self, repeat: &str) -> Vec<String> {
        let prefix = format!("{repeat}[");
        let mut rows: Vec<(f64, String)> = self
            .values
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, v)| {
                let row = k.strip_prefix(&prefix)?.strip_suffix(']')?;
                (!row.contains(']')).then(|| (v.as_f64().unwrap_or(0.0), row.to_string()))
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        rows.into_iter().map(|(_, r)| r).collect()
    }

    /// The order value a new row appended to a repeat gets.
    pub fn next_row_order(&self, repeat: &str) -> i64 {
        self.rows(repeat)
            .last()
            .and_then(|r| self.values.get(&row_path(repeat, r)))
            .and_then(Value::as_f64)
            .map_or(1, |v| v.floor() as i64 + 1)
    }

    /// The value of a top-level item, or of `item` in `row` of its repeat;
    /// calc items are computed.
    pub fn value(&self, item: &str, row: Option<&str>) -> Value {
        self.env(row, Val::Null).field(item).to_json()
    }

    /// Whether an item is shown: its own `relevant` and, for a repeat child,
    /// its repeat's.
    pub fn is_relevant(&self, item: &Item, row: Option<&str>) -> bool {
        if let Some(repeat) = self.form.repeat_of(&item.id)
            && !self.is_relevant(repeat, None)
        {
            return false;
        }
        match self.form.relevant(&item.id) {
            None => true,
            Some(e) => e.eval(&self.env(row, Val::Null)).truthy(),
        }
    }

    /// Whether the item's constraint holds for `value` (true without one).
    pub fn constraint_holds(&self, item: &Item, row: Option<&str>, value: &Value) -> bool {
        match self.form.constraint(&item.id) {
            None => true,
            Some(e) => e.eval(&self.env(row, Val::from_json(value))).truthy(),
        }
    }

    /// Every calc value, by field path (rows included), unset when null.
    pub fn calc_values(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for item in self.form.def.all_items() {
            if item.kind != ItemType::Calc {
                continue;
            }
            match self.form.repeat_of(&item.id) {
                None if !self.is_relevant(item, None) => {}
                None => {
                    let v = self.value(&item.id, None);
                    if !v.is_null() {
                        out.insert(item.id.clone(), v);
                    }
                }
                Some(rep) => {
                    for row in self.rows(&rep.id) {
                        if !self.is_relevant(item, Some(&row)) {
                            continue;
                        }
                        let v = self.value(&item.id, Some(&row));
                        if !v.is_null() {
                            out.insert(row_item_path(&rep.id, &row, &item.id), v);
                        }
                    }
                }
            }
        }
        out
    }

    fn env(&self, row: Option<&str>, own: Val) -> RowEnv<'_, 'a> {
        RowEnv {
            answers: self,
            row: row.map(str::to_string),
            own,
            depth: Cell::new(0),
        }
    }
}

struct RowEnv<'s, 'a> {
    answers: &'s Answers<'a>,
    row: Option<String>,
    own: Val,
    depth: Cell<usize>,
}

impl RowEnv<'_, '_> {
    fn stored(&self, name: &str, row: Option<&str>) -> Val {
        let form = self.answers.form;
        let Some(item) = form.item(name) else {
            return Val::Null;
        };
        let repeat = form.repeat_of(name).map(|r| r.id.as_str());
        let path = match (repeat, row) {
            (None, _) => name.to_string(),
            (Some(rep), Some(row)) => row_item_path(rep, row, name),
            (Some(_), None) => return Val::Null,
        };
        if item.kind == ItemType::Calc {
            return self.calc(name, row);
        }
        self.answers
            .values
            .get(&path)
            .map_or(Val::Null, Val::from_json)
    }

    fn calc(&self, name: &str, row: Option<&str>) -> Val {
        let Some(expr) = self.answers.form.calc(name) else {
            return Val::Null;
        };
        if self.depth.get() >= MAX_CALC_DEPTH {
            return Val::Null;
        }
        self.depth.set(self.depth.get() + 1);
        let inner = RowEnv {
            answers: self.answers,
            row: row.map(str::to_string),
            own: Val::Null,
            depth: Cell::new(self.depth.get()),
        };
        let v = eval_expr(expr, &inner);
        self.depth.set(self.depth.get() - 1);
        v
    }
}

fn eval_expr(expr: &Expr, env: &dyn Env) -> Val {
    expr.eval(env)
}

impl Env for RowEnv<'_, '_> {
    fn field(&self, name: &str) -> Val {
        self.stored(name, self.row.as_deref())
    }

    fn baseline(&self, key: &str) -> Val {
        Val::from_json(&self.answers.baseline.get(key))
    }

    fn self_value(&self) -> Val {
        self.own.clone()
    }

    fn column(&self, repeat: &str, field: &str) -> Vec<Val> {
        self.answers
            .rows(repeat)
            .iter()
            .map(|row| self.stored(field, Some(row)))
            .collect()
    }

    fn row_count(&self, repeat: &str) -> usize {
        self.answers.rows(repeat).len()
    }
}
