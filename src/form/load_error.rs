//! What is wrong with a form file (`FormError`, `Problem`), where, and how
//! it reads for the person who edits the form.

use super::expr::ExprError;
use super::lang::TextFault;
use crate::i18n;

/// One problem in a form file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FormError {
    pub file: String,
    pub item: Option<String>,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    TooLarge,
    Json(String),
    Schema(String),
    BadFormId(String),
    BadVersion,
    NoSections,
    EmptySection(String),
    BadItemId,
    DuplicateId,
    KeyNotForType {
        key: &'static str,
        kind: String,
    },
    MissingKey(&'static str),
    NoOptions,
    DuplicateOption(String),
    BadRange,
    BadLabels,
    NestedRepeat,
    BadPrefill(String),
    BadDefault,
    UnknownTag(String),
    Expr {
        key: &'static str,
        error: ExprError,
    },
    UnknownName {
        key: &'static str,
        name: String,
        column: usize,
    },
    RowItemOutsideRow {
        key: &'static str,
        name: String,
        column: usize,
    },
    NotARepeat {
        key: &'static str,
        name: String,
        column: usize,
    },
    UnknownBaselineKey {
        key: &'static str,
        name: String,
        column: usize,
    },
    SelfOutsideConstraint {
        key: &'static str,
        column: usize,
    },
    CalcCycle,
    UnknownTitleItem(String),
    /// An English text (`label_en` …) that is blank, holds a control
    /// character or is too long.
    BadText {
        key: String,
        fault: TextFault,
    },
    BadLabelsEn,
    StampedSingleLine,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(item) = &self.item {
            write!(f, "{} ", i18n::form_item(item))?;
        }
        f.write_str(&self.problem.describe())
    }
}

impl std::error::Error for FormError {}

impl Problem {
    /// The problem in words.
    pub fn describe(&self) -> String {
        let e = |err: &ExprError| err.message.to_string();
        match self {
            Problem::TooLarge => i18n::f_too_large(),
            Problem::Json(d) => i18n::f_json(d),
            Problem::Schema(d) => i18n::f_schema(d),
            Problem::BadFormId(id) => i18n::f_bad_form_id(id),
            Problem::BadVersion => i18n::f_bad_version(),
            Problem::NoSections => i18n::f_no_sections(),
            Problem::EmptySection(id) => i18n::f_empty_section(id),
            Problem::BadItemId => i18n::f_bad_item_id(),
            Problem::DuplicateId => i18n::f_duplicate_id(),
            Problem::KeyNotForType { key, kind } => i18n::f_key_not_for_type(key, kind),
            Problem::MissingKey(k) => i18n::f_missing_key(k),
            Problem::NoOptions => i18n::f_no_options(),
            Problem::DuplicateOption(v) => i18n::f_duplicate_option(v),
            Problem::BadRange => i18n::f_bad_range(),
            Problem::BadLabels => i18n::f_bad_labels(),
            Problem::NestedRepeat => i18n::f_nested_repeat(),
            Problem::BadPrefill(p) => i18n::f_bad_prefill(p),
            Problem::BadDefault => i18n::f_bad_default(),
            Problem::UnknownTag(t) => i18n::f_unknown_tag(t),
            Problem::Expr { key, error } => i18n::f_expr(key, error.column, &e(error)),
            Problem::UnknownName { key, name, column } => i18n::f_unknown_name(key, *column, name),
            Problem::RowItemOutsideRow { key, name, column } => {
                i18n::f_row_item_outside(key, *column, name)
            }
            Problem::NotARepeat { key, name, column } => i18n::f_not_a_repeat(key, *column, name),
            Problem::UnknownBaselineKey { key, name, column } => {
                i18n::f_unknown_baseline(key, *column, name)
            }
            Problem::SelfOutsideConstraint { key, column } => i18n::f_self_outside(key, *column),
            Problem::CalcCycle => i18n::f_calc_cycle(),
            Problem::UnknownTitleItem(id) => i18n::f_unknown_title_item(id),
            Problem::BadText { key, fault } => match fault {
                TextFault::Empty => i18n::f_text_empty(key),
                TextFault::Control => i18n::f_text_control(key),
                TextFault::TooLong(max) => i18n::f_text_too_long(key, *max),
            },
            Problem::BadLabelsEn => i18n::f_bad_labels_en(),
            Problem::StampedSingleLine => i18n::f_stamped_single_line(),
        }
    }
}
