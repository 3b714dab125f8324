//! Search (F3 or `/` on the screens, `kaocha search` on the command line):
//! finds a text in the units of a campaign (name and 三定 baseline) and in
//! every answer of its entries that are not deleted, as people read the
//! answers (an option's label, never its code). Matching ignores Latin case
//! and the difference between full-width and half-width letters, digits
//! and punctuation (an IME's `１２` finds `12`). Each hit names where it is
//! in words (unit, form, entry, item with its row number) and carries a
//! short excerpt around the match, free of control characters. Pure: the
//! caller passes the campaign, the entries and a way to find forms.

use unicode_normalization::UnicodeNormalization;

use crate::domain::{Campaign, Entry, Status, Unit};
use crate::form::display::{entry_title, issue_label, record_text};
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::{Form, ItemType};

/// Most hits a search returns (the screens say when there were more).
pub const MAX_HITS: usize = 200;

/// Characters of context an excerpt shows before and after the match.
const BEFORE: usize = 12;
const AFTER: usize = 24;

/// A query, folded the way texts are folded for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: String,
}

impl Query {
    /// The query for a typed text; `None` when it is blank.
    pub fn new(text: &str) -> Option<Query> {
        let mut folded = String::new();
        for c in text.chars() {
            fold_char(c, &mut folded);
        }
        let folded = folded.trim().to_string();
        (!folded.is_empty()).then_some(Query { folded })
    }

    /// What every stored entry holding a match must contain byte for byte,
    /// when the query tells: a query of Chinese characters only (they
    /// fold to themselves) that no option label, scale label or unit of
    /// `forms` contains (an option is stored by its code). `None`: every
    /// entry must be read. See `may_hold`.
    pub fn literal<'f>(&self, forms: impl IntoIterator<Item = &'f Form>) -> Option<&str> {
        if !self.folded.chars().all(is_ideograph) {
            return None;
        }
        let q = &self.folded;
        for form in forms {
            for item in form.def.all_items() {
                let labels = item
                    .choices()
                    .iter()
                    .map(|c| c.label.as_str())
                    .chain(item.labels.iter().flatten().map(String::as_str))
                    .chain(item.unit.as_deref());
                for label in labels {
                    if Query::new(label).is_some_and(|l| l.folded.contains(q.as_str())) {
                        return None;
                    }
                }
            }
        }
        Some(q)
    }
}

/// Whether a Chinese character of the CJK Unified Ideographs block: it
/// folds to itself.
fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether stored text (an entry's JSON, UTF-8 as stored) may hold a
/// match of a query whose `literal` is `literal`: it holds those bytes, or
/// a character that folds into Chinese characters (CJK radicals, enclosed
/// and compatibility forms), where only folding tells.
pub fn may_hold(stored: &[u8], literal: &str) -> bool {
    let lit = literal.as_bytes();
    if lit.is_empty() || stored.windows(lit.len()).any(|w| w == lit) {
        return true;
    }
    // UTF-8 lead bytes of U+2E80–2FDF, U+3200–33FF, U+F900–FAFF,
    // U+1F200–1F2FF and U+2F800–2FA1F.
    stored.windows(3).any(|w| {
        matches!(
            (w[0], w[1], w[2]),
            (0xE2, 0xBA..=0xBF, _)
                | (0xE3, 0x88..=0x8F, _)
                | (0xEF, 0xA4..=0xAB, _)
                | (0xF0, 0x9F, 0x88..=0x8B)
                | (0xF0, 0xAF, 0xA0..=0xA8)
        )
    })
}

/// What a hit points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The unit itself: its name or its baseline.
    Unit,
    /// An answer: the entry's id and the answer's field path.
    Answer { entry: String, path: String },
}

/// The text around a match: `before`, the matched text, `after`, on one
/// line, with `…` where the text goes on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    pub before: String,
    pub found: String,
    pub after: String,
}

