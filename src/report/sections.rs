//! A unit report's sections as plain data, shared by the Markdown and HTML
//! pages (and the findings and tally sheets): what each finding shows under
//! which labels (the columns of the findings sheet), a digest's heading, a
//! questionnaire tally's intro and the table of each answered item, the
//! score line. The renderers only format it.

use super::Cell;
use crate::analysis::tally::{Group, ItemTally, MIN_GROUP, OptionCount};
use crate::analysis::{Digest, Finding, Score, Tally, number_text};
use crate::i18n;

/// A value under its label (事实依据：…).
pub(crate) struct Labelled<T> {
    pub label: String,
    pub value: T,
}

/// One finding of a unit as the pages show it and the findings sheet
/// lists it.
pub(crate) struct FindingView<'a> {
    /// Its number in the unit's list, from 1.
    pub number: usize,
    /// The severity's code (`minor`, `major`, `severe`).
    pub severity: &'a str,
    pub severity_label: String,
    pub category: &'a str,
    /// 【category】title（severity）·state.
    pub heading: String,
    /// Where it stands, in words (待确认, 已确认 …).
    pub state: String,
    /// Why the record may be out of date, when it is.
    pub warning: Option<Labelled<String>>,
    pub facts: Labelled<&'a str>,
    /// The rule's reference.
    pub rule: Labelled<String>,
    /// The evidence, when there is any (the pages leave it out otherwise).
    pub evidence: Option<Labelled<&'a [String]>>,
    /// The suggestion, when there is one (the pages leave it out otherwise).
    pub suggestion: Option<Labelled<&'a str>>,
    /// The 问题清单 entry that records it.
    pub entry: Option<&'a str>,
    /// How many files that entry holds (佐证材料：N 个附件), when any.
    pub attachments: Option<Labelled<String>>,
}

impl<'a> FindingView<'a> {
    /// Finding `index` (from 0) of a unit's list.
    fn new(index: usize, f: &'a Finding) -> FindingView<'a> {
        let severity_label = i18n::severity_label(&f.severity);
        let state = f.state.label();
        FindingView {
            number: index + 1,
            severity: &f.severity,
            heading: i18n::rep_finding_heading(&f.category, &f.title, &severity_label, &state),
            state,
            warning: f.state.warning().map(|value| Labelled {
                label: i18n::rep_col_warning(),
                value,
            }),
            severity_label,
            category: &f.category,
            facts: Labelled {
                label: i18n::rep_col_facts(),
                value: &f.facts,
            },
            rule: Labelled {
                label: i18n::rep_col_rule(),
                value: if f.rule.is_empty() {
                    f.title.clone()
                } else {
                    i18n::rep_rule_ref(&f.title, &f.rule)
                },
            },
            evidence: (!f.evidence.is_empty()).then(|| Labelled {
                label: i18n::rep_col_evidence(),
                value: f.evidence.as_slice(),
            }),
            suggestion: (!f.suggestion.is_empty()).then(|| Labelled {
                label: i18n::rep_col_suggestion(),
                value: f.suggestion.as_str(),
            }),
            entry: f.entry.as_deref(),
            attachments: None,
        }
    }

    /// The finding with the count of files its 问题清单 entry holds.
    pub fn counted(mut self, ev: &super::evidence::Evidence) -> FindingView<'a> {
        let n = self.entry.map_or(0, |e| ev.count_of(e));
        self.attachments = (n > 0).then(|| Labelled {
            label: i18n::ev_heading(),
            value: i18n::ev_count(n),
        });
        self
    }

    /// The finding as a row of the findings sheet (`finding_columns`).
    pub fn into_cells(self) -> Vec<Cell> {
        vec![
            Cell::Int(self.number as f64),
            Cell::text(self.category),
            Cell::Text(self.severity_label),
            Cell::Text(match self.warning {
                Some(w) => format!("{}：{}", self.state, w.value),
                None => self.state,
            }),
            Cell::text(self.facts.value),
            Cell::Text(self.rule.value),
            Cell::Text({
                let mut lines: Vec<String> = self.evidence.map_or(Vec::new(), |e| e.value.to_vec());
                lines.extend(
                    self.attachments
                        .map(|a| format!("{}：{}", a.label, a.value)),
                );
                lines.join("\n")
            }),
            Cell::text(self.suggestion.map_or("", |s| s.value)),
        ]
    }
}

