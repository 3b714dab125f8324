//! An entry's history as the form screen shows it (F12): the revisions as
//! `App` reads them, already in words (local time, who, what changed from
//! what to what, the reason), and the state of the popup that lists them
//! (the whole entry or only the item under the cursor, scrolled). Plain
//! data: no store, no drawing.

/// An entry's revisions in words, newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryData {
    /// The entry (to match the form it was asked for; never shown).
    pub entry: String,
    pub steps: Vec<HistoryStep>,
}

/// One revision as a person reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryStep {
    /// Local time, `2026-12-01 08:02`.
    pub when: String,
    /// The person, and the laptop when it is known (`本机 · 张三`).
    pub who: String,
    /// 新建, or the status it set (定稿, 删除, 草稿), in words.
    pub what: Option<String>,
    /// The reason given for changing a final entry.
    pub reason: Option<String>,
    pub changes: Vec<HistoryChange>,
}

/// One changed answer: `label：old → new`, shortened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryChange {
    /// The field path, to keep an item's own changes; never shown.
    pub path: String,
    pub text: String,
}

/// The history popup: the data, the item under the form's cursor (its
/// label and path), whether only that item's changes are listed, and the
/// first line shown.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryView {
    pub data: HistoryData,
    pub item: Option<(String, String)>,
    pub only_item: bool,
    pub scroll: usize,
}

/// Whether a change at `path` is about the item (or row, or table) at
/// `filter`: the same path, a row's items (`rep[r1].x` of `rep[r1]`), or a
/// table's rows (`rep[r1]` of `rep`).
pub fn concerns(filter: &str, path: &str) -> bool {
    path == filter
        || path
            .strip_prefix(filter)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// What a line of the history is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// When, who, and what the revision did (新建, → 定稿).
    Head,
    Change,
    Reason,
    /// Nothing to list.
    Note,
}

/// The popup's rectangle on a `w`×`h` screen (centred), and the room its
/// list has inside: text columns and lines (two lines above it say which
/// view it is, one below has the keys).
pub fn popup_size((w, h): (u16, u16)) -> ((u16, u16), (usize, usize)) {
    let pw = w.saturating_sub(4).max(20).min(w);
    let ph = h.saturating_sub(2).max(6).min(h);
    let cols = usize::from(pw.saturating_sub(2));
    let rows = usize::from(ph.saturating_sub(5));
    ((pw, ph), (cols, rows))
}

impl HistoryView {
    /// The list as lines of at most `width` columns: each revision's head,
    /// its changes (indented, wrapped under themselves) and its reason.
    pub fn lines(&self, width: usize) -> Vec<(LineKind, String)> {
        let wrap = super::view::text::wrap;
        let mut out = Vec::new();
        let steps = self.steps();
        if steps.is_empty() {
            let note = match (&self.item, self.only_item) {
                (Some((label, _)), true) => crate::i18n::ui_history_item_empty(label),
                _ => crate::i18n::ui_history_empty(),
            };
            out.extend(wrap(&note, width).into_iter().map(|l| (LineKind::Note, l)));
            return out;
        }
        for step in &steps {
            let mut head = format!("{}  {}", step.when, step.who);
            if let Some(what) = &step.what {
                head.push_str(&format!("  {what}"));
            }
            out.extend(wrap(&head, width).into_iter().map(|l| (LineKind::Head, l)));
            for c in &step.changes {
                for l in wrap(&c.text, width.saturating_sub(4)) {
                    out.push((LineKind::Change, format!("    {l}")));
                }
            }
            if let Some(r) = &step.reason {
                let text = crate::i18n::ui_history_reason(r);
                for l in wrap(&text, width.saturating_sub(4)) {
                    out.push((LineKind::Reason, format!("    {l}")));
                }
            }
        }
        out
    }

    /// The first line shown: `scroll`, but never past the last page.
    pub fn top(&self, width: usize, rows: usize) -> usize {
        self.scroll
            .min(self.lines(width).len().saturating_sub(rows))
    }

    /// The steps listed: all of them, or (filtered to the item) those that
    /// changed it, with only its changes.
    pub fn steps(&self) -> Vec<HistoryStep> {
        match (&self.item, self.only_item) {
            (Some((_, path)), true) => self
                .data
                .steps
                .iter()
                .filter_map(|s| {
                    let changes: Vec<HistoryChange> = s
                        .changes
                        .iter()
                        .filter(|c| concerns(path, &c.path))
                        .cloned()
                        .collect();
                    (!changes.is_empty()).then(|| HistoryStep {
                        changes,
                        ..s.clone()
                    })
                })
                .collect(),
            _ => self.data.steps.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str) -> HistoryChange {
        HistoryChange {
            path: path.into(),
            text: path.into(),
        }
    }

    #[test]
    fn an_items_changes_are_its_own_its_rows_and_its_tables() {
        assert!(concerns("level", "level"));
        assert!(!concerns("level", "level_note"));
        assert!(concerns("bodies", "bodies[r1]"));
        assert!(concerns("bodies[r1]", "bodies[r1].body_name"));
        assert!(!concerns("bodies[r1]", "bodies[r10].body_name"));
        assert!(!concerns("bodies[r1].body_name", "bodies[r1].body_quota"));
    }

    #[test]
    fn the_item_filter_keeps_only_steps_and_changes_of_the_item() {
        let data = HistoryData {
            entry: "e".into(),
            steps: vec![
                HistoryStep {
                    what: Some("定稿".into()),
                    ..HistoryStep::default()
                },
                HistoryStep {
                    changes: vec![change("level"), change("funding")],
                    ..HistoryStep::default()
                },
                HistoryStep {
                    changes: vec![change("funding")],
                    ..HistoryStep::default()
                },
            ],
        };
        let mut view = HistoryView {
            data,
            item: Some(("机构规格".into(), "level".into())),
            only_item: false,
            scroll: 0,
        };
        assert_eq!(view.steps().len(), 3);
        view.only_item = true;
        let steps = view.steps();
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].changes, vec![change("level")]);
    }
}