/// One place the query was found, named for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The unit's id (to open its screen) and name.
    pub unit: String,
    pub unit_name: String,
    pub place: Place,
    /// The form as the unit screen names its stage (empty for a unit hit).
    pub form: String,
    /// The entry as lists name it (empty for a unit hit).
    pub entry_title: String,
    /// The item (`发言摘要第2行·发言要点`) or the unit's field.
    pub label: String,
    pub excerpt: Excerpt,
}

/// The hits of a search, in campaign order (units first, then answers
/// unit by unit); `more` when there were more than the limit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub more: bool,
}

/// Collects hits, unit by unit, up to a limit: the caller feeds it units
/// and entries (from memory or read one unit at a time).
pub struct Searcher<'q> {
    query: &'q Query,
    limit: usize,
    found: Found,
    /// The folded text of the answer being matched (kept between answers).
    buf: String,
}

impl<'q> Searcher<'q> {
    /// A search for `query` keeping at most `limit` hits.
    pub fn new(query: &'q Query, limit: usize) -> Searcher<'q> {
        Searcher {
            query,
            limit,
            found: Found::default(),
            buf: String::new(),
        }
    }

    /// Whether the limit is reached (and one more hit was seen): nothing
    /// further is needed.
    pub fn full(&self) -> bool {
        self.found.more
    }

    fn push(&mut self, hit: Hit) {
        if self.found.hits.len() < self.limit {
            self.found.hits.push(hit);
        } else {
            self.found.more = true;
        }
    }

    /// The unit's name and baseline texts (its 三定 document number, the
    /// names of its internal bodies, its main functions).
    pub fn unit(&mut self, unit: &Unit) {
        let b = &unit.baseline;
        let mut texts: Vec<(String, &str)> = vec![(crate::i18n::uf_name(), unit.name.as_str())];
        if let Some(doc) = &b.sanding_doc {
            texts.push((crate::i18n::uf_sanding_doc(), doc));
        }
        texts.extend(
            b.body_names
                .iter()
                .map(|n| (crate::i18n::uf_body_names(), n.as_str())),
        );
        texts.extend(
            b.functions
                .iter()
                .map(|f| (crate::i18n::uf_functions(), f.as_str())),
        );
        for (label, text) in texts {
            if self.full() {
                return;
            }
            if let Some(excerpt) = find(text, self.query, &mut self.buf) {
                self.push(Hit {
                    unit: unit.id.clone(),
                    unit_name: clean(&unit.name),
                    place: Place::Unit,
                    form: String::new(),
                    entry_title: String::new(),
                    label,
                    excerpt,
                });
            }
        }
    }

    /// The answers of one entry of `unit` (nothing for a deleted entry),
    /// in the form's order; `form_name` is what the hit calls the form.
    pub fn entry(&mut self, unit: &Unit, entry: &Entry, form: &Form, form_name: &str) {
        if entry.status == Status::Deleted || self.full() {
            return;
        }
        // (item's place in the form, row's number, path, excerpt)
        let mut here: Vec<(usize, usize, &str, Excerpt)> = Vec::new();
        for (path, value) in &entry.answers {
            let Some(parsed) = FieldPath::parse(path) else {
                continue;
            };
            // A row's marker holds its order, no answer.
            if matches!(parsed, FieldPath::Row { .. }) {
                continue;
            }
            let Some(item) = form.item(parsed.item_id()) else {
                continue;
            };
            // 是/否 would match every yes/no question; numbers and dates
            // are found as written, options by their labels.
            if item.kind == ItemType::Yesno || value.is_boolean() {
                continue;
            }
            let text = record_text(item, value);
            if let Some(excerpt) = find(&text, self.query, &mut self.buf) {
                let order = form
                    .def
                    .all_items()
                    .position(|i| i.id == item.id)
                    .unwrap_or(usize::MAX);
                let row = match &parsed {
                    FieldPath::RowItem { repeat, row, .. } => entry
                        .answers
                        .get(&crate::form::path::row_path(repeat, row))
                        .and_then(serde_json::Value::as_f64)
                        .map_or(0, |n| n.max(0.0) as usize),
                    _ => 0,
                };
                here.push((order, row, path.as_str(), excerpt));
            }
        }
        if here.is_empty() {
            return;
        }
        here.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let baseline = unit.baseline.clone();
        let answers = Answers::new(form, &entry.answers, &baseline);
        let title = clean(&entry_title(form, entry));
        for (_, _, path, excerpt) in here {
            if self.full() {
                return;
            }
            self.push(Hit {
                unit: unit.id.clone(),
                unit_name: clean(&unit.name),
                place: Place::Answer {
                    entry: entry.id.clone(),
                    path: path.to_string(),
                },
                form: clean(form_name),
                entry_title: title.clone(),
                label: clean(&issue_label(&answers, path)),
                excerpt,
            });
        }
    }

    /// The hits found.
    pub fn finish(self) -> Found {
        self.found
    }
}

/// What the unit screen calls a form of the campaign: its stage's title,
/// else the form's title.
pub fn form_name(campaign: &Campaign, form: &Form) -> String {
    campaign
        .stages
        .iter()
        .find(|s| s.form == form.def.id)
        .map_or_else(|| form.def.title.clone(), |s| s.title.clone())
}

/// Searches a campaign held in memory: its units, then its entries in
/// the order given (entries of other campaigns or units are left out).
pub fn search<'f>(
    query: &Query,
    campaign: &Campaign,
    entries: &[Entry],
    forms: &dyn Fn(&str, u32) -> Option<&'f Form>,
    limit: usize,
) -> Found {
    let mut s = Searcher::new(query, limit);
    for unit in &campaign.units {
        s.unit(unit);
    }
    let units = Units::of(campaign);
    for e in entries {
        if s.full() {
            break;
        }
        if let (Some(unit), Some(form)) = (units.get(campaign, e), forms(&e.form, e.form_version)) {
            s.entry(unit, e, form, &form_name(campaign, form));
        }
    }
    s.finish()
}

