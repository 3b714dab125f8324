//! Answer validation: turning what a person typed into a typed value, checking
//! a value against its item (type, range, options), and listing what keeps an
//! entry from being finalised (missing required items, broken constraints).

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::eval::Answers;
use super::path::FieldPath;
use super::schema::{Item, ItemType};
use crate::domain::typed;
use crate::i18n;

/// Longest text answer accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Why a value does not fit its item.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueProblem {
    NotInteger,
    NotNumber,
    BelowMin(f64),
    AboveMax(f64),
    UnknownOption {
        value: String,
        valid: Vec<String>,
    },
    NotDate,
    NotTime,
    NotYesNo,
    NotText,
    TooLong,
    ReadOnly,
    /// Not a valid list of attachments.
    NotAttachments,
    /// Attachments are attached (`entry attach`), never typed.
    AttachOnly,
    Constraint(Option<String>),
    Required,
}

impl std::fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // f64's Display prints 0 for 0.0 and 2.5 for 2.5.
        let num = |n: &f64| n.to_string();
        let text = match self {
            ValueProblem::NotInteger => i18n::v_not_integer(),
            ValueProblem::NotNumber => i18n::v_not_number(),
            ValueProblem::BelowMin(n) => i18n::v_below_min(&num(n)),
            ValueProblem::AboveMax(n) => i18n::v_above_max(&num(n)),
            ValueProblem::UnknownOption { value, valid } => {
                i18n::v_unknown_option(value, &valid.join("、"))
            }
            ValueProblem::NotDate => i18n::v_not_date(),
            ValueProblem::NotTime => i18n::v_not_time(),
            ValueProblem::NotYesNo => i18n::v_not_yesno(),
            ValueProblem::NotText => i18n::v_not_text(),
            ValueProblem::TooLong => i18n::v_too_long(MAX_TEXT_CHARS),
            ValueProblem::ReadOnly => i18n::v_read_only(),
            ValueProblem::NotAttachments => i18n::v_not_attachments(),
            ValueProblem::AttachOnly => i18n::v_attach_only(),
            ValueProblem::Constraint(Some(m)) => i18n::v_constraint(m),
            ValueProblem::Constraint(None) => i18n::v_constraint_plain(),
            ValueProblem::Required => i18n::v_required(),
        };
        f.write_str(&text)
    }
}

/// Turns typed text into the item's value: numbers parsed, `是/否` and
/// `yes/no` for yesno, option value, label or number (1 = first) for a
/// choice, comma-separated for multi. Empty text clears (`Null`). Text is
/// stored NFC.
pub fn parse_input(item: &Item, text: &str) -> Result<Value, ValueProblem> {
    let text: String = without_controls(text).nfc().collect();
    let t = text.trim();
    if t.is_empty() && item.is_input() {
        return Ok(Value::Null);
    }
    let value = match item.kind {
        ItemType::Text => Value::String(if item.is_multiline() {
            text.clone()
        } else {
            t.to_string()
        }),
        ItemType::Integer | ItemType::Scale => {
            Value::from(typed::integer(t).ok_or(ValueProblem::NotInteger)?)
        }
        ItemType::Decimal | ItemType::Score => {
            let n = typed::decimal(t).ok_or(ValueProblem::NotNumber)?;
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or(ValueProblem::NotNumber)?
        }
        ItemType::Date => Value::String(typed::date(t).ok_or(ValueProblem::NotDate)?),
        ItemType::Time => Value::String(typed::time(t).ok_or(ValueProblem::NotTime)?),
        ItemType::Yesno => match t.nfkc().collect::<String>().to_lowercase().as_str() {
            "是" | "y" | "yes" | "true" | "1" | "有" => Value::Bool(true),
            "否" | "n" | "no" | "false" | "0" | "无" => Value::Bool(false),
            _ => return Err(ValueProblem::NotYesNo),
        },
        ItemType::Choice => Value::String(resolve_option(item, t)?),
        ItemType::Multi => {
            let mut picked = Vec::new();
            for part in t
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let v = resolve_option(item, part)?;
                if !picked.contains(&v) {
                    picked.push(v);
                }
            }
            Value::Array(picked.into_iter().map(Value::String).collect())
        }
        ItemType::Calc | ItemType::Repeat | ItemType::Note => return Err(ValueProblem::ReadOnly),
        ItemType::Photo | ItemType::File => return Err(ValueProblem::AttachOnly),
    };
    check_value(item, &value)?;
    Ok(value)
}

/// Typed or pasted text without control characters: Windows line ends
/// become line breaks, escape sequences and the like are dropped (line
/// breaks and tabs stay).
fn without_controls(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !crate::domain::ids::is_control_in_text(*c))
        .collect()
}

fn resolve_option(item: &Item, t: &str) -> Result<String, ValueProblem> {
    let choices = item.choices();
    if let Some(c) = choices
        .iter()
        .find(|c| c.value == t || c.label == t || c.label_en.as_deref() == Some(t))
    {
        return Ok(c.value.clone());
    }
    if let Some(n) = typed::integer(t).and_then(|n| usize::try_from(n).ok())
        && let Some(c) = n.checked_sub(1).and_then(|i| choices.get(i))
    {
        return Ok(c.value.clone());
    }
    Err(ValueProblem::UnknownOption {
        value: t.to_string(),
        valid: choices
            .iter()
            .map(|c| format!("{} {}", c.value, c.ui_label()))
            .collect(),
    })
}

