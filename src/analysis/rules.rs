//! The automatic-finding rules (`forms/rules.json`): the parsed rules with
//! their expressions compiled once, and where a rules file comes from.
//! Loading and checking a file is in `check` (every problem names the file,
//! the rule, the line and column, as form files do); evaluating the rules is
//! in `findings`.

use std::collections::BTreeMap;

use crate::form::expr::Expr;
use crate::i18n;

/// The built-in rules file, embedded in the binary.
pub const BUILTIN_FILE: &str = "forms/rules.json";
/// Its text.
pub const BUILTIN_SOURCE: &str = include_str!("../../forms/rules.json");
/// The `format` a rules file declares.
pub const FORMAT: &str = "kaocha-rules";
/// Severities a rule may give (the option values of the findings form).
pub const SEVERITIES: &[&str] = &["minor", "major", "severe"];

/// A checked rules file.
#[derive(Debug, Clone)]
pub struct Rules {
    pub file: String,
    pub description: Option<String>,
    pub rules: Vec<Rule>,
    pub table: Table,
}

/// One rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    /// One of `domain::FINDING_CATEGORIES`.
    pub category: String,
    /// `minor`, `major` or `severe`.
    pub severity: String,
    /// The facts sentence with `{number}` placeholders.
    pub facts: String,
    pub suggestion: String,
    pub kind: RuleKind,
}

/// What a rule looks at.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Once per entry of `form`: fires when `when` holds.
    Entry {
        form: String,
        numbers: BTreeMap<String, Expr>,
        when: Expr,
    },
    /// Once per row of `repeat` in each entry of `form`.
    Rows {
        form: String,
        repeat: String,
        numbers: BTreeMap<String, Expr>,
        when: Expr,
    },
    /// Over all entries of `form`: the share of answers to `item` that are
    /// one of `values` reaches `min_share`, with at least `min_count` answers.
    Share {
        form: String,
        item: String,
        values: Vec<String>,
        min_share: f64,
        min_count: usize,
    },
    /// Answers of `forms` tagged with the rule's category: a text item whose
    /// `tags` hold it and whose answer contains `#category`, or a multi item
    /// with an option labelled as the category and ticked.
    Tagged { forms: Vec<String> },
    /// Over the unit's 实名制 roster: the people `check` names.
    Roster { check: RosterCheck },
}

/// What a roster rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterCheck {
    /// 混岗混编: people in posts of another kind than their 编制.
    Mixed,
    /// 在编不在岗 / 借调: people working elsewhere than the unit.
    Away,
    /// More 部门 leaders than 部门领导职数.
    Overlead,
    /// More 内设机构 leaders than 内设机构领导职数.
    OverleadBody,
}

impl RosterCheck {
    /// The check a rules file names (`mixed`, `away`, `overlead`,
    /// `overlead_body`).
    pub fn named(name: &str) -> Option<RosterCheck> {
        match name {
            "mixed" => Some(RosterCheck::Mixed),
            "away" => Some(RosterCheck::Away),
            "overlead" => Some(RosterCheck::Overlead),
            "overlead_body" => Some(RosterCheck::OverleadBody),
            _ => None,
        }
    }

    /// The numbers its facts may use.
    pub fn numbers(self) -> &'static [&'static str] {
        match self {
            RosterCheck::Mixed | RosterCheck::Away => &["count", "people"],
            RosterCheck::Overlead | RosterCheck::OverleadBody => {
                &["count", "people", "quota", "over"]
            }
        }
    }
}

/// The numbers every share rule provides to its facts.
pub const SHARE_NUMBERS: &[&str] = &["answered", "hits", "share", "percent"];
/// The numbers every tagged rule provides to its facts.
pub const TAGGED_NUMBERS: &[&str] = &["mentions", "entries"];

/// The baseline-vs-actual table of a unit's report.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub form: String,
    pub rows: Vec<TableRow>,
}

/// One line of that table.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub id: String,
    pub label: String,
    /// A 编制类别 (shown per unit in the campaign summary).
    pub staff: bool,
    pub quota: Expr,
    pub actual: Expr,
}

/// One problem in a rules file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub line: usize,
    pub column: usize,
    pub problem: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(rule) = &self.rule {
            write!(f, "{}", i18n::r_rule(rule))?;
        }
        f.write_str(&self.problem)
    }
}

impl std::error::Error for RuleError {}

impl Rules {
    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let rules = Rules::builtin().unwrap_or_else(|e| panic!("{e:#?}"));
        assert!(rules.rules.len() >= 10);
        assert_eq!(rules.table.rows.len(), 8);
    }
}