/// A unit's findings, numbered in their order.
pub(crate) fn finding_views(findings: &[Finding]) -> impl Iterator<Item = FindingView<'_>> {
    findings
        .iter()
        .enumerate()
        .map(|(index, f)| FindingView::new(index, f))
}

/// The columns of the findings sheet: number, category, severity, then the
/// labelled lines of a finding.
pub(crate) fn finding_columns() -> Vec<String> {
    vec![
        i18n::rep_col_no(),
        i18n::rep_col_category(),
        i18n::rep_col_severity(),
        i18n::rep_col_state(),
        i18n::rep_col_facts(),
        i18n::rep_col_rule(),
        i18n::rep_col_evidence(),
        i18n::rep_col_suggestion(),
    ]
}

/// A digest's heading: 《form》title（status）.
pub(crate) fn digest_heading(d: &Digest) -> String {
    i18n::rep_digest_heading(
        &d.form_title,
        &d.title,
        &crate::form::display::status_text(d.status),
    )
}

/// Columns of an item's tally: option, count, %, then count and % per group.
pub(crate) fn tally_header(groups: &[Group]) -> Vec<String> {
    let mut header = vec![
        i18n::rep_col_option(),
        i18n::rep_col_count(),
        i18n::rep_col_percent(),
    ];
    for g in groups {
        header.push(i18n::rep_col_group_count(&g.label, g.respondents));
        header.push(i18n::rep_col_group_percent(&g.label));
    }
    header
}

/// Option `i` of an item as a tally row (the columns of `tally_header`).
pub(crate) fn tally_row(item: &ItemTally, i: usize, o: &OptionCount) -> Vec<Cell> {
    let mut row = vec![
        Cell::text(&o.label),
        Cell::Int(o.count as f64),
        Cell::Pct(o.percent / 100.0),
    ];
    for g in &item.by_group {
        let opt = g.options.get(i);
        row.push(Cell::Int(opt.map_or(0.0, |o| o.count as f64)));
        row.push(Cell::Pct(opt.map_or(0.0, |o| o.percent / 100.0)));
    }
    row
}

/// A questionnaire tally as the pages show it: an intro, then each
/// answered item.
pub(crate) struct TallyView<'a> {
    /// How many questionnaires, and the groups they are broken down into.
    pub intro: String,
    pub items: Vec<ItemView<'a>>,
}

/// One answered item of a tally: its heading and table.
pub(crate) struct ItemView<'a> {
    pub item: &'a ItemTally,
    /// The item's label and how many answered it.
    pub heading: String,
    pub header: Vec<String>,
    /// One row per option.
    pub rows: Vec<Vec<Cell>>,
}

impl<'a> TallyView<'a> {
    pub fn new(t: &'a Tally) -> TallyView<'a> {
        TallyView {
            intro: tally_intro(t),
            items: t
                .items
                .iter()
                .filter(|i| i.answered > 0)
                .map(|item| ItemView {
                    item,
                    heading: i18n::rep_item_heading(&item.label, item.answered),
                    header: tally_header(&t.groups),
                    rows: item
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| tally_row(item, i, o))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The line above a tally: its questionnaires, and its groups if any.
fn tally_intro(t: &Tally) -> String {
    let groups: Vec<String> = t
        .groups
        .iter()
        .map(|g| i18n::rep_group(&g.label, g.respondents))
        .collect();
    if t.respondents < MIN_GROUP {
        i18n::rep_tally_too_few(&t.title, t.respondents, MIN_GROUP)
    } else if groups.is_empty() {
        i18n::rep_tally_intro_plain(&t.title, t.respondents)
    } else {
        i18n::rep_tally_intro(&t.title, t.respondents, &groups.join("、"))
    }
}

/// The line under the score table: total and grade.
pub(crate) fn score_line(s: &Score) -> String {
    i18n::rep_score_line(&number_text(s.total), &s.grade)
}