/// A campaign's units by id, for finding the unit of each of many entries.
pub struct Units<'c>(std::collections::HashMap<&'c str, &'c Unit>);

impl<'c> Units<'c> {
    pub fn of(campaign: &'c Campaign) -> Units<'c> {
        Units(campaign.units.iter().map(|u| (u.id.as_str(), u)).collect())
    }

    /// The unit of an entry of this campaign; `None` for other campaigns.
    pub fn get(&self, campaign: &Campaign, entry: &Entry) -> Option<&'c Unit> {
        if entry.campaign != campaign.id {
            return None;
        }
        self.0.get(entry.unit.as_str()).copied()
    }
}

/// Folds one character for matching: Latin letters to lower case,
/// full-width forms to their ASCII (NFKC), every space to ` `.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(if c.is_ascii_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        });
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        // CJK ideographs fold to themselves: the common case, kept fast.
        out.push(c);
    } else if c.is_whitespace() {
        out.push(' ');
    } else {
        for d in std::iter::once(c).nfkc() {
            out.extend(d.to_lowercase());
        }
    }
}

/// The first match of `query` in `text`, as an excerpt; `buf` is room for
/// the folded text.
fn find(text: &str, query: &Query, buf: &mut String) -> Option<Excerpt> {
    buf.clear();
    for c in text.chars() {
        fold_char(c, buf);
    }
    if !buf.contains(&query.folded) {
        return None;
    }
    // Found: the folded text again with, per folded byte, the original
    // byte it came from.
    let mut folded = String::with_capacity(text.len());
    let mut from: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        from.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    from.push(text.len());
    let at = folded.find(&query.folded)?;
    let end_folded = at + query.folded.len();
    let start = from.get(at).copied().unwrap_or(0);
    // The match ends where the original character of its last folded byte
    // ends.
    let last = from.get(end_folded.saturating_sub(1)).copied().unwrap_or(0);
    let end = text[last..]
        .chars()
        .next()
        .map_or(text.len(), |c| last + c.len_utf8());
    Some(excerpt(text, start, end))
}