/// Checks a stored value against its item (not the constraint, which needs
/// the other answers). `Null` (unanswered) always fits.
pub fn check_value(item: &Item, value: &Value) -> Result<(), ValueProblem> {
    if value.is_null() {
        return Ok(());
    }
    let range = |n: f64| -> Result<(), ValueProblem> {
        let lo = item.min.or((item.kind == ItemType::Score).then_some(0.0));
        if let Some(lo) = lo
            && n < lo
        {
            return Err(ValueProblem::BelowMin(lo));
        }
        if let Some(hi) = item.max
            && n > hi
        {
            return Err(ValueProblem::AboveMax(hi));
        }
        Ok(())
    };
    match item.kind {
        ItemType::Text => match value.as_str() {
            Some(s) if s.chars().count() > MAX_TEXT_CHARS => Err(ValueProblem::TooLong),
            Some(_) => Ok(()),
            None => Err(ValueProblem::NotText),
        },
        ItemType::Integer | ItemType::Scale => match value.as_i64() {
            Some(n) => range(n as f64),
            None => Err(ValueProblem::NotInteger),
        },
        ItemType::Decimal | ItemType::Score => match value.as_f64() {
            Some(n) => range(n),
            None => Err(ValueProblem::NotNumber),
        },
        ItemType::Date => match value.as_str() {
            Some(s) if is_date(s) => Ok(()),
            _ => Err(ValueProblem::NotDate),
        },
        ItemType::Time => match value.as_str() {
            Some(s) if is_time(s) => Ok(()),
            _ => Err(ValueProblem::NotTime),
        },
        ItemType::Yesno => match value {
            Value::Bool(_) => Ok(()),
            _ => Err(ValueProblem::NotYesNo),
        },
        ItemType::Choice => match value.as_str() {
            Some(s) if item.choice_label(s).is_some() => Ok(()),
            _ => Err(unknown_option(item, value)),
        },
        ItemType::Multi => match value.as_array() {
            Some(vs)
                if vs
                    .iter()
                    .all(|v| v.as_str().is_some_and(|s| item.choice_label(s).is_some())) =>
            {
                Ok(())
            }
            _ => Err(unknown_option(item, value)),
        },
        ItemType::Photo | ItemType::File => match crate::domain::attachment::list(value) {
            Some(_) => Ok(()),
            None => Err(ValueProblem::NotAttachments),
        },
        ItemType::Calc | ItemType::Repeat | ItemType::Note => Err(ValueProblem::ReadOnly),
    }
}

fn unknown_option(item: &Item, value: &Value) -> ValueProblem {
    ValueProblem::UnknownOption {
        value: value.to_string(),
        valid: item
            .choices()
            .iter()
            .map(|c| format!("{} {}", c.value, c.ui_label()))
            .collect(),
    }
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok()
}

/// `HH:MM` (24 h).
pub fn is_time(s: &str) -> bool {
    s.len() == 5 && s.parse::<jiff::civil::Time>().is_ok()
}

/// One thing in an entry that is wrong or missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The field path (`item` or `rep[row].item`).
    pub path: String,
    pub problem: ValueProblem,
}

/// Everything that keeps the answers from being finalised: relevant required
/// items left empty, values that do not fit, broken constraints, repeats with
/// fewer rows than `min_rows`. Irrelevant (hidden) items are not checked.
pub fn issues(answers: &Answers<'_>) -> Vec<Issue> {
    let mut out = Vec::new();
    for section in &answers.form.def.sections {
        for item in &section.items {
            if item.kind == ItemType::Repeat {
                if !answers.is_relevant(item, None) {
                    continue;
                }
                let rows = answers.rows(&item.id);
                let min = item.min_rows.unwrap_or(0).max(u32::from(item.required)) as usize;
                if rows.len() < min {
                    out.push(Issue {
                        path: item.id.clone(),
                        problem: ValueProblem::Required,
                    });
                }
                for row in &rows {
                    for child in item.children() {
                        let path = FieldPath::RowItem {
                            repeat: item.id.clone(),
                            row: row.clone(),
                            item: child.id.clone(),
                        };
                        check_one(answers, child, Some(row), path.to_string(), &mut out);
                    }
                }
            } else {
                check_one(answers, item, None, item.id.clone(), &mut out);
            }
        }
    }
    out
}

fn check_one(
    answers: &Answers<'_>,
    item: &Item,
    row: Option<&str>,
    path: String,
    out: &mut Vec<Issue>,
) {
    if !item.is_input() || !answers.is_relevant(item, row) {
        return;
    }
    let value = answers.values.get(&path).cloned().unwrap_or(Value::Null);
    let problem = if value.is_null() {
        item.required.then_some(ValueProblem::Required)
    } else if let Err(p) = check_value(item, &value) {
        Some(p)
    } else if !answers.constraint_holds(item, row, &value) {
        Some(ValueProblem::Constraint(
            item.ui_constraint_message().map(str::to_string),
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        out.push(Issue { path, problem });
    }
}
