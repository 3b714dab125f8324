//! What rule expressions read: a rule's own named numbers first, then the
//! answers of one entry (calc items computed, a repeat row's siblings first)
//! and the unit's baseline. With no entry, every item reads as `null` and only
//! `baseline.*` has values.

use std::cell::Cell;
use std::collections::BTreeMap;

use crate::domain::Baseline;
use crate::form::eval::Answers;
use crate::form::expr::{Env, Expr, Val};

/// Deepest chain of numbers evaluated through one another (cycles are
/// refused when rules load; this only bounds the work).
const MAX_DEPTH: usize = 32;

/// The environment of one rule evaluation.
pub(crate) struct RuleEnv<'a> {
    pub answers: Option<&'a Answers<'a>>,
    pub baseline: &'a Baseline,
    pub row: Option<&'a str>,
    pub numbers: &'a BTreeMap<String, Expr>,
    depth: Cell<usize>,
}

impl<'a> RuleEnv<'a> {
    /// An environment over `answers` (or none), in `row` of a repeat.
    pub fn new(
        answers: Option<&'a Answers<'a>>,
        baseline: &'a Baseline,
        row: Option<&'a str>,
        numbers: &'a BTreeMap<String, Expr>,
    ) -> RuleEnv<'a> {
        RuleEnv {
            answers,
            baseline,
            row,
            numbers,
            depth: Cell::new(0),
        }
    }

    /// Every named number, evaluated.
    pub fn all_numbers(&self) -> BTreeMap<String, Val> {
        self.numbers
            .keys()
            .map(|k| (k.clone(), self.field(k)))
            .collect()
    }
}

impl Env for RuleEnv<'_> {
    fn field(&self, name: &str) -> Val {
        if let Some(expr) = self.numbers.get(name) {
            if self.depth.get() >= MAX_DEPTH {
                return Val::Null;
            }
            self.depth.set(self.depth.get() + 1);
            let v = expr.eval(self);
            self.depth.set(self.depth.get() - 1);
            return v;
        }
        match self.answers {
            Some(a) => Val::from_json(&a.value(name, self.row)),
            None => Val::Null,
        }
    }

    fn baseline(&self, key: &str) -> Val {
        Val::from_json(&self.baseline.get(key))
    }

    fn self_value(&self) -> Val {
        Val::Null
    }

    fn column(&self, repeat: &str, field: &str) -> Vec<Val> {
        match self.answers {
            Some(a) => a
                .rows(repeat)
                .iter()
                .map(|row| Val::from_json(&a.value(field, Some(row))))
                .collect(),
            None => Vec::new(),
        }
    }

    fn row_count(&self, repeat: &str) -> usize {
        self.answers.map_or(0, |a| a.rows(repeat).len())
    }
}

/// A number as people read it: whole numbers without decimals, others with
/// at most two (trailing zeros dropped).
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return "—".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A value as it reads in a facts sentence.
pub fn val_text(v: &Val) -> String {
    match v {
        Val::Null => "—".into(),
        Val::Num(n) => number_text(*n),
        Val::Str(s) => s.clone(),
        Val::Bool(b) => crate::i18n::yes_no(*b),
        Val::List(items) => items.iter().map(val_text).collect::<Vec<_>>().join("、"),
    }
}

/// Fills `{name}` placeholders of a facts template.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, with their 1-based character
/// column.
pub fn placeholders(template: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i) == Some(&'{') {
            let start = i;
            let mut j = i + 1;
            while j < chars.len() && chars.get(j) != Some(&'}') {
                j += 1;
            }
            let name: String = chars.get(start + 1..j).unwrap_or_default().iter().collect();
            out.push((name, start + 1));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-2.0), "-2");
        assert_eq!(number_text(89.5), "89.5");
        assert_eq!(number_text(60.0 / 11.0), "5.45");
        assert_eq!(number_text(f64::NAN), "—");
    }

    #[test]
    fn templates_fill_and_list_placeholders() {
        let t = "核定{quota}名，实有{actual}名{x";
        let filled = fill(t, |n| (n == "quota").then(|| "12".to_string()));
        assert_eq!(filled, "核定12名，实有{actual}名{x");
        let names: Vec<_> = placeholders("a{b}c{dd}").into_iter().collect();
        assert_eq!(names, vec![("b".to_string(), 2), ("dd".to_string(), 6)]);
    }
}