/// The excerpt of `text` around bytes `start..end`.
fn excerpt(text: &str, start: usize, end: usize) -> Excerpt {
    let head = &text[..start];
    let tail = &text[end..];
    let skip = head.chars().count().saturating_sub(BEFORE);
    let mut before: String = head.chars().skip(skip).collect();
    if skip > 0 {
        before.insert(0, '…');
    }
    let mut after: String = tail.chars().take(AFTER).collect();
    if tail.chars().nth(AFTER).is_some() {
        after.push('…');
    }
    Excerpt {
        before: one_line(&before),
        found: one_line(&text[start..end]),
        after: one_line(&after),
    }
}

/// A text on one line as a terminal may show it: line breaks and tabs as
/// spaces, every other control character (escape sequences, bidirectional
/// overrides) dropped.
fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if crate::domain::ids::is_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A name or label as a hit shows it: on one line, no control characters.
fn clean(text: &str) -> String {
    one_line(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Query {
        Query::new(text).unwrap()
    }

    #[test]
    fn blank_queries_are_none() {
        assert_eq!(Query::new("  \u{3000} "), None);
        assert_eq!(Query::new(""), None);
    }

    #[test]
    fn full_width_and_case_match_each_other() {
        let e = find("编制ABC１２人", &q("abc12"), &mut String::new()).unwrap();
        assert_eq!(e.found, "ABC１２");
        assert_eq!(e.before, "编制");
        assert_eq!(e.after, "人");
        let e = find("借调 12 人", &q("１２"), &mut String::new()).unwrap();
        assert_eq!(e.found, "12");
        assert!(find("借调 12 人", &q("13"), &mut String::new()).is_none());
    }

    #[test]
    fn a_chinese_substring_is_found_with_context_cut() {
        let text = "一二三四五六七八九十一二三四五六七八九十人员紧张甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳";
        let e = find(text, &q("人员紧张"), &mut String::new()).unwrap();
        assert_eq!(e.found, "人员紧张");
        assert!(e.before.starts_with('…'), "{e:?}");
        assert_eq!(e.before.chars().count(), BEFORE + 1);
        assert!(e.after.ends_with('…'), "{e:?}");
    }

    #[test]
    fn excerpts_carry_no_control_characters() {
        let text = "前文\u{1b}[31m红\n字\u{202e}反向 人员紧张\r\n后文\u{7}";
        let e = find(text, &q("人员紧张"), &mut String::new()).unwrap();
        let all = format!("{}{}{}", e.before, e.found, e.after);
        assert!(!all.chars().any(crate::domain::ids::is_control), "{all:?}");
        assert!(all.contains("人员紧张"));
    }

    fn campaign() -> Campaign {
        serde_json::from_value(serde_json::json!({
            "id": "c1", "name": "测试", "kind": "jgbz",
            "units": [
                {"id": "u1", "name": "县甲局", "baseline": {"body_names": ["办公室"]}},
                {"id": "u2", "name": "县乙局"}
            ],
            "stages": [{"form": "jgbz.interview", "title": "个别访谈", "min": 1}]
        }))
        .unwrap()
    }

    fn interview(id: &str, unit: &str, status: &str, q4: &str) -> Entry {
        let who = serde_json::json!({"device": "d", "person": "p"});
        serde_json::from_value(serde_json::json!({
            "id": id, "campaign": "c1", "unit": unit, "form": "jgbz.interview",
            "form_version": 1, "status": status,
            "created_at": "2013-11-26T10:00:00+08:00", "created_by": who,
            "updated_at": "2013-11-26T10:00:00+08:00", "updated_by": who,
            "answers": {"interviewee": "王五", "q4": q4, "category": "leader"},
            "heads": [], "revisions": 1
        }))
        .unwrap()
    }

    fn run(text: &str, entries: &[Entry], limit: usize) -> Found {
        let forms = crate::form::builtin::forms().unwrap();
        let find = |id: &str, _v: u32| forms.iter().find(|f| f.id() == id);
        search(&q(text), &campaign(), entries, &find, limit)
    }

    #[test]
    fn units_come_first_then_answers_in_the_order_given_without_deleted_ones() {
        let entries = [
            interview("e2", "u2", "draft", "乙局办公室人手不足"),
            interview("e1", "u1", "final", "甲局办公室人手不足"),
            interview("e3", "u1", "deleted", "办公室已撤销"),
        ];
        let found = run("办公室", &entries, MAX_HITS);
        let places: Vec<&Place> = found.hits.iter().map(|h| &h.place).collect();
        let at = |e: &str| Place::Answer {
            entry: e.into(),
            path: "q4".into(),
        };
        assert_eq!(places, [&Place::Unit, &at("e2"), &at("e1")]);
        assert!(!found.more);
        assert_eq!(found.hits[2].form, "个别访谈");
        assert_eq!(found.hits[2].entry_title, "王五");
        assert_eq!(found.hits[0].label, crate::i18n::uf_body_names());
    }

    #[test]
    fn hits_stop_at_the_limit_and_say_there_were_more() {
        let entries: Vec<Entry> = (0..5)
            .map(|i| interview(&format!("e{i}"), "u1", "draft", "人员紧张"))
            .collect();
        let found = run("人员紧张", &entries, 3);
        assert_eq!(found.hits.len(), 3);
        assert!(found.more);
        let found = run("人员紧张", &entries, 5);
        assert_eq!(found.hits.len(), 5);
        assert!(!found.more);
    }

    #[test]
    fn options_are_found_by_label() {
        let entries = [interview("e1", "u1", "draft", "")];
        let forms = crate::form::builtin::forms().unwrap();
        let form = forms.iter().find(|f| f.id() == "jgbz.interview").unwrap();
        let label = form
            .item("category")
            .unwrap()
            .choice_label("leader")
            .unwrap();
        assert_eq!(run(label, &entries, 9).hits.len(), 1, "{label}");
        assert!(run("leader", &entries, 9).hits.is_empty());
    }

    #[test]
    fn stored_text_is_skipped_only_when_it_cannot_hold_the_query() {
        let forms = crate::form::builtin::forms().unwrap();
        let lit = q("借调两人");
        assert_eq!(lit.literal(&forms), Some("借调两人"));
        // A finding tag of the remarks: a label too.
        assert_eq!(q("人员紧张").literal(&forms), None);
        // An option's label: stored as its code, so every entry is read.
        assert_eq!(q("正科").literal(&forms), None);
        assert_eq!(q("领导班子").literal(&forms), None);
        // Latin letters and digits fold from other characters.
        assert_eq!(q("hr12").literal(&forms), None);
        let stored = r#"{"q4":"执法大队借调两人"}"#;
        assert!(may_hold(stored.as_bytes(), "借调两人"));
        assert!(!may_hold(
            r#"{"q4":"执法大队借调三人"}"#.as_bytes(),
            "借调两人"
        ));
        // A Kangxi radical folds into the character it looks like: the
        // stored text may hold the query, and does.
        let radical = r#"{"q4":"执法大队借调两⼈"}"#;
        assert!(may_hold(radical.as_bytes(), "借调两人"));
        let e = find("执法大队借调两⼈", &lit, &mut String::new()).unwrap();
        assert_eq!(e.found, "借调两⼈");
    }

    #[test]
    fn a_match_across_a_line_break_is_found_by_a_space() {
        let e = find("第一段\n第二段", &q("段 第"), &mut String::new()).unwrap();
        assert_eq!(e.found, "段 第");
    }
}
