//! The form schema (`FormDef`): what a `forms/*.json` file says. Loading and
//! checking a file is in `load`; this module is only the data.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A form definition, exactly as in its JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    pub id: String,
    pub version: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub kind: FormKind,
    pub per_unit: PerUnit,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_item: Option<String>,
    pub sections: Vec<Section>,
}

/// What a form is for; the visit stages follow these kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    Registration,
    Interview,
    Symposium,
    Questionnaire,
    Inspection,
    Findings,
    Scoring,
    /// A rater's scores of the specific indicators (专业评审).
    Review,
    /// A unit's own scores of every indicator (自查自评), imported at HQ
    /// from the workbook it returns.
    SelfCheck,
}

/// How many entries of the form a unit has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PerUnit {
    One,
    Many,
}

/// A titled group of items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub items: Vec<Item>,
}

/// The type of an item: what value it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemType {
    Text,
    Integer,
    Decimal,
    Date,
    Time,
    Choice,
    Multi,
    Yesno,
    Scale,
    Score,
    Calc,
    Repeat,
    Note,
    /// Photos: a list of attachments (`domain::attachment`), with the
    /// time and place their EXIF records.
    Photo,
    /// Documents of any kind (scans, spreadsheets): a list of attachments.
    File,
}

/// One option of a choice or multi item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

/// One item of a form. Type-specific keys are optional here; `load` refuses
/// keys that do not belong to the item's type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: ItemType,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_en: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint_message_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiline: Option<bool>,
    /// Long answers: whether each paragraph starts with `[HH:MM]`; unset,
    /// interview and meeting forms stamp and the others do not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamped: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Choice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels_en: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rows: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rows: Option<u32>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Item {
    /// Whether the inspector types into this item (not calc, repeat or note).
    pub fn is_input(&self) -> bool {
        !matches!(
            self.kind,
            ItemType::Calc | ItemType::Repeat | ItemType::Note
        )
    }

    /// Whether the item holds attachments (`photo`, `file`): its value is
    /// set by attaching files, never typed.
    pub fn is_attachment(&self) -> bool {
        matches!(self.kind, ItemType::Photo | ItemType::File)
    }

    /// Whether the item is a long-text field.
    pub fn is_multiline(&self) -> bool {
        self.kind == ItemType::Text && self.multiline == Some(true)
    }

    /// Whether new paragraphs of this long answer start with `[HH:MM]`:
    /// `stamped` where the form says, else `by_default` (the form's kind).
    pub fn is_stamped(&self, by_default: bool) -> bool {
        self.is_multiline() && self.stamped.unwrap_or(by_default)
    }

    /// The children of a repeat (empty for other types).
    pub fn children(&self) -> &[Item] {
        self.items.as_deref().unwrap_or(&[])
    }

    /// The values a scale item offers, lowest first (1 to 5 where the form
    /// says nothing; loaded forms always say).
    pub fn scale_values(&self) -> std::ops::RangeInclusive<i64> {
        self.min.unwrap_or(1.0) as i64..=self.max.unwrap_or(5.0) as i64
    }

    /// The options of a choice or multi item (empty for other types).
    pub fn choices(&self) -> &[Choice] {
        self.options.as_deref().unwrap_or(&[])
    }

    /// The label of option `value`, if it is one.
    pub fn choice_label(&self, value: &str) -> Option<&str> {
        self.choices()
            .iter()
            .find(|c| c.value == value)
            .map(|c| c.label.as_str())
    }

    /// The keys, besides the common ones, that this item's type accepts.
    pub fn allowed_keys(&self) -> &'static [&'static str] {
        match self.kind {
            ItemType::Text => &["multiline", "stamped"],
            ItemType::Integer | ItemType::Decimal => &["min", "max", "unit", "unit_en"],
            ItemType::Choice | ItemType::Multi => &["options"],
            ItemType::Scale => &["min", "max", "labels", "labels_en"],
            ItemType::Score => &["min", "max"],
            ItemType::Calc => &["expr", "unit", "unit_en"],
            ItemType::Repeat => &["items", "min_rows", "max_rows"],
            ItemType::Date
            | ItemType::Time
            | ItemType::Yesno
            | ItemType::Note
            | ItemType::Photo
            | ItemType::File => &[],
        }
    }

    /// The type-specific keys this item sets.
    pub fn present_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut add = |set: bool, key: &'static str| {
            if set {
                keys.push(key);
            }
        };
        add(self.multiline.is_some(), "multiline");
        add(self.stamped.is_some(), "stamped");
        add(self.min.is_some(), "min");
        add(self.max.is_some(), "max");
        add(self.unit.is_some(), "unit");
        add(self.unit_en.is_some(), "unit_en");
        add(self.options.is_some(), "options");
        add(self.labels.is_some(), "labels");
        add(self.labels_en.is_some(), "labels_en");
        add(self.expr.is_some(), "expr");
        add(self.items.is_some(), "items");
        add(self.min_rows.is_some(), "min_rows");
        add(self.max_rows.is_some(), "max_rows");
        keys
    }
}

impl FormDef {
    /// Whether long answers are time-stamped where an item does not say:
    /// in interviews and meetings, which are logged as they happen.
    pub fn stamps_by_default(&self) -> bool {
        matches!(self.kind, FormKind::Interview | FormKind::Symposium)
    }

    /// Every item in order, repeat children right after their repeat.
    pub fn all_items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| {
            s.items
                .iter()
                .flat_map(|i| std::iter::once(i).chain(i.children().iter()))
        })
    }
}
